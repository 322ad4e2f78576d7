import Foundation

/// An evidence file as a snapshot records it: id, title and content hash, so a reviewer can tell
/// that the file they open is the one submitted.
public struct EvidenceReference: Hashable, Sendable, Codable {
    public let id: EvidenceID
    public let title: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public let sha256: String

    public init(id: EvidenceID, title: String, sha256: String) {
        self.id = id
        self.title = title
        self.sha256 = sha256.lowercased()
    }
}

/// One criterion's answer frozen in a snapshot.
public struct SnapshotEntry: Hashable, Sendable, Codable {
    public let criterionID: CriterionID
    public let status: AnswerStatus
    public let narrative: String
    public let notApplicableReason: String
    public let responsible: String
    /// The linked evidence, in the answer's order.
    public let evidence: [EvidenceReference]

    public init(criterionID: CriterionID, status: AnswerStatus, narrative: String = "", notApplicableReason: String = "",
                responsible: String = "", evidence: [EvidenceReference] = []) {
        self.criterionID = criterionID
        self.status = status
        self.narrative = narrative
        self.notApplicableReason = notApplicableReason
        self.responsible = responsible
        self.evidence = evidence
    }

    /// The entry for an answer; evidence ids missing from `evidence` are left out (the caller
    /// passes the company's own files, so a foreign or deleted id never reaches a snapshot).
    public init(answer: CriterionAnswer, evidence: [EvidenceID: EvidenceReference]) {
        self.init(criterionID: answer.criterionID, status: answer.status, narrative: answer.narrative,
                  notApplicableReason: answer.notApplicableReason, responsible: answer.responsible,
                  evidence: answer.evidenceIDs.compactMap { evidence[$0] })
    }

    private enum CodingKeys: String, CodingKey {
        case criterionID = "criterion_id", status, narrative, notApplicableReason = "not_applicable_reason"
        case responsible, evidence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        criterionID = try container.decodeCriterionID(forKey: .criterionID)
        status = try container.decode(AnswerStatus.self, forKey: .status)
        narrative = try container.decode(String.self, forKey: .narrative)
        notApplicableReason = try container.decode(String.self, forKey: .notApplicableReason)
        responsible = try container.decode(String.self, forKey: .responsible)
        evidence = try container.decode([EvidenceReference].self, forKey: .evidence)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(criterionID.rawValue, forKey: .criterionID)
        try container.encode(status, forKey: .status)
        try container.encode(narrative, forKey: .narrative)
        try container.encode(notApplicableReason, forKey: .notApplicableReason)
        try container.encode(responsible, forKey: .responsible)
        try container.encode(evidence, forKey: .evidence)
    }
}
