import Foundation

/// A company's answer to one criterion of its security profile, as stored: one current row per
/// criterion, plus every earlier version kept as history (see `AnswerHistoryDiff`).
///
/// `version` counts saves: 0 for a criterion never answered, then 1, 2, ... Each save stores a
/// new version, and an edit based on an older version is refused (see `StaleEditCheck`).
public struct CriterionAnswer: Hashable, Sendable, Codable {
    /// The criterion answered.
    public let criterionID: CriterionID
    /// The chosen status; `unanswered` until someone saves an answer.
    public var status: AnswerStatus
    /// How the company meets the criterion (or plans to); empty when not given.
    public var narrative: String
    /// Why the criterion does not apply; set only with `notApplicable`.
    public var notApplicableReason: String
    /// The name of the person responsible for the criterion; empty when not given.
    public var responsible: String
    /// The evidence files linked to this criterion, in the order they were linked.
    public var evidenceIDs: [EvidenceID]
    /// The number of saves so far; 0 for a criterion never answered.
    public var version: Int
    /// Who saved this version; `nil` for the never-saved state.
    public var updatedBy: UserID?
    /// When this version was saved; `nil` for the never-saved state.
    public var updatedAt: Date?

    public init(criterionID: CriterionID, status: AnswerStatus = .unanswered, narrative: String = "",
                notApplicableReason: String = "", responsible: String = "", evidenceIDs: [EvidenceID] = [],
                version: Int = 0, updatedBy: UserID? = nil, updatedAt: Date? = nil) {
        self.criterionID = criterionID
        self.status = status
        self.narrative = narrative
        self.notApplicableReason = notApplicableReason
        self.responsible = responsible
        self.evidenceIDs = evidenceIDs
        self.version = version
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// The state of a criterion nobody has answered yet (version 0).
    public static func unanswered(_ criterionID: CriterionID) -> CriterionAnswer {
        CriterionAnswer(criterionID: criterionID)
    }

    /// The next version of this answer with the validated edit applied: version + 1, stamped
    /// with who and when. Check the edit with `StaleEditCheck` and `AnswerRules` first.
    public func applying(_ edit: ValidatedAnswerEdit, by user: UserID, at date: Date) -> CriterionAnswer {
        CriterionAnswer(criterionID: criterionID, status: edit.status, narrative: edit.narrative,
                        notApplicableReason: edit.notApplicableReason, responsible: edit.responsible,
                        evidenceIDs: edit.evidenceIDs, version: version + 1, updatedBy: user, updatedAt: date)
    }

    /// Whether the answer's content (not its version stamp) equals another's; a save that
    /// changes nothing can be skipped.
    public func hasSameContent(as other: CriterionAnswer) -> Bool {
        status == other.status && narrative == other.narrative && notApplicableReason == other.notApplicableReason
            && responsible == other.responsible && evidenceIDs == other.evidenceIDs
    }

    private enum CodingKeys: String, CodingKey {
        case criterionID = "criterion_id", status, narrative, notApplicableReason = "not_applicable_reason"
        case responsible, evidenceIDs = "evidence_ids", version, updatedBy = "updated_by", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        criterionID = try container.decodeCriterionID(forKey: .criterionID)
        status = try container.decode(AnswerStatus.self, forKey: .status)
        narrative = try container.decodeIfPresent(String.self, forKey: .narrative) ?? ""
        notApplicableReason = try container.decodeIfPresent(String.self, forKey: .notApplicableReason) ?? ""
        responsible = try container.decodeIfPresent(String.self, forKey: .responsible) ?? ""
        evidenceIDs = try container.decodeIfPresent([EvidenceID].self, forKey: .evidenceIDs) ?? []
        version = try container.decode(Int.self, forKey: .version)
        updatedBy = try container.decodeIfPresent(UserID.self, forKey: .updatedBy)
        updatedAt = try container.decodeIfPresent(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(criterionID.rawValue, forKey: .criterionID)
        try container.encode(status, forKey: .status)
        try container.encode(narrative, forKey: .narrative)
        try container.encode(notApplicableReason, forKey: .notApplicableReason)
        try container.encode(responsible, forKey: .responsible)
        try container.encode(evidenceIDs, forKey: .evidenceIDs)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(updatedBy, forKey: .updatedBy)
        try container.encodeIfPresent(updatedAt, forKey: .updatedAt)
    }
}

extension KeyedDecodingContainer {
    /// Decodes a criterion id stored as its text (`3.4`); `CriterionID` itself is not Codable.
    func decodeCriterionID(forKey key: Key) throws -> CriterionID {
        let text = try decode(String.self, forKey: key)
        guard let id = CriterionID(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a criterion id: \(text)")
        }
        return id
    }
}
