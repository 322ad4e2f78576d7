import Foundation

/// The dates a membership application records, one per milestone. Each is set by the
/// transition named beside it and never guessed; the clocks are computed from them.
///
/// When a milestone happens more than once (information requested twice, suspended twice), the
/// field holds the latest occurrence; the lifecycle events keep the full history.
public struct MembershipDates: Codable, Sendable, Hashable {
    /// `apply`: the company officer applied and accepted the partner agreement.
    public var appliedAt: Date?
    /// `submitProfile`: the first security profile snapshot was submitted.
    public var profileSubmittedAt: Date?
    /// `startReview`: a reviewer started the review.
    public var reviewStartedAt: Date?
    /// `requestInformation`: the latest request for more information.
    public var informationRequestedAt: Date?
    /// `resubmit`: the latest resubmission.
    public var resubmittedAt: Date?
    /// `certify`: certified (Tier I). Anniversaries count from this day.
    public var certifiedAt: Date?
    /// When the reviewer recorded that CBP's background vetting of the company is complete.
    public var vettingCompletedAt: Date?
    /// `reject`: certification denied.
    public var rejectedAt: Date?
    /// `planValidation` / `startRevalidation`: the latest validation planned.
    public var validationPlannedAt: Date?
    /// `recordValidation(.passed)`: the latest successful validation. Revalidation counts from it.
    public var lastValidatedAt: Date?
    /// `recordValidation(.failed)`: the latest failed validation.
    public var validationFailedAt: Date?
    /// `suspend`: the latest suspension.
    public var suspendedAt: Date?
    /// `suspend`: the last day for the company's response to the latest suspension.
    public var suspensionResponseDueOn: ProgramDay?
    /// `reinstate` (or an overturned suspension or removal): the latest reinstatement.
    public var reinstatedAt: Date?
    /// `remove`: membership ended by the program.
    public var removedAt: Date?
    /// `withdraw`: membership ended by the company.
    public var withdrawnAt: Date?
    /// `fileAppeal`: the latest appeal.
    public var appealFiledAt: Date?
    /// `decideAppeal`: the latest appeal decision.
    public var appealDecidedAt: Date?

    public init(appliedAt: Date? = nil, profileSubmittedAt: Date? = nil, reviewStartedAt: Date? = nil,
                informationRequestedAt: Date? = nil, resubmittedAt: Date? = nil, certifiedAt: Date? = nil,
                rejectedAt: Date? = nil, validationPlannedAt: Date? = nil, lastValidatedAt: Date? = nil,
                validationFailedAt: Date? = nil, suspendedAt: Date? = nil, suspensionResponseDueOn: ProgramDay? = nil,
                reinstatedAt: Date? = nil, removedAt: Date? = nil, withdrawnAt: Date? = nil,
                appealFiledAt: Date? = nil, appealDecidedAt: Date? = nil) {
        self.appliedAt = appliedAt
        self.profileSubmittedAt = profileSubmittedAt
        self.reviewStartedAt = reviewStartedAt
        self.informationRequestedAt = informationRequestedAt
        self.resubmittedAt = resubmittedAt
        self.certifiedAt = certifiedAt
        self.rejectedAt = rejectedAt
        self.validationPlannedAt = validationPlannedAt
        self.lastValidatedAt = lastValidatedAt
        self.validationFailedAt = validationFailedAt
        self.suspendedAt = suspendedAt
        self.suspensionResponseDueOn = suspensionResponseDueOn
        self.reinstatedAt = reinstatedAt
        self.removedAt = removedAt
        self.withdrawnAt = withdrawnAt
        self.appealFiledAt = appealFiledAt
        self.appealDecidedAt = appealDecidedAt
    }

    /// The date of the decision that put an application into an appealable status, which opens
    /// the appeal window; `nil` for other statuses.
    public func decisionDate(for status: MembershipStatus) -> Date? {
        switch status {
        case .rejected: rejectedAt
        case .validationFailed: validationFailedAt
        case .suspended: suspendedAt
        case .removed: removedAt
        default: nil
        }
    }

    /// Every date by its snake_case column name, for audit snapshots and persistence mapping.
    public var byColumn: [(column: String, date: Date?)] {
        [("applied_at", appliedAt), ("profile_submitted_at", profileSubmittedAt),
         ("review_started_at", reviewStartedAt), ("information_requested_at", informationRequestedAt),
         ("resubmitted_at", resubmittedAt), ("vetting_completed_at", vettingCompletedAt), ("certified_at", certifiedAt), ("rejected_at", rejectedAt),
         ("validation_planned_at", validationPlannedAt), ("last_validated_at", lastValidatedAt),
         ("validation_failed_at", validationFailedAt), ("suspended_at", suspendedAt),
         ("reinstated_at", reinstatedAt), ("removed_at", removedAt), ("withdrawn_at", withdrawnAt),
         ("appeal_filed_at", appealFiledAt), ("appeal_decided_at", appealDecidedAt)]
    }
}
