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

        @Test func theSameMonitoringRequestFromTwoProcessesAtOnceSavesOneAndNoServerError() async throws {
            let database = Self.sharedDatabase()
            try await withTrustlane(configure: { $0.database = database }) { client in
                // setup: a certified member
                let member = try await client.makeCompany("Certified Carriers SA", types: [.highwayCarrier])
                try await client.makeMembership(member)
                try await Self.withSecondProcess(database) { other in
                    let otherClient = TestClient(app: other)
                    for round in 0..<5 {
                        // a new partner company each round, whose coordinator asks from both processes at once
                        let partner = try await client.makeCompany("Partner \(round) LLC", country: "US", types: [.importer])
                        let coordinator = try await client.makeUser("partner\(round)@example.com")
                        try await client.addMember(coordinator, to: partner, role: .coordinator)
                        let token = try await client.token(for: coordinator)
                        let path = "/api/v1/companies/\(partner.companyID)/verification/monitoring"
                        let body = "{\"memberCompanyId\":\"\(member.companyID)\"}"

                        // act
                        async let mine = client.api(.POST, path, token: token, json: body)
                        async let theirs = otherClient.api(.POST, path, token: token, json: body)
                        let responses = try await [mine, theirs]

                        // verify: both answered (created, or 409 naming the conflict), one connection saved
                        for response in responses {
                            #expect(response.status == .created || response.status == .conflict, "round \(round): \(response.status) \(response.text.prefix(200))")
                        }
                        #expect(responses.contains { $0.status == .created })
                        struct Count: Decodable { let n: Int }
                        let rows = try await (client.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                            .from("monitoring_connections").where("partner_company_id", .equal, SQLBind(partner.companyID.rawValue))
                            .first(decoding: Count.self)?.n
                        #expect(rows == 1, "round \(round)")
                    }
                }
            }
        }

        @Test func theSameInvitationAcceptedInTwoProcessesAtOnceMakesOneAccountAndNoServerError() async throws {
            let database = Self.sharedDatabase()
            try await withTrustlane(configure: { $0.database = database }) { client in
                let company = try await client.makeCompany("Norte")
                try await Self.withSecondProcess(database) { other in
                    let otherClient = TestClient(app: other)
                    for round in 0..<5 {
                        // setup: an invitation, and a browser in each process
                        let email = "invitee\(round)@norte.example"
                        let invitation = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: email,
                                                                                             role: "viewer", by: nil)
                        let path = "/invitations/\(invitation.token)"
                        let form = [("name", "Vera Viewer"), ("password", "violet rivers at noon"), ("password_confirmation", "violet rivers at noon")]
                        let mineBrowser = client.browser(), theirBrowser = otherClient.browser()
                        try await client.get("/sign-in", as: mineBrowser)
                        try await otherClient.get("/sign-in", as: theirBrowser)

                        // act: the form sent to both processes at once
                        async let mine = client.post(path, as: mineBrowser, form: form)
                        async let theirs = otherClient.post(path, as: theirBrowser, form: form)
                        let responses = try await [mine, theirs]

                        // verify: one account and membership; the other answer says the link was used (410) or 409
                        for response in responses {
                            #expect([.seeOther, .gone, .conflict].contains(response.status), "round \(round): \(response.status)")
                        }
                        #expect(responses.filter { $0.status == .seeOther }.count == 1, "round \(round): \(responses.map(\.status))")
                        #expect(try await UserModel.query(on: client.db).filter(\.$email == email).count() == 1)
                    }
                    #expect(try await client.count(CompanyMemberModel.self) == 5)
                }
            }
        }
    }
}
