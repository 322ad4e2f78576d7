import Foundation

/// A corrective action as typed into the form or sent to the API, before validation.
public struct CorrectiveActionDraft: Hashable, Sendable {
    public var title: String?
    public var details: String?
    public var ownerName: String?
    /// `YYYY-MM-DD`.
    public var dueDate: String?
    /// Criterion ids as text (`3.4`), from the gap the action was opened from or a multi-select.
    public var criterionIDs: [String]

    public init(title: String? = nil, details: String? = nil, ownerName: String? = nil, dueDate: String? = nil,
                criterionIDs: [String] = []) {
        self.title = title
        self.details = details
        self.ownerName = ownerName
        self.dueDate = dueDate
        self.criterionIDs = criterionIDs
    }

    /// Longest title, in characters.
    public static let titleMaxLength = 200
    /// Longest owner name, in characters.
    public static let ownerMaxLength = 200
    /// Longest details text, in characters.
    public static let detailsMaxLength = 5_000
    /// Most criteria one action may address.
    public static let maxCriteria = 50

    /// Checks the draft: title required (at most 200), owner required (at most 200), due day
    /// required as `YYYY-MM-DD`. With a scope (an action opened from the profile's gaps) at
    /// least one criterion is required and every criterion must be in the scope; without one
    /// (an action from another finding) criteria are optional and only their form is checked.
    /// Fields: `title`, `details`, `owner`, `due_date`, `criteria`.
    public func validate(in scope: ProfileScope?) throws(ValidationFailure) -> ValidatedCorrectiveAction {
        var errors: [FieldError] = []
        let title = ProfileText.check(title, field: "title", max: Self.titleMaxLength, multiline: false,
                                      required: .actionTitleRequired, into: &errors)
        let details = ProfileText.check(details, field: "details", max: Self.detailsMaxLength, multiline: true,
                                        required: nil, into: &errors)
        let owner = ProfileText.check(ownerName, field: "owner", max: Self.ownerMaxLength, multiline: false,
                                      required: .actionOwnerRequired, into: &errors)
        var due: Date?
        let dueText = (dueDate ?? "").trimmingCharacters(in: .whitespaces)
        if dueText.isEmpty {
            errors.append(ProfileMessage.actionDueRequired.fieldError("due_date"))
        } else if let day = ProgramDay.date(dueText) {
            due = day
        } else {
            errors.append(ProfileMessage.actionDueInvalid.fieldError("due_date", ["value": String(dueText.prefix(40))]))
        }
        var ids: [CriterionID] = []
        var unknown: [String] = []
        for text in criterionIDs where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            if let id = CriterionID(text), scope?.contains(id) ?? true {
                if !ids.contains(id) { ids.append(id) }
            } else {
                unknown.append(String(text.prefix(20)))
            }
        }
        if !unknown.isEmpty {
            errors.append(ProfileMessage.actionUnknownCriteria.fieldError("criteria", ["criteria": unknown.joined(separator: ", ")]))
        } else if ids.isEmpty && scope != nil {
            errors.append(ProfileMessage.actionCriteriaRequired.fieldError("criteria"))
        } else if ids.count > Self.maxCriteria {
            errors.append(ProfileMessage.actionTooManyCriteria.fieldError("criteria", ["max": String(Self.maxCriteria)]))
        }
        guard errors.isEmpty, let due else { throw ValidationFailure(errors) }
        return ValidatedCorrectiveAction(title: title, details: details, ownerName: owner, dueDate: due,
                                         criterionIDs: ids.sorted())
    }
}

/// A corrective action draft that passed validation: trimmed, due day parsed, criteria in scope.
public struct ValidatedCorrectiveAction: Hashable, Sendable {
    public let title: String
    public let details: String
    public let ownerName: String
    /// UTC midnight of the due day.
    public let dueDate: Date
    public let criterionIDs: [CriterionID]
}
