import Foundation
import SQLKit
import TrustlaneApp

/// Where the bench seeds and the server reads: a temporary SQLite file, removed at the end (the
/// default), or a database given with `--database` (PostgreSQL, or a SQLite file), which must be
/// empty: the bench makes its tables by migrating, seeds its own data and leaves it there.
struct BenchDatabase: Sendable {
    let choice: AppConfig.DatabaseChoice
    /// For the server's DATABASE_URL.
    let url: String
    /// For the report: never a password.
    let description: String

    static func temporarySQLite(in folder: URL) -> BenchDatabase {
        let path = folder.appendingPathComponent("bench.sqlite").path
        return BenchDatabase(choice: .sqliteFile(path: path), url: "sqlite:" + path, description: "SQLite file \(path) (temporary)")
    }

    /// `--database` as `serve` reads it (`postgres://...`, `sqlite:PATH` or a path).
    static func given(_ text: String) throws -> BenchDatabase {
        let choice = try AppConfig.fromEnvironment(databaseFlag: text, environment: [:]).database
        switch choice {
        case .postgres(let url):
            let parts = URLComponents(string: url)
            let place = "\(parts?.host ?? "?"):\(parts?.port.map(String.init) ?? "5432")\(parts?.path ?? "")"
            return BenchDatabase(choice: choice, url: url, description: "PostgreSQL \(place)")
        case .sqliteFile(let path):
            return BenchDatabase(choice: choice, url: "sqlite:" + path, description: "SQLite file \(path)")
        case .sqliteMemory:
            throw BenchError("an in-memory database cannot be shared with the server process; leave --database out for a temporary SQLite file")
        }
    }

    /// Refuses a database that already has tables: seeding on top of someone's data would mix
    /// the two, and the figures would not be the bench's.
    func requireEmpty(_ sql: any SQLDatabase) async throws {
        struct Table: Decodable { let name: String }
        let query: SQLQueryString = switch choice {
        case .postgres: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        case .sqliteFile, .sqliteMemory: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        let tables = try await sql.raw(query).all(decoding: Table.self).map(\.name).sorted()
        guard tables.isEmpty else {
            throw BenchError("the database (\(description)) already has \(tables.count) table(s) (\(tables.prefix(5).joined(separator: ", "))"
                             + "\(tables.count > 5 ? ", ..." : "")). The bench makes its own tables and data, so it needs an empty database: "
                             + "create one (for example `createdb trustlane_bench`) or give another, and run again.")
        }
    }
}
