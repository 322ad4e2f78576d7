import Fluent
import SQLKit

/// Security profiles: one answer row per applicable criterion, its history, evidence files and
/// their links, submissions (immutable snapshots), reviewers' comment threads and corrective
/// actions. Sized for the whole program: ~1.7M answers, read 150 at a time by profile.
struct CreateSecurityProfiles: AsyncMigration {
    var name: String { "007_CreateSecurityProfiles" }

    func prepare(on database: any Database) async throws {
        try await database.schema("security_profiles")
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("catalog_id", .string, .required)
            .field("entity_types", .string, .required)
            .field("condition_answers", .string, .required)
            .field("submission_count", .int, .required)
            .field("last_submitted_at", .datetime)
            .field("archived_at", .datetime)
            .create()

        try await database.schema("profile_answers")
            .id()
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("criterion_id", .string, .required)
            .field("status", .string, .required)
            .field("narrative", .string, .required)
            .field("not_applicable_reason", .string)
            .field("responsible", .string)
            .field("version", .int, .required)
            .field("submitted_version", .int)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime)
            .unique(on: "profile_id", "criterion_id")
            .create()

        try await database.schema("profile_answer_history")
            .id()
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("criterion_id", .string, .required)
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("narrative", .string, .required)
            .field("not_applicable_reason", .string)
            .field("responsible", .string)
            .field("evidence", .string, .required)
            .field("changed_by", .uuid)
            .field("changed_at", .datetime, .required)
            .create()

        try await database.schema("evidence_files")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("content_type", .string, .required)
            .field("effective_date", .datetime)
            .field("expires_at", .datetime)
            .field("uploaded_by", .uuid)
            .field("uploaded_at", .datetime, .required)
            .create()

        try await database.schema("evidence_links")
            .id()
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("criterion_id", .string, .required)
            .field("evidence_id", .uuid, .required, .references("evidence_files", "id", onDelete: .cascade))
            .field("linked_by", .uuid)
            .field("linked_at", .datetime, .required)
            .unique(on: "profile_id", "criterion_id", "evidence_id")
            .create()

        try await database.schema("profile_snapshots")
            .id()
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("sequence", .int, .required)
            .field("submitted_by", .uuid)
            .field("submitted_at", .datetime, .required)
            .field("declaration", .string, .required)
            .field("digest", .string, .required)
            .field("content", .string, .required)
            .unique(on: "profile_id", "sequence")
            .create()

        try await database.schema("review_comments")
            .id()
            .field("profile_id", .uuid, .required, .references("security_profiles", "id", onDelete: .cascade))
            .field("snapshot_id", .uuid, .references("profile_snapshots", "id", onDelete: .setNull))
            .field("criterion_id", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("body", .string, .required)
            .field("internal", .bool, .required)
            .field("reply_to", .uuid)
            .field("author_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("corrective_actions")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("owner", .string)
            .field("due_date", .datetime, .required)
            .field("status", .string, .required)
            .field("notes", .string, .required)
            .field("criteria", .string, .required)
            .field("profile_id", .uuid, .references("security_profiles", "id", onDelete: .setNull))
            .field("source", .string, .required)
            .field("source_id", .string)
            .field("version", .int, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "security_profiles_company_idx").on("security_profiles").column("company_id").run()
        try await sql.create(index: "profile_answer_history_idx").on("profile_answer_history").column("profile_id").column("criterion_id").run()
        try await sql.create(index: "evidence_files_company_idx").on("evidence_files").column("company_id").run()
        try await sql.create(index: "evidence_links_evidence_idx").on("evidence_links").column("evidence_id").run()
        try await sql.create(index: "review_comments_profile_idx").on("review_comments").column("profile_id").column("criterion_id").run()
        try await sql.create(index: "corrective_actions_company_idx").on("corrective_actions").column("company_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["corrective_actions", "review_comments", "profile_snapshots", "evidence_links", "evidence_files",
                      "profile_answer_history", "profile_answers", "security_profiles"] {
            try await database.schema(table).delete()
        }
    }
}
