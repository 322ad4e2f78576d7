import Fluent
import SQLKit
import Foundation

/// A company's security profile against one catalog version, for one or more entity types.
package final class SecurityProfileModel: Model, @unchecked Sendable {
    package static let schema = "security_profiles"

    @ID(key: .id) package var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Parent(key: "company_id") package var company: CompanyModel
    @Field(key: "catalog_id") var catalogID: String
    /// Entity type codes, comma-separated, sorted.
    @Field(key: "entity_types") var entityTypes: String
    /// JSON object: applicability condition id -> true/false.
    @Field(key: "condition_answers") var conditionAnswers: String
    @Field(key: "submission_count") var submissionCount: Int
    @OptionalField(key: "last_submitted_at") var lastSubmittedAt: Date?
    @OptionalField(key: "archived_at") var archivedAt: Date?

    package init() {}

    /// The company's profile in use (not archived, newest), read through SQLKit: every profile
    /// page and answer save starts here.
    static func current(company: UUID, on db: any Database) async throws -> SecurityProfileModel? {
        struct Row: Decodable {
            let id: UUID; let created_at: Date?; let updated_at: Date?; let catalog_id: String; let entity_types: String
            let condition_answers: String; let submission_count: Int; let last_submitted_at: Date?
        }
        guard let row = try await (db as! any SQLDatabase).raw("""
            SELECT id, created_at, updated_at, catalog_id, entity_types, condition_answers, submission_count, last_submitted_at
            FROM security_profiles WHERE company_id = \(bind: company) AND archived_at IS NULL ORDER BY created_at DESC LIMIT 1
            """).first(decoding: Row.self) else { return nil }
        let profile = SecurityProfileModel()
        profile.id = row.id
        profile.createdAt = row.created_at
        profile.updatedAt = row.updated_at
        profile.$company.id = company
        profile.catalogID = row.catalog_id
        profile.entityTypes = row.entity_types
        profile.conditionAnswers = row.condition_answers
        profile.submissionCount = row.submission_count
        profile.lastSubmittedAt = row.last_submitted_at
        profile.archivedAt = nil
        profile.$id.exists = true
        return profile
    }
}

/// The current answer to one criterion; `version` grows by one with every saved change.
package final class ProfileAnswerModel: Model, @unchecked Sendable {
    package static let schema = "profile_answers"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "profile_id") package var profile: SecurityProfileModel
    @Field(key: "criterion_id") package var criterionID: String
    @Field(key: "status") var status: String
    @Field(key: "narrative") var narrative: String
    @OptionalField(key: "not_applicable_reason") var notApplicableReason: String?
    @OptionalField(key: "responsible") var responsible: String?
    @Field(key: "version") package var version: Int
    /// The version the last submission froze; differs from `version` when changed since.
    @OptionalField(key: "submitted_version") var submittedVersion: Int?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @OptionalField(key: "updated_at") var updatedAt: Date?

    package init() {}
}

/// Every saved version of an answer, for the history page.
final class ProfileAnswerHistoryModel: Model, @unchecked Sendable {
    static let schema = "profile_answer_history"

    @ID(key: .id) var id: UUID?
    @Field(key: "profile_id") var profileID: UUID
    @Field(key: "criterion_id") var criterionID: String
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "narrative") var narrative: String
    @OptionalField(key: "not_applicable_reason") var notApplicableReason: String?
    @OptionalField(key: "responsible") var responsible: String?
    /// Evidence titles linked at that version, JSON array.
    @Field(key: "evidence") var evidence: String
    @OptionalField(key: "changed_by") var changedBy: UUID?
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}

/// An uploaded evidence file's record; the bytes are in the `EvidenceStore` under `sha256`.
final class EvidenceFileModel: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "title") var title: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int64
    @Field(key: "content_type") var contentType: String
    @OptionalField(key: "effective_date") var effectiveDate: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}

/// Evidence linked to a criterion of a profile; one file may prove many criteria.
final class EvidenceLinkModel: Model, @unchecked Sendable {
    static let schema = "evidence_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "profile_id") var profileID: UUID
    @Field(key: "criterion_id") var criterionID: String
    @Field(key: "evidence_id") var evidenceID: UUID
    @OptionalField(key: "linked_by") var linkedBy: UUID?
    @Field(key: "linked_at") var linkedAt: Date

    init() {}
}

/// An immutable submission: the whole profile as reviewers read it.
final class ProfileSnapshotModel: Model, @unchecked Sendable {
    static let schema = "profile_snapshots"

    @ID(key: .id) var id: UUID?
    @Field(key: "profile_id") var profileID: UUID
    @Field(key: "sequence") var sequence: Int
    @OptionalField(key: "submitted_by") var submittedBy: UUID?
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "declaration") var declaration: String
    @Field(key: "digest") var digest: String
    /// The snapshot as JSON.
    @Field(key: "content") var content: String

    init() {}
}

/// A reviewer's comment or request for information on a criterion, or the company's response.
final class ReviewCommentModel: Model, @unchecked Sendable {
    static let schema = "review_comments"

    @ID(key: .id) var id: UUID?
    @Field(key: "profile_id") var profileID: UUID
    @OptionalField(key: "snapshot_id") var snapshotID: UUID?
    @Field(key: "criterion_id") var criterionID: String
    @Field(key: "kind") var kind: String
    @Field(key: "status") var status: String
    @Field(key: "body") var body: String
    /// Reviewers' internal notes, never shown to the company.
    @Field(key: "internal") var isInternal: Bool
    @OptionalField(key: "reply_to") var replyTo: UUID?
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A corrective action: from a gap in the profile, a high risk, or a validation finding.
final class CorrectiveActionModel: Model, @unchecked Sendable {
    static let schema = "corrective_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "title") var title: String
    @OptionalField(key: "owner") var owner: String?
    @Field(key: "due_date") var dueDate: Date
    @Field(key: "status") var status: String
    @Field(key: "notes") var notes: String
    /// Criterion ids, comma-separated.
    @Field(key: "criteria") var criteria: String
    @OptionalField(key: "profile_id") var profileID: UUID?
    /// `gap`, `risk` or `validation`.
    @Field(key: "source") var source: String
    @OptionalField(key: "source_id") var sourceID: String?
    @Field(key: "version") var version: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
