import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Changing a shipment (issue 16): its reference, documents' numbers, unit, origin, destination,
/// consignee and partners, on the page and through PATCH, while it is open; every field checked
/// as when it was recorded, nothing half-saved, each change audited; refused once released;
/// only by the roles that record shipments, and only in their own company.
extension AppTests.Shipments {
    struct Stored: Decodable, Equatable {
        let reference: String
        let document_numbers: String
        let container_number: String?
        let origin: String
        let destination: String
        let consignee_email: String?
    }

    static func stored(_ client: TestClient) async throws -> [Stored] {
        try await (client.db as! any SQLDatabase).raw("""
        SELECT reference, document_numbers, container_number, origin, destination, consignee_email FROM shipments ORDER BY created_at
        """).all(decoding: Stored.self)
    }

    static func auditChanges(_ client: TestClient, _ action: String) async throws -> [String] {
        struct Row: Decodable { let changes: String }
        return try await (client.db as! any SQLDatabase).raw("SELECT changes FROM audit_entries WHERE action = \(bind: action) ORDER BY seq")
            .all(decoding: Row.self).map(\.changes)
    }

    static func partner(_ client: TestClient, _ f: Fixture, _ name: String) async throws -> String {
        let created = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/business-partners", token: f.token,
                                           json: #"{"legalName":"\#(name)","country":"ID","role":"supplier"}"#)
        return try #require((try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])?["id"] as? String).lowercased()
    }

    @Test func aCoordinatorCorrectsAnOpenShipmentOnThePageAndTheAuditNamesEachChange() async throws {
        try await withTrustlane { client in
            // Setup: a shipment with a partner and a seal on it.
            let f = try await Self.fixture(client)
            let first = try await Self.partner(client, f, "PT Benang Emas")
            let second = try await Self.partner(client, f, "CV Kain Halus")
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383") + [("partner_ids", first)])
            #expect(try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010")]).status == .seeOther)
            // The page offers the change, and the form holds what is stored.
            let page = try await client.get(shipment, as: f.browser)
            #expect(page.text.contains("id=\"edit-shipment\""))
            let form = try await client.get(shipment + "/edit", as: f.browser)
            #expect(form.status == .ok && form.text.contains("value=\"SHP-001\"") && form.text.contains("value=\"Los Angeles\""))
            #expect(form.text.contains("value=\"\(first)\" checked") && !form.text.contains("name=\"lock_id\""))
            // Act: a new reference, destination and container, the other partner.
            let saved = try await client.post(shipment + "/edit", as: f.browser, form: [
                ("reference", "SHP-001-A"), ("document_numbers", "BL MSCU1234567"), ("container_number", "MWCU6059784"), ("origin", "Semarang"),
                ("destination", "Long Beach"), ("consignee_name", "Harborline Imports"), ("consignee_email", "receiving@consignee.example"),
                ("partner_ids", second),
            ])
            // Verify: saved, shown, audited with the changed fields only; the seal's stock record follows the reference.
            #expect(saved.status == .seeOther && saved.location == shipment, "\(saved.text.prefix(400))")
            #expect(try await Self.stored(client) == [Stored(reference: "SHP-001-A", document_numbers: "BL MSCU1234567", container_number: "MWCU6059784",
                                                             origin: "Semarang", destination: "Long Beach", consignee_email: "receiving@consignee.example")])
            let shown = try await client.get(shipment, as: f.browser)
            #expect(shown.text.contains("SHP-001-A") && shown.text.contains("Long Beach") && shown.text.contains("CV Kain Halus") && !shown.text.contains("PT Benang Emas"))
            let changes = try await Self.auditChanges(client, "shipment.edited")
            #expect(changes.count == 1)
            let entry = changes.first ?? ""
            #expect(entry.contains("Long Beach") && entry.contains("Los Angeles") && entry.contains("MWCU6059784") && entry.contains(second))
            #expect(!entry.contains("document") && !entry.contains("origin"), "unchanged fields are not in the entry: \(entry)")
            struct Seal: Decodable { let shipment_reference: String? }
            let seal = try await (client.db as! any SQLDatabase).raw("SELECT shipment_reference FROM seals WHERE number = 'TL000010'").first(decoding: Seal.self)
            #expect(seal?.shipment_reference == "SHP-001-A")
            // The same form again changes nothing and records nothing.
            let unchanged = try await client.post(shipment + "/edit", as: f.browser, form: [
                ("reference", "SHP-001-A"), ("document_numbers", "BL MSCU1234567"), ("container_number", "MWCU6059784"), ("origin", "Semarang"),
                ("destination", "Long Beach"), ("consignee_name", "Harborline Imports"), ("consignee_email", "receiving@consignee.example"),
                ("partner_ids", second),
            ])
            #expect(unchanged.status == .seeOther)
            #expect(try await Self.auditChanges(client, "shipment.edited").count == 1)
        }
    }

    @Test func badChangesAreNamedAndNothingIsHalfSaved() async throws {
        try await withTrustlane { client in
            // Setup: two shipments.
            let f = try await Self.fixture(client)
            let partner = try await Self.partner(client, f, "PT Benang Emas")
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383") + [("partner_ids", partner)])
            _ = try await Self.ship(client, f, Self.shipmentForm(reference: "SHP-002", container: "CSQU3054383"))
            let before = try await Self.stored(client)
            let id = String(shipment.split(separator: "/").last!)
            // Act + verify: on the page, every problem named, what was typed kept, nothing saved.
            let page = try await client.post(shipment + "/edit", as: f.browser, form: [
                ("reference", "shp-002"), ("document_numbers", "BL 1"), ("container_number", "CSQU3054384"), ("origin", " "),
                ("destination", "Long Beach"), ("consignee_email", "not an address"), ("partner_ids", UUID().uuidString),
            ])
            #expect(page.status == .badRequest)
            for field in ["reference", "container_number", "origin", "consignee_email", "partner_ids"] {
                #expect(page.text.contains("data-field=\"\(field)\""), "\(field) is named")
            }
            #expect(page.text.contains("value=\"Long Beach\""), "what was typed is kept")
            // In the API, named as the JSON names them.
            let api = try await client.api(.PATCH, f.api + "/\(id)", token: f.token,
                                           json: #"{"destination":"Long Beach","containerNumber":"CSQU3054384","documentNumbers":"","partnerIds":["nope"]}"#)
            #expect(api.status == .badRequest)
            for field in ["containerNumber", "documentNumbers", "partnerIds"] { #expect(api.text.contains(#""field":"\#(field)""#), "\(field): \(api.text)") }
            let wrongType = try await client.api(.PATCH, f.api + "/\(id)", token: f.token, json: #"{"origin":42}"#)
            #expect(wrongType.status == .badRequest)
            // An inspection of another unit is refused for the unit it names.
            let inspection = try await Self.inspect(client, f, container: "MWCU6059784")
            let otherUnit = try await client.api(.PATCH, f.api + "/\(id)", token: f.token, json: #"{"inspectionId":"\#(inspection)"}"#)
            #expect(otherUnit.status == .badRequest && otherUnit.text.contains(#""field":"inspectionId""#), "\(otherUnit.text)")
            #expect(try await Self.stored(client) == before)
            #expect(try await Self.count(client, "shipment_partners") == 1)
            #expect(try await Self.auditChanges(client, "shipment.edited").isEmpty)
        }
    }

    @Test func aPatchChangesOnlyTheFieldsItGivesAndAnEmptyStringClearsAnOptionalOne() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            let path = f.api + "/" + String(shipment.split(separator: "/").last!)
            // Act
            let changed = try await client.api(.PATCH, path, token: f.token, json: #"{"destination":"Oakland","consigneeEmail":""}"#)
            let again = try await client.api(.PATCH, path, token: f.token, json: #"{"destination":"Oakland"}"#)
            // Verify
            #expect(changed.status == .ok && changed.text.contains(#""destination":"Oakland""#) && changed.text.contains(#""reference":"SHP-001""#), "\(changed.text)")
            #expect(again.status == .ok)
            #expect(try await Self.stored(client) == [Stored(reference: "SHP-001", document_numbers: "BL MSCU1234567", container_number: "CSQU3054383",
                                                             origin: "Semarang", destination: "Oakland", consignee_email: nil)])
            let changes = try await Self.auditChanges(client, "shipment.edited")
            #expect(changes.count == 1, "the repeat changed nothing and recorded nothing")
            #expect((changes.first ?? "").contains("receiving@consignee.example") && (changes.first ?? "").contains("Oakland"))
        }
    }

    @Test func aReleasedShipmentsRecordNoLongerChanges() async throws {
        try await withTrustlane { client in
            // Setup: a shipment released by a supervisor's override.
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            let path = f.api + "/" + String(shipment.split(separator: "/").last!)
            #expect(try await client.post(shipment + "/override", as: f.browser, form: [("reason", "Inspected on paper; the tablet was broken")]).status == .seeOther)
            let before = try await Self.stored(client)
            // Act
            let form = try await client.get(shipment + "/edit", as: f.browser)
            let posted = try await client.post(shipment + "/edit", as: f.browser, form: Self.shipmentForm(reference: "SHP-001-B", container: "CSQU3054383"))
            let patched = try await client.api(.PATCH, path, token: f.token, json: #"{"destination":"Oakland"}"#)
            // Verify: 409 with the reason, nothing changed, no change offered.
            #expect(form.status == .conflict && form.text.contains("already released"), "\(form.text.prefix(300))")
            #expect(posted.status == .conflict)
            #expect(patched.status == .conflict && patched.text.contains("already released"), "\(patched.text)")
            #expect(try await Self.stored(client) == before)
            #expect(!(try await client.get(shipment, as: f.browser)).text.contains("id=\"edit-shipment\""))
        }
    }

    @Test func onlyTheRolesThatRecordShipmentsChangeThemAndOnlyInTheirOwnCompany() async throws {
        try await withTrustlane { client in
            // Setup: a viewer and a consultant of the company, another company's officer, a reviewer.
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            let path = f.api + "/" + String(shipment.split(separator: "/").last!)
            var outsiders: [(TestClient.Browser, String)] = []
            for role in [CompanyRole.viewer, .consultant] {
                let user = try await client.makeUser("\(role.rawValue)@batik.example")
                try await client.addMember(user, to: f.company, role: role)
                outsiders.append((try await client.signIn(user.email), try await client.token(for: user)))
            }
            let contributor = try await client.makeUser("contributor@batik.example")
            try await client.addMember(contributor, to: f.company, role: .contributor)
            let other = try await Self.fixture(client, role: .officer, name: "Transportes Norte")
            let reviewer = try await client.makeUser("reviewer@cbp.example", reviewer: true)
            let reviewerBrowser = try await client.signIn(reviewer.email)
            let change = Self.shipmentForm(reference: "SHP-X", container: "CSQU3054383")
            // Act + verify: the viewer and the consultant read but may not change (403), and are not offered it.
            for (browser, token) in outsiders {
                #expect(try await client.get(shipment + "/edit", as: browser).status == .forbidden)
                #expect(try await client.post(shipment + "/edit", as: browser, form: change).status == .forbidden)
                #expect(try await client.api(.PATCH, path, token: token, json: #"{"reference":"SHP-X"}"#).status == .forbidden)
                #expect(!(try await client.get(shipment, as: browser)).text.contains("id=\"edit-shipment\""))
            }
            // Another company and a reviewer: as if it did not exist (404).
            for browser in [other.browser, reviewerBrowser] {
                #expect(try await client.get(shipment + "/edit", as: browser).status == .notFound)
                #expect(try await client.post(shipment + "/edit", as: browser, form: change).status == .notFound)
            }
            #expect(try await client.api(.PATCH, path, token: other.token, json: #"{"reference":"SHP-X"}"#).status == .notFound)
            // Nobody signed in; no CSRF token.
            #expect(try await client.api(.PATCH, path, token: nil, json: #"{"reference":"SHP-X"}"#).status == .unauthorized)
            #expect(try await client.post(shipment + "/edit", as: f.browser, form: change, csrf: "").status == .forbidden)
            #expect(try await Self.stored(client).map(\.reference) == ["SHP-001"])
            // A contributor may.
            let patched = try await client.api(.PATCH, path, token: try await client.token(for: contributor), json: #"{"reference":"SHP-Y"}"#)
            #expect(patched.status == .ok)
            #expect(try await Self.stored(client).map(\.reference) == ["SHP-Y"])
        }
    }
}
