import Foundation

/// Where a membership application stands. Raw values are stored and sent as they are.
///
/// Reinstatement and appeal decisions are transitions, not states: they return the application
/// to a state listed here (see `MembershipLifecycle` and docs/LIFECYCLE.md). Annual profile
/// reviews and revalidations are separate records that run while a member keeps its status.
public enum MembershipStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// The eligibility check passed; nothing applied for yet.
    case eligibilityConfirmed = "eligibility_confirmed"
    /// The company officer applied and accepted the partner agreement.
    case applied
    /// The security profile snapshot is submitted and waits for a reviewer.
    case profileSubmitted = "profile_submitted"
    /// A reviewer is reviewing the snapshot.
    case underReview = "under_review"
    /// The reviewer asked the company for more information.
    case informationRequested = "information_requested"
    /// The company answered and resubmitted; the reviewer decides again.
    case resubmitted
    /// Certified: Tier I.
    case certified
    /// Certification denied, with reasons.
    case rejected
    /// Certified (Tier I), with the initial validation planned.
    case validationPlanned = "validation_planned"
    /// Validated: Tier II or Tier III (see `Tier`).
    case validated
    /// The reviewer failed the validation; still Tier I until a further decision.
    case validationFailed = "validation_failed"
    /// Benefits suspended, with a reason and a response deadline.
    case suspended
    /// Membership ended by the program (expelled).
    case removed
    /// Membership ended by the company.
    case withdrawn
    /// The company appealed a rejection, failed validation, suspension or removal.
    case appealFiled = "appeal_filed"

    /// Key of the status's display name in the localization files.
    public var nameKey: String { "membership_status.\(rawValue)" }

    /// English name, for the API and messages.
    public var englishName: String {
        switch self {
        case .eligibilityConfirmed: "eligibility confirmed"
        case .applied: "applied"
        case .profileSubmitted: "profile submitted"
        case .underReview: "under review"
        case .informationRequested: "information requested"
        case .resubmitted: "resubmitted"
        case .certified: "certified"
        case .rejected: "rejected"
        case .validationPlanned: "validation planned"
        case .validated: "validated"
        case .validationFailed: "validation failed"
        case .suspended: "suspended"
        case .removed: "removed"
        case .withdrawn: "withdrawn"
        case .appealFiled: "appeal filed"
        }
    }

    /// Before a certification decision: the company is an applicant.
    public var isApplicant: Bool {
        switch self {
        case .eligibilityConfirmed, .applied, .profileSubmitted, .underReview, .informationRequested, .resubmitted: true
        default: false
        }
    }

    /// A member in good standing, with the benefits of its tier.
    public var isMemberInGoodStanding: Bool {
        switch self {
        case .certified, .validationPlanned, .validated, .validationFailed: true
        default: false
        }
    }

    /// Nothing more can happen to this application (a company applies anew instead).
    public var isClosed: Bool { self == .withdrawn || self == .removed || self == .rejected }

    /// Decisions that the company may appeal.
    public var isAppealable: Bool {
        switch self {
        case .rejected, .validationFailed, .suspended, .removed: true
        default: false
        }
    }
}
