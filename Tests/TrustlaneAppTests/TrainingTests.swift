import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Training (issue 17): a role's curriculum, people on the roster, a session with a quiz,
    /// attendance with scores moving the role's coverage, bad input refused by field, who may do what.
    @Suite struct Training {
        struct Fixture {
            let company: CompanyModel
            let user: UserModel
            let browser: TestClient.Browser
            let token: String
            var base: String { "/companies/\(company.companyID)/training" }
            var api: String { "/api/v1/companies/\(company.companyID)/training" }
        }

        static func fixture(_ client: TestClient, role: CompanyRole = .coordinator) async throws -> Fixture {
            let company = try await client.makeCompany("PT Batik Ekspor", country: "ID", types: [.foreignManufacturer])
            let user = try await client.makeUser("\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())@batik.example", name: "Dewi Lestari")
            try await client.addMember(user, to: company, role: role)
            return Fixture(company: company, user: user, browser: try await client.signIn(user.email), token: try await client.token(for: user))
        }

        static func count(_ client: TestClient, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
            struct Row: Decodable { let n: Int }
            return try await (client.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)")
                .first(decoding: Row.self)?.n ?? -1
        }

        @Test func aSessionWithAQuizMovesTheRolesCoverageForThoseWhoPassed() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                // A curriculum for dock staff, and two people in it.
                let saved = try await client.post(f.base + "/curricula", as: f.browser, form: [
                    ("role", "Dock staff"), ("topic", "inspections_and_seals"), ("months.inspections_and_seals", "12"),
                    ("topic", "agricultural_contamination"), ("months.agricultural_contamination", "12")])
                #expect(saved.status == .seeOther, "\(saved.text.prefix(300))")
                let curriculum = try #require(try await TrainingQueries(client.db).curricula(company: f.company.companyID).first).id.uuidString.lowercased()
                var people: [String] = []
                for name in ["Budi Santoso", "Siti Rahma"] {
                    let added = try await client.post(f.base + "/people", as: f.browser, form: [("name", name), ("curriculum_id", curriculum), ("site", "Semarang")])
                    #expect(added.status == .seeOther)
                    people.append(String(try #require(added.location).split(separator: "/").last!))
                }
                var overview = try await client.get(f.base, as: f.browser)
                #expect(overview.text.contains("data-role=\"Dock staff\"") && overview.text.contains("data-percent=\"0\""))

                // A quiz with no right answer is refused by question, nothing saved.
                let today = ProgramDay(Date()).description
                let bad = try await client.post(f.base + "/sessions", as: f.browser, form: [
                    ("title", "Seals and pests"), ("topic", "inspections_and_seals"), ("topic", "agricultural_contamination"), ("held_on", today),
                    ("trainer", "Dewi"), ("quiz", "Which seal class? | A | B"), ("pass_mark", "50")])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"questions\""))
                #expect(try await Self.count(client, "training_sessions") == 0)
                let created = try await client.post(f.base + "/sessions", as: f.browser, form: [
                    ("title", "Seals and pests"), ("topic", "inspections_and_seals"), ("topic", "agricultural_contamination"), ("held_on", today),
                    ("trainer", "Dewi"), ("quiz", "Which seal class? | A | *H | B\nWhat is a pest? | *soil | paper"), ("pass_mark", "75")])
                #expect(created.status == .seeOther, "\(created.text.prefix(300))")
                let session = try #require(created.location)

                // A missing score is refused; Budi passes with 100, Siti fails with 50.
                let missing = try await client.post(session + "/attendance", as: f.browser, form: [("person", people[0])])
                #expect(missing.status == .badRequest && missing.text.contains("data-field=\"score\""))
                let ticked = try await client.post(session + "/attendance", as: f.browser, form: [
                    ("person", people[0]), ("score." + people[0], "100"), ("person", people[1]), ("score." + people[1], "50")])
                #expect(ticked.status == .seeOther, "\(ticked.text.prefix(300))")
                let page = try await client.get(session, as: f.browser)
                #expect(page.text.contains("data-passed=\"true\"") && page.text.contains("data-passed=\"false\""))

                // Verify: the role is half covered; Budi is current, Siti never passed.
                overview = try await client.get(f.base, as: f.browser)
                #expect(overview.text.contains("data-percent=\"50\"") && overview.text.contains("id=\"training-coverage-chart\""))
                let budi = try await client.get(f.base + "/people/" + people[0], as: f.browser)
                #expect(budi.text.contains("data-standing=\"current\"") && !budi.text.contains("data-standing=\"never\""))
                let coverage = try await client.api(.GET, f.api + "/coverage", token: f.token)
                #expect(coverage.status == .ok && coverage.text.contains(#""fullyCurrent":1"#) && coverage.text.contains(#""percent":50"#))
                let siti = try await client.api(.GET, f.api + "/people/" + people[1], token: f.token)
                #expect(siti.text.contains(#""standing":"never""#) && !siti.text.contains(#""standing":"current""#))
                // Siti retakes it through the API with her answers: all right this time.
                let sessionID = String(session.split(separator: "/").last!)
                let retake = try await client.api(.POST, f.api + "/sessions/\(sessionID)/attendance", token: f.token,
                                                  json: #"{"attendees":[{"personId":"\#(people[1])","answers":[[1],[0]]}]}"#)
                #expect(retake.status == .ok && retake.text.contains(#""score":100"#), "\(retake.text)")
                let after = try await client.api(.GET, f.api + "/coverage", token: f.token)
                #expect(after.text.contains(#""fullyCurrent":2"#) && after.text.contains(#""percent":100"#))
                let sheet = try await client.get(session + "/sheet", as: f.browser)
                #expect(sheet.status == .ok && sheet.text.contains("Budi Santoso") && sheet.text.contains("id=\"attendance-sheet\""))
                for action in ["training.curriculum_saved", "training.person_added", "training.session_recorded", "training.attendance_recorded"] {
                    #expect(try await Self.count(client, "audit_entries", "action = '\(action)'") >= 1, "\(action)")
                }
            }
        }

        /// Coverage is counted by the database from two cutoff days per requirement; on a
        /// roster of many people with last days scattered around every cutoff (month ends,
        /// due soon, overdue, never, people who left, people with no role, a role with nothing
        /// required, a topic required twice), it must equal the rule counted in memory.
        @Test func coverageCountedByTheDatabaseEqualsTheRuleCountedInMemory() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let sql = client.db as! any SQLDatabase
                let company = f.company.companyID
                let today = try #require(ProgramDay("2027-03-31"))
                let curricula: [(String, [Curriculum.Requirement])] = [
                    ("Dock staff", [.init(topic: .inspectionsAndSeals, months: 12), .init(topic: .agriculturalContamination, months: 6)]),
                    ("Guards", [.init(topic: .incidentReporting, months: 1), .init(topic: .inspectionsAndSeals, months: 24), .init(topic: .incidentReporting, months: 3)]),
                    ("Visitors' hosts", []),
                ]
                var ids: [UUID] = []
                for (role, requirements) in curricula {
                    let id = UUID()
                    ids.append(id)
                    try await sql.raw("""
                    INSERT INTO training_curricula (id, company_id, role, role_key, requirements, updated_at)
                    VALUES (\(bind: id), \(bind: company.rawValue), \(bind: role), \(bind: role.lowercased()), \(bind: TrainingQueries.CurriculumRow.encode(requirements)), \(bind: Date()))
                    """).run()
                }
                var generator = SystemRandomNumberGenerator()
                var members: [UUID: [PersonID]] = [:]
                var latest: [PersonID: [TrainingTopic: ProgramDay]] = [:]
                let topics: [TrainingTopic] = [.inspectionsAndSeals, .agriculturalContamination, .incidentReporting]
                for index in 0..<400 {
                    let person = PersonID()
                    let role: UUID? = index % 9 == 0 ? nil : ids[index % ids.count]
                    let left = index % 13 == 0
                    try await sql.raw("""
                    INSERT INTO people (id, company_id, name, name_key, curriculum_id, separated_on, created_at)
                    VALUES (\(bind: person.rawValue), \(bind: company.rawValue), \(bind: "Person \(index)"), \(bind: "person \(index)"), \(bind: role),
                            \(bind: left ? today.startDate() : nil), \(bind: Date()))
                    """).run()
                    for topic in topics where Int.random(in: 0..<5, using: &generator) > 0 {
                        // Within two years back, weighted to the days around the cutoffs.
                        let back = Int.random(in: 0..<3, using: &generator) == 0 ? Int.random(in: 0...760, using: &generator)
                            : [30, 91, 182, 365, 730].randomElement(using: &generator)! + Int.random(in: -35...35, using: &generator)
                        let day = today.adding(days: -max(back, 0))
                        try await sql.raw("""
                        INSERT INTO training_latest (company_id, person_id, topic, last_on)
                        VALUES (\(bind: company.rawValue), \(bind: person.rawValue), \(bind: topic.rawValue), \(bind: day.startDate()))
                        """).run()
                        if !left { latest[person, default: [:]][topic] = day }
                    }
                    if !left, let role { members[role, default: []].append(person) }
                }
                // Written around the services, so the columns coverage counts from are filled in
                // as every write does.
                try await TrainingCoverageStore.refresh(.company, company: company, on: sql)
                let counted = try await TrainingQueries(client.db).coverage(company: company, today: today)
                let expected = zip(curricula, ids).map { curriculum, id in
                    RoleCoverage.count(role: curriculum.0, curriculum: curriculum.1, people: members[id] ?? [], latest: latest, today: today)
                }
                #expect(counted.roles.sorted { $0.role < $1.role } == expected.sorted { $0.role < $1.role })
                #expect(counted.people == 400 - (0..<400).filter { $0 % 13 == 0 }.count)
                #expect(counted.withoutRole == (0..<400).filter { $0 % 9 == 0 && $0 % 13 != 0 }.count)
                // The sample reaches every standing, so the agreement means something.
                let guards = try #require(expected.first { $0.role == "Guards" })
                #expect(guards.topics.allSatisfy { $0.current > 0 && $0.overdue > 0 && $0.never > 0 } && guards.topics.contains { $0.dueSoon > 0 })
                #expect(expected.first { $0.role == "Visitors' hosts" }.map { $0.fullyCurrent == $0.people && $0.people > 0 } == true)


                // Through the services: the guards' curriculum changes (the counts follow the
                // new recurrences at once), and a dock worker leaves (out of every count).
                let service = TrainingService(app: client.app)
                try await service.saveCurriculum(role: "Guards", topics: [("incident_reporting", "24"), ("inspections_and_seals", "6")],
                                                 company: company, by: f.user.userID)
                let leaver = try #require(members[ids[0]]?.first)
                let leaverRow = try #require(try await TrainingQueries(client.db).person(company: company, id: leaver))
                try await service.separate(leaverRow, on: today.description, company: company, by: f.user.userID)
                members[ids[0]]?.removeFirst()
                let changed: [(String, [Curriculum.Requirement])] = [curricula[0],
                    ("Guards", [.init(topic: .incidentReporting, months: 24), .init(topic: .inspectionsAndSeals, months: 6)]), curricula[2]]
                let recounted = try await TrainingQueries(client.db).coverage(company: company, today: today)
                let reexpected = zip(changed, ids).map { curriculum, id in
                    RoleCoverage.count(role: curriculum.0, curriculum: curriculum.1, people: members[id] ?? [], latest: latest, today: today)
                }
                #expect(recounted.roles.sorted { $0.role < $1.role } == reexpected.sorted { $0.role < $1.role })
                #expect(recounted.roles.first { $0.role == "Guards" } != counted.roles.first { $0.role == "Guards" })
            }
        }

        // MARK: Reminders

        struct Sent: Decodable { let recipient_id: UUID?; let recipient_email: String?; let recipient_language: String?; let message_key: String
            let parameters: String; let link: String?; let channel: String; let dedupe_key: String }

        static func sent(_ client: TestClient, _ prefix: String) async throws -> [Sent] {
            try await (client.db as! any SQLDatabase).raw("""
            SELECT recipient_id, recipient_email, recipient_language, message_key, parameters, link, channel, dedupe_key FROM notifications
            WHERE dedupe_key LIKE \(bind: prefix + "%") ORDER BY created_at, dedupe_key
            """).all(decoding: Sent.self)
        }

        @Test func remindersGoToTheCoordinatorsWeeklyAndToThePersonOncePerStage() async throws {
            try await withTrustlane { client in
                client.app.clock = .fixed(.day("2027-03-10"))
                let f = try await Self.fixture(client)
                // An officer and a consultant of the same company are not the coordinator: they get nothing.
                let officer = try await client.makeUser("officer@batik.example")
                try await client.addMember(officer, to: f.company, role: .officer)
                let consultant = try await client.makeUser("advisor@advisors.example")
                try await client.addMember(consultant, to: f.company, role: .consultant)
                _ = try await client.post(f.base + "/curricula", as: f.browser, form: [("role", "Dock staff"), ("topic", "inspections_and_seals"), ("months.inspections_and_seals", "12")])
                let curriculum = try #require(try await TrainingQueries(client.db).curricula(company: f.company.companyID).first).id.uuidString.lowercased()
                var ids: [String: String] = [:]
                for (name, email, language) in [("Budi Santoso", "budi@batik.example", "id"), ("Siti Rahma", "", "en"), ("Andi Wijaya", "andi@batik.example", "es"),
                                                ("Rudi Hartono", "rudi@batik.example", "id")] {
                    let added = try await client.post(f.base + "/people", as: f.browser, form: [("name", name), ("curriculum_id", curriculum), ("email", email), ("language", language)])
                    #expect(added.status == .seeOther, "\(added.text.prefix(300))")
                    ids[name] = String(try #require(added.location).split(separator: "/").last!)
                }
                // A bad address is refused by field, nothing saved.
                let bad = try await client.post(f.base + "/people", as: f.browser, form: [("name", "Tono"), ("email", "not an address")])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"email\""))
                #expect(try await Self.count(client, "people") == 4)
                // Budi trained 350 days ago (due within 30 days), Andi today (current), Siti never; Rudi has left.
                for (name, day) in [("Budi Santoso", "2026-03-25"), ("Andi Wijaya", "2027-03-10")] {
                    let session = try await client.post(f.base + "/sessions", as: f.browser, form: [("title", "Seals"), ("topic", "inspections_and_seals"), ("held_on", day), ("trainer", "Dewi")])
                    _ = try await client.post(try #require(session.location) + "/attendance", as: f.browser, form: [("person", ids[name]!)])
                }
                _ = try await client.post(f.base + "/people/\(ids["Rudi Hartono"]!)/separate", as: f.browser, form: [("separated_on", "2027-03-01")])

                // Act: the clock pass.
                #expect(try await TrainingReminders(app: client.app).run() == .init(companies: 1, people: 1))

                // The coordinator alone, in the inbox and by email, with the counts and names.
                let week = try await Self.sent(client, "training_reminder:")
                #expect(week.count == 2 && week.allSatisfy { $0.recipient_id == f.user.id && $0.message_key == "notification.training_reminder" })
                #expect(week.first?.link == SiteURL.training(f.company.companyID))
                let parameters = try #require(MembershipStore.decode([String: String].self, week[0].parameters))
                #expect(parameters == ["overdue": "1", "soon": "1", "names": "Siti Rahma, Budi Santoso"])
                // Budi himself, in Bahasa Indonesia, with the day and no link; Andi (current), Siti (no address) and Rudi (left): nothing.
                let personal = try await Self.sent(client, "training_due:")
                #expect(personal.count == 1)
                let budi = try #require(personal.first)
                #expect(budi.recipient_email == "budi@batik.example" && budi.recipient_language == "id" && budi.recipient_id == nil && budi.link == nil)
                #expect(budi.message_key == "notification.training_due_soon_person")
                let text = OutboxMessage.text(key: budi.message_key, parameters: MembershipStore.decode([String: String].self, budi.parameters) ?? [:], language: .indonesian)
                #expect(text.contains("Budi Santoso") && text.contains("2027-03-25") && text.contains("pelatihan keamanan CTPAT"))

                // Again the same day, and later the same week: nothing new.
                #expect(try await TrainingReminders(app: client.app).run() == .init())
                client.app.clock = .fixed(.day("2027-03-12"))
                #expect(try await TrainingReminders(app: client.app).run() == .init())
                // The next week: the coordinator again; Budi is still due soon on the same day: not again.
                client.app.clock = .fixed(.day("2027-03-16"))
                #expect(try await TrainingReminders(app: client.app).run() == .init(companies: 1, people: 0))
                // Past his day he is overdue: one more email, of that stage.
                client.app.clock = .fixed(.day("2027-03-26"))
                #expect(try await TrainingReminders(app: client.app).run() == .init(companies: 1, people: 1))
                #expect(try await Self.sent(client, "training_due:").last?.message_key == "notification.training_overdue_person")
                // Trained again, nobody is due but Siti, who has no address.
                client.app.clock = .fixed(.day("2027-04-05"))
                let browser = try await client.signIn(f.user.email)  // the first session has expired by now
                let session = try await client.post(f.base + "/sessions", as: browser, form: [("title", "Seals again"), ("topic", "inspections_and_seals"), ("held_on", "2027-04-05"), ("trainer", "Dewi")])
                _ = try await client.post(try #require(session.location) + "/attendance", as: browser, form: [("person", ids["Budi Santoso"]!)])
                #expect(try await TrainingReminders(app: client.app).run() == .init(companies: 1, people: 0))
                let last = try #require(try await Self.sent(client, "training_reminder:").last)
                #expect(MembershipStore.decode([String: String].self, last.parameters)?["names"] == "Siti Rahma")
                struct Count: Decodable { let n: Int }
                let others = try await (client.db as! any SQLDatabase).raw("""
                SELECT COUNT(*) AS n FROM notifications WHERE recipient_id IN (\(bind: try officer.requireID()), \(bind: try consultant.requireID()))
                """).first(decoding: Count.self)?.n
                #expect(others == 0)
                let audited = try await AuditEntryModel.query(on: client.db).all().map(\.action)
                #expect(audited.filter { $0 == "training.reminder" }.count == 4 && audited.filter { $0 == "training.person_reminded" }.count == 2)
            }
        }

        @Test func aCompanyWithoutACoordinatorRemindsItsOfficersAndAPersonsAddressIsSetByPageAndAPI() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client, role: .officer)
                _ = try await client.post(f.base + "/curricula", as: f.browser, form: [("role", "Drivers"), ("topic", "inspections_and_seals")])
                let curriculum = try #require(try await TrainingQueries(client.db).curricula(company: f.company.companyID).first).id.uuidString.lowercased()
                let added = try await client.post(f.base + "/people", as: f.browser, form: [("name", "Joko"), ("curriculum_id", curriculum)])
                let person = try #require(added.location)
                // The page: a bad address is named; a good one is kept and shown.
                let refused = try await client.post(person + "/contact", as: f.browser, form: [("email", "joko@"), ("language", "id")])
                #expect(refused.status == .badRequest && refused.text.contains("data-field=\"email\""))
                let saved = try await client.post(person + "/contact", as: f.browser, form: [("email", "Joko@Batik.example"), ("language", "id")])
                #expect(saved.status == .seeOther)
                #expect(try await client.get(person, as: f.browser).text.contains("id=\"person-email\">joko@batik.example<"))
                // The API: clears it, and refuses a language it does not know.
                let id = String(person.split(separator: "/").last!)
                let badLanguage = try await client.api(.PUT, f.api + "/people/\(id)/contact", token: f.token, json: #"{"email":"joko@batik.example","language":"fr"}"#)
                #expect(badLanguage.status == .badRequest && badLanguage.text.contains(#""field":"language""#))
                let cleared = try await client.api(.PUT, f.api + "/people/\(id)/contact", token: f.token, json: #"{"email":null,"language":"en"}"#)
                #expect(cleared.status == .ok && cleared.text.contains(#""language":"en""#) && !cleared.text.contains("joko@batik.example"))
                #expect(try await TrainingQueries(client.db).person(company: f.company.companyID, id: PersonID(UUID(uuidString: id)!))?.email == nil)

                #expect(try await TrainingReminders(app: client.app).run() == .init(companies: 1, people: 0))
                let week = try await Self.sent(client, "training_reminder:")
                #expect(week.count == 2 && week.allSatisfy { $0.recipient_id == f.user.id })
                // The address is personal: a viewer of the company reads the person, not it.
                #expect(try await client.post(person + "/contact", as: f.browser, form: [("email", "joko@batik.example"), ("language", "id")]).status == .seeOther)
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let viewerPage = try await client.get(person, as: try await client.signIn(viewer.email))
                #expect(viewerPage.status == .ok && !viewerPage.text.contains("joko@batik.example") && !viewerPage.text.contains("id=\"person-contact-form\""))
                let viewerAPI = try await client.api(.GET, f.api + "/people/\(id)", token: try await client.token(for: viewer))
                #expect(viewerAPI.status == .ok && !viewerAPI.text.contains("joko@batik.example"))
                #expect(try await client.api(.GET, f.api + "/people/\(id)", token: f.token).text.contains("joko@batik.example"))
                #expect(try await client.post(person + "/contact", as: try await client.signIn(viewer.email), form: [("email", "x@y.example")]).status == .forbidden)
                // Another company's coordinator may not set it.
                let other = try await Self.fixture(client)
                #expect(try await client.post(person + "/contact", as: other.browser, form: [("email", "x@y.example")]).status == .notFound)
                #expect(try await client.api(.PUT, f.api + "/people/\(id)/contact", token: other.token, json: #"{"email":"x@y.example"}"#).status == .notFound)
            }
        }

        @Test func aPlannedSessionTakesNoAttendanceAndBadInputIsNamed() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let person = try await client.api(.POST, f.api + "/people", token: f.token, json: #"{"name":"Agus","hiredOn":"2026-02-30"}"#)
                #expect(person.status == .badRequest && person.text.contains(#""field":"hiredOn""#))
                let added = try await client.api(.POST, f.api + "/people", token: f.token, json: #"{"name":"Agus"}"#)
                #expect(added.status == .created)
                struct Created: Decodable { let id: String }
                let agus = try JSONDecoder().decode(Created.self, from: Data(added.text.utf8)).id
                let ahead = ProgramDay(Date()).adding(days: 10).description
                let planned = try await client.api(.POST, f.api + "/sessions", token: f.token,
                                                   json: #"{"title":"Cyber basics","topics":["cybersecurity"],"heldOn":"\#(ahead)","trainer":"IT"}"#)
                #expect(planned.status == .created)
                let id = try JSONDecoder().decode(Created.self, from: Data(planned.text.utf8)).id
                let early = try await client.api(.POST, f.api + "/sessions/\(id)/attendance", token: f.token, json: #"{"attendees":[{"personId":"\#(agus)"}]}"#)
                #expect(early.status == .badRequest && early.text.contains("once it has been held"))
                let unknown = try await client.api(.POST, f.api + "/sessions", token: f.token,
                                                   json: #"{"title":"x","topics":["astrology"],"heldOn":"2026-01-01","trainer":"IT","minutes":0}"#)
                #expect(unknown.status == .badRequest && unknown.text.contains(#""field":"topics""#) && unknown.text.contains(#""field":"minutes""#))
                let curriculum = try await client.api(.POST, f.api + "/curricula", token: f.token, json: #"{"role":"IT","requirements":[{"topic":"cybersecurity","months":99}]}"#)
                #expect(curriculum.status == .badRequest && curriculum.text.contains(#""field":"months""#))
                #expect(try await Self.count(client, "training_attendance") == 0)
                #expect(try await Self.count(client, "training_curricula") == 0)
            }
        }

        @Test func theHiringAndSeparationChecklistsKeepDaysAndStatusesAndTheRescreeningFollowsTheSensitivity() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let added = try await client.api(.POST, f.api + "/people", token: f.token, json: #"{"name":"Rina","sensitivity":"sensitive","employmentKind":"contractor"}"#)
                #expect(added.status == .created && added.text.contains(#""sensitivity":"sensitive""#) && !added.text.contains("rescreenDue"))
                struct Created: Decodable { let id: String }
                let id = try JSONDecoder().decode(Created.self, from: Data(added.text.utf8)).id
                let person = f.base + "/people/" + id
                var page = try await client.get(person, as: f.browser)
                #expect(page.text.contains("id=\"rescreen-due\"") && page.text.contains("data-step=\"background_check\" data-done=\"false\""))
                // A background check needs its outcome; a separation step waits for the separation; no future days.
                let noResult = try await client.post(person + "/steps", as: f.browser, form: [("step", "background_check"), ("done_on", "2025-03-01")])
                #expect(noResult.status == .badRequest && noResult.text.contains("data-field=\"result\""))
                let early = try await client.post(person + "/steps", as: f.browser, form: [("step", "keys_returned")])
                #expect(early.status == .badRequest && early.text.contains("data-field=\"step\""))
                let future = try await client.api(.POST, f.api + "/people/\(id)/steps", token: f.token, json: #"{"step":"code_of_conduct","doneOn":"2999-01-01"}"#)
                #expect(future.status == .badRequest && future.text.contains(#""field":"doneOn""#))
                #expect(try await Self.count(client, "person_steps") == 0)
                // Cleared on 2025-03-01: a sensitive position is due again two years later (overdue if that is past).
                let cleared = try await client.post(person + "/steps", as: f.browser, form: [("step", "background_check"), ("done_on", "2025-03-01"), ("result", "cleared")])
                #expect(cleared.status == .seeOther)
                let api = try await client.api(.GET, f.api + "/people/\(id)", token: f.token)
                #expect(api.text.contains(#""rescreenDue":"2027-03-01""#) && api.text.contains(#""criterion":"11.2""#))
                // Separated: the separation checklist opens.
                #expect(try await client.post(person + "/separate", as: f.browser, form: [("separated_on", ProgramDay(Date()).description)]).status == .seeOther)
                #expect(try await client.post(person + "/steps", as: f.browser, form: [("step", "system_access_removed")]).status == .seeOther)
                page = try await client.get(person, as: f.browser)
                #expect(page.text.contains("id=\"separation-steps\"") && page.text.contains("data-step=\"system_access_removed\" data-done=\"true\""))
                #expect(try await Self.count(client, "audit_entries", "action = 'people.step_recorded'") == 2)
            }
        }

        @Test func everyoneReadsOnlyTheSupervisingRolesKeepAndOtherCompaniesSeeNothing() async throws {
            try await withTrustlane { client in
                let f = try await Self.fixture(client)
                let added = try await client.post(f.base + "/people", as: f.browser, form: [("name", "Budi")])
                let person = try #require(added.location)
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let reader = try await client.signIn(viewer.email)
                #expect(try await client.get(f.base, as: reader).status == .ok)
                #expect(try await client.get(person, as: reader).status == .ok)
                #expect(try await client.post(f.base + "/people", as: reader, form: [("name", "Eve")]).status == .forbidden)
                let other = try await Self.fixture(client)
                #expect(try await client.get(person, as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, other.api + "/people/" + String(person.split(separator: "/").last!), token: other.token).status == .notFound)
                #expect(try await Self.count(client, "people") == 1)
            }
        }
    }
}
