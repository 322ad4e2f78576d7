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
    public let participants: [AssessmentParticipant]

    /// A method; by default CBP's three levels, the standard bands and category mapping.
    public init(scale: RiskScale = .standard, bands: RiskBands = .standard, applicability: CategoryApplicability = .standard,
                unrated: RiskScoring.UnratedPolicy = .exclude, participants: [AssessmentParticipant]) {
        self.scale = scale
        self.bands = bands
        self.applicability = applicability
        self.unrated = unrated
        self.participants = participants
    }

    /// The scoring input for this method.
    public func scoringInput(chains: [SupplyChain], threats: ThreatLibrary, vulnerabilities: VulnerabilitySheet) -> RiskScoring.Input {
        RiskScoring.Input(chains: chains, threats: threats, vulnerabilities: vulnerabilities, scale: scale, bands: bands,
                          applicability: applicability, unrated: unrated)
    }

    /// The formula in English words, for the report and the API (pages build theirs from the
    /// same parts in the reader's language).
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
        Threats and vulnerabilities are rated on the scale \(levels). \
        Risk of a node for a threat = threat value × vulnerability value, where the node's vulnerability is its highest \
        rating over the criteria categories that apply at that kind of node. \
        A node's risk is its highest risk over the threats; a leg's risk is the higher of its two nodes; \
        a supply chain's risk is its highest node. \
        Bands: low \(list(.low)); medium \(list(.medium)); high \(list(.high)). \
        \(unratedText)
        """
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
