import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: a name search finds its page and its total in one scan; pages, totals, case,
/// wildcards typed as text, entity types and seats must come out as before.
extension AppTests {
    @Suite struct CompanySearch {
        struct Item: Decodable { let legalName: String; let entityTypes: [String]; let members: Int }
        struct Listing: Decodable { let items: [Item]; let total: Int }

        @Test func searchPagesTotalsAndColumnsAreRight() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("search.admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                for index in 0..<7 {
                    let company = try await client.makeCompany("Nusantara Garments \(index)", country: "ID", types: [.foreignManufacturer, .exporter])
                    if index == 0 { try await client.addMember(admin, to: company, role: .officer) }
                }
                try await client.makeCompany("Percent 100% Carriers", types: [.highwayCarrier])
                try await client.makeCompany("Other Name", types: [.highwayCarrier])

                func list(_ query: String) async throws -> Listing {
                    let response = try await client.api(.GET, "/api/v1/companies?\(query)", token: token)
                    #expect(response.status == .ok, "\(query): \(response.status)")
                    return try JSONDecoder().decode(Listing.self, from: Data(response.text.utf8))
                }
                let first = try await list("q=NUSANTARA&per=3")
                #expect(first.total == 7 && first.items.map(\.legalName) == ["Nusantara Garments 0", "Nusantara Garments 1", "Nusantara Garments 2"])
                #expect(first.items[0].entityTypes.sorted() == ["EXP", "FM"].sorted() || first.items[0].entityTypes.count == 2)
                #expect(first.items[0].members == 1 && first.items[1].members == 0)
                let third = try await list("q=nusantara&per=3&page=3")
                #expect(third.total == 7 && third.items.map(\.legalName) == ["Nusantara Garments 6"])
                let past = try await list("q=nusantara&per=3&page=9")
                #expect(past.total == 7 && past.items.isEmpty)
                // `%` and `_` are text, not wildcards.
                #expect(try await list("q=100%25").items.map(\.legalName) == ["Percent 100% Carriers"])
                #expect(try await list("q=_").total == 0)
                // Without a search: the whole list and its total.
                #expect(try await list("per=2").total == 9)
            }
        }
    }
}
