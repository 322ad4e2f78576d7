import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// The OpenAPI document and the server agree: what the document calls required is required,
/// its limits are enforced, the statuses the server answers are listed, and an undeclared method
/// on a known path answers 405.
extension AppTests {
    @Suite struct OpenAPIAgreement {
        /// The served document as plain JSON objects.
        static func document(_ client: TestClient) async throws -> [String: Any] {
            let response = try await client.get("/api/v1/openapi.json")
            return try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        }

        static func operation(_ document: [String: Any], _ method: String, _ path: String) throws -> [String: Any] {
            let paths = try #require(document["paths"] as? [String: Any])
            let item = try #require(paths[path] as? [String: Any], "\(path) is not documented")
            return try #require(item[method] as? [String: Any], "\(method) \(path) is not documented")
        }

        static func parameter(_ operation: [String: Any], _ name: String) throws -> [String: Any] {
            let parameters = try #require(operation["parameters"] as? [[String: Any]])
            return try #require(parameters.first { $0["name"] as? String == name }, "no parameter \(name)")
        }

        static func statuses(_ operation: [String: Any]) -> Set<String> {
            Set((operation["responses"] as? [String: Any])?.keys.map { $0 } ?? [])
        }

        static func schema(_ document: [String: Any], _ name: String) throws -> [String: Any] {
            let components = try #require(document["components"] as? [String: Any])
            let schemas = try #require(components["schemas"] as? [String: Any])
            return try #require(schemas[name] as? [String: Any], "no schema \(name)")
        }

        static func admin(_ client: TestClient) async throws -> (UserModel, String) {
            let admin = try await client.makeUser("admin@example.com", admin: true)
            return (admin, try await client.token(for: admin))
        }

        @Test func correctiveActionOwnerIsDocumentedAsRequired() async throws {
            try await withTrustlane { client in
                // setup
                let (_, token) = try await Self.admin(client)
                let company = try await client.makeCompany("Owner Freight")
                let path = "/api/v1/companies/\(company.id!.uuidString)/corrective-actions"
                // act
                let document = try await Self.document(client)
                let withoutOwner = try await client.api(.POST, path, token: token, json: #"{"title":"Fix the gate","dueDate":"2030-01-31"}"#)
                let withOwner = try await client.api(.POST, path, token: token,
                                                     json: #"{"title":"Fix the gate","owner":"Ana Ruiz","dueDate":"2030-01-31"}"#)
                // verify: the server requires it, and so does the document
                #expect(withoutOwner.status == .badRequest && withoutOwner.text.contains(#""field":"owner""#))
                #expect(withOwner.status == .created)
                let request = try Self.schema(document, "CreateCorrectiveActionRequest")
                #expect((request["required"] as? [String])?.contains("owner") == true)
                let owner = try #require((request["properties"] as? [String: Any])?["owner"] as? [String: Any])
                #expect(owner["type"] as? String == "string", "owner must not be documented as nullable")
            }
        }

        @Test func catalogDiffWithoutOldIsDocumentedAsRequired() async throws {
            try await withTrustlane { client in
                let document = try await Self.document(client)
                let diff = try Self.operation(document, "get", "/api/v1/catalog-diff")
                for name in ["old", "new"] {
                    #expect(try Self.parameter(diff, name)["required"] as? Bool == true, "\(name) must be documented as required")
                }
                let withoutOld = try await client.get("/api/v1/catalog-diff?new=ctpat-msc-2020")
                #expect(withoutOld.status == .badRequest && withoutOld.text.contains(#""field":"old""#))
                let withoutNew = try await client.get("/api/v1/catalog-diff?old=ctpat-msc-2020")
                #expect(withoutNew.status == .badRequest && withoutNew.text.contains(#""field":"new""#))
            }
        }

        @Test func searchLongerThanTheDeclaredMaxLengthIsRefused() async throws {
            try await withTrustlane { client in
                // setup
                let (_, token) = try await Self.admin(client)
                let document = try await Self.document(client)
                let companies = try Self.operation(document, "get", "/api/v1/companies")
                let criteria = try Self.operation(document, "get", "/api/v1/catalogs/{catalogID}/criteria")
                let companiesMax = try #require((try Self.parameter(companies, "q")["schema"] as? [String: Any])?["maxLength"] as? Int)
                let criteriaMax = try #require((try Self.parameter(criteria, "q")["schema"] as? [String: Any])?["maxLength"] as? Int)
                // act + verify: one character past the declared length is refused by name; the length itself is fine
                let long = try await client.api(.GET, "/api/v1/companies?q=" + String(repeating: "a", count: companiesMax + 1), token: token)
                #expect(long.status == .badRequest && long.text.contains(#""field":"q""#) && long.text.contains("at most \(companiesMax)"))
                let fits = try await client.api(.GET, "/api/v1/companies?q=" + String(repeating: "a", count: companiesMax), token: token)
                #expect(fits.status == .ok)
                let longCriteria = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?q=" + String(repeating: "b", count: criteriaMax + 1))
                #expect(longCriteria.status == .badRequest && longCriteria.text.contains(#""field":"q""#))
                let fitsCriteria = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?q=" + String(repeating: "b", count: criteriaMax))
                #expect(fitsCriteria.status == .ok)
            }
        }

        @Test func emptyStateOrEntityTypeFilterIsRefusedNamingTheAllowedValues() async throws {
            try await withTrustlane { client in
                // setup
                let reviewer = try await client.makeUser("reviewer@example.com", reviewer: true)
                let token = try await client.token(for: reviewer)
                // act
                let state = try await client.api(.GET, "/api/v1/review/queue?state=", token: token)
                let entityType = try await client.api(.GET, "/api/v1/review/queue?entityType=", token: token)
                let level = try await client.get("/api/v1/catalogs/ctpat-msc-2020/criteria?level=")
                // verify
                #expect(state.status == .badRequest && state.text.contains(#""field":"state""#) && state.text.contains("applied"))
                #expect(entityType.status == .badRequest && entityType.text.contains(#""field":"entityType""#) && entityType.text.contains("HC"))
                #expect(level.status == .badRequest && level.text.contains(#""field":"level""#) && level.text.contains("should"))
                // left out, they filter nothing; the page's form still sends them blank for "any"
                #expect(try await client.api(.GET, "/api/v1/review/queue", token: token).status == .ok)
                let browser = try await client.signIn(reviewer.email)
                #expect(try await client.get("/review?state=&entityType=", as: browser).status == .ok)
            }
        }

        @Test func conflictAndTooLargeAnswersAreDocumented() async throws {
            try await withTrustlane { client in
                // setup
                let (admin, token) = try await Self.admin(client)
                let company = try await client.makeCompany("Conflict Freight")
                let document = try await Self.document(client)
                let paths = try #require(document["paths"] as? [String: [String: Any]])

                // 413: every operation with a body lists it (that a body past 1 MB gets it over a
                // real socket is JunkInput.oversizedBodiesAreRefusedWith413)
                for (path, item) in paths {
                    for (method, value) in item {
                        guard let operation = value as? [String: Any], operation["requestBody"] != nil else { continue }
                        #expect(Self.statuses(operation).contains("413"), "\(method.uppercased()) \(path) does not document 413")
                    }
                }

                // 409: an administrator withdrawing their own administrator role
                let demote = try await client.api(.DELETE, "/api/v1/users/\(admin.id!.uuidString)/roles/administrator", token: token)
                #expect(demote.status == .conflict)
                #expect(Self.statuses(try Self.operation(document, "delete", "/api/v1/users/{userID}/roles/{role}")).contains("409"))

                // 409: moving a corrective action from a stale version, as documented
                let base = "/api/v1/companies/\(company.id!.uuidString)/corrective-actions"
                let created = try await client.api(.POST, base, token: token, json: #"{"title":"Seal log","owner":"Ana","dueDate":"2030-01-31"}"#)
                let id = try #require(try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])["id"] as? String
                let moved = try await client.api(.POST, "\(base)/\(try #require(id))/status", token: token, json: #"{"status":"in_progress","baseVersion":1}"#)
                #expect(moved.status == .noContent)
                let stale = try await client.api(.POST, "\(base)/\(try #require(id))/status", token: token, json: #"{"status":"done","baseVersion":1}"#)
                #expect(stale.status == .conflict && stale.text.contains(#""field":"version""#))
                let move = try Self.operation(document, "post", "/api/v1/companies/{companyID}/corrective-actions/{actionID}/status")
                #expect(Self.statuses(move).contains("409"))
            }
        }

        /// Found by the schemathesis leg (negative data): values outside the documented range were
        /// clamped or ignored, and a body without its required `ratings` changed nothing with a 200.
        @Test func queryValuesAndBodiesTheDocumentForbidsAreRefused() async throws {
            try await withTrustlane { client in
                // setup
                let (_, token) = try await Self.admin(client)
                let company = try await client.makeCompany("Range Freight")
                let risk = "/api/v1/companies/\(company.id!.uuidString)/risk-assessments"
                let assessment = try await client.api(.POST, risk, token: token, json: #"{"title":"Ranges"}"#)
                let assessmentID = try #require(((try JSONSerialization.jsonObject(with: Data(assessment.text.utf8)) as? [String: Any])?["assessment"]
                    as? [String: Any])?["id"] as? String)
                let chain = try await client.api(.POST, "\(risk)/\(assessmentID)/chains", token: token, json: """
                    {"name":"North","nodes":[{"key":"F1","kind":"origin_factory","name":"Plant","country":"MX"},
                    {"key":"D1","kind":"destination","name":"DC","country":"US"}],"legs":[{"from":"F1","to":"D1","mode":"truck"}]}
                    """)
                let chainID = try #require((try JSONSerialization.jsonObject(with: Data(chain.text.utf8)) as? [String: Any])?["chainId"] as? String)
                // act + verify
                for (path, field) in [("/api/v1/companies?per=0", "per"), ("/api/v1/companies?per=201", "per"), ("/api/v1/companies?page=0", "page"),
                                      ("/api/v1/audit?before=null", "before"), ("/api/v1/companies/\(company.id!.uuidString)/audit?before=x", "before"),
                                      ("/api/v1/notifications?page=null", "page"), ("/api/v1/review/queue?per=", "per")] {
                    let response = try await client.api(.GET, path, token: token)
                    #expect(response.status == .badRequest && response.text.contains(#""field":"\#(field)""#), "\(path): \(response.status)")
                }
                #expect(try await client.api(.GET, "/api/v1/companies?per=200&page=1", token: token).status == .ok)
                let longLabel = String(repeating: "L", count: CompanyDraft.maxIdentifierLength + 1)
                let label = try await client.api(.PATCH, "/api/v1/companies/\(company.id!.uuidString)", token: token,
                                                 json: #"{"identifiers":[{"kind":"mid","value":"MXABC123","label":"\#(longLabel)"}]}"#)
                #expect(label.status == .badRequest && label.text.contains(#""field":"identifiers[0].label""#))
                let blankDay = try await client.api(.POST, risk, token: token, json: #"{"title":"Blank","assessedOn":""}"#)
                #expect(blankDay.status == .badRequest && blankDay.text.contains(#""field":"assessedOn""#))
                let threats = try await client.api(.POST, "\(risk)/\(assessmentID)/threat-ratings", token: token, json: "{}")
                #expect(threats.status == .badRequest && threats.text.contains(#""field":"ratings""#))
                let vulnerabilities = try await client.api(.PUT, "\(risk)/\(assessmentID)/chains/\(chainID)/vulnerability-ratings", token: token, json: "{}")
                #expect(vulnerabilities.status == .badRequest && vulnerabilities.text.contains(#""field":"ratings""#))
            }
        }

        @Test func unknownMethodOnKnownAPIPathAnswers405() async throws {
            try await withTrustlane { client in
                // setup
                let (_, token) = try await Self.admin(client)
                // act
                let delete = try await client.api(.DELETE, "/api/v1/companies", token: token)
                let getRead = try await client.api(.GET, "/api/v1/notifications/\(UUID().uuidString)/read", token: token)
                let anonymous = try await client.api(.PUT, "/api/v1/catalogs", token: nil)
                // verify: 405, the methods that do exist in Allow, the API's JSON error shape
                #expect(delete.status == .methodNotAllowed)
                #expect(delete.headers.first(name: .allow) == "GET, HEAD, POST")
                #expect(delete.headers.contentType == .json && delete.text.contains(#""status":405"#))
                #expect(getRead.status == .methodNotAllowed && getRead.headers.first(name: .allow) == "POST")
                #expect(anonymous.status == .methodNotAllowed && anonymous.headers.first(name: .allow) == "GET, HEAD")
                // unknown paths, a handler's own 404 and web pages keep their 404
                #expect(try await client.api(.GET, "/api/v1/no-such-thing", token: token).status == .notFound)
                #expect(try await client.api(.DELETE, "/api/v1/no-such-thing", token: token).status == .notFound)
                #expect(try await client.api(.GET, "/api/v1/companies/\(UUID().uuidString)", token: token).status == .notFound)
                #expect(try await client.api(.DELETE, "/sign-in", token: nil).status != .methodNotAllowed)
            }
        }
    }
}
