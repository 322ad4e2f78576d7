import Fluent
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct AuditTrail {
        @Test func stateChangesAreRecordedWithBeforeAndAfter() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn("admin@example.com")
                let created = try await client.post("/admin/companies", as: browser, form: [
                    ("legal_name", "Norte SA"), ("country", "MX"), ("entity_types", "HC"), ("entity_types", "MLH"), ("scac", "NRTE")])
                #expect(created.status == .seeOther)
                let company = try #require(try await CompanyModel.query(on: client.db).first())
                #expect(try await CompanyEntityTypeModel.query(on: client.db).count() == 2)
                _ = try await client.post("/companies/\(company.companyID)", as: browser, form: [
                    ("legal_name", "Norte SA de CV"), ("country", "MX"), ("entity_types", "HC"), ("scac", "NRTE")])
                let entries = try await AuditEntryModel.query(on: client.db).sort(\.$id).all()
                let actions = entries.map(\.action)
                #expect(actions == ["account.sign_in", "company.created", "company.updated"])
                let update = try #require(entries.last?.record)
                #expect(update.companyID == company.companyID)
                #expect(update.changes.contains(FieldChange(field: "legal_name", before: "Norte SA", after: "Norte SA de CV")))
                #expect(update.changes.contains(FieldChange(field: "entity_types", before: "HC,MLH", after: "HC")))
                #expect(!update.changes.contains { $0.field == "country" })
                // officers read their company's part; the page shows it
                let page = try await client.get("/companies/\(company.companyID)/audit", as: browser)
                #expect(page.status == .ok && page.text.contains("data-action=\"company.updated\"") && !page.text.contains("data-action=\"account.sign_in\""))
            }
        }

        @Test func verifyFindsTheFirstAlteredOrRemovedEntry() async throws {
            try await withTrustlane { client in
                for index in 0..<5 { try await client.makeCompany("Company \(index)") }
                #expect(try await AuditLog.verify(on: client.db) == .intact(entries: 5))
                let sql = client.db as! any SQLDatabase

                // alter the third entry's content
                try await sql.raw("UPDATE audit_entries SET action = 'company.deleted' WHERE seq = 3").run()
                guard case .broken(let sequence, let reason) = try await AuditLog.verify(on: client.db) else {
                    Issue.record("tampering went unnoticed"); return
                }
                #expect(sequence == 3 && reason.contains("altered"))
                try await sql.raw("UPDATE audit_entries SET action = 'company.created' WHERE seq = 3").run()
                #expect(try await AuditLog.verify(on: client.db) == .intact(entries: 5))

                // remove the second entry
                try await sql.raw("DELETE FROM audit_entries WHERE seq = 2").run()
                guard case .broken(let removedAt, _) = try await AuditLog.verify(on: client.db) else {
                    Issue.record("removal went unnoticed"); return
                }
                #expect(removedAt == 3)
            }
        }

        @Test func failedSaveLeavesNoAuditEntryAndNoRow() async throws {
            try await withTrustlane { client in
                let before = try await client.count(AuditEntryModel.self)
                await #expect(throws: (any Error).self) {
                    try await client.app.writeGate.transaction(on: client.db) { tx in
                        try await CompanyModel(legalName: "Half", country: "US", address: nil).create(on: tx)
                        try await AuditLog.append(AuditEvent(action: "company.created", targetType: "company"), by: nil, on: tx, at: Date())
                        throw TrustlaneError.forbidden
                    }
                }
                #expect(try await client.count(AuditEntryModel.self) == before)
                #expect(try await client.count(CompanyModel.self) == 0)
            }
        }
    }
}
