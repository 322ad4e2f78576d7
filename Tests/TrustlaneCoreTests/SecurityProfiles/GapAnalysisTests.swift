import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Gap analysis")
struct GapAnalysisTests {
    let scope = ProfileFixtures.scope() // IMP + HC

    var answers: [CriterionID: CriterionAnswer] {
        [
            "1.1": ProfileFixtures.answer("1.1", .partly, narrative: "Draft, \"v2\" pending"),
            "1.2": ProfileFixtures.answer("1.2", .meets, narrative: "Signed."),
            "5.2": ProfileFixtures.answer("5.2", .notApplicable, reason: "No seals"),
            "5.3": ProfileFixtures.answer("5.3", .notYet, narrative: "Yard fence\nordered", responsible: "Budi"),
        ]
    }

    @Test func listsEveryUnmetCriterionMustsFirstThenByID() {
        let gaps = GapAnalysis(scope: scope, answers: answers)
        // Musts not met: 5.1 (unanswered), 5.3, 9.1 (unanswered); Shoulds: 1.1, 9.2 (unanswered).
        #expect(gaps.items.map(\.id) == ["5.1", "5.3", "9.1", "1.1", "9.2"])
        #expect(gaps.musts.map(\.id) == ["5.1", "5.3", "9.1"])
        #expect(gaps.items.first { $0.id == "5.3" }?.narrative == "Yard fence\nordered")
        #expect(gaps.items.first { $0.id == "5.1" }?.status == .unanswered)
    }

    @Test func countsCorrectiveActionsPerCriterion() {
        let open = CorrectiveAction(companyID: ProfileFixtures.companyID, profileID: ProfileFixtures.profileID, title: "Fence", ownerName: "Budi",
                                    dueDate: ProfileFixtures.day("2025-07-01"), criterionIDs: ["5.3", "9.1"])
        let done = CorrectiveAction(companyID: ProfileFixtures.companyID, profileID: ProfileFixtures.profileID, title: "Gate", ownerName: "Budi",
                                    dueDate: ProfileFixtures.day("2025-05-01"), status: .done, criterionIDs: ["5.3"])
        let gaps = GapAnalysis(scope: scope, answers: answers, actions: [open, done])
        let fence = gaps.items.first { $0.id == "5.3" }
        #expect(fence?.correctiveActions == 2)
        #expect(fence?.openCorrectiveActions == 1)
        #expect(gaps.items.first { $0.id == "9.1" }?.correctiveActions == 1)
        #expect(gaps.items.first { $0.id == "1.1" }?.correctiveActions == 0)
    }

    @Test func csvHasAHeaderAndQuotesPerRFC4180() {
        let csv = GapAnalysis(scope: scope, answers: answers, correctiveActions: ["5.3": 2], openCorrectiveActions: ["5.3": 1]).csv()
        let lines = csv.components(separatedBy: "\r\n")

        #expect(lines[0] == "criterion_id,level,category,title,entity_types,status,narrative,responsible,corrective_actions,open_corrective_actions,not_applicable_claim,not_applicable_reason")
        #expect(lines[1] == "5.1,Must,\"Conveyance, \"\"IIT\"\" Security\",Criterion 5.1,IMP;HC,unanswered,,,0,0,,")
        #expect(csv.contains("5.3,Must,\"Conveyance, \"\"IIT\"\" Security\",Criterion 5.3,HC,not_yet,\"Yard fence\nordered\",Budi,2,1,,\r\n"))
        #expect(csv.contains("1.1,Should,Security Vision,Criterion 1.1,IMP;HC,partly,\"Draft, \"\"v2\"\" pending\",,0,0,,\r\n"))
        #expect(csv.hasSuffix("\r\n"))
    }

    @Test func csvFieldQuotingAndFormulaNeutralizing() {
        #expect(ProfileCSV.field("plain") == "plain")
        #expect(ProfileCSV.field("a,b") == "\"a,b\"")
        #expect(ProfileCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ProfileCSV.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(ProfileCSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ProfileCSV.field("+1") == "'+1")
        #expect(ProfileCSV.field("@SUM") == "'@SUM")
        #expect(ProfileCSV.field("") == "")
    }

    @Test func bundledProfileWithNothingAnsweredListsEveryCriterion() throws {
        let index = try ProfileFixtures.bundledIndex()
        let scope = ProfileScope(index: index, entityTypes: [.highwayCarrier], conditions: ConditionAnswers())
        let gaps = GapAnalysis(scope: scope, answers: [:])
        #expect(gaps.items.count == scope.criteria.count)
        #expect(gaps.items.prefix(scope.musts.count).allSatisfy { $0.criterion.isMust })
        #expect(gaps.csv().components(separatedBy: "\r\n").count == scope.criteria.count + 2) // header + rows + trailing empty
    }
}
