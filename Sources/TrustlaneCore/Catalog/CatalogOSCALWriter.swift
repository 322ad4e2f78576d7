import Crypto
import Foundation

/// Builds the OSCAL catalog document (https://pages.nist.gov/OSCAL/) for `CatalogExporter`.
/// OSCAL ids must start with a letter, so criterion `3.4` becomes control `msc-3.4` and category
/// 3 becomes group `category-3`. The catalog uuid is derived from the catalog id (UUID v5), so
/// repeated exports are identical.
enum CatalogOSCALWriter {
    static func document(_ catalog: Catalog) -> CatalogNode {
        let ns = CatalogExporter.oscalNamespace
        var metadata: [(String, CatalogNode)] = [
            ("title", .text(catalog.title)),
            ("last-modified", .text(catalog.effectiveDateText + "T00:00:00Z")),
            ("version", .text(catalog.version)),
            ("oscal-version", .text(CatalogExporter.oscalVersion)),
            ("props", .list([
                prop("program", catalog.program, ns: ns),
                prop("catalog-id", catalog.id, ns: ns),
                prop("effective-date", catalog.effectiveDateText, ns: ns),
            ], line: nil)),
        ]
        if !catalog.notes.isEmpty { metadata.append(("remarks", .text(catalog.notes))) }
        let groups = catalog.focusAreas.map { area in
            let categories = catalog.categories.filter { $0.focusAreaID == area.id }.map { category(catalog, $0) }
            return CatalogNode.object([
                ("id", .text(token(area.id))), ("class", .text("focus-area")), ("title", .text(area.title)),
                ("groups", .list(categories, line: nil)),
            ])
        }
        return .object([("catalog", .object([
            ("uuid", .text(uuidV5(name: "trustlane:catalog:\(catalog.id)"))),
            ("metadata", .object(metadata)),
            ("groups", .list(groups, line: nil)),
        ]))])
    }

    private static func category(_ catalog: Catalog, _ category: CriterionCategory) -> CatalogNode {
        let controls = catalog.criteria.filter { $0.categoryNumber == category.number }
            .sorted { $0.id < $1.id }
            .map(control)
        var pairs: [(String, CatalogNode)] = [
            ("id", .text("category-\(category.number)")), ("class", .text("category")), ("title", .text(category.title)),
            ("props", .list([prop("label", String(category.number))], line: nil)),
        ]
        if !controls.isEmpty { pairs.append(("controls", .list(controls, line: nil))) }
        return .object(pairs)
    }

    private static func control(_ criterion: Criterion) -> CatalogNode {
        let ns = CatalogExporter.oscalNamespace
        let id = "msc-\(criterion.id.rawValue)"
        var props: [CatalogNode] = [
            prop("label", criterion.id.rawValue),
            prop("sort-id", criterion.id.sortKey),
            prop("level", criterion.level.rawValue, ns: ns),
        ]
        props += criterion.sortedEntityTypes.map { prop("entity-type", $0.code, ns: ns) }
        props.append(prop("verified", criterion.verified ? "true" : "false", ns: ns))
        props += criterion.verifiedEntityTypes.sorted().map { prop("verified-for", $0.code, ns: ns) }
        if let condition = criterion.condition { props.append(prop("condition", condition.id, ns: ns)) }
        var parts: [CatalogNode] = [
            .object([("id", .text("\(id)_smt")), ("name", .text("statement")), ("prose", .text(criterion.summary))]),
        ]
        if !criterion.guidance.isEmpty {
            parts.append(.object([("id", .text("\(id)_gdn")), ("name", .text("guidance")), ("prose", .text(criterion.guidance))]))
        }
        if !criterion.note.isEmpty {
            parts.append(.object([("id", .text("\(id)_prv")), ("name", .text("provenance")), ("ns", .text(ns)),
                                  ("prose", .text(criterion.note))]))
        }
        if let condition = criterion.condition {
            parts.append(.object([("id", .text("\(id)_cnd")), ("name", .text("applicability")), ("ns", .text(ns)),
                                  ("prose", .text("Applies when the answer is yes: \(condition.question)"))]))
        }
        return .object([
            ("id", .text(id)), ("class", .text("criterion")), ("title", .text(criterion.title)),
            ("props", .list(props, line: nil)), ("parts", .list(parts, line: nil)),
        ])
    }

    private static func prop(_ name: String, _ value: String, ns: String? = nil) -> CatalogNode {
        var pairs: [(String, CatalogNode)] = [("name", .text(name))]
        if let ns { pairs.append(("ns", .text(ns))) }
        pairs.append(("value", .text(value)))
        return .object(pairs)
    }

    /// An OSCAL token: starts with a letter or `_`, then letters, digits, `.`, `-`, `_`.
    static func token(_ text: String) -> String {
        let cleaned = String(text.map { $0.isLetter || $0.isNumber || ".-_".contains($0) ? $0 : "-" })
        guard let first = cleaned.first, first.isLetter || first == "_" else { return "x-" + cleaned }
        return cleaned
    }

    /// A name-based UUID (version 5, SHA-1) in the URL namespace.
    static func uuidV5(name: String) -> String {
        let namespace: [UInt8] = [0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}
