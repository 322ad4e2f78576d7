import Foundation

/// How sensitive a position is, which sets how often the person's background is screened again
/// (MSC 11.2: background checks by position sensitivity, with periodic re-investigation). CBP
/// leaves the interval to the company; the defaults here are Trustlane's starting point, not
/// CBP's (unverified), and the record keeps only statuses and days, never a report's content.
public enum PositionSensitivity: String, CaseIterable, Codable, Sendable, Hashable {
    case standard
    /// Cargo handling, seals, security, IT administration, shipping documents.
    case sensitive

    /// Months between background screenings; nil: screened at hiring only.
    public var rescreenMonths: Int? {
        switch self {
        case .standard: nil
        case .sensitive: 24
        }
    }

    public var nameKey: String { "people.sensitivity.\(rawValue)" }
}

/// Who a person on the roster works for (11.2 extends screening to temporary staff and contractors).
public enum EmploymentKind: String, CaseIterable, Codable, Sendable, Hashable {
    case employee
    case temporary
    case contractor

    public var nameKey: String { "people.kind.\(rawValue)" }
}

/// A step of the hiring or the separation checklist, with the criterion it serves.
public enum PersonnelStep: String, CaseIterable, Codable, Sendable, Hashable {
    // Hiring.
    /// The application's information (employment history, references) verified where the law allows (11.1).
    case applicationVerified = "application_verified"
    case referencesChecked = "references_checked"
    /// A background check by the position's sensitivity (11.2): its status and day only.
    case backgroundCheck = "background_check"
    /// The code of conduct read and acknowledged (11.5).
    case codeOfConduct = "code_of_conduct"
    /// Security awareness training at orientation (12.1).
    case orientationTraining = "orientation_training"
    // Separation.
    /// Badges and access devices taken back (10.1).
    case badgesReturned = "badges_returned"
    case keysReturned = "keys_returned"
    /// Access to the company's systems removed (4.7).
    case systemAccessRemoved = "system_access_removed"

    public var isSeparation: Bool { [.badgesReturned, .keysReturned, .systemAccessRemoved].contains(self) }
    public static var hiring: [PersonnelStep] { allCases.filter { !$0.isSeparation } }
    public static var separation: [PersonnelStep] { allCases.filter(\.isSeparation) }

    public var criterion: String {
        switch self {
        case .applicationVerified, .referencesChecked: "11.1"
        case .backgroundCheck: "11.2"
        case .codeOfConduct: "11.5"
        case .orientationTraining: "12.1"
        case .badgesReturned, .keysReturned: "10.1"
        case .systemAccessRemoved: "4.7"
        }
    }

    public var nameKey: String { "people.step.\(rawValue)" }
}

/// A background check's outcome, as the company records it (never the report itself).
public enum ScreeningResult: String, CaseIterable, Codable, Sendable, Hashable {
    case cleared
    case notCleared = "not_cleared"
    public var nameKey: String { "people.result.\(rawValue)" }
}

/// A checklist step as typed: the step, the day it was done, and for a background check its outcome.
public struct PersonnelStepDraft: Hashable, Sendable {
    public var step: String?
    public var doneOn: String?
    public var result: String?

    public init(step: String?, doneOn: String?, result: String? = nil) {
        self.step = step
        self.doneOn = doneOn
        self.result = result
    }

    /// Checks the step: known; a day not in the future; an outcome for a background check only;
    /// a separation step only once the person has left (`separated`).
    public func validate(today: ProgramDay, separated: Bool) throws(ValidationFailure) -> (step: PersonnelStep, day: ProgramDay, result: ScreeningResult?) {
        var errors: [FieldError] = []
        let step: PersonnelStep? = IncidentValidator.choice(step, field: "step", into: &errors)
        var day: ProgramDay?
        let text = doneOn?.trimmingCharacters(in: .whitespaces) ?? ""
        if text.isEmpty {
            day = today
        } else if let parsed = ProgramDay(text) {
            if parsed > today {
                errors.append(FieldError(field: "done_on", messageKey: "people.error.future", message: "done_on is in the future; record a step once it is done"))
            } else { day = parsed }
        } else {
            errors.append(FieldError(field: "done_on", messageKey: "training.error.day", message: "done_on must be a day as YYYY-MM-DD", arguments: ["value": String(text.prefix(20))]))
        }
        var outcome: ScreeningResult?
        if step == .backgroundCheck {
            outcome = IncidentValidator.choice(result, field: "result", into: &errors)
        } else if let result, !result.isEmpty {
            errors.append(FieldError(field: "result", messageKey: "people.error.result", message: "result is only recorded for a background check"))
        }
        if let step, step.isSeparation, !separated {
            errors.append(FieldError(field: "step", messageKey: "people.error.not_separated", message: "\(step.rawValue) is a separation step; record that the person left first"))
        }
        guard errors.isEmpty, let step, let day else { throw ValidationFailure(errors) }
        return (step, day, outcome)
    }
}

extension PositionSensitivity {
    /// When the next background screening is due after the last cleared one; nil when the
    /// position needs none, or none was recorded (then the hiring checklist shows it missing).
    public func rescreenDue(lastCleared: ProgramDay?) -> ProgramDay? {
        guard let months = rescreenMonths, let lastCleared else { return nil }
        return lastCleared.adding(months: months)
    }
}
