import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Profile scope")
struct ProfileScopeTests {
    @Test func unionOfEntityTypesWithTheTypesRequiringEach() {
        let scope = ProfileFixtures.scope([.importer, .highwayCarrier])

        #expect(scope.criteria.map(\.id) == ["1.1", "1.2", "5.1", "5.2", "5.3", "9.1", "9.2"])
        #expect(scope.criterion("5.3")?.entityTypes == [.highwayCarrier])
        #expect(scope.criterion("9.1")?.entityTypes == [.importer])
        #expect(scope.criterion("1.2")?.sortedEntityTypes == [.importer, .highwayCarrier])
    }

    @Test func oneEntityTypeGetsOnlyItsCriteria() {
        let scope = ProfileFixtures.scope([.importer])
        #expect(scope.criteria.map(\.id) == ["1.1", "1.2", "5.1", "9.1", "9.2"])
        #expect(scope.musts.map(\.id) == ["1.2", "5.1", "9.1"])
    }

    @Test func unansweredConditionsKeepCriteriaInScopeFlagged() {
        let scope = ProfileFixtures.scope()
        #expect(scope.criteria.filter(\.conditionPending).map(\.id) == ["5.1", "5.2", "9.1"])
        #expect(scope.pendingConditions.map(\.id) == ["keeps_seal_inventory", "uses_security_cameras"])
        #expect(scope.excluded.isEmpty)
    }

    @Test func aNoExcludesEveryCriterionOfTheCondition() {
        let scope = ProfileFixtures.scope([.importer, .highwayCarrier], ConditionAnswers(["keeps_seal_inventory": false]))
        #expect(scope.criteria.map(\.id) == ["1.1", "1.2", "5.3", "9.1", "9.2"])
        #expect(scope.excluded.map(\.id) == ["5.1", "5.2"])
        #expect(scope.pendingConditions.map(\.id) == ["uses_security_cameras"])
    }

    @Test func aYesKeepsCriteriaWithoutFlag() {
        let scope = ProfileFixtures.scope([.importer], ConditionAnswers(["uses_security_cameras": true]))
        #expect(scope.criterion("9.1")?.conditionPending == false)
        #expect(scope.criterion("5.1")?.conditionPending == true)
    }

    @Test func noEntityTypeMeansAnEmptyProfile() {
        #expect(ProfileFixtures.scope([]).criteria.isEmpty)
    }

    @Test func groupsFollowTheCatalogCategoryOrder() {
        let groups = ProfileFixtures.scope([.importer]).categoryGroups
        #expect(groups.map(\.category.number) == [1, 5, 9])
        #expect(groups.map { $0.criteria.map(\.id.rawValue) } == [["1.1", "1.2"], ["5.1"], ["9.1", "9.2"]])
        #expect(groups.last?.focusArea?.id == "people_and_physical_security")
    }

    @Test func bundledCatalogImporterProfile() throws {
        let index = try ProfileFixtures.bundledIndex()
        let all = ProfileScope(index: index, entityTypes: [.importer], conditions: ConditionAnswers())
        let noCameras = ProfileScope(index: index, entityTypes: [.importer],
                                     conditions: ConditionAnswers(["uses_security_cameras": false]))

        #expect(all.criteria.count == index.criteria(for: [.importer]).count)
        #expect(all.contains("9.13"))
        #expect(!noCameras.contains("9.13"))
        #expect(noCameras.excluded.contains { $0.id == "9.13" })
        #expect(noCameras.criteria.count + noCameras.excluded.count == all.criteria.count)
        #expect(all.categoryGroups.map(\.category.number) == Array(1...12))
    }

    @Test func conditionAnswersParseYesNoAndRefuseUnknownIDs() throws {
        let conditions = ProfileFixtures.catalog.conditions
        let parsed = try ConditionAnswers.parse(["keeps_seal_inventory": "Yes", "uses_security_cameras": "no"],
                                                conditions: conditions)
        #expect(parsed["keeps_seal_inventory"] == true)
        #expect(parsed["uses_security_cameras"] == false)
        #expect(try ConditionAnswers.parse(["keeps_seal_inventory": ""], conditions: conditions)["keeps_seal_inventory"] == nil)

        #expect {
            try ConditionAnswers.parse(["owns_ships": "yes", "uses_security_cameras": "perhaps"], conditions: conditions)
        } throws: { error in
            let failure = error as? ValidationFailure
            return failure?.fields == ["condition.owns_ships", "condition.uses_security_cameras"]
                && failure?.keys == ["profile.error.unknown_condition", "profile.error.condition_yes_no"]
        }
    }

    @Test func conditionAnswersRoundTripAsAPlainObject() throws {
        let answers = ConditionAnswers(["uses_security_cameras": true])
        let data = try JSONEncoder().encode(answers)
        #expect(String(decoding: data, as: UTF8.self) == #"{"uses_security_cameras":true}"#)
        #expect(try JSONDecoder().decode(ConditionAnswers.self, from: data) == answers)
    }
}
