import Foundation

/// The result of a validation and the rule that sets the tier from it.
///
/// - Tier II: the reviewer passes it and every required action is closed.
/// - Tier III: as Tier II, and at least `ProgramSettings.tierThreeMinimumBestPractices` best
///   practices are recorded (default 1, uncertain: CBP's five requirements for a best practice
///   are the reviewer's to judge when recording one).
/// - Failed: the reviewer fails it, with reasons.
public enum ValidationOutcome: Sendable, Hashable {
    case validated(Tier)
    case failed(reasons: [String])

    /// Checks the reviewer's result against the findings' counts.
    public static func decide(_ result: ValidationResult, openRequiredActions: Int, bestPractices: Int,
                              entityType: EntityType? = nil,
                              settings: ProgramSettings = .standard) -> Result<ValidationOutcome, TransitionRefusal> {
        switch result {
        case .failed(let reasons):
            let reasons = MembershipLifecycle.cleaned(reasons)
            guard !reasons.isEmpty else { return .failure(.reasonsRequired(.recordValidation)) }
            return .success(.failed(reasons: reasons))
        case .passed(let tier):
            guard tier > .one else { return .failure(.invalidTier) }
            if tier == .three, let entityType, !settings.tierThreeEntityTypes.contains(entityType) {
                return .failure(.tierNotOffered(tier, entityType, offered: settings.tierThreeEntityTypes))
            }
            guard openRequiredActions == 0 else { return .failure(.openRequiredActions(openRequiredActions)) }
            if tier == .three && bestPractices < settings.tierThreeMinimumBestPractices {
                return .failure(.notEnoughBestPractices(recorded: bestPractices, needed: settings.tierThreeMinimumBestPractices))
            }
            return .success(.validated(tier))
        }
    }

    /// The same rule over a validation's findings.
    public static func decide(_ result: ValidationResult, findings: [ValidationFinding], entityType: EntityType? = nil,
                              settings: ProgramSettings = .standard) -> Result<ValidationOutcome, TransitionRefusal> {
        let open = findings.filter { $0.kind == .requiredAction && $0.status != .closed }.count
        let practices = findings.filter { $0.kind == .bestPractice }.count
        return decide(result, openRequiredActions: open, bestPractices: practices, entityType: entityType, settings: settings)
    }

    /// The highest tier the findings allow a pass at; `nil` while required actions are open.
    public static func highestTier(findings: [ValidationFinding], entityType: EntityType? = nil, settings: ProgramSettings = .standard) -> Tier? {
        for tier in [Tier.three, .two] {
            if case .success = decide(.passed(tier), findings: findings, entityType: entityType, settings: settings) { return tier }
        }
        return nil
    }
}
