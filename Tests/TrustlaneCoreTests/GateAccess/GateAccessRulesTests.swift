import Foundation
import Testing
@testable import TrustlaneCore

/// The gate's rules (issue 17, MSC 10.1-10.4, 10.7): no entry without a photo ID, every field
/// named, a visitor or driver leaves once, a departing seal must be the shipment's, an arrival
/// matches its carrier's pre-notification by plate within 12 hours, the badge status machine,
/// the search keys and their index ranges, and who may do what.
@Suite("Gate access rules")
struct GateAccessRulesTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    static func visitor(_ edit: (inout VisitorDraft) -> Void = { _ in }) -> VisitorDraft {
        var draft = VisitorDraft(site: "  Semarang   gate 1 ", name: "José Pérez", company: "Acme Audit", photoIDChecked: true, photoIDType: "passport",
                                 host: "Dewi Lestari", purpose: "Security audit", badgeNumber: "V-012", escort: nil, vehiclePlate: "b 1234-xy")
        edit(&draft)
        return draft
    }

    static func fields(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch let failure as ValidationFailure { return failure.errors.map(\.field) } catch { return ["\(error)"] }
    }

    // MARK: Visitors

    @Test func aVisitorIsCheckedInNowWithTheSiteFoldedAndSearchKeys() throws {
        let valid = try GateValidator.visitor(Self.visitor(), zone: Self.jakarta, now: Self.now)
        #expect(valid.site == "Semarang gate 1" && valid.checkedInAt == Self.now && valid.photoIDType == .passport)
        #expect(valid.vehiclePlate == "B 1234-XY" && valid.plateKey == "b1234xy" && valid.nameKey == "jose perez")
        #expect(valid.escort == nil)
    }

    @Test func noPhotoIDNoEntryAndEveryProblemIsNamed() {
        let unchecked = Self.fields { _ = try GateValidator.visitor(Self.visitor { $0.photoIDChecked = false }, zone: Self.jakarta, now: Self.now) }
        #expect(unchecked == ["photo_id_checked"])
        let empty = Self.fields { _ = try GateValidator.visitor(VisitorDraft(), zone: Self.jakarta, now: Self.now) }
        #expect(Set(empty) == ["site", "name", "visitor_company", "photo_id_checked", "photo_id_type", "host", "purpose"])
        let bad = Self.fields {
            _ = try GateValidator.visitor(Self.visitor {
                $0.photoIDType = "library_card"; $0.checkedInAt = "2026-12-30T10:00"; $0.vehiclePlate = "--"; $0.name = String(repeating: "a", count: 121)
            }, zone: Self.jakarta, now: Self.now)
        }
        #expect(Set(bad) == ["photo_id_type", "checked_in_at", "vehicle_plate", "name"])
        let longTime = Self.fields { _ = try GateValidator.visitor(Self.visitor { $0.checkedInAt = String(repeating: " ", count: 41) }, zone: .gmt, now: Self.now) }
        #expect(longTime == ["checked_in_at"], "a blank past the documented length is refused, not read as now")
        let padded = Self.fields { _ = try GateValidator.visitor(Self.visitor { $0.name = "\t" + String(repeating: "a", count: GateValidator.maxName) }, zone: .gmt, now: Self.now) }
        #expect(padded == ["name"], "longer than the documented maxLength as sent, even if trimming would fit it")
    }

    @Test func aVisitorChecksOutOnceAndNotBeforeArriving() throws {
        let inAt = Self.now.addingTimeInterval(-3_600)
        #expect(try GateValidator.checkOut(checkedInAt: inAt, checkedOutAt: nil, typed: nil, zone: .gmt, now: Self.now) == Self.now)
        #expect(throws: GateConflict.self) {
            _ = try GateValidator.checkOut(checkedInAt: inAt, checkedOutAt: Self.now.addingTimeInterval(-60), typed: nil, zone: .gmt, now: Self.now)
        }
        do { _ = try GateValidator.checkOut(checkedInAt: inAt, checkedOutAt: Self.now, typed: nil, zone: .gmt, now: Self.now) } catch let conflict as GateConflict {
            #expect(conflict.messageKey == "gate.error.already_checked_out" && conflict.at == Self.now)
        }
        let early = Self.fields { _ = try GateValidator.checkOut(checkedInAt: inAt, checkedOutAt: nil, typed: "2026-11-20T10:00:00Z", zone: .gmt, now: Self.now) }
        #expect(early == ["checked_out_at"])
    }

    // MARK: Drivers and pickups

    @Test func aDriversArrivalNeedsAPhotoIDAndAContainerNumberIsChecked() throws {
        let draft = PickupDraft(site: "Dock", driverName: "Budi Santoso", photoIDChecked: true, photoIDType: "driver_licence", carrier: "PT Angkut",
                                truckPlate: "h 8812 kq", trailerNumber: "csqu 305438-3", arrivedAt: "2026-11-29T08:00")
        let valid = try GateValidator.pickup(draft, zone: Self.jakarta, now: Self.now)
        #expect(valid.truckPlate == "H 8812 KQ" && valid.trailerNumber == "CSQU3054383" && valid.plateKey == "h8812kq")
        var wrong = draft
        wrong.trailerNumber = "CSQU3054384"
        wrong.photoIDChecked = false
        wrong.carrier = " "
        #expect(Set(Self.fields { _ = try GateValidator.pickup(wrong, zone: Self.jakarta, now: Self.now) }) == ["trailer_number", "photo_id_checked", "carrier"])
        var trailer = draft
        trailer.trailerNumber = "T-0042"
        #expect(try GateValidator.pickup(trailer, zone: Self.jakarta, now: Self.now).trailerNumber == "T-0042")
    }

    @Test func aDepartingSealMustBeTheShipmentsAndADriverLeavesOnce() throws {
        let arrived = Self.now.addingTimeInterval(-1_800)
        let seals: Set<SealNumber> = [try SealNumber("TL000123"), try SealNumber("TL000124")]
        let ok = try GateValidator.departure(arrivedAt: arrived, departedAt: nil, typed: nil, seal: "tl-000 123", shipmentSeals: seals, zone: .gmt, now: Self.now)
        #expect(ok.seal?.rawValue == "TL000123" && ok.at == Self.now)
        let other = Self.fields { _ = try GateValidator.departure(arrivedAt: arrived, departedAt: nil, typed: nil, seal: "TL000999", shipmentSeals: seals, zone: .gmt, now: Self.now) }
        #expect(other == ["seal_number"])
        let missing = Self.fields { _ = try GateValidator.departure(arrivedAt: arrived, departedAt: nil, typed: nil, seal: " ", shipmentSeals: seals, zone: .gmt, now: Self.now) }
        #expect(missing == ["seal_number"], "a sealed shipment leaves with its seal named")
        let free = try GateValidator.departure(arrivedAt: arrived, departedAt: nil, typed: nil, seal: nil, shipmentSeals: nil, zone: .gmt, now: Self.now)
        #expect(free.seal == nil, "without a shipment the seal is optional")
        let long = Self.fields { _ = try GateValidator.departure(arrivedAt: arrived, departedAt: nil, typed: nil, seal: String(repeating: "-", count: 39) + "12", shipmentSeals: nil, zone: .gmt, now: Self.now) }
        #expect(long == ["seal_number"])
        #expect(throws: GateConflict.self) {
            _ = try GateValidator.departure(arrivedAt: arrived, departedAt: Self.now, typed: nil, seal: "TL000123", shipmentSeals: seals, zone: .gmt, now: Self.now)
        }
    }

    // MARK: Pre-notifications

    @Test func anArrivalMatchesTheNearestOpenNoticeForItsPlateWithinTwelveHours() throws {
        let a = PreNoticeMatch.Candidate(id: GatePreNoticeID(), expectedAt: Self.now.addingTimeInterval(-11 * 3_600))
        let b = PreNoticeMatch.Candidate(id: GatePreNoticeID(), expectedAt: Self.now.addingTimeInterval(2 * 3_600))
        let far = PreNoticeMatch.Candidate(id: GatePreNoticeID(), expectedAt: Self.now.addingTimeInterval(13 * 3_600))
        #expect(PreNoticeMatch.best([a, b, far], arrivedAt: Self.now) == b.id)
        #expect(PreNoticeMatch.best([far], arrivedAt: Self.now) == nil)
        #expect(PreNoticeMatch.best([], arrivedAt: Self.now) == nil)
        let notice = try GateValidator.preNotice(PreNoticeDraft(carrier: "PT Angkut", driverName: "Budi", truckPlate: "H 8812 KQ", expectedAt: "2026-12-02T09:00"),
                                                 zone: Self.jakarta, now: Self.now)
        #expect(notice.plateKey == "h8812kq" && notice.site == nil)
        let bad = Self.fields { _ = try GateValidator.preNotice(PreNoticeDraft(carrier: "x", driverName: "y", truckPlate: "Z 1", expectedAt: "2027-06-01T09:00"), zone: Self.jakarta, now: Self.now) }
        #expect(bad == ["expected_at"], "more than 90 days ahead")
    }

    // MARK: Badges and keys

    @Test func aBadgeIsIssuedToOnePersonAtATimeAndALostOneComesBackOnlyWhenFound() {
        #expect(BadgeStatus.available.next(on: .issue) == .issued)
        #expect(BadgeStatus.issued.next(on: .return) == .available)
        #expect(BadgeStatus.issued.next(on: .reportLost) == .lost)
        #expect(BadgeStatus.lost.next(on: .return) == .available)
        #expect(BadgeStatus.issued.next(on: .issue) == nil && BadgeStatus.lost.next(on: .issue) == nil)
        #expect(BadgeStatus.available.next(on: .return) == nil && BadgeStatus.lost.next(on: .reportLost) == nil)
        if case .failure(let conflict) = BadgeStatus.issued.applying(.issue, number: "K-7", holder: "Ana") {
            #expect(conflict.messageKey == "gate.error.badge_already_issued" && conflict.arguments["holder"] == "Ana")
        } else { Issue.record("issued twice") }
        #expect(BadgeInventory.numberKey("v 012") == BadgeInventory.numberKey("V012"))
        #expect(Set(Self.fields { _ = try BadgeInventory.validate(BadgeDraft(number: "", kind: "gold")) }) == ["number", "kind"])
        #expect(Self.fields { _ = try BadgeInventory.holder("  ") } == ["holder"])
    }

    // MARK: Search

    @Test func searchKeysFoldCaseAccentsAndPunctuationAndTheirRangeCoversEveryPrefixMatch() throws {
        #expect(GateSearch.nameKey("  JOSÉ   Pérez ") == "jose perez")
        #expect(GateSearch.plateKey("B 1234-XY") == "b1234xy")
        let terms = try GateSearch.terms("B 12").get()
        #expect(terms.name == "b 12" && terms.plate == "b12")
        #expect((try? GateSearch.terms("a").get()) == nil && (try? GateSearch.terms(String(repeating: "x", count: 61)).get()) == nil)
        let range = GateSearch.prefixRange("bu")
        #expect(range.lower == "bu" && range.upper == "bv")
        for key in ["bu", "budi", "bu zz", "buǿ"] { #expect(key >= range.lower && key < range.upper, "\(key)") }
        for key in ["bt", "bv", "c", "b"] { #expect(!(key >= range.lower && key < range.upper), "\(key)") }
    }

    @Test func aDayAtTheGateIsTheGuardsDay() throws {
        let day = try #require(ProgramDay("2026-11-30"))
        let bounds = GateTime.bounds(of: day, zone: Self.jakarta)
        #expect(bounds.end.timeIntervalSince(bounds.start) == 86_400)
        #expect(ISO8601DateFormatter().string(from: bounds.start) == "2026-11-29T17:00:00Z")
    }

    // MARK: Who may

    @Test func theGuardRecordsTheGateSupervisorsKeepTheKeysViewersAndReviewersSeeNothing() {
        let company = CompanyID()
        func member(_ role: CompanyRole) -> Actor { Actor(userID: UserID(), companyRoles: [company: role]) }
        for role in CompanyRole.allCases {
            #expect(AccessPolicy.decide(member(role), .viewGateLogs, company: company) == (role == .viewer ? .forbidden : .allowed), "\(role)")
            let records = [.officer, .coordinator, .contributor].contains(role)
            #expect(AccessPolicy.decide(member(role), .recordGateLogs, company: company) == (records ? .allowed : .forbidden), "\(role)")
            let manages = role == .officer || role == .coordinator
            #expect(AccessPolicy.decide(member(role), .manageBadges, company: company) == (manages ? .allowed : .forbidden), "\(role)")
        }
        let reviewer = Actor(userID: UserID(), platformRoles: [.reviewer])
        for action in [Action.viewGateLogs, .recordGateLogs, .manageBadges] {
            #expect(AccessPolicy.decide(reviewer, action, company: company) == .notFound, "\(action)")
        }
    }

    @Test func aVisitorsBadgeMustBeAFreeBadgeOfTheInventory() {
        #expect(BadgeInventory.visitorBadgeProblem(typed: "V-01", found: (.available, nil)) == nil)
        #expect(BadgeInventory.visitorBadgeProblem(typed: "V-99", found: nil)?.messageKey == "gate.error.badge_unknown")
        let out = BadgeInventory.visitorBadgeProblem(typed: "V-01", found: (.issued, "José"))
        #expect(out?.messageKey == "gate.error.badge_out" && out?.field == "badge_number" && out?.arguments["holder"] == "José")
        #expect(BadgeInventory.visitorBadgeProblem(typed: "V-02", found: (.lost, nil))?.messageKey == "gate.error.badge_reported_lost")
    }
}
