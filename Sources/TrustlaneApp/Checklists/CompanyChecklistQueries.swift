import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Reads of a company's own checklists through SQLKit: every version of every checklist in one
/// query (a company keeps a handful, each a few versions), as rows and as the library the
/// inspection pages resolve checklists from.
struct CompanyChecklistQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    /// One version of a company checklist, as stored.
    struct Row: Decodable, Sendable {
        let id: UUID
        let checklist_key: String
        let version: Int
        let conveyance: String
        let title: String
        let draft: String
        let created_by_name: String?
        let created_at: Date
        let retired_at: Date?
        let retired_by_name: String?

        /// The draft as written (languages left blank stay blank).
        var storedDraft: InspectionChecklist.Draft? { try? JSONDecoder().decode(InspectionChecklist.Draft.self, from: Data(draft.utf8)) }
    }

    /// Every version of every checklist of the company, by key then version.
    func rows(company: CompanyID) async throws -> [Row] {
        try await sql.raw("""
        SELECT k.id, k.checklist_key, k.version, k.conveyance, k.title, k.draft, c.name AS created_by_name, k.created_at, k.retired_at,
        r.name AS retired_by_name
        FROM company_checklists k LEFT JOIN users c ON c.id = k.created_by LEFT JOIN users r ON r.id = k.retired_by
        WHERE k.company_id = \(bind: company.rawValue) ORDER BY k.checklist_key, k.version
        """).all(decoding: Row.self)
    }

    /// The checklists the company's inspections may name: CBP's bundled lists and its own.
    func library(company: CompanyID) async throws -> ChecklistLibrary {
        ChecklistLibrary(company: company, rows: try await rows(company: company))
    }
}
