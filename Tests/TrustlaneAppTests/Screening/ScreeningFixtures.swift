import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// List files written here in their real formats with invented names (never a downloaded list),
/// and the steps the screening tests share.
enum ScreeningFixtures {
    /// One OFAC legacy CSV record: quoted fields, `-0-` for empty, CR at the end.
    static func record(_ fields: [String]) -> String {
        fields.map { $0 == "-0-" ? $0 : "\"\($0)\"" }.joined(separator: ",") + "\r"
    }

    /// An `sdn.csv` with the given entries (number, name, remarks).
    static func sdn(_ entries: [(String, String)]) -> String {
        entries.map { record([$0.0, $0.1, "-0-", "[SDGT]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "Invented for tests."]) }.joined() + "\u{1A}"
    }

    static func alt(_ aliases: [(String, String)]) -> String {
        aliases.enumerated().map { record([$0.element.0, String(200 + $0.offset), "aka", $0.element.1, "-0-"]) }.joined()
    }

    static func add(_ addresses: [(String, String)]) -> String {
        addresses.enumerated().map { record([$0.element.0, String(300 + $0.offset), "Jl. Contoh \($0.offset + 1)", "Jakarta", $0.element.1, "-0-"]) }.joined()
    }

    static let baseEntries = [("10001", "NUSANTARA BAYANGAN TRADING CO., LTD."), ("10002", "FRONTERA OSCURA LOGISTICA, S.A. DE C.V.")]

    /// A multipart body with text fields and named file inputs.
    static func multipart(_ fields: [(String, String)], files: [(field: String, name: String, data: Data)], csrf: String?) -> (HTTPHeaders, ByteBuffer) {
        Multipart.form(fields, files: files.map { ($0.field, $0.name, "text/csv", $0.data) }, csrf: csrf)
    }

    /// Posts list files to the administrators' import.
    static func importList(_ client: TestClient, as browser: TestClient.Browser, kind: String = "ofac_sdn", publishedOn: String = "2025-01-15",
                           threshold: String? = nil, files: [(field: String, name: String, text: String)]) async throws -> TestingHTTPResponse {
        var fields = [("kind", kind), ("published_on", publishedOn)]
        if let threshold { fields.append(("threshold", threshold)) }
        let (headers, body) = multipart(fields, files: files.map { ($0.field, $0.name, Data($0.text.utf8)) }, csrf: browser.csrf)
        return try await client.send(.POST, "/admin/screening-lists", browser: browser, headers: headers, body: body)
    }

    /// The SDN set: sdn.csv with the entries, alt.csv, add.csv (10001 in Indonesia).
    static func sdnSet(_ entries: [(String, String)] = baseEntries, aliases: [(String, String)] = [("10001", "BAYANGAN NUSANTARA")],
                       addresses: [(String, String)] = [("10001", "Indonesia")]) -> [(field: String, name: String, text: String)] {
        [("primary", "sdn.csv", sdn(entries)), ("aliases", "alt.csv", alt(aliases)), ("addresses", "add.csv", add(addresses))]
    }

    struct Company {
        let model: CompanyModel
        let browser: TestClient.Browser
        var id: CompanyID { model.companyID }
        var partners: String { "/companies/\(model.companyID)/partners" }
        var queue: String { "/companies/\(model.companyID)/screening" }
    }

    static func company(_ client: TestClient, role: CompanyRole = .coordinator, name: String = "Importadora Sol") async throws -> Company {
        let company = try await client.makeCompany(name, country: "US", types: [.importer])
        let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@sol.example")
        try await client.addMember(user, to: company, role: role)
        return Company(model: company, browser: try await client.signIn(user.email))
    }

    static func admin(_ client: TestClient) async throws -> TestClient.Browser {
        let user = try await client.makeUser("admin-\(UUID().uuidString.prefix(6).lowercased())@example.com", admin: true)
        return try await client.signIn(user.email)
    }

    /// Adds a partner through the page; returns its page's path.
    @discardableResult
    static func addPartner(_ client: TestClient, _ c: Company, _ name: String, country: String = "ID", otherNames: String = "") async throws -> String {
        let response = try await client.post(c.partners, as: c.browser, form: [("legal_name", name), ("other_names", otherNames), ("country", country),
                                                                              ("role", "supplier")])
        #expect(response.status == .seeOther, "partner \(name): \(response.status)")
        return try #require(response.location)
    }

    struct HitRow: Decodable {
        let id: UUID
        let partner_id: UUID
        let entry_number: String
        let status: String
        let explanation: String
        let decision_reason: String?
        let country_agrees: Bool
    }

    static func hits(_ client: TestClient, _ c: Company) async throws -> [HitRow] {
        try await (client.db as! any SQLDatabase).raw("""
        SELECT id, partner_id, entry_number, status, explanation, decision_reason, country_agrees FROM screening_hits
        WHERE company_id = \(bind: c.id.rawValue) ORDER BY created_at, entry_number
        """).all(decoding: HitRow.self)
    }

    static func count(_ client: TestClient, _ table: String) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: Row.self)?.n ?? -1
    }
}
