import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 13: invitations and forgotten passwords travel by email through the outbox;
    /// invitations can be sent again or withdrawn.
    @Suite struct EmailLinks {
        /// The emails waiting in the outbox, as the sender would write them.
        static func outgoing(_ client: TestClient) async throws -> [(row: OutboxStore.Row, mail: MailMessage)] {
            let store = OutboxStore(app: client.app)
            let rows = try await store.claimDue(channels: [.email], now: client.app.clock.now(), maximumAttempts: 5, lease: 60, limit: 50)
            return try rows.map { ($0, try OutboxMessage.email(for: $0, from: "trustlane@example.com", publicURL: "https://trust.example")) }
        }

        @Test func anInvitationIsEmailedInTheInvitersLanguageAndCanBeResentOrWithdrawn() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Batik Jaya")
                let officer = try await client.makeUser("officer@example.com", name: "Sari Officer")
                try await client.addMember(officer, to: company, role: .officer)
                let viewer = try await client.makeUser("viewer@example.com")
                try await client.addMember(viewer, to: company, role: .viewer)
                let browser = try await client.signIn("officer@example.com")
                let page = try await client.post("/companies/\(company.companyID)/invitations", as: browser,
                                                 form: [("email", "new@example.com"), ("role", "contributor")])
                #expect(page.status == .ok)
                // The page shows the link, the email carries the same one.
                let shown = try #require(Invitations.invitationPath(in: page.text))
                let mails = try await Self.outgoing(client)
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.mail.to == "new@example.com")
                #expect(mail.mail.subject.contains("Sari Officer") && mail.mail.subject.contains("Batik Jaya"))
                #expect(mail.mail.body.contains("https://trust.example" + shown))
                // Sent: the secret link is not kept in the outbox.
                try await OutboxStore(app: client.app).markSent(mail.row.id, at: client.app.clock.now())
                struct LinkRow: Decodable { let link: String? }
                let kept = try await (client.db as! any SQLDatabase).select().column("link").from("notifications")
                    .where("id", .equal, SQLBind(mail.row.id)).first(decoding: LinkRow.self)
                #expect(kept?.link == nil)

                let invitation = try #require(try await InvitationModel.query(on: client.db).first())
                let id = try invitation.requireID().uuidString.lowercased()
                let base = "/companies/\(company.companyID)/invitations/\(id)"
                let listed = try await client.get("/companies/\(company.companyID)", as: browser).text
                #expect(listed.contains("action=\"\(base)/resend\"") && listed.contains("action=\"\(base)/revoke\""))

                // Sending again: a new link, the old one refused, a second email in Bahasa Indonesia.
                _ = try await client.post("/account/language", as: browser, form: [("language", "id")])
                let resent = try await client.post(base + "/resend", as: browser)
                #expect(resent.status == .ok)
                let newPath = try #require(Invitations.invitationPath(in: resent.text))
                #expect(newPath != shown)
                #expect(try await client.get(shown, as: client.browser()).status == .gone)
                #expect(try await client.get(newPath, as: client.browser()).status == .ok)
                let second = try await Self.outgoing(client)
                #expect(second.count == 1 && second[0].mail.subject.contains("mengundang"))
                #expect(second[0].mail.body.contains("https://trust.example" + newPath))

                // A viewer may neither resend nor withdraw.
                let viewerBrowser = try await client.signIn("viewer@example.com")
                #expect(try await client.post(base + "/revoke", as: viewerBrowser, form: [("confirm", "yes")]).status == .forbidden)

                // Withdrawing asks first, then the link stops working.
                let ask = try await client.post(base + "/revoke", as: browser)
                #expect(ask.status == .ok && ask.text.contains("id=\"confirm-form\"") && ask.text.contains("new@example.com"))
                #expect(try await client.get(newPath, as: client.browser()).status == .ok)
                let done = try await client.post(base + "/revoke", as: browser, form: [("confirm", "yes")])
                #expect(done.status == .seeOther)
                #expect(try await client.get(newPath, as: client.browser()).status == .gone)
                #expect(!(try await client.get("/companies/\(company.companyID)", as: browser).text.contains(base)))
                #expect(try await client.post(base + "/revoke", as: browser, form: [("confirm", "yes")]).status == .notFound)
            }
        }

        @Test func aForgottenPasswordIsResetByASingleUseEmailedLink() async throws {
            try await withTrustlane { client in
                let user = try await client.makeUser("sari@example.com", name: "Sari")
                let signedIn = try await client.signIn("sari@example.com")

                // The answer is the same for an address without an account, and nothing is sent.
                let unknown = try await client.post("/password/forgot", as: client.browser(), form: [("email", "nobody@example.com")])
                let known = try await client.post("/password/forgot", as: client.browser(), form: [("email", "Sari@Example.com")])
                #expect(unknown.status == .seeOther && known.status == .seeOther && unknown.location == known.location)
                #expect(try await client.post("/password/forgot", as: client.browser(), form: [("email", "not an address")]).status == .badRequest)
                let mails = try await Self.outgoing(client)
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.mail.to == "sari@example.com")
                let link = try #require(mail.mail.body.split(separator: "\n").first { $0.contains("/password/reset/") })
                let path = String(link[link.range(of: "/password/reset/")!.lowerBound...])
                #expect(try await PasswordResetModel.query(on: client.db).first()?.tokenHash == SecureToken.digest(String(path.dropFirst("/password/reset/".count))))

                let form = try await client.get(path, as: client.browser())
                #expect(form.status == .ok && form.text.contains("id=\"reset-form\"") && form.text.contains("sari@example.com"))
                let weak = try await client.post(path, as: client.browser(), form: [("password", "short"), ("password_confirmation", "short")])
                #expect(weak.status == .badRequest && weak.text.contains("data-field=\"password\""))
                let newPassword = "a brand new passphrase for sari"
                let saved = try await client.post(path, as: client.browser(), form: [("password", newPassword), ("password_confirmation", newPassword)])
                #expect(saved.status == .seeOther)
                // Signed out everywhere; the new password works, the link does not work twice.
                #expect(try await client.get("/account", as: signedIn).status != .ok)
                _ = try await client.signIn("sari@example.com", password: newPassword)
                #expect(try await client.get(path, as: client.browser()).status == .gone)
                #expect(try await client.post(path, as: client.browser(), form: [("password", newPassword + "x"), ("password_confirmation", newPassword + "x")]).status == .gone)
                let actions = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(actions.contains("account.password_reset_requested") && actions.contains("account.password_reset"))
                _ = user

                // At most three links an hour.
                for _ in 0..<4 { _ = try await client.post("/password/forgot", as: client.browser(), form: [("email", "sari@example.com")]) }
                #expect(try await PasswordResetModel.query(on: client.db).count() == 3)
            }
        }
    }
}

extension AppTests {
    @Suite struct PersonalTimeZone {
        @Test func aPersonChoosesTheZoneTheirPagesShowTimesIn() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn("admin@example.com")
                #expect(try await client.get("/admin/audit", as: browser).text.contains(" UTC</td>"))
                let saved = try await client.post("/account/time-zone", as: browser, form: [("time_zone", "Asia/Jakarta")])
                #expect(saved.status == .seeOther)
                let account = try await client.get("/account", as: browser).text
                #expect(account.contains("<option value=\"Asia/Jakarta\" selected>"))
                let audit = try await client.get("/admin/audit", as: browser).text
                #expect(!audit.contains(" UTC</td>") && audit.contains("account.time_zone_changed"))
                let bad = try await client.post("/account/time-zone", as: browser, form: [("time_zone", "Mars/Olympus_Mons")])
                #expect(bad.status == .badRequest)
                #expect(try await client.post("/account/time-zone", as: browser, form: [("time_zone", "")]).status == .seeOther)
                #expect(try await client.get("/admin/audit", as: browser).text.contains(" UTC</td>"))
            }
        }
    }
}
