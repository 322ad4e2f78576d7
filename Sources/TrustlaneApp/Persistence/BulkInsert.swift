import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import FluentSQLiteDriver

/// One value of a bulk insert, typed, so that SQLite receives it as `SQLiteData` directly.
package enum BulkValue: Sendable {
    case uuid(UUID)
    /// A UUID already written out as SQLite keeps it (`uuidString`): an id named on rows of
    /// several tables is formatted once.
    case uuidText(String, UUID)
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
        case .uuid(let value): .text(Hex.uuid(value))
        case .uuidText(let text, _): .text(text)
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
        case .uuid(let value), .uuidText(_, let value): SQLBind(value)
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
/// (converted as they are added, not copied as `BulkValue`s first), one JSON text of all the
/// rows (SQLite, `BulkInsert.json`), or `BulkValue`s for SQLKit.
package struct BulkValues: Sendable {
    fileprivate enum Form: Sendable { case sqlite, json, sqlkit }
    fileprivate var sqlite: [SQLiteData] = []
    fileprivate var values: [BulkValue] = []
    /// `[[v, v], [v, v] ...` as the rows are added (the API's writer: the same escapes).
    fileprivate var json: JSONWriter
    fileprivate var jsonCount = 0
    fileprivate let form: Form
    fileprivate let width: Int

    fileprivate init(form: Form, width: Int, capacity: Int) {
        self.form = form
        self.width = width
        json = JSONWriter(capacity: form == .json ? capacity * 24 : 0)
        switch form {
        case .sqlite: sqlite.reserveCapacity(capacity)
        case .json: json.beginArray()
        case .sqlkit: values.reserveCapacity(capacity)
        }
    }

    var count: Int {
        switch form {
        case .sqlite: sqlite.count
        case .json: jsonCount
        case .sqlkit: values.count
        }
    }

    package static func += (lhs: inout BulkValues, rhs: [BulkValue]) {
        for value in rhs { lhs.append(value) }
    }

    /// One value: a row's values added one by one make no array per row (an import's 500,000
    /// rows each made one).
    package mutating func append(_ value: BulkValue) {
        switch form {
        case .sqlite: sqlite.append(value.sqlite)
        case .json: appendJSON(value)
        case .sqlkit: values.append(value)
        }
    }

    private mutating func appendJSON(_ value: BulkValue) {
        let column = jsonCount % width
        if column == 0 { json.beginArray() }
        switch value {
        case .uuid(let uuid): json.uuid(uuid)
        case .uuidText(let text, _), .text(let text): json.string(text)
        case .optionalText(let text):
            if let text { json.string(text) } else { json.null() }
        case .int(let int): json.int(int)
        case .bool(let bool): json.int(bool ? 1 : 0)
        case .date, .prepared:
            // A date would go through JSON's decimal text: not promised to come back the same
            // double. Such columns are bound (shared) or inserted the ordinary way.
            preconditionFailure("BulkInsert.json carries text, integers and NULL only")
        }
        if column == width - 1 { json.endArray() }
        jsonCount += 1
    }

    /// The rows' JSON text, once closed (`finishJSON`).
    fileprivate var jsonText = ""

    /// Closes the rows' array and makes its text (on the thread that built them).
    fileprivate mutating func finishJSON() {
        json.endArray()
        jsonText = String(buffer: json.buffer)
        json = JSONWriter(capacity: 0)
    }
}

/// Multi-row INSERTs for writes of many thousands of rows (a partner import), inside the
/// caller's transaction.
///
/// On SQLite the statement text is built once per chunk size and the values reach the driver as
/// `SQLiteData`: SQLKit's serialiser and its per-value `Encodable` conversion (a dynamic cast,
/// an encoder, a buffer per UUID) cost more than SQLite's own insert, and dominated an import of
/// 100,000 partners (about 1.5 million values). On PostgreSQL the same rows go through SQLKit.
package struct BulkInsert: Sendable {
    let table: String
    let columns: [String]
    /// Columns holding one value on every row (a company's id, an import's time): on SQLite
    /// each is bound once per statement as `?1`, `?2` ... and every row names it, instead of
    /// binding and copying the same value into every row.
    let shared: [(column: String, value: BulkValue)]
    /// On SQLite, each statement's rows go as one JSON text (`INSERT ... SELECT ... FROM
    /// json_each(?)`) instead of one bound value each. For narrow rows (an import's 400,000
    /// search terms: two values a row) binding and parsing a statement of thousands of `?` cost
    /// more than SQLite's own JSON reading: measured in C on SQLite 3.54, 0.28 s against 0.40 s
    /// for 400,000 terms; from Swift the values' conversion to `SQLiteData` goes too. Wide rows
    /// (a partner's seventeen columns) are quicker bound: 0.59 s against 0.86 s. Text, integers
    /// and NULL only; shared columns are still bound.
    let json: Bool
    /// The caller undoes its whole transaction when a statement fails (an import): on SQLite
    /// each statement is an `INSERT OR FAIL`, which stops at a broken constraint without undoing
    /// its own earlier rows, and so keeps no statement journal (a copy of every page it changes)
    /// when the connection checks no foreign keys (`WriteGate`'s bulk transactions).
    let undoneWhole: Bool

    /// At most this many values in one statement: under SQLite's default limit of 32,766 host
    /// parameters and PostgreSQL's 65,535.
    static let maxValues = 30_000
    /// And at most this many rows: each statement's answer is a hop between threads, so a
    /// narrow row (a search term: three values) goes 2,500 to a statement, not 1,000.
    static let maxRows = 2_500

    package init(into table: String, columns: [String], shared: [(column: String, value: BulkValue)] = [], json: Bool = false,
                 undoneWhole: Bool = false) {
        self.table = table
        self.columns = columns
        self.shared = shared
        self.json = json
        self.undoneWhole = undoneWhole
    }

    /// Frees `value` on the global executor instead of on the calling thread. A statement's
    /// values (and an import's chunk of partners) hold thousands of strings made on another
    /// thread; freed where the statement ran, on the write gate's one thread, they were about a
    /// tenth of that thread's time in a 100,000-row import (perf: the arrays' release, `free`
    /// and the allocator's consolidation), time in which it wrote nothing.
    package static func freeElsewhere<T>(_ value: consuming T) {
        let held = Held(consume value)
        // Only `held` refers to the value now: the task's `clear` frees it, whichever of the
        // task and this function lets go of `held` last.
        Task(executorPreference: globalConcurrentExecutor) { held.clear() }
    }

    private final class Held<T>: @unchecked Sendable {
        // Written here and once by the task that frees it, never read.
        private var value: T?
        init(_ value: consuming T) { self.value = consume value }
        func clear() { value = nil }
    }

    /// `INSERT` or, when the caller undoes its whole transaction on failure, `INSERT OR FAIL`.
    private var verb: String { undoneWhole ? "INSERT OR FAIL" : "INSERT" }

    /// Rows per statement for this table.
    var rowsPerStatement: Int { max(1, min(Self.maxRows, Self.maxValues / (columns.count + shared.count))) }

    /// The form values take on SQLite.
    private var sqliteForm: BulkValues.Form { json ? .json : .sqlite }

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
    package func run(rows: Int, on sql: any SQLDatabase, first: Prebuilt? = nil, row: @escaping @Sendable (Int, inout BulkValues) -> Void) async throws {
        guard rows > 0 else { return }
        let chunk = rowsPerStatement
        let sharedValues = shared.map(\.value.sqlite)
        let form = sqliteForm
        @Sendable func build(_ start: Int, form: BulkValues.Form) -> BulkValues {
            values(from: start, of: rows, form: form, sharedValues: sharedValues, row: row)
        }
        if let sqlite = Self.sqlite(sql) {
            // One text for every JSON statement; otherwise one per row count (the last is shorter).
            var statements: [Int: String] = [:]
            let jsonText = form == .json ? jsonStatement() : nil
            var next: Task<BulkValues, Never>?
            defer { next?.cancel() }
            for start in stride(from: 0, to: rows, by: chunk) {
                let count = min(chunk, rows - start)
                let text = jsonText ?? statements[count] ?? statement(rows: count)
                statements[count] = text
                let values: BulkValues
                if let pending = next {
                    values = await pending.value
                } else if start == 0, let first, first.rows == rows {
                    values = first.values
                } else {
                    values = build(start, form: form)
                }
                let following = start + chunk
                // Built on the global executor: a plain `Task` would inherit the write gate's
                // executor (the writer's one thread), and the answer to each statement would
                // wait there until the next statement's values were built.
                next = following < rows ? Task(executorPreference: globalConcurrentExecutor) { build(following, form: form) } : nil
                _ = try await sqlite.query(text, form == .json ? sharedValues + [.text(values.jsonText)] : values.sqlite)
                Self.freeElsewhere(consume values)
            }
            return
        }
        let sharedBinds = shared.map(\.value.bind), width = columns.count
        for start in stride(from: 0, to: rows, by: chunk) {
            let values = build(start, form: .sqlkit).values
            var insert = sql.insert(into: table).columns(shared.map(\.column) + columns)
            for offset in stride(from: 0, to: values.count, by: width) {
                insert = insert.values(sharedBinds + values[offset..<(offset + width)].map(\.bind))
            }
            try await insert.run()
        }
    }

    /// The values of one statement: rows `start` on (at most a statement's worth) of `rows`.
    /// On SQLite they start with the shared ones (`?1` ...).
    private func values(from start: Int, of rows: Int, form: BulkValues.Form, sharedValues: [SQLiteData],
                        row: (Int, inout BulkValues) -> Void) -> BulkValues {
        let width = columns.count
        let count = min(rowsPerStatement, rows - start)
        let prefix = form == .sqlite ? sharedValues.count : 0
        var values = BulkValues(form: form, width: width, capacity: prefix + count * width)
        if form == .sqlite { values.sqlite += sharedValues }
        for index in start..<(start + count) { row(index, &values) }
        precondition(values.count == prefix + count * width, "BulkInsert: \(values.count - prefix) values for \(count) rows of \(width) columns")
        if form == .json { values.finishJSON() }
        return values
    }

    /// The first statement's values of a `run` of `rows` rows, built ahead by a caller that
    /// knows its rows early, on whatever thread it is on (an import builds them with the chunk,
    /// while the writer's thread writes the chunk before). Made for SQLite only.
    package struct Prebuilt: Sendable {
        fileprivate let values: BulkValues
        fileprivate let rows: Int
    }

    /// `run(rows:on:first:row:)`'s first statement, built now; nil when `sql` is not SQLite.
    package func prebuild(rows: Int, for sql: any SQLDatabase, row: (Int, inout BulkValues) -> Void) -> Prebuilt? {
        guard rows > 0, Self.sqlite(sql) != nil else { return nil }
        return Prebuilt(values: values(from: 0, of: rows, form: sqliteForm, sharedValues: shared.map(\.value.sqlite), row: row), rows: rows)
    }

    /// `INSERT INTO table (shared columns, columns) VALUES (?1, ..., ?, ...), ...` for `rows`
    /// rows: the shared values numbered, each row's own anonymous (SQLite numbers an anonymous
    /// `?` one past the largest number used so far, so they follow the shared ones in order).
    func statement(rows: Int) -> String {
        let row = "(" + (shared.indices.map { "?\($0 + 1)" } + Array(repeating: "?", count: columns.count)).joined(separator: ",") + ")"
        var text = verb + " INTO \"\(table)\" (" + (shared.map(\.column) + columns).map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        text.reserveCapacity(text.utf8.count + rows * (row.utf8.count + 1))
        for index in 0..<rows {
            if index > 0 { text += "," }
            text += row
        }
        return text
    }

    /// `INSERT INTO table (shared columns, columns) SELECT ?1, ..., value->>0, ... FROM
    /// json_each(?n)`: the rows as one JSON array of arrays, bound after the shared values.
    func jsonStatement() -> String {
        let picks = shared.indices.map { "?\($0 + 1)" } + columns.indices.map { "value->>\($0)" }
        return verb + " INTO \"\(table)\" (" + (shared.map(\.column) + columns).map { "\"\($0)\"" }.joined(separator: ",")
            + ") SELECT " + picks.joined(separator: ",") + " FROM json_each(?\(shared.count + 1))"
    }

    /// The SQLite database under `sql`, unwrapping the request-timing wrapper.
    static func sqlite(_ sql: any SQLDatabase) -> (any SQLiteDatabase)? {
        if let sqlite = sql as? any SQLiteDatabase { return sqlite }
        if let timed = sql as? TimedDatabase { return timed.sql as? any SQLiteDatabase }
        return nil
    }
}
