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

/// The same for an inspection and its photos (keys on their own rows, M045) and for the seal
/// stock's issue and log: other content under a used key is a 409 naming client_key, nothing
/// recorded; the same content (written differently where the record reads it the same) is a repeat.
extension AppTests.Inspections {
    @Test func anInspectionKeySentAgainWithOtherContentIsRefusedAndRecordsNothing() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let token = try await client.token(for: f.user)
            let api = "/api/v1/companies/\(f.company.companyID)/inspections"
            // Act: the page form twice (the container written otherwise the second time), then
            // under the same key a failed floor, another site, and the key through the API.
            let first = try await client.post(f.base, as: f.browser, form: Self.form(clientKey: "k-insp"))
            let same = try await client.post(f.base, as: f.browser, form: Self.form(container: " csqu 305438-3 ", clientKey: "k-insp"))
            let failed = try await client.post(f.base, as: f.browser, form: Self.form(answers: ["floor": "fail"], notes: ["floor": "Soil"], clientKey: "k-insp"))
            let moved = try await client.post(f.base, as: f.browser, form: Self.form(site: "Semarang dock 3", clientKey: "k-insp"))
            func body(_ floor: String, key: String, reversed: Bool = false) -> String {
                var answers = Self.points.map { #"{"point":"\#($0)","outcome":"\#($0 == "floor" ? floor : "pass")","note":\#(floor == "fail" && $0 == "floor" ? #""Soil""# : "null")}"# }
                if reversed { answers.reverse() }
                return #"{"checklist":"container-7-point","containerNumber":"CSQU3054383","site":"Semarang dock 2","yardLocation":"Bay 4","clientKey":"\#(key)","answers":[\#(answers.joined(separator: ","))]}"#
            }
            let viaAPI = try await client.api(.POST, api, token: token, json: body("fail", key: "k-insp"))
            let created = try await client.api(.POST, api, token: token, json: body("pass", key: "k-insp-api"))
            let repeated = try await client.api(.POST, api, token: token, json: body("pass", key: "k-insp-api", reversed: true))
            let changed = try await client.api(.POST, api, token: token, json: body("fail", key: "k-insp-api"))
            // Verify: the same content leads to the first record; other content is refused by name.
            #expect(first.status == .seeOther && same.status == .seeOther && first.location == same.location)
            #expect(failed.status == .conflict && failed.text.contains("different content"), "\(failed.text.prefix(300))")
            #expect(moved.status == .conflict)
            #expect(viaAPI.status == .conflict && viaAPI.text.contains("different content") && viaAPI.text.contains("client_key"), "\(viaAPI.text.prefix(300))")
            #expect(created.status == .created && repeated.status == .ok && created.location == repeated.location, "\(repeated.text.prefix(300))")
            #expect(changed.status == .conflict, "\(changed.text.prefix(300))")
            #expect(try await Self.count(client) == 2)
            #expect(try await Self.count(client, "inspection_failures") == 0, "nothing of the refused failed floor was recorded")
            // A photo: the same bytes are a repeat; other bytes, or the key on another inspection, are refused.
            let path = try #require(first.location)
            let other = try #require(created.location).replacingOccurrences(of: "/api/v1", with: "")
            func photo(_ data: Data, to target: String) async throws -> TestingHTTPResponse {
                let (headers, body) = Multipart.form([("client_key", "k-insp-photo")], files: [("photo", "doors.jpg", "image/jpeg", data)], csrf: f.browser.csrf)
                return try await client.send(.POST, target + "/photos", browser: f.browser, headers: headers, body: body)
            }
            #expect(try await photo(Self.jpeg, to: path).status == .seeOther)
            #expect(try await photo(Self.jpeg, to: path).status == .seeOther)
            let otherBytes = try await photo(Self.jpeg + Data("more".utf8), to: path)
            let otherInspection = try await photo(Self.jpeg, to: other)
            #expect(otherBytes.status == .conflict && otherInspection.status == .conflict, "\(otherBytes.text.prefix(200)) \(otherInspection.text.prefix(200))")
            #expect(try await Self.count(client, "inspection_photos") == 1)
            #expect(try await Self.count(client, "evidence_files") == 1)
        }
    }
}

extension AppTests.Inspections {
    /// A re-inspection sent again under its key is answered as recorded, not refused as "already
    /// re-inspected" (the key is looked up before the checks); other answers under it are a 409.
    @Test func aReinspectionSentTwiceUnderItsKeyLeadsToTheFirstAndOtherAnswersAreRefused() async throws {
        try await withTrustlane { client in
            // Setup: every inspection picked for a second look; one recorded by the contributor.
            let f = try await Self.fixture(client)
            let coordinator = try await client.makeUser("coordinator@batik.example")
            try await client.addMember(coordinator, to: f.company, role: .coordinator)
            let boss = try await client.signIn(coordinator.email)
            #expect(try await client.post(f.base + "/settings", as: boss, form: [("reinspection_percent", "100")]).status == .seeOther)
            let created = try await client.post(f.base, as: f.browser, form: Self.form())
            let id = String(try #require(created.location).split(separator: "/").last!)
            let form = Self.form(answers: ["floor": "fail"], notes: ["floor": "Soil under the boards"], clientKey: "k-second-look") + [("reinspection_of", id)]
            // Act
            let first = try await client.post(f.base, as: boss, form: form)
            let again = try await client.post(f.base, as: boss, form: form)
            let other = try await client.post(f.base, as: boss, form: Self.form(clientKey: "k-second-look") + [("reinspection_of", id)])
            // Verify
            #expect(first.status == .seeOther && again.status == .seeOther && first.location == again.location, "\(again.text.prefix(300))")
            #expect(other.status == .conflict, "\(other.text.prefix(300))")
            #expect(try await Self.count(client) == 2)
        }
    }
}

extension AppTests.Shipments {
    @Test func aSealIssueOrLogKeySentAgainWithOtherContentIsRefusedAndRecordsNothing() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let seals = "/companies/\(f.company.companyID)/seals"
            let api = "/api/v1/companies/\(f.company.companyID)"
            // Act: log first (so the seals logged are out of stock before any is drawn at random).
            let log = [("seal_number", "TL000099"), ("event", "report_damaged"), ("reason", "Bent while affixing"), ("client_key", "k-log")]
            let logged = try await client.post(seals + "/log", as: f.browser, form: log)
            let loggedAgain = try await client.post(seals + "/log", as: f.browser,
                                                    form: [("seal_number", "tl-000 099"), ("event", " Report_Damaged"), ("reason", "Bent while affixing "), ("client_key", "k-log")])
            let otherReason = try await client.post(seals + "/log", as: f.browser,
                                                    form: [("seal_number", "TL000099"), ("event", "report_damaged"), ("reason", "Cut"), ("client_key", "k-log")])
            let otherSeal = try await client.api(.POST, api + "/seal-events", token: f.token,
                                                 json: #"{"sealNumber":"TL000098","event":"report_damaged","reason":"Bent while affixing","clientKey":"k-log"}"#)
            let apiLog = #"{"sealNumber":"TL000097","event":"void","reason":"Cut by customs","clientKey":"k-api-log"}"#
            let apiLogged = [try await client.api(.POST, api + "/seal-events", token: f.token, json: apiLog),
                             try await client.api(.POST, api + "/seal-events", token: f.token, json: apiLog)]
            let apiOtherEvent = try await client.api(.POST, api + "/seal-events", token: f.token, json: apiLog.replacingOccurrences(of: "void", with: "report_lost"))
            // Read before any issue: an issue draws seals in stock at random, and TL000098 is one.
            let refusedSealState = try await Self.sealState(client, "TL000098")
            // The issue: the same person and shipment are a repeat; another count or shipment is not.
            let issue = [("issued_to", "Luis Garza"), ("shipment_reference", "SHP-9"), ("count", "2"), ("client_key", "k-issue")]
            let issued = try await client.post(seals + "/issue", as: f.browser, form: issue)
            let issuedAgain = try await client.post(seals + "/issue", as: f.browser, form: issue.map { $0.0 == "count" ? ($0.0, " 02") : $0 })
            let moreSeals = try await client.post(seals + "/issue", as: f.browser, form: issue.map { $0.0 == "count" ? ($0.0, "3") : $0 })
            let otherShipment = try await client.api(.POST, api + "/seal-issues", token: f.token,
                                                     json: #"{"count":2,"issuedTo":"Luis Garza","shipmentReference":"SHP-10","clientKey":"k-issue"}"#)
            let apiIssue = #"{"issuedTo":"Ana","shipmentReference":"SHP-11","clientKey":"k-api-issue"}"#
            let apiIssued = [try await client.api(.POST, api + "/seal-issues", token: f.token, json: apiIssue),
                             try await client.api(.POST, api + "/seal-issues", token: f.token, json: apiIssue.replacingOccurrences(of: "{", with: #"{"count":1,"#))]
            let apiOtherPerson = try await client.api(.POST, api + "/seal-issues", token: f.token, json: apiIssue.replacingOccurrences(of: "Ana", with: "Budi"))
            // Verify
            #expect(logged.status == .seeOther && loggedAgain.status == .seeOther && logged.location == loggedAgain.location)
            #expect(otherReason.status == .conflict && otherReason.text.contains("different content"), "\(otherReason.text.prefix(300))")
            #expect(otherSeal.status == .conflict && otherSeal.text.contains("client_key"), "\(otherSeal.text.prefix(300))")
            #expect(apiLogged[0].status == .created && apiLogged[1].status == .ok && apiOtherEvent.status == .conflict, "\(apiOtherEvent.text.prefix(300))")
            #expect(refusedSealState == nil, "the refused log left the seal in stock")
            #expect(try await Self.count(client, "seal_events", "event IN ('report_damaged', 'void', 'report_lost')") == 2)
            #expect(issued.status == .seeOther && issuedAgain.status == .seeOther && issued.location == issuedAgain.location)
            #expect(moreSeals.status == .conflict && otherShipment.status == .conflict, "\(moreSeals.text.prefix(300)) \(otherShipment.text.prefix(300))")
            #expect(apiIssued[0].status == .created && apiIssued[1].status == .ok, "count 1 is the count left out: \(apiIssued[1].text.prefix(300))")
            #expect(apiOtherPerson.status == .conflict && apiOtherPerson.text.contains("different content"), "\(apiOtherPerson.text.prefix(300))")
            #expect(try await Self.count(client, "seals", "state = 'issued'") == 3)
            #expect(try await Self.count(client, "seal_events", "event = 'issue'") == 3)
            #expect(try await Self.count(client, "client_submissions", "content_digest IS NOT NULL") == 4)
        }
    }
}

extension AppTests.OpenAPIAgreement {
    /// Every client-keyed operation (a body with clientKey or client_key) lists the 409 a key used
    /// with other content answers. A correction's body is the inspection's, whose key it ignores.
    @Test func everyClientKeyedOperationDocumentsTheConflict() async throws {
        try await withTrustlane { client in
            let document = try await Self.document(client)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            var keyed: [String] = []
            for (path, item) in paths {
                for (method, value) in item {
                    guard let operation = value as? [String: Any], operation["operationId"] as? String != "correctInspection",
                          let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any] else { continue }
                    let described = content.values.compactMap { ($0 as? [String: Any])?["schema"] as? [String: Any] }.map { schema -> [String: Any] in
                        guard let ref = schema["$ref"] as? String else { return schema }
                        return schemas[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:]
                    }
                    let properties = described.compactMap { $0["properties"] as? [String: Any] }
                    guard properties.contains(where: { $0["clientKey"] != nil || $0["client_key"] != nil }) else { continue }
                    keyed.append(operation["operationId"] as? String ?? path)
                    #expect(Self.statuses(operation).contains("409"), "\(method.uppercased()) \(path) takes a client key but does not document 409")
                }
            }
            #expect(Set(keyed).isSuperset(of: ["recordShipment", "affixSeal", "recordShipmentLock", "recordSealCheck", "addSealPhoto", "recordInspection",
                                               "addInspectionPhoto", "issueSeals", "logSealEvent"]), "\(keyed.sorted())")
        }
    }
}
