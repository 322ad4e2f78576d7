import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Business partners: status proofs under 3.4 and the risk tier")
struct PartnerVettingTests {
    static let day = ProgramDay("2026-12-05")!

    @Test func aCTPATProofCountsUntilItExpires() {
        let proof = StatusProof(kind: .ctpat, number: "SVI-1234", validUntil: ProgramDay("2027-01-01"))
        #expect(proof.recognition(on: Self.day) == .ctpat)
        #expect(proof.recognition(on: Self.day).counts)
        #expect(proof.recognition(on: ProgramDay("2027-01-02")!) == .expired(ProgramDay("2027-01-01")!))
        #expect(!proof.recognition(on: ProgramDay("2027-01-02")!).counts)
    }

    @Test func anAEOCountsOnlyUnderASignedArrangementForItsProgram() {
        let mexico = StatusProof(kind: .aeo, program: "OEA", number: "OEA-77", country: CountryCode("MX"))
        guard case .mutualRecognition(let arrangement) = mexico.recognition(on: Self.day) else {
            Issue.record("Mexico's OEA should be recognised")
            return
        }
        #expect(arrangement.countries.contains("MX"))
        #expect(mexico.recognition(on: Self.day).explanation.contains("MSC 3.4"))
        let germany = StatusProof(kind: .aeo, program: "AEOS", number: "DEAEOS123", country: CountryCode("DE"))
        #expect(germany.recognition(on: Self.day).counts)
        let indonesia = StatusProof(kind: .aeo, program: "AEO", number: "ID-1", country: CountryCode("ID"))
        #expect(!indonesia.recognition(on: Self.day).counts)
        #expect(indonesia.recognition(on: Self.day).explanation.contains("no mutual recognition arrangement covering ID"))
        let guatemalaEarly = StatusProof(kind: .aeo, program: "", number: "GT-1", country: CountryCode("GT"))
        #expect(!guatemalaEarly.recognition(on: ProgramDay("2023-01-10")!).counts)
        #expect(guatemalaEarly.recognition(on: Self.day).counts)
        #expect(!StatusProof(kind: .other, number: "ISO 28000").recognition(on: Self.day).counts)
        #expect(!StatusProof(kind: .aeo, number: "X").recognition(on: Self.day).counts)
    }

    @Test func theTierAddsTheStatedFactors() {
        // A certified Mexican carrier, low volume, nothing open: low.
        let certified = PartnerVetting.assess(.init(role: .highwayCarrier, countryThreat: .init(rank: 1, highest: 2, label: "medium"),
                                                    recognisedStatus: true, volume: .low))
        #expect(certified.tier == .low)
        #expect(certified.factors.map(\.key) == ["country_threat", "role", "status", "volume", "findings", "screening"])
        #expect(certified.points == 2 + 1 - 2 + 0)
        // An unrated country, unknown volume, an overdue action: 2 + 1 + 1 + 2 = 6, high.
        let unknown = PartnerVetting.assess(.init(role: .manufacturer, openActions: 1, overdueActions: 1))
        #expect(unknown.points == 6)
        #expect(unknown.tier == .high)
        // A broker in a low-threat country: low.
        #expect(PartnerVetting.assess(.init(role: .customsBroker, countryThreat: .init(rank: 0, highest: 2, label: "low"), volume: .medium)).tier == .low)
        // A confirmed denied-party match: high whatever else.
        let matched = PartnerVetting.assess(.init(role: .serviceProvider, countryThreat: .init(rank: 0, highest: 2, label: "low"),
                                                  recognisedStatus: true, volume: .low, confirmedScreeningMatch: true))
        #expect(matched.tier == .high)
    }

    @Test func theCadenceFollowsTheTierAndAnEventBringsTheReassessmentForward() throws {
        var settings = ProgramSettings()
        settings.partnerReassessmentMonthsMedium = 18
        let medium = PartnerVetting.assess(.init(role: .manufacturer, countryThreat: .init(rank: 0, highest: 2, label: "low"), volume: .high))
        #expect(medium.tier == .medium)
        #expect(medium.nextAssessment(last: ProgramDay("2025-08-31")!, settings: settings) == ProgramDay("2027-02-28"))
        #expect(medium.nextAssessment(last: ProgramDay("2025-08-31")!, earlyTrigger: ProgramDay("2026-03-01")!, settings: settings) == ProgramDay("2026-03-01"))
        #expect(medium.nextAssessment(last: nil, settings: settings) == nil)
        #expect(ProgramDay("2024-01-31")!.adding(months: 1) == ProgramDay("2024-02-29"))
        #expect(try ProgramSettings.read("partner_reassessment_months_high: 0").problems().first?.field == "partner_reassessment_months_high")
    }
}
