import Foundation
import Testing
@testable import TrustlaneCore

/// The validation pack's period: a day asked for, else the last validation, else a year back.
@Suite("Validation pack period")
struct ValidationPackPeriodTests {
    static let today = ProgramDay("2026-06-15")!
    static func at(_ text: String) -> Date { ProgramDay(text)!.startDate().addingTimeInterval(15 * 3600) }

    @Test func withoutADayThePackStartsAtTheLastValidation() throws {
        let period = try ValidationPackPeriod.resolve(requested: nil, lastValidation: Self.at("2024-03-12"), today: Self.today).get()
        #expect(period.since == ProgramDay("2024-03-12"))
        #expect(period.basis == .lastValidation(ProgramDay("2024-03-12")!))
        #expect(period.basis.code == "last_validation")
        // A blank day is no day.
        let blank = try ValidationPackPeriod.resolve(requested: "  ", lastValidation: Self.at("2024-03-12"), today: Self.today).get()
        #expect(blank == period)
    }

    @Test func neverValidatedMeansAYearBack() throws {
        let period = try ValidationPackPeriod.resolve(requested: nil, lastValidation: nil, today: Self.today).get()
        #expect(period.since == ProgramDay("2025-06-15"))
        #expect(period.basis == .yearBack)
    }

    @Test func aDayAskedForWinsOverTheLastValidation() throws {
        let period = try ValidationPackPeriod.resolve(requested: "2026-01-02", lastValidation: Self.at("2024-03-12"), today: Self.today).get()
        #expect(period.since == ProgramDay("2026-01-02") && period.basis == .requested)
    }

    @Test func aValidationBeyondFiveYearsIsCutToTheLimitAndSaysSo() throws {
        let period = try ValidationPackPeriod.resolve(requested: nil, lastValidation: Self.at("2019-01-10"), today: Self.today).get()
        #expect(period.since == ValidationPackPeriod.earliest(today: Self.today))
        #expect(period.basis == .lastValidationBeyondLimit(ProgramDay("2019-01-10")!))
    }

    @Test func aBadDayIsRefusedByName() {
        for text in ["last spring", "2026-13-01", "2027-01-01", "1999-01-01"] {
            guard case .failure(let failure) = ValidationPackPeriod.resolve(requested: text, lastValidation: nil, today: Self.today) else {
                Issue.record("accepted \(text)"); continue
            }
            #expect(failure.errors.map(\.field) == ["since"])
            #expect(failure.errors.first?.messageKey == "inspections.error.since")
        }
    }
}
