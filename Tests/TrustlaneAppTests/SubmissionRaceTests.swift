import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct SubmissionRace {
        /// A save racing a submission: whatever order they land in, the snapshot holds exactly the
        /// version it records as submitted (issue 10: the answers were read before the gate).
        @Test func aSaveDuringSubmissionNeverLeavesASnapshotThatDisagreesWithItsRecordedVersion() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let service = ProfileService(app: client.app)
                var context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                try await service.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "yes") }), by: nil)
                context = try await service.require(company: f.company.companyID)
                for scoped in context.scope.criteria {
                    try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: "First for \(scoped.id.rawValue).",
                                                                           baseVersion: 0), by: f.officer.userID)
                }
                let target = try #require(context.scope.criteria.first?.id)
                let frozenContext = context
                for round in 1...12 {
                    let version = try #require(try await service.answers(frozenContext).answers[target]?.version)
                    async let submitted: ProfileSnapshotModel = service.submit(frozenContext, role: .officer, declarationConfirmed: true,
                                                                               declaration: "We declare.", by: f.officer.userID)
                    async let saved: CriterionAnswer = service.saveAnswer(frozenContext, edit: AnswerEdit(criterionID: target, status: .meets,
                                                                                                          narrative: "Round \(round) text.", baseVersion: version),
                                                                          by: f.officer.userID)
                    let (snapshotRow, _) = try await (submitted, saved)
                    // what the snapshot froze for the target ...
                    let snapshot = try ProfileSnapshot.decode(Data(snapshotRow.content.utf8))
                    let frozen = try #require(snapshot.entry(for: target))
                    // ... must be the history's text at the version recorded as submitted
                    let row = try #require(try await ProfileAnswerModel.query(on: client.db).filter(\.$profile.$id == frozenContext.id)
                        .filter(\.$criterionID == target.rawValue).first())
                    let submittedVersion = try #require(row.submittedVersion)
                    let history = try await ProfileAnswerHistoryModel.query(on: client.db).filter(\.$profileID == frozenContext.id)
                        .filter(\.$criterionID == target.rawValue).filter(\.$version == submittedVersion).first()
                    let recordedText = history?.narrative ?? (submittedVersion == row.version ? row.narrative : nil)
                    #expect(recordedText == frozen.narrative, "round \(round): snapshot froze \(frozen.narrative.debugDescription), recorded v\(submittedVersion) says \(recordedText.debugDescription)")
                }
            }
        }
    }
}
