import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14: the counts stored with each profile for the portfolio always equal a recount of
    /// its answers; profiles without them are counted from their answers and filled at start-up.
    @Suite struct ProgressCounters {
        struct Stored: Decodable { let progress_total: Int?; let progress_complete: Int?; let progress_answered: Int?; let progress_open_musts: Int? }

        static func stored(_ client: TestClient, _ profile: UUID) async throws -> ProgressCounts? {
            let row = try await (client.db as! any SQLDatabase).select()
                .columns("progress_total", "progress_complete", "progress_answered", "progress_open_musts").from("security_profiles")
                .where("id", .equal, SQLBind(profile)).first(decoding: Stored.self)
            guard let row, let total = row.progress_total else { return nil }
            return ProgressCounts(total: total, complete: row.progress_complete ?? 0, answered: row.progress_answered ?? 0,
                                  openMusts: row.progress_open_musts ?? 0)
        }

        static func recount(_ client: TestClient, _ profile: UUID) async throws -> ProgressCounts {
            try await ProfileProgressCounters.count(profiles: [profile], on: client.db as! any SQLDatabase, catalogs: client.app.catalogs)[profile]!
        }

        @Test func storedCountsFollowEverySaveAndAreFilledWhenMissing() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let opened = try #require(try await Self.stored(client, context.id))
                #expect(opened == (try await Self.recount(client, context.id)))
                #expect(opened.answered == 0 && opened.openMusts > 0 && opened.total == context.scope.criteria.count)

                // Saves of Musts and Shoulds, forward and back: the stored counts follow each one.
                let must = try #require(context.scope.criteria.first { $0.criterion.level == .must })
                let should = try #require(context.scope.criteria.first { $0.criterion.level != .must })
                var version = [must.id: 0, should.id: 0]
                for (criterion, status) in [(must.id, AnswerStatus.meets), (should.id, .partly), (must.id, .notYet), (should.id, .meets), (must.id, .meets)] {
                    let saved = try await service.saveAnswer(context, edit: AnswerEdit(criterionID: criterion, status: status,
                                                                                       narrative: "Seal log kept at the gate.", baseVersion: version[criterion]!),
                                                             by: f.officer.userID)
                    version[criterion] = saved.version
                    #expect(try await Self.stored(client, context.id) == (try await Self.recount(client, context.id)), "after \(criterion) -> \(status)")
                }
                let final = try #require(try await Self.stored(client, context.id))
                #expect(final.answered == 2 && final.complete == 2 && final.openMusts == opened.openMusts - 1)

                // Answering the conditions narrows the scope: the counts follow it, as the home's do.
                let narrowed = try await { () async throws -> ProfileContext in
                    try await service.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "no") }),
                                                    by: f.officer.userID)
                    return try await service.require(company: f.company.companyID)
                }()
                let scoped = try #require(try await Self.stored(client, context.id))
                let recounted = try await Self.recount(client, context.id)
                #expect(scoped.total == narrowed.scope.criteria.count && scoped == recounted)

                // Without stored counts the portfolio counts from the answers; start-up fills them.
                let beforeReset = try #require(try await Self.stored(client, context.id))
                try await (client.db as! any SQLDatabase).update("security_profiles").set("progress_total", to: SQLLiteral.null)
                    .where("id", .equal, SQLBind(context.id)).run()
                let rows = try await Portfolio.load(db: client.db, catalogs: client.app.catalogs, companies: [f.company.companyID],
                                                    filter: .init(), today: ProgramDay(client.app.clock.now()))
                #expect(rows.first?.complete == beforeReset.complete && rows.first?.openMusts == beforeReset.openMusts && rows.first?.total == beforeReset.total)
                #expect(try await ProfileProgressCounters.backfill(app: client.app) == 1)
                #expect(try await Self.stored(client, context.id) == beforeReset)
            }
        }
    }
}
