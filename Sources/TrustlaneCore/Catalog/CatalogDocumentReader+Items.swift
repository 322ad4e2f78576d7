import Foundation

extension CatalogDocumentReader {
    static let criterionFields = ["id", "category", "title", "summary", "guidance", "level", "entity_types",
                                  "condition", "verified", "note", "sources"]
    static let questionFields = ["id", "text", "effect", "reason", "entity_types", "verified", "asked_if", "sources"]

    mutating func readCriteria(_ node: CatalogNode?, line: Int?) -> [Criterion] {
        var result: [Criterion] = []
        var firstLines: [CriterionID: Int?] = [:]
        for (offset, item) in items(node, field: "criteria", line: line, required: true).enumerated() {
            let idText = text(item["id"], field: "id", itemID: "criterion #\(offset + 1)", line: item.line)
            let label = "criterion " + (idText ?? "#\(offset + 1)")
            checkFields(item, allowed: Self.criterionFields, itemID: label, what: "a criterion")
            var id: CriterionID?
            if let idText {
                id = CriterionID(idText)
                let idLine = item["id"]?.line ?? item.line
                if let id {
                    // Checked here as well as in the validator, so a duplicate of an item that
                    // could not be read is still reported in the same pass.
                    if let first = firstLines[id] {
                        report(.duplicateID, line: idLine, field: "id", itemID: label,
                               "Criterion \(id) appears twice\(first.map { " (first on line \($0))" } ?? ""); give each criterion its own id or merge the two.")
                    } else {
                        firstLines[id] = .some(idLine)
                    }
                } else {
                    report(.invalidID, line: idLine, field: "id", itemID: label,
                           "`\(idText)` is not a criterion id; write <category>.<number>, e.g. 3.4, or TL-<category>-<letter> for a Trustlane-local id, e.g. TL-5-A.")
                }
            }
            let category = integer(item["category"], field: "category", itemID: label, line: item.line)
            let title = text(item["title"], field: "title", itemID: label, line: item.line)
            let summary = text(item["summary"], field: "summary", itemID: label, line: item.line)
            let guidance = text(item["guidance"], field: "guidance", itemID: label, line: item.line, required: false) ?? ""
            let level = criterionLevel(item["level"], itemID: label, line: item.line)
            let types = entityTypes(item["entity_types"], field: "entity_types", itemID: label, line: item.line)
            let condition = criterionCondition(item["condition"], itemID: label, line: item.line)
            let verified = verification(item["verified"], appliesTo: types ?? [], itemID: label, line: item.line)
            let note = text(item["note"], field: "note", itemID: label, line: item.line, required: false) ?? ""
            let sources = sourceIDs(item["sources"], itemID: label, line: item.line)
            guard let id, let category, let title, let summary, let level, let types, let condition, let verified else {
                droppedItems = true
                continue
            }
            sourceMap.criteria[result.count] = lines(of: item)
            result.append(Criterion(id: id, categoryNumber: category, title: title, summary: summary, guidance: guidance,
                                    level: level, entityTypes: types, condition: condition.value, verifiedFor: verified,
                                    note: note, sources: sources))
        }
        return result
    }

    private mutating func criterionLevel(_ node: CatalogNode?, itemID: String, line: Int?) -> CriterionLevel? {
        guard case .scalar(let value, _, let valueLine)? = node,
              !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(.missingField, line: node?.line ?? line, field: "level", itemID: itemID, "The level is missing; write Must or Should.")
            return nil
        }
        guard let level = CriterionLevel(text: value) else {
            report(.invalidLevel, line: valueLine ?? line, field: "level", itemID: itemID,
                   "`\(value)` is not a level; write Must or Should.")
            return nil
        }
        return level
    }

    /// The criterion's condition: absent (`.some(nil)`), an id from `conditions`, or an inline
    /// mapping with id and question. `nil` when it cannot be read.
    private mutating func criterionCondition(_ node: CatalogNode?, itemID: String, line: Int?) -> CatalogFieldValue<ApplicabilityCondition?>? {
        guard let node, !isNull(node) else { return CatalogFieldValue(nil) }
        if case .map = node {
            checkFields(node, allowed: ["id", "question"], itemID: itemID, what: "a condition")
            guard let condition = condition(fromMapping: node) else { return nil }
            if let known = conditionsByID[condition.id], known != condition {
                report(.unknownCondition, line: node.line ?? line, field: "condition", itemID: itemID,
                       "Condition `\(condition.id)` has another question elsewhere; one id, one question.")
                return nil
            }
            if conditionsByID[condition.id] == nil {
                conditionsByID[condition.id] = condition
                inlineConditions.append(condition)
            }
            return CatalogFieldValue(condition)
        }
        guard let id = text(node, field: "condition", itemID: itemID, line: line) else { return nil }
        guard let condition = conditionsByID[id] else {
            let known = conditionsByID.keys.sorted().joined(separator: ", ")
            report(.unknownCondition, line: node.line ?? line, field: "condition", itemID: itemID,
                   "Condition `\(id)` is not defined; add it under `conditions` with an id and a question"
                   + (known.isEmpty ? "." : ", or use one of: \(known)."))
            return nil
        }
        return CatalogFieldValue(condition)
    }

    mutating func readEligibility(_ node: CatalogNode?) -> [EligibilityQuestion] {
        var result: [EligibilityQuestion] = []
        for (offset, item) in items(node, field: "eligibility", line: nil, required: false).enumerated() {
            let id = text(item["id"], field: "id", itemID: "eligibility question #\(offset + 1)", line: item.line)
            let label = "eligibility question " + (id ?? "#\(offset + 1)")
            checkFields(item, allowed: Self.questionFields, itemID: label, what: "an eligibility question")
            let questionText = text(item["text"], field: "text", itemID: label, line: item.line)
            let reason = text(item["reason"], field: "reason", itemID: label, line: item.line)
            var effect: EligibilityEffect?
            if let effectText = text(item["effect"], field: "effect", itemID: label, line: item.line) {
                effect = EligibilityEffect(text: effectText)
                if effect == nil {
                    report(.invalidValue, line: item["effect"]?.line ?? item.line, field: "effect", itemID: label,
                           "`\(effectText)` is not an effect; write required, disqualifying, invitation or branching.")
                }
            }
            let types = entityTypes(item["entity_types"], field: "entity_types", itemID: label, line: item.line)
            let verified = verification(item["verified"], appliesTo: types ?? [], itemID: label, line: item.line)
            let dependency = questionDependency(item["asked_if"], itemID: label, line: item.line)
            let sources = sourceIDs(item["sources"], itemID: label, line: item.line)
            guard let id, let questionText, let reason, let effect, let types, let verified, let dependency else {
                droppedItems = true
                continue
            }
            sourceMap.questions[result.count] = lines(of: item)
            result.append(EligibilityQuestion(id: EligibilityQuestionID(id), text: questionText, effect: effect,
                                              reason: reason, entityTypes: types, verifiedFor: verified,
                                              askedIf: dependency.value, sources: sources))
        }
        return result
    }

    private mutating func questionDependency(_ node: CatalogNode?, itemID: String, line: Int?) -> CatalogFieldValue<EligibilityQuestion.Dependency?>? {
        guard let node, !isNull(node) else { return CatalogFieldValue(nil) }
        guard case .map = node else {
            report(.invalidValue, line: node.line ?? line, field: "asked_if", itemID: itemID,
                   "`asked_if` is \(node.shapeName); write a mapping with `question` and `answer`.")
            return nil
        }
        checkFields(node, allowed: ["question", "answer"], itemID: itemID, what: "asked_if")
        guard let question = text(node["question"], field: "asked_if.question", itemID: itemID, line: node.line),
              let answer = boolean(node["answer"], field: "asked_if.answer", itemID: itemID, line: node.line)
        else { return nil }
        return CatalogFieldValue(EligibilityQuestion.Dependency(questionID: EligibilityQuestionID(question), answer: answer))
    }
}

/// Tells "read fine, and the value is absent" (`CatalogFieldValue(nil)`) from "could not be read" (`nil`).
struct CatalogFieldValue<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}
