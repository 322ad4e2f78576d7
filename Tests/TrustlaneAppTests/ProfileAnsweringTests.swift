import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 13: the answering page filters (open, Must, category), searches, and saves and moves
    /// on to the next open criterion.
    @Suite struct ProfileAnswering {
        static func rowIDs(_ page: String) -> [String] {
            page.components(separatedBy: "<tr class=\"").dropFirst().compactMap { row in
                guard let start = row.range(of: "id=\"c-") else { return nil }
                return String(row[start.upperBound...].prefix { $0 != "\"" })
            }
        }

        @Test func filtersAndSearchesTheCriteriaList() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.highwayCarrier])
                let base = "/companies/\(f.company.companyID)/profile"
                _ = try await client.post(base, as: f.browser, form: [("entity_types", "HC")])
                let all = Self.rowIDs(try await client.get(base, as: f.browser).text)
                #expect(all.count > 50)
                #expect(all.contains("7.37"))

                let catalog = try #require(client.app.catalogs.latest()).catalog
                let musts = Set(catalog.criteria.filter { $0.level == .must }.map(\.id.rawValue))
                let mustPage = try await client.get(base + "?show=open_musts", as: f.browser).text
                let openMusts = Self.rowIDs(mustPage)
                #expect(!openMusts.isEmpty && openMusts.allSatisfy(musts.contains))
                #expect(mustPage.contains("id=\"filter-count\""))

                let category = Self.rowIDs(try await client.get(base + "?category=6", as: f.browser).text)
                #expect(!category.isEmpty && category.allSatisfy { $0.hasPrefix("6.") || $0.hasPrefix("TL-6-") })

                let found = Self.rowIDs(try await client.get(base + "?q=7.37", as: f.browser).text)
                #expect(found == ["7.37"])
                // The Indonesian title is searchable on an Indonesian page.
                let words = CatalogTranslations.bundled.wording(catalog: catalog.id, language: .indonesian)
                let criterion = try #require(catalog.criterion(id: "7.37"))
                let term = try #require(words.title(criterion).text.components(separatedBy: " ").max { $0.count < $1.count })
                let searched = try await client.get(base + "?q=\(term.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: f.browser,
                                                    headers: ["Accept-Language": "id"]).text
                #expect(Self.rowIDs(searched).contains("7.37"))

                let none = try await client.get(base + "?q=zzzzqqq", as: f.browser).text
                #expect(Self.rowIDs(none).isEmpty && none.contains("id=\"filter-empty\""))
                // Nonsense filter values show everything rather than failing.
                #expect(Self.rowIDs(try await client.get(base + "?show=bogus&category=x", as: f.browser).text) == all)
            }
        }

        @Test func saveAndNextGoesToTheNextOpenCriterion() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client, types: [.highwayCarrier])
                let base = "/companies/\(f.company.companyID)/profile"
                _ = try await client.post(base, as: f.browser, form: [("entity_types", "HC")])
                let all = Self.rowIDs(try await client.get(base, as: f.browser).text)
                // Steps follow the catalog's order (the page lists open Musts first within a category).
                let (first, second, third) = ("1.1", "1.2", "1.3")
                #expect([first, second, third].allSatisfy(all.contains))
                // The second is already met: save-and-next from the first skips it.
                let met = try await client.post("\(base)/criteria/\(second)", as: f.browser,
                                                form: [("status", "meets"), ("narrative", "A written procedure covers it."), ("base_version", "0")])
                #expect(met.status == .seeOther)
                let saved = try await client.post("\(base)/criteria/\(first)", as: f.browser,
                                                  form: [("status", "partly"), ("narrative", "Half of it is in place."), ("base_version", "0"), ("next", "open")])
                #expect(saved.status == .seeOther)
                #expect(saved.headers.first(name: .location) == "\(base)/criteria/\(third)")
                let page = try await client.get("\(base)/criteria/\(third)", as: f.browser).text
                #expect(page.contains("id=\"save-next\""))
                #expect(page.contains("id=\"previous-criterion\"") && page.contains("id=\"next-criterion\""))
                // A refused save does not move on, and keeps what was typed.
                let refused = try await client.post("\(base)/criteria/\(third)", as: f.browser,
                                                    form: [("status", "meets"), ("narrative", ""), ("base_version", "0"), ("next", "open")])
                #expect(refused.status == .badRequest)
                #expect(refused.headers.first(name: .location) == nil)
            }
        }
    }
}
