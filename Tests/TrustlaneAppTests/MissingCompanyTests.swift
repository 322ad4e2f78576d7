import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 9, item 7: an administrator (or reviewer) naming a company id that does not exist
    /// gets a 404 before anything is inserted, never a foreign-key 500.
    @Suite struct MissingCompany {
        @Test func administratorCreatingARiskAssessmentForAMissingCompanyGets404() async throws {
            try await withTrustlane { client in
                // setup: an administrator, and a company id that names nothing
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let browser = try await client.signIn("admin@example.com")
                let missing = UUID().uuidString.lowercased()

                // act: the API and the form
                let api = try await client.api(.POST, "/api/v1/companies/\(missing)/risk-assessments", token: token,
                                               json: #"{"title":"2026 assessment"}"#)
                let form = try await client.post("/companies/\(missing)/risk", as: browser, form: [("title", "2026 assessment")])

                // verify: 404 both ways, nothing saved
                #expect(api.status == .notFound, "\(api.status) \(api.text)")
                #expect(form.status == .notFound, "\(form.status)")
                #expect(try await client.count(RiskAssessmentModel.self) == 0)
            }
        }

        @Test func everyChangeUnderAMissingCompanyAnswers404ForAdministratorsAndReviewers() async throws {
            try await withTrustlane { client in
                // setup: an administrator and a reviewer, each with a browser and a token
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let people = [(admin, try await client.signIn(admin.email), try await client.token(for: admin)),
                              (reviewer, try await client.signIn(reviewer.email), try await client.token(for: reviewer))]
                let missing = UUID().uuidString.lowercased()
                let auditBefore = try await client.count(AuditEntryModel.self)

                // act and verify: every unsafe route under /companies/{id}, web and API
                var checked = 0
                for (person, browser, token) in people {
                    for route in client.app.routes.all where route.method != .GET && route.path.contains(.parameter("companyID")) {
                        guard let action = route.userInfo[AnySendableHashable(AccessGuard.actionKey)] as? Action,
                              AccessPolicy.decide(Actor(userID: person.userID, platformRoles: person.isAdministrator ? [.administrator] : [.reviewer]),
                                                  action, company: CompanyID()) == .allowed else { continue }
                        let path = "/" + route.path.map { component -> String in
                            switch component {
                            case .parameter("companyID"): return missing
                            case .parameter("entityType"): return "HC"
                            case .parameter("criterionID"): return "1.1"
                            case .parameter("decision"): return "accept"
                            case .parameter: return UUID().uuidString.lowercased()
                            default: return component.description
                            }
                        }.joined(separator: "/")
                        let response: TestingHTTPResponse
                        if path.hasPrefix("/api/") {
                            response = try await client.api(route.method, path, token: token,
                                                            json: #"{"title":"T","kind":"apply","email":"x@example.com","role":"viewer"}"#)
                        } else {
                            response = try await client.post(path, as: browser, form: [("title", "T"), ("kind", "apply"),
                                                                                       ("email", "x@example.com"), ("role", "viewer")])
                        }
                        #expect(response.status == .notFound, "\(person.email) \(route.method) \(path) → \(response.status.code)")
                        checked += 1
                    }
                }
                #expect(checked > 30)
                #expect(try await client.count(AuditEntryModel.self) == auditBefore)
            }
        }
    }
}
