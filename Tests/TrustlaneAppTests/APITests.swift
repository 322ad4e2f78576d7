import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    @Suite struct API {
        @Test func tokenIsShownOnceStoredHashedAndCanBeRevoked() async throws {
            try await withTrustlane { client in
                try await client.makeUser("a@example.com")
                let browser = try await client.signIn("a@example.com")
                let created = try await client.post("/account/tokens", as: browser, form: [("name", "nightly export")])
                #expect(created.status == .ok)
                let html = created.text
                let start = try #require(html.range(of: "<code id=\"new-api-token\">"))
                let token = String(html[start.upperBound...].prefix { $0 != "<" })
                #expect(token.hasPrefix("tl_") && token.count > 40)
                let stored = try #require(try await APITokenModel.query(on: client.db).first())
                #expect(stored.tokenHash == SecureToken.digest(token) && stored.tokenHash != token)
                // shown once: the account page does not repeat it
                #expect(!(try await client.get("/account", as: browser)).text.contains(token))

                let me = try await client.api(.GET, "/api/v1/me", token: token)
                #expect(me.status == .ok)
                let body = try JSONDecoder().decode(MeResponse.self, from: Data(me.text.utf8))
                #expect(body.email == "a@example.com")

                // Revoking asks first, naming the token; the question alone changes nothing (issue 13).
                let asked = try await client.post("/account/tokens/\(stored.id!.uuidString)/revoke", as: browser)
                #expect(asked.status == .ok && asked.text.contains("id=\"confirm-form\"") && asked.text.contains("name=\"confirm\" value=\"yes\""))
                #expect(try await client.api(.GET, "/api/v1/me", token: token).status == .ok)
                let revoked = try await client.post("/account/tokens/\(stored.id!.uuidString)/revoke", as: browser, form: [("confirm", "yes")])
                #expect(revoked.status == .seeOther)
                let after = try await client.api(.GET, "/api/v1/me", token: token)
                #expect(after.status == .unauthorized && after.text.contains("unknown or revoked"))
            }
        }

        @Test func apiWithoutTokenAnswers401InJSON() async throws {
            try await withTrustlane { client in
                let response = try await client.api(.GET, "/api/v1/me", token: nil)
                #expect(response.status == .unauthorized)
                #expect(response.headers.contentType == .json)
                #expect(response.text.contains("\"status\":401"))
            }
        }

        @Test func administratorCreatesReadsAndUpdatesACompanyThroughTheAPI() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let created = try await client.api(.POST, "/api/v1/companies", token: token, json: """
                    {"legalName":"PT Batik Nusantara","country":"id","address":"Jakarta","entityTypes":["FM"],
                     "identifiers":[{"kind":"mid","value":"IDBATNUS12JAK"},{"kind":"other","label":"NIB","value":"912"}]}
                    """)
                #expect(created.status == .created)
                let company = try JSONDecoder.iso.decode(CompanyResponse.self, from: Data(created.text.utf8))
                #expect(company.country == "ID" && company.entityTypes == ["FM"] && company.identifiers.count == 2)
                #expect(created.headers.first(name: .location) == "/api/v1/companies/\(company.id.uuidString.lowercased())")

                let patched = try await client.api(.PATCH, "/api/v1/companies/\(company.id)", token: token,
                                                   json: #"{"entityTypes":["FM","EXP"]}"#)
                #expect(patched.status == .ok)
                let updated = try JSONDecoder.iso.decode(CompanyResponse.self, from: Data(patched.text.utf8))
                #expect(updated.legalName == "PT Batik Nusantara" && Set(updated.entityTypes) == ["FM", "EXP"] && updated.identifiers.count == 2)

                let invite = try await client.api(.POST, "/api/v1/companies/\(company.id)/invitations", token: token,
                                                  json: #"{"email":"dewi@example.com","role":"officer"}"#)
                #expect(invite.status == .created && invite.text.contains("/invitations/"))
                let audit = try await client.api(.GET, "/api/v1/companies/\(company.id)/audit", token: token)
                #expect(audit.text.contains("company.created") && audit.text.contains("company.updated") && audit.text.contains("membership.invited"))
                let list = try await client.api(.GET, "/api/v1/companies?q=batik", token: token)
                #expect(list.text.contains("\"total\":1"))
            }
        }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
