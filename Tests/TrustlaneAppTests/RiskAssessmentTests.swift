import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct RiskAssessment {
        struct Setup {
            let company: CompanyModel
            let browser: TestClient.Browser
            let token: String
            var base: String { "/companies/\(company.companyID)/risk" }
            var api: String { "/api/v1/companies/\(company.companyID)/risk-assessments" }
        }

        static func setUp(_ client: TestClient, name: String = "Norte", email: String = "officer@example.com") async throws -> Setup {
            let company = try await client.makeCompany(name, country: "ID", types: [.foreignManufacturer])
            let officer = try await client.makeUser(email)
            try await client.addMember(officer, to: company, role: .officer)
            return Setup(company: company, browser: try await client.signIn(email), token: try await client.token(for: officer))
        }

        /// Starts an assessment through the form and returns its page path.
        static func startAssessment(_ client: TestClient, _ s: Setup) async throws -> String {
            let response = try await client.post(s.base, as: s.browser, form: [("title", "2026 assessment")])
            #expect(response.status == .seeOther)
            return try #require(response.location)
        }

        static let twoNodes: [(String, String)] = [
            ("name", "Shoes Bandung to Jakarta"), ("product_line", "Footwear"),
            ("node_key_0", "F1"), ("node_kind_0", "origin_factory"), ("node_name_0", "PT Sepatu"), ("node_country_0", "ID"),
            ("node_region_0", ""), ("node_partner_0", ""),
            ("node_key_1", "P1"), ("node_kind_1", "port"), ("node_name_1", "Tanjung Priok"), ("node_country_1", "id"),
            ("node_partner_1", "JICT"),
            ("node_key_2", ""), ("node_name_2", ""),
            ("leg_from_0", "F1"), ("leg_to_0", "P1"), ("leg_mode_0", "truck"), ("leg_partner_0", "PT Trans"),
        ]

        static let csv = """
        chain,Footwear Bandung to Long Beach,Footwear
        node,F1,origin_factory,PT Sepatu Jaya,ID,West Java,PT Sepatu Jaya
        node,P1,port,Tanjung Priok,ID,Jakarta,JICT
        node,D1,destination,Long Beach DC,US,California,
        leg,F1,P1,truck,PT Trans Logistik
        leg,P1,D1,sea,Ocean Network Express
        """

        @Test func bandThresholdsAreConfigurableAndChecked() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                let document = page + "/document"
                let base: [(String, String)] = [("title", "2026 assessment"), ("assessed_on", "2026-11-01"), ("participants", "Dewi, security manager")]
                let backwards = try await client.post(document, as: s.browser, form: base + [("medium_from", "7"), ("high_from", "3")])
                #expect(backwards.status == .badRequest)
                let words = try await client.post(document, as: s.browser, form: base + [("medium_from", "two"), ("high_from", "4")])
                #expect(words.status == .badRequest && words.text.contains("data-field=\"medium_from\""))
                let saved = try await client.post(document, as: s.browser, form: base + [("medium_from", "2"), ("high_from", "4")])
                #expect(saved.status == .seeOther)
                let stored = try #require(try await RiskAssessmentModel.query(on: client.db).first())
                let record = RiskMethodRecord.decode(stored.method)
                #expect(record.bands.mediumFrom == 2 && record.bands.highFrom == 4)
            }
        }

        @Test func chainMappedByFormIsRatedScoredAndProposesCorrectiveActions() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                // map
                let saved = try await client.post(page + "/chains", as: s.browser, form: Self.twoNodes)
                #expect(saved.status == .seeOther)
                let chainPage = try #require(saved.location)
                #expect(try await client.count(ChainNodeModel.self) == 2)
                #expect(try await client.count(ChainLegModel.self) == 1)
                // A refused threat form comes back with everything typed, its errors named in words (issue 13).
                let refused = try await client.post(page + "/threats", as: s.browser, form: [
                    ("country_0", "ID"), ("region_0", ""), ("threat_0_terrorism", "high"), ("threat_0_organized_crime", "medium"),
                    ("source_0", ""), ("note_0", "Typed before the mistake"),
                ])
                #expect(refused.status == .badRequest)
                let again = refused.text
                #expect(again.contains("value=\"Typed before the mistake\""), "the note typed is kept")
                let terrorism = try #require(again.range(of: "name=\"threat_0_terrorism\""))
                #expect(again[terrorism.upperBound...].prefix(400).contains("<option value=\"high\" selected>"), "the rating chosen is kept")
                #expect(again.contains("<strong>ID · Terrorism: Source</strong>"), "the error names the place, threat and field")
                #expect(!again.contains("threats[0].source</code>"))
                #expect(try await client.count(ThreatRatingModel.self) == 0)
                // threats for Indonesia: high terrorism
                let threats = try await client.post(page + "/threats", as: s.browser, form: [
                    ("country_0", "ID"), ("region_0", ""), ("threat_0_terrorism", "high"), ("threat_0_organized_crime", "medium"),
                    ("source_0", "Government advisory"), ("note_0", ""),
                ])
                #expect(threats.status == .seeOther)
                // vulnerabilities: physical security (9) high at the factory, low at the port
                let rated = try await client.post(chainPage + "/vulnerabilities", as: s.browser, form: [
                    ("level_0_9", "high"), ("level_1_9", "low"), ("level_1_3", "medium"),
                ])
                #expect(rated.status == .seeOther)
                let shown = try await client.get(page, as: s.browser)
                #expect(shown.status == .ok)
                #expect(shown.text.contains("id=\"risk-matrix\""))
                #expect(shown.text.contains("data-band=\"high\""))
                // API: scores and the proposal for category 9 run by the company itself
                let id = String(page.split(separator: "/").last!)
                let detail = try await client.api(.GET, "\(s.api)/\(id)", token: s.token)
                let body = try JSONDecoder.risk.decode(RiskAssessmentResponse.self, from: Data(detail.text.utf8))
                #expect(body.chains.first?.score == 9 && body.chains.first?.band == "high")
                #expect(body.matrix.high == 2 && body.matrix.cells[2][2] == 1 && body.matrix.cells[2][1] == 1)
                let proposal = try #require(body.actionPlan.first { $0.category == 9 })
                // accept it: a corrective action row in the shared list, then no longer proposed
                let accepted = try await client.post(page + "/actions", as: s.browser, form: [("key", proposal.key), ("owner", "Ana"), ("due_date", "2030-01-31")])
                #expect(accepted.status == .seeOther)
                let actions = try await CorrectiveActionModel.query(on: client.db).all()
                #expect(actions.count == 1 && actions[0].source == "risk" && actions[0].sourceID == proposal.key && actions[0].status == "open")
                let after = try JSONDecoder.risk.decode(RiskAssessmentResponse.self, from: Data(try await client.api(.GET, "\(s.api)/\(id)", token: s.token).text.utf8))
                #expect(!after.actionPlan.contains { $0.key == proposal.key })
                // report page and JSON
                let report = try await client.get(page + "/report", as: s.browser)
                #expect(report.status == .ok && report.text.contains("id=\"risk-report\""))
                #expect(try await client.api(.GET, "\(s.api)/\(id)/report", token: s.token).text.contains("matrixSvg"))
            }
        }

        /// The action plan is one form: ticked proposals are added together with one owner and due
        /// date, all or none; nothing ticked, or a proposal no longer open, is refused naming it.
        @Test func actionPlanAddsTheTickedProposalsTogetherOrNone() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                let saved = try await client.post(page + "/chains", as: s.browser, form: Self.twoNodes)
                let chainPage = try #require(saved.location)
                _ = try await client.post(page + "/threats", as: s.browser, form: [
                    ("country_0", "ID"), ("region_0", ""), ("threat_0_terrorism", "high"), ("source_0", "Government advisory"), ("note_0", ""),
                ])
                #expect(try await client.post(chainPage + "/vulnerabilities", as: s.browser, form: [("level_0_9", "high"), ("level_1_9", "high")])
                    .status == .seeOther)
                let shown = try await client.get(page, as: s.browser)
                #expect(shown.text.contains("id=\"action-plan-form\""))
                #expect(shown.text.components(separatedBy: "class=\"action-accept\"").count == 1, "no form per proposal")
                let id = String(page.split(separator: "/").last!)
                let detail = try JSONDecoder.risk.decode(RiskAssessmentResponse.self,
                                                         from: Data(try await client.api(.GET, "\(s.api)/\(id)", token: s.token).text.utf8))
                let keys = detail.actionPlan.map(\.key)
                #expect(keys.count == 2, "one proposal for the factory, one for the port's partner")
                // Nothing ticked: refused, nothing saved, owner typed kept.
                let none = try await client.post(page + "/actions", as: s.browser, form: [("owner", "Ana Typed"), ("due_date", "")])
                #expect(none.status == .badRequest && none.text.contains("Tick at least one proposal"))
                #expect(none.text.contains("value=\"Ana Typed\""))
                // One good and one stale key: refused as a whole, the good tick kept on the page.
                let mixed = try await client.post(page + "/actions", as: s.browser, form: [
                    ("key_0", keys[0]), ("key_1", "9:Nobody"), ("owner", "Ana"), ("due_date", ""),
                ])
                #expect(mixed.status == .badRequest && mixed.text.contains("no open corrective action yet"))
                #expect(mixed.text.contains("value=\"\(keys[0])\" id=\"accept-0\""))
                #expect(try await client.count(CorrectiveActionModel.self) == 0)
                // A bad date: refused.
                let badDate = try await client.post(page + "/actions", as: s.browser, form: [("key_0", keys[0]), ("due_date", "31/01/2031")])
                #expect(badDate.status == .badRequest)
                #expect(try await client.count(CorrectiveActionModel.self) == 0)
                // Both ticked: two actions with the owner and the due date given, one audit entry each.
                let both = try await client.post(page + "/actions", as: s.browser, form: [
                    ("key_0", keys[0]), ("key_1", keys[1]), ("owner", "Ana"), ("due_date", "2031-01-31"),
                ])
                #expect(both.status == .seeOther)
                let actions = try await CorrectiveActionModel.query(on: client.db).all()
                #expect(Set(actions.map { $0.sourceID ?? "" }) == Set(keys))
                #expect(actions.allSatisfy { $0.owner == "Ana" && ProgramDay.text($0.dueDate) == "2031-01-31" && $0.source == "risk" })
                let audits = try await AuditEntryModel.query(on: client.db).filter(\.$action == "corrective_action.created").count()
                #expect(audits == 2)
                // Accepted proposals leave the plan; ticking one again is refused.
                let again = try await client.post(page + "/actions", as: s.browser, form: [("key_0", keys[0])])
                #expect(again.status == .badRequest)
                #expect(!(try await client.get(page, as: s.browser).text.contains("id=\"action-plan-form\"")))
            }
        }

        @Test func csvImportNamesBadLinesAndSavesNothing() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                let bad = Self.csv.replacingOccurrences(of: "Long Beach DC,US", with: "Long Beach DC,XX")
                    .replacingOccurrences(of: "leg,P1,D1,sea", with: "leg,P1,D9,boat")
                let refused = try await client.post(page + "/chains/import", as: s.browser, form: [("csv", bad)])
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("Line 4") && refused.text.contains("Line 6"))
                #expect(try await client.count(SupplyChainModel.self) == 0)
                #expect(try await client.count(ChainNodeModel.self) == 0)
                let imported = try await client.post(page + "/chains/import", as: s.browser, form: [("csv", Self.csv)])
                #expect(imported.status == .seeOther)
                #expect(try await client.count(ChainNodeModel.self) == 3)
                // the API takes CSV too, as text/csv
                let id = String(page.split(separator: "/").last!)
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: s.token)
                headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                let api = try await client.send(.POST, "\(s.api)/\(id)/chains", browser: nil, headers: headers,
                                                body: ByteBuffer(string: Self.csv.replacingOccurrences(of: "node,F1,origin_factory", with: "node,F1,factory")))
                #expect(api.status == .badRequest && api.text.contains("Line 2"))
                #expect(try await client.count(SupplyChainModel.self) == 1)
            }
        }

        @Test func badInputsAreRefusedWithTheFieldAndNothingIsSaved() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                let id = String(page.split(separator: "/").last!)
                let chains = "\(s.api)/\(id)/chains"
                func node(_ key: String, _ kind: String, _ country: String = "ID") -> String {
                    "{\"key\":\"\(key)\",\"kind\":\"\(kind)\",\"name\":\"Site \(key)\",\"country\":\"\(country)\"}"
                }
                let cases: [(String, String)] = [
                    ("{\"name\":\"Missing node\",\"nodes\":[\(node("A", "origin_factory")),\(node("B", "port"))],\"legs\":[{\"from\":\"A\",\"to\":\"C\",\"mode\":\"sea\"}]}", "legs[0].to"),
                    ("{\"name\":\"Cycle\",\"nodes\":[\(node("A", "origin_factory")),\(node("B", "port")),\(node("C", "destination"))],\"legs\":[{\"from\":\"A\",\"to\":\"B\",\"mode\":\"sea\"},{\"from\":\"B\",\"to\":\"C\",\"mode\":\"sea\"},{\"from\":\"C\",\"to\":\"B\",\"mode\":\"sea\"}]}", "risk.error.chain"),
                    ("{\"name\":\"Unknown country\",\"nodes\":[\(node("A", "origin_factory", "XX")),\(node("B", "port"))],\"legs\":[{\"from\":\"A\",\"to\":\"B\",\"mode\":\"sea\"}]}", "nodes[0].country"),
                    ("{\"name\":\"Empty\",\"nodes\":[],\"legs\":[]}", "\"field\":\"nodes\""),
                ]
                for (body, expected) in cases {
                    let response = try await client.api(.POST, chains, token: s.token, json: body)
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.text.contains(expected), "\(expected) in \(response.text)")
                }
                #expect(try await client.count(SupplyChainModel.self) == 0)
                // a form with a bad row shows the field and keeps what was typed
                var form = Self.twoNodes
                form.removeAll { $0.0 == "node_country_1" }
                form.append(("node_country_1", "ZZ"))
                let page400 = try await client.post(page + "/chains", as: s.browser, form: form)
                #expect(page400.status == .badRequest && page400.text.contains("data-field=\"nodes[1].country\"") && page400.text.contains("Tanjung Priok"))
                // a rating outside the scale
                let good = try await client.api(.POST, chains, token: s.token,
                                                json: "{\"name\":\"Good\",\"nodes\":[\(node("A", "origin_factory")),\(node("B", "port"))],\"legs\":[{\"from\":\"A\",\"to\":\"B\",\"mode\":\"truck\"}]}")
                #expect(good.status == .created)
                let threats = try await client.api(.POST, "\(s.api)/\(id)/threat-ratings", token: s.token,
                                                   json: "{\"ratings\":[{\"country\":\"ID\",\"category\":\"terrorism\",\"level\":\"high\",\"source\":\"x\"},{\"country\":\"ID\",\"category\":\"organized_crime\",\"level\":\"extreme\",\"source\":\"x\"}]}")
                #expect(threats.status == .badRequest && threats.text.contains("threats[1].level"))
                #expect(try await client.count(ThreatRatingModel.self) == 0)
                let chainID = try JSONDecoder.risk.decode(ChainRiskResponse.self, from: Data(good.text.utf8)).chainId
                let vulnerabilities = try await client.api(.PUT, "\(chains)/\(chainID.uuidString.lowercased())/vulnerability-ratings", token: s.token,
                                                           json: "{\"ratings\":[{\"node\":\"A\",\"category\":9,\"level\":\"high\"},{\"node\":\"B\",\"category\":9,\"level\":\"9\"}]}")
                #expect(vulnerabilities.status == .badRequest && vulnerabilities.text.contains("ratings[1].level"))
                #expect(try await client.count(VulnerabilityRatingModel.self) == 0)
            }
        }

        @Test func aNewAssessmentCopiesTheLatestAndTheTwoCompare() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let first = try await client.api(.POST, s.api, token: s.token, json: "{\"title\":\"First\",\"assessedOn\":\"2025-03-01\"}")
                #expect(first.status == .created)
                let firstID = try JSONDecoder.risk.decode(RiskAssessmentResponse.self, from: Data(first.text.utf8)).assessment.id
                let chain = try await client.api(.POST, "\(s.api)/\(firstID)/chains", token: s.token,
                                                 json: try String(decoding: JSONEncoder().encode(["csv": Self.csv]), as: UTF8.self))
                #expect(chain.status == .created)
                let chainID = try JSONDecoder.risk.decode(ChainRiskResponse.self, from: Data(chain.text.utf8)).chainId
                let second = try await client.api(.POST, s.api, token: s.token, json: "{\"title\":\"Second\"}")
                let copy = try JSONDecoder.risk.decode(RiskAssessmentResponse.self, from: Data(second.text.utf8))
                #expect(copy.assessment.previousId == firstID)
                #expect(copy.chains.map(\.chainId) == [chainID])
                // the old one is over a year old by now and says so
                let list = try await client.get(s.base, as: s.browser)
                #expect(list.text.contains("data-overdue=\"true\""))
                // change the copy: a new node before the destination
                let changed = Self.csv.replacingOccurrences(of: "leg,P1,D1,sea,Ocean Network Express",
                                                            with: "node,W1,warehouse,Busan hub,KR,,\nleg,P1,W1,sea,ONE\nleg,W1,D1,sea,ONE")
                let put = try await client.api(.PUT, "\(s.api)/\(copy.assessment.id)/chains/\(chainID)", token: s.token,
                                               json: try String(decoding: JSONEncoder().encode(["csv": changed]), as: UTF8.self))
                #expect(put.status == .ok)
                let comparison = try await client.api(.GET, "\(s.api)/\(copy.assessment.id)/comparison", token: s.token)
                let result = try JSONDecoder.risk.decode(RiskComparisonResponse.self, from: Data(comparison.text.utf8))
                #expect(result.previousId == firstID && result.chains.first?.nodesAdded == ["W1"])
                let page = try await client.get("\(s.base)/\(copy.assessment.id.uuidString.lowercased())/compare", as: s.browser)
                #expect(page.status == .ok && page.text.contains("W1"))
                // the first assessment is untouched
                let old = try await client.api(.GET, "\(s.api)/\(firstID)/chains/\(chainID)", token: s.token)
                #expect(!old.text.contains("W1"))
            }
        }

        @Test func anotherCompanysAssessmentIsNotFoundAndViewersCannotEdit() async throws {
            try await withTrustlane { client in
                let mine = try await Self.setUp(client)
                let theirs = try await Self.setUp(client, name: "Sur", email: "other@example.com")
                let theirPage = try await Self.startAssessment(client, theirs)
                let theirID = String(theirPage.split(separator: "/").last!)
                // their id under my company, and their company: both 404
                #expect(try await client.get("\(mine.base)/\(theirID)", as: mine.browser).status == .notFound)
                #expect(try await client.get(theirPage, as: mine.browser).status == .notFound)
                #expect(try await client.api(.GET, "\(mine.api)/\(theirID)", token: mine.token).status == .notFound)
                #expect(try await client.post("\(mine.base)/\(theirID)/threats", as: mine.browser, form: []).status == .notFound)
                // a viewer sees but cannot change
                let viewer = try await client.makeUser("viewer@example.com")
                try await client.addMember(viewer, to: theirs.company, role: .viewer)
                let browser = try await client.signIn("viewer@example.com")
                let shown = try await client.get(theirPage, as: browser)
                #expect(shown.status == .ok && !shown.text.contains("id=\"new-chain-link\""))
                #expect(try await client.post(theirPage + "/chains", as: browser, form: Self.twoNodes).status == .forbidden)
                #expect(try await client.post(theirs.base, as: browser, form: []).status == .forbidden)
                #expect(try await client.count(SupplyChainModel.self) == 0)
            }
        }

        @Test func chainPageMakesABoundedNumberOfQueries() async throws {
            try await withTrustlane { client in
                let s = try await Self.setUp(client)
                let page = try await Self.startAssessment(client, s)
                func csv(_ count: Int) -> String {
                    var text = "chain,Long chain \(count),\n"
                    for i in 0..<count { text += "node,N\(i),\(i == 0 ? "origin_factory" : "inland_depot"),Site \(i),ID,Region \(i % 5),Partner \(i % 7)\n" }
                    for i in 1..<count { text += "leg,N\(i - 1),N\(i),truck,\n" }
                    return text
                }
                let small = try #require(try await client.post(page + "/chains/import", as: s.browser, form: [("csv", csv(5))]).location)
                let large = try #require(try await client.post(page + "/chains/import", as: s.browser, form: [("csv", csv(50))]).location)
                _ = try await client.post(page + "/threats", as: s.browser, form: [("country_0", "ID"), ("region_0", "Region 0"),
                                                                                  ("threat_0_terrorism", "high"), ("source_0", "x")])
                let (fewStatus, few) = try await client.pageQueries(small, as: s.browser)
                #expect(fewStatus == .ok)
                let (manyStatus, many) = try await client.pageQueries(large, as: s.browser)
                #expect(manyStatus == .ok)
                let (wholeStatus, whole) = try await client.pageQueries(page, as: s.browser)
                #expect(wholeStatus == .ok)
                if !usingPostgres {
                    #expect(few > 0 && few == many, "queries grew with the chain: \(few) → \(many)")
                    #expect(many <= 12 && whole <= 14, "chain page \(many), assessment page \(whole)")
                }
            }
        }
    }
}

extension JSONDecoder {
    static var risk: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
