import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Stale edits")
struct StaleEditCheckTests {
    @Test func editBasedOnTheStoredVersionPasses() {
        let stored = ProfileFixtures.answer("1.2", .meets, narrative: "x", version: 4)
        let edit = AnswerEdit(criterionID: "1.2", status: .partly, narrative: "y", baseVersion: 4)
        #expect(StaleEditCheck.check(edit, stored: stored, changedByName: "Dewi") == nil)
    }

    @Test func firstAnswerIsBasedOnVersionZero() {
        let edit = AnswerEdit(criterionID: "1.2", status: .notYet, baseVersion: 0)
        #expect(StaleEditCheck.check(edit, stored: nil, changedByName: nil) == nil)
    }

    @Test func secondEditorIsToldWhoChangedItAndWhen() throws {
        // Both opened version 4; Dewi saved version 5 at 10:30 UTC; Budi now saves on version 4.
        let stored = ProfileFixtures.answer("1.2", .meets, narrative: "Dewi's text", version: 5, at: ProfileFixtures.now)
        let edit = AnswerEdit(criterionID: "1.2", status: .partly, narrative: "Budi's text", baseVersion: 4)

        let conflict = try #require(StaleEditCheck.check(edit, stored: stored, changedByName: "Dewi Lestari"))

        #expect(conflict.field == "version")
        #expect(conflict.messageKey == "profile.error.stale_edit")
        #expect(conflict.arguments["name"] == "Dewi Lestari")
        #expect(conflict.arguments["time"] == "2025-06-15 10:30 UTC")
        #expect(conflict.message.hasPrefix("Dewi Lestari changed this answer at 2025-06-15 10:30 UTC"))
        #expect(conflict.message.contains("Nothing was saved"))
    }

    @Test func someoneAnsweringFirstIsAConflictForANewAnswerToo() {
        let stored = ProfileFixtures.answer("1.2", .meets, narrative: "x", version: 1)
        let edit = AnswerEdit(criterionID: "1.2", status: .notYet, baseVersion: 0)
        #expect(StaleEditCheck.check(edit, stored: stored, changedByName: nil)?.arguments["name"] == "Someone")
    }

    @Test func requireThrowsForCorrectiveActionsAndOtherVersionedRecords() {
        let stored = StaleEditCheck.Stored(version: 3, changedByName: "Budi", changedAt: nil)
        #expect(throws: ValidationFailure.self) { try StaleEditCheck.require(baseVersion: 2, stored: stored) }
        #expect(throws: Never.self) { try StaleEditCheck.require(baseVersion: 3, stored: stored) }
    }
}
