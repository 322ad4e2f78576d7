import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// One row of a hot page's read, read column by column.
///
/// On SQLite it is the driver's own row: a column is converted by its type's
/// `SQLiteDataConvertible` initialiser, called directly. Through `any SQLRow`, SQLiteKit's decoder
/// first asks at run time whether the type is convertible (`as? any SQLiteDataConvertible.Type`)
/// and casts the result back: a conformance lookup and two dynamic casts per value, which perf
/// showed as most of decoding the risk page's 437 vulnerability ratings. The values are the same
/// (the same initialisers do the conversion). On PostgreSQL it is the ordinary `SQLRow`.
package struct HotRow {
    enum Storage {
        case sqlite(SQLiteRow)
        case other(any SQLRow)
    }

    let storage: Storage

    struct Mismatch: Error, CustomStringConvertible {
        let column: String
        let problem: String
        var description: String { "column \(column): \(problem)" }
    }

    /// The column's value in a SQLite row; an error when the query has no such column.
    private static func value(_ row: SQLiteRow, _ column: String) throws -> SQLiteData {
        guard let data = row.column(column) else { throw Mismatch(column: column, problem: "not in the query's columns") }
        return data
    }

    private static func convert<T: SQLiteDataConvertible>(_ data: SQLiteData, _ column: String) throws -> T {
        guard let value = T(sqliteData: data) else { throw Mismatch(column: column, problem: "cannot read \(data) as \(T.self)") }
        return value
    }

    private static func uuid(_ data: SQLiteData, _ column: String) throws -> UUID {
        if case .text(let text) = data, let id = UUID(hyphenatedText: text) { return id }
        throw Mismatch(column: column, problem: "cannot read \(data) as UUID")
    }

    /// A column of a type SQLite converts itself (text, integers, reals, dates, booleans).
    package func decode<T: SQLiteDataConvertible & Decodable>(column: String, as type: T.Type) throws -> T {
        switch storage {
        case .sqlite(let row): try Self.convert(try Self.value(row, column), column)
        case .other(let row): try row.decode(column: column, as: T.self)
        }
    }

    /// A nullable column, as `decode(column:as:)`.
    package func optional<T: SQLiteDataConvertible & Decodable>(_ column: String, as type: T.Type) throws -> T? {
        switch storage {
        case .sqlite(let row):
            let data = try Self.value(row, column)
            if case .null = data { return nil }
            return try Self.convert(data, column) as T
        case .other(let row):
            return try row.optional(column, as: T.self)
        }
    }

    /// An id column (text on SQLite, parsed by hand as `SQLRow.uuid(_:)` does).
    package func uuid(_ column: String) throws -> UUID {
        switch storage {
        case .sqlite(let row): try Self.uuid(try Self.value(row, column), column)
        case .other(let row): try row.uuid(column)
        }
    }

    /// A nullable id column.
    package func optionalUUID(_ column: String) throws -> UUID? {
        switch storage {
        case .sqlite(let row):
            let data = try Self.value(row, column)
            if case .null = data { return nil }
            return try Self.uuid(data, column)
        case .other(let row):
            return try row.optionalUUID(column)
        }
    }
}

extension SQLDatabase {
    /// Runs `query` and returns its rows as `HotRow`s (see there). Counted and timed for
    /// `Server-Timing` like any other query, and logged at the same level.
    package func hotRows(_ query: any SQLExpression) async throws -> [HotRow] {
        if let timed = self as? TimedDatabase {
            let started = ContinuousClock.now
            defer { timed.timing.addQuery(ContinuousClock.now - started, inTransaction: timed.base.inTransaction) }
            return try await timed.sql.hotRows(query)
        }
        if let sqlite = self as? any SQLiteDatabase {
            let (text, binds) = try sqliteStatement(query)
            return try await sqlite.readRows(text, binds).map { HotRow(storage: .sqlite($0)) }
        }
        let rows = NIOLockedValueBox<[HotRow]>([])
        try await execute(sql: query) { row in rows.withLockedValue { $0.append(HotRow(storage: .other(row))) } }
        return rows.withLockedValue { $0 }
    }
}

extension SQLDatabase {
    /// `query` as SQLite's text and values, logged at the query level as SQLiteKit logs it.
    fileprivate func sqliteStatement(_ query: any SQLExpression) throws -> (text: String, binds: [SQLiteData]) {
        let (text, rawBinds) = serialize(query)
        if let level = queryLogLevel {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(text), "binds": .array(rawBinds.map { .string("\($0)") })])
        }
        let encoder = SQLiteDataEncoder()
        return (text, try rawBinds.map { try encoder.encode($0) })
    }

    /// Runs `query` and calls `body` with each row as it is read, keeping none of them: for
    /// reads of tens of thousands of rows that become a map or a count (a company's 100,000
    /// partners' identifiers), where `all()` would first hold every row, and on SQLite a
    /// future per row. On SQLite `body` runs on the connection's thread, one row at a time;
    /// the first error it throws stops the calls and is thrown here.
    package func hotEach(_ query: any SQLExpression, _ body: @escaping @Sendable (HotRow) throws -> Void) async throws {
        if let timed = self as? TimedDatabase {
            let started = ContinuousClock.now
            defer { timed.timing.addQuery(ContinuousClock.now - started, inTransaction: timed.base.inTransaction) }
            return try await timed.sql.hotEach(query, body)
        }
        nonisolated(unsafe) var failure: (any Error)?
        if let sqlite = self as? any SQLiteDatabase {
            let (text, binds) = try sqliteStatement(query)
            try await sqlite.readEach(text, binds) { row in
                guard failure == nil else { return }
                do { try body(HotRow(storage: .sqlite(row))) } catch { failure = error }
            }
        } else {
            try await execute(sql: query) { row in
                guard failure == nil else { return }
                do { try body(HotRow(storage: .other(row))) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }
}

extension SQLQueryFetcher {
    /// Each of the query's rows as a `HotRow`, none kept (see `SQLDatabase.hotEach`).
    package func hotEach(_ body: @escaping @Sendable (HotRow) throws -> Void) async throws {
        try await database.hotEach(query, body)
    }

    /// The query's rows as `HotRow`s.
    package func hotRows() async throws -> [HotRow] {
        try await database.hotRows(query)
    }
}

extension SQLiteDatabase {
    /// Runs one statement on a leased connection and calls `onRow` for each row, with the whole
    /// statement stepped in a single job on the connection's thread pool; `onRow` runs on that
    /// thread, one row at a time.
    ///
    /// The pooled database (Fluent's SQLite driver) has no concurrency-native `query`, so its
    /// async `query` falls back to the futures-based one, and that one hands every row back to
    /// the event loop as a task of its own and collects a future per row: a cross-thread
    /// submission, and often a wake-up, for each of a page's hundreds of rows. The leased
    /// `SQLiteConnection`'s own async `query` steps the statement and calls `onRow` in place.
    package func readEach(_ text: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        let connection = try await lease()
        defer { connection.release() }
        try await connection.connection.query(text, binds, onRow)
    }

    /// A connection of the pool, held until `release()`. The protocol's async `withConnection`
    /// would run its closure in a task of its own (`makeFutureWithTask`): one more task and
    /// thread hop per query. Here the leased connection is handed to the waiting task instead,
    /// and given back when it is done with it.
    private func lease() async throws -> LeasedSQLiteConnection {
        let done = eventLoop.makePromise(of: Void.self)
        let resumed = NIOLockedValueBox(false)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<LeasedSQLiteConnection, any Error>) in
            withConnection { (connection: SQLiteConnection) -> EventLoopFuture<Void> in
                resumed.withLockedValue { $0 = true }
                continuation.resume(returning: LeasedSQLiteConnection(connection: connection, done: done))
                return done.futureResult
            }.whenFailure { error in
                // The lease itself failed (the closure never ran): nothing to give back.
                guard !resumed.withLockedValue({ $0 }) else { return }
                done.succeed(())
                continuation.resume(throwing: error)
            }
        }
    }

    /// The statement's rows, read as `readEach(_:_:_:)` reads them.
    package func readRows(_ text: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        nonisolated(unsafe) var rows: [SQLiteRow] = []
        try await readEach(text, binds) { rows.append($0) }
        return rows
    }
}

/// A pooled connection lent to one task; `release()` gives it back to the pool.
private struct LeasedSQLiteConnection: Sendable {
    let connection: SQLiteConnection
    let done: EventLoopPromise<Void>
    func release() { done.succeed(()) }
}
