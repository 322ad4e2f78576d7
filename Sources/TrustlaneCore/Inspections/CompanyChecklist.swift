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
}
