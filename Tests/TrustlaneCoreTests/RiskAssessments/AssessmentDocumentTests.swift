import Foundation
import Testing
@testable import TrustlaneCore

/// Step 5: the method, the date, the next review within a year, and the next assessment.
@Suite("Assessment document")
struct AssessmentDocumentTests {
    typealias F = RiskFixtures
    let company = CompanyID()
    let method = AssessmentMethod(participants: [AssessmentParticipant(name: "Dewi Lestari", role: "Security manager")])
    let day: TimeInterval = 86_400

    @Test func nextReviewDefaultsToOneYearLater() throws {
        let document = try F.value(AssessmentDocument.validate(companyID: company, method: method, assessedOn: F.now, today: F.now))

        #expect(ProgramDay.text(document.assessedOn) == "2025-03-01")
        #expect(ProgramDay.text(document.nextReviewOn) == "2026-03-01")
        #expect(!document.isOverAYearOld(asOf: F.now.addingTimeInterval(365 * day)))
        #expect(document.isOverAYearOld(asOf: F.now.addingTimeInterval(366 * day)))
    }

    @Test func companyMaySetAnEarlierReviewButNotALaterOne() throws {
        let sooner = try F.value(AssessmentDocument.validate(companyID: company, method: method, assessedOn: F.now,
                                                             nextReviewOn: F.now.addingTimeInterval(180 * day), today: F.now))
        let later = F.errors(AssessmentDocument.validate(companyID: company, method: method, assessedOn: F.now,
                                                         nextReviewOn: F.now.addingTimeInterval(400 * day), today: F.now))
        let before = F.errors(AssessmentDocument.validate(companyID: company, method: method, assessedOn: F.now,
                                                          nextReviewOn: F.now, today: F.now))

        #expect(ProgramDay.text(sooner.nextReviewOn) == "2025-08-28")
        #expect(later.map(\.messageKey) == ["risk.error.review_too_late"])
        #expect(later[0].arguments["latest"] == "2026-03-01")
        #expect(before.map(\.messageKey) == ["risk.error.review_before_assessment"])
    }

    @Test func futureDateNoParticipantsAndBadBandsAreRefused() {
        let method = AssessmentMethod(bands: RiskBands(mediumFrom: 5, highFrom: 4), participants: [])

        let errors = F.errors(AssessmentDocument.validate(companyID: company, method: method,
                                                          assessedOn: F.now.addingTimeInterval(2 * day), today: F.now))

        #expect(errors.map(\.field) == ["assessed_on", "high_from", "participants"])
    }

    @Test func nextAssessmentStartsFromACopyLinkedBack() throws {
        let first = try F.value(AssessmentDocument.validate(companyID: company, method: method, assessedOn: F.now, today: F.now))
        let later = F.now.addingTimeInterval(360 * day)

        let next = try F.value(first.nextAssessment(assessedOn: later, today: later))

        #expect(next.previousID == first.id)
        #expect(next.method == first.method)
        #expect(next.companyID == company)
        #expect(next.id != first.id)
    }

    @Test func methodDocumentsScaleFormulaAndBands() {
        let text = method.formulaText

        #expect(text.contains("low = 1, medium = 2, high = 3"))
        #expect(text.contains("threat value × vulnerability value"))
        #expect(text.contains("Bands: low 1, 2; medium 3, 4; high 6, 9."))
    }

    @Test func formulaIsPresentedAsTrustlanesMethodNotCBPs() {
        let text = method.formulaText

        #expect(text.hasPrefix("Trustlane's method, not CBP's: CBP rates threat and vulnerability only as High, Medium or Low;"))
        #expect(text.contains(AssessmentMethod.methodNotice))
    }

    @Test func mappingDueDateAndScreeningLevelAreNamedAsTrustlanesChoices() {
        let choices = method.trustlaneChoices

        #expect(choices.count == 3)
        #expect(choices[0].hasPrefix("The criteria categories rated at each kind of node (CategoryApplicability) are Trustlane's mapping, not CBP's"))
        #expect(choices[1].contains("\(ActionPlanProposal.defaultDueInDays) days") && choices[1].contains("Trustlane's default, not a CBP deadline"))
        #expect(choices[2].contains("from the threat level high"))
    }

    @Test func participantsNeedNameAndRole() {
        let none = F.errors(AssessmentMethod.validateParticipants([]))
        let partial = F.errors(AssessmentMethod.validateParticipants([.init(name: "Ana", role: " ")]))

        #expect(none.map(\.field) == ["participants"])
        #expect(partial.map(\.field) == ["participants[0].role"])
    }
}
