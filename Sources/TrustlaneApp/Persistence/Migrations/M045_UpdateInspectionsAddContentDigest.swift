import Fluent

/// What a keyed inspection or inspection photo said (issue 16, `ClientKey.digest`), kept on the
/// row beside its client key (inspections keep their keys on their own rows, M025): the same key
/// sent again with other content is refused with 409 rather than taken for a repeat. Rows
/// written before have none and are not compared.
struct UpdateInspectionsAddContentDigest: AsyncMigration {
    var name: String { "045_UpdateInspectionsAddContentDigest" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspections").field("content_digest", .string).update()
        try await database.schema("inspection_photos").field("content_digest", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inspection_photos").deleteField("content_digest").update()
        try await database.schema("inspections").deleteField("content_digest").update()
    }
}
