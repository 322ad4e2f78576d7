import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 11, the risk assessment against CBP's five-step guide: CBP's threat categories (a
/// stored "public safety" rating still reads, counted nowhere), the threat-first screening of
/// chains, the formula and defaults labelled as Trustlane's, and carrier and broker node kinds.
extension AppTests {
    @Suite struct RiskProgramFidelity {
        typealias R = AppTests.RiskAssessment

        static func assessment(_ client: TestClient, _ s: R.Setup) async throws -> (page: String, id: String) {
            let page = try await R.startAssessment(client, s)
            return (page, String(page.split(separator: "/").last!))
        }

        static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
            try JSONDecoder.risk.decode(T.self, from: Data(response.text.utf8))
        }

        @Test func aStoredPublicSafetyRatingStillReadsAndCountsNowhere() async throws {
            try await withTrustlane { client in
                // setup: a chain in Indonesia, and a rating saved before the category was retired
                let s = try await R.setUp(client)
                let (page, id) = try await Self.assessment(client, s)
                let imported = try await client.post(page + "/chains/import", as: s.browser, form: [("csv", R.csv)])
                let chainPage = try #require(imported.location)
                // the factory's physical security is rated high: any threat counted there would give a score
                #expect(try await client.post(chainPage + "/vulnerabilities", as: s.browser, form: [("level_0_9", "high")]).status == .seeOther)
                let old = ThreatRatingModel()
                old.companyID = s.company.id!
                old.country = "ID"
                old.category = "public_safety"
                old.levelKey = "high"
                old.note = "Protests near the port"
                old.source = "Earlier assessment"
                old.ratedAt = Date(timeIntervalSince1970: 1_700_000_000)
                try await old.create(on: client.db)
                // act
                let shown = try await client.get(page, as: s.browser)
                let reportPage = try await client.get(page + "/report", as: s.browser)
                let report = try Self.decode(RiskReportResponse.self, try await client.api(.GET, "\(s.api)/\(id)/report", token: s.token))
                let library = try Self.decode([ThreatRatingDTO].self, try await client.api(.GET, "\(s.api)/\(id)/threat-ratings", token: s.token))
                // verify: shown as history with its label, in no score, screening or library
                #expect(shown.status == .ok && reportPage.status == .ok)
                #expect(shown.text.contains("id=\"legacy-threats\"") && shown.text.contains("Public safety (not a CBP category)"))
                #expect(reportPage.text.contains("data-legacy=\"public_safety\""))
                #expect(report.legacyThreats.count == 1)
                #expect(report.legacyThreats.first?.title == "Public safety (not a CBP category)" && report.legacyThreats.first?.counted == false)
                #expect(library.isEmpty)
                let chain = try #require(report.assessment.chains.first)
                #expect(chain.score == nil && chain.byThreat.isEmpty)
                #expect(chain.nodes?.first?.vulnerabilityLevel == "high" && chain.nodes?.first?.threatLevel == nil)
                #expect(chain.screening.status == "incomplete" && !chain.screening.needsFullAssessment)
                // it cannot be rated again, and the message names the field
                let again = try await client.api(.POST, "\(s.api)/\(id)/threat-ratings", token: s.token,
                                                 json: #"{"ratings":[{"country":"ID","category":"public_safety","level":"high","source":"x"}]}"#)
                #expect(again.status == .badRequest && again.text.contains("threats[0].category") && again.text.contains("fostering_conditions"))
                // rating the new category alongside leaves the old row as it was
                let rated = try await client.api(.POST, "\(s.api)/\(id)/threat-ratings", token: s.token,
                                                 json: #"{"ratings":[{"country":"ID","category":"fostering_conditions","level":"medium","source":"Corruption index"}]}"#)
                #expect(rated.status == .ok && rated.text.contains("fostering_conditions"))
                let kept = try #require(try await ThreatRatingModel.find(old.id, on: client.db))
                #expect(kept.supersededAt == nil)
            }
        }

        @Test func chainsWithAHighThreatAreFlaggedForAFullVulnerabilityAssessment() async throws {
            try await withTrustlane { client in
                // setup: an Indonesian chain and a Mexican carrier lane
                let s = try await R.setUp(client)
                let (page, id) = try await Self.assessment(client, s)
                #expect(try await client.post(page + "/chains/import", as: s.browser, form: [("csv", R.csv)]).status == .seeOther)
                let lane = """
                chain,Monterrey to Laredo linehaul,Auto parts
                node,Y1,yard,Transportes Norte yard,MX,Nuevo León,
                node,R1,route,Carretera 85,MX,Nuevo León,
                node,B1,border_crossing,World Trade Bridge,US,Texas,
                leg,Y1,R1,truck,
                leg,R1,B1,truck,
                """
                #expect(try await client.post(page + "/chains/import", as: s.browser, form: [("csv", lane)]).status == .seeOther)
                // act: terrorism high in Indonesia, organized crime medium in Mexico
                let threats = try await client.post(page + "/threats", as: s.browser, form: [
                    ("country_0", "ID"), ("region_0", "West Java"), ("threat_0_terrorism", "high"), ("source_0", "Advisory"),
                    ("country_1", "ID"), ("region_1", "Jakarta"), ("threat_1_terrorism", "high"), ("source_1", "Advisory"),
                    ("country_2", "US"), ("region_2", "California"),
                    ("country_3", "MX"), ("region_3", "Nuevo León"), ("threat_3_organized_crime", "medium"), ("source_3", "Advisory"),
                ])
                #expect(threats.status == .seeOther)
                let body = try Self.decode(RiskAssessmentResponse.self, try await client.api(.GET, "\(s.api)/\(id)", token: s.token))
                let shown = try await client.get(page, as: s.browser)
                // verify: which chains are flagged and why, in the API and on the page
                #expect(body.method.screenFrom == "high")
                let shoes = try #require(body.chains.first { $0.name.hasPrefix("Footwear") })
                let carrier = try #require(body.chains.first { $0.name.hasPrefix("Monterrey") })
                #expect(shoes.screening.status == "flagged" && shoes.screening.needsFullAssessment)
                #expect(shoes.screening.reasons.map(\.nodes) == [["F1"], ["P1"]])
                #expect(shoes.screening.reasons.allSatisfy { $0.category == "terrorism" && $0.level == "high" })
                #expect(carrier.screening.status == "incomplete" && carrier.screening.reasons.isEmpty)
                #expect(carrier.screening.unrated.map(\.nodes) == [["Y1", "R1"], ["B1"]])
                #expect(shown.text.contains("id=\"screening-table\"") && shown.text.contains("data-screening=\"flagged\""))
                #expect(shown.text.contains("Needs a full vulnerability assessment"))
                // the level is the company's: from medium, the carrier lane is flagged too
                let documented = try await client.api(.PUT, "\(s.api)/\(id)/document", token: s.token,
                                                      json: #"{"title":"2026","assessedOn":"2026-01-10","participants":[{"name":"Ana","role":"Security"}],"screenFrom":"medium"}"#)
                #expect(documented.status == .ok)
                let after = try Self.decode(RiskAssessmentResponse.self, documented)
                #expect(after.method.screenFrom == "medium")
                #expect(after.chains.first { $0.name.hasPrefix("Monterrey") }?.screening.status == "flagged")
                // a level off the scale is refused by name and changes nothing
                let bad = try await client.api(.PUT, "\(s.api)/\(id)/document", token: s.token,
                                               json: #"{"title":"2026","assessedOn":"2026-01-10","participants":[{"name":"Ana","role":"Security"}],"screenFrom":"extreme"}"#)
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"screen_from""#))
                let form = try await client.post(page + "/document", as: s.browser, form: [
                    ("title", "2026"), ("assessed_on", "2026-01-10"), ("participants", "Ana, Security"), ("screen_from", "extreme"),
                ])
                #expect(form.status == .badRequest && form.text.contains("data-field=\"screen_from\""))
                let stored = try #require(try await RiskAssessmentModel.find(UUID(uuidString: id), on: client.db))
                #expect(RiskMethodRecord.decode(stored.method).screenFrom == "medium")
            }
        }

        @Test func theFormulaDueDateAndMappingAreLabelledAsTrustlanesChoices() async throws {
            try await withTrustlane { client in
                let s = try await R.setUp(client)
                let (page, id) = try await Self.assessment(client, s)

                let body = try Self.decode(RiskAssessmentResponse.self, try await client.api(.GET, "\(s.api)/\(id)", token: s.token))
                let shown = try await client.get(page, as: s.browser)
                let report = try await client.get(page + "/report", as: s.browser)

                #expect(body.method.formula.hasPrefix("Trustlane's method, not CBP's: CBP rates threat and vulnerability only as High, Medium or Low"))
                #expect(body.method.trustlaneChoices.contains { $0.contains("Trustlane's mapping, not CBP's") })
                #expect(body.method.trustlaneChoices.contains { $0.contains("90 days") && $0.contains("not a CBP deadline") })
                for html in [shown.text, report.text] {
                    #expect(html.contains("id=\"method-notice\"") && html.contains("CBP rates threat and vulnerability only as High, Medium or Low"))
                    #expect(html.contains("id=\"trustlane-choices\""))
                }
                #expect(report.text.contains("id=\"report-due-note\""))
            }
        }

        @Test func aBrokerMapsClientsAndDataSystemsAndGetsItBackAsCSV() async throws {
            try await withTrustlane { client in
                let s = try await R.setUp(client)
                let (page, id) = try await Self.assessment(client, s)
                let broker = """
                chain,Entries for PT Sepatu Jaya,Footwear
                node,C1,client,PT Sepatu Jaya,ID,West Java,PT Sepatu Jaya
                node,S1,data_system,ABI entry software,US,California,Descartes
                node,B1,border_crossing,Port of Long Beach entry,US,California,
                leg,C1,S1,electronic,
                leg,S1,B1,electronic,
                """

                let imported = try await client.post(page + "/chains/import", as: s.browser, form: [("csv", broker)])
                let chainPage = try #require(imported.location)
                let shown = try await client.get(chainPage, as: s.browser)
                let chains = try Self.decode([ChainRiskResponse].self, try await client.api(.GET, "\(s.api)/\(id)/chains", token: s.token))
                let exported = try await client.get(chainPage + "/csv", as: s.browser)

                #expect(shown.status == .ok && shown.text.contains("Data or IT system") && shown.text.contains("Electronic (data)"))
                #expect(chains.first?.nodes?.map(\.kind) == ["client", "data_system", "border_crossing"])
                #expect(exported.status == .ok && exported.text.contains("node,S1,data_system,") && exported.text.contains("leg,C1,S1,electronic,"))
            }
        }

        @Test func theOpenAPIDocumentDescribesCategoriesKindsAndScreeningAsServed() async throws {
            try await withTrustlane { client in
                // setup
                typealias D = AppTests.OpenAPIAgreement
                let s = try await R.setUp(client)
                let (_, id) = try await Self.assessment(client, s)
                let created = try await client.api(.POST, "\(s.api)/\(id)/chains", token: s.token,
                                                   json: try String(decoding: JSONEncoder().encode(["csv": R.csv]), as: UTF8.self))
                let document = try await D.document(client)
                // act
                let served = try #require(try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])
                let chainRisk = try #require(try D.schema(document, "ChainRisk")["properties"] as? [String: Any])
                let threat = try #require(try D.schema(document, "ThreatRating")["properties"] as? [String: Any])
                let request = try #require(try D.schema(document, "SupplyChainRequest")["properties"] as? [String: Any])
                let report = try #require(try D.schema(document, "RiskReport")["properties"] as? [String: Any])
                let documentRequest = try #require(try D.schema(document, "DocumentRiskAssessmentRequest")["properties"] as? [String: Any])
                // verify: every key served is documented, the screening's too
                #expect(Set(served.keys).isSubset(of: Set(chainRisk.keys)), "undocumented: \(Set(served.keys).subtracting(chainRisk.keys))")
                let screening = try #require(chainRisk["screening"] as? [String: Any])
                let screeningKeys = Set((screening["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
                let servedScreening = try #require(served["screening"] as? [String: Any])
                #expect(Set(servedScreening.keys) == screeningKeys)
                let categories = try #require((threat["category"] as? [String: Any])?["enum"] as? [String])
                #expect(categories == ThreatCategory.allCases.map(\.rawValue))
                #expect(!categories.contains("public_safety"))
                let node = try #require(((request["nodes"] as? [String: Any])?["items"] as? [String: Any])?["properties"] as? [String: Any])
                let kinds = try #require((node["kind"] as? [String: Any])?["enum"] as? [String])
                #expect(Set(["route", "yard", "border_crossing", "data_system", "client"]).isSubset(of: Set(kinds)))
                #expect(report["legacyThreats"] != nil && documentRequest["screenFrom"] != nil)
            }
        }
    }
}
