import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import TrustlaneApp

/// Issue 12: hot reads take the driver's rows directly on SQLite (`HotRow`). What they read must
/// be what the ordinary `SQLRow` path reads, for every kind of column, and a wrong type must be
/// an error, never a wrong value.
extension AppTests {
    @Suite struct HotRows {
        @Test func hotRowsReadWhatSQLRowsRead() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await sql.raw("""
                CREATE TABLE hot_probe (id \(unsafeRaw: usingPostgres ? "UUID" : "TEXT") NOT NULL, label TEXT NOT NULL, note TEXT,
                n BIGINT NOT NULL, at \(unsafeRaw: usingPostgres ? "TIMESTAMPTZ" : "REAL"), other \(unsafeRaw: usingPostgres ? "UUID" : "TEXT"))
                """).run()
                let first = UUID(), second = UUID()
                let at = Date(timeIntervalSince1970: 1_796_479_827.452_45)
                try await sql.insert(into: "hot_probe").columns("id", "label", "note", "n", "at", "other")
                    .values(SQLBind(first), SQLBind("Ñandú Ltd"), SQLBind("a note"), SQLBind(42), SQLBind(at), SQLBind(second)).run()
                try await sql.insert(into: "hot_probe").columns("id", "label", "note", "n", "at", "other")
                    .values(SQLBind(second), SQLBind(""), SQLBind(String?.none), SQLBind(-7), SQLBind(Date?.none), SQLBind(UUID?.none)).run()

                struct Read: Equatable { let id: UUID; let label: String; let note: String?; let n: Int; let at: Date?; let other: UUID? }
                let query = sql.select().columns("id", "label", "note", "n", "at", "other").from("hot_probe").orderBy("n", .descending)
                let hot = try await query.hotRows().map {
                    Read(id: try $0.uuid("id"), label: try $0.decode(column: "label", as: String.self), note: try $0.optional("note", as: String.self),
                         n: try $0.decode(column: "n", as: Int.self), at: try $0.optional("at", as: Date.self), other: try $0.optionalUUID("other"))
                }
                let plain = try await query.all().map {
                    Read(id: try $0.decode(column: "id", as: UUID.self), label: try $0.decode(column: "label", as: String.self),
                         note: try $0.decode(column: "note", as: String?.self), n: try $0.decode(column: "n", as: Int.self),
                         at: try $0.decode(column: "at", as: Date?.self), other: try $0.decode(column: "other", as: UUID?.self))
                }
                #expect(hot.count == 2)
                #expect(hot == plain)
                #expect(hot.first == Read(id: first, label: "Ñandú Ltd", note: "a note", n: 42, at: at, other: second))

                // A wrong type or a missing column is an error.
                let row = try #require(try await query.hotRows().first)
                #expect(throws: (any Error).self) { try row.decode(column: "label", as: Int.self) }
                #expect(throws: (any Error).self) { try row.uuid("label") }
                #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String.self) }
            }
        }

        @Test func hotEachStreamsEveryRowInOrderAndStopsAtTheFirstError() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await sql.raw("CREATE TABLE each_probe (n BIGINT NOT NULL, label TEXT NOT NULL)").run()
                for n in 1...250 { try await sql.raw("INSERT INTO each_probe (n, label) VALUES (\(bind: n), \(bind: "row \(n)"))").run() }
                let query = sql.raw("SELECT n, label FROM each_probe ORDER BY n")
                nonisolated(unsafe) var seen: [Int] = []
                try await query.hotEach { row in
                    let n = try row.decode(column: "n", as: Int.self)
                    #expect(try row.decode(column: "label", as: String.self) == "row \(n)")
                    seen.append(n)
                }
                #expect(seen == Array(1...250))

                // The body's first error is thrown, and no row after it is passed on.
                struct Stop: Error {}
                nonisolated(unsafe) var calls = 0
                await #expect(throws: Stop.self) {
                    try await query.hotEach { row in
                        calls += 1
                        if try row.decode(column: "n", as: Int.self) == 3 { throw Stop() }
                    }
                }
                #expect(calls == 3)
                // A wrong column is the row's error, not a crash or a skipped row.
                await #expect(throws: (any Error).self) { try await query.hotEach { _ = try $0.decode(column: "missing", as: Int.self) } }

                // In a transaction, on its connection (it sees its own uncommitted row).
                try await client.db.transaction { tx in
                    let txSQL = tx as! any SQLDatabase
                    try await txSQL.raw("INSERT INTO each_probe (n, label) VALUES (251, 'row 251')").run()
                    nonisolated(unsafe) var count = 0
                    try await txSQL.raw("SELECT n, label FROM each_probe").hotEach { _ in count += 1 }
                    #expect(count == 251)
                }
            }
        }

        @Test func hotRowsAreLoggedAndCountedAsOneQuery() async throws {
            try await withTrustlane { client in
                // The page tests count queries from the query log: a hot read must appear there
                // once, with its SQL, like any other read.
                let sql = client.db as! any SQLDatabase
                let statements = try await QueryCounter.shared.statements {
                    _ = try await sql.select().column("id").from("users").where("email", .equal, SQLBind("nobody@example.com")).hotRows()
                }
                #expect(statements.count == 1)
                #expect(statements.first?.contains("users") == true)
            }
        }
    }
}
