import Foundation

/// What a transition may depend on besides the application itself: the time, and facts kept
/// in other records (the profile snapshot, information requests, validation findings).
public struct LifecycleContext: Sendable, Hashable {
    /// The current instant, injected so tests can move time.
    public var now: Date
    /// A security profile snapshot has been submitted (or is being submitted with this transition).
    public var hasSubmittedProfileSnapshot: Bool
    /// The officer ticked "I accept the partner agreement" on the application form.
    public var partnerAgreementAccepted: Bool
    /// Which partner agreement text was shown, recorded on `apply`.
    public var partnerAgreementVersion: String?
    /// Information requests of the review not yet answered by the company.
    public var openInformationRequests: Int
    /// Required actions of the current validation not yet closed by the reviewer.
    public var openRequiredActions: Int
    /// Best practices recorded by the current validation.
    public var bestPracticesRecorded: Int

    public init(now: Date, hasSubmittedProfileSnapshot: Bool = false, partnerAgreementAccepted: Bool = false,
                partnerAgreementVersion: String? = nil, openInformationRequests: Int = 0,
                openRequiredActions: Int = 0, bestPracticesRecorded: Int = 0) {
        self.now = now
        self.hasSubmittedProfileSnapshot = hasSubmittedProfileSnapshot
        self.partnerAgreementAccepted = partnerAgreementAccepted
        self.partnerAgreementVersion = partnerAgreementVersion
        self.openInformationRequests = openInformationRequests
        self.openRequiredActions = openRequiredActions
        self.bestPracticesRecorded = bestPracticesRecorded
    }

    /// The same context with the finding counts taken from a validation's findings.
    public func counting(findings: [ValidationFinding]) -> LifecycleContext {
        var copy = self
        copy.openRequiredActions = findings.filter { $0.kind == .requiredAction && $0.status != .closed }.count
        copy.bestPracticesRecorded = findings.filter { $0.kind == .bestPractice }.count
        return copy
    }
}
