import Foundation

/// The business-partner registry as CSV (issue 15): one header row naming the columns, then one
/// partner per row. A spreadsheet saved as "CSV UTF-8" gives the same file.
///
/// ```
/// reference,legal_name,other_names,country,role,address,identifiers,sites,contact_name,contact_email,notes
/// SUP-001,PT Sepatu Jaya,Sepatu Jaya; SJ Footwear,ID,manufacturer,"Jl. Industri 4, Bandung",tax_id:01.234.567.8-901.000,Bandung factory,Dewi,dewi@example.id,
/// ```
///
/// | column | required | what |
/// |---|---|---|
/// | `legal_name` | yes | up to 200 characters |
/// | `country` | yes | ISO 3166-1 alpha-2 (`ID`, `MX`, `US`) |
/// | `role` | yes | a `BusinessPartnerRole` raw value (`manufacturer`, `highway_carrier` ...) or its English name |
/// | `reference` | no | the company's own code, unique in the company |
/// | `other_names` | no | separated by `;` |
/// | `identifiers` | no | `scheme:number`, separated by `;`; unique in the company |
/// | `address`, `sites`, `contact_name`, `contact_email`, `notes` | no | text |
/// | `errors` | no | ignored: the column an error file adds, so a corrected error file imports as it is |
///
/// Columns may come in any order; unknown columns are refused (a misspelt `legal_nme` would
/// otherwise be dropped silently). Reading never stops at the first bad row: each row is either
/// accepted or rejected with its errors, each naming the line and column; whether rejected rows
/// stop the whole import is the caller's choice (all or nothing, or the valid rows and an error
/// file). Problems with the file as a whole (not UTF-8, no header, too large) reject it all.
public enum BusinessPartnerCSV {
    public static let columns = ["reference", "legal_name", "other_names", "country", "role", "address", "identifiers", "sites",
                                 "contact_name", "contact_email", "notes"]
    public static let requiredColumns = ["legal_name", "country", "role"]
    /// The column an error file adds with each row's problems; ignored when a file is read.
    public static let errorsColumn = "errors"
    public static let maxBytes = 64 * 1024 * 1024
    public static let maxRows = 200_000

    /// A row that became a partner.
    public struct AcceptedRow: Sendable {
        public let line: Int
        public let partner: BusinessPartner
    }

    /// The most problems an answer lists (an API refusal, a dry run's report); the error file
    /// and the count give them all.
    public static let reportedProblems = 1000

    /// A row refused, with its cells as written (for the error file) and its problems.
    ///
    /// A row keeps only what each problem needs (which check, the value, whose it is); the
    /// message naming the line and column is written when `errors` is read. A file of 100,000
    /// refused rows (the same file sent twice) kept a located message and its arguments for
    /// every row: about 2.5 KB a row, most of the server's 484 MB before it answered 400.
    public struct RejectedRow: Sendable {
        public let line: Int
        public let cells: [String]
        let problems: [Problem]
        let columns: ColumnPositions

        /// The row's problems, each naming its line and column.
        public var errors: [FieldError] { problems.map { $0.located(line: line, columns: columns) } }

        /// How many problems the row has.
        public var problemCount: Int { problems.count }
    }

    /// One problem of a rejected row, as little as it takes to write its message.
    enum Problem: Sendable {
        /// Already located (a stray quote, an extra cell): rare, kept whole.
        case located(FieldError)
        /// A validator's error, located at its field's column when asked.
        case cell(FieldError)
        case identifierTaken(value: String, owner: String)
        case identifierRepeated(value: String, earlier: Int)
        case referenceTaken(value: String, owner: String)
        case referenceRepeated(value: String, earlier: Int)

        func located(line: Int, columns: ColumnPositions) -> FieldError {
            let error: FieldError
            switch self {
            case .located(let located): return located
            case .cell(let cell): error = cell
            case .identifierTaken(let value, let owner):
                error = FieldError(field: "identifiers", messageKey: "partners.error.identifier_taken",
                                   message: "identifier \(value) already belongs to the partner \(owner)", arguments: ["value": value, "owner": owner])
            case .identifierRepeated(let value, let earlier):
                error = FieldError(field: "identifiers", messageKey: "partners.error.identifier_repeated_line",
                                   message: "identifier \(value) is already on line \(earlier)", arguments: ["value": value, "earlier": String(earlier)])
            case .referenceTaken(let value, let owner):
                error = FieldError(field: "reference", messageKey: "partners.error.reference_taken",
                                   message: "reference \(value) already belongs to the partner \(owner)", arguments: ["value": value, "owner": owner])
            case .referenceRepeated(let value, let earlier):
                error = FieldError(field: "reference", messageKey: "partners.error.reference_repeated_line",
                                   message: "reference \(value) is already on line \(earlier)", arguments: ["value": value, "earlier": String(earlier)])
            }
            return columns.locate(error, line: line)
        }
    }

    /// Where each known column sits in the file's header; one per reading, shared by its
    /// rejected rows.
    final class ColumnPositions: Sendable {
        let position: [String: Int]
        init(_ position: [String: Int]) { self.position = position }

        /// `error` (a field's) at `line`, in the column holding its field when the file has one.
        func locate(_ error: FieldError, line: Int) -> FieldError {
            let column = columns.contains(error.field) ? position[error.field].map { $0 + 1 } : nil
            return ChainCSV.located(line: line, column: column, columnName: column == nil ? nil : error.field, key: error.messageKey,
                                    message: ChainCSV.cellMessage(error), arguments: error.arguments)
        }
    }

    /// What one file holds: the header as written, then every row accepted or rejected; or,
    /// when the file as a whole is unusable, only `fileErrors`.
    public struct Reading: Sendable {
        public let header: [String]
        /// The accepted rows' partners, in file order, and each one's line: kept apart so that an
        /// import saves `partners` as they are, without a copy of 100,000 partners.
        public let partners: [BusinessPartner]
        public let acceptedLines: [Int]
        public let rejected: [RejectedRow]
        public let fileErrors: [FieldError]

        public init(header: [String], partners: [BusinessPartner] = [], acceptedLines: [Int] = [], rejected: [RejectedRow], fileErrors: [FieldError]) {
            precondition(partners.count == acceptedLines.count, "one line per accepted partner")
            self.header = header
            self.partners = partners
            self.acceptedLines = acceptedLines
            self.rejected = rejected
            self.fileErrors = fileErrors
        }

        /// The accepted rows, each with its line.
        public var accepted: [AcceptedRow] { zip(acceptedLines, partners).map { AcceptedRow(line: $0, partner: $1) } }

        public var rowCount: Int { partners.count + rejected.count }

        /// Every problem of the file: its own, then each rejected row's.
        public var problemCount: Int { fileErrors.count + rejected.reduce(0) { $0 + $1.problemCount } }

        /// The first `limit` problems, in file order, with their messages; only these are written.
        public func firstProblems(_ limit: Int = BusinessPartnerCSV.reportedProblems) -> [FieldError] {
            // A loop, not `fileErrors + rejected.lazy.flatMap(...)`: that `+` builds the whole
            // array, every row's messages, before the prefix is taken (heaptrack: 236 MB).
            var problems = Array(fileErrors.prefix(limit))
            for row in rejected where problems.count < limit {
                problems.append(contentsOf: row.errors.prefix(limit - problems.count))
            }
            return problems
        }

        /// The rejected rows as a CSV to fix and import again: the file's own header and cells,
        /// with an `errors` column saying what is wrong on each (`message` words a problem: in the
        /// reader's language on the page). A file that was itself an error file keeps one
        /// `errors` column, the new one; reading ignores it, so the corrected file imports as it is.
        public func errorFile(message: (FieldError) -> String = { $0.message }) -> String {
            let kept = header.indices.filter { header[$0].trimmingCharacters(in: .whitespaces).lowercased() != BusinessPartnerCSV.errorsColumn }
            var out = CSVReader.line(kept.map { header[$0] } + [BusinessPartnerCSV.errorsColumn])
            for row in rejected {
                let problems = row.errors.map(message).joined(separator: " | ")
                out += CSVReader.line(kept.map { $0 < row.cells.count ? ChainCSV.escapeFormula(row.cells[$0]) : "" } + [problems])
            }
            return out
        }
    }

    /// Reads a file. `taken`: identifier keys (`BusinessPartnerIdentifier.key`) and references
    /// already used by the company's partners, mapped to the partner's name, so a row repeating
    /// one is rejected with whose it is.
    public static func read(_ data: Data, takenIdentifiers: [String: String] = [:], takenReferences: [String: String] = [:]) -> Reading {
        var stream: Stream
        switch Stream.open(data, takenIdentifiers: takenIdentifiers, takenReferences: takenReferences) {
        case .refused(let reading): return reading
        case .opened(let opened): stream = opened
        }
        var partners: [BusinessPartner] = []
        var acceptedLines: [Int] = []
        var rejected: [RejectedRow] = []
        // Chunks large enough for the checks to be split between two cores (5,000 rows a slice),
        // small enough that a chunk's records are a few MB.
        while let chunk = stream.next(rows: 10_000) {
            if partners.isEmpty && stream.fractionRead < 1 {
                // Sized once from the first chunk's share of the file: grown by doubling, the
                // old and the new arrays of a 100,000-row file were 15 and 29 MB held together.
                let expected = Swift.min(maxRows, Int(Double(stream.rowsRead) / Swift.max(stream.fractionRead, 0.000_001) * 1.1) + 16)
                partners.reserveCapacity(expected)
                acceptedLines.reserveCapacity(expected)
            }
            partners += chunk.partners
            acceptedLines += chunk.acceptedLines
            rejected += chunk.rejected
        }
        if !stream.fileErrors.isEmpty { return Reading(header: [], rejected: [], fileErrors: stream.fileErrors) }
        return Reading(header: stream.header, partners: partners, acceptedLines: acceptedLines, rejected: rejected, fileErrors: [])
    }

    /// A file read a number of rows at a time (`read` reads them all): an import saves the rows
    /// read while the next ones are read. Each row is accepted or rejected exactly as `read`
    /// would, identifiers and references checked against the registry and every earlier row.
    /// A problem of the file as a whole found part way (a quote never closed, too many rows)
    /// ends it: `next` returns nil and `fileErrors` says why, and whatever the caller did with
    /// the rows before must be undone (an import's transaction).
    public struct Stream: Sendable {
        /// The header row as written.
        public let header: [String]
        /// The problem that ended the file part way; empty while it is readable.
        public private(set) var fileErrors: [FieldError] = []
        /// The rows read so far (not counting blank ones).
        public private(set) var rowsRead = 0
        /// How much of the file has been read, from 0 to 1.
        public var fractionRead: Double { reader.fractionRead }

        var reader: CSVReader
        let columnPositions: ColumnPositions
        let slots: [Int?]
        let headerCount: Int
        let takenIdentifiers: [String: String]
        let takenReferences: [String: String]
        /// The line of each identifier and reference read so far (as 32-bit numbers: a table of
        /// 100,000 was 6.3 MB with 64-bit ones).
        var identifierLines: [String: Int32] = [:]
        var referenceLines: [String: Int32] = [:]
        /// Ids in row order and ascending: the partners' primary-key index grows at its end.
        var ids = TimeOrderedUUIDs()
        var ended = false

        /// Some rows of a file: the accepted ones' partners in file order with their lines,
        /// and the rejected ones.
        public struct Chunk: Sendable {
            public let partners: [BusinessPartner]
            public let acceptedLines: [Int]
            public let rejected: [RejectedRow]
        }

        /// A file opened: its header read and checked, or refused whole (too large, not UTF-8,
        /// no usable header) with the reading that says why.
        public enum Opening: Sendable {
            case opened(Stream)
            case refused(Reading)
        }

        public static func open(_ data: Data, takenIdentifiers: [String: String] = [:], takenReferences: [String: String] = [:]) -> Opening {
            func refuse(_ key: String, _ message: String, line: Int? = nil, arguments: [String: String] = [:]) -> Opening {
                .refused(Reading(header: [], rejected: [],
                                 fileErrors: [ChainCSV.located(line: line, column: nil, columnName: nil, key: key, message: message, arguments: arguments)]))
            }
            if data.count > maxBytes {
                return refuse("partners.csv.too_large", "The file is larger than \(maxBytes / 1_048_576) MB; split it into several files.",
                              arguments: ["max": String(maxBytes / 1_048_576)])
            }
            // Read where it is, each cell checked as UTF-8 as it is read: a row that is not
            // ends the file with its line, like a quote never closed.
            var reader = CSVReader(utf8: data)
            var headerRecord: CSVReader.Record?
            do {
                while let record = try reader.nextRecord() {
                    if let line = record.invalidUTF8Line {
                        return .refused(Reading(header: [], rejected: [], fileErrors: [Self.notUTF8(line: line)]))
                    }
                    if record.isBlank { continue }
                    headerRecord = record
                    break
                }
            } catch {
                return refuse("partners.csv.unclosed_quote", "A quoted cell starting on line \(error.line) is never closed.", line: error.line)
            }
            guard let headerRecord else {
                return refuse("partners.csv.empty", "The file is empty; the first row must name the columns, such as \(requiredColumns.joined(separator: ","))")
            }
            let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var position: [String: Int] = [:]
            var headerErrors: [FieldError] = []
            for (index, name) in header.enumerated() {
                if (name.isEmpty && index == header.count - 1) || name == errorsColumn { continue }
                guard columns.contains(name) else {
                    let hint = name.contains(";") ? " Cells must be separated by commas, not semicolons." : ""
                    headerErrors.append(ChainCSV.located(line: headerRecord.line, column: index + 1, columnName: nil, key: "partners.csv.unknown_column",
                                                         message: "'\(name.prefix(40))' is not a column; use \(columns.joined(separator: ", ")).\(hint)",
                                                         arguments: ["value": String(name.prefix(40)), "allowed": columns.joined(separator: ", ")]))
                    continue
                }
                if position[name] != nil {
                    headerErrors.append(ChainCSV.located(line: headerRecord.line, column: index + 1, columnName: name, key: "partners.csv.repeated_column",
                                                         message: "The column \(name) appears twice.", arguments: ["value": name]))
                }
                position[name] = index
            }
            for name in requiredColumns where position[name] == nil && headerErrors.isEmpty {
                headerErrors.append(ChainCSV.located(line: headerRecord.line, column: nil, columnName: nil, key: "partners.csv.missing_column",
                                                     message: "The first row must name the column \(name) (required: \(requiredColumns.joined(separator: ", "))).",
                                                     arguments: ["value": name]))
            }
            if !headerErrors.isEmpty {
                return .refused(Reading(header: headerRecord.fields, rejected: [], fileErrors: headerErrors))
            }
            var stream = Stream(header: headerRecord.fields, reader: reader, columnPositions: ColumnPositions(position),
                                slots: columns.map { position[$0] }, headerCount: header.count,
                                takenIdentifiers: takenIdentifiers, takenReferences: takenReferences)
            // Sized once for the rows the file may hold (a row takes 40 bytes or more), not
            // regrown and rehashed as they are read.
            let rows = Swift.min(maxRows, data.count / 40)
            if position["identifiers"] != nil { stream.identifierLines.reserveCapacity(rows) }
            if position["reference"] != nil { stream.referenceLines.reserveCapacity(rows) }
            return .opened(stream)
        }

        static func notUTF8(line: Int) -> FieldError {
            ChainCSV.located(line: line, column: nil, columnName: nil, key: "partners.csv.encoding",
                             message: "Line \(line) is not UTF-8 text. Save the file as \"CSV UTF-8\" (in a spreadsheet: Save as, CSV UTF-8) and import it again.",
                             arguments: ["line": String(line)])
        }

        /// The next `rows` rows (fewer at the end), nil when the file is done or ended by a
        /// problem (`fileErrors`). `parallel`: the rows' checks split among the cores; an import
        /// that writes while it reads leaves the writer a core of its own instead.
        public mutating func next(rows limit: Int, parallel: Bool = true) -> Chunk? {
            guard !ended else { return nil }
            func end(_ error: FieldError) -> Chunk? {
                ended = true
                fileErrors = [error]
                return nil
            }
            func end(_ key: String, _ message: String, line: Int, arguments: [String: String] = [:]) -> Chunk? {
                end(ChainCSV.located(line: line, column: nil, columnName: nil, key: key, message: message, arguments: arguments))
            }
            // 1. The records, in order (the split is quick; a malformed file stops here).
            var records: [CSVReader.Record] = []
            records.reserveCapacity(Swift.min(limit, 20_000))
            while records.count < limit {
                let record: CSVReader.Record
                do {
                    guard let next = try reader.nextRecord() else { ended = true; break }
                    record = next
                } catch {
                    return end("partners.csv.unclosed_quote", "A quoted cell starting on line \(error.line) is never closed.", line: error.line)
                }
                if let line = record.invalidUTF8Line { return end(Self.notUTF8(line: line)) }
                if record.fields.allSatisfy(BusinessPartnerCSV.isBlank) { continue }
                if rowsRead == maxRows {
                    return end("partners.csv.too_many_rows", "The file has more than \(maxRows) partners; split it into several files.",
                               line: record.line, arguments: ["max": String(maxRows)])
                }
                rowsRead += 1
                records.append(record)
            }
            if records.isEmpty { return nil }
            let ids = records.map { _ in BusinessPartnerID(self.ids.next()) }
            let slots = self.slots, headerCount = self.headerCount

            // 2. Each row checked on its own, the rows of a large chunk split among the cores.
            var checked = records.concurrentMap(minimumSlice: parallel ? 5_000 : Int.max) { index, record -> (partner: BusinessPartner?, errors: [Problem]) in
                var errors: [Problem] = []
                if let stray = record.strayQuote {
                    errors.append(.located(ChainCSV.located(line: record.line, column: stray.column, columnName: nil, key: "partners.csv.stray_quote",
                                                   message: "A quote is out of place; put the whole cell in double quotes and double any quote inside it.")))
                }
                if record.fields.count > headerCount,
                   record.fields[headerCount...].contains(where: { !BusinessPartnerCSV.isBlank($0) }) {
                    errors.append(.located(ChainCSV.located(line: record.line, column: headerCount + 1, columnName: nil, key: "partners.csv.extra_cell",
                                                            message: "The row has more cells than the header's \(headerCount); quote a value that contains a comma.",
                                                            arguments: ["count": String(headerCount)])))
                }
                func cell(_ slot: Int) -> String? {
                    guard let index = slots[slot], index < record.fields.count else { return nil }
                    let value = ChainCSV.unescapeFormula(record.fields[index])
                    return value.isEmpty ? nil : value
                }
                let draft = BusinessPartner.Draft(reference: cell(0), legalName: cell(1), otherNames: cell(2), country: cell(3), role: cell(4),
                                                  address: cell(5), identifiers: cell(6), sites: cell(7), contactName: cell(8), contactEmail: cell(9),
                                                  notes: cell(10))
                switch BusinessPartnerValidator.validate(draft, id: ids[index]) {
                case .success(let valid): return (valid, errors)
                case .failure(let failure): return (nil, errors + failure.errors.map(Problem.cell))
                }
            }

            // 3. In file order: identifiers and references against the registry and earlier rows.
            var partners: [BusinessPartner] = []
            var acceptedLines: [Int] = []
            var rejected: [RejectedRow] = []
            partners.reserveCapacity(records.count)
            acceptedLines.reserveCapacity(records.count)
            for index in records.indices {
                // Taken out of `records` and `checked`, so what a row no longer needs (its cells
                // once accepted, a refused row's partner) is freed as the loop goes, not at the end.
                let record = records[index]
                records[index] = CSVReader.Record(line: record.line, fields: [], strayQuote: nil)
                let (partner, checkedErrors) = checked[index]
                checked[index] = (nil, [])
                var errors = checkedErrors
                // Each identifier's key and the reference's computed once for the row.
                let identifierKeys = partner?.identifiers.map(\.key) ?? []
                let referenceKey = partner?.reference?.lowercased()
                if let valid = partner {
                    for (identifier, key) in zip(valid.identifiers, identifierKeys) {
                        if let owner = takenIdentifiers[key] {
                            errors.append(.identifierTaken(value: identifier.text, owner: owner))
                        } else if let earlier = identifierLines[key] {
                            errors.append(.identifierRepeated(value: identifier.text, earlier: Int(earlier)))
                        }
                    }
                    if let reference = valid.reference, let key = referenceKey {
                        if let owner = takenReferences[key] {
                            errors.append(.referenceTaken(value: reference, owner: owner))
                        } else if let earlier = referenceLines[key] {
                            errors.append(.referenceRepeated(value: reference, earlier: Int(earlier)))
                        }
                    }
                }
                if errors.isEmpty, let valid = partner {
                    for key in identifierKeys { identifierLines[key] = Int32(clamping: record.line) }
                    if let referenceKey { referenceLines[referenceKey] = Int32(clamping: record.line) }
                    partners.append(valid)
                    acceptedLines.append(record.line)
                } else {
                    // The record's own cells when it has the header's count (shared, not copied).
                    var cells = record.fields.count == headerCount ? record.fields : Array(record.fields.prefix(headerCount))
                    while cells.count < headerCount { cells.append("") }
                    rejected.append(RejectedRow(line: record.line, cells: cells, problems: errors, columns: columnPositions))
                }
            }
            return Chunk(partners: partners, acceptedLines: acceptedLines, rejected: rejected)
        }
    }

    /// Writes partners in the import's own columns, so an export imports again.
    public static func write(_ partners: [BusinessPartner]) -> String {
        var out = CSVReader.line(columns)
        out.reserveCapacity(partners.count * 160)
        for partner in partners {
            let draft = partner.draft
            out += CSVReader.line([draft.reference, draft.legalName, draft.otherNames, draft.country, draft.role, draft.address, draft.identifiers,
                                   draft.sites, draft.contactName, draft.contactEmail, draft.notes].map { ChainCSV.escapeFormula($0 ?? "") })
        }
        return out
    }

    /// Empty or only spaces and tabs (Foundation's trimming costs a microsecond a cell).
    static func isBlank(_ cell: String) -> Bool {
        cell.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
