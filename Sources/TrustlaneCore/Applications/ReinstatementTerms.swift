import Foundation

/// What CBP asks of a suspended member before reinstating it: an agreed corrective action plan
/// with objectives and time frames, and the company's consent to unannounced visits (CBP's 2009
/// enforcement and appeals notice, as reported; after a failed validation every weakness must
/// be addressed first). Recorded with the reinstatement (issue 11).
public struct ReinstatementTerms: Codable, Sendable, Hashable {
    /// The agreed plan: what will be corrected, and how.
    public let correctiveActionPlan: String
    /// The last day by which the plan is to be carried out; `nil` when not given.
    public let planCompletedBy: ProgramDay?
    /// The company consents to unannounced visits by CBP.
    public let consentsToUnannouncedVisits: Bool

    public init(correctiveActionPlan: String, planCompletedBy: ProgramDay?, consentsToUnannouncedVisits: Bool) {
        self.correctiveActionPlan = correctiveActionPlan
        self.planCompletedBy = planCompletedBy
        self.consentsToUnannouncedVisits = consentsToUnannouncedVisits
    }

    /// The fields a reinstatement still lacks (`corrective_action_plan`, `plan_completed_by`,
    /// `unannounced_visits`), in that order; empty when the terms are complete for `today`.
    public func missing(today: ProgramDay) -> [String] {
        var fields: [String] = []
        if correctiveActionPlan.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 { fields.append("corrective_action_plan") }
        if (planCompletedBy.map { $0 <= today } ?? true) { fields.append("plan_completed_by") }
        if !consentsToUnannouncedVisits { fields.append("unannounced_visits") }
        return fields
    }
}
