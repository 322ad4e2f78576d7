import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Every state-changing route, fed junk by an administrator (who may call all of them):
    /// never a 5xx, never a new row.
    @Suite struct JunkInput {
        static let long = String(repeating: "ü", count: 3000)

        static let jsonBodies = ["", "{", "[1,2", "null", "42", "\"text\"", "[]", "{\"legalName\": {\"nested\": true}}",
                                 "{\"email\": [1, 2], \"role\": false}", "{\"legalName\": \"\(long)\", \"country\": \"\(long)\"}",
                                 "{\"entityTypes\": [null]}", "{\"identifiers\": [1]}"]

        static let forms: [[(String, String)]] = [
            [], [("email", long), ("password", long), ("name", long)], [("legal_name", "\u{0001}\u{0002}"), ("country", "1")],
            [("entity_types[]", "IMP"), ("entity_types[0][x]", "y")], [("role", "emperor"), ("granted", "maybe")],
            [("language", long)], [("company_id", "not-a-uuid")], [("new_password", long), ("new_password_confirmation", "x")],
        ]

        @Test func noStateChangingRouteFailsOrWritesOnJunk() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let company = try await client.makeCompany("Norte")
                let token = try await client.token(for: admin)
                let browser = try await client.signIn("admin@example.com")
                let invitation = try await CompanyMemberService(app: client.app).invite(to: company.companyID, email: "x@example.com", role: "viewer", by: nil)
                func counts() async throws -> [Int] {
                    [try await client.count(UserModel.self), try await client.count(CompanyModel.self),
                     try await client.count(CompanyMemberModel.self), try await client.count(InvitationModel.self),
                     try await client.count(APITokenModel.self), try await client.count(CompanyIdentifierModel.self)]
                }
                let before = try await counts()
                var tried = 0
                for route in client.app.routes.all where [.POST, .PATCH, .PUT, .DELETE].contains(route.method) {
                    let path = "/" + route.path.map { component -> String in
                        switch component {
                        case .parameter("companyID"): return company.companyID.description
                        case .parameter("userID"): return admin.id!.uuidString
                        case .parameter("token"): return invitation.token
                        case .parameter("role"): return "nonsense"
                        case .parameter: return UUID().uuidString
                        default: return component.description
                        }
                    }.joined(separator: "/")
                    if route.path.string == "sign-out" { continue }
                    if path.hasPrefix("/api/") {
                        for body in Self.jsonBodies {
                            let response = try await client.api(route.method, path, token: token, json: body)
                            #expect(response.status.code < 500, "\(route.method) \(path) \(body.prefix(40)) → \(response.status)")
                            tried += 1
                        }
                    } else {
                        for form in Self.forms {
                            let response = try await client.post(path, as: browser, form: form)
                            #expect(response.status.code < 500, "POST \(path) \(form.map(\.0)) → \(response.status)")
                            tried += 1
                        }
                    }
                }
                #expect(tried > 80)
                #expect(try await counts() == before)
                #expect(try await AuditLog.verify(on: client.db) != .intact(entries: 0))
            }
        }

        @Test func oversizedBodiesAreRefusedWith413() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let huge = "{\"legalName\": \"" + String(repeating: "a", count: 2_000_000) + "\"}"
                // over a real socket: the in-memory tester hands the body over already collected
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: token)
                headers.contentType = .json
                let response = try await client.app.testing(method: .running(port: 0))
                    .sendRequest(.POST, "/api/v1/companies", headers: headers, body: ByteBuffer(string: huge))
                #expect(response.status == .payloadTooLarge)
                #expect(try await client.count(CompanyModel.self) == 0)
            }
        }
    }

    @Suite struct Demo {
        @Test func demoDataLoadsOnceWithEveryRole() async throws {
            try await withTrustlane { client in
                try await DemoData(app: client.app).load(printTo: client.app.logger, password: "demo password for tests")
                #expect(try await client.count(CompanyModel.self) == 3)
                let countries = Set(try await CompanyModel.query(on: client.db).all().map(\.country))
                #expect(countries == ["ID", "MX", "US"])
                let roles = Set(try await CompanyMemberModel.query(on: client.db).all().map(\.role))
                #expect(roles == Set(CompanyRole.allCases.map(\.rawValue)))
                let users = try await UserModel.query(on: client.db).all()
                #expect(users.contains { $0.isReviewer } && users.contains { $0.isConsultant } && users.contains { $0.isAdministrator })
                // the consultant belongs to two companies and can switch between them
                let consultant = try #require(users.first { $0.isConsultant })
                #expect(try await CompanyMemberModel.query(on: client.db).filter(\.$user.$id == consultant.id!).count() == 2)
                _ = try await client.signIn(consultant.email, password: "demo password for tests")
                // loading again changes nothing
                let entries = try await client.count(AuditEntryModel.self)
                try await DemoData(app: client.app).load(printTo: client.app.logger, password: "demo password for tests")
                #expect(try await client.count(CompanyModel.self) == 3)
                #expect(try await client.count(AuditEntryModel.self) == entries)
                #expect(try await AuditLog.verify(on: client.db) == .intact(entries: entries))
            }
        }
    }
}
