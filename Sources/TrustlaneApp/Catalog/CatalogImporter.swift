import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Imports new catalog versions (kept in the database as the file they came from) and loads
/// them back at start-up. A file with any problem is refused whole; nothing is half-imported.
struct CatalogImporter {
    let app: Application

    static let maxFileBytes = 10 * 1024 * 1024

    /// Reads, checks and stores a catalog file. Throws `CatalogLoadError` with every problem.
    func importFile(at path: String, by actor: UserID? = nil) async throws -> CatalogRegistry.Entry {
        let url = URL(fileURLWithPath: path)
        guard let format = CatalogFormat(fileExtension: url.pathExtension) else {
            throw CatalogLoadError(source: url.lastPathComponent, issues: [
                CatalogIssue(.syntax, field: "file", message: "Unknown file type '.\(url.pathExtension)': use .yaml, .yml, .json or .csv."),
            ])
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int else {
            throw CatalogLoadError(source: url.lastPathComponent, issues: [CatalogIssue(.syntax, field: "file", message: "The file \(path) cannot be read.")])
        }
        guard size <= Self.maxFileBytes else {
            throw CatalogLoadError(source: url.lastPathComponent, issues: [
                CatalogIssue(.syntax, field: "file", message: "The file is \(size) bytes; at most \(Self.maxFileBytes) are accepted."),
            ])
        }
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogLoadError(source: url.lastPathComponent, issues: [CatalogIssue(.syntax, field: "file", message: "The file is not UTF-8 text.")])
        }
        return try await importText(text, format: format, source: url.lastPathComponent, by: actor)
    }

    func importText(_ text: String, format: CatalogFormat, source: String, by actor: UserID? = nil) async throws -> CatalogRegistry.Entry {
        let catalog = try CatalogLoader.load(text, format: format, source: source)
        let digest = CatalogRegistry.digest(of: catalog)
        if let existing = app.catalogs.entry(catalog.id) {
            guard existing.digest == digest else { throw CatalogVersionConflict(id: catalog.id) }
            return existing
        }
        let now = app.clock.now()
        try await app.writeGate.transaction(on: app.db) { tx in
            try await CatalogVersionModel(catalogID: catalog.id, program: catalog.program, version: catalog.version,
                                          format: format.rawValue, content: text, digest: digest, importedAt: now).create(on: tx)
            try await AuditLog.append(AuditEvent(action: "catalog.imported", targetType: "catalog", targetID: catalog.id,
                                                 changes: [FieldChange(field: "criteria", before: nil, after: String(catalog.criteria.count)),
                                                           FieldChange(field: "digest", before: nil, after: digest)]),
                                      by: actor, on: tx, at: now)
            try await ClusterNotice.publish(.catalogs, on: tx)
        }
        return try app.catalogs.register(catalog, origin: .imported(at: now))
    }

    /// Registers the stored versions not registered yet (another process imported them).
    func loadNew() async throws {
        for row in try await CatalogVersionModel.query(on: app.db).sort(\.$importedAt).all() where app.catalogs.entry(row.catalogID) == nil {
            guard let format = CatalogFormat(rawValue: row.format) else { continue }
            let catalog = try CatalogLoader.load(row.content, format: format, source: row.catalogID)
            _ = try app.catalogs.register(catalog, origin: .imported(at: row.importedAt))
        }
    }

    /// Registers every stored version. One that no longer loads is reported and skipped.
    func loadImported() async throws {
        for row in try await CatalogVersionModel.query(on: app.db).sort(\.$importedAt).all() {
            guard let format = CatalogFormat(rawValue: row.format) else { continue }
            do {
                let catalog = try CatalogLoader.load(row.content, format: format, source: row.catalogID)
                try app.catalogs.register(catalog, origin: .imported(at: row.importedAt))
            } catch {
                app.logger.error("Imported catalog \(row.catalogID) no longer loads and is skipped: \(error)")
            }
        }
    }
}
