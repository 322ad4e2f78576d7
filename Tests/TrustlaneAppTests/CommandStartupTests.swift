import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 14: `--help` has no side effects, one-shot commands start no background
    /// work, and commands that need no database open none.
    @Suite struct CommandStartup {
        @Test func commandLinesAreClassifiedByWhatTheyNeed() {
            let cases: [([String], CommandKind)] = [
                ([], .serve), (["serve"], .serve), (["--hostname", "0.0.0.0"], .serve), (["serve", "--port", "8081"], .serve),
                (["--help"], .help), (["-h"], .help), (["help"], .help), (["audit", "verify", "--help"], .help), (["help", "audit"], .help),
                (["audit", "verify"], .database), (["audit"], .database), (["outbox", "send"], .database), (["clocks", "run"], .database),
                (["demo"], .database), (["migrate"], .database), (["backup"], .database), (["backup", "--to", "/tmp/b"], .database),
                (["restore", "/tmp/b"], .noDatabase), (["catalog", "import", "x.yaml"], .database),
                (["catalog", "coverage"], .noDatabase), (["catalog", "export", "--format", "json"], .noDatabase),
                (["catalog", "diff", "a.yaml", "b.yaml"], .noDatabase), (["routes"], .noDatabase), (["bench"], .noDatabase), (["no-such-command"], .noDatabase),
            ]
            for (words, expected) in cases {
                #expect(CommandKind(arguments: ["trustlane"] + words) == expected, "\(words)")
            }
        }

        /// Configures an application as `main` would for `kind`, on a SQLite file in a fresh
        /// directory, and hands it over with the file's path.
        static func withConfigured(_ kind: CommandKind, arguments: [String] = ["trustlane"], path given: String? = nil,
                                   _ body: (Application, String) async throws -> Void) async throws {
            TestLogging.bootstrapOnce()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-cmd-\(UUID())")
            let path = given ?? directory.appendingPathComponent("db/trustlane.sqlite").path
            var env = Environment.testing
            env.arguments = arguments
            let app = try await Application.make(env)
            do {
                var config = AppConfig(database: .sqliteFile(path: path), dataDirectory: directory.appendingPathComponent("data").path)
                config.bcryptCost = 4
                config.command = kind
                try await configure(app, config: config)
                try await body(app, path)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try? FileManager.default.removeItem(at: directory)
        }

        static func backgroundHandlers(_ app: Application) -> Int { app.backgroundLoops.count }

        @Test func helpOpensNoDatabaseAndStartsNothing() async throws {
            try await Self.withConfigured(.help, arguments: ["trustlane", "--help"]) { app, path in
                try await app.startup()
                #expect(!FileManager.default.fileExists(atPath: path))
                #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path))
                #expect(Self.backgroundHandlers(app) == 0)
            }
        }

        @Test func catalogCommandsOnFilesOpenNoDatabase() async throws {
            try await Self.withConfigured(.noDatabase, arguments: ["trustlane", "catalog", "coverage"]) { app, path in
                try await app.startup()
                #expect(!FileManager.default.fileExists(atPath: path))
                #expect(Self.backgroundHandlers(app) == 0)
            }
        }

        @Test func oneShotCommandsOnTheDataOpenTheDatabaseButStartNoBackgroundWork() async throws {
            try await Self.withConfigured(.database, arguments: ["trustlane", "audit", "verify"]) { app, path in
                try await app.startup()
                #expect(FileManager.default.fileExists(atPath: path))
                #expect(Self.backgroundHandlers(app) == 0)
            }
        }

        @Test func serveRegistersTheBackgroundLoops() async throws {
            try await Self.withConfigured(.serve) { app, path in
                #expect(FileManager.default.fileExists(atPath: path))
                #expect(Self.backgroundHandlers(app) == 5)
                #expect(app.backgroundLoops.contains("screening pass"), "a new list snapshot is re-screened in the background")
            }
        }

        @Test func catalogCommandsStillSeeImportedVersionsOfAnExistingDatabaseWithoutMigratingIt() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-cmd-\(UUID())")
            let path = directory.appendingPathComponent("trustlane.sqlite").path
            // setup: a database (opened as `catalog import` would) holding an imported 2027 version
            try await Self.withConfigured(.database, path: path) { app, _ in
                let current = try #require(app.catalogs.entry("ctpat-msc-2020")).catalog
                let yaml = try CatalogExporter.yaml(current).replacingOccurrences(of: "id: ctpat-msc-2020", with: "id: ctpat-msc-2027")
                    .replacingOccurrences(of: "effective_date: 2020-01-01", with: "effective_date: 2027-01-01")
                let file = directory.appendingPathComponent("next.yaml")
                try yaml.write(to: file, atomically: true, encoding: .utf8)
                _ = try await CatalogImporter(app: app).importFile(at: file.path)
            }
            let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

            // act: a no-database catalog command asks for the imported version
            try await Self.withConfigured(.noDatabase, path: path) { app, _ in
                let catalog = try await CatalogCommands.chosen("ctpat-msc-2027", in: app)
                let newest = try await CatalogCommands.chosen(nil, in: app)

                // verify
                #expect(catalog?.id == "ctpat-msc-2027")
                #expect(newest?.id == "ctpat-msc-2027")
                #expect(Self.backgroundHandlers(app) == 0)
            }
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == before)
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
