import Fluent
import SQLKit

/// A company's own inspection checklists (issue 16: "rail and custom lists a company adds"),
/// versioned: one row per version of a checklist, never changed once written except to retire
/// it; an inspection names the key and version it used (`inspections.checklist_key`,
/// `checklist_version`), and a company's keys never take a bundled list's key, so that pair
/// always finds its list.
struct CreateCompanyChecklists: AsyncMigration {
    var name: String { "033_CreateCompanyChecklists" }

    func prepare(on database: any Database) async throws {
        try await database.schema("company_checklists")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("checklist_key", .string, .required)
            .field("version", .int, .required)
            // data: the checklist as written (InspectionChecklist.Draft as JSON, the languages
            // left blank kept blank), with its kind and English-or-first title for lists.
            .field("conveyance", .string, .required)
            .field("title", .string, .required)
            .field("draft", .string, .required)
            // managed
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            // Set on every version of the key when the checklist is retired: no longer offered
            // for new inspections; inspections made with it still show it.
            .field("retired_at", .datetime)
            .field("retired_by", .uuid, .references("users", "id", onDelete: .setNull))
            // constraints
            .unique(on: "company_id", "checklist_key", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("company_checklists").delete()
    }
}
