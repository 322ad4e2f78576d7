import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Evidence expiry")
struct EvidenceExpiryTests {
    let now = ProfileFixtures.now // 2025-06-15 10:30 UTC

    func status(_ expiry: String?, window: Int = 30) -> EvidenceExpiryStatus {
        EvidenceExpiry.status(expiryDate: expiry.map(ProfileFixtures.day), now: now, windowDays: window)
    }

    @Test func noExpiryIsValid() {
        #expect(status(nil) == .valid)
    }

    @Test func boundariesOfTheThirtyDayWindow() {
        #expect(status("2025-07-16") == .valid) // 31 days left
        #expect(status("2025-07-15") == .expiringSoon(daysLeft: 30))
        #expect(status("2025-06-16") == .expiringSoon(daysLeft: 1))
        #expect(status("2025-06-15") == .expiringSoon(daysLeft: 0)) // last valid day
        #expect(status("2025-06-14") == .expired(daysAgo: 1))
        #expect(status("2024-06-15") == .expired(daysAgo: 365))
    }

    @Test func lastMomentOfTheExpiryDayIsStillValid() {
        let expiry = ProfileFixtures.day("2025-06-15")
        #expect(EvidenceExpiry.status(expiryDate: expiry, now: expiry.addingTimeInterval(86_399), windowDays: 0)
            == .expiringSoon(daysLeft: 0))
        #expect(EvidenceExpiry.status(expiryDate: expiry, now: expiry.addingTimeInterval(86_400), windowDays: 0)
            == .expired(daysAgo: 1))
    }

    @Test func windowIsConfigurable() {
        #expect(status("2025-06-25", window: 7) == .valid)
        #expect(status("2025-06-22", window: 7) == .expiringSoon(daysLeft: 7))
        #expect(EvidencePolicy(expiringWithinDays: 7).expiryStatus(expiryDate: ProfileFixtures.day("2025-06-25"), now: now) == .valid)
        #expect(EvidencePolicy.default.expiryStatus(expiryDate: ProfileFixtures.day("2025-06-25"), now: now)
            == .expiringSoon(daysLeft: 10))
    }

    @Test func severityOrdering() {
        #expect(EvidenceExpiry.worst([.valid, .expiringSoon(daysLeft: 9), .expiringSoon(daysLeft: 3)]) == .expiringSoon(daysLeft: 3))
        #expect(EvidenceExpiry.worst([.expiringSoon(daysLeft: 0), .expired(daysAgo: 2), .expired(daysAgo: 1)]) == .expired(daysAgo: 2))
        #expect(EvidenceExpiry.worst([]) == .valid)
        #expect(EvidenceExpiryStatus.expired(daysAgo: 1).name == "expired")
        #expect(EvidenceExpiryStatus.expiringSoon(daysLeft: 1).nameKey == "evidence_expiry.expiring_soon")
    }

    @Test func criteriaRelyingOnExpiredOrExpiringEvidenceAreFlagged() {
        let expired = EvidenceID()
        let soon = EvidenceID()
        let fine = EvidenceID()
        let forever = EvidenceID()
        let answers = [
            ProfileFixtures.answer("1.2", .meets, narrative: "x", evidence: [fine, expired]),
            ProfileFixtures.answer("5.1", .meets, narrative: "x", evidence: [soon, forever]),
            ProfileFixtures.answer("9.1", .meets, narrative: "x", evidence: [fine, forever]),
        ]
        let dates: [EvidenceID: Date?] = [expired: ProfileFixtures.day("2025-06-01"), soon: ProfileFixtures.day("2025-06-20"),
                                          fine: ProfileFixtures.day("2026-06-01"), forever: nil]

        let flags = EvidenceExpiry.flags(answers: answers, expiryDates: dates, now: now)

        #expect(flags == ["1.2": .expired(daysAgo: 14), "5.1": .expiringSoon(daysLeft: 5)])
    }

    @Test func detailsValidation() throws {
        let valid = try EvidenceDetailsDraft(title: " Visitor policy ", effectiveDate: "", expiryDate: "2026-01-31")
            .validate(today: now)
        #expect(valid.title == "Visitor policy")
        #expect(valid.effectiveDate == ProfileFixtures.day("2025-06-15")) // defaults to today
        #expect(valid.expiryDate == ProfileFixtures.day("2026-01-31"))

        #expect {
            try EvidenceDetailsDraft(title: "", effectiveDate: "2025-13-01", expiryDate: "soon").validate(today: now)
        } throws: { error in
            (error as? ValidationFailure)?.fields == ["title", "effective_date", "expiry_date"]
        }
        #expect {
            try EvidenceDetailsDraft(title: "x", effectiveDate: "2025-06-01", expiryDate: "2025-05-31").validate(today: now)
        } throws: { error in
            (error as? ValidationFailure)?.keys == ["profile.error.evidence_expiry_before_effective"]
        }
    }
}
