import Foundation

/// What a person sends to change one answer: the new content and the version they started
/// from. Fields are raw input; `AnswerRules.validate` checks and trims them.
public struct AnswerEdit: Hashable, Sendable {
    /// The criterion answered.
    public var criterionID: CriterionID
    /// The chosen status.
    public var status: AnswerStatus
    /// How the company meets the criterion; required for `meets` and `partly`.
    public var narrative: String?
    /// Why the criterion does not apply; required for `notApplicable`, ignored otherwise.
    public var notApplicableReason: String?
    /// The responsible person's name; optional.
    public var responsible: String?
    /// The evidence to link; duplicates are dropped. The caller checks that each id is one of
    /// the company's own evidence files.
    public var evidenceIDs: [EvidenceID]
    /// The `CriterionAnswer.version` the person saw when they started editing (0 for a new answer).
    public var baseVersion: Int

    public init(criterionID: CriterionID, status: AnswerStatus, narrative: String? = nil,
                notApplicableReason: String? = nil, responsible: String? = nil, evidenceIDs: [EvidenceID] = [],
                baseVersion: Int) {
        self.criterionID = criterionID
        self.status = status
        self.narrative = narrative
        self.notApplicableReason = notApplicableReason
        self.responsible = responsible
        self.evidenceIDs = evidenceIDs
        self.baseVersion = baseVersion
    }
}

/// An answer edit that passed `AnswerRules`: trimmed, line ends normalized, evidence deduplicated,
/// the not-applicable reason cleared unless the status is `notApplicable`.
public struct ValidatedAnswerEdit: Hashable, Sendable {
    public let criterionID: CriterionID
    public let status: AnswerStatus
    public let narrative: String
    public let notApplicableReason: String
    public let responsible: String
    public let evidenceIDs: [EvidenceID]
    public let baseVersion: Int
}
