import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 6: two server processes on one database receiving the same transition at
    /// once. The loser's write conflict (a unique key on PostgreSQL, a stale snapshot or unique
    /// key on SQLite) is decided again: `already_done`, or a 409 naming the refusal, never a 500.
    /// On SQLite both "processes" share a database file; on PostgreSQL (CI's second leg) the
    /// database of `DATABASE_URL`.
    @Suite struct ConcurrentTransitions {
        /// A database both applications can open: a fresh file on SQLite, the shared one on PostgreSQL.
        static func sharedDatabase() -> AppConfig.DatabaseChoice {
            if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") { return .postgres(url: url) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-race-\(UUID())/db.sqlite").path
            return .sqliteFile(path: path)
        }

        /// A second server process: another Application on the same, already migrated, database.
        static func withSecondProcess(_ database: AppConfig.DatabaseChoice, _ body: (Application) async throws -> Void) async throws {
            let other = try await Application.make(.testing)
            do {
                var config = AppConfig(database: database)
                config.bcryptCost = 4
                config.migrateOnStart = false
                config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-test-\(UUID())").path
                try await configure(other, config: config)
                try await body(other)
                try await other.asyncShutdown()
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
        }

        /// Lets the hook fire once, however often the service reads.
        actor Once {
            private var fired = false
            func take() -> Bool { defer { fired = true }; return !fired }
        }

        @Test func anApplyThatLosesTheRaceToAnotherProcessAnswersAlreadyDone() async throws {
            let database = Self.sharedDatabase()
            try await withTrustlane(configure: { $0.database = database }) { client in
                // setup: an eligible company, and a second process on the same database
                let f = try await LifecycleFixture.make(client)
                let officer = LifecycleActor(role: .officer, userID: f.officer.userID)
                let input = LifecycleService.Input(agreementAccepted: true)
                try await Self.withSecondProcess(database) { other in
                    // act: this process reads "no application"; before it writes, the other
                    // process receives the same apply and commits it
                    let once = Once()
                    let result = try await LifecycleService.$afterRead.withValue({
                        guard await once.take() else { return }
                        let theirs = try await LifecycleService.$afterRead.withValue(nil) {
                            try await LifecycleService(app: other).attempt(.apply, company: f.companyID, entityType: f.type,
                                                                           actor: officer, input: input)
                        }
                        guard case .done = theirs else { Issue.record("the other process should apply first"); return }
                    }) {
                        try await LifecycleService(app: client.app).attempt(.apply, company: f.companyID, entityType: f.type,
                                                                            actor: officer, input: input)
                    }

                    // verify: already done here, one application, one apply event, one audit entry
                    guard case .alreadyDone(let application) = result else { Issue.record("expected already done, got \(result)"); return }
                    #expect(application.status == .applied)
                    struct Count: Decodable { let n: Int }
                    let rows = try await (client.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                        .from("membership_applications").where("company_id", .equal, SQLBind(f.companyID.rawValue)).first(decoding: Count.self)?.n
                    #expect(rows == 1)
                    let stored = try await f.application()
                    let events = try await MembershipStore(client.db).events(application: stored.id)
                    #expect(events.filter { $0.kind == "apply" }.count == 1)
                }
            }
        }

        @Test func theSameApplyFromTwoProcessesAtOnceGivesOneSuccessAndNoServerError() async throws {
            let database = Self.sharedDatabase()
            try await withTrustlane(configure: { $0.database = database }) { client in
                try await Self.withSecondProcess(database) { other in
                    let otherClient = TestClient(app: other)
                    for round in 0..<5 {
                        // setup: a fresh eligible company each round
                        let f = try await LifecycleFixture.make(client, name: "Carriers \(round)")
                        let body = #"{"kind":"apply","agreementAccepted":true}"#

                        // act: both processes at once
                        async let mine = client.api(.POST, f.transitionsPath, token: f.officerToken, json: body)
                        async let theirs = otherClient.api(.POST, f.transitionsPath, token: f.officerToken, json: body)
                        let responses = try await [mine, theirs]

                        // verify: 200 both (one done, one already done) or a 409 naming the refusal; never a 500
                        for response in responses {
                            #expect(response.status == .ok || response.status == .conflict, "round \(round): \(response.status) \(response.text.prefix(300))")
                            if response.status == .conflict { #expect(response.text.contains(#""code":"#)) }
                        }
                        let done = responses.filter { $0.text.contains(#""result":"done""#) }.count
                        #expect(done == 1, "round \(round): \(responses.map { $0.text.prefix(120) })")
                        #expect(try await f.application().status == .applied)
                        let events = try await MembershipStore(client.db).events(application: try await f.application().id)
                        #expect(events.filter { $0.kind == "apply" }.count == 1)
                    }
                }
            }
        }
    }
}
