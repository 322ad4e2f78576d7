import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 15: marking a notification read is for its recipient only.
    @Suite struct NotificationRead {
        /// One unread in-app notification for `user`, inserted as the outbox would.
        static func notification(for user: UserModel, company: CompanyModel, on db: any Database) async throws -> UUID {
            let id = UUID()
            try await (db as! any SQLDatabase).insert(into: "notifications")
                .columns("id", "dedupe_key", "recipient_id", "company_id", "channel", "message_key", "parameters", "link",
                         "created_at", "read_at", "attempts", "next_attempt_at", "last_error", "sent_at")
                .values(SQLBind(id), SQLBind("test-\(id)"), SQLBind(user.id!), SQLBind(company.id!), SQLBind(NotificationOutbox.inApp),
                        SQLBind("notifications.title"), SQLBind("{}"), SQLBind(String?.none), SQLBind(Date()), SQLBind(Date?.none),
                        SQLBind(0), SQLBind(Date?.none), SQLBind(String?.none), SQLBind(Date?.none))
                .run()
            return id
        }

        static func readAt(_ id: UUID, on db: any Database) async throws -> Date? {
            struct Row: Decodable { let read_at: Date? }
            return try await (db as! any SQLDatabase).select().column("read_at").from("notifications")
                .where("id", .equal, SQLBind(id)).first(decoding: Row.self)?.read_at
        }

        @Test func markingSomeoneElsesNotificationReadAnswers404AndChangesNothing() async throws {
            try await withTrustlane { client in
                // setup: Ana has an unread notification; Bea is another signed-in person
                let company = try await client.makeCompany("Fronteras Carriers")
                let ana = try await client.makeUser("ana@example.com")
                let bea = try await client.makeUser("bea@example.com")
                let id = try await Self.notification(for: ana, company: company, on: client.db)
                let beaToken = try await client.token(for: bea)
                let beaBrowser = try await client.signIn(bea.email)

                // act: Bea marks Ana's notification read through the API and the page
                let api = try await client.api(.POST, "/api/v1/notifications/\(id)/read", token: beaToken)
                let form = try await client.post("/notifications/\(id)/read", as: beaBrowser)
                let unknown = try await client.api(.POST, "/api/v1/notifications/\(UUID())/read", token: beaToken)

                // verify: 404 each time, still unread
                #expect(api.status == .notFound, "\(api.status)")
                #expect(form.status == .notFound, "\(form.status)")
                #expect(unknown.status == .notFound, "\(unknown.status)")
                #expect(try await Self.readAt(id, on: client.db) == nil)
            }
        }

        @Test func theRecipientMarksTheirNotificationReadTwice() async throws {
            try await withTrustlane { client in
                // setup
                let company = try await client.makeCompany("Fronteras Carriers")
                let ana = try await client.makeUser("ana@example.com")
                let id = try await Self.notification(for: ana, company: company, on: client.db)
                let token = try await client.token(for: ana)

                // act
                let first = try await client.api(.POST, "/api/v1/notifications/\(id)/read", token: token)
                let again = try await client.api(.POST, "/api/v1/notifications/\(id)/read", token: token)
                let page = try await client.post("/notifications/\(id)/read", as: try await client.signIn(ana.email))

                // verify: read, and repeating it is not an error
                #expect(first.status == .noContent)
                #expect(again.status == .noContent)
                #expect(page.status == .seeOther)
                #expect(try await Self.readAt(id, on: client.db) != nil)
            }
        }
    }
}
