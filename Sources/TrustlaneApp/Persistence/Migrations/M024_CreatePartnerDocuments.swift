import Fluent
import SQLKit

/// A business partner's documents (issue 15: "documents (the evidence store)"): links from a
/// partner to files of the company's evidence store, so a signed security agreement, an audit
/// report or a certificate is kept once, with its expiry, and can also back a profile answer.
struct CreatePartnerDocuments: AsyncMigration {
    var name: String { "024_CreatePartnerDocuments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("business_partner_documents")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("business_partners", "id", onDelete: .cascade))
            .field("evidence_id", .uuid, .required, .references("evidence_files", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "partner_id", "evidence_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("business_partner_documents").delete()
    }
}
