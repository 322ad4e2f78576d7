import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 14: every deadline a person can see as a private, revocable iCalendar feed, and a
    /// weekly digest through the outbox, once a week.
    @Suite struct CalendarAndDigest {
        static func link(in page: String) -> String? {
            guard let start = page.range(of: "<code id=\"calendar-link\">") else { return nil }
            let rest = page[start.upperBound...]
            guard let end = rest.range(of: "</code>") else { return nil }
            let full = String(rest[..<end.lowerBound])
            return full.range(of: "/calendar/").map { String(full[$0.lowerBound...]) }
        }

        @Test func feedHoldsTheDeadlinesOfWhatThePersonSeesAndStopsWhenRevoked() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client, name: "Harbor, Seal; Co")
                try await f.certify()
                let officer = try await client.signIn(f.officer.email)
                #expect(try await client.post("/companies/\(f.companyID)/actions", as: officer,
                                              form: [("title", "Replace the yard fence"), ("owner", "Olga"), ("due_date", "2026-04-15")]).status == .seeOther)
                // Another company's officer, with a link of their own.
                let other = try await LifecycleFixture.make(client, name: "Other Freight")
                let otherOfficer = try await client.signIn(other.officer.email)
                #expect(try await client.post("/companies/\(other.companyID)/actions", as: otherOfficer,
                                              form: [("title", "Other company's secret action"), ("owner", "Otto"), ("due_date", "2026-04-20")]).status == .seeOther)

                let account = try await client.get("/account", as: officer).text
                #expect(account.contains("id=\"calendar-create\"") && account.contains("id=\"digest-form\""))
                let made = try await client.post("/account/calendar", as: officer, form: [])
                let path = try #require(Self.link(in: made.text))
                #expect(path.hasSuffix(".ics"))
                #expect(try await client.get("/account", as: officer).text.contains("id=\"calendar-link\"") == false, "shown once")

                // No session needed: the secret in the address is the credential.
                let feed = try await client.app.testing().sendRequest(.GET, path)
                #expect(feed.status == .ok)
                #expect(feed.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(feed.headers.first(name: .cacheControl)?.contains("no-store") == true)
                let text = feed.body.string
                #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
                #expect(text.contains("DTSTART;VALUE=DATE:20260415"), "the corrective action's due day")
                #expect(text.contains("Harbor\\, Seal\\; Co"), "TEXT values escaped")
                // Certified on 2026-03-02: the validation is due within a year.
                let validation = ProgramDay("2026-03-02")!.adding(days: client.app.config.programSettings.validationDueDays)
                #expect(text.contains("DTSTART;VALUE=DATE:\(validation.description.replacingOccurrences(of: "-", with: ""))"))
                #expect(!text.contains("Other company"), "only what the person can see")
                #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "lines folded at 75 octets")

                // The reviewer's feed holds the applications assigned to them.
                let reviewer = try await client.signIn(f.reviewer.email)
                let reviewerPath = try #require(Self.link(in: try await client.post("/account/calendar", as: reviewer, form: []).text))
                let reviewerFeed = try await client.app.testing().sendRequest(.GET, reviewerPath).body.string
                #expect(reviewerFeed.contains("Harbor\\, Seal\\; Co · \(f.type.code)"))
                #expect(!reviewerFeed.contains("Replace the yard fence"), "a reviewer reads no working draft")

                // A new link replaces the old; revoking ends it.
                let replaced = try #require(Self.link(in: try await client.post("/account/calendar", as: officer, form: []).text))
                #expect(try await client.app.testing().sendRequest(.GET, path).status == .notFound)
                #expect(try await client.app.testing().sendRequest(.GET, replaced).status == .ok)
                #expect(try await client.post("/account/calendar/revoke", as: officer, form: []).status == .seeOther)
                #expect(try await client.app.testing().sendRequest(.GET, replaced).status == .notFound)
                #expect(try await client.app.testing().sendRequest(.GET, "/calendar/not-a-real-token-at-all-0000.ics").status == .notFound)
                let audit = try await AuditEntryModel.query(on: client.db).filter(\.$action ~~ ["account.calendar_link_created", "account.calendar_link_replaced",
                                                                                               "account.calendar_link_revoked"]).count()
                #expect(audit == 4)
            }
        }

        @Test func weeklyDigestIsQueuedOnceAWeekAndNotForThoseWhoTurnedItOff() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2026-03-02"))
                let f = try await LifecycleFixture.make(client, name: "Digest Freight")
                try await f.certify()
                let officer = try await client.signIn(f.officer.email)
                #expect(try await client.post("/companies/\(f.companyID)/actions", as: officer,
                                              form: [("title", "Fix the gate lock"), ("owner", "Olga"), ("due_date", "2026-03-03")]).status == .seeOther)
                let coordinator = try await client.makeUser("quiet@example.com", name: "Quiet Coordinator")
                try await client.addMember(coordinator, to: f.company, role: .coordinator)
                let quiet = try await client.signIn(coordinator.email)
                #expect(try await client.post("/account/digest", as: quiet, form: []).status == .seeOther)

                client.app.clock = .fixed(.day("2026-03-04"))
                let first = try await WeeklyDigest(app: client.app).run()
                #expect(first.queued >= 1)
                struct Row: Decodable { let recipient_id: UUID?; let parameters: String; let channel: String }
                let sql = client.db as! any SQLDatabase
                let rows = try await sql.select().columns("recipient_id", "parameters", "channel").from("notifications")
                    .where("message_key", .equal, SQLBind("email.weekly_digest")).all(decoding: Row.self)
                let mine = try #require(rows.first { $0.recipient_id == f.officer.id })
                #expect(mine.channel == "email")
                #expect(mine.parameters.contains("Fix the gate lock"), "the overdue action is listed")
                #expect(!rows.contains { $0.recipient_id == coordinator.id }, "turned off")

                // Later the same ISO week: nothing new. The next week: one more.
                client.app.clock = .fixed(.day("2026-03-07"))
                #expect(try await WeeklyDigest(app: client.app).run().queued == 0)
                client.app.clock = .fixed(.day("2026-03-09"))
                #expect(try await WeeklyDigest(app: client.app).run().queued >= 1)
                let total = try await sql.select().columns("recipient_id", "parameters", "channel").from("notifications")
                    .where("message_key", .equal, SQLBind("email.weekly_digest")).where("recipient_id", .equal, SQLBind(f.officer.id!))
                    .all(decoding: Row.self).count
                #expect(total == 2)
            }
        }
    }
}
