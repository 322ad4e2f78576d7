import Foundation

/// Reads a catalog document tree (parsed from YAML or JSON) into a `Catalog`, collecting every
/// problem with its line and field instead of stopping at the first.
///
/// Items that cannot be read (no id, no level, ...) are left out of the result and
/// `droppedItems` is set, so the validator can skip whole-catalog checks that would only repeat
/// those problems.
struct CatalogDocumentReader {
    var issues: [CatalogIssue] = []
    var sourceMap = CatalogSourceMap()
    var droppedItems = false
    /// What `all` means in `entity_types`: the catalog's declared types, else all twelve.
    var coveredTypes: [EntityType] = EntityType.allCases
    var conditionsByID: [String: ApplicabilityCondition] = [:]
    /// Conditions defined inside a criterion (as CSV rows do) rather than under `conditions`.
    var inlineConditions: [ApplicabilityCondition] = []

    static let topLevelFields = ["id", "program", "version", "title", "effective_date", "notes", "entity_types",
                                 "focus_areas", "categories", "conditions", "criteria", "eligibility",
                                 "sources", "replaces", "mapping"]

    /// Reads a whole document; `nil` only when the root is not a mapping.
    mutating func read(_ root: CatalogNode) -> Catalog? {
        guard case .map(let pairs, _) = root else {
            report(.invalidValue, line: root.line, field: "file",
                   "The document is \(root.shapeName); a catalog file is a mapping with id, program, version, title, effective_date, categories and criteria.")
            return nil
        }
        for pair in pairs { sourceMap.topLevel[pair.key] = pair.value.line ?? root.line }
        checkFields(root, allowed: Self.topLevelFields, itemID: nil, what: "the catalog")

        let id = text(root["id"], field: "id", itemID: nil, line: root.line) ?? ""
        let program = text(root["program"], field: "program", itemID: nil, line: root.line) ?? ""
        let version = text(root["version"], field: "version", itemID: nil, line: root.line) ?? ""
        let title = text(root["title"], field: "title", itemID: nil, line: root.line) ?? ""
        let notes = text(root["notes"], field: "notes", itemID: nil, line: root.line, required: false) ?? ""
        let effectiveDate = date(root["effective_date"], field: "effective_date", line: root.line)
        var declaredTypes: [EntityType]?
        if let node = root["entity_types"] {
            declaredTypes = entityTypes(node, field: "entity_types", itemID: nil, line: root.line)?.sorted()
            coveredTypes = declaredTypes ?? coveredTypes
        }
        let replaces = text(root["replaces"], field: "replaces", itemID: nil, line: root.line, required: false)
        let sources = readSources(root["sources"])
        let moves = readMoves(root["mapping"])
        let focusAreas = readFocusAreas(root["focus_areas"], line: root.line)
        let categories = readCategories(root["categories"], line: root.line)
        let conditions = readConditions(root["conditions"])
        let criteria = readCriteria(root["criteria"], line: root.line)
        let questions = readEligibility(root["eligibility"])
        return Catalog(id: id, program: program, version: version, title: title,
                       effectiveDate: effectiveDate ?? Date(timeIntervalSince1970: 0), notes: notes,
                       entityTypes: declaredTypes, focusAreas: focusAreas, categories: categories,
                       conditions: conditions + inlineConditions, criteria: criteria, eligibilityQuestions: questions,
                       sources: sources, replaces: replaces, moves: moves)
    }

    // MARK: Sections

    private mutating func readFocusAreas(_ node: CatalogNode?, line: Int?) -> [FocusArea] {
        items(node, field: "focus_areas", line: line, required: true).compactMap { item in
            checkFields(item, allowed: ["id", "title"], itemID: nil, what: "a focus area")
            guard let id = text(item["id"], field: "focus_areas.id", itemID: nil, line: item.line),
                  let title = text(item["title"], field: "focus_areas.title", itemID: "focus area \(id)", line: item.line)
            else { droppedItems = true; return nil }
            return FocusArea(id: id, title: title)
        }
    }

    private mutating func readCategories(_ node: CatalogNode?, line: Int?) -> [CriterionCategory] {
        var result: [CriterionCategory] = []
        for item in items(node, field: "categories", line: line, required: true) {
            checkFields(item, allowed: ["number", "title", "focus_area", "entity_types"], itemID: nil, what: "a category")
            let number = integer(item["number"], field: "number", itemID: nil, line: item.line)
            let label = number.map { "category \($0)" }
            let title = text(item["title"], field: "title", itemID: label, line: item.line)
            let focusArea = text(item["focus_area"], field: "focus_area", itemID: label, line: item.line)
            var types: Set<EntityType>?
            if let typesNode = item["entity_types"] {
                types = entityTypes(typesNode, field: "entity_types", itemID: label, line: item.line)
            }
            guard let number, let title, let focusArea else { droppedItems = true; continue }
            sourceMap.categories[result.count] = lines(of: item)
            result.append(CriterionCategory(number: number, title: title, focusAreaID: focusArea, entityTypes: types))
        }
        return result
    }

    private mutating func readConditions(_ node: CatalogNode?) -> [ApplicabilityCondition] {
        var result: [ApplicabilityCondition] = []
        for item in items(node, field: "conditions", line: nil, required: false) {
            checkFields(item, allowed: ["id", "question"], itemID: nil, what: "a condition")
            guard let condition = condition(fromMapping: item) else { continue }
            if conditionsByID[condition.id] == nil { conditionsByID[condition.id] = condition }
            result.append(condition)
        }
        return result
    }

    mutating func condition(fromMapping item: CatalogNode) -> ApplicabilityCondition? {
        guard let id = text(item["id"], field: "condition.id", itemID: nil, line: item.line),
              let question = text(item["question"], field: "condition.question", itemID: "condition \(id)", line: item.line)
        else { droppedItems = true; return nil }
        return ApplicabilityCondition(id: id, question: question)
    }

    private mutating func readSources(_ node: CatalogNode?) -> [CatalogSource] {
        items(node, field: "sources", line: nil, required: false).compactMap { item in
            checkFields(item, allowed: ["id", "title", "url", "kind"], itemID: nil, what: "a source")
            let id = text(item["id"], field: "sources.id", itemID: nil, line: item.line)
            let label = id.map { "source \($0)" }
            let title = text(item["title"], field: "sources.title", itemID: label, line: item.line)
            let url = text(item["url"], field: "sources.url", itemID: label, line: item.line, required: false) ?? ""
            var kind: CatalogSource.Kind?
            if let raw = text(item["kind"], field: "sources.kind", itemID: label, line: item.line) {
                kind = CatalogSource.Kind(text: raw)
                if kind == nil {
                    report(.invalidValue, line: item["kind"]?.line ?? item.line, field: "sources.kind", itemID: label,
                           "`\(raw)` is not a kind of source; write cbp, statute or secondary.")
                }
            }
            guard let id, let title, let kind else { droppedItems = true; return nil }
            return CatalogSource(id: id, title: title, url: url, kind: kind)
        }
    }

    private mutating func readMoves(_ node: CatalogNode?) -> [CriterionMove] {
        items(node, field: "mapping", line: nil, required: false).compactMap { item in
            checkFields(item, allowed: ["from", "to", "change", "reason"], itemID: nil, what: "a mapping entry")
            func id(_ field: String) -> CriterionID? {
                guard let raw = text(item[field], field: "mapping.\(field)", itemID: nil, line: item.line) else { return nil }
                guard let id = CriterionID(raw) else {
                    report(.invalidID, line: item[field]?.line ?? item.line, field: "mapping.\(field)",
                           "`\(raw)` is not a criterion id; write <category>.<number> or TL-<category>-<letter>.")
                    return nil
                }
                return id
            }
            let from = id("from"), to = id("to")
            var change: CriterionMove.Change?
            if let raw = text(item["change"], field: "mapping.change", itemID: from.map { "mapping \($0)" }, line: item.line) {
                change = CriterionMove.Change(text: raw)
                if change == nil {
                    report(.invalidValue, line: item["change"]?.line ?? item.line, field: "mapping.change", itemID: from.map { "mapping \($0)" },
                           "`\(raw)` is not a change; write renumbered or folded.")
                }
            }
            let reason = text(item["reason"], field: "mapping.reason", itemID: nil, line: item.line, required: false) ?? ""
            guard let from, let to, let change else { droppedItems = true; return nil }
            return CriterionMove(from: from, to: to, change: change, reason: reason)
        }
    }

    /// Source ids (`sources: [a, b]` or `sources: a`); an empty list when absent.
    mutating func sourceIDs(_ node: CatalogNode?, itemID: String, line: Int?) -> [String] {
        switch node {
        case nil, .null?: return []
        case .scalar(let value, _, _)?:
            return value.split { $0 == "," || $0 == ";" || $0 == " " }.map(String.init)
        case .list(let items, _)?:
            return items.compactMap { item in
                if case .scalar(let value, _, _) = item { return value.trimmingCharacters(in: .whitespaces) }
                report(.invalidValue, line: item.line ?? line, field: "sources", itemID: itemID, "Each source is an id from the catalog's `sources` list.")
                return nil
            }
        case let other?:
            report(.invalidValue, line: other.line ?? line, field: "sources", itemID: itemID,
                   "`sources` is \(other.shapeName); write a list of ids from the catalog's `sources`.")
            return []
        }
    }

    // MARK: Values

    mutating func report(_ kind: CatalogIssue.Kind, line: Int?, field: String, itemID: String? = nil, _ message: String) {
        issues.append(CatalogIssue(kind, line: line, field: field, itemID: itemID, message: message))
    }

    func lines(of item: CatalogNode) -> CatalogSourceMap.ItemLines {
        var result = CatalogSourceMap.ItemLines(line: item.line)
        if case .map(let pairs, _) = item {
            for pair in pairs { result.fields[pair.key] = pair.value.line ?? item.line }
        }
        return result
    }

    /// The mappings of a list field; reports a missing list or items that are not mappings.
    mutating func items(_ node: CatalogNode?, field: String, line: Int?, required: Bool) -> [CatalogNode] {
        guard let node, !isNull(node) else {
            if required { report(.missingField, line: line, field: field, "The catalog has no `\(field)` list; add it.") }
            return []
        }
        guard case .list(let items, _) = node else {
            report(.invalidValue, line: node.line, field: field, "`\(field)` is \(node.shapeName); write it as a list of entries.")
            return []
        }
        return items.filter { item in
            if case .map = item { return true }
            report(.invalidValue, line: item.line, field: field,
                   "An entry of `\(field)` is \(item.shapeName); each entry is a mapping of fields.")
            droppedItems = true
            return false
        }
    }

    mutating func checkFields(_ node: CatalogNode, allowed: [String], itemID: String?, what: String) {
        guard case .map(let pairs, _) = node else { return }
        for pair in pairs where !allowed.contains(pair.key) {
            report(.unknownField, line: pair.value.line ?? node.line, field: pair.key, itemID: itemID,
                   "`\(pair.key)` is not a field of \(what); check the spelling. Known fields: \(allowed.joined(separator: ", ")).")
        }
    }

    func isNull(_ node: CatalogNode) -> Bool {
        if case .null = node { return true }
        return false
    }

    /// A trimmed text value; reports it missing (when required) or of the wrong shape.
    mutating func text(_ node: CatalogNode?, field: String, itemID: String?, line: Int?, required: Bool = true) -> String? {
        switch node {
        case .scalar(let value, _, let valueLine)?:
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty, required {
                report(.missingField, line: valueLine ?? line, field: field, itemID: itemID, "`\(field)` is empty; fill it in.")
                return nil
            }
            return trimmed.isEmpty ? nil : trimmed
        case nil, .null?:
            if required { report(.missingField, line: node?.line ?? line, field: field, itemID: itemID, "`\(field)` is missing; add it.") }
            return nil
        case let other?:
            report(.invalidValue, line: other.line ?? line, field: field, itemID: itemID,
                   "`\(field)` is \(other.shapeName); write a single value.")
            return nil
        }
    }

    mutating func integer(_ node: CatalogNode?, field: String, itemID: String?, line: Int?) -> Int? {
        guard let value = text(node, field: field, itemID: itemID, line: line) else { return nil }
        guard let number = Int(value), number >= 0 else {
            report(.invalidValue, line: node?.line ?? line, field: field, itemID: itemID, "`\(value)` is not a whole number; write e.g. 9.")
            return nil
        }
        return number
    }

    mutating func boolean(_ node: CatalogNode?, field: String, itemID: String?, line: Int?) -> Bool? {
        guard let value = text(node, field: field, itemID: itemID, line: line) else { return nil }
        switch value.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(.invalidValue, line: node?.line ?? line, field: field, itemID: itemID, "`\(value)` is not true or false.")
            return nil
        }
    }

    private mutating func date(_ node: CatalogNode?, field: String, line: Int?) -> Date? {
        guard let value = text(node, field: field, itemID: nil, line: line) else { return nil }
        guard let date = ProgramDay.date(value) else {
            report(.invalidValue, line: node?.line ?? line, field: field, "`\(value)` is not a date; write YYYY-MM-DD, e.g. 2020-01-01.")
            return nil
        }
        return date
    }

    /// Entity types from `all`, a list of codes, or codes in one text (`IMP; HC`).
    /// Reports each unknown code; `nil` when the value is missing or any code is unknown.
    mutating func entityTypes(_ node: CatalogNode?, field: String, itemID: String?, line: Int?) -> Set<EntityType>? {
        var codes: [(String, Int?)] = []
        switch node {
        case .list(let items, _)?:
            for item in items {
                guard case .scalar(let value, _, let itemLine) = item else {
                    report(.invalidValue, line: item.line ?? line, field: field, itemID: itemID, "Each entity type is a code such as IMP.")
                    return nil
                }
                codes.append((value, itemLine))
            }
        case .scalar(let value, _, let valueLine)?:
            if value.trimmingCharacters(in: .whitespaces).lowercased() == "all" { return Set(coveredTypes) }
            codes = value.split { $0 == ";" || $0 == "," || $0 == " " }.map { (String($0), valueLine) }
        case nil, .null?:
            break
        case let other?:
            report(.invalidValue, line: other.line ?? line, field: field, itemID: itemID,
                   "`\(field)` is \(other.shapeName); write a list of codes or `all`.")
            return nil
        }
        guard !codes.isEmpty else {
            report(.missingField, line: node?.line ?? line, field: field, itemID: itemID,
                   "`\(field)` is missing; list entity type codes (\(Self.codeList)) or write `all`.")
            return nil
        }
        var result: Set<EntityType> = []
        var valid = true
        for (code, codeLine) in codes {
            if let type = EntityType(code: code) {
                result.insert(type)
            } else {
                valid = false
                report(.unknownEntityType, line: codeLine ?? line, field: field, itemID: itemID,
                       "`\(code)` is not an entity type; use \(Self.codeList) or `all`.")
            }
        }
        return valid ? result : nil
    }

    /// `true`, `false`, or the codes of the entity types the item was verified for.
    mutating func verification(_ node: CatalogNode?, appliesTo types: Set<EntityType>, itemID: String?, line: Int?) -> Set<EntityType>? {
        guard let node, !isNull(node) else { return [] }
        if case .scalar(let value, _, _) = node,
           ["true", "false", "yes", "no"].contains(value.trimmingCharacters(in: .whitespaces).lowercased()) {
            return boolean(node, field: "verified", itemID: itemID, line: line) == true ? types : []
        }
        return entityTypes(node, field: "verified", itemID: itemID, line: line)
    }

    static let codeList = EntityType.allCases.map(\.code).joined(separator: ", ")
}
