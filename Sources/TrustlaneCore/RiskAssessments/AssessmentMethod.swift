import Foundation

/// How an assessment is done (step 5, "document the process"): the scale, the bands, which
/// categories are rated where, what happens to unrated values, the formula in words, and who
/// took part. Saved with the assessment, so its scores can be recomputed and read the same way
/// later even if the company changes its method.
public struct AssessmentMethod: Hashable, Sendable {
    public let scale: RiskScale
    public let bands: RiskBands
    public let applicability: CategoryApplicability
    public let unrated: RiskScoring.UnratedPolicy
    /// Which chains the threat screening flags for a full vulnerability assessment.
    public let screening: ThreatScreening.Rule
    public let participants: [AssessmentParticipant]

    /// A method; by default CBP's three levels, the standard bands and category mapping, and
    /// chains flagged by any threat at the highest level.
    public init(scale: RiskScale = .standard, bands: RiskBands = .standard, applicability: CategoryApplicability = .standard,
                unrated: RiskScoring.UnratedPolicy = .exclude, screening: ThreatScreening.Rule = .standard,
                participants: [AssessmentParticipant]) {
        self.scale = scale
        self.bands = bands
        self.applicability = applicability
        self.unrated = unrated
        self.screening = screening
        self.participants = participants
    }

    /// The threat screening of chains under this method.
    public func screen(_ chains: [SupplyChain], threats: ThreatLibrary) -> ThreatScreening {
        ThreatScreening.screen(chains, threats: threats, scale: scale, rule: screening)
    }

    /// The scoring input for this method.
    public func scoringInput(chains: [SupplyChain], threats: ThreatLibrary, vulnerabilities: VulnerabilitySheet) -> RiskScoring.Input {
        RiskScoring.Input(chains: chains, threats: threats, vulnerabilities: vulnerabilities, scale: scale, bands: bands,
                          applicability: applicability, unrated: unrated)
    }

    /// How the formula is introduced wherever it is shown: CBP asks for levels, not numbers.
    public static let methodNotice = "Trustlane's method, not CBP's: CBP rates threat and vulnerability only as High, Medium or Low; the values, the formula and the bands below are Trustlane's, and a company may set its own bands."

    /// The formula in English words, for the report and the API (pages build theirs from the
    /// same parts in the reader's language). It opens by saying whose method it is.
    public var formulaText: String {
        let levels = scale.levels.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) = \($0.value)" }.joined(separator: ", ")
        let groups = bands.scores(on: scale)
        func list(_ band: RiskBand) -> String {
            (groups[band] ?? []).map(String.init).joined(separator: ", ")
        }
        let unratedText = unrated == .exclude
            ? "Threats and categories not yet rated are left out; a node with none rated has no score."
            : "Threats and categories not yet rated count at the highest level."
        return """
        \(Self.methodNotice) \
        Threats and vulnerabilities are rated on the scale \(levels). \
        Risk of a node for a threat = threat value × vulnerability value, where the node's vulnerability is its highest \
        rating over the criteria categories that apply at that kind of node. \
        A node's risk is its highest risk over the threats; a leg's risk is the higher of its two nodes; \
        a supply chain's risk is its highest node. \
        Bands: low \(list(.low)); medium \(list(.medium)); high \(list(.high)). \
        \(unratedText)
        """
    }

    /// The other parts of the method that are Trustlane's choices rather than CBP's, in English,
    /// for the report and the API (pages say the same in the reader's language).
    public var trustlaneChoices: [String] {
        [
            "The criteria categories rated at each kind of node (CategoryApplicability) are Trustlane's mapping, not CBP's: CBP asks for a vulnerability assessment against the Minimum Security Criteria without saying which categories apply where.",
            "The suggested due date of an action plan proposal, \(ActionPlanProposal.defaultDueInDays) days after the proposal, is Trustlane's default, not a CBP deadline: CBP asks for an owner and a due date, and the company sets them.",
            "Chains are flagged for a full vulnerability assessment from the threat level \(scale.key(of: screening.threshold(on: scale)).replacingOccurrences(of: "_", with: " ")) (CBP's guide: screen by threat at origin and routing first, then assess the high-risk chains in full); the level is the company's setting.",
        ]
    }

    /// Limits of the participant list.
    public static let maxParticipants = 50
    public static let maxNameLength = 200

    /// Checks the method's people: at least one, each with a name and a role.
    public static func validateParticipants(_ drafts: [AssessmentParticipant.Draft]) -> Result<[AssessmentParticipant], ValidationFailure> {
        var errors: [FieldError] = []
        var participants: [AssessmentParticipant] = []
        if drafts.isEmpty {
            errors.append(FieldError(field: "participants", messageKey: "risk.error.participants_required",
                                     message: "Name at least one person who took part in the assessment."))
        }
        if drafts.count > maxParticipants {
            errors.append(FieldError(field: "participants", messageKey: "risk.error.participants_too_many",
                                     message: "Name at most \(maxParticipants) participants.", arguments: ["max": String(maxParticipants)]))
        }
        for (index, draft) in drafts.prefix(maxParticipants).enumerated() {
            let name = Check.text(draft.name, field: "participants[\(index)].name", max: maxNameLength, into: &errors)
            let role = Check.text(draft.role, field: "participants[\(index)].role", max: maxNameLength, into: &errors)
            if let name, let role { participants.append(AssessmentParticipant(name: name, role: role, userID: draft.userID)) }
        }
        return errors.isEmpty ? .success(participants) : .failure(ValidationFailure(errors))
    }
}
