import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct OpenAPI {
        @Test func documentListsExactlyTheRegisteredAPIRoutes() async throws {
            try await withTrustlane { client in
                let response = try await client.get("/api/v1/openapi.json")
                #expect(response.status == .ok && response.headers.contentType == .json)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
                let paths = try #require(json["paths"] as? [String: [String: Any]])
                var documented: Set<String> = []
                for (path, operations) in paths {
                    for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
                }
                var registered: Set<String> = []
                for route in client.app.routes.all where route.path.first == .constant("api") {
                    let path = "/" + route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                    registered.insert("\(route.method.rawValue) \(path)")
                }
                #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented).sorted())")
                #expect(documented.subtracting(registered).isEmpty, "documented routes that do not exist: \(documented.subtracting(registered).sorted())")
                #expect(registered.count >= 10)
                // every $ref points at a schema that exists
                let schemas = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
                let refs = response.text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }
                for ref in refs { #expect(schemas[String(ref)] != nil, "dangling $ref \(ref)") }
            }
        }
    }

    @Suite struct Operations {
        @Test func probesAndMetricsAnswer() async throws {
            // /metrics answers a configured token (or a direct loopback peer, which the in-memory
            // test server does not have): see SecurityHoles.metricsAnswerOnlyWithTheTokenOrOnLoopback.
            try await withTrustlane(configure: { $0.metricsToken = "probe-token-0123456789" }) { client in
                let health = try await client.get("/healthz")
                #expect(health.status == .ok && health.text.contains("ok"))
                let ready = try await client.get("/readyz")
                #expect(ready.status == .ok)
                _ = try await client.get("/sign-in")
                let metrics = try await client.get("/metrics", headers: ["Authorization": "Bearer probe-token-0123456789"])
                #expect(metrics.status == .ok)
                #expect(metrics.text.contains("http_requests_total"))
                #expect(metrics.text.contains("http_request_duration_seconds"))
            }
        }

        @Test func readinessFailsWhileMigrationsArePending() async throws {
            try await withTrustlane { client in
                client.app.migrations.add(Named(migration: AddsNothing()))
                let response = try await client.get("/readyz")
                #expect(response.status == .serviceUnavailable && response.text.contains("migration"))
            }
        }

        @Test func aFailingMigrationIsNamedAndStopsStartUp() async throws {
            try await withTrustlane { client in
                client.app.migrations.add(Named(migration: Explodes()))
                do {
                    try await client.app.autoMigrate()
                    Issue.record("the migration should have failed")
                } catch let failure as MigrationFailed {
                    #expect(failure.migration == "999_Explodes")
                    #expect(failure.description.contains("999_Explodes") && failure.description.contains("did not start"))
                }
            }
        }

        @Test func errorPagesShowNoInternals() async throws {
            try await withTrustlane { client in
                let missing = try await client.get("/no/such/page")
                #expect(missing.status == .notFound)
                #expect(missing.headers.contentType == .html)
                #expect(missing.text.contains("404"))
                #expect(missing.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(missing.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(!missing.text.contains("Abort") && !missing.text.contains(".swift"))
            }
        }
    }
}

struct AddsNothing: AsyncMigration {
    var name: String { "998_AddsNothing" }
    func prepare(on database: any Database) async throws {}
    func revert(on database: any Database) async throws {}
}

struct Explodes: AsyncMigration {
    var name: String { "999_Explodes" }
    struct Boom: Error {}
    func prepare(on database: any Database) async throws { throw Boom() }
    func revert(on database: any Database) async throws {}
}
