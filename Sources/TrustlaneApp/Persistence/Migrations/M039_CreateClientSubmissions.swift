import Fluent
import SQLKit

/// Submissions recorded under a phone's client key (issue 16, `ClientSubmissions`): the
/// shipment and seal forms a phone queues while it has no network and sends when it returns,
/// and their API twins. One row per key and company, written in the same transaction as what the
/// submission recorded, so a key sent again finds what the first one did. (Inspections keep
/// their keys on their own rows, from M025.)
struct CreateClientSubmissions: AsyncMigration {
    var name: String { "039_CreateClientSubmissions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("client_submissions")
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("client_key", .string, .required)
            // What was submitted (`ClientSubmissions.Kind`), and what about: the shipment, or the
            // shipment and seal; empty for a company-wide form.
            .field("kind", .string, .required)
            .field("scope", .string, .required)
            // What it recorded: the shipment's id, the seal's number, the check's id ...
            .field("target", .string, .required)
            // How it came out, when the answer depends on it (a check passed or failed, the seals issued).
            .field("result", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "company_id", "client_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("client_submissions").delete()
    }
}
