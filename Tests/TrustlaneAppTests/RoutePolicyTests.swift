import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Walks every registered route, for every kind of person (and nobody), against a company of
    /// theirs and one that is not, and checks that the answer matches `AccessPolicy`.
    @Suite struct RoutePolicy {
        @Test func everyRouteDeclaresAnAction() async throws {
            try await withTrustlane { client in
                for route in client.app.routes.all {
                    let action = route.userInfo[AnySendableHashable(AccessGuard.actionKey)] as? Action
                    #expect(action != nil, "\(route.method) /\(route.path.string) declares no action")
                    if let action, action.scope == .company {
                        #expect(route.path.contains(.parameter("companyID")), "\(route.method) /\(route.path.string) is company-scoped without :companyID")
                    }
                }
            }
        }

        struct Person {
            let label: String
            let actor: Actor
            let email: String?
        }

        @Test func everyRouteAnswersAsThePolicySaysForEveryRole() async throws {
            try await withTrustlane { client in
                // setup: two companies; people of every role in company A; nobody of theirs in B
                let companyA = try await client.makeCompany("Alpha Imports", types: [.importer])
                let companyB = try await client.makeCompany("Bravo Carriers", types: [.highwayCarrier])
                var people: [Person] = [Person(label: "nobody", actor: .anonymous, email: nil)]
                let admin = try await client.makeUser("admin@example.com", admin: true)
                people.append(Person(label: "administrator", actor: Actor(userID: admin.userID, platformRoles: [.administrator]), email: admin.email))
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                people.append(Person(label: "reviewer", actor: Actor(userID: reviewer.userID, platformRoles: [.reviewer]), email: reviewer.email))
                let loner = try await client.makeUser("loner@example.com")
                people.append(Person(label: "no company", actor: Actor(userID: loner.userID), email: loner.email))
                for role in CompanyRole.allCases {
                    let user = try await client.makeUser("\(role.rawValue)@example.com", consultant: role == .consultant)
                    try await client.addMember(user, to: companyA, role: role)
                    people.append(Person(label: role.rawValue,
                                         actor: Actor(userID: user.userID, platformRoles: role == .consultant ? [.consultant] : [],
                                                      companyRoles: [companyA.companyID: role]),
                                         email: user.email))
                }
                let users = try await UserModel.query(on: client.db).all()
                var tokens: [String: String] = [:]
                for user in users { tokens[user.email] = try await client.token(for: user) }

                // sign-out goes last, since it ends the session the other requests use
                let routes = client.app.routes.all.sorted { lhs, rhs in
                    (lhs.path.string == "sign-out" ? 1 : 0) < (rhs.path.string == "sign-out" ? 1 : 0)
                }
                var checked = 0
                for person in people {
                    let browser = person.email == nil ? client.browser() : try await client.signIn(person.email!)
                    for route in routes {
                        guard let action = route.userInfo[AnySendableHashable(AccessGuard.actionKey)] as? Action,
                              action.scope != .open else { continue }
                        for target in [companyA, companyB] {
                            let path = "/" + route.path.map { component -> String in
                                switch component {
                                case .parameter("companyID"): return target.companyID.description
                                case .parameter("role"): return "reviewer"
                                case .parameter("entityType"): return "IMP"
                                case .parameter: return UUID().uuidString.lowercased()
                                default: return component.description
                                }
                            }.joined(separator: "/")
                            let isAPI = path.hasPrefix("/api/")
                            let response: TestingHTTPResponse
                            if isAPI {
                                response = try await client.api(route.method, path, token: person.email.flatMap { tokens[$0] },
                                                                json: [.POST, .PATCH, .PUT].contains(route.method) ? "{}" : nil)
                            } else if route.method == .GET {
                                response = try await client.get(path, as: browser)
                            } else {
                                response = try await client.post(path, as: browser)
                            }
                            let decision = AccessPolicy.decide(person.actor, action, company: action.scope == .company ? target.companyID : nil)
                            let where_ = "\(person.label) \(route.method) \(path) [\(action)] → \(response.status.code), policy \(decision)"
                            switch decision {
                            case .unauthenticated:
                                if !isAPI && route.method == .GET {
                                    #expect(response.status == .seeOther && response.location?.hasPrefix("/sign-in") == true, "\(where_)")
                                } else {
                                    #expect(response.status == .unauthorized, "\(where_)")
                                }
                            case .notFound:
                                #expect(response.status == .notFound, "\(where_)")
                            case .forbidden:
                                #expect(response.status == .forbidden, "\(where_)")
                            case .allowed:
                                #expect(response.status != .unauthorized && response.status != .forbidden, "\(where_)")
                                #expect(response.status.code < 500, "\(where_)")
                            }
                            checked += 1
                            if action.scope != .company { break }
                        }
                    }
                }
                #expect(checked > 100)
            }
        }

        @Test func aMemberOfOneCompanyNeverSeesAnother() async throws {
            try await withTrustlane { client in
                let mine = try await client.makeCompany("Mine SA", country: "MX")
                let theirs = try await client.makeCompany("Theirs PT", country: "ID", types: [.foreignManufacturer])
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: mine, role: .officer)
                let browser = try await client.signIn("officer@example.com")
                let token = try await client.token(for: officer)

                let own = try await client.get("/companies/\(mine.companyID)", as: browser)
                #expect(own.status == .ok && own.text.contains("Mine SA"))
                for path in ["/companies/\(theirs.companyID)", "/companies/\(theirs.companyID)/edit", "/companies/\(theirs.companyID)/audit"] {
                    let page = try await client.get(path, as: browser)
                    #expect(page.status == .notFound, "\(path)")
                    #expect(!page.text.contains("Theirs PT"))
                }
                // an id that does not exist looks exactly like one that is not yours
                let unknown = try await client.get("/companies/\(UUID())", as: browser)
                #expect(unknown.status == .notFound)
                let api = try await client.api(.GET, "/api/v1/companies/\(theirs.companyID)", token: token)
                #expect(api.status == .notFound && !api.text.contains("Theirs"))
                let list = try await client.api(.GET, "/api/v1/companies", token: token)
                #expect(list.text.contains("Mine SA") && !list.text.contains("Theirs PT"))
                let edit = try await client.post("/companies/\(theirs.companyID)", as: browser, form: [("legal_name", "Owned"), ("country", "US"), ("entity_types", "IMP")])
                #expect(edit.status == .notFound)
                #expect(try await CompanyModel.find(theirs.id, on: client.db)?.legalName == "Theirs PT")
            }
        }
    }
}
