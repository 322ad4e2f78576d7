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
                (["demo"], .database), (["bench"], .database), (["migrate"], .database), (["catalog", "import", "x.yaml"], .database),
                (["catalog", "coverage"], .noDatabase), (["catalog", "export", "--format", "json"], .noDatabase),
                (["catalog", "diff", "a.yaml", "b.yaml"], .noDatabase), (["routes"], .noDatabase), (["no-such-command"], .noDatabase),
            ]
            for (words, expected) in cases {
                #expect(CommandKind(arguments: ["trustlane"] + words) == expected, "\(words)")
            }
        }

        /// Configures an application as `main` would for `kind`, on a SQLite file in a fresh
        /// directory, and hands it over with the file's path.
        static func withConfigured(_ kind: CommandKind, arguments: [String] = ["trustlane"],
                                   _ body: (Application, String) async throws -> Void) async throws {
            TestLogging.bootstrapOnce()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-cmd-\(UUID())")
            let path = directory.appendingPathComponent("db/trustlane.sqlite").path
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
                #expect(Self.backgroundHandlers(app) == 2)
            }
        }
    }
}
