import Foundation

/// Turns a CSV catalog into the same document tree YAML and JSON produce, so all three formats
/// share one reader and one set of messages.
///
/// Shape: catalog facts as `# key: value` lines above the header (id, program, version, title,
/// effective_date, notes, entity_types); then one row per criterion with the columns of
/// `requiredColumns` plus any of `optionalColumns`. Categories and focus areas come from the
/// rows. `condition` holds `id: question` (or just an id defined on an earlier row);
/// `verified` holds true, false, or the entity type codes it was verified for; `note` holds
/// provenance remarks.
enum CatalogCSVReader {
    static let requiredColumns = ["id", "focus_area", "category_number", "category_name", "level", "entity_types", "summary"]
    static let optionalColumns = ["title", "guidance", "condition", "verified", "note"]
    /// Document field names as CSV users know them.
    static let columnNames = ["category": "category_number"]

    /// The document tree plus problems only CSV can have (missing columns, ragged rows).
    static func documentTree(from text: String) throws(CatalogIssue) -> (CatalogNode, [CatalogIssue]) {
        let table = try CSVTable.parse(text)
        var issues: [CatalogIssue] = []
        var top: [(key: String, value: CatalogNode)] = []
        for comment in table.comments {
            let parts = comment.text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { continue } // a plain remark
            top.append((key: parts[0], value: .scalar(parts[1], isString: true, line: comment.line)))
        }
        guard !table.header.isEmpty else {
            throw CatalogIssue(.syntax, line: 1, field: "file",
                               message: "The file has no header row; start with: \(requiredColumns.joined(separator: ","))")
        }
        for column in requiredColumns where !table.header.contains(column) {
            issues.append(CatalogIssue(.missingField, line: table.headerLine, field: column,
                                       message: "The header has no `\(column)` column; CSV catalogs need \(requiredColumns.joined(separator: ", "))."))
        }
        for column in table.header where !(requiredColumns + optionalColumns).contains(column) {
            issues.append(CatalogIssue(.unknownField, line: table.headerLine, field: column,
                                       message: "`\(column)` is not a known column; check the spelling. Optional columns: \(optionalColumns.joined(separator: ", "))."))
        }
        let position = Dictionary(table.header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })

        var focusAreas: [String: (title: String, line: Int)] = [:]
        var focusOrder: [String] = []
        var categories: [Int: (title: String, focus: String, line: Int)] = [:]
        var criteria: [CatalogNode] = []
        for record in table.records {
            if record.fields.count != table.header.count {
                issues.append(CatalogIssue(.invalidValue, line: record.line, field: "row",
                                           message: "This row has \(record.fields.count) fields but the header has \(table.header.count); check for a missing or extra comma, or quote text containing commas."))
            }
            func cell(_ column: String) -> String? {
                guard let index = position[column], index < record.fields.count else { return nil }
                let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            func node(_ value: String?) -> CatalogNode {
                value.map { .scalar($0, isString: true, line: record.line) } ?? .null(line: record.line)
            }
            let focusTitle = cell("focus_area")
            let focusID = focusTitle.map(FocusArea.id(forTitle:))
            if let focusTitle, let focusID, focusAreas[focusID] == nil {
                focusAreas[focusID] = (focusTitle, record.line)
                focusOrder.append(focusID)
            }
            if let numberText = cell("category_number"), let number = Int(numberText), let name = cell("category_name") {
                if let known = categories[number] {
                    if known.title != name || (focusID != nil && known.focus != focusID) {
                        issues.append(CatalogIssue(.invalidValue, line: record.line, field: "category_name", itemID: "category \(number)",
                                                   message: "Category \(number) is named `\(known.title)` in \(known.focus) on line \(known.line) but `\(name)` in \(focusID ?? "no focus area") here; use one name and focus area per category."))
                    }
                } else {
                    categories[number] = (name, focusID ?? "", record.line)
                }
            }
            var pairs: [(key: String, value: CatalogNode)] = [
                ("id", node(cell("id"))), ("category", node(cell("category_number"))),
                ("title", node(cell("title") ?? cell("summary").map(derivedTitle))), ("summary", node(cell("summary"))),
                ("guidance", node(cell("guidance"))), ("level", node(cell("level"))), ("entity_types", node(cell("entity_types"))),
                ("verified", node(cell("verified"))), ("note", node(cell("note"))),
            ]
            if let condition = cell("condition") {
                let parts = condition.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 {
                    pairs.append(("condition", .map([("id", node(parts[0])), ("question", node(parts[1]))], line: record.line)))
                } else {
                    pairs.append(("condition", node(condition)))
                }
            }
            criteria.append(.map(pairs, line: record.line))
        }
        let focusNodes = focusOrder.map { id in
            CatalogNode.map([("id", .scalar(id, isString: true, line: focusAreas[id]?.line)),
                             ("title", .scalar(focusAreas[id]?.title ?? id, isString: true, line: focusAreas[id]?.line))],
                            line: focusAreas[id]?.line)
        }
        let categoryNodes = categories.keys.sorted().map { number in
            let category = categories[number]!
            return CatalogNode.map([("number", .scalar(String(number), isString: false, line: category.line)),
                                    ("title", .scalar(category.title, isString: true, line: category.line)),
                                    ("focus_area", .scalar(category.focus, isString: true, line: category.line))],
                                   line: category.line)
        }
        top.append((key: "focus_areas", value: .list(focusNodes, line: table.headerLine)))
        top.append((key: "categories", value: .list(categoryNodes, line: table.headerLine)))
        top.append((key: "criteria", value: .list(criteria, line: table.headerLine)))
        return (.map(top, line: 1), issues)
    }

    /// Rewords document-level messages for CSV: column names, and where catalog facts go.
    static func adapt(_ issue: CatalogIssue) -> CatalogIssue {
        if issue.itemID == nil, issue.kind == .missingField, CatalogDocumentReader.topLevelFields.contains(issue.field) {
            return CatalogIssue(.missingField, line: issue.line, field: issue.field,
                                message: "The catalog's `\(issue.field)` is missing; add a line `# \(issue.field): ...` above the header row.")
        }
        guard let column = columnNames[issue.field] else { return issue }
        return CatalogIssue(issue.kind, line: issue.line, field: column, itemID: issue.itemID,
                            message: issue.message.replacingOccurrences(of: "`\(issue.field)`", with: "`\(column)`"))
    }

    /// A short title from a summary when the file has no title column: the first clause,
    /// cut at a word boundary.
    static func derivedTitle(_ summary: String) -> String {
        let clause = summary.split(whereSeparator: { ";.:".contains($0) }).first.map(String.init) ?? summary
        guard clause.count > 60 else { return clause }
        var title = ""
        for word in clause.split(separator: " ") {
            if title.count + word.count + 1 > 57 { break }
            title += title.isEmpty ? String(word) : " " + word
        }
        return title + "..."
    }
}
