import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct Verification {
        /// A certified member and a partner company, each with an officer signed in.
        struct World {
            let member: CompanyModel
            let partner: CompanyModel
            let memberOfficer: TestClient.Browser
            let partnerOfficer: TestClient.Browser
        }

        static func world(_ client: TestClient) async throws -> World {
            let member = try await client.makeCompany("Certified Carriers SA", types: [.highwayCarrier])
            try await client.makeMembership(member)
            let partner = try await client.makeCompany("Partner Imports LLC", country: "US", types: [.importer])
            let memberOfficer = try await client.makeUser("member@example.com")
            try await client.addMember(memberOfficer, to: member, role: .officer)
            let partnerOfficer = try await client.makeUser("partner@example.com")
            try await client.addMember(partnerOfficer, to: partner, role: .coordinator)
            return World(member: member, partner: partner, memberOfficer: try await client.signIn("member@example.com"),
                         partnerOfficer: try await client.signIn("partner@example.com"))
        }

        static func connectionID(_ html: String) -> String? {
            guard let range = html.range(of: "data-connection=\"") else { return nil }
            return String(html[range.upperBound...].prefix(36))
        }

        @Test func aPartnerRequestsTheMemberAcceptsAndThePartnerSeesStatusAndTierOnly() async throws {
            try await withTrustlane { client in
                let w = try await Self.world(client)
                let partnerPage = "/companies/\(w.partner.companyID)/verification"
                // the partner finds the member by part of its legal name
                let search = try await client.post(partnerPage + "/monitoring", as: w.partnerOfficer, form: [("q", "certified carr")])
                #expect(search.status == .seeOther)
                let found = try await client.get(try #require(search.location), as: w.partnerOfficer)
                #expect(found.text.contains("Certified Carriers SA"))
                let asked = try await client.post(partnerPage + "/monitoring", as: w.partnerOfficer,
                                                  form: [("member_company_id", w.member.companyID.description)])
                #expect(asked.status == .seeOther)
                // before the member answers, nothing is visible
                let monitored = "\(partnerPage)/monitored/\(w.member.companyID)"
                #expect(try await client.get(monitored, as: w.partnerOfficer).status == .notFound)

                // the member accepts
                let memberPage = try await client.get("/companies/\(w.member.companyID)/verification", as: w.memberOfficer)
                #expect(memberPage.text.contains("Partner Imports LLC"))
                #expect(!memberPage.text.contains("&lt;"), "markup was escaped as text")
                let connection = try #require(Self.connectionID(memberPage.text))
                let accepted = try await client.post("/companies/\(w.member.companyID)/verification/monitoring/\(connection)/accept", as: w.memberOfficer)
                #expect(accepted.status == .seeOther)

                // the partner sees standing and tier, nothing of the profile or the company record
                let view = try await client.get(monitored, as: w.partnerOfficer)
                #expect(view.status == .ok)
                #expect(view.text.contains("Certified Carriers SA") && view.text.contains("data-status=\"certified\"") && view.text.contains("Tier I"))
                #expect(!view.text.contains("Somewhere 1") && !view.text.contains("/profile"))
                // the partner cannot open the member's company pages
                #expect(try await client.get("/companies/\(w.member.companyID)", as: w.partnerOfficer).status == .notFound)
                // the API says the same
                let token = try await client.token(for: try #require(try await UserModel.query(on: client.db).filter(\.$email == "partner@example.com").first()))
                let api = try await client.api(.GET, "/api/v1/companies/\(w.partner.companyID)/verification/monitored/\(w.member.companyID)", token: token)
                #expect(api.status == .ok && api.text.contains("\"tier\":\"tier_1\"") && api.text.contains("\"status\":\"certified\""))
            }
        }

        @Test func aDeclinedRequestShowsNothingAndANonPartnerGets404() async throws {
            try await withTrustlane { client in
                let w = try await Self.world(client)
                let stranger = try await client.makeCompany("Stranger Ltd", country: "GB")
                let strangerUser = try await client.makeUser("stranger@example.com")
                try await client.addMember(strangerUser, to: stranger, role: .officer)
                let strangerBrowser = try await client.signIn("stranger@example.com")
                let token = try await client.token(for: strangerUser)

                // the partner asks through the API; the member declines
                let asked = try await client.api(.POST, "/api/v1/companies/\(w.partner.companyID)/verification/monitoring",
                                                 token: try await client.token(for: try #require(try await UserModel.query(on: client.db).filter(\.$email == "partner@example.com").first())),
                                                 json: "{\"memberCompanyId\":\"\(w.member.companyID)\"}")
                #expect(asked.status == .created)
                let connection = try #require(Self.connectionID(try await client.get("/companies/\(w.member.companyID)/verification", as: w.memberOfficer).text))
                let declined = try await client.post("/companies/\(w.member.companyID)/verification/monitoring/\(connection)/decline", as: w.memberOfficer)
                #expect(declined.status == .seeOther)
                #expect(try await client.get("/companies/\(w.partner.companyID)/verification/monitored/\(w.member.companyID)", as: w.partnerOfficer).status == .notFound)
                // the partner cannot accept its own request
                let selfAccept = try await client.post("/companies/\(w.partner.companyID)/verification/monitoring/\(connection)/accept", as: w.partnerOfficer)
                #expect(selfAccept.status == .notFound)

                // a company with no connection sees nothing, by page or API
                #expect(try await client.get("/companies/\(stranger.companyID)/verification/monitored/\(w.member.companyID)", as: strangerBrowser).status == .notFound)
                let api = try await client.api(.GET, "/api/v1/companies/\(stranger.companyID)/verification/monitored/\(w.member.companyID)", token: token)
                #expect(api.status == .notFound && !api.text.contains("Certified Carriers"))
                // an uncertified company cannot be monitored
                let refused = try await client.api(.POST, "/api/v1/companies/\(stranger.companyID)/verification/monitoring", token: token,
                                                   json: "{\"memberCompanyId\":\"\(w.partner.companyID)\"}")
                #expect(refused.status == .conflict)
            }
        }

        @Test func aLinkIsIssuedOpenedAndAfterRevocationAnswers404() async throws {
            try await withTrustlane { client in
                let w = try await Self.world(client)
                let page = "/companies/\(w.member.companyID)/verification"
                let issued = try await client.post(page + "/links", as: w.memberOfficer, form: [("entity_type", "HC")])
                #expect(issued.status == .ok && issued.text.contains("id=\"issued-link\""))
                let token = try #require(issued.text.range(of: "/verify/tlv_").map { range in
                    String(issued.text[issued.text.index(range.lowerBound, offsetBy: 8)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                })
                // only a digest is stored
                let stored = try await VerificationStore(client.db).links(company: w.member.companyID)
                #expect(stored.count == 1 && stored[0].tokenDigest == SecureToken.digest(token))

                // anyone holding it sees name, entity type, status and date; no tier
                let open = try await client.get("/verify/\(token)")
                #expect(open.status == .ok)
                #expect(open.text.contains("Certified Carriers SA") && open.text.contains("data-status=\"certified\"") && open.text.contains("2025-01-01"))
                #expect(!open.text.contains("Tier I") && !open.text.contains("Somewhere 1"))
                #expect(try await client.get("/verify/tlv_not-a-real-token").status == .notFound)

                // another company cannot revoke it
                let linkID = stored[0].id
                let foreign = try await client.post("/companies/\(w.partner.companyID)/verification/links/\(linkID)/revoke", as: w.partnerOfficer)
                #expect(foreign.status == .notFound)
                #expect(try await client.get("/verify/\(token)").status == .ok)

                // the member revokes it; from then on the link is 404
                let revoked = try await client.post(page + "/links/\(linkID)/revoke", as: w.memberOfficer)
                #expect(revoked.status == .seeOther)
                #expect(try await client.get("/verify/\(token)").status == .notFound)
                // revoking again changes nothing
                #expect(try await client.post(page + "/links/\(linkID)/revoke", as: w.memberOfficer).status == .seeOther)
                let audit = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(audit.filter { $0 == "verification.link_revoked" }.count == 1 && audit.contains("verification.link_issued"))
            }
        }

        @Test func linksThroughTheAPIAndOnlyForCertifiedMembers() async throws {
            try await withTrustlane { client in
                let w = try await Self.world(client)
                let officer = try #require(try await UserModel.query(on: client.db).filter(\.$email == "member@example.com").first())
                let token = try await client.token(for: officer)
                let base = "/api/v1/companies/\(w.member.companyID)/verification"
                let created = try await client.api(.POST, base + "/links", token: token, json: "{\"entityType\":\"HC\"}")
                #expect(created.status == .created)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])
                let linkToken = try #require(body["token"] as? String)
                let id = try #require(body["id"] as? String)
                #expect(try await client.get("/verify/\(linkToken)").status == .ok)
                let revoked = try await client.api(.POST, base + "/links/\(id)/revoke", token: token)
                #expect(revoked.status == .ok && revoked.text.contains("\"active\":false"))
                #expect(try await client.get("/verify/\(linkToken)").status == .notFound)
                // no membership as importer; a suspended member cannot issue
                #expect(try await client.api(.POST, base + "/links", token: token, json: "{\"entityType\":\"IMP\"}").status == .badRequest)
                let suspended = try await client.makeCompany("Suspended SA")
                try await client.makeMembership(suspended, status: .suspended)
                try await client.addMember(officer, to: suspended, role: .officer)
                let refused = try await client.api(.POST, "/api/v1/companies/\(suspended.companyID)/verification/links", token: token, json: "{\"entityType\":\"HC\"}")
                #expect(refused.status == .conflict)
                let overview = try await client.api(.GET, base, token: token)
                #expect(overview.status == .ok && overview.text.contains("\"standing\":[{"))
            }
        }
    }
}
