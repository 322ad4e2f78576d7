import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import SQLKit
import Testing
import TrustlaneCore
import Vapor
@testable import TrustlaneApp

/// Issue 15: bulk inserts bypass SQLKit's encoder on SQLite. What they store must be exactly
/// what the ordinary path stores (same types, same text), or reads through Fluent and SQLKit
/// would miss the rows, and statements must be split within the databases' parameter limits.
extension AppTests {
    @Suite struct BulkInserts {
        static let columns = ["id", "label", "note", "n", "at"]

        static func makeTable(_ sql: any SQLDatabase) async throws {
            try await sql.raw("""
            CREATE TABLE bulk_probe (id \(unsafeRaw: usingPostgres ? "UUID" : "TEXT") NOT NULL, label TEXT NOT NULL, note TEXT,
            n BIGINT NOT NULL, at \(unsafeRaw: usingPostgres ? "TIMESTAMPTZ" : "REAL") NOT NULL, way TEXT)
            """).run()
        }

        /// A statement's spent values are freed on the global executor, not on the thread that
        /// ran the statement (the write gate's one thread, which writes nothing meanwhile).
        @Test func spentValuesAreFreedOffTheCallersThread() async throws {
            final class Marker: Sendable {
                let freed: @Sendable () -> Void
                init(_ freed: @escaping @Sendable () -> Void) { self.freed = freed }
                deinit { freed() }
            }
            let pool = NIOThreadPool(numberOfThreads: 1)
            pool.start()
            let freedOn = NIOLockedValueBox<pthread_t?>(nil)
            for _ in 0..<20 {
                freedOn.withLockedValue { $0 = nil }
                let caller = try await pool.runIfActive { () -> pthread_t in
                    let marker = [Marker { freedOn.withLockedValue { $0 = pthread_self() } }]
                    BulkInsert.freeElsewhere(consume marker)
                    return pthread_self()
                }
                var freed: pthread_t?
                for _ in 0..<2_000 {
                    freed = freedOn.withLockedValue { $0 }
                    if freed != nil { break }
                    try await Task.sleep(for: .milliseconds(1))
                }
                let thread = try #require(freed, "the value was freed")
                #expect(pthread_equal(thread, caller) == 0, "freed on another thread than the caller's")
            }
            try await pool.shutdownGracefully()
        }

        @Test func theDirectPathStoresWhatSQLKitStores() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                let id = UUID()
                let at = Date(timeIntervalSince1970: 1_796_479_827.452_45)
                // The same values twice: through SQLKit's encoder, and through BulkInsert.
                try await sql.insert(into: "bulk_probe").columns(Self.columns + ["way"])
                    .values(SQLBind(id), SQLBind("Ñandú Ltd"), SQLBind(String?.none), SQLBind(42), SQLBind(at), SQLBind("sqlkit")).run()
                try await BulkInsert(into: "bulk_probe", columns: Self.columns)
                    .run([.uuid(id), .text("Ñandú Ltd"), .optionalText(nil), .int(42), .date(at)], on: sql)
                struct Row: Decodable, Equatable { let id: UUID; let label: String; let note: String?; let n: Int; let at: Date }
                let rows = try await sql.raw("SELECT id, label, note, n, at FROM bulk_probe WHERE id = \(bind: id)").all(decoding: Row.self)
                #expect(rows.count == 2, "both rows are found by the same bound id")
                #expect(rows.first == rows.last)
                #expect(rows.first == Row(id: id, label: "Ñandú Ltd", note: nil, n: 42, at: at))
                if !usingPostgres {
                    struct Stored: Decodable, Equatable { let t: String; let v: String }
                    let stored = try await sql.raw("""
                    SELECT typeof(id) || typeof(label) || typeof(note) || typeof(n) || typeof(at) AS t,
                           id || '|' || label || '|' || n || '|' || at AS v
                    FROM bulk_probe ORDER BY way IS NULL
                    """).all(decoding: Stored.self)
                    #expect(stored.count == 2)
                    #expect(stored.first == stored.last, "same storage classes and text on SQLite")
                }
            }
        }

        /// Narrow rows sent as one JSON text a statement store exactly what bound values store:
        /// the same storage classes and text, whatever the text holds (quotes, backslashes,
        /// line breaks, control characters, accents, emoji), NULL as NULL, integers as integers.
        @Test func rowsSentAsJSONStoreWhatBoundRowsStore() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                let at = Date(timeIntervalSince1970: 1_800_000_000)
                let labels = ["plain", #"say "hi""#, #"back\slash"#, "two\nlines\tand tab", "bell\u{07}", "Ñandú 🦤 Ltd", "", "'quoted'", "[1,2]"]
                let ids = labels.map { _ in UUID() }
                func rows(way: String) -> [BulkValue] {
                    labels.indices.flatMap { index -> [BulkValue] in
                        [.uuid(ids[index]), .text(labels[index]), .optionalText(index.isMultiple(of: 2) ? nil : labels[index]), .int(index * 1_000_000_007 - 5)]
                    }
                }
                let shared: [(column: String, value: BulkValue)] = [("at", .date(at))]
                // Act: the same rows bound, then as JSON (an import of many statements is tested with the registry).
                try await BulkInsert(into: "bulk_probe", columns: ["id", "label", "note", "n"], shared: shared + [("way", .text("bound"))])
                    .run(rows(way: "bound"), on: sql)
                try await BulkInsert(into: "bulk_probe", columns: ["id", "label", "note", "n"], shared: shared + [("way", .text("json"))], json: true)
                    .run(rows(way: "json"), on: sql)
                // Verify
                struct Row: Decodable, Equatable { let id: UUID; let label: String; let note: String?; let n: Int; let at: Date }
                for way in ["bound", "json"] {
                    let stored = try await sql.raw("SELECT id, label, note, n, at FROM bulk_probe WHERE way = \(bind: way) ORDER BY n").all(decoding: Row.self)
                    #expect(stored == labels.indices.map { Row(id: ids[$0], label: labels[$0], note: $0.isMultiple(of: 2) ? nil : labels[$0], n: $0 * 1_000_000_007 - 5, at: at) },
                            "\(way)")
                }
                if !usingPostgres {
                    struct Stored: Decodable, Equatable { let t: String; let v: String? }
                    func stored(_ way: String) async throws -> [Stored] {
                        try await sql.raw("""
                        SELECT typeof(id) || typeof(label) || typeof(note) || typeof(n) AS t, id || '|' || label || '|' || coalesce(note, '-') || '|' || n AS v
                        FROM bulk_probe WHERE way = \(bind: way) ORDER BY n
                        """).all(decoding: Stored.self)
                    }
                    let bound = try await stored("bound"), json = try await stored("json")
                    #expect(bound.count == labels.count)
                    #expect(json == bound, "same storage classes and text on SQLite")
                }
            }
        }

        @Test func manyRowsAreSplitIntoStatementsWithinTheParameterLimit() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                let insert = BulkInsert(into: "bulk_probe", columns: Self.columns)
                #expect(insert.rowsPerStatement * Self.columns.count <= BulkInsert.maxValues)
                let rows = insert.rowsPerStatement * 2 + 7
                let at = Date(timeIntervalSince1970: 1_800_000_000)
                var values: [BulkValue] = []
                for n in 0..<rows { values += [.uuid(UUID()), .text("row \(n)"), .optionalText(n.isMultiple(of: 2) ? "even" : nil), .int(n), .date(at)] }
                let all = values
                try await client.app.writeGate.transaction(on: client.db) { tx in
                    try await insert.run(all, on: tx as! any SQLDatabase)
                }
                struct Summary: Decodable { let rows: Int; let total: Int; let notes: Int }
                let summary = try await sql.raw("SELECT COUNT(*) AS rows, CAST(SUM(n) AS BIGINT) AS total, COUNT(note) AS notes FROM bulk_probe")
                    .first(decoding: Summary.self)
                #expect(summary?.rows == rows)
                #expect(summary?.total == rows * (rows - 1) / 2, "every row once, none twice")
                #expect(summary?.notes == (rows + 1) / 2)
            }
        }

        /// The first statement's values built ahead (as an import builds them with its chunk)
        /// are the ones written, for bound and JSON rows; built for another row count, they are
        /// not used. On PostgreSQL nothing is built ahead.
        @Test func aFirstStatementBuiltAheadIsWrittenInsteadOfBuiltAgain() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                let at = Date(timeIntervalSince1970: 1_800_000_000)
                for (way, json) in [("bound", false), ("json", true), ("other count", false)] {
                    let insert = BulkInsert(into: "bulk_probe", columns: ["id", "label", "n"], shared: [("at", .date(at)), ("way", .text(way))], json: json)
                    let rows = insert.rowsPerStatement * 2 + 3
                    let ids = (0..<rows).map { _ in UUID() }
                    let asked = NIOLockedValueBox<[Int]>([])
                    let row: @Sendable (Int, inout BulkValues) -> Void = { index, values in
                        asked.withLockedValue { $0.append(index) }
                        values.append(.uuid(ids[index]))
                        values.append(.text("row \(index)"))
                        values.append(.int(index))
                    }
                    let first = insert.prebuild(rows: way == "other count" ? rows - 1 : rows, for: sql, row: row)
                    #expect((first == nil) == usingPostgres)
                    let built = asked.withLockedValue { $0 }
                    asked.withLockedValue { $0 = [] }
                    try await client.app.writeGate.transaction(on: client.db) { tx in
                        try await insert.run(rows: rows, on: tx as! any SQLDatabase, first: first, row: row)
                    }
                    let inRun = asked.withLockedValue { $0 }.sorted()
                    if usingPostgres || way == "other count" {
                        #expect(inRun == Array(0..<rows), "\(way): every row built by the run")
                    } else {
                        #expect(built == Array(0..<insert.rowsPerStatement), "\(way): the first statement's rows built ahead")
                        #expect(inRun == Array(insert.rowsPerStatement..<rows), "\(way): and not again")
                    }
                    struct Row: Decodable, Equatable { let id: UUID; let label: String; let n: Int }
                    let stored = try await sql.raw("SELECT id, label, n FROM bulk_probe WHERE way = \(bind: way) ORDER BY n").all(decoding: Row.self)
                    #expect(stored == (0..<rows).map { Row(id: ids[$0], label: "row \($0)", n: $0) }, "\(way): every row once")
                }
            }
        }

        @Test func sharedValuesAreStoredOnEveryRowAsIfEachRowCarriedThem() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                let at = Date(timeIntervalSince1970: 1_800_000_000.25)
                let insert = BulkInsert(into: "bulk_probe", columns: ["id", "label", "n"],
                                        shared: [("at", .date(at)), ("way", .text("shared")), ("note", .optionalText(nil))])
                #expect(insert.statement(rows: 2).hasSuffix(#"("at","way","note","id","label","n") VALUES (?1,?2,?3,?,?,?),(?1,?2,?3,?,?,?)"#))
                let rows = insert.rowsPerStatement + 3 // two statements
                let ids = (0..<rows).map { _ in UUID() }
                try await client.app.writeGate.transaction(on: client.db) { tx in
                    try await insert.run(rows: rows, on: tx as! any SQLDatabase) { index, values in
                        // An id as a UUID, or already written out: stored the same.
                        values += [index.isMultiple(of: 2) ? .uuid(ids[index]) : .uuidText(ids[index].uuidString, ids[index]), .text("row \(index)"), .int(index)]
                    }
                }
                struct Row: Decodable { let id: UUID; let label: String; let n: Int; let at: Date; let way: String; let note: String? }
                let stored = try await sql.raw("SELECT id, label, n, at, way, note FROM bulk_probe ORDER BY n").all(decoding: Row.self)
                #expect(stored.count == rows)
                #expect(stored.allSatisfy { $0.at == at && $0.way == "shared" && $0.note == nil })
                #expect(stored.map(\.id) == ids)
                #expect(stored.map(\.label) == (0..<rows).map { "row \($0)" })
                struct Count: Decodable { let n: Int }
                for index in [0, 1, rows - 1] {
                    let found = try await sql.raw("SELECT COUNT(*) AS n FROM bulk_probe WHERE id = \(bind: ids[index])").first(decoding: Count.self)
                    #expect(found?.n == 1, "row \(index) found by its bound id")
                }
            }
        }

        @Test func aFailingRowUndoesTheWholeTransaction() async throws {
            try await withTrustlane { client in
                let sql = client.db as! any SQLDatabase
                try await Self.makeTable(sql)
                try await sql.raw("CREATE UNIQUE INDEX bulk_probe_n ON bulk_probe (n)").run()
                // As a plain insert, and as an import's: `INSERT OR FAIL` (which leaves the failing
                // statement's earlier rows for the caller to undo) in a bulk transaction.
                for undoneWhole in [false, true] {
                    let insert = BulkInsert(into: "bulk_probe", columns: Self.columns, undoneWhole: undoneWhole)
                    #expect(insert.statement(rows: 1).hasPrefix(undoneWhole ? "INSERT OR FAIL INTO" : "INSERT INTO"))
                    let rows = insert.rowsPerStatement + 3
                    var values: [BulkValue] = []
                    // The last row repeats the first's number: the second statement fails.
                    for n in 0..<rows { values += [.uuid(UUID()), .text("row"), .optionalText(nil), .int(n == rows - 1 ? 0 : n), .date(Date())] }
                    let all = values
                    await #expect(throws: (any Error).self) {
                        try await client.app.writeGate.transaction(on: client.db, bulk: undoneWhole) { tx in
                            try await insert.run(all, on: tx as! any SQLDatabase)
                        }
                    }
                    struct Count: Decodable { let rows: Int }
                    #expect(try await sql.raw("SELECT COUNT(*) AS rows FROM bulk_probe").first(decoding: Count.self)?.rows == 0)
                }
            }
        }
    }
}
