import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// A client key sent again with other content (issue 16): not a repeat. The key keeps a digest
/// of what its submission said; the same key with a different seal, check or photo is refused
/// with 409 naming client_key and records nothing, while the same content is still a repeat.
extension AppTests.Shipments {
    @Test func aKeySentAgainWithOtherContentIsRefusedAndRecordsNothing() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            let id = String(shipment.split(separator: "/").last!)
            // Act: affix under a key, then the same key with the same seal (written differently) and with another seal.
            let first = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010"), ("client_key", "k-affix")])
            let same = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "tl-000 010"), ("client_key", "k-affix")])
            let other = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000011"), ("client_key", "k-affix")])
            let otherAPI = try await client.api(.POST, f.api + "/\(id)/seals", token: f.token, json: #"{"sealNumber":"TL000012","clientKey":"k-affix"}"#)
            // Verify
            #expect(first.status == .seeOther && same.status == .seeOther)
            #expect(other.status == .conflict && other.text.contains("different content"), "\(other.text.prefix(300))")
            #expect(otherAPI.status == .conflict && otherAPI.text.contains("client_key") && otherAPI.text.contains("different content"), "\(otherAPI.text.prefix(300))")
            #expect(try await Self.count(client, "shipment_seals") == 1)
            #expect(try await Self.sealState(client, "TL000011") == nil, "nothing drawn for the refused content")
            // A check: the same answers are a repeat, a different answer under the key is refused.
            let check = Self.vvtt() + [("client_key", "k-check")]
            #expect(try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: check).status == .seeOther)
            #expect(try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: check).status == .seeOther)
            let changed = try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: Self.vvtt(fail: "tug") + [("client_key", "k-check")])
            #expect(changed.status == .conflict, "\(changed.text.prefix(300))")
            #expect(try await Self.count(client, "seal_checks") == 1)
            // A photo: the same bytes are a repeat, other bytes under the key are refused.
            func photo(_ data: Data) async throws -> TestingHTTPResponse {
                let (headers, body) = Multipart.form([("client_key", "k-photo")], files: [("photo", "seal.png", "image/png", data)], csrf: f.browser.csrf)
                return try await client.send(.POST, shipment + "/seals/TL000010/photo", browser: f.browser, headers: headers, body: body)
            }
            #expect(try await photo(Self.png).status == .seeOther)
            #expect(try await photo(Self.png).status == .seeOther)
            var otherPNG = Self.png
            otherPNG[40] = 9
            let otherPhoto = try await photo(otherPNG)
            #expect(otherPhoto.status == .conflict, "\(otherPhoto.text.prefix(300))")
            #expect(try await Self.count(client, "evidence_files") == 1)
            #expect(try await Self.count(client, "client_submissions", "content_digest IS NOT NULL") == 3)
            // A shipment and a lock: the same form is a repeat, another reference or lock under the key is refused.
            let form = Self.shipmentForm(reference: "SHP-K1", container: "CSQU3054383") + [("client_key", "k-ship")]
            #expect(try await client.post(f.base, as: f.browser, form: form).status == .seeOther)
            #expect(try await client.post(f.base, as: f.browser, form: form).status == .seeOther)
            let renamed = try await client.post(f.base, as: f.browser, form: Self.shipmentForm(reference: "SHP-K2", container: "CSQU3054383") + [("client_key", "k-ship")])
            #expect(renamed.status == .conflict, "\(renamed.text.prefix(300))")
            let body = #"{"reference":"API-K","documentNumbers":"BL 1","containerNumber":"CSQU3054383","origin":"Semarang","destination":"Oakland","lessThanTruckload":true,"clientKey":"k-api-ship"}"#
            let created = try await client.api(.POST, f.api, token: f.token, json: body)
            let repeated = try await client.api(.POST, f.api, token: f.token, json: body)
            #expect(created.status == .created && repeated.status == .ok)
            let otherBody = try await client.api(.POST, f.api, token: f.token, json: body.replacingOccurrences(of: "Oakland", with: "Seattle"))
            #expect(otherBody.status == .conflict && otherBody.text.contains("client_key"), "\(otherBody.text.prefix(300))")
            #expect(try await Self.count(client, "shipments") == 3)
            let ltl = "/companies/\(f.company.companyID)/shipments/" + String(try #require(created.headers.first(name: .location)).split(separator: "/").last!)
            #expect(try await client.post(ltl + "/lock", as: f.browser, form: [("lock_id", "PL-1"), ("client_key", "k-lock")]).status == .seeOther)
            #expect(try await client.post(ltl + "/lock", as: f.browser, form: [("lock_id", "PL-1"), ("client_key", "k-lock")]).status == .seeOther)
            #expect(try await client.post(ltl + "/lock", as: f.browser, form: [("lock_id", "PL-2"), ("client_key", "k-lock")]).status == .conflict)
        }
    }
}
