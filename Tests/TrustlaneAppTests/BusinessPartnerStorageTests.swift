import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
@testable import TrustlaneApp

extension AppTests.BusinessPartnerRegistry {
    // How the registry stores what it searches and checks (issue 15): the search terms keyed
    // by term (M052, M053) and the identifiers keyed by key (M054), kept through edits and
    // through their migrations applied to a filled registry.

    /// The terms a partner's names wrote (M052: keyed by term, and listed on the partner's row).
    static func storedTerms(_ client: TestClient, partner: BusinessPartnerID) async throws -> (rows: [String], column: String?) {
        struct Term: Decodable { let term: String }
        struct Row: Decodable { let search_terms: String? }
        let sql = client.db as! any SQLDatabase
        let rows = try await sql.raw("SELECT term FROM business_partner_terms WHERE partner_id = \(bind: partner.rawValue)").all(decoding: Term.self)
        let column = try await sql.raw("SELECT search_terms FROM business_partners WHERE id = \(bind: partner.rawValue)").first(decoding: Row.self)?.search_terms
        return (rows.map(\.term).sorted(), column)
    }

    @Test func anEditReplacesThePartnersSearchTermsForBothPlans() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let service = BusinessPartnerService(app: client.app)
            let old = BusinessPartner(legalName: "PT Alpha Tekstil", otherNames: ["Alpha Mills"], country: CountryCode("ID")!, role: .manufacturer)
            try await service.create(old, company: f.company.companyID, by: nil)
            try await service.create(BusinessPartner(legalName: "Alpha Shipping", country: CountryCode("ID")!, role: .agent), company: f.company.companyID, by: nil)
            var stored = try await Self.storedTerms(client, partner: old.id)
            #expect(stored.rows == ["alpha", "mills", "tekstil"])
            #expect(stored.column.map { Set($0.split(separator: " ").map(String.init)) } == ["alpha", "mills", "tekstil"])
            #expect(stored.column?.hasPrefix(" ") == true)

            var edited = old
            edited.legalName = "PT Beta Garmen"
            edited.otherNames = ["Beta Mills"]
            try await service.update(old, with: edited, company: f.company.companyID, by: nil)
            stored = try await Self.storedTerms(client, partner: old.id)
            #expect(stored.rows == ["beta", "garmen", "mills"], "the old name's terms are gone, the new ones written")
            #expect(stored.column.map { Set($0.split(separator: " ").map(String.init)) } == ["beta", "garmen", "mills"])

            let queries = BusinessPartnerQueries(client.db)
            for dense in [1_000, 1] {
                func names(_ text: String) async throws -> [String] {
                    var filter = BusinessPartnerQueries.Filter(query: text, per: 50)
                    filter.denseFrom = dense
                    return try await queries.list(company: f.company.companyID, filter).rows.map(\.legal_name).sorted()
                }
                #expect(try await names("alpha") == ["Alpha Shipping"], "plan \(dense): the old name no longer finds the partner")
                #expect(try await names("garm") == ["PT Beta Garmen"])
                #expect(try await names("beta mil") == ["PT Beta Garmen"])
                #expect(try await names("tekstil").isEmpty)
            }
        }
    }

    @Test func theTermsMigrationKeepsEveryPartnersTermsWhenAppliedToAFilledRegistry() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let service = BusinessPartnerService(app: client.app)
            let partners = (0..<5).map { n in
                BusinessPartner(legalName: "Gamma \(["Alat", "Batik", "Cahaya", "Dunia", "Emas"][n]) Trading", otherNames: n == 0 ? ["Sinar Gamma"] : [],
                                country: CountryCode("ID")!, role: .supplier)
            }
            for partner in partners { try await service.create(partner, company: f.company.companyID, by: nil) }
            var before: [BusinessPartnerID: [String]] = [:]
            for partner in partners { before[partner.id] = try await Self.storedTerms(client, partner: partner.id).rows }

            // Back to the old shape (a table of rows with two indexes, no column), then forward again.
            let migration = UpdatePartnerTermsKeyByTerm()
            try await migration.revert(on: client.db)
            struct Count: Decodable { let n: Int }
            let sql = client.db as! any SQLDatabase
            let oldRows = try await sql.raw("SELECT COUNT(*) AS n FROM business_partner_terms WHERE company_id = \(bind: f.company.companyID.rawValue)").first(decoding: Count.self)?.n
            #expect(oldRows == before.values.map(\.count).reduce(0, +))
            try await migration.prepare(on: client.db)

            for partner in partners {
                let after = try await Self.storedTerms(client, partner: partner.id)
                #expect(after.rows == before[partner.id], "\(partner.legalName): the same terms after the migration")
                #expect(after.column.map { $0.split(separator: " ").map(String.init).sorted() } == before[partner.id])
            }
            for dense in [1_000, 1] {
                var filter = BusinessPartnerQueries.Filter(query: "gamma sinar", per: 50)
                filter.denseFrom = dense
                #expect(try await BusinessPartnerQueries(client.db).list(company: f.company.companyID, filter).rows.map(\.legal_name) == ["Gamma Alat Trading"])
            }
            // Written twice now would be refused: the terms are one key each.
            await #expect(throws: (any Error).self) {
                try await sql.raw("""
                INSERT INTO business_partner_terms (company_id, term, partner_id) VALUES (\(bind: f.company.companyID.rawValue), 'gamma', \(bind: partners[1].id.rawValue))
                """).run()
            }
        }
    }

    @Test func theTermsLoseTheirForeignKeyAndKeepEveryTerm() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let partner = BusinessPartner(legalName: "Delta Abadi Trading", otherNames: ["Sinar Delta"], country: CountryCode("ID")!, role: .supplier)
            try await BusinessPartnerService(app: client.app).create(partner, company: f.company.companyID, by: nil)
            let before = try await Self.storedTerms(client, partner: partner.id).rows
            #expect(before.contains("sinar") && before.contains("delta"))
            let sql = client.db as! any SQLDatabase
            func foreignKeys() async throws -> Int? {
                struct Count: Decodable { let n: Int }
                let query: SQLQueryString = usingPostgres
                    ? "SELECT COUNT(*) AS n FROM pg_constraint WHERE conrelid = 'business_partner_terms'::regclass AND contype = 'f'"
                    : "SELECT COUNT(*) AS n FROM pragma_foreign_key_list('business_partner_terms')"
                return try await sql.raw(query).first(decoding: Count.self)?.n
            }
            #expect(try await foreignKeys() == 0, "as migrated")
            let migration = UpdatePartnerTermsWithoutForeignKey()
            try await migration.revert(on: client.db)
            #expect(try await foreignKeys() == 1)
            #expect(try await Self.storedTerms(client, partner: partner.id).rows == before)
            try await migration.prepare(on: client.db)
            #expect(try await foreignKeys() == 0)
            #expect(try await Self.storedTerms(client, partner: partner.id).rows == before)
            for dense in [1_000, 1] {
                var filter = BusinessPartnerQueries.Filter(query: "sinar delta", per: 50)
                filter.denseFrom = dense
                #expect(try await BusinessPartnerQueries(client.db).list(company: f.company.companyID, filter).rows.map(\.legal_name) == ["Delta Abadi Trading"])
            }
        }
    }

    /// M054: identifiers one key each (no index or foreign key by partner), deleted by key
    /// when an edit drops them; the reassessment index holds only partners with a date.
    @Test func theIdentifiersAreKeyedByKeyAndAnEditFreesTheOnesItDrops() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let company = f.company.companyID
            let service = BusinessPartnerService(app: client.app)
            let sql = client.db as! any SQLDatabase
            let duns = BusinessPartnerIdentifier(scheme: "duns", value: "150483782"), tax = BusinessPartnerIdentifier(scheme: "tax_id", value: "01.234.567.8-901.000")
            let first = BusinessPartner(legalName: "Epsilon Tekstil", country: CountryCode("ID")!, role: .supplier, identifiers: [duns, tax])
            try await service.create(first, company: company, by: nil)
            struct Key: Decodable { let key: String; let partner_id: UUID }
            func keys() async throws -> [String: UUID] {
                let rows = try await sql.raw("SELECT key, partner_id FROM business_partner_identifiers WHERE company_id = \(bind: company.rawValue)").all(decoding: Key.self)
                return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.partner_id) })
            }
            #expect(try await keys() == [duns.key: first.id.rawValue, tax.key: first.id.rawValue])

            struct Text: Decodable { let text: String }
            func indexes() async throws -> [String: String] {
                let query: SQLQueryString = usingPostgres
                    ? "SELECT indexname AS name, indexdef AS text FROM pg_indexes WHERE tablename IN ('business_partners', 'business_partner_identifiers')"
                    : "SELECT name, COALESCE(sql, '') AS text FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('business_partners', 'business_partner_identifiers')"
                struct Row: Decodable { let name: String; let text: String }
                return Dictionary(uniqueKeysWithValues: try await sql.raw(query).all(decoding: Row.self).map { ($0.name, $0.text) })
            }
            func check(migrated: Bool) async throws {
                let found = try await indexes()
                #expect((found["business_partner_identifiers_partner_idx"] == nil) == migrated)
                let next = try #require(found["business_partners_next_assessment_idx"])
                #expect(next.uppercased().contains("WHERE") == migrated, "partial only when migrated: \(next)")
                #expect(try await keys() == [duns.key: first.id.rawValue, tax.key: first.id.rawValue], "every identifier kept")
            }
            try await check(migrated: true)
            let migration = UpdatePartnerIdentifiersKeyedByKey()
            try await migration.revert(on: client.db)
            try await check(migrated: false)
            try await migration.prepare(on: client.db)
            try await check(migrated: true)

            // The same number twice is still refused (its key is the table's own).
            await #expect(throws: ValidationFailure.self) {
                try await service.create(BusinessPartner(legalName: "Other Mills", country: CountryCode("ID")!, role: .supplier, identifiers: [duns]),
                                         company: company, by: nil)
            }
            // An edit that drops the DUNS number frees it, and keeps the tax number taken.
            var edited = first
            edited.identifiers = [tax]
            try await service.update(first, with: edited, company: company, by: nil)
            #expect(try await keys() == [tax.key: first.id.rawValue])
            let second = BusinessPartner(legalName: "Zeta Logistik", country: CountryCode("ID")!, role: .highwayCarrier, identifiers: [duns])
            try await service.create(second, company: company, by: nil)
            #expect(try await keys() == [tax.key: first.id.rawValue, duns.key: second.id.rawValue])
            await #expect(throws: ValidationFailure.self) {
                try await service.create(BusinessPartner(legalName: "Third Mills", country: CountryCode("ID")!, role: .supplier, identifiers: [tax]),
                                         company: company, by: nil)
            }
            // Edited from a stale copy (the DUNS number it names was dropped since), the
            // partner's own stored identifiers are still the ones deleted.
            var again = first
            again.identifiers = []
            try await service.update(first, with: again, company: company, by: nil)
            #expect(try await keys() == [duns.key: second.id.rawValue], "the other partner's number stays its own")
        }
    }
}
