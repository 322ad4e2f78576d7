import Fluent

/// What a keyed submission said (issue 16, `ClientKey.digest`): a SHA-256 over a canonical form
/// of its meaningful fields (photos by their hash), so a key sent again with other content is
/// refused rather than taken for a repeat. Rows written before have none and are not compared.
struct UpdateClientSubmissionsAddContentDigest: AsyncMigration {
    var name: String { "044_UpdateClientSubmissionsAddContentDigest" }

    func prepare(on database: any Database) async throws {
        try await database.schema("client_submissions").field("content_digest", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("client_submissions").deleteField("content_digest").update()
    }
}
