import Foundation

/// A checklist a company adds for its own conveyances (rail cars, flatbeds, a stricter container
/// list ...): the same shape as CBP's, validated the same way, owned by one company. Its key may
/// not take a bundled checklist's key, so an inspection's checklist reference is never ambiguous.
public struct CompanyChecklist: Hashable, Sendable {
    public let companyID: CompanyID
    public let checklist: InspectionChecklist

    /// Validates a company's draft against the catalog's criteria; `reservedKeys` are the keys
    /// it may not take (the bundled checklists' and the company's other checklists').
    public static func validate(_ draft: InspectionChecklist.Draft, companyID: CompanyID, knownCriteria: Set<CriterionID>,
                                reservedKeys: Set<String>) -> Result<CompanyChecklist, ValidationFailure> {
        var errors: [FieldError] = []
        let key = draft.key?.trimmingCharacters(in: .whitespaces)
        if let key, reservedKeys.contains(key) {
            errors.append(FieldError(field: "key", messageKey: "inspections.error.checklist_key_taken",
                                     message: "key '\(key)' is already used by another checklist; choose another key",
                                     arguments: ["value": key, "other": key]))
        }
        switch InspectionChecklistValidator.validate(draft, knownCriteria: knownCriteria, provenance: .company) {
        case .success(let checklist) where errors.isEmpty:
            return .success(CompanyChecklist(companyID: companyID, checklist: checklist))
        case .success:
            return .failure(ValidationFailure(errors))
        case .failure(let failure):
            return .failure(ValidationFailure(errors + failure.errors))
        }
    }

    /// A stored version read back: validated again, against the criteria it names (the catalog
    /// may have moved on since it was written, and an inspection keeps the version it used).
    public static func stored(_ draft: InspectionChecklist.Draft, companyID: CompanyID) -> CompanyChecklist? {
        let criteria = Set((draft.criteria ?? []).compactMap(CriterionID.init))
        return try? validate(draft, companyID: companyID, knownCriteria: criteria, reservedKeys: []).get()
    }

    /// A key made from a title, for a checklist (`pattern: .checklist`, hyphens) or a point
    /// (underscores): lower-case ASCII letters and digits, accents dropped, anything else one
    /// separator, starting with a letter, at most `max` characters; nil when nothing is left.
    public static func suggestedKey(from title: String?, point: Bool = false, max: Int = InspectionChecklistValidator.maxKey) -> String? {
        guard let title else { return nil }
        let separator: Character = point ? "_" : "-"
        var key = ""
        for character in title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                key.append(character)
            } else if let last = key.last, last != separator {
                key.append(separator)
            }
        }
        while let first = key.first, !first.isLetter { key.removeFirst() }
        key = String(key.prefix(max))
        while key.last == separator { key.removeLast() }
        return key.isEmpty ? nil : key
    }

    /// Fills the keys a draft leaves blank from its titles (the first language written), point
    /// keys made unique with a number; the order follows the list. A key given is kept as given
    /// (the validator judges it).
    public static func completingKeys(_ draft: InspectionChecklist.Draft) -> InspectionChecklist.Draft {
        func firstTitle(_ text: InspectionChecklist.Draft.Text?) -> String? {
            [text?.en, text?.es, text?.id].compactMap { $0 }.first { !$0.allSatisfy(\.isWhitespace) }
        }
        var draft = draft
        if draft.key.map({ $0.allSatisfy(\.isWhitespace) }) ?? true { draft.key = suggestedKey(from: firstTitle(draft.title)) }
        var points = draft.points ?? []
        var used = Set(points.compactMap { $0.key?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        for index in points.indices {
            points[index].order = index + 1
            guard points[index].key.map({ $0.allSatisfy(\.isWhitespace) }) ?? true,
                  let base = suggestedKey(from: firstTitle(points[index].title), point: true, max: InspectionChecklistValidator.maxKey - 3) else { continue }
            var key = base, n = 2
            while used.contains(key) { key = "\(base)_\(n)"; n += 1 }
            used.insert(key)
            points[index].key = key
        }
        draft.points = points
        return draft
    }
}
