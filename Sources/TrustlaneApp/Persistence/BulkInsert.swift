import Fluent
import Foundation
import SQLKit
import FluentSQLiteDriver

/// One value of a bulk insert, typed, so that SQLite receives it as `SQLiteData` directly.
package enum BulkValue: Sendable {
    case uuid(UUID)
    case text(String)
    case optionalText(String?)
    case int(Int)
    case bool(Bool)
    case date(Date)
    /// A value prepared once and repeated on every row (a company's id): one conversion, one buffer.
    case prepared(SQLiteData, SQLBind)

    package static func repeated(_ uuid: UUID) -> BulkValue { .prepared(BulkValue.uuid(uuid).sqlite, SQLBind(uuid)) }

    /// What `SQLiteDataEncoder` sends for the same Swift value: a UUID as its `uuidString` text
    /// (UUID is not `SQLiteDataConvertible`, so the encoder stores what `UUID.encode(to:)`
    /// writes), a Date by the driver's own conversion, text, integer or NULL otherwise.
    var sqlite: SQLiteData {
        switch self {
        case .uuid(let value): .text(value.uuidString)
        case .text(let value): .text(value)
        case .optionalText(let value): value.map(SQLiteData.text) ?? .null
        case .int(let value): .integer(value)
        case .bool(let value): value.sqliteData!
        case .date(let value): value.sqliteData!
        case .prepared(let value, _): value
        }
    }

    var bind: SQLBind {
        switch self {
        case .uuid(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .optionalText(let value): SQLBind(value)
        case .int(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        case .prepared(_, let bind): bind
        }
    }
}

/// One statement's values, row after row, in the form its database takes: SQLite's own values
/// (converted as they are added, not copied as `BulkValue`s first), or `BulkValue`s for SQLKit.
package struct BulkValues: Sendable {
    fileprivate var sqlite: [SQLiteData] = []
    fileprivate var values: [BulkValue] = []
    fileprivate let onSQLite: Bool

    fileprivate init(sqlite: Bool, capacity: Int) {
        onSQLite = sqlite
        if sqlite { self.sqlite.reserveCapacity(capacity) } else { values.reserveCapacity(capacity) }
    }

    var count: Int { onSQLite ? sqlite.count : values.count }

    package static func += (lhs: inout BulkValues, rhs: [BulkValue]) {
        if lhs.onSQLite {
            for value in rhs { lhs.sqlite.append(value.sqlite) }
        } else {
            lhs.values += rhs
        }
    }
}

/// Multi-row INSERTs for writes of many thousands of rows (a partner import), inside the
/// caller's transaction.
///
/// On SQLite the statement text is built once per chunk size and the values reach the driver as
/// `SQLiteData`: SQLKit's serialiser and its per-value `Encodable` conversion (a dynamic cast,
/// an encoder, a buffer per UUID) cost more than SQLite's own insert, and dominated an import of
/// 100,000 partners (about 1.5 million values). On PostgreSQL the same rows go through SQLKit.
package struct BulkInsert {
    let table: String
    let columns: [String]

    /// At most this many values in one statement: under SQLite's default limit of 32,766 host
    /// parameters and PostgreSQL's 65,535.
    static let maxValues = 30_000
    static let maxRows = 1_000

    package init(into table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// Rows per statement for this table.
    var rowsPerStatement: Int { max(1, min(Self.maxRows, Self.maxValues / columns.count)) }

    /// Inserts `values`, row after row (`values.count` a multiple of the column count).
    package func run(_ values: [BulkValue], on sql: any SQLDatabase) async throws {
        let width = columns.count
        precondition(values.count % width == 0, "BulkInsert: \(values.count) values for \(width) columns")
        try await run(rows: values.count / width, on: sql) { row, out in out += Array(values[(row * width)..<((row + 1) * width)]) }
    }

    /// Inserts `rows` rows, `row(index, &values)` appending one row's values when its statement
    /// is built: only one statement's values are held at a time (two while the next is built).
    ///
    /// On SQLite, when there is more than one statement, the next statement's values are built
    /// on another thread while the database runs the current one: with two cores an import's
    /// own work then mostly hides behind SQLite's.
    package func run(rows: Int, on sql: any SQLDatabase, row: @escaping @Sendable (Int, inout BulkValues) -> Void) async throws {
        guard rows > 0 else { return }
        let width = columns.count
        let chunk = rowsPerStatement
        @Sendable func build(_ start: Int, sqlite: Bool) -> BulkValues {
            let count = min(chunk, rows - start)
            var values = BulkValues(sqlite: sqlite, capacity: count * width)
            for index in start..<(start + count) { row(index, &values) }
            precondition(values.count == count * width, "BulkInsert: \(values.count) values for \(count) rows of \(width) columns")
            return values
        }
        if let sqlite = Self.sqlite(sql) {
            var statements: [Int: String] = [:]
            var next: Task<BulkValues, Never>?
            defer { next?.cancel() }
            for start in stride(from: 0, to: rows, by: chunk) {
                let count = min(chunk, rows - start)
                let text = statements[count] ?? statement(rows: count)
                statements[count] = text
                let values: BulkValues
                if let pending = next { values = await pending.value } else { values = build(start, sqlite: true) }
                let following = start + chunk
                next = following < rows ? Task { build(following, sqlite: true) } : nil
                _ = try await sqlite.query(text, values.sqlite)
            }
            return
        }
        for start in stride(from: 0, to: rows, by: chunk) {
            let values = build(start, sqlite: false).values
            var insert = sql.insert(into: table).columns(columns)
            for offset in stride(from: 0, to: values.count, by: width) {
                insert = insert.values(values[offset..<(offset + width)].map(\.bind))
            }
            try await insert.run()
        }
    }

    /// `INSERT INTO table (columns) VALUES (?, ...), ...` for `rows` rows.
    func statement(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var text = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        text.reserveCapacity(text.utf8.count + rows * (row.utf8.count + 1))
        for index in 0..<rows {
            if index > 0 { text += "," }
            text += row
        }
        return text
    }

    /// The SQLite database under `sql`, unwrapping the request-timing wrapper.
    static func sqlite(_ sql: any SQLDatabase) -> (any SQLiteDatabase)? {
        if let sqlite = sql as? any SQLiteDatabase { return sqlite }
        if let timed = sql as? TimedDatabase { return timed.sql as? any SQLiteDatabase }
        return nil
    }
}
