import Foundation

/// Opening a new application: after a passed eligibility check, one open application per
/// company and entity type, and not while a removal's waiting period runs.
extension MembershipApplication {
    /// A new application in `eligibilityConfirmed`, or the reason none may be opened.
    /// `earlier` are the company's previous applications (any entity type; others are ignored).
    /// A company whose eligibility says it needs CBP's invitation (a foreign manufacturer outside
    /// Mexico and Canada, a foreign-based terminal operator) may apply once it names the
    /// invitation it received (`invitationReference`).
    public static func start(companyID: CompanyID, entityType: EntityType, eligibility: EligibilityOutcome,
                             earlier: [MembershipApplication], now: Date, settings: ProgramSettings = .standard,
                             calendar: Calendar = .programUTC, invitationReference: String? = nil) -> Result<MembershipApplication, TransitionRefusal> {
        let invited = !(invitationReference?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        if case .needsInvitation = eligibility, !invited {
            return .failure(TransitionRefusal(.notEligible,
                                              "The eligibility check says CBP's invitation is needed: enter the reference of the invitation CBP sent to apply",
                                              parameters: ["eligibility": eligibility.status.rawValue]))
        }
        let invitedAndOtherwiseEligible: Bool
        if case .needsInvitation = eligibility { invitedAndOtherwiseEligible = invited } else { invitedAndOtherwiseEligible = false }
        guard eligibility == .eligible || invitedAndOtherwiseEligible else {
            let reasons = eligibility.reasons.joined(separator: " ")
            return .failure(TransitionRefusal(.notEligible,
                                              "The eligibility check must pass before applying" + (reasons.isEmpty ? "" : ": " + reasons),
                                              parameters: ["eligibility": eligibility.status.rawValue]))
        }
        let same = earlier.filter { $0.companyID == companyID && $0.entityType == entityType }
        if same.contains(where: { !$0.status.isClosed }) {
            return .failure(TransitionRefusal(.applicationAlreadyOpen,
                                              "The company already has an open application as \(entityType.code); continue that one"))
        }
        let clocks = MembershipClocks(settings: settings, calendar: calendar)
        let today = ProgramDay(now, calendar: calendar)
        for removed in same where removed.status == .removed {
            guard let removedAt = removed.dates.removedAt else { continue }
            let allowed = removed.reapplyAllowedOn ?? clocks.reapplicationAllowedOn(removedOn: ProgramDay(removedAt, calendar: calendar))
            if today < allowed {
                return .failure(TransitionRefusal(.reapplicationTooSoon,
                                                  "A removed company may apply again from \(allowed)",
                                                  parameters: ["allowed_on": allowed.description]))
            }
        }
        return .success(MembershipApplication(companyID: companyID, entityType: entityType))
    }
}
