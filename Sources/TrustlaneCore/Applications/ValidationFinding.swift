import Foundation

/// What a validation finding asks of the company.
public enum FindingKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A gap the company must correct, with a response due date.
    case requiredAction = "required_action"
    /// An improvement the reviewer suggests; a response is optional.
    case recommendation
    /// A measure exceeding the criteria; counts toward Tier III, needs no response.
    case bestPractice = "best_practice"
}

/// Where a finding stands.
public enum FindingStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case open
    /// The company answered (with evidence); the reviewer decides.
    case responded
    /// The reviewer closed it.
    case closed
}

/// One finding of a validation, on one criterion.
public struct ValidationFinding: Codable, Sendable, Hashable, Identifiable {
    public let id: FindingID
    public let validationID: ValidationID
    /// The criterion number as CBP writes it (`3.4`); changes only when a profile moves to a
    /// catalog version that maps the number elsewhere (`moved(to:)`).
    public private(set) var criterion: String
    public let kind: FindingKind
    public let text: String
    /// Last day for the company's response; required for required actions.
    public let responseDueOn: ProgramDay?
    public let recordedAt: Date
    public private(set) var status: FindingStatus
    public private(set) var response: String?
    public private(set) var respondedAt: Date?
    public private(set) var respondedBy: UserID?
    public private(set) var closedAt: Date?
    public private(set) var closedBy: UserID?

    /// Records a finding, checking its input: a known criterion number, a text, and a response
    /// due date after the day it is recorded for a required action.
    public static func record(id: FindingID = FindingID(), validationID: ValidationID, criterion: String, kind: FindingKind,
                              text: String?, responseDueOn: ProgramDay?, at now: Date,
                              calendar: Calendar = .programUTC, in catalog: Catalog? = nil) -> Result<ValidationFinding, ValidationFailure> {
        var errors: [FieldError] = []
        let number = CriterionID(criterion)
        if number == nil {
            errors.append(FieldError(field: "criterion", messageKey: "validation.error.criterion",
                                     message: "'\(criterion)' is not a criterion number such as 3.4"))
        } else if let catalog, let number, catalog.criterion(id: number) == nil {
            // A well-formed number the company's catalog does not have ("99.9") is refused too.
            errors.append(FieldError(field: "criterion", messageKey: "validation.error.criterion_unknown",
                                     message: "\(number.rawValue) is not a criterion of \(catalog.title)",
                                     arguments: ["criterion": number.rawValue, "catalog": catalog.title]))
        }
        let body = Check.text(text, field: "text", max: 4000, use: .freeText, into: &errors)
        if kind == .requiredAction && responseDueOn == nil {
            errors.append(FieldError(field: "response_due_on", messageKey: "validation.error.due_required",
                                     message: "A required action needs a due date for the company's response"))
        }
        if let due = responseDueOn, due <= ProgramDay(now, calendar: calendar) {
            errors.append(FieldError(field: "response_due_on", messageKey: "validation.error.due_past",
                                     message: "The response due date must be after today"))
        }
        guard errors.isEmpty, let number, let body else { return .failure(ValidationFailure(errors)) }
        return .success(ValidationFinding(id: id, validationID: validationID, criterion: number.rawValue, kind: kind,
                                          text: body, responseDueOn: responseDueOn, recordedAt: now, status: .open))
    }

    /// The same finding keyed to the criterion a newer catalog version maps its number to.
    public func moved(to criterion: CriterionID) -> ValidationFinding {
        var copy = self
        copy.criterion = criterion.rawValue
        return copy
    }

    private init(id: FindingID, validationID: ValidationID, criterion: String, kind: FindingKind, text: String,
                 responseDueOn: ProgramDay?, recordedAt: Date, status: FindingStatus) {
        self.id = id
        self.validationID = validationID
        self.criterion = criterion
        self.kind = kind
        self.text = text
        self.responseDueOn = responseDueOn
        self.recordedAt = recordedAt
        self.status = status
    }

    /// The company answers (officer, coordinator or consultant). A second answer before the
    /// reviewer decides replaces the first. Best practices need no answer.
    public func respond(_ answer: String?, by actor: LifecycleActor, at now: Date) -> Result<ValidationFinding, TransitionRefusal> {
        guard actor.isCompanySide else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company can answer a finding"))
        }
        guard kind != .bestPractice else {
            return .failure(TransitionRefusal(.wrongState, "A best practice needs no answer"))
        }
        guard status != .closed else {
            return .failure(TransitionRefusal(.wrongState, "This finding is closed; it takes no more answers"))
        }
        var errors: [FieldError] = []
        guard let text = Check.text(answer, field: "response", max: 8000, use: .freeText, into: &errors) else {
            return .failure(TransitionRefusal(.reasonsRequired, errors.first?.message ?? "Write an answer"))
        }
        var next = self
        next.status = .responded
        next.response = text
        next.respondedAt = now
        next.respondedBy = actor.userID
        return .success(next)
    }

    /// The reviewer closes the finding; a required action must have been answered first.
    public func close(by actor: LifecycleActor, at now: Date) -> Result<ValidationFinding, TransitionRefusal> {
        guard actor.role == .reviewer else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only a program reviewer can close a finding"))
        }
        if status == .closed { return .failure(TransitionRefusal(.alreadyDone, "Already closed")) }
        if kind == .requiredAction && status != .responded {
            return .failure(TransitionRefusal(.wrongState, "The company has not answered this required action yet"))
        }
        var next = self
        next.status = .closed
        next.closedAt = now
        next.closedBy = actor.userID
        return .success(next)
    }

    /// The reviewer finds an answer insufficient and opens the finding again.
    public func reopen(by actor: LifecycleActor) -> Result<ValidationFinding, TransitionRefusal> {
        guard actor.role == .reviewer else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only a program reviewer can reopen a finding"))
        }
        if status == .open { return .failure(TransitionRefusal(.alreadyDone, "Already open")) }
        var next = self
        next.status = .open
        next.closedAt = nil
        next.closedBy = nil
        return .success(next)
    }

    /// An unanswered finding whose response due date has passed.
    public func isOverdue(on today: ProgramDay) -> Bool {
        guard status == .open, let due = responseDueOn else { return false }
        return today > due
    }
}
