import Foundation

/// The Consolidated Screening List's bulk download (data.trade.gov, rebuilt hourly): one file
/// merging thirteen lists of Commerce (DPL, EL, MEU, UVL), State (ISN, DTC) and the Treasury
/// (CAP, CMIC, FSE, MBS, PLC, SSI, SDN), read into one `DeniedPartyList` whose entries each say
/// their `source` list (see `../shared/domain/daily-operations.md`, "Denied-party / sanctions files").
///
/// Two forms of the same records:
///
/// - **CSV** (`consolidated.csv`): a header row, then one record a line. The columns, as the
///   download names them: `_id, source, entity_number, type, programs, name, title, addresses,
///   federal_register_notice, start_date, end_date, standard_order, license_requirement,
///   license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,
///   vessel_owner, remarks, source_list_url, alt_names, citizenships, dates_of_birth,
///   nationalities, places_of_birth, source_information_url, ids` (older files lack `_id`).
///   Columns are found by name, so only `source` and `name` must be there. Multi-valued cells
///   (`programs`, `alt_names`, `addresses`) join their values with "; "; an address is its
///   parts joined with ", ", ending with the ISO 3166 alpha-2 country ("Komitas 1, Yerevan, AM").
/// - **JSON** (`consolidated.json`): `{"results": [record, ...]}` (a bare array is accepted too);
///   a record has `id, source, entity_number, type, name, alt_names [..], programs [..],
///   addresses [{address, city, state, postal_code, country}], remarks, start_date, ...`, any of
///   them possibly `null`.
///
/// An entry's `number` is the file's `_id` / `id` (unique across the merged lists, where
/// `entity_number` is not and is empty outside the Treasury lists); a file without ids numbers
/// entries by line ("line 12") or record ("record 12"). `start_date` becomes `listedOn` when it is a `YYYY-MM-DD` day and
/// is otherwise left out: it informs a reviewer but decides nothing, so an odd date in a
/// government file does not refuse the whole list. A missing name or source, a malformed record
/// or a value of the wrong JSON type does: the file is refused whole, every problem named.
public enum ConsolidatedScreeningList {
    /// The name a list read from the CSL carries as `DeniedPartyList.source`.
    public static let listName = "Consolidated Screening List"

    /// Reads a download of either form: JSON when its first character is `{` or `[`, CSV otherwise.
    public static func parse(_ data: Data, file: String, source: String = listName) throws(ListImportError) -> DeniedPartyList {
        let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return try parseJSON(data, file: file, source: source) }
        return try parseCSV(String(decoding: data, as: UTF8.self), file: file, source: source)
    }

    /// Reads the CSV form.
    public static func parseCSV(_ text: String, file: String, source: String = listName) throws(ListImportError) -> DeniedPartyList {
        var problems: [ListImportError.Problem] = []
        guard let table = ListCSVTable.read(text, file: file, problems: &problems) else { throw ListImportError(problems: problems) }
        let missing = ["source", "name"].filter { !table.has($0) }
        if !missing.isEmpty {
            let names = missing.map { "`\($0)`" }.joined(separator: " and ")
            problems.append(.init(file: file, line: table.headerLine, message: "the header has no \(names) column: is this the Consolidated Screening List CSV (columns _id, source, entity_number, type, programs, name, ...)?"))
            throw ListImportError(problems: problems)
        }
        var entries: [DeniedPartyList.Entry] = []
        for (line, fields) in table.rows {
            let record = Record(id: table.value(fields, "_id").nonEmpty ?? table.value(fields, "id").nonEmpty
                                    ?? table.value(fields, "entity_number").nonEmpty ?? "line \(line)",
                                source: table.value(fields, "source"), name: table.value(fields, "name"),
                                type: table.value(fields, "type"), programs: ListCSVTable.values(table.value(fields, "programs")),
                                aliases: ListCSVTable.values(table.value(fields, "alt_names")),
                                addresses: ListCSVTable.values(table.value(fields, "addresses")).map(address),
                                remarks: table.value(fields, "remarks"), startDate: table.value(fields, "start_date"))
            if let entry = record.entry(file: file, place: .line(line), problems: &problems) { entries.append(entry) }
        }
        if entries.isEmpty && problems.isEmpty {
            problems.append(.init(file: file, line: table.headerLine + 1, message: "no entries after the header row"))
        }
        guard problems.isEmpty else { throw ListImportError(problems: ListCSVTable.inLineOrder(problems)) }
        return DeniedPartyList(source: source, entries: entries)
    }

    /// Reads the JSON form.
    public static func parseJSON(_ data: Data, file: String, source: String = listName) throws(ListImportError) -> DeniedPartyList {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw ListImportError(problems: [.init(file: file, place: .file, message: "not readable JSON (\(jsonReason(error)))")])
        }
        let results: [Any]
        if let array = root as? [Any] {
            results = array
        } else if let object = root as? [String: Any], let array = object["results"] as? [Any] {
            results = array
        } else {
            throw ListImportError(problems: [.init(file: file, place: .file,
                                                   message: "a `results` array of entries (or a bare array) expected at the top")])
        }
        var problems: [ListImportError.Problem] = []
        var entries: [DeniedPartyList.Entry] = []
        for (index, value) in results.enumerated() {
            let place = ListImportError.Problem.Place.record(index + 1)
            func fail(_ message: String) { problems.append(.init(file: file, place: place, message: message)) }
            guard let object = value as? [String: Any] else {
                fail("an object expected, with at least `source` and `name`")
                continue
            }
            var wrong: [String] = []
            func text(_ key: String) -> String {
                switch object[key] {
                case nil, is NSNull: return ""
                case let string as String: return string.trimmingCharacters(in: .whitespaces)
                case let number as NSNumber: return number.stringValue
                default: wrong.append("`\(key)` must be text or null"); return ""
                }
            }
            func texts(_ key: String) -> [String] {
                switch object[key] {
                case nil, is NSNull: return []
                case let string as String: return ListCSVTable.values(string)
                case let array as [Any] where array.allSatisfy({ $0 is String }):
                    return array.compactMap { ($0 as? String)?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                default: wrong.append("`\(key)` must be a list of texts or null"); return []
                }
            }
            var addresses: [DeniedPartyList.Address] = []
            switch object["addresses"] {
            case nil, is NSNull: break
            case let array as [Any]:
                for item in array {
                    guard let parts = item as? [String: Any] else {
                        wrong.append("each of `addresses` must be an object (address, city, state, postal_code, country)")
                        break
                    }
                    func part(_ key: String) -> String { (parts[key] as? String)?.trimmingCharacters(in: .whitespaces) ?? "" }
                    let cityLine = [part("city"), part("state"), part("postal_code")].filter { !$0.isEmpty }.joined(separator: ", ")
                    addresses.append(.init(street: part("address"), cityLine: cityLine, country: part("country").uppercased()))
                }
            default: wrong.append("`addresses` must be a list of objects or null")
            }
            let record = Record(id: text("id").nonEmpty ?? text("_id").nonEmpty ?? text("entity_number").nonEmpty ?? "record \(index + 1)",
                                source: text("source"), name: text("name"), type: text("type"), programs: texts("programs"),
                                aliases: texts("alt_names"), addresses: addresses, remarks: text("remarks"), startDate: text("start_date"))
            for message in wrong { fail(message) }
            guard wrong.isEmpty else { continue }
            if let entry = record.entry(file: file, place: place, problems: &problems) { entries.append(entry) }
        }
        if entries.isEmpty && problems.isEmpty {
            problems.append(.init(file: file, place: .file, message: "no entries: the `results` array is empty"))
        }
        guard problems.isEmpty else { throw ListImportError(problems: problems) }
        return DeniedPartyList(source: source, entries: entries)
    }

    /// The short code in a CSL source name: "SDN" for "Specially Designated Nationals (SDN) -
    /// Treasury Department", "NS-MBS" for "... (NS-MBS List) - ..."; nil when there is none.
    public static func sourceCode(_ source: String) -> String? {
        guard let open = source.firstIndex(of: "("), let close = source[open...].firstIndex(of: ")") else { return nil }
        var code = source[source.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        if code.hasSuffix(" List") { code.removeLast(" List".count) }
        return code.isEmpty ? nil : code
    }

    /// One address of the CSV form: its parts joined with ", ", the last an ISO alpha-2 code when
    /// the list knows the country ("Komitas 1, Yerevan, AM"; "IR" alone).
    static func address(_ text: String) -> DeniedPartyList.Address {
        let text = dropLeadingAnd(text)
        var parts = text.components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let last = parts.last, last.count == 2, last.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            return .init(street: text)
        }
        parts.removeLast()
        return .init(street: parts.joined(separator: ", "), country: last)
    }

    /// The Entity List writes its last alias or address as "...; and X": the split leaves "and X".
    static func dropLeadingAnd(_ text: String) -> String {
        text.lowercased().hasPrefix("and ") ? String(text.dropFirst(4)).trimmingCharacters(in: .whitespaces) : text
    }

    /// What JSONSerialization says, without Foundation's error-domain noise where it gives more.
    static func jsonReason(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
    }

    /// One record of either form, checked and made an entry.
    struct Record {
        let id, source, name, type: String
        let programs, aliases: [String]
        let addresses: [DeniedPartyList.Address]
        let remarks, startDate: String

        func entry(file: String, place: ListImportError.Problem.Place, problems: inout [ListImportError.Problem]) -> DeniedPartyList.Entry? {
            var fine = true
            if source.isEmpty {
                problems.append(.init(file: file, place: place, message: "`source` is empty: every entry names the list it comes from"))
                fine = false
            }
            if name.isEmpty {
                problems.append(.init(file: file, place: place, message: "`name` is empty: every entry needs a name"))
                fine = false
            }
            guard fine else { return nil }
            return DeniedPartyList.Entry(number: id, name: name, type: type, programs: programs,
                                         aliases: aliases.map(ConsolidatedScreeningList.dropLeadingAnd).filter { !$0.isEmpty },
                                         addresses: addresses, remarks: remarks, source: source, listedOn: ProgramDay(startDate))
        }
    }
}

extension String {
    /// The string, or nil when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
