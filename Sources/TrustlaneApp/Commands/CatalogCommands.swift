import Foundation
import TrustlaneCore
import Vapor

/// `trustlane catalog coverage|import|export|diff`.
enum CatalogCommands {
    static func group() -> any AnyAsyncCommand {
        var commands = AsyncCommands()
        commands.use(CoverageCommand(), as: "coverage")
        commands.use(ImportCommand(), as: "import")
        commands.use(ExportCommand(), as: "export")
        commands.use(DiffCommand(), as: "diff")
        return commands.group(help: "Criteria catalogs: coverage, import FILE, export, diff OLD NEW")
    }

    static func resolve(_ reference: String, in app: Application) async throws -> Catalog {
        if let entry = app.catalogs.entry(reference) { return entry.catalog }
        if FileManager.default.fileExists(atPath: reference) {
            return try CatalogLoader.load(contentsOf: URL(fileURLWithPath: reference))
        }
        await loadStoredCatalogs(app)
        if let entry = app.catalogs.entry(reference) { return entry.catalog }
        let known = app.catalogs.all.map(\.catalog.id).joined(separator: ", ")
        throw ConfigError.invalid("'\(reference)' is neither a known catalog id (\(known)) nor a readable file")
    }

    /// The catalog given with `--catalog`, else the newest CTPAT version (imported ones included).
    static func chosen(_ reference: String?, in app: Application) async throws -> Catalog? {
        if let reference { return try await resolve(reference, in: app) }
        await loadStoredCatalogs(app)
        return app.catalogs.latest()?.catalog
    }

    /// Loads the versions imported into the database, for these commands only when one is asked
    /// for and the database already exists: they never create or migrate one (`CommandKind`);
    /// a file-only diff opens none. Commands that open the database loaded them at start-up.
    static func loadStoredCatalogs(_ app: Application) async {
        guard app.config.command == .noDatabase else { return }
        switch app.config.database {
        case .sqliteFile(let path): guard FileManager.default.fileExists(atPath: path) else { return }
        case .sqliteMemory: return
        case .postgres: break
        }
        do { try await CatalogImporter(app: app).loadImported() } catch {
            app.logger.warning("Imported catalogs could not be read (\(error)); bundled ones and files still work")
        }
    }

    /// Prints, per entity type, how many criteria are listed and how many are verified.
    struct CoverageCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "catalog", help: "Catalog id (default: the newest CTPAT version)")
            var catalog: String?
        }
        var help: String { "Per entity type: criteria listed and verified against CBP's published text" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let catalog = try await CatalogCommands.chosen(signature.catalog, in: app)
            guard let catalog else { throw ConfigError.invalid("no catalog is loaded") }
            context.console.print(CatalogCoverage(catalog).table)
        }
    }

    /// Imports a new version from YAML, JSON or CSV; refuses the whole file on any problem.
    struct ImportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "A .yaml, .yml, .json or .csv catalog file")
            var file: String
        }
        var help: String { "Imports a catalog version; a file with any problem is refused whole" }

        func run(using context: CommandContext, signature: Signature) async throws {
            do {
                let entry = try await CatalogImporter(app: context.application).importFile(at: signature.file)
                context.console.print("Imported \(entry.catalog.id) (\(entry.catalog.program) \(entry.catalog.version)): \(entry.catalog.criteria.count) criteria.")
            } catch let error as CatalogLoadError {
                context.console.error(error.description)
                throw ImportRefused()
            }
        }

        struct ImportRefused: Error, CustomStringConvertible { var description: String { "nothing was imported" } }
    }

    /// Writes a version out as YAML, JSON, CSV or OSCAL catalog JSON.
    struct ExportCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "catalog", help: "Catalog id (default: the newest CTPAT version)")
            var catalog: String?
            @Option(name: "format", help: "yaml (default), json, csv or oscal")
            var format: String?
            @Option(name: "output", short: "o", help: "File to write (default: standard output)")
            var output: String?
        }
        var help: String { "Exports a catalog as YAML, JSON, CSV or OSCAL" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let catalog = try await CatalogCommands.chosen(signature.catalog, in: app)
            guard let catalog else { throw ConfigError.invalid("no catalog is loaded") }
            let text: String
            switch (signature.format ?? "yaml").lowercased() {
            case "oscal": text = CatalogExporter.oscalJSON(catalog)
            case let name:
                guard let format = CatalogFormat(rawValue: name) ?? CatalogFormat(fileExtension: name) else {
                    throw ConfigError.invalid("--format must be yaml, json, csv or oscal")
                }
                text = try CatalogExporter.export(catalog, as: format)
            }
            if let output = signature.output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                context.console.print("Wrote \(catalog.id) to \(output).")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    /// Lists added, removed and changed criteria between two versions (ids or files).
    struct DiffCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "old", help: "Catalog id or file")
            var old: String
            @Argument(name: "new", help: "Catalog id or file")
            var new: String
        }
        var help: String { "Lists added, removed and changed criteria between two catalog versions" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let old = try await CatalogCommands.resolve(signature.old, in: app)
            let new = try await CatalogCommands.resolve(signature.new, in: app)
            let upgrade = CatalogUpgrade(from: old, to: new)
            context.console.print(CatalogDiffText.render(CatalogDiff(old: old, new: new), upgrade: upgrade.isDeclared ? upgrade : nil))
        }
    }
}

/// The plain-text form of a catalog diff.
enum CatalogDiffText {
    static func render(_ diff: CatalogDiff, upgrade: CatalogUpgrade? = nil) -> String {
        var lines = ["\(diff.oldCatalogID) → \(diff.newCatalogID): \(diff.added.count) added, \(diff.removed.count) removed, \(diff.changed.count) changed"]
        for criterion in diff.added { lines.append("+ \(criterion.id) \(criterion.title)") }
        for criterion in diff.removed { lines.append("- \(criterion.id) \(criterion.title)") }
        for change in diff.changed { lines.append("~ \(change.id) \(change.new.title) (\(change.fields.map(\.rawValue).joined(separator: ", ")))") }
        if diff.isEmpty { lines.append("No differences.") }
        if let upgrade {
            // The newer version's mapping: where each removed id went.
            lines.append("\(upgrade.new.id) replaces \(upgrade.old.id): \(upgrade.renumbered.count) renumbered, \(upgrade.folded.count) folded, \(upgrade.unplaced.count) without a place")
            for move in upgrade.renumbered { lines.append("> \(move.from) renumbered to \(move.to)") }
            for move in upgrade.folded { lines.append("> \(move.from) folded into \(move.into)") }
        }
        return lines.joined(separator: "\n")
    }
}
