import Foundation

/// Consistency checks for a catalog. Returns every problem found (never stops at the first),
/// each with the line and field when a `CatalogSourceMap` from the loader is given.
///
/// Checks: ids present and unique (focus areas, categories, conditions, criteria, questions);
/// each criterion's category exists and matches its id prefix; text fields filled; entity types
/// known to the catalog; every entity type has criteria in every category that applies to it;
/// for CTPAT catalogs, `mustForEveryEntityType` criteria are Must and listed for every type.
public enum CatalogValidator {
    /// Criteria CTPAT requires as Must for every entity type (CBP bulletin, Nov 2019):
    /// 7.37 (start an internal investigation of a security incident) and 11.5 (code of conduct).
    public static let mustForEveryEntityType: [CriterionID] = ["7.37", "11.5"]

    /// Runs all checks.
    /// - Parameters:
    ///   - sourceMap: lines of the items, from the loader; empty for catalogs built in code.
    ///   - wholeCatalogChecks: set to false when items were dropped while reading, so coverage
    ///     and program-rule checks do not repeat problems already reported for those items.
    public static func validate(_ catalog: Catalog, sourceMap: CatalogSourceMap = CatalogSourceMap(),
                                wholeCatalogChecks: Bool = true) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        checkMetadata(catalog, sourceMap, &issues)
        checkStructure(catalog, sourceMap, &issues)
        checkCriteria(catalog, sourceMap, &issues)
        checkEligibility(catalog, sourceMap, &issues)
        checkSources(catalog, sourceMap, &issues)
        if wholeCatalogChecks {
            checkCoverage(catalog, &issues)
            if catalog.isCTPAT { checkProgramRules(catalog, sourceMap, &issues) }
        }
        return sortedByLine(issues)
    }

    /// Issues ordered by line; issues without a line keep their order after those with one.
    static func sortedByLine(_ issues: [CatalogIssue]) -> [CatalogIssue] {
        issues.enumerated().sorted { lhs, rhs in
            switch (lhs.element.line, rhs.element.line) {
            case let (left?, right?) where left != right: left < right
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    private static func checkMetadata(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        for (field, value) in [("id", catalog.id), ("program", catalog.program), ("version", catalog.version), ("title", catalog.title)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(CatalogIssue(.missingField, line: map.topLevel[field], field: field, message: "`\(field)` is missing; add it."))
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        if !catalog.id.isEmpty, catalog.id.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            issues.append(CatalogIssue(.invalidValue, line: map.topLevel["id"], field: "id",
                                       message: "The catalog id `\(catalog.id)` is used in addresses; use only letters, digits, `-`, `_` and `.` (e.g. ctpat-msc-2020)."))
        }
    }

    private static func checkStructure(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        var focusIDs: Set<String> = []
        for area in catalog.focusAreas where !focusIDs.insert(area.id).inserted {
            issues.append(CatalogIssue(.duplicateID, line: map.topLevel["focus_areas"], field: "focus_areas", itemID: "focus area \(area.id)",
                                       message: "Focus area `\(area.id)` is listed twice; keep one."))
        }
        var numbers: [Int: Int] = [:]
        for (index, category) in catalog.categories.enumerated() {
            let label = "category \(category.number)"
            if let first = numbers[category.number] {
                issues.append(CatalogIssue(.duplicateID, line: map.categoryLine(index, field: "number"), field: "number", itemID: label,
                                           message: "Category \(category.number) is listed twice\(lineNote(map.categoryLine(first, field: "number"))); give each category its own number."))
            } else {
                numbers[category.number] = index
            }
            if !focusIDs.contains(category.focusAreaID) {
                let known = catalog.focusAreas.map(\.id).joined(separator: ", ")
                issues.append(CatalogIssue(.unknownFocusArea, line: map.categoryLine(index, field: "focus_area"), field: "focus_area", itemID: label,
                                           message: "Focus area `\(category.focusAreaID)` is not defined; use one of: \(known)."))
            }
        }
        var conditions: [String: ApplicabilityCondition] = [:]
        for condition in catalog.conditions {
            if let known = conditions[condition.id] {
                if known != condition {
                    issues.append(CatalogIssue(.duplicateID, line: map.topLevel["conditions"], field: "conditions", itemID: "condition \(condition.id)",
                                               message: "Condition `\(condition.id)` is defined twice with different questions; keep one."))
                }
            } else {
                conditions[condition.id] = condition
            }
        }
    }

    private static func checkCriteria(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        let categoryNumbers = Set(catalog.categories.map(\.number))
        let covered = Set(catalog.entityTypes)
        let conditionIDs = Set(catalog.conditions.map(\.id))
        var seen: [CriterionID: Int] = [:]
        for (index, criterion) in catalog.criteria.enumerated() {
            let label = "criterion \(criterion.id)"
            func add(_ kind: CatalogIssue.Kind, _ field: String, _ message: String) {
                issues.append(CatalogIssue(kind, line: map.criterionLine(index, field: field), field: field, itemID: label, message: message))
            }
            if let first = seen[criterion.id] {
                add(.duplicateID, "id", "Criterion \(criterion.id) appears twice\(lineNote(map.criterionLine(first, field: "id"))); give each criterion its own id or merge the two.")
            } else {
                seen[criterion.id] = index
            }
            if !categoryNumbers.contains(criterion.categoryNumber) {
                let known = categoryNumbers.sorted().map(String.init).joined(separator: ", ")
                add(.unknownCategory, "category", "Category \(criterion.categoryNumber) does not exist in this catalog; use one of \(known).")
            } else if criterion.id.categoryNumber != criterion.categoryNumber {
                add(.categoryMismatch, "category", "Criterion \(criterion.id) is filed under category \(criterion.categoryNumber) but its id starts with \(criterion.id.categoryNumber); set category to \(criterion.id.categoryNumber) or renumber the criterion.")
            }
            if criterion.title.trimmingCharacters(in: .whitespaces).isEmpty { add(.missingField, "title", "The title is empty; write a short title.") }
            if criterion.summary.trimmingCharacters(in: .whitespaces).isEmpty { add(.missingField, "summary", "The summary is empty; say what the criterion asks for.") }
            if criterion.entityTypes.isEmpty {
                add(.missingField, "entity_types", "No entity type is listed; list the codes it applies to or write `all`.")
            }
            let outside = criterion.entityTypes.subtracting(covered)
            if !outside.isEmpty {
                add(.unknownEntityType, "entity_types", "\(codes(outside)) not covered by this catalog (it covers \(list(covered))); remove them or add them to the catalog's entity_types.")
            }
            if let category = catalog.category(number: criterion.categoryNumber), let allowed = category.entityTypes {
                let extra = criterion.entityTypes.subtracting(allowed)
                if !extra.isEmpty {
                    add(.invalidValue, "entity_types", "Category \(category.number) does not apply to \(list(extra)); remove them here or add them to the category's entity_types.")
                }
            }
            let unverifiable = criterion.verifiedEntityTypes.subtracting(criterion.entityTypes)
            if !unverifiable.isEmpty {
                add(.invalidValue, "verified", "`verified` names \(list(unverifiable)), which the criterion does not apply to; list only its own entity types.")
            }
            if let condition = criterion.condition, !conditionIDs.contains(condition.id) {
                add(.unknownCondition, "condition", "Condition `\(condition.id)` is not defined; add it under `conditions`.")
            }
            if criterion.id.isLocal, !criterion.verifiedEntityTypes.isEmpty {
                add(.invalidValue, "verified", "\(criterion.id) is a Trustlane-local id, so no CBP source confirms it; write `verified: false`, or give it the CBP number the source shows.")
            }
        }
    }

    /// Sources named beside items exist; the mapping from the replaced version points at
    /// criteria of this one, from ids this one no longer uses.
    private static func checkSources(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        var known: Set<String> = []
        for source in catalog.sources where !known.insert(source.id).inserted {
            issues.append(CatalogIssue(.duplicateID, line: map.topLevel["sources"], field: "sources", itemID: "source \(source.id)",
                                       message: "Source `\(source.id)` is listed twice; keep one."))
        }
        let knownList = known.sorted().joined(separator: ", ")
        func unknown(_ ids: [String]) -> [String] { ids.filter { !known.contains($0) } }
        for (index, criterion) in catalog.criteria.enumerated() {
            for id in unknown(criterion.sources) {
                issues.append(CatalogIssue(.invalidValue, line: map.criterionLine(index, field: "sources"), field: "sources", itemID: "criterion \(criterion.id)",
                                           message: "Source `\(id)` is not in the catalog's `sources`" + (knownList.isEmpty ? "; add it there." : "; use one of: \(knownList).")))
            }
        }
        for (index, question) in catalog.eligibilityQuestions.enumerated() {
            for id in unknown(question.sources) {
                issues.append(CatalogIssue(.invalidValue, line: map.questionLine(index, field: "sources"), field: "sources", itemID: "eligibility question \(question.id)",
                                           message: "Source `\(id)` is not in the catalog's `sources`" + (knownList.isEmpty ? "; add it there." : "; use one of: \(knownList).")))
            }
        }
        let ids = Set(catalog.criteria.map(\.id))
        var from: Set<CriterionID> = []
        for move in catalog.moves {
            let label = "mapping \(move.from)"
            let line = map.topLevel["mapping"]
            if catalog.replaces == nil {
                issues.append(CatalogIssue(.invalidValue, line: line, field: "mapping", itemID: label,
                                           message: "A mapping needs `replaces`: name the catalog version whose ids it maps."))
            }
            if !from.insert(move.from).inserted {
                issues.append(CatalogIssue(.duplicateID, line: line, field: "mapping.from", itemID: label,
                                           message: "\(move.from) is mapped twice; a criterion goes to one place."))
            }
            if ids.contains(move.from) {
                issues.append(CatalogIssue(.invalidValue, line: line, field: "mapping.from", itemID: label,
                                           message: "\(move.from) is still a criterion of this version; map only ids that changed or were folded."))
            }
            if !ids.contains(move.to) {
                issues.append(CatalogIssue(.invalidValue, line: line, field: "mapping.to", itemID: label,
                                           message: "\(move.to) is not a criterion of this version; map \(move.from) to one that is."))
            }
        }
    }

    private static func checkEligibility(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        let covered = Set(catalog.entityTypes)
        var seen: [EligibilityQuestionID: Int] = [:]
        let byID = Dictionary(catalog.eligibilityQuestions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, question) in catalog.eligibilityQuestions.enumerated() {
            let label = "eligibility question \(question.id)"
            func add(_ kind: CatalogIssue.Kind, _ field: String, _ message: String) {
                issues.append(CatalogIssue(kind, line: map.questionLine(index, field: field), field: field, itemID: label, message: message))
            }
            if let first = seen[question.id] {
                add(.duplicateID, "id", "Question `\(question.id)` appears twice\(lineNote(map.questionLine(first, field: "id"))); give each question its own id.")
            } else {
                seen[question.id] = index
            }
            if question.text.trimmingCharacters(in: .whitespaces).isEmpty { add(.missingField, "text", "The question text is empty; write the question.") }
            if question.reason.trimmingCharacters(in: .whitespaces).isEmpty { add(.missingField, "reason", "The reason is empty; say what the answer means for eligibility.") }
            if question.entityTypes.isEmpty { add(.missingField, "entity_types", "No entity type is listed; list the codes it is asked of or write `all`.") }
            let outside = question.entityTypes.subtracting(covered)
            if !outside.isEmpty { add(.unknownEntityType, "entity_types", "\(codes(outside)) not covered by this catalog; remove them.") }
            if let dependency = question.askedIf {
                if dependency.questionID == question.id {
                    add(.unknownQuestion, "asked_if", "A question cannot depend on itself.")
                } else if let other = byID[dependency.questionID] {
                    let unasked = question.entityTypes.subtracting(other.entityTypes)
                    if !unasked.isEmpty {
                        add(.unknownQuestion, "asked_if", "`\(dependency.questionID)` is not asked of \(list(unasked)); ask it of them too or narrow this question's entity_types.")
                    }
                } else {
                    add(.unknownQuestion, "asked_if", "`asked_if` names `\(dependency.questionID)`, which is not a question in this catalog.")
                }
            }
        }
    }

    private static func checkCoverage(_ catalog: Catalog, _ issues: inout [CatalogIssue]) {
        var present: Set<String> = []
        for criterion in catalog.criteria {
            for type in criterion.entityTypes { present.insert("\(type.code)|\(criterion.categoryNumber)") }
        }
        for type in catalog.entityTypes {
            for category in catalog.categories where category.applies(to: type) && !present.contains("\(type.code)|\(category.number)") {
                issues.append(CatalogIssue(.missingCoverage, field: "entity_types", itemID: "category \(category.number)",
                                           message: "\(type.code) has no criterion in category \(category.number) (\(category.title)); add \(type.code) to a criterion of that category, or leave \(type.code) out of the category's entity_types."))
            }
        }
    }

    private static func checkProgramRules(_ catalog: Catalog, _ map: CatalogSourceMap, _ issues: inout [CatalogIssue]) {
        let everyType = Set(catalog.entityTypes)
        for id in mustForEveryEntityType {
            guard let index = catalog.criteria.firstIndex(where: { $0.id == id }) else {
                issues.append(CatalogIssue(.programRule, line: map.topLevel["criteria"], field: "criteria", itemID: "criterion \(id)",
                                           message: "CTPAT requires criterion \(id) as Must for every entity type, but the catalog does not list it; add it."))
                continue
            }
            let criterion = catalog.criteria[index]
            if criterion.level != .must {
                issues.append(CatalogIssue(.programRule, line: map.criterionLine(index, field: "level"), field: "level", itemID: "criterion \(id)",
                                           message: "CTPAT requires criterion \(id) as Must for every entity type; change its level to Must."))
            }
            let missing = everyType.subtracting(criterion.entityTypes)
            if !missing.isEmpty {
                issues.append(CatalogIssue(.programRule, line: map.criterionLine(index, field: "entity_types"), field: "entity_types", itemID: "criterion \(id)",
                                           message: "CTPAT requires criterion \(id) for every entity type; \(codes(missing)) missing: write `all`."))
            }
        }
    }

    /// `IMP, HC`
    private static func list(_ types: Set<EntityType>) -> String {
        types.sorted().map(\.code).joined(separator: ", ")
    }

    /// `IMP is` / `IMP, HC are`, to start a sentence about the types.
    private static func codes(_ types: Set<EntityType>) -> String {
        list(types) + (types.count == 1 ? " is" : " are")
    }

    private static func lineNote(_ line: Int?) -> String {
        line.map { " (first on line \($0))" } ?? ""
    }
}
