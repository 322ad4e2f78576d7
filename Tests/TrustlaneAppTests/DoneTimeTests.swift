import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// When offline work was done (issue 16, `DoneAt`): an inspection, a seal affixed and a VVTT
/// check sent later by a phone are recorded at the time the phone says they were done, within
/// bounds (5 minutes ahead, 7 days back, not before the shipment or the seal's affixing), with
/// the time received kept and shown beside it; refusals name the field and save nothing.
extension AppTests.Shipments {
    /// `date` as a phone in Jakarta writes it: ISO 8601 with its +07:00 offset.
    static func phoneTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        return formatter.string(from: date)
    }

    static func times(_ client: TestClient, _ sql: String) async throws -> (done: Date, received: Date?) {
        struct Row: Decodable { let done: Date; let received: Date? }
        let row = try #require(try await (client.db as! any SQLDatabase).raw("\(unsafeRaw: sql)").first(decoding: Row.self))
        return (row.done, row.received)
    }

    static func audited(_ client: TestClient, _ action: String, doneAt: Date) async throws -> Int {
        try await count(client, "audit_entries", "action = '\(action)' AND changes LIKE '%done_at%' AND changes LIKE '%\(DoneAt.text(doneAt))%'")
    }

    @Test func anInspectionDoneOfflineIsRecordedAtItsDoneTimeAndShowsWhenItWasReceived() async throws {
        try await withTrustlane { client in
            // Setup
            let f = try await Self.fixture(client)
            let base = "/companies/\(f.company.companyID)/inspections"
            let done = Date().addingTimeInterval(-2 * 3600).rounded
            // Act: the page's form with the phone's time, then bad times.
            let recorded = try await client.post(base, as: f.browser, form: AppTests.Inspections.form(clientKey: "insp-done-1") + [("done_at", Self.phoneTime(done))])
            var refused: [TestingHTTPResponse] = []
            for (n, text) in [Self.phoneTime(Date().addingTimeInterval(600)), Self.phoneTime(Date().addingTimeInterval(-8 * 86_400)),
                              "2026-12-06 10:42", "2026-12-06T10:42:00"].enumerated() {
                refused.append(try await client.post(base, as: f.browser, form: AppTests.Inspections.form(clientKey: "insp-bad-\(n)") + [("done_at", text)]))
            }
            let skewed = try await client.post(base, as: f.browser, form: AppTests.Inspections.form(clientKey: "insp-skew") + [("done_at", Self.phoneTime(Date().addingTimeInterval(180)))])
            let plain = try await client.post(base, as: f.browser, form: AppTests.Inspections.form(clientKey: "insp-plain") + [("done_at", "")])
            // Verify: recorded at the done-time, received now; the page shows both.
            #expect(recorded.status == .seeOther, "\(recorded.text.prefix(300))")
            let times = try await Self.times(client, "SELECT inspected_at AS done, recorded_at AS received FROM inspections WHERE client_key = 'insp-done-1'")
            #expect(abs(times.done.timeIntervalSince(done)) < 1)
            let received = try #require(times.received)
            #expect(abs(received.timeIntervalSinceNow) < 60)
            let page = try await client.get(try #require(recorded.location), as: f.browser)
            #expect(page.text.contains("received"), "\(page.text.prefix(200))")
            #expect(try await Self.audited(client, "inspection.recorded", doneAt: done) == 1)
            // Refused by name, nothing saved: too far ahead, too old, unreadable, no offset.
            for response in refused {
                #expect(response.status == .badRequest && response.text.contains("data-field=\"done_at\""), "\(response.text.prefix(300))")
            }
            #expect(skewed.status == .seeOther && plain.status == .seeOther)
            let plainTimes = try await Self.times(client, "SELECT inspected_at AS done, recorded_at AS received FROM inspections WHERE client_key = 'insp-plain'")
            #expect(plainTimes.done == plainTimes.received, "without JavaScript the server's time")
            #expect(!(try await client.get(try #require(plain.location), as: f.browser)).text.contains("received"))
            #expect(try await Self.count(client, "inspections") == 3)
            // The API: inspectedAt within the same bounds.
            let api = "/api/v1/companies/\(f.company.companyID)/inspections"
            func body(_ at: Date, key: String) -> String {
                let answers = AppTests.Inspections.points.map { #"{"point":"\#($0)","outcome":"pass"}"# }.joined(separator: ",")
                return #"{"checklist":"container-7-point","containerNumber":"CSQU3054383","site":"Semarang","inspectedAt":"\#(Self.phoneTime(at))","clientKey":"\#(key)","answers":[\#(answers)]}"#
            }
            let old = try await client.api(.POST, api, token: f.token, json: body(Date().addingTimeInterval(-8 * 86_400), key: "api-old"))
            let fine = try await client.api(.POST, api, token: f.token, json: body(Date().addingTimeInterval(-6 * 86_400), key: "api-fine"))
            #expect(old.status == .badRequest && old.text.contains(#""field":"inspectedAt""#), "\(old.text.prefix(300))")
            #expect(fine.status == .created, "\(fine.text.prefix(300))")
        }
    }

    @Test func aSealAffixedAndCheckedOfflineKeepsItsDoneTimesInOrder() async throws {
        try await withTrustlane { client in
            // Setup: a shipment created three hours ago.
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(container: "CSQU3054383"))
            let id = String(shipment.split(separator: "/").last!)
            let created = Date().addingTimeInterval(-3 * 3600)
            try await (client.db as! any SQLDatabase).raw("UPDATE shipments SET created_at = \(bind: created)").run()
            let affixedAt = Date().addingTimeInterval(-2 * 3600).rounded
            let checkedAt = Date().addingTimeInterval(-1 * 3600).rounded
            // Act: affixing before the shipment existed, then at its time; a check before the affixing, then at its time.
            let early = try await client.post(shipment + "/seals", as: f.browser,
                                              form: [("seal_number", "TL000010"), ("done_at", Self.phoneTime(created.addingTimeInterval(-60)))])
            let affixed = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010"), ("done_at", Self.phoneTime(affixedAt))])
            let checkEarly = try await client.post(shipment + "/seals/TL000010/check", as: f.browser,
                                                   form: Self.vvtt() + [("done_at", Self.phoneTime(affixedAt.addingTimeInterval(-600)))])
            let checked = try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: Self.vvtt() + [("done_at", Self.phoneTime(checkedAt))])
            // Verify
            #expect(early.status == .badRequest && early.text.contains("data-field=\"done_at\""), "\(early.text.prefix(300))")
            #expect(affixed.status == .seeOther, "\(affixed.text.prefix(300))")
            #expect(checkEarly.status == .badRequest && checkEarly.text.contains("data-field=\"done_at\""), "\(checkEarly.text.prefix(300))")
            #expect(checked.status == .seeOther, "\(checked.text.prefix(300))")
            #expect(try await Self.count(client, "shipment_seals") == 1)
            #expect(try await Self.count(client, "seal_checks") == 1)
            let seal = try await Self.times(client, "SELECT affixed_at AS done, received_at AS received FROM shipment_seals")
            let sealReceived = try #require(seal.received)
            #expect(abs(seal.done.timeIntervalSince(affixedAt)) < 1 && abs(sealReceived.timeIntervalSinceNow) < 60)
            let checkTimes = try await Self.times(client, "SELECT checked_at AS done, received_at AS received FROM seal_checks")
            let checkReceived = try #require(checkTimes.received)
            #expect(abs(checkTimes.done.timeIntervalSince(checkedAt)) < 1 && abs(checkReceived.timeIntervalSinceNow) < 60)
            #expect(try await Self.audited(client, "shipment.seal_affixed", doneAt: affixedAt) == 1)
            #expect(try await Self.audited(client, "shipment.seal_checked", doneAt: checkedAt) == 1)
            let page = try await client.get(shipment, as: f.browser)
            #expect(page.text.components(separatedBy: "received").count - 1 >= 2, "affixed and checked: done and received shown")
            // The API: affixedAt before the shipment is named; steps' times in order, within bounds, after the affixing.
            let lateSeal = try await client.api(.POST, f.api + "/\(id)/seals", token: f.token,
                                                json: #"{"sealNumber":"TL000011","affixedAt":"\#(Self.phoneTime(created.addingTimeInterval(-3600)))"}"#)
            #expect(lateSeal.status == .badRequest && lateSeal.text.contains(#""field":"affixedAt""#), "\(lateSeal.text.prefix(300))")
            let apiSeal = try await client.api(.POST, f.api + "/\(id)/seals", token: f.token,
                                               json: #"{"sealNumber":"TL000011","affixedAt":"\#(Self.phoneTime(affixedAt))"}"#)
            #expect(apiSeal.status == .created, "\(apiSeal.text.prefix(300))")
            func steps(_ times: [Date]) -> String {
                zip(VVTTStep.allCases, times).map { #"{"step":"\#($0.rawValue)","passed":true,"at":"\#(Self.phoneTime($1))"}"# }.joined(separator: ",")
            }
            func check(_ times: [Date]) async throws -> TestingHTTPResponse {
                try await client.api(.POST, f.api + "/\(id)/seals/TL000011/checks", token: f.token,
                                     json: #"{"steps":[\#(steps(times))],"numberRead":"TL000011","documentSealNumbers":"TL000010, TL000011"}"#)
            }
            let t = checkedAt
            let outOfOrder = try await check([t, t.addingTimeInterval(60), t.addingTimeInterval(30), t.addingTimeInterval(90)])
            let beforeAffix = try await check([affixedAt.addingTimeInterval(-60), t, t, t])
            let future = try await check([t, t, t, Date().addingTimeInterval(900)])
            #expect(outOfOrder.status == .badRequest && outOfOrder.text.contains("seals.error.vvtt_time"), "\(outOfOrder.text.prefix(300))")
            #expect(beforeAffix.status == .badRequest && beforeAffix.text.contains(#""field":"steps[0].at""#), "\(beforeAffix.text.prefix(300))")
            #expect(future.status == .badRequest && future.text.contains(#""field":"steps[3].at""#), "\(future.text.prefix(300))")
            #expect(try await Self.count(client, "seal_checks") == 1, "nothing recorded for the refused checks")
            let inOrder = try await check([t, t.addingTimeInterval(30), t.addingTimeInterval(60), t.addingTimeInterval(90)])
            #expect(inOrder.status == .created, "\(inOrder.text.prefix(300))")
            let last = try await Self.times(client, "SELECT checked_at AS done, received_at AS received FROM seal_checks WHERE number = 'TL000011'")
            #expect(abs(last.done.timeIntervalSince(t.addingTimeInterval(90))) < 1, "a check is done when its last step is")
        }
    }
}

private extension Date {
    /// To the second, as a phone sends it.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
