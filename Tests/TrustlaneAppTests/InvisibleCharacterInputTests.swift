import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 13: a right-to-left override in a legal name or a title is refused with a
    /// message naming the field, on the form and the API, and nothing is saved.
    @Suite struct InvisibleCharacterInput {
        @Test func aLegalNameWithARightToLeftOverrideIsRefusedOnTheFormAndTheAPI() async throws {
            try await withTrustlane { client in
                // setup
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let browser = try await client.signIn(admin.email)
                let before = try await client.count(CompanyModel.self)

                // act
                let api = try await client.api(.POST, "/api/v1/companies", token: token,
                                               json: #"{"legalName": "Acme\u202Egnp.exe", "country": "MX", "entityTypes": ["HC"]}"#)
                let form = try await client.post("/admin/companies", as: browser, form: [
                    ("legal_name", "Acme\u{202E}gnp.exe"), ("country", "MX"), ("entity_types", "HC")])

                // verify
                #expect(api.status == .badRequest || api.status == .unprocessableEntity, "\(api.status)")
                #expect(api.text.contains(#""field":"legal_name""#) && api.text.contains("U+202E"), "\(api.text)")
                #expect(form.status == .badRequest || form.status == .unprocessableEntity, "\(form.status)")
                #expect(form.text.contains("Remove the invisible formatting character U+202E"))
                #expect(try await client.count(CompanyModel.self) == before)
            }
        }

        @Test func aRiskAssessmentTitleWithAZeroWidthSpaceIsRefused() async throws {
            try await withTrustlane { client in
                // setup
                let company = try await client.makeCompany("Norte")
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let token = try await client.token(for: officer)

                // act
                let api = try await client.api(.POST, "/api/v1/companies/\(company.companyID)/risk-assessments", token: token,
                                               json: #"{"title": "2026\u200B assessment"}"#)

                // verify
                #expect((400..<500).contains(api.status.code), "\(api.status)")
                #expect(api.text.contains(#""field":"title""#) && api.text.contains("U+200B"), "\(api.text)")
                #expect(try await client.count(RiskAssessmentModel.self) == 0)
            }
        }
    }
}
