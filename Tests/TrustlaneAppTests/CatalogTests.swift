import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct CatalogBrowser {
        @Test func browserFiltersByEntityTypeLevelAndText() async throws {
            try await withTrustlane { client in
                let all = try await client.get("/catalog")
                #expect(all.status == .ok && all.text.contains("7.37") && all.text.contains("11.5"))
                let musts = try await client.get("/catalog?entity=CB&level=must")
                #expect(musts.status == .ok)
                let bundled = try #require(client.app.catalogs.latest()).index
                let expected = bundled.search(CatalogQuery(entityTypes: [.customsBroker], level: .must)).count
                #expect(musts.text.contains("\(expected) of \(bundled.criteria(for: [.customsBroker]).count) criteria"))
                let search = try await client.get("/catalog?q=seal")
                #expect(search.text.contains("Seal"))
                #expect(!search.text.contains("<strong>1.1</strong>"))
            }
        }

        @Test func severalEntityTypesShowTheUnionWithWhoRequiresEach() async throws {
            try await withTrustlane { client in
                let page = try await client.get("/catalog?entity=HC&entity=MLH&entity=CB")
                let index = try #require(client.app.catalogs.latest()).index
                let union = index.criteria(for: [.highwayCarrier, .mexicanLongHaulCarrier, .customsBroker])
                #expect(page.text.contains("\(union.count) of \(union.count) criteria"))
                // a criterion for some but not all of the chosen types lists exactly those
                let partial = try #require(union.first { $0.entityTypes.count < 3 })
                let start = try #require(page.text.range(of: "<strong>\(partial.criterion.id.rawValue)</strong>"))
                let row = String(page.text[start.lowerBound...].prefix(1200))
                for type in partial.entityTypes { #expect(row.contains("<span class=\"tag\">\(type.code)</span>")) }
            }
        }

        @Test func criterionPageShowsItsFactsAndUnknownIsNotFound() async throws {
            try await withTrustlane { client in
                let page = try await client.get("/catalog/ctpat-msc-2020/criteria/7.37")
                #expect(page.status == .ok && page.text.contains("7.37"))
                #expect(page.text.contains("U.S. importer") && page.text.contains("Rail carrier"))
                #expect(try await client.get("/catalog/ctpat-msc-2020/criteria/99.99").status == .notFound)
                #expect(try await client.get("/catalog/nope/criteria/1.1").status == .notFound)
            }
        }

        @Test func apiListsCriteriaWithETagCaching() async throws {
            try await withTrustlane { client in
                let list = try await client.get("/api/v1/catalogs")
                #expect(list.status == .ok && list.text.contains("ctpat-msc-2020"))
                let criteria = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=HC&entityType=CB&level=must")
                #expect(criteria.status == .ok)
                let items = try JSONDecoder().decode([CriterionResponse].self, from: Data(criteria.text.utf8))
                #expect(!items.isEmpty && items.allSatisfy { $0.level == "must" && !$0.requiredBy.isEmpty })
                #expect(items.allSatisfy { Set($0.requiredBy).isSubset(of: ["HC", "CB"]) })
                let tag = try #require(criteria.headers.first(name: .eTag))
                let again = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=HC&entityType=CB&level=must",
                                                 headers: ["If-None-Match": tag])
                #expect(again.status == .notModified && again.body.readableBytes == 0)
                let other = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=HC", headers: ["If-None-Match": tag])
                #expect(other.status == .ok)
                let bad = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?entityType=XYZ&level=could&category=13")
                #expect(bad.status == .badRequest)
                for field in ["entityType", "level", "category"] { #expect(bad.text.contains("\"field\":\"\(field)\"")) }
                #expect(try await client.get("/api/v1/catalogs/ctpat-msc-2020/eligibility/MPTO").text.contains("fmc"))
            }
        }

        @Test func importRefusesABadFileWholeAndAcceptsANewVersion() async throws {
            try await withTrustlane { client in
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID())")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                // the first version (revision 2 replaces it and maps its ids; this test copies the first under a new id)
                let current = try #require(client.app.catalogs.entry("ctpat-msc-2020")).catalog
                // a bad file: duplicate id, unknown type, bad level
                let bad = folder.appendingPathComponent("bad.csv")
                try """
                # id: bad-1
                # program: CTPAT
                # version: 2099
                # title: Broken
                # effective_date: 2099-01-01
                id,focus_area,category_number,category_name,level,entity_types,summary
                1.1,Corporate Security,1,Security Vision,Maybe,IMP,x
                1.1,Corporate Security,1,Security Vision,Must,PIRATE,y
                """.write(to: bad, atomically: true, encoding: .utf8)
                do {
                    _ = try await CatalogImporter(app: client.app).importFile(at: bad.path)
                    Issue.record("a bad file was imported")
                } catch let error as CatalogLoadError {
                    let text = error.description
                    #expect(text.contains("line 7") && text.contains("level"))
                    #expect(text.contains("line 8") && text.contains("PIRATE"))
                    #expect(text.contains("appears twice"))
                }
                #expect(try await client.count(CatalogVersionModel.self) == 0)
                #expect(client.app.catalogs.entry("bad-1") == nil)

                // a new version: the current one with an id of its own and one criterion dropped
                var yaml = try CatalogExporter.yaml(current).replacingOccurrences(of: "id: ctpat-msc-2020", with: "id: ctpat-msc-2027")
                yaml = yaml.replacingOccurrences(of: "effective_date: 2020-01-01", with: "effective_date: 2027-01-01")
                let good = folder.appendingPathComponent("next.yaml")
                try yaml.write(to: good, atomically: true, encoding: .utf8)
                let entry = try await CatalogImporter(app: client.app).importFile(at: good.path)
                #expect(entry.catalog.id == "ctpat-msc-2027")
                #expect(client.app.catalogs.latest()?.catalog.id == "ctpat-msc-2027")
                #expect(client.app.catalogs.entry("ctpat-msc-2020")?.catalog.criteria.count == current.criteria.count)
                #expect(try await client.count(CatalogVersionModel.self) == 1)
                // the same id with other content is refused: versions never change
                try yaml.replacingOccurrences(of: "title: CTPAT", with: "title: Changed CTPAT").write(to: good, atomically: true, encoding: .utf8)
                await #expect(throws: CatalogVersionConflict.self) { _ = try await CatalogImporter(app: client.app).importFile(at: good.path) }
                let diff = try await client.get("/api/v1/catalog-diff?old=ctpat-msc-2020&new=ctpat-msc-2027")
                #expect(diff.status == .ok && diff.text.contains("\"added\":[]"))
                let page = try await client.get("/catalog/diff?old=ctpat-msc-2020&new=ctpat-msc-2027")
                #expect(page.text.contains("0 added, 0 removed"))
            }
        }
    }

    @Suite struct Eligibility {
        @Test func officerWalksTheCheckToAResultThatIsSavedWithWhoAndWhen() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Harbor Imports", country: "US", types: [.importer])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let browser = try await client.signIn("officer@example.com")
                let overview = try await client.get("/companies/\(company.companyID)/eligibility", as: browser)
                #expect(overview.status == .ok && overview.text.contains("IMP"))
                let form = try await client.get("/companies/\(company.companyID)/eligibility/IMP", as: browser)
                #expect(form.text.contains("id=\"eligibility-form\""))
                let rules = try #require(client.app.catalogs.latest()).catalog.eligibilityRules(for: .importer)
                // Nothing chosen: nothing saved, and the page says so (not "saved").
                let nothing = try await client.post("/companies/\(company.companyID)/eligibility/IMP", as: browser, form: [])
                #expect(nothing.status == .seeOther)
                let told = try await client.get("/companies/\(company.companyID)/eligibility/IMP", as: browser).text
                #expect(told.contains("Nothing was saved: answer at least one question"))
                #expect(try await EligibilityCheckModel.query(on: client.db).count() == 0)
                // every requirement met
                var fields = rules.questions.map { ("answers[\($0.id.rawValue)]", $0.effect == .required ? "yes" : "no") }
                let saved = try await client.post("/companies/\(company.companyID)/eligibility/IMP", as: browser, form: fields)
                #expect(saved.status == .seeOther)
                let result = try await client.get("/companies/\(company.companyID)/eligibility/IMP", as: browser)
                #expect(result.text.contains("data-status=\"eligible\""))
                #expect(result.text.contains("officer@example.com"))
                // one requirement not met: not eligible, with that requirement's reason
                let required = try #require(rules.questions.first { $0.effect == .required && $0.askedIf == nil })
                fields = fields.map { $0.0 == "answers[\(required.id.rawValue)]" ? ($0.0, "no") : $0 }
                _ = try await client.post("/companies/\(company.companyID)/eligibility/IMP", as: browser, form: fields)
                let refused = try await client.get("/companies/\(company.companyID)/eligibility/IMP", as: browser)
                #expect(refused.text.contains("data-status=\"not_eligible\""))
                #expect(refused.text.contains(HTML.escapeText(required.reason)))
                let row = try #require(try await EligibilityCheckModel.query(on: client.db).first())
                #expect(row.status == "not_eligible" && row.$answeredBy.id == officer.id)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "eligibility.answered").count() == 2)
            }
        }

        @Test func apiAnswersEveryEntityTypeAndRefusesUnknownQuestions() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Multi", country: "US", types: EntityType.allCases)
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let token = try await client.token(for: officer)
                let catalog = try #require(client.app.catalogs.latest()).catalog
                for type in EntityType.allCases {
                    let rules = catalog.eligibilityRules(for: type)
                    let answers = rules.questions.map { "\"\($0.id.rawValue)\": \($0.effect == .required)" }.joined(separator: ",")
                    let response = try await client.api(.PUT, "/api/v1/companies/\(company.companyID)/eligibility/\(type.code)", token: token,
                                                        json: "{\"answers\": {\(answers)}}")
                    #expect(response.status == .ok, "\(type)")
                    #expect(response.text.contains("\"status\":\"eligible\""), "\(type): \(response.text.prefix(300))")
                    let empty = try await client.api(.PUT, "/api/v1/companies/\(company.companyID)/eligibility/\(type.code)", token: token,
                                                     json: "{\"answers\": {}}")
                    #expect(empty.text.contains("\"status\":\"incomplete\""), "\(type)")
                }
                let unknown = try await client.api(.PUT, "/api/v1/companies/\(company.companyID)/eligibility/IMP", token: token,
                                                   json: #"{"answers": {"has_a_spaceship": true}}"#)
                #expect(unknown.status == .badRequest && unknown.text.contains("answers.has_a_spaceship"))
                let list = try await client.api(.GET, "/api/v1/companies/\(company.companyID)/eligibility", token: token)
                #expect(try JSONDecoder.iso.decode([EligibilityCheckResponse].self, from: Data(list.text.utf8)).count == 12)
            }
        }

        @Test func answersAreLockedOnceTheCompanyApplied() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Applied", country: "US", types: [.importer])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let token = try await client.token(for: officer)
                _ = try await EligibilityService(app: client.app).answer(company: company.companyID, entityType: .importer, answers: [:], by: nil)
                let row = try #require(try await EligibilityCheckModel.query(on: client.db).first())
                row.lockedAt = Date()
                try await row.save(on: client.db)
                let response = try await client.api(.PUT, "/api/v1/companies/\(company.companyID)/eligibility/IMP", token: token, json: #"{"answers": {}}"#)
                #expect(response.status == .conflict)
            }
        }

        @Test func viewersSeeButCannotAnswer() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Viewed", country: "US", types: [.importer])
                let viewer = try await client.makeUser("viewer@example.com")
                try await client.addMember(viewer, to: company, role: .viewer)
                let browser = try await client.signIn("viewer@example.com")
                let page = try await client.get("/companies/\(company.companyID)/eligibility/IMP", as: browser)
                #expect(page.status == .ok && !page.text.contains("<button type=\"submit\">Save and check"))
                let post = try await client.post("/companies/\(company.companyID)/eligibility/IMP", as: browser, form: [])
                #expect(post.status == .forbidden)
            }
        }
    }
}
