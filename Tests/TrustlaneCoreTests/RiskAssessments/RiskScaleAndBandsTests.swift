import Foundation
import Testing
@testable import TrustlaneCore

/// The scale and the bands: CBP's three levels by default, anything sensible when configured.
@Suite("Risk scale and bands")
struct RiskScaleAndBandsTests {
    @Test func standardScaleIsLowMediumHighAtOneTwoThree() {
        let scale = RiskScale.standard

        #expect(scale.levels.map(\.key) == ["low", "medium", "high"])
        #expect(scale.allLevels.map(scale.value(of:)) == [1, 2, 3])
        #expect(scale.possibleScores == [1, 2, 3, 4, 6, 9])
        #expect(scale.middle == RiskLevel(rank: 1))
    }

    @Test func standardBandsAreOneTwoLowThreeFourMediumSixNineHigh() {
        let bands = RiskBands.standard

        let grouped = bands.scores(on: .standard)

        #expect(grouped[.low] == [1, 2])
        #expect(grouped[.medium] == [3, 4])
        #expect(grouped[.high] == [6, 9])
    }

    @Test func levelsAreReadByKeyOrValueAndNothingElse() {
        let scale = RiskScale.standard

        #expect(scale.level(text: " High ") == RiskLevel(rank: 2))
        #expect(scale.level(text: "2") == RiskLevel(rank: 1))
        #expect(scale.level(text: "4") == nil)
        #expect(scale.level(text: "extreme") == nil)
        #expect(!scale.contains(RiskLevel(rank: 3)))
    }

    @Test func fiveLevelScaleTakesBandsOnItsRange() {
        let scale = RiskScale.fiveLevel

        let bands = RiskBands(mediumFrom: 9, highFrom: 17)

        #expect(scale.maxScore == 25)
        #expect(bands.band(for: 8) == .low)
        #expect(bands.band(for: 15) == .medium)
        #expect(bands.band(for: 20) == .high)
        #expect(RiskFixtures.errors(RiskBands.validate(mediumFrom: 9, highFrom: 17, scale: scale)).isEmpty)
    }

    @Test func configuredScaleIsChecked() throws {
        let valid = try RiskFixtures.value(RiskScale.validate([.init(key: "minor", value: 1), .init(key: "major", value: 4)]))
        let errors = RiskFixtures.errors(RiskScale.validate([
            .init(key: "low", value: 2), .init(key: "low", value: 2), .init(key: "Very High", value: 0),
        ]))
        let tooSmall = RiskFixtures.errors(RiskScale.validate([.init(key: "only", value: 1)]))

        #expect(valid.possibleScores == [1, 4, 16])
        #expect(errors.map(\.field) == ["levels[1].key", "levels[1].value", "levels[2].key", "levels[2].value"])
        #expect(tooSmall.map(\.messageKey) == ["risk.error.scale_size"])
    }

    @Test func bandsMustFitTheScale() {
        let unreachable = RiskFixtures.errors(RiskBands.validate(mediumFrom: 1, highFrom: 10, scale: .standard))
        let inverted = RiskFixtures.errors(RiskBands.validate(mediumFrom: 6, highFrom: 4, scale: .standard))

        #expect(unreachable.map(\.field) == ["medium_from", "high_from"])
        #expect(inverted.map(\.field) == ["high_from"])
        #expect(RiskFixtures.errors(RiskBands.validate(mediumFrom: 3, highFrom: 6, scale: .fiveLevel)).isEmpty) // 3 and 6 are reachable on 1-25 too
    }

    @Test func scaleDecodingRefusesAnInvalidScale() throws {
        let good = try JSONEncoder().encode(RiskScale.fiveLevel)
        let bad = Data(#"{"levels":[{"key":"a","value":2},{"key":"b","value":1}]}"#.utf8)

        #expect(try JSONDecoder().decode(RiskScale.self, from: good) == .fiveLevel)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RiskScale.self, from: bad) }
    }
}
