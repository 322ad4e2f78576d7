import Foundation
import Testing
@testable import TrustlaneCore

/// The incident register's rules (issue 17): times as people type them, the status machine,
/// notifications not before the discovery, who heard it first, what closing needs, the
/// anonymous reporter's receipt code.
@Suite("Incident rules")
struct IncidentRulesTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000) // 2026-11-30
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    static func parse(_ text: String, zone: TimeZone = jakarta) -> (Date?, [FieldError]) {
        var errors: [FieldError] = []
        let date = IncidentTime.parse(text, field: "discovered_at", zone: zone, now: now, into: &errors)
        return (date, errors)
    }

    @Test func aTypedTimeIsReadInThePersonsZoneAndAnOffsetWins() throws {
        let local = try #require(Self.parse("2026-11-29T14:30").0)
        let utc = try #require(Self.parse("2026-11-29T07:30:00Z").0)
        let offset = try #require(Self.parse("2026-11-29T14:30:00+07:00").0)
        #expect(local == utc && utc == offset)
        #expect(Self.parse("2026-11-29 14:30:15.250").0 == local.addingTimeInterval(15))
    }

    @Test func impossibleFutureOrMalformedTimesAreRefusedByName() {
        for text in ["2026-02-30T10:00", "2026-13-01T10:00", "2026-11-29T24:00", "29/11/2026 14:30", "2026-11-29T14:30+7", "2026-11-29T14:30:00Zjunk"] {
            let (date, errors) = Self.parse(text)
            #expect(date == nil && errors.map(\.messageKey) == ["incidents.error.time"], "\(text)")
        }
        let future = Self.parse("2026-12-30T10:00")
        #expect(future.0 == nil && future.1.first?.messageKey == "incidents.error.time_future")
        // A phone a minute fast is fine.
        #expect(Self.parse(ISO8601DateFormatter().string(from: Self.now.addingTimeInterval(60))).0 != nil)
    }

    @Test func theStatusMovesOnlyForward() {
        #expect(IncidentStatus.unconfirmed.next(on: .confirm) == .open)
        #expect(IncidentStatus.open.next(on: .startInvestigation) == .investigating)
        #expect(IncidentStatus.investigating.next(on: .close) == .closed)
        #expect(IncidentStatus.open.next(on: .close) == nil)
        #expect(IncidentStatus.investigating.next(on: .dismiss) == nil)
        for final in [IncidentStatus.closed, .dismissed] {
            for step in IncidentStep.allCases { #expect(final.next(on: step) == nil) }
            if case .failure(let refusal) = final.applying(.confirm) { #expect(refusal.messageKey == "incidents.error.final") } else { Issue.record("allowed") }
        }
        if case .failure(let refusal) = IncidentStatus.open.applying(.confirm) {
            #expect(refusal.arguments["allowed"] == "dismiss, start_investigation")
        } else { Issue.record("allowed") }
    }

    @Test func aPartyCannotBeToldBeforeTheDiscoveryAndEveryFieldIsNamed() {
        let discovered = Self.now.addingTimeInterval(-3_600)
        let before = NotificationDraft(target: "cbp_scss", recipient: "SCSS", notifiedBy: "Dewi", notifiedAt: "2026-11-20T10:00:00Z", channel: "phone")
        #expect(throws: ValidationFailure.self) { try before.validate(discoveredAt: discovered, zone: .gmt, now: Self.now) }
        do { _ = try before.validate(discoveredAt: discovered, zone: .gmt, now: Self.now) } catch {
            #expect(error.errors.map(\.field) == ["notified_at"])
        }
        let empty = NotificationDraft(target: "cbp", channel: "fax")
        do { _ = try empty.validate(discoveredAt: discovered, zone: .gmt, now: Self.now) } catch {
            #expect(Set(error.errors.map(\.field)) == ["target", "channel", "recipient", "notified_by", "notified_at"])
        }
    }

    @Test func whoHeardItFirstFollowsTheTimes() {
        let at = Self.now
        #expect(SelfReport.decide(foundByCBP: false, cbpNotifications: []) == .notReported)
        #expect(SelfReport.decide(foundByCBP: false, cbpNotifications: [at, at.addingTimeInterval(-60)]) == .reportedFirst(at.addingTimeInterval(-60)))
        #expect(SelfReport.decide(foundByCBP: true, cbpNotifications: [at]) == .foundByCBP(reportedAt: at))
    }

    @Test func closingNeedsFindingsARootCauseAndCBPToldForTheTypesCBPWants() {
        let all = IncidentInvestigation.closureProblems(status: .open, findings: nil, rootCause: "", type: .hiddenCompartment, toldCBP: false, notReportedReason: nil)
        #expect(all.map(\.field) == ["status", "findings", "root_cause", "not_reported_reason"])
        #expect(IncidentInvestigation.closureProblems(status: .investigating, findings: "f", rootCause: "r", type: .hiddenCompartment, toldCBP: false,
                                                      notReportedReason: "No breach: the space was a factory repair").isEmpty)
        #expect(IncidentInvestigation.closureProblems(status: .investigating, findings: "f", rootCause: "r", type: .cargoDiscrepancy, toldCBP: false,
                                                      notReportedReason: nil).isEmpty)
        #expect(NotificationTarget.checklist(for: .cargoDiscrepancy) == [.management, .affectedPartner])
        #expect(IncidentType.sealTampered.criteria == ["7.23", "6.1", "7.37"])
    }

    @Test func aReceiptCodeIsReadBackForgivinglyAndKeptOnlyAsADigest() throws {
        var random = SeededRandom(seed: 7)
        let code = ReceiptCode(using: &random)
        #expect(code.rawValue.count == 16 && code.description.count == 19 && code.description.filter { $0 == "-" }.count == 3)
        let typed = try #require(ReceiptCode(typed: " " + code.description.lowercased().replacingOccurrences(of: "-", with: " ") + " "))
        #expect(typed == code && typed.digest == code.digest && code.digest.count == 64 && !code.digest.contains(code.rawValue))
        #expect(ReceiptCode(typed: "O1IL-0000-0000-000")?.rawValue == nil, "15 characters")
        #expect(ReceiptCode(typed: "OIL0-0000-0000-0000")?.rawValue == "0110000000000000")
        #expect(ReceiptCode(typed: "UUUU-0000-0000-0000") == nil, "U is not in Crockford's alphabet")
        var other = SeededRandom(seed: 8)
        #expect(ReceiptCode(using: &other) != code)
    }

    @Test func anAnonymousReportNeedsOnlyWhatHappened() throws {
        let valid = try AnonymousReportDraft(description: "  A stranger at gate 3  ").validate(zone: .gmt, now: Self.now)
        #expect(valid.type == .suspiciousActivity && valid.description == "A stranger at gate 3" && valid.happenedAt == nil)
        #expect(throws: ValidationFailure.self) { try AnonymousReportDraft(type: "ghost", description: "x").validate(zone: .gmt, now: Self.now) }
        #expect(throws: ValidationFailure.self) { try AnonymousReportDraft(description: String(repeating: "a", count: 5_001)).validate(zone: .gmt, now: Self.now) }
    }
}
