import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct Pages {
        /// Every page an administrator and a member open, in every language, with no raw keys.
        @Test(arguments: Language.allCases)
        func pagesShowNoRawKeysInAnyLanguage(language: Language) async throws {
            try await withTrustlane { client in
                MissingKeys.shared.reset()
                try await client.makeUser("admin@example.com", admin: true)
                let company = try await client.makeCompany("Norte")
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let invitation = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: "new@example.com", role: "viewer", by: nil)
                let headers: HTTPHeaders = ["Accept-Language": "\(language.rawValue);q=0.9"]
                let risk = SiteURL.riskAssessment(company.companyID, try await RiskAssessmentService(app: client.app).create(company: company.companyID, .init(), by: nil))
                let anonymous = client.browser()
                for path in ["/sign-in", "/invitations/\(invitation.token)", "/invitations/expired-token", "/nowhere",
                             "/catalog", "/catalog?entity=HC&entity=MLH&level=must", "/catalog/ctpat-msc-2020/criteria/7.37",
                             "/catalog/diff?old=ctpat-msc-2020&new=ctpat-msc-2020"] {
                    let page = try await client.get(path, as: anonymous, headers: headers)
                    #expect(!page.text.contains("⟦"), "\(language) \(path)")
                    #expect(page.text.contains("<html lang=\"\(language.rawValue)\""), "\(language) \(path)")
                }
                for email in ["admin@example.com", "officer@example.com"] {
                    let browser = try await client.signIn(email)
                    for path in ["/", "/account", "/admin/companies", "/admin/companies/new", "/admin/users", "/admin/audit",
                                 "/companies/\(company.companyID)", "/companies/\(company.companyID)/edit", "/companies/\(company.companyID)/audit",
                                 "/companies/\(company.companyID)/eligibility", "/companies/\(company.companyID)/eligibility/HC",
                                 "/companies/\(company.companyID)/risk", risk, risk + "/report", risk + "/chains/new"] {
                        let page = try await client.get(path, as: browser, headers: headers)
                        #expect(!page.text.contains("⟦"), "\(language) \(email) \(path)")
                    }
                }
                #expect(MissingKeys.shared.all.isEmpty, "missing keys: \(MissingKeys.shared.all.sorted())")
            }
        }

        @Test func accountLanguageWinsOverTheBrowser() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let browser = try await client.signIn("a@example.com")
                let headers: HTTPHeaders = ["Accept-Language": "es-MX,es;q=0.9"]
                #expect(try await client.get("/account", as: browser, headers: headers).text.contains("Su cuenta"))
                let saved = try await client.post("/account/language", as: browser, form: [("language", "id")])
                #expect(saved.status == .seeOther)
                #expect(try await client.get("/account", as: browser, headers: headers).text.contains("Akun Anda"))
                let bad = try await client.post("/account/language", as: browser, form: [("language", "klingon")])
                #expect(bad.status == .badRequest)
            }
        }

        @Test func companyPageMakesABoundedNumberOfQueries() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Norte", types: [.highwayCarrier, .mexicanLongHaulCarrier])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let browser = try await client.signIn("officer@example.com")
                let few = try await QueryCounter.shared.measure { _ = try await client.get("/companies/\(company.companyID)", as: browser) }
                for index in 0..<25 {
                    let user = try await client.makeUser("member\(index)@example.com")
                    try await client.addMember(user, to: company, role: .viewer)
                    _ = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: "invitee\(index)@example.com", role: "viewer", by: nil)
                }
                let many = try await QueryCounter.shared.measure { _ = try await client.get("/companies/\(company.companyID)", as: browser) }
                if !usingPostgres {
                    #expect(few > 0)
                    #expect(few == many, "queries grew with the data: \(few) → \(many)")
                    #expect(many <= 24)
                }
            }
        }
    }
}
