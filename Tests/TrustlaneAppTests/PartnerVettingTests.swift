import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Vetting a business partner from its page (issue 15): status proofs under 3.4, the tier
    /// and its factors, assessments and their cadence, early reassessment, partner actions.
    @Suite struct PartnerVetting {
        struct Fixture {
            let company: CompanyModel
            let browser: TestClient.Browser
            let partner: String
            var user: UserModel? = nil
        }

        static func fixture(_ client: TestClient, country: String = "MX", role: String = "highway_carrier") async throws -> Fixture {
            let f = try await BusinessPartnerRegistry.fixture(client)
            let created = try await client.post(f.base, as: f.browser, form: [("legal_name", "Transportes Norte"), ("country", country), ("role", role)])
            return Fixture(company: f.company, browser: f.browser, partner: try #require(created.headers.first(name: .location)), user: f.user)
        }

        struct State: Decodable { let tier: String?; let last_assessed_on: String?; let next_assessment_on: String?; let early_trigger_on: String? }

        static func state(_ client: TestClient, _ f: Fixture) async throws -> State {
            let id = UUID(uuidString: String(f.partner.split(separator: "/").last!))!
            return try #require(try await (client.db as! any SQLDatabase).raw("""
            SELECT tier, last_assessed_on, next_assessment_on, early_trigger_on FROM business_partners WHERE id = \(bind: id)
            """).first(decoding: State.self))
        }

        @Test func aRecognisedProofLetsThePartnerBeVettedByStatusAndSetsTheCadence() async throws {
            try await withTrustlane { client in
                // Setup: a Mexican carrier, unrated country, volume not stated: 2 + 1 + 0 + 1 = 4, medium.
                let f = try await Self.fixture(client)
                #expect(try await Self.state(client, f).tier == "medium")
                let page = try await client.get(f.partner, as: f.browser).text
                #expect(page.contains("id=\"partner-factors\"") && page.contains("data-tier=\"medium\""))
                #expect(page.contains("Not yet assessed") || page.contains("No assessment yet"))

                // Vetting by status without a proof is refused, nothing saved.
                let today = ProgramDay(Date()).description
                let early = try await client.post(f.partner + "/assessments", as: f.browser, form: [("method", "status_proof"), ("completed_on", today)])
                #expect(early.status == .badRequest)
                #expect(early.text.contains("Add a CTPAT or MRA-recognised proof valid today first"))
                #expect(try await Self.state(client, f).last_assessed_on == nil)

                // Mexico's OEA counts under the U.S.–Mexico arrangement: -2, tier low.
                let proof = try await client.post(f.partner + "/proofs", as: f.browser,
                                                  form: [("kind", "aeo"), ("program", "OEA"), ("number", "OEA-2024-77"), ("country", "MX"), ("valid_until", "2030-01-01")])
                #expect(proof.status == .seeOther)
                #expect(try await Self.state(client, f).tier == "low")
                let withProof = try await client.get(f.partner, as: f.browser).text
                #expect(withProof.contains("OEA-2024-77") && withProof.contains("mutual recognition arrangement"))

                // Assessed by status: next assessment 36 months later (the low tier's default).
                let assessed = try await client.post(f.partner + "/assessments", as: f.browser, form: [("method", "status_proof"), ("completed_on", today), ("notes", "OEA certificate checked")])
                #expect(assessed.status == .seeOther)
                let after = try await Self.state(client, f)
                #expect(after.last_assessed_on == today)
                #expect(after.next_assessment_on == ProgramDay(Date()).adding(months: 36).description)

                // An incident brings the reassessment forward to today.
                #expect(try await client.post(f.partner + "/triggers", as: f.browser, form: [("trigger", "incident")]).status == .seeOther)
                #expect(try await Self.state(client, f).next_assessment_on == today)
                #expect(try await client.get(f.partner, as: f.browser).text.contains("An incident"))

                // The reassessment and a partner action reach the calendar feed and digest's deadlines.
                _ = try await client.post(f.partner + "/actions", as: f.browser, form: [("title", "Repair the yard fence"), ("due_on", "2030-01-01")])
                let deadlines = try await DeadlineQueries(db: client.db, settings: ProgramSettings()).deadlines(for: try #require(f.user), now: Date())
                let reassessment = try #require(deadlines.first { $0.kind == .partnerReassessment })
                #expect(reassessment.day.description == today && reassessment.subject == "1")
                #expect(deadlines.contains { $0.kind == .partnerAction && $0.subject == "Transportes Norte: Repair the yard fence" })
                // The clock pass reminds the company once this week, in the inbox and by email.
                #expect(try await PartnerReminders(app: client.app).run() == 1)
                #expect(try await PartnerReminders(app: client.app).run() == 0)
                #expect(try await NotificationModelCount.count(client.db, key: "notification.partner_reminder", channel: "in_app") == 1)
                // A person of another company sees none of it.
                let outsider = try await client.makeUser("outsider-dl@other.example")
                #expect(try await DeadlineQueries(db: client.db, settings: ProgramSettings()).deadlines(for: outsider, now: Date()).isEmpty)

                // Audit: each step recorded.
                let actions = try await AuditEntryModel.query(on: client.db).all().map(\.action).filter { $0.hasPrefix("business_partner.") }
                #expect(actions.contains("business_partner.proof_added") && actions.contains("business_partner.assessed")
                    && actions.contains("business_partner.reassessment_triggered"))
            }
        }

        @Test func categoryThreeCriteriaShowTheRegistryLive() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                _ = try await client.post(f.partner + "/actions", as: f.browser, form: [("title", "Fix the gate lock"), ("due_on", "2020-01-01")])
                _ = try await client.post("/companies/\(f.company.companyID)/profile", as: f.browser, form: [("entity_types", "IMP")])
                let context = try #require(try await ProfileService(app: client.app).current(company: f.company.companyID))
                let three = try #require(context.scope.criteria.first { $0.criterion.categoryNumber == 3 }?.id)
                let five = try #require(context.scope.criteria.first { $0.criterion.categoryNumber == 5 }?.id)
                let page = try await client.get("/companies/\(f.company.companyID)/profile/criteria/\(three.rawValue)", as: f.browser).text
                #expect(page.contains("id=\"partner-coverage\""))
                #expect(page.contains("Partners, not archived: 1") && page.contains("Never assessed: 1") && page.contains("With open corrective actions: 1"))
                let other = try await client.get("/companies/\(f.company.companyID)/profile/criteria/\(five.rawValue)", as: f.browser).text
                #expect(!other.contains("id=\"partner-coverage\""))
            }
        }

        @Test func chainsOfferRegistryNamesAndThePartnerPageListsItsChains() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let company = f.company.companyID
                let assessment = try await RiskAssessmentService(app: client.app).create(company: company, .init(title: "2026 assessment"), by: nil)
                let workspace = try await RiskWorkspace.load(assessment, company: company, db: client.db, catalogs: client.app.catalogs, now: Date())
                let chain = try ChainCSV.read("""
                chain,Furniture from Monterrey,Furniture
                node,F1,origin_factory,Fabrica Sierra,MX,Nuevo Leon,
                node,D1,destination,Dallas DC,US,Texas,
                leg,F1,D1,truck,TRANSPORTES NORTE
                """).get()
                try await SupplyChainService(app: client.app).add(chain, to: workspace, by: nil)
                // The partner page names the chain (the leg's partner, whatever its case).
                let page = try await client.get(f.partner, as: f.browser).text
                #expect(page.contains("id=\"partner-chains\"") && page.contains("Furniture from Monterrey"))
                // The chain form offers the registry's names; free text still saves.
                let form = try await client.get("/companies/\(company)/risk/\(assessment.uuidString.lowercased())/chains/new", as: f.browser).text
                #expect(form.contains("<datalist id=\"registry-partners\"><option value=\"Transportes Norte\">"))
                #expect(form.contains("list=\"registry-partners\""))
            }
        }

        @Test func aDocumentIsKeptInTheEvidenceStoreAndLinkedToThePartner() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let (headers, body) = SecurityProfile.multipart([("title", "Signed security agreement"), ("expiry_date", "2030-06-30")],
                                                                file: ("agreement.pdf", SecurityProfile.pdf()), csrf: f.browser.csrf)
                let uploaded = try await client.send(.POST, f.partner + "/documents", browser: f.browser, headers: headers, body: body)
                #expect(uploaded.status == .seeOther)
                let page = try await client.get(f.partner, as: f.browser).text
                #expect(page.contains("id=\"partner-document-list\"") && page.contains("Signed security agreement"))
                // The same file is in the company's evidence store.
                #expect(try await client.get("/companies/\(f.company.companyID)/profile/evidence", as: f.browser).text.contains("Signed security agreement"))
                // A disallowed file is refused with nothing saved, neither the file nor the link.
                let (badHeaders, badBody) = SecurityProfile.multipart([("title", "Tool")], file: ("tool.exe", Data("MZ\u{90}\u{0}binary".utf8)), csrf: f.browser.csrf)
                let refused = try await client.send(.POST, f.partner + "/documents", browser: f.browser, headers: badHeaders, body: badBody)
                #expect(refused.status == .badRequest)
                struct Count: Decodable { let n: Int }
                #expect(try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM business_partner_documents").first(decoding: Count.self)?.n == 1)
                #expect(try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM evidence_files").first(decoding: Count.self)?.n == 1)
            }
        }

        @Test func aMonitoredMemberOnTrustlaneIsLiveCTPATProof() async throws {
            try await withTrustlane { client in
                // Setup: a certified carrier on Trustlane, and an importer with it in its registry.
                let w = try await Verification.world(client)
                let registry = "/companies/\(w.partner.companyID)/partners"
                let created = try await client.post(registry, as: w.partnerOfficer, form: [("legal_name", "Certified Carriers SA"), ("country", "MX"), ("role", "highway_carrier")])
                let partner = try #require(created.headers.first(name: .location))
                #expect(!(try await client.get(partner, as: w.partnerOfficer).text.contains("id=\"partner-monitored\"")))
                let today = ProgramDay(Date()).description
                #expect(try await client.post(partner + "/assessments", as: w.partnerOfficer, form: [("method", "status_proof"), ("completed_on", today)]).status == .badRequest)
                // Act: the importer monitors the member, the member accepts.
                let page = "/companies/\(w.partner.companyID)/verification"
                _ = try await client.post(page + "/monitoring", as: w.partnerOfficer, form: [("member_company_id", w.member.companyID.description)])
                let memberPage = try await client.get("/companies/\(w.member.companyID)/verification", as: w.memberOfficer)
                let connection = try #require(Verification.connectionID(memberPage.text))
                _ = try await client.post("/companies/\(w.member.companyID)/verification/monitoring/\(connection)/accept", as: w.memberOfficer)
                // Verify: the live status shows as 3.4 proof, and vetting by status is accepted.
                let shown = try await client.get(partner, as: w.partnerOfficer).text
                #expect(shown.contains("id=\"partner-monitored\"") && shown.contains("Certified Carriers SA"))
                let assessed = try await client.post(partner + "/assessments", as: w.partnerOfficer, form: [("method", "status_proof"), ("completed_on", today)])
                #expect(assessed.status == .seeOther)
            }
        }

        @Test func anIndonesianAEOIsKeptButDoesNotCountAndBadInputIsRefused() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, country: "ID", role: "manufacturer")
                let proof = try await client.post(f.partner + "/proofs", as: f.browser, form: [("kind", "aeo"), ("number", "AEO-ID-1"), ("country", "ID")])
                #expect(proof.status == .seeOther)
                let page = try await client.get(f.partner, as: f.browser).text
                #expect(page.contains("no mutual recognition arrangement covering ID"))
                let missing = try await client.post(f.partner + "/proofs", as: f.browser, form: [("kind", "aeo"), ("number", "X")])
                #expect(missing.status == .badRequest && missing.text.contains("data-field=\"country\""))
                let badDate = try await client.post(f.partner + "/actions", as: f.browser, form: [("title", "Fix the fence"), ("due_on", "31/12/2026")])
                #expect(badDate.status == .badRequest && badDate.text.contains("data-field=\"due_on\""))
                let future = try await client.post(f.partner + "/assessments", as: f.browser, form: [("method", "site_visit"), ("completed_on", "2999-01-01")])
                #expect(future.status == .badRequest)
            }
        }

        @Test func anOverdueActionRaisesTheTierAndClosingItLowersIt() async throws {
            try await withTrustlane { client in
                // A broker: 2 (unrated) + 0 + 0 + 1 (volume unknown) = 3, medium; volume low: 2, low.
                let f = try await Self.fixture(client, country: "US", role: "customs_broker")
                #expect(try await client.post(f.partner + "/volume", as: f.browser, form: [("volume", "low")]).status == .seeOther)
                #expect(try await Self.state(client, f).tier == "low")
                let opened = try await client.post(f.partner + "/actions", as: f.browser, form: [("title", "Send the signed security agreement"), ("due_on", "2020-01-01")])
                #expect(opened.status == .seeOther)
                #expect(try await Self.state(client, f).tier == "medium")
                struct Row: Decodable { let id: UUID }
                let action = try #require(try await (client.db as! any SQLDatabase).raw("SELECT id FROM business_partner_actions").first(decoding: Row.self))
                #expect(try await client.post(f.partner + "/actions/\(action.id.uuidString.lowercased())/close", as: f.browser).status == .seeOther)
                #expect(try await Self.state(client, f).tier == "low")
                // A viewer may read the page but not change the vetting.
                let viewer = try await client.makeUser("viewer-vet@sol.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                #expect(try await client.get(f.partner, as: v).status == .ok)
                #expect(try await client.post(f.partner + "/volume", as: v, form: [("volume", "high")]).status == .forbidden)
            }
        }
    }
}
