import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9: the holes a black-box and grey-box probe found, each reproduced as it was found.
    @Suite struct SecurityHoles {
        // MARK: 1. Reviewers read submissions, never drafts

        /// A company that submitted its profile (criterion `first` answered with a submitted
        /// file), then changed the answer and uploaded another file after submitting.
        struct DraftAfterSubmission {
            let f: SecurityProfile.Fixture
            let first: CriterionID
            let snapshotID: UUID
            let submittedFile: UUID
            let draftFile: UUID
            static let draftMarker = "DRAFT-AFTER-SUBMISSION-7731"
            static let submittedMarker = "SUBMITTED-ANSWER-4410"
        }

        static func draftAfterSubmission(_ client: TestClient) async throws -> DraftAfterSubmission {
            let f = try await SecurityProfile.fixture(client)
            let service = ProfileService(app: client.app)
            var context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
            try await service.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "yes") }), by: nil)
            context = try await service.require(company: f.company.companyID)
            let evidence = EvidenceService(app: client.app)
            let submittedFile = try await evidence.upload(company: f.company.companyID, fileName: "policy.pdf", content: SecurityProfile.pdf("submitted policy"),
                                                          title: "Submitted policy", effectiveDate: nil, expiryDate: nil, by: f.officer.userID)
            let first = try #require(context.scope.criteria.first?.id)
            for scoped in context.scope.criteria {
                let isFirst = scoped.id == first
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets,
                                                                       narrative: isFirst ? Self.DraftAfterSubmission.submittedMarker : "Done for \(scoped.id.rawValue).",
                                                                       evidenceIDs: isFirst ? [EvidenceID(submittedFile.id!)] : [], baseVersion: 0),
                                             by: f.officer.userID)
            }
            let submitted = try await client.post("/companies/\(f.company.companyID)/profile/submit", as: f.browser, form: [("declaration", "yes")])
            #expect(submitted.status == .seeOther)
            let snapshot = try #require(try await ProfileSnapshotModel.query(on: client.db).first())
            // after submitting: a new file and a changed answer that no snapshot holds
            let draftFile = try await evidence.upload(company: f.company.companyID, fileName: "draft.pdf", content: SecurityProfile.pdf(DraftAfterSubmission.draftMarker),
                                                      title: "Draft \(DraftAfterSubmission.draftMarker)", effectiveDate: nil, expiryDate: nil, by: f.officer.userID)
            let answers = try await service.answers(context).0
            let version = try #require(answers[first]?.version)
            try await service.saveAnswer(context, edit: AnswerEdit(criterionID: first, status: .partly, narrative: DraftAfterSubmission.draftMarker,
                                                                   evidenceIDs: [EvidenceID(submittedFile.id!), EvidenceID(draftFile.id!)], baseVersion: version),
                                         by: f.officer.userID)
            return DraftAfterSubmission(f: f, first: first, snapshotID: snapshot.id!, submittedFile: submittedFile.id!, draftFile: draftFile.id!)
        }

        /// Every GET route of the company, pages and API, with the real ids filled in.
        static func companyReadPaths(_ app: Application, company: CompanyID, criterion: CriterionID, snapshot: UUID,
                                     evidence: [UUID]) -> [String] {
            var paths: [String] = []
            for route in app.routes.all where route.method == .GET && route.path.contains(.parameter("companyID")) {
                let evidenceChoices: [UUID] = route.path.contains(.parameter("evidenceID")) ? evidence : [UUID()]
                for file in evidenceChoices {
                    paths.append("/" + route.path.map { component -> String in
                        switch component {
                        case .parameter("companyID"): return company.description
                        case .parameter("criterionID"): return criterion.rawValue
                        case .parameter("snapshotID"): return snapshot.uuidString.lowercased()
                        case .parameter("evidenceID"): return file.uuidString.lowercased()
                        case .parameter("entityType"): return "IMP"
                        case .parameter("role"): return "reviewer"
                        case .parameter: return UUID().uuidString.lowercased()
                        default: return component.description
                        }
                    }.joined(separator: "/"))
                }
            }
            return paths
        }

        @Test func aReviewerSeesOnlySubmittedSnapshotsAndTheReviewThreadOnEveryRoute() async throws {
            try await withTrustlane { client in
                let d = try await Self.draftAfterSubmission(client)
                let company = d.f.company.companyID
                let reviewer = try await client.makeUser("reviewer@example.com", name: "Rosa Reviewer", reviewer: true)
                let reviewerBrowser = try await client.signIn(reviewer.email)
                let reviewerToken = try await client.token(for: reviewer)
                let officerToken = try await client.token(for: d.f.officer)
                let paths = Self.companyReadPaths(client.app, company: company, criterion: d.first, snapshot: d.snapshotID,
                                                  evidence: [d.submittedFile, d.draftFile])
                #expect(paths.count > 30)

                // The company's own officer does see the draft on some of these routes (so the
                // marker is there to be found), and no route fails.
                var officerSaw = 0
                for path in paths {
                    let response = path.hasPrefix("/api/")
                        ? try await client.api(.GET, path, token: officerToken)
                        : try await client.get(path, as: d.f.browser)
                    #expect(response.status.code < 500, "officer \(path) → \(response.status.code)")
                    if response.text.contains(DraftAfterSubmission.draftMarker) { officerSaw += 1 }
                }
                #expect(officerSaw >= 4)

                // The reviewer: never the draft, on any route, page or API.
                for path in paths {
                    let response = path.hasPrefix("/api/")
                        ? try await client.api(.GET, path, token: reviewerToken)
                        : try await client.get(path, as: reviewerBrowser)
                    #expect(response.status.code < 500, "reviewer \(path) → \(response.status.code)")
                    #expect(!response.text.contains(DraftAfterSubmission.draftMarker), "reviewer read the draft at \(path)")
                }

                // What the reviewer does get: the submitted answer with its file, and the thread.
                let criterionPage = try await client.get("/companies/\(company)/profile/criteria/\(d.first.rawValue)", as: reviewerBrowser)
                #expect(criterionPage.status == .ok)
                #expect(criterionPage.text.contains(DraftAfterSubmission.submittedMarker) && criterionPage.text.contains("id=\"submitted-answer\""))
                #expect(criterionPage.text.contains("id=\"review-thread\"") && criterionPage.text.contains("id=\"review-form\""))
                #expect(!criterionPage.text.contains("id=\"history\"") && !criterionPage.text.contains("id=\"answer-form\""))

                // Files: only those whose hash is in a submitted snapshot.
                let submittedDownload = try await client.get("/companies/\(company)/profile/evidence/\(d.submittedFile)", as: reviewerBrowser)
                #expect(submittedDownload.status == .ok && submittedDownload.text.contains("submitted policy"))
                let draftDownload = try await client.get("/companies/\(company)/profile/evidence/\(d.draftFile)", as: reviewerBrowser)
                #expect(draftDownload.status == .notFound)
                // the company itself still downloads its new file
                let ownDownload = try await client.get("/companies/\(company)/profile/evidence/\(d.draftFile)", as: d.f.browser)
                #expect(ownDownload.status == .ok)
            }
        }

        @Test func aReviewerBeforeAnySubmissionSeesTheThreadButNoAnswer() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let context = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                let criterion = try #require(context.scope.criteria.first)
                try await ProfileService(app: client.app).saveAnswer(context, edit: AnswerEdit(criterionID: criterion.id, status: .meets,
                                                                                                  narrative: "NEVER-SUBMITTED-9912", baseVersion: 0),
                                                                      by: f.officer.userID)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let browser = try await client.signIn(reviewer.email)
                let page = try await client.get("/companies/\(f.company.companyID)/profile/criteria/\(criterion.id.rawValue)", as: browser)
                #expect(page.status == .ok && page.text.contains("id=\"not-submitted\"") && !page.text.contains("NEVER-SUBMITTED-9912"))
                let api = try await client.api(.GET, "/api/v1/companies/\(f.company.companyID)/profile", token: try await client.token(for: reviewer))
                #expect(api.status == .notFound && !api.text.contains("NEVER-SUBMITTED-9912"))
            }
        }

        @Test func reviewersDoNotReadRiskWorkspaces() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Harborline Imports", country: "US", types: [.importer])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let created = try await client.api(.POST, "/api/v1/companies/\(company.companyID)/risk-assessments", token: try await client.token(for: officer),
                                                   json: #"{"title":"Annual 2026","assessedOn":"2026-03-01"}"#)
                #expect(created.status == .created, "\(created.text)")
                let reviewerToken = try await client.token(for: reviewer)
                #expect(try await client.api(.GET, "/api/v1/companies/\(company.companyID)/risk-assessments", token: reviewerToken).status == .notFound)
                let browser = try await client.signIn(reviewer.email)
                #expect(try await client.get("/companies/\(company.companyID)/risk", as: browser).status == .notFound)
                let companyPage = try await client.get("/companies/\(company.companyID)", as: browser)
                #expect(companyPage.status == .ok && !companyPage.text.contains("id=\"risk-link\""))
            }
        }

        // MARK: 2. Nobody grants a role above their own

        @Test func invitationsGrantOnlyRolesUpToTheInvitersOwnOnTheAPIAndTheForm() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("Alpha Imports", types: [.importer])
                var tokens: [String: String] = [:]
                let admin = try await client.makeUser("admin@example.com", admin: true)
                tokens["administrator"] = try await client.token(for: admin)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                tokens["reviewer"] = try await client.token(for: reviewer)
                for role in CompanyRole.allCases {
                    let user = try await client.makeUser("\(role.rawValue)@example.com", consultant: role == .consultant)
                    try await client.addMember(user, to: company, role: role)
                    tokens[role.rawValue] = try await client.token(for: user)
                }
                // The rule, written out: status for (inviter, invited role).
                let everyone: Set<String> = Set(CompanyRole.allCases.map(\.rawValue))
                let expectedGrants: [String: Set<String>] = [
                    "administrator": everyone, "officer": everyone,
                    "coordinator": ["coordinator", "consultant", "contributor", "viewer"],
                    "consultant": [], "contributor": [], "viewer": [], "reviewer": [],
                ]
                var n = 0
                for (inviter, grants) in expectedGrants.sorted(by: { $0.key < $1.key }) {
                    for role in CompanyRole.allCases {
                        n += 1
                        let before = try await client.count(InvitationModel.self)
                        let response = try await client.api(.POST, "/api/v1/companies/\(company.companyID)/invitations", token: tokens[inviter],
                                                            json: #"{"email":"new\#(n)@example.com","role":"\#(role.rawValue)"}"#)
                        let after = try await client.count(InvitationModel.self)
                        if grants.contains(role.rawValue) {
                            #expect(response.status == .created, "\(inviter) inviting a \(role) → \(response.status.code)")
                            #expect(after == before + 1)
                        } else {
                            #expect(response.status == (inviter == "reviewer" ? .notFound : .forbidden), "\(inviter) inviting a \(role) → \(response.status.code)")
                            #expect(after == before, "\(inviter) inviting a \(role) left an invitation")
                        }
                    }
                }
                // The form: a coordinator is not offered "officer", and a forged one is refused.
                let coordinator = try await client.signIn("coordinator@example.com")
                let page = try await client.get("/companies/\(company.companyID)", as: coordinator)
                #expect(page.text.contains("id=\"invite-form\"") && !page.text.contains("<option value=\"officer\""))
                let before = try await client.count(InvitationModel.self)
                let forged = try await client.post("/companies/\(company.companyID)/invitations", as: coordinator,
                                                   form: [("email", "boss@example.com"), ("role", "officer")])
                #expect(forged.status == .forbidden && forged.text.contains("officer"))
                #expect(try await client.count(InvitationModel.self) == before)
                let officer = try await client.signIn("officer@example.com")
                let officerPage = try await client.get("/companies/\(company.companyID)", as: officer)
                #expect(officerPage.text.contains("<option value=\"officer\""))
                let allowed = try await client.post("/companies/\(company.companyID)/invitations", as: officer,
                                                    form: [("email", "deputy@example.com"), ("role", "officer")])
                #expect(allowed.status == .ok && allowed.text.contains("id=\"invitation-link\""))
            }
        }

        // MARK: 3. Parallel guesses

        @Test func guessesSentAtOnceAreCheckedAtMostUpToTheLimit() async throws {
            // A slower hash widens the window between reading the count and writing it.
            try await withTrustlane(configure: { $0.bcryptCost = 8; $0.signInAddressSlowdownStep = 0 }) { client in
                try await client.makeUser("target@example.com")
                let attempts = 40
                var browsers: [TestClient.Browser] = []
                for _ in 0..<attempts {
                    let browser = client.browser()
                    try await client.get("/sign-in", as: browser)
                    browsers.append(browser)
                }
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for (index, browser) in browsers.enumerated() {
                        let password = index == attempts - 1 ? TestClient.password : "wrong guess number \(index)"
                        group.addTask {
                            try await client.post("/sign-in", as: browser, form: [("email", "target@example.com"), ("password", password)]).status
                        }
                    }
                    var all: [HTTPResponseStatus] = []
                    for try await status in group { all.append(status) }
                    return all
                }
                let checked = statuses.filter { $0 == .unauthorized || $0 == .seeOther }.count
                let refused = statuses.filter { $0 == .tooManyRequests }.count
                #expect(checked <= client.app.config.signInFailureLimit, "\(checked) passwords were checked: \(statuses.map(\.code))")
                #expect(checked + refused == attempts)
                #expect(!statuses.contains { $0.code >= 500 })
                // the account is locked now, even for the right password
                let late = client.browser()
                try await client.get("/sign-in", as: late)
                let locked = try await client.post("/sign-in", as: late, form: [("email", "target@example.com"), ("password", TestClient.password)])
                if !statuses.contains(.seeOther) { #expect(locked.status == .tooManyRequests) }
            }
        }

        /// Two server processes on one PostgreSQL database: the row lock, not the in-process
        /// gate, is what keeps their counts from racing.
        @Test(.enabled(if: usingPostgres)) func guessesSentAtOnceToTwoServersShareOneLimit() async throws {
            try await withTrustlane(configure: { $0.bcryptCost = 8; $0.signInAddressSlowdownStep = 0 }) { client in
                try await client.makeUser("target@example.com")
                let second = try await Application.make(.testing)
                var config = client.app.config
                config.migrateOnStart = false
                try await configure(second, config: config)
                let other = TestClient(app: second)
                do {
                    var pairs: [(TestClient, TestClient.Browser)] = []
                    for index in 0..<30 {
                        let server = index.isMultiple(of: 2) ? client : other
                        let browser = server.browser()
                        try await server.get("/sign-in", as: browser)
                        pairs.append((server, browser))
                    }
                    let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                        for (index, pair) in pairs.enumerated() {
                            group.addTask {
                                try await pair.0.post("/sign-in", as: pair.1, form: [("email", "target@example.com"), ("password", "wrong guess \(index)")]).status
                            }
                        }
                        var all: [HTTPResponseStatus] = []
                        for try await status in group { all.append(status) }
                        return all
                    }
                    let checked = statuses.filter { $0 == .unauthorized }.count
                    #expect(checked <= config.signInFailureLimit, "\(checked) checked across two servers: \(statuses.map(\.code))")
                    #expect(!statuses.contains { $0.code >= 500 })
                    try await second.asyncShutdown()
                } catch {
                    try? await second.asyncShutdown()
                    throw error
                }
            }
        }

        // MARK: 4. Open redirects

        @Test func signingInFollowsOnlySameSitePaths() async throws {
            try await withTrustlane { client in
                try await client.makeUser("person@example.com")
                let bad = ["/\t/evil.example/phish", "/%09/evil.example/phish", "/\r/evil.example", "/\\evil.example", "\\/evil.example",
                           "//evil.example", "/\u{2215}/evil.example", "/\u{FF0F}/evil.example", "https://evil.example/", "/ /evil.example"]
                for next in bad {
                    let browser = client.browser()
                    let form = try await client.get("/sign-in?next=\(TestClient.encode(next))", as: browser)
                    #expect(!form.text.contains("evil.example"), "the sign-in form kept \(next.debugDescription)")
                    let response = try await client.post("/sign-in", as: browser, form: [("email", "person@example.com"), ("password", TestClient.password),
                                                                                         ("next", next)])
                    #expect(response.status == .seeOther && response.location == SiteURL.home, "\(next.debugDescription) → \(response.location ?? "-")")
                }
                let browser = client.browser()
                try await client.get("/sign-in", as: browser)
                let good = try await client.post("/sign-in", as: browser, form: [("email", "person@example.com"), ("password", TestClient.password),
                                                                                ("next", "/account")])
                #expect(good.location == "/account")
            }
        }

        // MARK: 5. One address does not lock everyone out

        @Test func anotherPersonsCorrectPasswordGetsInAfterTheirAddressPassedItsLimit() async throws {
            try await withTrustlane(configure: { $0.signInFailureLimit = 2; $0.signInAddressSlowdownStep = 0.01 }) { client in
                try await client.makeUser("colleague@example.com")
                // 12 wrong passwords from this (one) address, for twelve different accounts:
                // past the address's limit of 8, no single account's.
                for index in 0..<12 {
                    let browser = client.browser()
                    try await client.get("/sign-in", as: browser)
                    let response = try await client.post("/sign-in", as: browser, form: [("email", "guess\(index)@example.com"), ("password", "wrong password \(index)")])
                    #expect(response.status == .unauthorized)
                }
                let colleague = client.browser()
                try await client.get("/sign-in", as: colleague)
                let started = Date()
                let response = try await client.post("/sign-in", as: colleague, form: [("email", "colleague@example.com"), ("password", TestClient.password)])
                #expect(response.status == .seeOther, "a correct password from a busy address was refused: \(response.status)")
                // slowed down: (13 - 8) steps of 10 ms
                #expect(Date().timeIntervalSince(started) >= 0.04)
                // the per-account lock still holds
                for _ in 0..<2 {
                    let b = client.browser()
                    try await client.get("/sign-in", as: b)
                    _ = try await client.post("/sign-in", as: b, form: [("email", "colleague@example.com"), ("password", "not it at all")])
                }
                let b = client.browser()
                try await client.get("/sign-in", as: b)
                let locked = try await client.post("/sign-in", as: b, form: [("email", "colleague@example.com"), ("password", TestClient.password)])
                #expect(locked.status == .tooManyRequests)
            }
        }

        // MARK: 9. Links never follow the Host header

        @Test func invitationLinksAreBuiltFromConfigurationNeverFromTheHostHeader() async throws {
            for publicURL in [nil, "https://trustlane.example.com"] as [String?] {
                try await withTrustlane(configure: { $0.publicURL = publicURL }) { client in
                    let company = try await client.makeCompany("Alpha Imports")
                    let admin = try await client.makeUser("admin@example.com", admin: true)
                    var headers = HTTPHeaders()
                    headers.bearerAuthorization = .init(token: try await client.token(for: admin))
                    headers.contentType = .json
                    headers.replaceOrAdd(name: .host, value: "evil.example")
                    let response = try await client.send(.POST, "/api/v1/companies/\(company.companyID)/invitations", browser: nil, headers: headers,
                                                         body: ByteBuffer(string: #"{"email":"new@example.com","role":"viewer"}"#))
                    #expect(response.status == .created)
                    let link = try response.content.decode(InvitationResponse.self).link
                    #expect(!link.contains("evil.example"))
                    if let publicURL { #expect(link.hasPrefix(publicURL + "/invitations/")) } else { #expect(link.hasPrefix("/invitations/")) }
                    // the page too
                    let browser = try await client.signIn("admin@example.com")
                    let page = try await client.send(.POST, "/companies/\(company.companyID)/invitations", browser: browser,
                                                     headers: ["Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded"],
                                                     body: ByteBuffer(string: "email=other%40example.com&role=viewer&_csrf=\(browser.csrf ?? "")"))
                    #expect(page.status == .ok && page.text.contains("id=\"invitation-link\"") && !page.text.contains("evil.example"))
                }
            }
        }

        // MARK: 10 and 11. Metrics and headers

        @Test func metricsAnswerOnlyWithTheTokenOrOnLoopback() async throws {
            // The in-memory test server has no peer address: without a token, nobody gets in.
            try await withTrustlane { client in
                let anonymous = try await client.get("/metrics")
                #expect(anonymous.status == .notFound)
            }
            let token = "metrics-token-0123456789"
            try await withTrustlane(configure: { $0.metricsToken = token }) { client in
                #expect(try await client.get("/metrics").status == .notFound)
                #expect(try await client.get("/metrics", headers: ["Authorization": "Bearer wrong-token-0123456789"]).status == .notFound)
                let ok = try await client.get("/metrics", headers: ["Authorization": "Bearer \(token)"])
                #expect(ok.status == .ok && ok.headers.contentType?.description.hasPrefix("text/plain") == true)
            }
        }

        @Test func httpsDeploymentsSendHSTSAndEveryResponseAPermissionsPolicy() async throws {
            try await withTrustlane(configure: { $0.publicURL = "https://trustlane.example.com" }) { client in
                for path in ["/sign-in", "/healthz", "/no-such-page"] {
                    let response = try await client.get(path)
                    #expect(response.headers.first(name: .strictTransportSecurity)?.contains("max-age=31536000") == true, "\(path)")
                    #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=(self)") == true, "\(path)")
                    #expect(response.headers.first(name: "Permissions-Policy")?.contains("microphone=()") == true, "\(path)")
                }
            }
            try await withTrustlane { client in
                let response = try await client.get("/sign-in")
                #expect(response.headers.first(name: .strictTransportSecurity) == nil)
                #expect(response.headers.first(name: "Permissions-Policy") != nil)
            }
        }
    }
}
