import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// The release gate of shipments (issue 16): every reason refused until the inspection and the
/// seals pass, overrides, less-than-truckload lock then seal, a voided seal replaced.
extension AppTests.Shipments {
    // MARK: The release gate

    @Test func releaseIsRefusedWithEveryReasonUntilTheInspectionPassedAndTheSealPassedVVTTAndAnOverrideNeedsASupervisorAndAReason() async throws {
        try await withTrustlane { client in
            // Setup: an inspection with a failed point; a contributor beside the coordinator.
            let f = try await Self.fixture(client)
            let contributor = try await client.makeUser("contributor@batik.example")
            try await client.addMember(contributor, to: f.company, role: .contributor)
            let contributorBrowser = try await client.signIn(contributor.email)
            let inspection = try await Self.inspect(client, f, failing: "floor")
            let shipment = try await Self.ship(client, f, Self.shipmentForm(inspection: inspection))
            let id = String(shipment.split(separator: "/").last!)
            _ = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010")])
            // Act + verify: refused on the page and in the API, every reason listed.
            let page = try await client.post(shipment + "/release", as: f.browser)
            #expect(page.status == .conflict && page.text.contains("id=\"release-blocks\""))
            #expect(page.text.contains("floor") && page.text.contains("TL000010"))
            let api = try await client.api(.POST, f.api + "/\(id)/release", token: f.token)
            #expect(api.status == .conflict && api.text.contains("shipments.block.open_failures") && api.text.contains("shipments.block.seal_not_verified"))
            // A failed VVTT step still blocks once the seal is checked.
            _ = try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: Self.vvtt(fail: "twist_and_turn"))
            let failed = try await client.api(.POST, f.api + "/\(id)/release", token: f.token)
            #expect(failed.status == .conflict && failed.text.contains("shipments.block.seal_failed_vvtt"))
            #expect(try await Self.shipmentStatus(client) == ["open"])
            // An override without a reason, and one by a contributor.
            let noReason = try await client.post(shipment + "/override", as: f.browser, form: [("reason", " ")])
            #expect(noReason.status == .badRequest && noReason.text.contains("data-field=\"reason\""))
            let byContributor = try await client.post(shipment + "/override", as: contributorBrowser, form: [("reason", "Customer is waiting")])
            #expect(byContributor.status == .forbidden)
            let contributorPage = try await client.get(shipment, as: contributorBrowser)
            #expect(!contributorPage.text.contains("id=\"override-form\""))
            #expect(try await Self.shipmentStatus(client) == ["open"])
            #expect(try await Self.count(client, "audit_entries", "action LIKE 'shipment.release%'") == 0)
            // The coordinator overrides with a reason: released, audited with what it overrode.
            let overridden = try await client.post(shipment + "/override", as: f.browser,
                                                   form: [("reason", "Soil swept and floor re-checked by the supervisor; seal replaced at the gate")])
            #expect(overridden.status == .seeOther)
            #expect(try await Self.shipmentStatus(client) == ["released_by_override"])
            struct Audit: Decodable { let changes: String }
            let rows = try await (client.db as! any SQLDatabase).raw("SELECT changes FROM audit_entries WHERE action = 'shipment.release_overridden'").all(decoding: Audit.self)
            #expect(rows.count == 1 && (rows.first?.changes ?? "").contains("floor") && (rows.first?.changes ?? "").contains("Soil swept"))
            let after = try await client.get(shipment, as: f.browser)
            #expect(after.text.contains("id=\"shipment-override-reason\"") && after.text.contains("data-status=\"released_by_override\""))
            // Released: no more seals or departure checks.
            let late = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000011")])
            #expect(late.status == .badRequest && late.text.contains("already released"))
        }
    }

    @Test func aLessThanTruckloadShipmentIsReleasedOnLockThenSealAndRefusedOnNeither() async throws {
        try await withTrustlane { client in
            // Setup: a passed inspection; an LTL shipment with no lock yet.
            let f = try await Self.fixture(client)
            let inspection = try await Self.inspect(client, f)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(inspection: inspection) + [("less_than_truckload", "yes")])
            let id = String(shipment.split(separator: "/").last!)
            var page = try await client.get(shipment, as: f.browser)
            #expect(page.text.contains("id=\"shipment-ltl-fact\"") && page.text.contains("id=\"lock-form\"") && page.text.contains("id=\"shipment-no-lock\""))
            #expect(page.text.contains("data-unverified=\"msc-6.3\""), "the page says the 6.3 wording is unverified")

            // Neither lock nor seal: refused with its own reason, on the page and in the API.
            let neither = try await client.post(shipment + "/release", as: f.browser)
            #expect(neither.status == .conflict && neither.text.contains("neither a high-security lock recorded for the pickups nor an ISO 17712 seal"))
            let neitherAPI = try await client.api(.POST, f.api + "/\(id)/release", token: f.token)
            #expect(neitherAPI.status == .conflict && neitherAPI.text.contains("shipments.block.ltl_no_lock_no_seal"))
            #expect(!neitherAPI.text.contains("shipments.block.no_seal"))

            // A lock number that does not read is refused by name; a good one is kept upper case.
            let bad = try await client.post(shipment + "/lock", as: f.browser, form: [("lock_id", "lock#1")])
            #expect(bad.status == .badRequest && bad.text.contains("data-field=\"lock_id\""))
            #expect(try await client.post(shipment + "/lock", as: f.browser, form: [("lock_id", "abus 83/45 k-7781")]).status == .seeOther)
            page = try await client.get(shipment, as: f.browser)
            #expect(page.text.contains("data-lock=\"ABUS 83/45 K-7781\""))
            // On its lock only: the seal at the last loading point is still missing.
            let onLock = try await client.api(.POST, f.api + "/\(id)/release", token: f.token)
            #expect(onLock.status == .conflict && onLock.text.contains("shipments.block.ltl_no_seal") && onLock.text.contains("ABUS 83/45 K-7781"))

            // The seal at the last loading point; after it, no lock can be recorded.
            _ = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010")])
            let late = try await client.api(.POST, f.api + "/\(id)/lock", token: f.token, json: #"{"lockId":"K-9"}"#)
            #expect(late.status == .badRequest && late.text.contains(#""field":"lockId""#) && late.text.contains("already affixed"))
            _ = try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: Self.vvtt())
            let released = try await client.post(shipment + "/release", as: f.browser)

            // Verify: lock then seal releases; the lock is audited once; the API shows both.
            #expect(released.status == .seeOther, "\(released.text.prefix(400))")
            #expect(try await Self.shipmentStatus(client) == ["released"])
            #expect(try await Self.count(client, "audit_entries", "action = 'shipment.lock_recorded'") == 1)
            let api = try await client.api(.GET, f.api + "/\(id)", token: f.token)
            #expect(api.text.contains(#""lessThanTruckload":true"#) && (api.text.contains(#""lockId":"ABUS 83\/45 K-7781""#) || api.text.contains(#""lockId":"ABUS 83/45 K-7781""#)), "\(api.text)")
        }
    }

    @Test func theAPIMarksAShipmentLessThanTruckloadAndRefusesALockOnAFullLoadOrASealWithoutALock() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let inspection = try await Self.inspect(client, f)
            // A lock on a full load: refused by name, nothing saved.
            let full = try await client.api(.POST, f.api, token: f.token, json: """
            {"reference":"FTL-1","documentNumbers":"BL 1","inspectionId":"\(inspection)","origin":"Semarang","destination":"Oakland","lockId":"K-1"}
            """)
            #expect(full.status == .badRequest && full.text.contains(#""field":"lockId""#), "\(full.text)")
            #expect(try await Self.count(client, "shipments") == 0)
            // LTL with its lock given at once.
            let withLock = try await client.api(.POST, f.api, token: f.token, json: """
            {"reference":"LTL-1","documentNumbers":"BL 2","inspectionId":"\(inspection)","origin":"Semarang","destination":"Oakland",
             "lessThanTruckload":true,"lockId":"k-1"}
            """)
            #expect(withLock.status == .created && withLock.text.contains(#""lockId":"K-1""#) && withLock.text.contains("shipments.block.ltl_no_seal"))
            // LTL sealed with no lock recorded: refused until a supervisor overrides.
            let noLock = try await client.api(.POST, f.api, token: f.token, json: """
            {"reference":"LTL-2","documentNumbers":"BL 3","inspectionId":"\(inspection)","origin":"Semarang","destination":"Oakland","lessThanTruckload":true}
            """)
            let location = try #require(noLock.headers.first(name: .location))
            _ = try await client.api(.POST, location + "/seals", token: f.token, json: #"{"sealNumber":"TL000042"}"#)
            let now = ISO8601DateFormatter().string(from: Date())
            let steps = VVTTStep.allCases.map { #"{"step":"\#($0.rawValue)","passed":true,"at":"\#(now)"}"# }.joined(separator: ",")
            _ = try await client.api(.POST, location + "/seals/TL000042/checks", token: f.token,
                                     json: #"{"steps":[\#(steps)],"numberRead":"TL000042","documentSealNumbers":"TL000042"}"#)
            let refused = try await client.api(.POST, location + "/release", token: f.token)
            #expect(refused.status == .conflict && refused.text.contains("shipments.block.ltl_no_lock") && !refused.text.contains("seal_not_verified"))
            let overridden = try await client.api(.POST, location + "/release-override", token: f.token,
                                                  json: #"{"reason":"Single pickup at our own dock; sealed on loading"}"#)
            #expect(overridden.status == .ok && overridden.text.contains(#""status":"released_by_override""#))
        }
    }

    @Test func aSealVoidedAfterAFailedTugIsReplacedAndTheSealAuditAccountsForBoth() async throws {
        try await withTrustlane { client in
            // Setup: a seal that comes apart at the tug.
            let f = try await Self.fixture(client)
            let shipment = try await Self.ship(client, f, Self.shipmentForm(inspection: try await Self.inspect(client, f)))
            _ = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000010")])
            _ = try await client.post(shipment + "/seals/TL000010/check", as: f.browser, form: Self.vvtt(fail: "tug"))
            #expect(try await client.post(shipment + "/release", as: f.browser).status == .conflict)
            // Act: the seal is voided in the seal log, a new one affixed and checked.
            _ = try await SealStockService(app: client.app).log(number: "TL000010", event: "void", reason: "Came apart at the tug", company: f.company.companyID,
                                                                by: f.user.userID)
            _ = try await client.post(shipment + "/seals", as: f.browser, form: [("seal_number", "TL000011")])
            let checked = try await client.post(shipment + "/seals/TL000011/check", as: f.browser, form: Self.vvtt(number: "TL000011", documents: "TL000011"))
            #expect(checked.status == .seeOther, "\(checked.text.prefix(300))")
            let released = try await client.post(shipment + "/release", as: f.browser)
            // Verify: released on the new seal; the old one stays on the record as void; the seal audit is clean.
            #expect(released.status == .seeOther)
            #expect(try await Self.shipmentStatus(client) == ["released"])
            let page = try await client.get(shipment, as: f.browser)
            #expect(page.text.contains("data-seal=\"TL000010\"") && page.text.contains("data-state=\"void\""))
            let audit = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/seal-audits", token: f.token, json: "{}")
            #expect(audit.status == .created && audit.text.contains(#""findingsTotal":0"#), "\(audit.text.prefix(500))")
        }
    }

    @Test func theAPIRecordsAShipmentWithARegistryPartnerSealsItChecksItAndReleasesItByOverride() async throws {
        try await withTrustlane { client in
            // Setup: a partner in the registry; an inspection awaiting sign-off (the company requires one).
            let f = try await Self.fixture(client)
            let partner = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/business-partners", token: f.token,
                                               json: #"{"legalName":"PT Benang Emas","country":"ID","role":"supplier"}"#)
            let partnerID = try #require((try JSONSerialization.jsonObject(with: Data(partner.text.utf8)) as? [String: Any])?["id"] as? String)
            try await InspectionService(app: client.app).saveSettings(InspectionSettings(requiresSupervisorSignOff: true, reinspectionPercent: 0), retention: .default,
                                                                       company: f.company.companyID, by: f.user.userID)
            let inspection = try await Self.inspect(client, f)
            // Act: record, affix, check, release (refused: the sign-off), override.
            let created = try await client.api(.POST, f.api, token: f.token, json: """
            {"reference":"API-7","documentNumbers":"BL 99","inspectionId":"\(inspection)","origin":"Semarang","destination":"Oakland",
             "partnerIds":["\(partnerID)"]}
            """)
            #expect(created.status == .created, "\(created.text)")
            let location = try #require(created.headers.first(name: .location))
            #expect(created.text.contains(#""legalName":"PT Benang Emas""#) && created.text.contains(#""containerNumber":"CSQU3054383""#))
            #expect(created.text.contains("shipments.block.awaiting_sign_off"))
            let affixed = try await client.api(.POST, location + "/seals", token: f.token, json: #"{"sealNumber":"TL000042"}"#)
            #expect(affixed.status == .created && affixed.text.contains(#""state":"affixed""#))
            let now = ISO8601DateFormatter().string(from: Date())
            let steps = VVTTStep.allCases.map { #"{"step":"\#($0.rawValue)","passed":true,"at":"\#(now)"}"# }.joined(separator: ",")
            let checked = try await client.api(.POST, location + "/seals/TL000042/checks", token: f.token,
                                               json: #"{"stage":"departure","steps":[\#(steps)],"numberRead":"TL000042","documentSealNumbers":"TL000042"}"#)
            #expect(checked.status == .created && checked.text.contains(#""state":"verified""#), "\(checked.text)")
            let refused = try await client.api(.POST, location + "/release", token: f.token)
            #expect(refused.status == .conflict && refused.text.contains("shipments.block.awaiting_sign_off") && !refused.text.contains("seal_not_verified"))
            let noReason = try await client.api(.POST, location + "/release-override", token: f.token, json: "{}")
            #expect(noReason.status == .badRequest && noReason.text.contains(#""field":"reason""#))
            let overridden = try await client.api(.POST, location + "/release-override", token: f.token,
                                                  json: #"{"reason":"Supervisor on leave; the inspection was watched by the security manager"}"#)
            // Verify
            #expect(overridden.status == .ok && overridden.text.contains(#""status":"released_by_override""#), "\(overridden.text)")
            #expect(overridden.text.contains("supervisor's sign-off") && overridden.text.contains(#""releasedBy":"Dewi Lestari""#))
            // No consignee e-mail: nothing queued.
            #expect(try await Self.count(client, "notifications", "message_key = 'email.shipment_seals'") == 0)
        }
    }
}
