import Fluent
import SQLKit

/// Questionnaires sent to business partners by link (issue 15, MSC 3.5): the link's token is
/// kept only as its SHA-256 (`token_hash`, unique: the lookup), the questions as a JSON snapshot
/// in the questionnaire's language, the answers as JSON once given; and the files the partner
/// uploaded with the answers, kept in the row (bounded in size by the upload check).
struct CreatePartnerQuestionnaires: AsyncMigration {
    var name: String { "023_CreatePartnerQuestionnaires" }

    func prepare(on database: any Database) async throws {
        try await database.schema("business_partner_questionnaires")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("language", .string, .required)
            .field("questions", .string, .required)
            .field("answers", .string)
            // sent, answered, revoked
            .field("status", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("business_partner_questionnaire_files")
            .id()
            .field("questionnaire_id", .uuid, .required, .references("business_partner_questionnaires", "id", onDelete: .cascade))
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("question_id", .string)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX business_partner_questionnaires_partner_idx ON business_partner_questionnaires (partner_id, created_at)").run()
        try await sql.raw("CREATE INDEX business_partner_questionnaire_files_questionnaire_idx ON business_partner_questionnaire_files (questionnaire_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("business_partner_questionnaire_files").delete()
        try await database.schema("business_partner_questionnaires").delete()
    }
}
