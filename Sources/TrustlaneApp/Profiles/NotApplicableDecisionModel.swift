import Fluent
import SQLKit
import Foundation
import TrustlaneCore

/// A reviewer's decision on a Must claimed not applicable to the company's business model
/// (`NotApplicableClaims`). Never edited; the newest row per criterion is the decision in force,
/// and only while the answer is still at `answerVersion`.
final class NotApplicableDecisionModel: Model, @unchecked Sendable {
    static let schema = "not_applicable_decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "profile_id") var profileID: UUID
    /// The submission the reviewer decided on.
    @OptionalField(key: "snapshot_id") var snapshotID: UUID?
    @Field(key: "criterion_id") var criterionID: String
    /// 1, 2, ... per profile and criterion; the highest is the decision in force.
    @Field(key: "sequence") var sequence: Int
    /// The company's answer version in that submission.
    @Field(key: "answer_version") var answerVersion: Int
    /// `accepted` or `rejected` (`NotApplicableVerdict`).
    @Field(key: "verdict") var verdict: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @Field(key: "decided_at") var decidedAt: Date

    init() {}

    /// The Core value; `nil` for a row Core cannot read (an unknown verdict or criterion id).
    var decision: NotApplicableDecision? {
        guard let criterion = CriterionID(criterionID), let verdict = NotApplicableVerdict(rawValue: verdict) else { return nil }
        return NotApplicableDecision(criterionID: criterion, answerVersion: answerVersion, verdict: verdict, reason: reason,
                                     decidedBy: decidedBy.map(UserID.init), decidedAt: decidedAt)
    }

    /// The decision in force per criterion: the newest row of each.
    static func latest(profile: UUID, criterion: CriterionID? = nil, on db: any Database) async throws -> [CriterionID: NotApplicableDecision] {
        // SQLKit into a small row: the profile page reads this on every view.
        struct Row: Decodable {
            let criterion_id: String; let answer_version: Int; let verdict: String; let reason: String
            let decided_by: UUID?; let decided_at: Date
        }
        let sql = db as! any SQLDatabase
        let onlyCriterion: SQLQueryString = criterion.map { " AND criterion_id = \(bind: $0.rawValue)" } ?? ""
        var latest: [CriterionID: NotApplicableDecision] = [:]
        for row in try await sql.raw("""
            SELECT criterion_id, answer_version, verdict, reason, decided_by, decided_at FROM not_applicable_decisions
            WHERE profile_id = \(bind: profile)\(onlyCriterion) ORDER BY sequence
            """).all(decoding: Row.self) {
            guard let id = CriterionID(row.criterion_id), let verdict = NotApplicableVerdict(rawValue: row.verdict) else { continue }
            latest[id] = NotApplicableDecision(criterionID: id, answerVersion: row.answer_version, verdict: verdict, reason: row.reason,
                                               decidedBy: row.decided_by.map(UserID.init), decidedAt: row.decided_at)
        }
        return latest
    }
}
