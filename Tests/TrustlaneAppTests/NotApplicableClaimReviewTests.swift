import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// A Must declared "not applicable to our business model" (CBP's MSC for U.S. customs brokers,
/// March 2020): the company submits it, the reviewer accepts or rejects it.
extension AppTests {
    @Suite struct NotApplicableClaimReview {
        struct Claimed {
            let f: SecurityProfile.Fixture
            let reviewerUser: UserModel
            let reviewer: TestClient.Browser
            let must: CriterionID
            var page: String { "/companies/\(f.company.companyID)/profile/criteria/\(must.rawValue)" }
            var decide: String { page + "/not-applicable-decision" }
            var api: String { "/api/v1/companies/\(f.company.companyID)/profile/criteria/\(must.rawValue)/not-applicable-decision" }
            var submit: String { "/companies/\(f.company.companyID)/profile/submit" }
        }

        /// Every criterion met but one plain Must, which the officer declares not applicable on the
        /// page (version 1); the profile is submitted when `submit` says so.
        static func claimed(_ client: TestClient, submit: Bool = true) async throws -> Claimed {
            let f = try await SecurityProfile.fixture(client)
            let reviewer = try await client.makeUser("reviewer@example.com", name: "Rosa Reviewer", reviewer: true)
            let service = ProfileService(app: client.app)
            var context = try await service.open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
            try await service.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "yes") }), by: nil)
            context = try await service.require(company: f.company.companyID)
            let must = try #require(context.scope.criteria.first { $0.isMust && $0.criterion.condition == nil }).id
            for scoped in context.scope.criteria where scoped.id != must {
                try await service.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets, narrative: "Done for \(scoped.id.rawValue).",
                                                                       baseVersion: 0), by: f.officer.userID)
            }
            let claimed = Claimed(f: f, reviewerUser: reviewer, reviewer: try await client.signIn(reviewer.email), must: must)
            let saved = try await client.post(claimed.page, as: f.browser, form: [("status", "not_applicable"), ("base_version", "0"),
                                                                                  ("not_applicable_reason", "We are a customs broker: we never stuff or seal containers.")])
            #expect(saved.status == .seeOther)
            if submit {
                #expect(try await client.post(claimed.submit, as: f.browser, form: [("declaration", "yes")]).status == .seeOther)
            }
            return claimed
        }

        static func json(_ response: TestingHTTPResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(response.text.utf8)) }

        /// The claim of the Must in the profile document, as the API shows the company.
        static func claim(_ client: TestClient, _ c: Claimed, token: String) async throws -> [String: Any]? {
            let profile = try await client.api(.GET, "/api/v1/companies/\(c.f.company.companyID)/profile", token: token)
            let answers = try #require((try json(profile) as? [String: Any])?["answers"] as? [[String: Any]])
            return answers.first { $0["criterionId"] as? String == c.must.rawValue }?["notApplicableClaim"] as? [String: Any]
        }

        @Test func aMustNotApplicableToTheBusinessModelIsSubmittedAndFlaggedUntilTheReviewerAccepts() async throws {
            try await withTrustlane { client in
                // setup: the claim is saved; the profile is not submitted yet
                let c = try await Self.claimed(client, submit: false)
                let token = try await client.token(for: c.f.officer)

                // verify: the company sees the claim awaiting the reviewer, in the page, the gaps and the API
                let draft = try await client.get(c.page, as: c.f.browser)
                #expect(draft.text.contains("id=\"not-applicable-claim\"") && draft.text.contains("data-claim=\"awaiting_review\""))
                #expect(draft.text.contains("we never stuff or seal containers"))
                let gaps = try await client.get("/companies/\(c.f.company.companyID)/profile/gaps", as: c.f.browser)
                #expect(gaps.text.contains("id=\"claims-awaiting\"") && gaps.text.contains("id=\"claim-\(c.must.rawValue)\""))
                #expect(try await Self.claim(client, c, token: token)?["state"] as? String == "awaiting_review")
                let submitPage = try await client.get(c.submit, as: c.f.browser)
                #expect(!submitPage.text.contains("id=\"blockers\"") && submitPage.text.contains("id=\"claims-awaiting\""))

                // act: the officer submits (a claim counts as answered)
                #expect(try await client.post(c.submit, as: c.f.browser, form: [("declaration", "yes")]).status == .seeOther)
                #expect(try await client.count(ProfileSnapshotModel.self) == 1)

                // the reviewer sees the submitted claim with both forms, and accepts it (twice: one decision)
                let review = try await client.get(c.page, as: c.reviewer)
                #expect(review.text.contains("id=\"claim-accept-form\"") && review.text.contains("id=\"claim-reject-form\""))
                #expect(review.text.contains("we never stuff or seal containers"))
                #expect(try await client.post(c.decide, as: c.reviewer, form: [("decision", "accepted")]).status == .seeOther)
                #expect(try await client.post(c.decide, as: c.reviewer, form: [("decision", "accepted")]).status == .seeOther)
                #expect(try await client.count(NotApplicableDecisionModel.self) == 1)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "review.not_applicable_accepted").count() == 1)

                // verify: accepted, recorded, no longer flagged
                let accepted = try await client.get(c.page, as: c.f.browser)
                #expect(accepted.text.contains("data-claim=\"accepted\"") && accepted.text.contains("data-verdict=\"accepted\""))
                #expect(try await Self.claim(client, c, token: token)?["state"] as? String == "accepted")
                let after = try await client.get("/companies/\(c.f.company.companyID)/profile/gaps", as: c.f.browser)
                #expect(!after.text.contains("id=\"claims-awaiting\""))
            }
        }

        @Test func aRejectedClaimIsAGapUntilTheCompanyAnswersAgainAndANewAnswerSetsTheDecisionAside() async throws {
            try await withTrustlane { client in
                // setup
                let c = try await Self.claimed(client)
                let token = try await client.token(for: c.f.officer)

                // a rejection without a reason is refused, naming the field, and saves nothing
                let bare = try await client.post(c.decide, as: c.reviewer, form: [("decision", "rejected"), ("reason", "   ")])
                #expect(bare.status == .badRequest && bare.text.contains("data-field=\"reason\""))
                #expect(try await client.count(NotApplicableDecisionModel.self) == 0)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "review.not_applicable_rejected").count() == 0)

                // act: rejected with a reason
                let rejected = try await client.post(c.decide, as: c.reviewer, form: [("decision", "rejected"),
                                                                                      ("reason", "REASON-7781 You also run a bonded warehouse.")])
                #expect(rejected.status == .seeOther)
                #expect(try await AuditEntryModel.query(on: client.db).filter(\.$action == "review.not_applicable_rejected").count() == 1)

                // verify: the company sees the rejection and must answer again; it is a gap; submitting is blocked
                let page = try await client.get(c.page, as: c.f.browser)
                #expect(page.text.contains("data-claim=\"rejected\"") && page.text.contains("id=\"claim-answer-again\"") && page.text.contains("REASON-7781"))
                let gaps = try await client.get("/companies/\(c.f.company.companyID)/profile/gaps", as: c.f.browser)
                let gapList = try #require(gaps.text.components(separatedBy: "id=\"gap-list\"").last)
                #expect(gapList.contains("/criteria/\(c.must.rawValue)\"") && gapList.contains("data-claim=\"rejected\""))
                let apiGaps = try await client.api(.GET, "/api/v1/companies/\(c.f.company.companyID)/profile/gaps", token: token)
                let gap = (try Self.json(apiGaps) as? [[String: Any]])?.first { $0["criterionId"] as? String == c.must.rawValue }
                #expect(gap?["notApplicableClaim"] as? String == "rejected")
                let blocked = try await client.post(c.submit, as: c.f.browser, form: [("declaration", "yes")])
                #expect(blocked.status == .badRequest && blocked.text.contains("id=\"blockers\""))
                #expect(try await client.count(ProfileSnapshotModel.self) == 1)
                let overview = try await client.get("/companies/\(c.f.company.companyID)/profile", as: c.f.browser)
                #expect(overview.text.contains("id=\"open-musts\"") && overview.text.contains("data-claim=\"rejected\""))

                // the company claims it again with a better reason (version 2): the rejection no longer applies
                let again = try await client.post(c.page, as: c.f.browser, form: [("status", "not_applicable"), ("base_version", "1"),
                                                                                  ("not_applicable_reason", "The warehouse is a separate company with its own CTPAT account.")])
                #expect(again.status == .seeOther)
                let reclaimed = try await client.get(c.page, as: c.f.browser)
                #expect(reclaimed.text.contains("data-claim=\"awaiting_review\"") && reclaimed.text.contains("id=\"claim-set-aside\""))
                #expect(try await Self.claim(client, c, token: token)?["state"] as? String == "awaiting_review")
                #expect(try await client.post(c.submit, as: c.f.browser, form: [("declaration", "yes")]).status == .seeOther)

                // answered as met (version 3): no claim at all any more
                let met = try await client.post(c.page, as: c.f.browser, form: [("status", "meets"), ("base_version", "2"),
                                                                                ("narrative", "Seals are checked by our warehouse team.")])
                #expect(met.status == .seeOther)
                #expect(try await Self.claim(client, c, token: token) == nil)
                let none = try await client.get(c.page, as: c.f.browser)
                #expect(!none.text.contains("id=\"not-applicable-claim\""))
            }
        }

        @Test func onlyReviewersDecideAndBadDecisionsAreRefusedNamingTheField() async throws {
            try await withTrustlane { client in
                // setup
                let c = try await Self.claimed(client)
                let officerToken = try await client.token(for: c.f.officer)
                let reviewerToken = try await client.token(for: c.reviewerUser)
                let stranger = try await client.makeUser("stranger@example.com")
                let strangerToken = try await client.token(for: stranger)

                // the company's own officer may not decide, on the page or the API; a stranger sees nothing
                let forged = try await client.post(c.decide, as: c.f.browser, form: [("decision", "accepted")])
                #expect(forged.status == .forbidden)
                #expect(try await client.api(.POST, c.api, token: officerToken, json: #"{"decision":"accepted"}"#).status == .forbidden)
                #expect(try await client.api(.POST, c.api, token: strangerToken, json: #"{"decision":"accepted"}"#).status == .notFound)
                #expect(try await client.count(NotApplicableDecisionModel.self) == 0)

                // bad input: 400 naming the field, nothing saved
                for (body, field) in [("{}", "decision"), (#"{"decision":"maybe"}"#, "decision"), (#"{"decision":"rejected"}"#, "reason"),
                                      (#"{"decision":"rejected","reason":"\#(String(repeating: "x", count: 2_001))"}"#, "reason")] {
                    let response = try await client.api(.POST, c.api, token: reviewerToken, json: body)
                    #expect(response.status == .badRequest && response.text.contains(#""field":"\#(field)""#), "\(body): \(response.status) \(response.text)")
                }
                // a criterion that was submitted as met holds no claim to decide
                let context = try await ProfileService(app: client.app).require(company: c.f.company.companyID)
                let met = try #require(context.scope.criteria.first { $0.isMust && $0.id != c.must }).id
                let notAClaim = try await client.api(.POST, "/api/v1/companies/\(c.f.company.companyID)/profile/criteria/\(met.rawValue)/not-applicable-decision",
                                                     token: reviewerToken, json: #"{"decision":"accepted"}"#)
                #expect(notAClaim.status == .badRequest && notAClaim.text.contains(#""field":"criterion""#))
                #expect(try await client.count(NotApplicableDecisionModel.self) == 0)

                // act: the reviewer rejects through the API
                let decided = try await client.api(.POST, c.api, token: reviewerToken, json: #"{"decision":"rejected","reason":"You run a yard."}"#)

                // verify
                #expect(decided.status == .created)
                let body = try #require(try Self.json(decided) as? [String: Any])
                #expect(body["decision"] as? String == "rejected" && body["reason"] as? String == "You run a yard." && body["answerVersion"] as? Int == 1)
                let row = try #require(try await NotApplicableDecisionModel.query(on: client.db).first())
                #expect(row.decidedBy == c.reviewerUser.id && row.verdict == "rejected" && row.snapshotID != nil)
            }
        }

        @Test func aClaimCannotBeDecidedBeforeItIsSubmitted() async throws {
            try await withTrustlane { client in
                let c = try await Self.claimed(client, submit: false)
                let reviewerToken = try await client.token(for: c.reviewerUser)
                let early = try await client.api(.POST, c.api, token: reviewerToken, json: #"{"decision":"accepted"}"#)
                #expect(early.status == .badRequest && early.text.contains(#""field":"criterion""#))
                #expect(try await client.count(NotApplicableDecisionModel.self) == 0)
            }
        }
    }
}
