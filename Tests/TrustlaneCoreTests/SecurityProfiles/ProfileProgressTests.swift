import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Profile progress")
struct ProfileProgressTests {
    @Test func countsPercentagesAndOpenMustsPerCategoryAndOverall() {
        // IMP + HC: 1.1 S, 1.2 M, 5.1 M, 5.2 S, 5.3 M, 9.1 M, 9.2 S
        let progress = ProfileProgress(scope: ProfileFixtures.scope(), statuses: ProfileFixtures.statuses([
            ("1.1", .notApplicable), ("1.2", .meets), ("5.1", .partly), ("5.3", .notYet), ("9.2", .meets),
            ("7.7", .meets), // outside the scope: ignored
        ]))

        #expect(progress.overall.total == 7)
        #expect(progress.overall.answered == 5)
        #expect(progress.overall.complete == 3)
        #expect(progress.overall[.unanswered] == 2)
        #expect(progress.overall[.meets] == 2)
        #expect(progress.overall.answered == 5)
        #expect(progress.overall.percentComplete == 42) // 3/7 rounded down
        #expect(progress.openMusts.map(\.id) == ["5.1", "5.3", "9.1"])
        #expect(progress.unansweredMusts.map(\.id) == ["9.1"])

        let vision = progress.category(1)
        #expect(vision?.counts.percentComplete == 100)
        #expect(vision?.openMusts.isEmpty == true)

        let conveyance = progress.category(5)
        #expect(conveyance?.counts.total == 3)
        #expect(conveyance?.counts.answered == 2)
        #expect(conveyance?.counts.percentComplete == 0)
        #expect(conveyance?.openMusts.map(\.id) == ["5.1", "5.3"])
        #expect(conveyance?.criteria.map(\.id) == ["5.1", "5.3", "5.2"]) // open Musts listed first
        #expect(progress.categories.map(\.category.number) == [1, 5, 9])
    }

    @Test func percentRoundsDownSoOneHundredMeansAll() {
        var counts = StatusCounts()
        for _ in 0..<199 { counts.add(.meets) }
        counts.add(.notYet)
        #expect(counts.percentComplete == 99)
        #expect(StatusCounts().percentComplete == 100)
    }

    @Test func emptyProfileIsTriviallyComplete() {
        let progress = ProfileProgress(scope: ProfileFixtures.scope([]), statuses: [:])
        #expect(progress.categories.isEmpty)
        #expect(progress.overall.total == 0)
        #expect(progress.openMusts.isEmpty)
    }

    @Test func fromStoredAnswers() {
        let answers = [CriterionID(stringLiteral: "1.2"): ProfileFixtures.answer("1.2", .meets, narrative: "x")]
        let progress = ProfileProgress(scope: ProfileFixtures.scope([.importer]), answers: answers)
        #expect(progress.statuses["1.2"] == .meets)
        #expect(progress.statuses["9.1"] == .unanswered)
        #expect(progress.overall.answered == 1)
    }

    @Test func fullBundledProfileIsComputedInMicroseconds() throws {
        let index = try ProfileFixtures.bundledIndex()
        let scope = ProfileScope(index: index, entityTypes: Set(EntityType.allCases), conditions: ConditionAnswers())
        let cycle: [AnswerStatus] = [.meets, .partly, .notYet, .notApplicable, .unanswered]
        let statuses = Dictionary(uniqueKeysWithValues: scope.criteria.enumerated().map { ($0.element.id, cycle[$0.offset % 5]) })
        #expect(scope.criteria.count >= 140)

        let runs = 200
        let clock = ContinuousClock()
        var checksum = 0
        let elapsed = clock.measure {
            for _ in 0..<runs { checksum += ProfileProgress(scope: scope, statuses: statuses).overall.answered }
        }

        #expect(checksum == runs * statuses.values.filter { $0 != .unanswered }.count)
        // A release build takes tens of microseconds; allow a slow debug build on a busy machine.
        #expect(elapsed / runs < .milliseconds(5), "\(elapsed / runs) per profile")
    }
}
