import Foundation

/// The UFLPA Entity List (DHS, as chair of the Forced Labor Enforcement Task Force) in a CSV
/// format of **Trustlane's own, not DHS's**: DHS publishes the list as tables on a web page
/// (dhs.gov/uflpa-entity-list) and in Federal Register notices, and, as far as we could find,
/// in no machine-readable file (unverified: read from secondary descriptions of the page, not
/// confirmed on dhs.gov). The user builds this file from DHS's published list and keeps it up to
/// date as DHS adds entities; screening suppliers against it is then the same as against any
/// denied-party list (`../shared/domain/daily-operations.md`, section 1, forced labor).
///
/// The format:
///
/// ```
/// # UFLPA Entity List, copied from dhs.gov on 2025-01-15
/// name,aliases,country,address,listed_on,notes
/// Example Cotton Co. Ltd.,Example Cotton; Example Textile Group,CN,"1 Example Road, Urumqi",2024-05-16,list (iii)
/// ```
///
/// - A header row naming the columns, in any order: `name` (required), `aliases`, `country`,
///   `address`, `listed_on`, `notes` (each optional); any other column is refused, so a typo in
///   the header cannot silently drop a column.
/// - `name`: the entity as DHS lists it; required, and once per file (case ignored).
/// - `aliases`: the other names DHS gives ("also known as"), separated by `;`.
/// - `country`: ISO 3166 alpha-2 ("CN"), or empty.
/// - `address`: as written, or empty.
/// - `listed_on`: the day the entity was added, `YYYY-MM-DD`, or empty.
/// - `notes`: anything else (which of the four statutory lists, the Federal Register notice).
/// - Lines starting with `#` are comments; blank lines are skipped; fields follow RFC 4180
///   (quotes around a field that holds a comma).
///
/// An entry's `number` is its line in the file (the list has no numbers of its own). A file that
/// fails any check is refused whole, every problem named by line and field.
public enum UFLPAEntityListCSV {
    /// The columns the format knows, in the order a new file writes them.
    public static let columns = ["name", "aliases", "country", "address", "listed_on", "notes"]
    /// The name a list read from this format carries as `DeniedPartyList.source` and each entry as `source`.
    public static let listName = "UFLPA Entity List"

    public static func parse(_ text: String, file: String, source: String = listName) throws(ListImportError) -> DeniedPartyList {
        var problems: [ListImportError.Problem] = []
        guard let table = ListCSVTable.read(text, file: file, comments: true, problems: &problems) else {
            throw ListImportError(problems: problems)
        }
        let allowed = "allowed: " + columns.joined(separator: ", ")
        for name in table.header where !columns.contains(name) {
            problems.append(.init(file: file, line: table.headerLine, message: "unknown column `\(name)` (\(allowed))"))
        }
        if !table.has("name") {
            problems.append(.init(file: file, line: table.headerLine, message: "the header has no `name` column (\(allowed))"))
        }
        guard problems.isEmpty else { throw ListImportError(problems: problems) }

        var entries: [DeniedPartyList.Entry] = []
        var lineByName: [String: Int] = [:]
        for (line, fields) in table.rows {
            func fail(_ message: String) { problems.append(.init(file: file, line: line, message: message)) }
            let name = table.value(fields, "name")
            let country = table.value(fields, "country").uppercased()
            let listedOn = table.value(fields, "listed_on")
            var fine = true
            if name.isEmpty {
                fail("`name` is empty: every entry needs a name")
                fine = false
            } else if let earlier = lineByName[name.lowercased()] {
                fail("`name` \"\(name.prefix(60))\" is already on line \(earlier): one line an entity, its other names in `aliases`")
                fine = false
            }
            if !country.isEmpty, !(country.count == 2 && country.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }) {
                fail("`country` \"\(country.prefix(30))\" is not an ISO 3166 alpha-2 code (\"CN\"); leave it empty when unknown")
                fine = false
            }
            let day = ProgramDay(listedOn)
            if !listedOn.isEmpty, day == nil {
                fail("`listed_on` \"\(listedOn.prefix(30))\" is not a YYYY-MM-DD day; leave it empty when unknown")
                fine = false
            }
            guard fine else { continue }
            lineByName[name.lowercased()] = line
            let address = table.value(fields, "address")
            let addresses = address.isEmpty && country.isEmpty ? [] : [DeniedPartyList.Address(street: address, country: country)]
            entries.append(.init(number: String(line), name: name, aliases: ListCSVTable.values(table.value(fields, "aliases")),
                                 addresses: addresses, remarks: table.value(fields, "notes"), source: listName, listedOn: day))
        }
        if entries.isEmpty && problems.isEmpty {
            problems.append(.init(file: file, line: table.headerLine + 1, message: "no entries after the header row"))
        }
        guard problems.isEmpty else { throw ListImportError(problems: ListCSVTable.inLineOrder(problems)) }
        return DeniedPartyList(source: source, entries: entries)
    }
}
