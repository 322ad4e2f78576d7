import Foundation
import Testing
@testable import TrustlaneCore

/// Step 1: a map is one path from one origin to one destination, or every problem is named.
@Suite("Chain validator")
struct ChainValidatorTests {
    typealias F = RiskFixtures

    @Test func validMapComesBackInPathOrder() throws {
        let draft = F.draft([F.node("D1", "destination", country: "us"), F.node("F1", "origin_factory"), F.node("P1", "port")],
                            [F.leg("P1", "D1", "sea"), F.leg("F1", "P1")])

        let chain = try F.value(ChainValidator.validate(draft))

        #expect(chain.nodes.map(\.key) == ["F1", "P1", "D1"])
        #expect(chain.legs.map { "\($0.from)-\($0.to)" } == ["F1-P1", "P1-D1"])
        #expect(chain.origin.kind == .originFactory)
        #expect(chain.destination.country.code == "US")
        #expect(chain.countries.map(\.code) == ["ID", "US"])
    }

    @Test func editingDraftOfAChainGivesTheSameChain() throws {
        let chain = try F.shoes()

        let again = try F.value(ChainValidator.validate(chain.draft))

        #expect(again == chain)
    }

    @Test func emptyMapIsRefused() {
        let errors = F.errors(ChainValidator.validate(F.draft([], [])))

        #expect(errors.map(\.field) == ["nodes"])
        #expect(errors[0].messageKey == "risk.error.chain_empty")
    }

    @Test func singleNodeIsRefused() {
        let errors = F.errors(ChainValidator.validate(F.draft([F.node("A")], [])))

        #expect(errors.map(\.messageKey) == ["risk.error.chain_single_node"])
    }

    @Test func legToMissingNodeIsNamedWithoutKnockOnErrors() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C")], [F.leg("A", "B"), F.leg("B", "X")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.count == 1)
        #expect(errors[0].field == "legs[1].to")
        #expect(errors[0].messageKey == "risk.error.leg_missing_node")
        #expect(errors[0].arguments["key"] == "X")
        #expect(errors[0].message.contains("'X'"))
    }

    @Test func duplicateNodeKeyIsRefused() {
        let draft = F.draft([F.node("A"), F.node("A"), F.node("B")], [F.leg("A", "B")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["nodes[1].key"])
        #expect(errors[0].messageKey == "risk.error.node_key_duplicate")
    }

    @Test func loopIsRefusedOnTheLegThatClosesIt() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C")], [F.leg("A", "B"), F.leg("B", "C"), F.leg("C", "A")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["legs[2].to"])
        #expect(errors[0].messageKey == "risk.error.chain_loop")
        #expect(errors[0].arguments["loop"] == "A → B → C → A")
    }

    @Test func loopBehindAnOriginIsRefusedToo() {
        // S → A → B → A: the merge at A and the loop are both named.
        let draft = F.draft([F.node("S"), F.node("A"), F.node("B")], [F.leg("S", "A"), F.leg("A", "B"), F.leg("B", "A")])

        let keys = Set(F.errors(ChainValidator.validate(draft)).map(\.messageKey))

        #expect(keys == ["risk.error.chain_merge", "risk.error.chain_loop"])
    }

    @Test func forkIsRefusedWithoutAlsoCountingEnds() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C")], [F.leg("A", "B"), F.leg("A", "C")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["legs[1].from"])
        #expect(errors[0].messageKey == "risk.error.chain_fork")
        #expect(errors[0].arguments["other"] == "B")
    }

    @Test func mergeIsRefused() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C")], [F.leg("A", "C"), F.leg("B", "C")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["legs[1].to"])
        #expect(errors[0].messageKey == "risk.error.chain_merge")
    }

    @Test func nodeWithoutLegsIsRefused() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C")], [F.leg("A", "B")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["nodes[2]"])
        #expect(errors[0].messageKey == "risk.error.node_unconnected")
    }

    @Test func twoSeparatePathsAreRefusedAsASecondStartAndEnd() {
        let draft = F.draft([F.node("A"), F.node("B"), F.node("C"), F.node("D")], [F.leg("A", "B"), F.leg("C", "D")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["nodes[2]", "nodes[3]"])
        #expect(errors.map(\.messageKey) == ["risk.error.chain_two_starts", "risk.error.chain_two_ends"])
    }

    @Test func unknownCountryIsRefusedAndLowercaseIsAccepted() {
        let draft = F.draft([F.node("A", country: "XX"), F.node("B", country: "mx")], [F.leg("A", "B")])

        let errors = F.errors(ChainValidator.validate(draft))

        #expect(errors.map(\.field) == ["nodes[0].country"])
        #expect(errors[0].messageKey == "risk.error.node_country")
        #expect(errors[0].arguments["value"] == "XX")
    }

    @Test func unknownKindModeAndMissingFieldsAreEachNamed() {
        let draft = F.draft([F.node("A", "factory"), ChainNode.Draft(key: "B", kind: "port", name: " ", country: nil)],
                            [F.leg("A", "B", "pigeon")])

        let fields = F.errors(ChainValidator.validate(draft)).map(\.field)

        #expect(fields == ["nodes[0].kind", "nodes[1].name", "nodes[1].country", "legs[0].mode"])
    }

    @Test func selfLegDuplicateLegAndBadKeyAreRefused() {
        let selfLeg = F.errors(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B"), F.leg("B", "B")])))
        let duplicate = F.errors(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B"), F.leg("A", "B", "rail")])))
        let badKey = F.errors(ChainValidator.validate(F.draft([F.node("A 1"), F.node("B")], [F.leg("A 1", "B")])))

        #expect(selfLeg.map(\.messageKey) == ["risk.error.leg_self"])
        #expect(duplicate.map(\.field) == ["legs[1]"])
        #expect(badKey.map(\.field).first == "nodes[0].key")
        #expect(badKey.map(\.messageKey).first == "risk.error.node_key_format")
    }

    @Test func chainNameIsRequired() {
        let errors = F.errors(ChainValidator.validate(F.draft([F.node("A"), F.node("B")], [F.leg("A", "B")], name: "  ")))

        #expect(errors.map(\.field) == ["name"])
    }
}
