import Foundation

/// One imported denied-party list (issue 15): its entries with their aliases and addresses, as
/// read from files the user downloaded. Nothing is fetched and nothing is sent: screening runs
/// against this snapshot on the server.
public struct DeniedPartyList: Hashable, Sendable {
    public struct Address: Hashable, Sendable {
        public let street: String
        public let cityLine: String
        /// As the list writes it: a name for OFAC ("Indonesia"), an ISO 3166 code for the
        /// Consolidated Screening List ("ID"). Screening accepts either.
        public let country: String

        public init(street: String = "", cityLine: String = "", country: String = "") {
            self.street = street
            self.cityLine = cityLine
            self.country = country
        }
    }

    public struct Entry: Hashable, Sendable {
        /// The list's own number for the entry (OFAC's `ent_num`).
        public let number: String
        public let name: String
        /// individual, entity, vessel or aircraft, as the list says (empty when not given).
        public let type: String
        public let programs: [String]
        public let aliases: [String]
        public let addresses: [Address]
        public let remarks: String
        /// The list the entry comes from, as that list names itself. A merged file says it per
        /// entry (the Consolidated Screening List: "Entity List (EL) - Bureau of Industry and
        /// Security"); empty where the whole file is one list and `DeniedPartyList.source` says it.
        public let source: String
        /// The day the entry took effect, where the list gives one (the CSL's `start_date`).
        public let listedOn: ProgramDay?

        public init(number: String, name: String, type: String = "", programs: [String] = [], aliases: [String] = [],
                    addresses: [Address] = [], remarks: String = "", source: String = "", listedOn: ProgramDay? = nil) {
            self.number = number
            self.name = name
            self.type = type
            self.programs = programs
            self.aliases = aliases
            self.addresses = addresses
            self.remarks = remarks
            self.source = source
            self.listedOn = listedOn
        }

        /// The primary name and every alias.
        public var names: [String] { [name] + aliases }

        /// The countries of the entry's addresses, each once, in the list's order.
        public var countries: [String] {
            var seen: Set<String> = []
            return addresses.map(\.country).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
    }

    /// Which list it is ("OFAC SDN", "OFAC consolidated").
    public let source: String
    public let entries: [Entry]

    public init(source: String, entries: [Entry]) {
        self.source = source
        self.entries = entries
    }
}

/// OFAC's legacy CSV set: `sdn.csv` (or `cons_prim.csv`), `alt.csv`, `add.csv` and
/// `sdn_comments.csv` (or the `cons_` ones). No header row; fields in double quotes; records end
/// with a CR (a CRLF or LF is accepted too); `-0-` stands for an empty field; the files may end
/// with a Ctrl-Z. Fields in order, per OFAC's data specification (`../shared/domain/daily-operations.md`,
/// "Denied-party / sanctions files"):
///
/// - primary: ent_num, name, type, programs, title, call sign, vessel type, tonnage, GRT, vessel
///   flag, vessel owner, remarks (12);
/// - alt: ent_num, alt_num, alt_type, alt_name, alt_remarks (5);
/// - add: ent_num, add_num, address, city/state/province/postal code, country, add_remarks (6);
/// - comments: ent_num, remarks overflow (2).
public enum OFACLegacyCSV {
    public struct Files: Sendable {
        public var primary: (name: String, text: String)
        public var aliases: (name: String, text: String)?
        public var addresses: (name: String, text: String)?
        public var comments: (name: String, text: String)?

        public init(primary: (name: String, text: String), aliases: (name: String, text: String)? = nil,
                    addresses: (name: String, text: String)? = nil, comments: (name: String, text: String)? = nil) {
            self.primary = primary
            self.aliases = aliases
            self.addresses = addresses
            self.comments = comments
        }
    }

    static let primaryFields = 12, aliasFields = 5, addressFields = 6, commentFields = 2

    public static func parse(_ files: Files, source: String) throws(ListImportError) -> DeniedPartyList {
        var problems: [ListImportError.Problem] = []
        func records(_ file: (name: String, text: String), fields: Int) -> [(line: Int, fields: [String])] {
            var reader = CSVReader(file.text)
            var out: [(Int, [String])] = []
            while true {
                let record: CSVReader.Record?
                do { record = try reader.nextRecord() } catch {
                    problems.append(.init(file: file.name, line: error.line, message: "a quoted field is never closed"))
                    break
                }
                guard let record else { break }
                if record.isBlank || (record.fields.count == 1 && record.fields[0].trimmingCharacters(in: .whitespaces) == "\u{1A}") { continue }
                if record.strayQuote != nil {
                    problems.append(.init(file: file.name, line: record.line, message: "a quote out of place"))
                    continue
                }
                guard record.fields.count == fields else {
                    problems.append(.init(file: file.name, line: record.line, message: "\(record.fields.count) fields, \(fields) expected"))
                    continue
                }
                out.append((record.line, record.fields.map { $0 == "-0-" ? "" : $0.trimmingCharacters(in: .whitespaces) }))
            }
            return out
        }
        func number(_ text: String, _ file: String, _ line: Int) -> String? {
            guard !text.isEmpty, text.allSatisfy(\.isNumber) else {
                problems.append(.init(file: file, line: line, message: "the entity number \"\(text.prefix(20))\" is not a number"))
                return nil
            }
            return text
        }

        var order: [String] = []
        var primary: [String: (name: String, type: String, programs: [String], remarks: String)] = [:]
        for (line, fields) in records(files.primary, fields: primaryFields) {
            guard let id = number(fields[0], files.primary.name, line) else { continue }
            guard !fields[1].isEmpty else {
                problems.append(.init(file: files.primary.name, line: line, message: "the name is empty"))
                continue
            }
            guard primary[id] == nil else {
                problems.append(.init(file: files.primary.name, line: line, message: "entity number \(id) appears twice"))
                continue
            }
            order.append(id)
            let programs = fields[3].split(separator: "]").map { $0.replacingOccurrences(of: "[", with: "").trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            primary[id] = (fields[1], fields[2], programs, fields[11])
        }
        var aliases: [String: [String]] = [:]
        var addresses: [String: [DeniedPartyList.Address]] = [:]
        var comments: [String: String] = [:]
        func known(_ id: String, _ file: String, _ line: Int) -> Bool {
            guard primary[id] != nil else {
                problems.append(.init(file: file, line: line, message: "entity number \(id) is not in \(files.primary.name)"))
                return false
            }
            return true
        }
        if let file = files.aliases {
            for (line, fields) in records(file, fields: aliasFields) {
                guard let id = number(fields[0], file.name, line), known(id, file.name, line) else { continue }
                if !fields[3].isEmpty { aliases[id, default: []].append(fields[3]) }
            }
        }
        if let file = files.addresses {
            for (line, fields) in records(file, fields: addressFields) {
                guard let id = number(fields[0], file.name, line), known(id, file.name, line) else { continue }
                addresses[id, default: []].append(.init(street: fields[2], cityLine: fields[3], country: fields[4]))
            }
        }
        if let file = files.comments {
            for (line, fields) in records(file, fields: commentFields) {
                guard let id = number(fields[0], file.name, line), known(id, file.name, line) else { continue }
                comments[id, default: ""] += " " + fields[1]
            }
        }
        if order.isEmpty && problems.isEmpty {
            problems.append(.init(file: files.primary.name, line: 1, message: "no entries: is this the primary file (sdn.csv or cons_prim.csv)?"))
        }
        guard problems.isEmpty else { throw ListImportError(problems: problems) }
        let entries = order.map { id -> DeniedPartyList.Entry in
            let entry = primary[id]!
            return DeniedPartyList.Entry(number: id, name: entry.name, type: entry.type, programs: entry.programs, aliases: aliases[id] ?? [],
                                         addresses: addresses[id] ?? [],
                                         remarks: (entry.remarks + (comments[id] ?? "")).trimmingCharacters(in: .whitespaces))
        }
        return DeniedPartyList(source: source, entries: entries)
    }
}
