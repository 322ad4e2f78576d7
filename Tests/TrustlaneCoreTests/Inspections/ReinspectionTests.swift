import Foundation
import Testing
@testable import TrustlaneCore

/// Management re-inspections (MSC 5.8): a share picked at random but reproducibly, and the
/// second look compared with the first.
@Suite("Re-inspection sampling")
struct ReinspectionTests {
    typealias F = InspectionFixtures

    static let ids: [InspectionID] = (0..<10_000).map { index in
        // Fixed ids, so the test cannot pass or fail by chance.
        InspectionID(UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", index * 7919))!)
    }

    @Test func aboutTheConfiguredShareIsPickedAndThePickIsStable() {
        let sampling = ReinspectionSampling(percent: 10, salt: "company-salt")
        let picked = Self.ids.filter(sampling.isSelected)
        #expect((850...1150).contains(picked.count), "10% of 10,000 is about 1,000, got \(picked.count)")
        #expect(Self.ids.filter(sampling.isSelected) == picked, "asking again picks the same")
        #expect(Self.ids.filter(ReinspectionSampling(percent: 10, salt: "company-salt").isSelected) == picked)
        let otherSalt = Self.ids.filter(ReinspectionSampling(percent: 10, salt: "another").isSelected)
        #expect(otherSalt != picked, "the salt changes the pick")
        // A larger share picks a superset: raising the setting never drops an already-picked one.
        let twenty = Set(Self.ids.filter(ReinspectionSampling(percent: 20, salt: "company-salt").isSelected))
        #expect(twenty.isSuperset(of: picked))
        #expect(Self.ids.filter(ReinspectionSampling(percent: 0, salt: "s").isSelected).isEmpty)
        #expect(Self.ids.allSatisfy(ReinspectionSampling(percent: 100, salt: "s").isSelected))
    }

    @Test func theReinspectionIsComparedPointByPoint() throws {
        let original = try F.inspection()
        let second = try F.inspection(failing: ["ceiling_roof": "Fresh rivets on a roof panel"])
        let comparison = try ReinspectionComparison.compare(original: original, reinspection: second).get()
        #expect(!comparison.agrees)
        #expect(comparison.differences.map(\.pointKey) == ["ceiling_roof"])
        #expect(comparison.differences.first?.missedFailure == true)
        let same = try ReinspectionComparison.compare(original: original, reinspection: try F.inspection()).get()
        #expect(same.agrees)
    }

    @Test func onlyInspectionsOfOneUnitAreCompared() throws {
        let original = try F.inspection()
        let other = try InspectionValidator.validate(F.containerDraft("MWCU6059784"), checklist: F.container7, inspector: F.inspector,
                                                     inspectedAt: F.moment).get()
        #expect(ReinspectionComparison.compare(original: original, reinspection: other).failure?.messageKey == "inspections.error.reinspection_other_unit")
        #expect(ReinspectionComparison.compare(original: original, reinspection: original).failure?.messageKey == "inspections.error.reinspection_same")
    }
}
