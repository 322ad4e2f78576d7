import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// The dock's forms sent twice (issue 16): a phone keeps a form while it has no network and sends
/// it when the network returns, and sends it again when the first answer was lost. Under one
/// client key the server records a shipment, a seal affixed, a lock, a VVTT check, a photo, seals
/// issued and a seal logged once, and answers the repeat as the first; a key is a company's own,
/// used for one submission only, and refused by name when malformed.
extension AppTests.Shipments {
    // MARK: Shipments and their seals

    @Test func aShipmentSentTwiceIsRecordedOnceAndTheRepeatLeadsToIt() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let form = Self.shipmentForm(container: "CSQU3054383") + [("client_key", "phone-1-shipment")]
            // Act: the page's form twice, the API's body twice.
            let first = try await client.post(f.base, as: f.browser, form: form)
            let second = try await client.post(f.base, as: f.browser, form: form)
            let body = #"{"reference":"API-1","documentNumbers":"BL 1","containerNumber":"CSQU3054383","origin":"Semarang","destination":"Oakland","clientKey":"phone-1-api"}"#
            let created = try await client.api(.POST, f.api, token: f.token, json: body)
            let again = try await client.api(.POST, f.api, token: f.token, json: body)
            // Verify: one shipment each, the repeat answered with it (not "reference taken").
            #expect(first.status == .seeOther && second.status == .seeOther, "\(second.text.prefix(300))")
            #expect(first.location == second.location)
            let repeated = try await client.get(try #require(second.location), as: f.browser)
            #expect(repeated.text.contains("SHP-001"))
            #expect(created.status == .created && again.status == .ok, "\(again.text.prefix(300))")
            #expect(created.headers.first(name: .location) == again.headers.first(name: .location))
            #expect(try await Self.count(client, "shipments") == 2)
            #expect(try await Self.count(client, "audit_entries", "action = 'shipment.recorded'") == 2)
            #expect(try await Self.count(client, "client_submissions") == 2)
            // Without a key a second form is a second shipment, refused for its reference.
            let keyless = try await client.post(f.base, as: f.browser, form: Self.shipmentForm(container: "CSQU3054383"))
            #expect(keyless.status == .badRequest && keyless.text.contains("data-field=\"reference\""))
            // A malformed key is named; so is a key already used for another submission; nothing saved.
            let bad = try await client.post(f.base, as: f.browser, form: Self.shipmentForm(reference: "SHP-002", container: "CSQU3054383")
                                                + [("client_key", "key with spaces; drop")])
            #expect(bad.status == .badRequest && bad.text.contains("data-field=\"client_key\""))
            let shipment = try #require(first.location)
            let reused = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010"), ("client_key", "phone-1-shipment")])
            #expect(reused.status == .badRequest && reused.text.contains("data-field=\"client_key\""))
            let reusedAPI = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/seal-issues", token: f.token,
                                                 json: #"{"issuedTo":"Ana","shipmentReference":"SHP-001","clientKey":"phone-1-shipment"}"#)
            #expect(reusedAPI.status == .badRequest && reusedAPI.text.contains(#""field":"clientKey""#), "\(reusedAPI.text)")
            #expect(try await Self.count(client, "seals") == 0)
            #expect(try await Self.count(client, "shipments") == 2)
            #expect(try await Self.count(client, "shipment_seals") == 0)
        }
    }

    @Test func aSealAffixedCheckedAndPhotographedTwiceIsRecordedOnceEvenAfterTheRelease() async throws {
        try await withTrustlane { client in
            // Setup: a passed inspection and its shipment.
            let f = try await Self.fixture(client)
            let inspection = try await Self.inspect(client, f)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(inspection: inspection))
            let id = String(shipment.split(separator: "/").last!)
            // Act: each form sent twice under its key.
            let affix = [("seal_number", "tl-000 010"), ("client_key", "phone-2-affix")]
            let affixed = [try await client.post(shipment + "/seals", as: f.browser, form: affix),
                           try await client.post(shipment + "/seals", as: f.browser, form: affix)]
            let check = Self.vvtt() + [("client_key", "phone-2-check")]
            let checked = [try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: check),
                           try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: check)]
            var photos: [TestingHTTPResponse] = []
            for _ in 0..<2 {
                let (headers, body) = Multipart.form([("client_key", "phone-2-photo")], files: [("photo", "seal.png", "image/png", Self.png)], csrf: f.browser.csrf)
                photos.append(try await client.send(.POST, shipment + "/seals/TL000010/photo", browser: f.browser, headers: headers, body: body))
            }
            // Verify: answered as done each time; recorded once.
            #expect(affixed.allSatisfy { $0.status == .seeOther }, "\(affixed.map { $0.text.prefix(200) })")
            #expect(checked.allSatisfy { $0.status == .seeOther }, "\(checked.map { $0.text.prefix(200) })")
            #expect(photos.allSatisfy { $0.status == .seeOther })
            #expect(try await Self.count(client, "shipment_seals") == 1)
            #expect(try await Self.count(client, "seal_events", "number = 'TL000010'") == 3, "issued, affixed, verified: once each")
            #expect(try await Self.count(client, "seal_checks") == 1)
            #expect(try await Self.count(client, "evidence_files") == 1)
            #expect(try await Self.count(client, "audit_entries", "action IN ('shipment.seal_affixed', 'shipment.seal_checked', 'shipment.seal_photographed')") == 3)
            // The repeat's page says it was recorded before.
            let page = try await client.get(try #require(checked[1].location), as: f.browser)
            #expect(page.text.contains("Already recorded") || page.text.contains("already recorded"), "\(page.text.prefix(200))")
            // Released meanwhile, the phone's late copies are still answered as recorded, not refused.
            #expect(try await client.post(shipment + "/release", as: f.browser).status == .seeOther)
            #expect(try await client.post(shipment + "/seals", as: f.browser, form: affix).status == .seeOther)
            #expect(try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: check).status == .seeOther)
            // The API's twins: 201 the first time, 200 after, one record.
            let now = ISO8601DateFormatter().string(from: Date())
            let steps = VVTTStep.allCases.map { #"{"step":"\#($0.rawValue)","passed":true,"at":"\#(now)"}"# }.joined(separator: ",")
            let arrival = #"{"stage":"arrival","steps":[\#(steps)],"numberRead":"TL000010","clientKey":"phone-2-arrival"}"#
            let firstArrival = try await client.api(.POST, f.api + "/\(id)/seals/TL000010/checks", token: f.token, json: arrival)
            let secondArrival = try await client.api(.POST, f.api + "/\(id)/seals/TL000010/checks", token: f.token, json: arrival)
            #expect(firstArrival.status == .created && secondArrival.status == .ok, "\(secondArrival.text.prefix(300))")
            #expect(try await Self.count(client, "seal_checks", "stage = 'arrival'") == 1)
            #expect(try await Self.sealState(client, "TL000010") == "arrived")
            #expect(try await Self.count(client, "seal_events", "number = 'TL000010'") == 4)
        }
    }

    @Test func aSealAffixedThroughTheAPITwiceAndALockSentTwiceAreRecordedOnce() async throws {
        try await withTrustlane { client in
            // Setup: a less-than-truckload shipment through the API.
            let f = try await Self.fixture(client)
            let created = try await client.api(.POST, f.api, token: f.token, json: """
            {"reference":"LTL-1","documentNumbers":"BL 5","containerNumber":"CSQU3054383","origin":"Semarang","destination":"Oakland","lessThanTruckload":true}
            """)
            let location = try #require(created.headers.first(name: .location))
            let page = "/companies/\(f.company.companyID)/shipments/" + String(location.split(separator: "/").last!)
            // Act: the lock twice (page), then a seal twice (API).
            for _ in 0..<2 {
                let locked = try await client.post(page + "/lock", as: f.browser, form: [("lock_id", "PL-7781"), ("client_key", "phone-3-lock")])
                #expect(locked.status == .seeOther, "\(locked.text.prefix(300))")
            }
            let affix = #"{"sealNumber":"TL000020","clientKey":"phone-3-affix"}"#
            let first = try await client.api(.POST, location + "/seals", token: f.token, json: affix)
            let second = try await client.api(.POST, location + "/seals", token: f.token, json: affix)
            // Verify
            #expect(try await Self.count(client, "audit_entries", "action = 'shipment.lock_recorded'") == 1)
            #expect(first.status == .created && second.status == .ok, "\(second.text.prefix(300))")
            #expect(try await Self.count(client, "shipment_seals") == 1)
            #expect(try await Self.count(client, "seal_events", "number = 'TL000020'") == 2)
        }
    }

    @Test func aClientKeyIsTheCompanysOwn() async throws {
        try await withTrustlane { client in
            // Setup: two companies whose phones happen to use the same key.
            let f = try await Self.fixture(client)
            let other = try await Self.fixture(client, role: .officer, name: "Transportes Norte")
            let form = Self.shipmentForm(container: "CSQU3054383") + [("client_key", "same-key")]
            // Act
            let mine = try await client.post(f.base, as: f.browser, form: form)
            let theirs = try await client.post(other.base, as: other.browser, form: form)
            // Verify: each company has its own shipment; neither repeat leads to the other's.
            #expect(mine.status == .seeOther && theirs.status == .seeOther)
            #expect(try #require(mine.location).hasPrefix(f.base) && (try #require(theirs.location)).hasPrefix(other.base))
            #expect(try await Self.count(client, "shipments") == 2)
            #expect(try await client.get(try #require(mine.location), as: other.browser).status == .notFound)
        }
    }

    // MARK: The seal stock

    @Test func sealsIssuedOrLoggedTwiceAreDrawnAndLoggedOnce() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let seals = "/companies/\(f.company.companyID)/seals"
            let issue = [("issued_to", "Luis Garza"), ("shipment_reference", "SHP-9"), ("count", "2"), ("client_key", "phone-4-issue")]
            // Act: the log form twice and the API's log twice first (so the seals they take out of
            // stock cannot be among those issued at random after), then the issue form twice and
            // the API's issue twice.
            let api = "/api/v1/companies/\(f.company.companyID)"
            let log = [("seal_number", "TL000099"), ("event", "report_damaged"), ("reason", "Bent while affixing"), ("client_key", "phone-4-log")]
            let logged = [try await client.post(seals + "/log", as: f.browser, form: log), try await client.post(seals + "/log", as: f.browser, form: log)]
            let logBody = #"{"sealNumber":"TL000098","event":"void","reason":"Cut by customs","clientKey":"phone-4-api-log"}"#
            let apiLogged = [try await client.api(.POST, api + "/seal-events", token: f.token, json: logBody),
                             try await client.api(.POST, api + "/seal-events", token: f.token, json: logBody)]
            let issued = [try await client.post(seals + "/issue", as: f.browser, form: issue), try await client.post(seals + "/issue", as: f.browser, form: issue)]
            let issueBody = #"{"count":1,"issuedTo":"Ana","shipmentReference":"SHP-10","clientKey":"phone-4-api-issue"}"#
            let apiIssued = [try await client.api(.POST, api + "/seal-issues", token: f.token, json: issueBody),
                             try await client.api(.POST, api + "/seal-issues", token: f.token, json: issueBody)]
            // Verify: the same seals each time; three seals issued, two logged, once each.
            #expect(issued.allSatisfy { $0.status == .seeOther } && issued[0].location == issued[1].location)
            #expect(logged.allSatisfy { $0.status == .seeOther })
            func drawn(_ response: TestingHTTPResponse) throws -> [String] {
                (try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])?["seals"] as? [String] ?? []
            }
            #expect(apiIssued[0].status == .created && apiIssued[1].status == .ok, "\(apiIssued[1].text)")
            #expect(try drawn(apiIssued[0]).count == 1 && drawn(apiIssued[0]) == drawn(apiIssued[1]), "the same seal: \(apiIssued[0].text) \(apiIssued[1].text)")
            #expect(apiLogged[0].status == .created && apiLogged[1].status == .ok, "\(apiLogged[1].text)")
            #expect(try await Self.count(client, "seals", "state = 'issued'") == 3)
            #expect(try await Self.count(client, "seal_events", "event = 'issue'") == 3)
            #expect(try await Self.count(client, "seal_events", "event IN ('report_damaged', 'void')") == 2)
            #expect(try await Self.count(client, "audit_entries", "action IN ('seal.issued', 'seal.damaged', 'seal.voided')") == 4)
        }
    }

    // MARK: The pages

    @Test func theDockPagesCarryTheOfflineScriptTheirKeysAndATemplateForASealAffixedOffline() async throws {
        try await withTrustlane { client in
            // Setup: a shipment with a seal; a viewer.
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            _ = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010")])
            let viewer = try await client.makeUser("viewer@batik.example")
            try await client.addMember(viewer, to: f.company, role: .viewer)
            let viewerBrowser = try await client.signIn(viewer.email)
            let seals = "/companies/\(f.company.companyID)/seals"
            let script = "<script src=\"\(Scripts.offline.link)\" defer></script>"
            // Act
            let pages = [f.base, f.base + "/new", shipment, shipment + "/seals/TL000010/check", seals + "/log", seals + "/issue"]
            var texts: [String: String] = [:]
            for path in pages {
                let page = try await client.get(path, as: f.browser)
                #expect(page.status == .ok, "\(path)")
                texts[path] = page.text
            }
            let again = try await client.get(f.base + "/new", as: f.browser)
            let worker = try await client.get("/sw.js")
            let viewed = try await client.get(shipment, as: viewerBrowser)
            // Verify: every dock page links the script and has the list of what waits.
            for path in pages { #expect(texts[path]?.contains(script) == true && texts[path]?.contains("id=\"outbox\"") == true, "\(path)") }
            // The forms a phone keeps carry a key (a fresh one on each page) and say so; those that need the network say that.
            func key(_ text: String) -> String? {
                text.range(of: #"name="client_key" value="[^"]+""#, options: .regularExpression).map { String(text[$0]) }
            }
            #expect(texts[f.base + "/new"]?.contains(#"id="shipment-form" class="shipment-form" data-offline="queue""#) == true)
            #expect(key(texts[f.base + "/new"] ?? "") != nil && key(texts[f.base + "/new"] ?? "") != key(again.text))
            let page = texts[shipment] ?? ""
            #expect(page.contains(#"id="affix-form" class="stack narrow" data-offline="queue""#) && page.contains(#"id="photo-TL000010" data-offline="queue""#))
            #expect(page.contains(#"id="release-form" data-offline="online""#) && page.contains(#"id="check-TL000010" data-keep"#))
            #expect(page.contains(#"<template id="pending-seal-template" data-number="PENDINGSEAL">"#) && page.contains("/seals/PENDINGSEAL/check"))
            #expect(texts[shipment + "/seals/TL000010/check"]?.contains(#"id="check-form" class="vvtt-form" data-offline="queue""#) == true)
            #expect(texts[seals + "/log"]?.contains(#"data-offline="queue""#) == true && texts[seals + "/issue"]?.contains(#"data-offline="online""#) == true)
            #expect(key(texts[seals + "/issue"] ?? "") != nil)
            // The service worker keeps the shipment pages and their checks.
            #expect(worker.text.contains("/shipments/[0-9a-f-]{36}/seals/[A-Z0-9]{1,15}/check") && worker.text.contains("/js/offline.js"))
            // A viewer is offered none of the forms, nor the template.
            #expect(viewed.status == .ok && !viewed.text.contains("pending-seal-template") && !viewed.text.contains("data-offline=\"queue\""))
        }
    }
}
