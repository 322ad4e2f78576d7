import Foundation

/// A company's membership for one entity type, as the lifecycle sees it: its status, tier,
/// milestone dates and the few facts later decisions depend on. This is the state
/// `MembershipLifecycle` moves; persistence stores every field.
public struct MembershipApplication: Codable, Sendable, Hashable, Identifiable {
    public let id: MembershipApplicationID
    public let companyID: CompanyID
    public let entityType: EntityType
    public var status: MembershipStatus
    /// Tier I from certification, Tier II/III from a passed validation; `nil` before certification.
    /// Kept while suspended (the benefits are suspended, not the tier) so reinstatement restores it.
    public var tier: Tier?
    public var dates: MembershipDates
    /// The status held before the current one; an appeal decision returns to it.
    public var previousStatus: MembershipStatus?
    /// The company officer who accepted the partner agreement when applying.
    public var agreementAcceptedBy: UserID?
    /// The version of the partner agreement accepted.
    public var agreementVersion: String?
    /// The reviewer (SCSS) in charge; review decisions are theirs alone.
    public var assignedReviewerID: UserID?
    /// The reviewer who took the latest appealable decision (reject, failed validation,
    /// suspension, removal), so that another one decides the appeal.
    public var lastDecisionBy: UserID?
    /// The reasons of the latest decision that carries them (rejection, failed validation,
    /// information requested).
    public var decisionReasons: [String]
    /// Why the member is suspended or removed; cleared on reinstatement.
    public var sanctionReason: SanctionReason?
    /// The latest annual security profile review.
    public var annualReview: AnnualReviewCycle?
    /// The validation planned or under way.
    public var currentValidationID: ValidationID?
    /// A revalidation of a validated member is under way (the member stays `validated`).
    public var revalidationInProgress: Bool
    /// The latest appeal decision.
    public var appealDecision: AppealDecision?
    /// After a removal: the first day the company may apply again, as the reviewer set it.
    public var reapplyAllowedOn: ProgramDay?
    /// The terms the latest reinstatement was granted on.
    public var reinstatementTerms: ReinstatementTerms?

    public init(id: MembershipApplicationID = MembershipApplicationID(), companyID: CompanyID, entityType: EntityType,
                status: MembershipStatus = .eligibilityConfirmed, tier: Tier? = nil, dates: MembershipDates = MembershipDates(),
                previousStatus: MembershipStatus? = nil, agreementAcceptedBy: UserID? = nil, agreementVersion: String? = nil,
                assignedReviewerID: UserID? = nil, lastDecisionBy: UserID? = nil, decisionReasons: [String] = [],
                sanctionReason: SanctionReason? = nil, annualReview: AnnualReviewCycle? = nil,
                currentValidationID: ValidationID? = nil, revalidationInProgress: Bool = false,
                appealDecision: AppealDecision? = nil) {
        self.id = id
        self.companyID = companyID
        self.entityType = entityType
        self.status = status
        self.tier = tier
        self.dates = dates
        self.previousStatus = previousStatus
        self.agreementAcceptedBy = agreementAcceptedBy
        self.agreementVersion = agreementVersion
        self.assignedReviewerID = assignedReviewerID
        self.lastDecisionBy = lastDecisionBy
        self.decisionReasons = decisionReasons
        self.sanctionReason = sanctionReason
        self.annualReview = annualReview
        self.currentValidationID = currentValidationID
        self.revalidationInProgress = revalidationInProgress
        self.appealDecision = appealDecision
    }

    /// The status a member in good standing holds for its tier: `validated` for Tier II and III,
    /// `certified` otherwise. Reinstatement returns here.
    public var standingStatus: MembershipStatus { (tier ?? .one) > .one ? .validated : .certified }

    /// The fields as text, for audit entries (`AuditRecord.changes(before:after:)`).
    public var auditSnapshot: [String: String?] {
        let iso = ISO8601DateFormatter()
        var fields: [String: String?] = [
            "status": status.rawValue,
            "tier": tier?.rawValue,
            "previous_status": previousStatus?.rawValue,
            "agreement_accepted_by": agreementAcceptedBy?.description,
            "agreement_version": agreementVersion,
            "assigned_reviewer_id": assignedReviewerID?.description,
            "decision_reasons": decisionReasons.isEmpty ? nil : decisionReasons.joined(separator: "\n"),
            "sanction_reason": sanctionReason?.rawValue,
            "suspension_response_due_on": dates.suspensionResponseDueOn?.description,
            "annual_review": annualReview.map { "\($0.anniversary) \($0.status.rawValue)" },
            "current_validation_id": currentValidationID?.description,
            "revalidation_in_progress": revalidationInProgress ? "true" : nil,
            "appeal_decision": appealDecision?.rawValue,
        ]
        for (column, date) in dates.byColumn { fields[column] = date.map { iso.string(from: $0) } }
        return fields
    }
}
