import Foundation
import TrustlaneCore
import Vapor

struct ProfileAnswerResponse: Content, Sendable {
    let criterionId: String
    let category: Int
    let level: String
    let title: String
    let requiredBy: [String]
    let status: String
    let narrative: String
    let notApplicableReason: String?
    let responsible: String?
    let evidence: [EvidenceRef]
    let version: Int
    let updatedAt: Date?
    /// For a Must answered not applicable: the claim and the reviewer's decision; `nil` otherwise.
    let notApplicableClaim: NotApplicableClaimResponse?

    struct EvidenceRef: Content, Sendable { let id: UUID; let title: String; let sha256: String }
}

/// A Must claimed not applicable to the business model, as the company and the API see it.
struct NotApplicableClaimResponse: Content, Sendable {
    /// `awaiting_review`, `accepted` or `rejected` (`NotApplicableClaimState`).
    let state: String
    /// The reviewer's reason for the decision in force; `nil` while awaiting review.
    let reason: String?
    let decidedAt: Date?
}

/// The reviewer's decision on a claim (`POST .../not-applicable-decision`).
struct NotApplicableDecisionRequest: Content, Sendable {
    var decision: String?
    var reason: String?
}

struct NotApplicableDecisionResponse: Content, Sendable {
    let criterionId: String
    let decision: String
    let reason: String
    let answerVersion: Int
    let decidedAt: Date

    init(_ decision: NotApplicableDecision) {
        criterionId = decision.criterionID.rawValue
        self.decision = decision.verdict.rawValue
        reason = decision.reason
        answerVersion = decision.answerVersion
        decidedAt = decision.decidedAt
    }
}

struct ProfileResponse: Content, Sendable {
    struct Progress: Content, Sendable {
        let total: Int; let answered: Int; let complete: Int; let percentComplete: Int; let openMusts: [String]
        /// Musts claimed not applicable that wait for the reviewer's decision.
        let awaitingReview: [String]
    }
    let id: UUID
    let catalogId: String
    let entityTypes: [String]
    let conditions: [String: Bool]
    let pendingConditions: [String]
    let submissions: Int
    let lastSubmittedAt: Date?
    let progress: Progress
    let answers: [ProfileAnswerResponse]

    init(context: ProfileContext, answers: [CriterionID: CriterionAnswer], links: [ProfileQueries.LinkRow],
         decisions: [CriterionID: NotApplicableDecision]) {
        var evidence: [String: [ProfileAnswerResponse.EvidenceRef]] = [:]
        for link in links { evidence[link.criterion_id, default: []].append(.init(id: link.evidence_id, title: link.title, sha256: link.sha256)) }
        let progress = ProfileProgress(scope: context.scope, answers: answers, decisions: decisions)
        id = context.id
        catalogId = context.catalog.id
        entityTypes = context.entityTypes.map(\.code)
        conditions = context.conditions.values
        pendingConditions = context.scope.pendingConditions.map(\.id)
        submissions = context.profile.submissionCount
        lastSubmittedAt = context.profile.lastSubmittedAt
        self.progress = Progress(total: progress.overall.total, answered: progress.overall.answered, complete: progress.overall.complete,
                                 percentComplete: progress.overall.percentComplete, openMusts: progress.openMusts.map(\.id.rawValue),
                                 awaitingReview: progress.awaitingReview.map(\.id.rawValue))
        self.answers = context.scope.criteria.map { scoped in
            let answer = answers[scoped.id] ?? .unanswered(scoped.id)
            let decision = decisions[scoped.id].flatMap { $0.applies(to: answer.version) ? $0 : nil }
            let claim = progress.claims[scoped.id].map {
                NotApplicableClaimResponse(state: $0.rawValue, reason: decision.map(\.reason), decidedAt: decision?.decidedAt)
            }
            return ProfileAnswerResponse(criterionId: scoped.id.rawValue, category: scoped.criterion.categoryNumber, level: scoped.criterion.level.rawValue,
                                         title: scoped.criterion.title, requiredBy: scoped.sortedEntityTypes.map(\.code), status: answer.status.rawValue,
                                         narrative: answer.narrative, notApplicableReason: answer.notApplicableReason.isEmpty ? nil : answer.notApplicableReason,
                                         responsible: answer.responsible.isEmpty ? nil : answer.responsible,
                                         evidence: evidence[scoped.id.rawValue] ?? [], version: answer.version, updatedAt: answer.updatedAt,
                                         notApplicableClaim: claim)
        }
    }
}

struct OpenProfileRequest: Content, Sendable {
    var entityTypes: [String]?
    var catalogId: String?
}

struct ConditionsRequest: Content, Sendable {
    var conditions: [String: Bool]
}

struct SaveAnswerRequest: Content, Sendable {
    var status: String?
    var narrative: String?
    var notApplicableReason: String?
    var responsible: String?
    var evidenceIds: [String]?
    var baseVersion: Int?
}

struct SubmitProfileRequest: Content, Sendable {
    var declaration: Bool?
}

struct SnapshotSummaryResponse: Content, Sendable {
    let id: UUID
    let sequence: Int
    let submittedAt: Date
    let digest: String
}

struct EvidenceResponse: Content, Sendable {
    let id: UUID
    let title: String
    let fileName: String
    let sha256: String
    let size: Int64
    let contentType: String
    let effectiveDate: String?
    let expiryDate: String?
}

struct CorrectiveActionResponse: Content, Sendable {
    let id: UUID
    let title: String
    let owner: String?
    let dueDate: String
    let status: String
    let criteria: [String]
    let source: String
    let version: Int
}

struct CreateCorrectiveActionRequest: Content, Sendable {
    var title: String?
    var details: String?
    var owner: String?
    var dueDate: String?
    var criteria: [String]?
}

struct MoveCorrectiveActionRequest: Content, Sendable {
    var status: String?
    var baseVersion: Int?
}

struct GapResponse: Content, Sendable {
    let criterionId: String
    let level: String
    let status: String
    /// For a Must answered not applicable: `rejected` (a gap) or `awaiting_review` (listed after the gaps).
    let notApplicableClaim: String?
    let narrative: String
    let correctiveActions: Int
    let openCorrectiveActions: Int
}

struct ReviewCommentRequest: Content, Sendable {
    var kind: String?
    var body: String?
    var replyTo: String?
    var `internal`: Bool?
}

struct UpgradeProfileRequest: Content, Sendable {
    var catalogId: String?
}

struct ProfileUpgradePreviewResponse: Content, Sendable {
    struct Move: Content, Sendable { let from: String; let to: String; let answered: Bool }
    let from: String
    let to: String
    let renumbered: [Move]
    let folded: [Move]
    let changed: [String]
    let added: [String]

    init(_ preview: ProfileUpgradeService.Preview) {
        from = preview.from.id
        to = preview.to.id
        renumbered = preview.renumbered.map { Move(from: $0.from.id.rawValue, to: $0.to.id.rawValue, answered: $0.answered) }
        folded = preview.folded.map { Move(from: $0.from.id.rawValue, to: $0.to.id.rawValue, answered: $0.answered) }
        changed = preview.changed.map(\.id.rawValue)
        added = preview.added.map(\.id.rawValue)
    }
}

// The profile document is the API's most read one: written by `JSONWriter`, not `JSONEncoder`
// (the same JSON; ProfileJSONTests compare the two).
extension ProfileResponse {
    func json() -> JSONWriter {
        var out = JSONWriter(capacity: 256 + answers.count * 320)
        out.beginObject()
        out.key("id"); out.uuid(id)
        out.field("catalogId", catalogId)
        out.field("entityTypes", entityTypes)
        out.key("conditions")
        out.beginObject()
        for (name, value) in conditions.sorted(by: { $0.key < $1.key }) { out.key(name); out.bool(value) }
        out.endObject()
        out.field("pendingConditions", pendingConditions)
        out.field("submissions", submissions)
        out.field("lastSubmittedAt", lastSubmittedAt)
        out.key("progress")
        out.beginObject()
        out.field("total", progress.total)
        out.field("answered", progress.answered)
        out.field("complete", progress.complete)
        out.field("percentComplete", progress.percentComplete)
        out.field("openMusts", progress.openMusts)
        out.field("awaitingReview", progress.awaitingReview)
        out.endObject()
        out.key("answers")
        out.beginArray()
        for answer in answers {
            out.beginObject()
            out.field("criterionId", answer.criterionId)
            out.field("category", answer.category)
            out.field("level", answer.level)
            out.field("title", answer.title)
            out.field("requiredBy", answer.requiredBy)
            out.field("status", answer.status)
            out.field("narrative", answer.narrative)
            out.field("notApplicableReason", answer.notApplicableReason)
            out.field("responsible", answer.responsible)
            out.key("evidence")
            out.beginArray()
            for evidence in answer.evidence {
                out.beginObject()
                out.key("id"); out.uuid(evidence.id)
                out.field("title", evidence.title)
                out.field("sha256", evidence.sha256)
                out.endObject()
            }
            out.endArray()
            out.field("version", answer.version)
            out.field("updatedAt", answer.updatedAt)
            if let claim = answer.notApplicableClaim {
                out.key("notApplicableClaim")
                out.beginObject()
                out.field("state", claim.state)
                out.field("reason", claim.reason)
                out.field("decidedAt", claim.decidedAt)
                out.endObject()
            }
            out.endObject()
        }
        out.endArray()
        out.endObject()
        return out
    }

    func encodeResponse(for request: Request) async throws -> Response { json().response() }

    func encodeResponse(for request: Request) -> EventLoopFuture<Response> { request.eventLoop.makeSucceededFuture(json().response()) }
}
