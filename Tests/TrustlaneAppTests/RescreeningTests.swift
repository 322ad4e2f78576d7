import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17, MSC 11.2: the company-wide list of people due for periodic background
    /// re-screening, with their days, in order of urgency; read by everyone who reads the
    /// training records of that company, page and API.
    @Suite struct Rescreening {
        static func person(_ client: TestClient, _ f: Training.Fixture, _ name: String, sensitivity: String = "sensitive", kind: String = "employee",
                           cleared: ProgramDay? = nil, result: String = "cleared") async throws -> String {
            let added = try await client.post(f.base + "/people", as: f.browser, form: [("name", name), ("sensitivity", sensitivity), ("employment_kind", kind)])
            #expect(added.status == .seeOther, "\(added.text.prefix(300))")
            let path = try #require(added.location)
            if let cleared {
                let step = try await client.post(path + "/steps", as: f.browser, form: [("step", "background_check"), ("done_on", cleared.description), ("result", result)])
                #expect(step.status == .seeOther, "\(step.text.prefix(300))")
            }
            return String(path.split(separator: "/").last!)
        }

        @Test func theScheduleListsWhoHasNoClearedCheckThenOverdueDueSoonAndCurrentWithTheirDays() async throws {
            try await withTrustlane { client in
                // Setup: people in every place on the schedule, and some who are not on it.
                let f = try await Training.fixture(client)
                let today = ProgramDay(Date())
                let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
                _ = try await Self.person(client, f, "Ana Standard", sensitivity: "standard", cleared: today.adding(months: -60))
                let budi = try await Self.person(client, f, "Budi Missing")
                let citra = try await Self.person(client, f, "Citra Refused", cleared: today.adding(days: -10), result: "not_cleared")
                let dedi = try await Self.person(client, f, "Dedi Overdue", cleared: today.adding(months: -(months + 1)))
                let eka = try await Self.person(client, f, "Eka Soon", kind: "contractor", cleared: today.adding(days: 30).adding(months: -months))
                let fajar = try await Self.person(client, f, "Fajar Current", cleared: today)
                let gita = try await Self.person(client, f, "Gita Left")
                #expect(try await client.post(f.base + "/people/\(gita)/separate", as: f.browser, form: [("separated_on", today.description)]).status == .seeOther)
                let other = try await Training.fixture(client)
                _ = try await Self.person(client, other, "Hadi Elsewhere")

                // Act: the page.
                let page = try await client.get(f.base + "/rescreening", as: f.browser)

                // Verify: the order and the statuses; the standard position, the leaver and the other company's person are absent.
                #expect(page.status == .ok)
                let order = page.text.matches(of: /data-person="([0-9a-f-]{36})" data-status="([a-z_]+)"/).map { (String($0.1), String($0.2)) }
                #expect(order.map(\.0) == [budi, citra, dedi, eka, fajar], "\(order)")
                #expect(order.map(\.1) == ["missing", "missing", "overdue", "due_soon", "current"])
                #expect(!page.text.contains("Ana Standard") && !page.text.contains("Gita Left") && !page.text.contains("Hadi Elsewhere"))
                #expect(page.text.contains("id=\"rescreening-basis\"") && page.text.contains("unverified") && page.text.contains("Contractor"))
                #expect(try await client.get(f.base, as: f.browser).text.contains("id=\"training-rescreening-link\""))
                // A filter by status, and an unknown one refused by name.
                let overdue = try await client.get(f.base + "/rescreening?status=overdue", as: f.browser)
                #expect(overdue.text.contains("data-person=\"\(dedi)\"") && !overdue.text.contains("data-person=\"\(budi)\""))
                let bad = try await client.get(f.base + "/rescreening?status=late", as: f.browser)
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"status\""))

                // The API says the same, with the days and the intervals marked unverified.
                let api = try await client.api(.GET, f.api + "/rescreening", token: f.token)
                #expect(api.status == .ok && api.text.contains(#""intervalsUnverified":true"#) && api.text.contains(#""missing":2"#) && api.text.contains(#""due_soon":1"#), "\(api.text)")
                let dueSoon = today.adding(days: 30).description
                #expect(api.text.contains(#""dueOn":"\#(dueSoon)""#) && api.text.contains(#""employmentKind":"contractor""#))
                let ids = api.text.matches(of: /"personId":"([0-9A-Fa-f-]{36})"/).map { String($0.1).lowercased() }
                #expect(ids == [budi, citra, dedi, eka, fajar])
                let current = try await client.api(.GET, f.api + "/rescreening?status=current", token: f.token)
                #expect(current.text.matches(of: /"personId"/).count == 1 && current.text.lowercased().contains(fajar))
                #expect(try await client.api(.GET, f.api + "/rescreening?status=late", token: f.token).status == .badRequest)
                // The API documents four values: an empty one is refused too (the page's "all" sends it empty).
                let empty = try await client.api(.GET, f.api + "/rescreening?status=", token: f.token)
                #expect(empty.status == .badRequest && empty.text.contains(#""field":"status""#), "\(empty.text.prefix(200))")
                #expect(try await client.get(f.base + "/rescreening?status=", as: f.browser).status == .ok)

                // Everyone who reads the training records reads it; another company does not.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                #expect(try await client.get(f.base + "/rescreening", as: try await client.signIn(viewer.email)).status == .ok)
                #expect(try await client.get(f.base + "/rescreening", as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, f.api + "/rescreening", token: other.token).status == .notFound)
                #expect(try await client.api(.GET, other.api + "/rescreening", token: other.token).text.contains(#""missing":1"#))
            }
        }

        @Test func coordinatorsAreRemindedOncePerPersonAndDueDayAndOnlyAboutTheirOwnCompany() async throws {
            try await withTrustlane { client in
                // Setup: a company with a coordinator, an officer and a consultant; people in every place on the schedule.
                client.app.clock = .fixed(.day("2027-03-10"))
                let today = ProgramDay("2027-03-10")!
                let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
                let f = try await Training.fixture(client)
                let officer = try await client.makeUser("officer@batik.example")
                try await client.addMember(officer, to: f.company, role: .officer)
                let consultant = try await client.makeUser("advisor@advisors.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let soon = try await Self.person(client, f, "Eka Soon", kind: "contractor", cleared: today.adding(days: 30).adding(months: -months))
                let late = try await Self.person(client, f, "Dedi Overdue", cleared: today.adding(days: -5).adding(months: -months))
                _ = try await Self.person(client, f, "Fajar Current", cleared: today.adding(days: -10))
                _ = try await Self.person(client, f, "Budi Missing")
                _ = try await Self.person(client, f, "Citra Refused", cleared: today.adding(days: -5).adding(months: -months), result: "not_cleared")
                _ = try await Self.person(client, f, "Ana Standard", sensitivity: "standard", cleared: today.adding(months: -60))
                let gone = try await Self.person(client, f, "Gita Left", cleared: today.adding(days: -5).adding(months: -months))
                #expect(try await client.post(f.base + "/people/\(gone)/separate", as: f.browser, form: [("separated_on", today.description)]).status == .seeOther)
                // Another company with an officer and no coordinator: its officer hears of its own person only.
                let other = try await Training.fixture(client, role: .officer)
                let hadi = try await Self.person(client, other, "Hadi Elsewhere", cleared: today.adding(days: 10).adding(months: -months))

                // Act: the clock pass.
                #expect(try await RescreeningReminders(app: client.app).run() == .init(people: 3, companies: 2))

                // Verify: the coordinator alone in the first company, inbox and email, a notification per person with the day and the person's page.
                let sent = try await Training.sent(client, "rescreening_due:")
                let mine = sent.filter { $0.recipient_id == f.user.id }
                #expect(mine.count == 4 && mine.filter { $0.channel == NotificationOutbox.inApp }.count == 2)
                #expect(!sent.contains { $0.recipient_id == (try? officer.requireID()) || $0.recipient_id == (try? consultant.requireID()) })
                let lateRow = try #require(mine.first { $0.link?.hasSuffix(late) == true })
                #expect(lateRow.message_key == "notification.rescreening_overdue")
                #expect(lateRow.dedupe_key == "rescreening_due:\(late):\(today.adding(days: -5))")
                #expect(MembershipStore.decode([String: String].self, lateRow.parameters) == ["name": "Dedi Overdue", "day": today.adding(days: -5).description])
                let soonRow = try #require(mine.first { $0.link?.hasSuffix(soon) == true })
                #expect(soonRow.message_key == "notification.rescreening_due" && soonRow.link == f.base + "/people/\(soon)")
                let text = OutboxMessage.text(key: soonRow.message_key, parameters: MembershipStore.decode([String: String].self, soonRow.parameters) ?? [:],
                                              language: .spanish)
                #expect(text.contains("Eka Soon") && text.contains(today.adding(days: 30).description) && text.contains("verificación"))
                // The other company's officer: their own person, nobody of the first company's.
                let theirs = sent.filter { $0.recipient_id == other.user.id }
                #expect(theirs.count == 2 && theirs.allSatisfy { $0.link == other.base + "/people/\(hadi)" })
                #expect(sent.count == 6)

                // Again, the same day and weeks later while still due on the same day (and past it): nothing new.
                #expect(try await RescreeningReminders(app: client.app).run() == .init())
                client.app.clock = .fixed(.day("2027-04-20"))
                #expect(try await RescreeningReminders(app: client.app).run() == .init())
                #expect(try await Training.sent(client, "rescreening_due:").count == 6)
                // A new cleared check moves Dedi's due day out of the window: nothing for him; a later due day reminds again.
                let browser = try await client.signIn(f.user.email)
                #expect(try await client.post(f.base + "/people/\(late)/steps", as: browser,
                                              form: [("step", "background_check"), ("done_on", "2027-04-20"), ("result", "cleared")]).status == .seeOther)
                #expect(try await RescreeningReminders(app: client.app).run() == .init())
                client.app.clock = .fixed(.day("2029-03-01"))
                #expect(try await RescreeningReminders(app: client.app).run().people >= 1)
                #expect(try await Training.sent(client, "rescreening_due:\(late):2029-04-20").count == 2)
                let audited = try await AuditEntryModel.query(on: client.db).filter(\.$action == "training.rescreening_reminder").all()
                #expect(audited.contains { $0.targetID == late } && audited.allSatisfy { $0.actorUserID == nil })
            }
        }

        @Test func criteriaElevenOneAndTwoShowTheScheduleAsLiveEvidenceOfTheirOwnCompanyOnly() async throws {
            try await withTrustlane { client in
                // Setup: an importer's profile; people on its schedule in each place; another company with nobody on it.
                let profile = try await AppTests.SecurityProfile.fixture(client, types: [.importer])
                let context = try await ProfileService(app: client.app).open(company: profile.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let f = Training.Fixture(company: profile.company, user: profile.officer, browser: profile.browser, token: try await client.token(for: profile.officer))
                let today = ProgramDay(Date())
                let months = try #require(PositionSensitivity.sensitive.rescreenMonths)
                _ = try await Self.person(client, f, "Budi Missing")
                _ = try await Self.person(client, f, "Dedi Overdue", cleared: today.adding(days: -3).adding(months: -months))
                _ = try await Self.person(client, f, "Eka Soon", cleared: today.adding(days: 20).adding(months: -months))
                _ = try await Self.person(client, f, "Fajar Current", cleared: today.adding(days: -7))
                _ = try await Self.person(client, f, "Gita Current", cleared: today.adding(days: -40))
                _ = try await Self.person(client, f, "Ana Standard", sensitivity: "standard", cleared: today)
                let other = try await Training.fixture(client)
                _ = try await Self.person(client, other, "Hadi Elsewhere", cleared: today.adding(days: -30).adding(months: -months))
                let ids = context.scope.criteria.map(\.id.rawValue)
                #expect(ids.contains("11.1") && ids.contains("11.2"), "the importer's scope has 11.1 and 11.2")

                // Act and verify: both criteria show the schedule's counts and the latest cleared check; 11.5 shows training instead.
                for criterion in ["11.1", "11.2"] where ids.contains(criterion) {
                    let page = try await client.get("/companies/\(profile.company.companyID)/profile/criteria/\(criterion)", as: profile.browser)
                    #expect(page.status == .ok && page.text.contains("id=\"rescreening-evidence\""), "\(criterion): \(page.status)")
                    let counts = page.text.matches(of: /<li data-status="([a-z_]+)"[^>]*>[^<]*: ([0-9]+)<\/li>/).map { "\($0.1)=\($0.2)" }
                    #expect(counts == ["missing=1", "overdue=1", "due_soon=1", "current=2"], "\(criterion): \(counts)")
                    #expect(page.text.contains(today.adding(days: -7).description), "the latest cleared check among them (the standard position does not count)")
                    #expect(page.text.contains("class=\"warn\">") && page.text.contains("/training/rescreening\""))
                }
                if ids.contains("11.5") {
                    let conduct = try await client.get("/companies/\(profile.company.companyID)/profile/criteria/11.5", as: profile.browser)
                    #expect(!conduct.text.contains("id=\"rescreening-evidence\"") && conduct.text.contains("id=\"training-evidence\""))
                }
                // A viewer of the company reads it (they read the training records); in Spanish too.
                let viewer = try await client.makeUser("viewer@harborline.example")
                try await client.addMember(viewer, to: profile.company, role: .viewer)
                let seen = try await client.get("/companies/\(profile.company.companyID)/profile/criteria/11.2?lang=es", as: try await client.signIn(viewer.email))
                #expect(seen.status == .ok && seen.text.contains("id=\"rescreening-evidence\""))
                // The evidence reads this company's roster only: the other company's is empty; and it never reads this company's page.
                let theirs = ProfileCriterionView.RescreeningEvidence(try await TrainingQueries(client.db).rescreening(company: other.company.companyID, today: today))
                #expect(theirs.people == 1 && theirs.counts[.overdue] == 1 && theirs.lastScreened == today.adding(days: -30).adding(months: -months))
                #expect(try await client.get("/companies/\(profile.company.companyID)/profile/criteria/11.2", as: other.browser).status == .notFound)
            }
        }
    }
}
