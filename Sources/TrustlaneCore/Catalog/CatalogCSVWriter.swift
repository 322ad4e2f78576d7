import Foundation

/// Writes a catalog as CSV in the shape `CatalogCSVReader` reads: catalog facts as `# key: value`
/// lines, then one row per criterion. Eligibility questions and category restrictions have no
/// place in CSV and are left out; use YAML or JSON to keep them.
enum CatalogCSVWriter {
    static let columns = ["id", "focus_area", "category_number", "category_name", "level", "entity_types",
                          "title", "summary", "guidance", "condition", "verified", "note"]

    static func csv(_ catalog: Catalog) -> String {
        var out = ""
        let facts: [(String, String)] = [
            ("id", catalog.id), ("program", catalog.program), ("version", catalog.version), ("title", catalog.title),
            ("effective_date", catalog.effectiveDateText), ("notes", catalog.notes),
        ]
        for (key, value) in facts where !value.isEmpty {
            out += "# \(key): " + value.replacingOccurrences(of: "\n", with: " ") + "\n"
        }
        if Set(catalog.entityTypes) != Set(EntityType.allCases) {
            out += "# entity_types: " + catalog.entityTypes.map(\.code).joined(separator: ";") + "\n"
        }
        out += CSVTable.line(columns)
        for criterion in catalog.criteria {
            let category = catalog.category(number: criterion.categoryNumber)
            let focus = category.flatMap { catalog.focusArea(id: $0.focusAreaID) }
            let verified: String
            if criterion.verifiedEntityTypes.isEmpty {
                verified = "false"
            } else if criterion.verified {
                verified = "true"
            } else {
                verified = criterion.verifiedEntityTypes.sorted().map(\.code).joined(separator: ";")
            }
            out += CSVTable.line([
                criterion.id.rawValue, focus?.title ?? "", String(criterion.categoryNumber), category?.title ?? "",
                criterion.level.title, criterion.sortedEntityTypes.map(\.code).joined(separator: ";"),
                criterion.title, criterion.summary, criterion.guidance,
                criterion.condition.map { "\($0.id): \($0.question)" } ?? "", verified, criterion.note,
            ])
        }
        return out
    }
}
