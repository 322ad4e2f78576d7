import Fluent
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Bad input gets a 4xx naming the field, and nothing is written.
    @Suite struct BadInput {
        static let longText = String(repeating: "x", count: 5000)

        static let companyBodies: [String] = [
            "", "not json", "[]", "null", #"{"legalName": 12}"#, #"{"legalName": "A"}"#,
            #"{"legalName": "A", "country": "XX", "entityTypes": ["IMP"]}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": ["PIRATE"]}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": []}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": "IMP"}"#,
            "{\"legalName\": \"\(longText)\", \"country\": \"US\", \"entityTypes\": [\"IMP\"]}",
            #"{"legalName": "A\u0000B", "country": "US", "entityTypes": ["IMP"]}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": ["IMP"], "identifiers": [{"kind": "bogus", "value": "1"}]}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": ["IMP"], "identifiers": [{"kind": "other", "value": "1"}]}"#,
            #"{"legalName": "A", "country": "US", "entityTypes": ["IMP"], "identifiers": [{"kind": "scac"}]}"#,
        ]

        @Test func apiCreateAndUpdateRefuseBadBodiesAndWriteNothing() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let company = try await client.makeCompany("Existing")
                let companies = try await client.count(CompanyModel.self)
                let audits = try await client.count(AuditEntryModel.self)
                for body in Self.companyBodies {
                    let create = try await client.api(.POST, "/api/v1/companies", token: token, json: body)
                    #expect((400..<500).contains(create.status.code), "create \(body.prefix(60)) → \(create.status)")
                    #expect(create.text.contains("\"reason\""), "create \(body.prefix(60)) gives a reason")
                    if body.hasPrefix("{\"legalName\": \"A\", \"country\": \"XX\"") {
                        #expect(create.text.contains("\"field\":\"country\""))
                    }
                }
                for body in Self.companyBodies where body.hasPrefix("{") && body != #"{"legalName": "A"}"# {
                    let update = try await client.api(.PATCH, "/api/v1/companies/\(company.companyID)", token: token, json: body)
                    #expect((400..<500).contains(update.status.code), "update \(body.prefix(60)) → \(update.status)")
                }
                for body in ["", "{}", #"{"email": "nope", "role": "officer"}"#, #"{"email": "a@b.co", "role": "king"}"#,
                             #"{"email": 5}"#, "{\"email\": \"\(Self.longText)@x.com\", \"role\": \"viewer\"}"] {
                    let invite = try await client.api(.POST, "/api/v1/companies/\(company.companyID)/invitations", token: token, json: body)
                    #expect((400..<500).contains(invite.status.code), "invite \(body.prefix(60)) → \(invite.status)")
                }
                #expect(try await client.count(CompanyModel.self) == companies)
                #expect(try await client.count(InvitationModel.self) == 0)
                #expect(try await client.count(AuditEntryModel.self) == audits)
                #expect(try await CompanyModel.find(company.id, on: client.db)?.legalName == "Existing")
            }
        }

        @Test func errorBodyNamesEachField() async throws {
            try await withTrustlane { client in
                let admin = try await client.makeUser("admin@example.com", admin: true)
                let token = try await client.token(for: admin)
                let response = try await client.api(.POST, "/api/v1/companies", token: token,
                                                    json: #"{"legalName": "", "country": "ZZ", "entityTypes": ["IMP", "NOPE"]}"#)
                #expect(response.status == .badRequest)
                for field in ["legal_name", "country", "entity_types"] {
                    #expect(response.text.contains("\"field\":\"\(field)\""), "names \(field)")
                }
                #expect(response.text.contains("'NOPE' is not one of"))
                let typed = try await client.api(.POST, "/api/v1/companies", token: token, json: #"{"legalName": 12}"#)
                #expect(typed.status == .badRequest && typed.text.contains("legalName"))
            }
        }

        @Test func webFormsShowMessagesBesideFieldsAndWriteNothing() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let company = try await client.makeCompany("Existing")
                let browser = try await client.signIn("admin@example.com")
                let forms: [[(String, String)]] = [
                    [], [("legal_name", "")], [("legal_name", "A"), ("country", "Narnia"), ("entity_types", "IMP")],
                    [("legal_name", Self.longText), ("country", "US"), ("entity_types", "IMP")],
                    [("legal_name", "A"), ("country", "US")], [("legal_name", "A"), ("country", "US"), ("entity_types", "SPACESHIP")],
                    [("legal_name", "A"), ("country", "US"), ("entity_types", "IMP"), ("other_identifiers", "no colon here")],
                    [("legal_name", "A"), ("country", "US"), ("entity_types", "IMP"), ("scac", Self.longText)],
                ]
                let before = try await client.count(CompanyModel.self)
                for form in forms {
                    for path in ["/admin/companies", "/companies/\(company.companyID)"] {
                        let response = try await client.post(path, as: browser, form: form)
                        #expect(response.status == .badRequest, "\(path) \(form.map(\.0)) → \(response.status)")
                        #expect(response.text.contains("class=\"field-error\""), "\(path) shows a field error")
                        #expect(response.text.contains("id=\"company-form\""))
                    }
                }
                #expect(try await client.count(CompanyModel.self) == before)
                #expect(try await CompanyModel.find(company.id, on: client.db)?.legalName == "Existing")
                let noColon = try await client.post("/admin/companies", as: browser, form: forms[6])
                #expect(noColon.text.contains("data-field=\"other_identifiers\""))
                // the form keeps what was typed
                let kept = try await client.post("/admin/companies", as: browser, form: [("legal_name", "Keep <me>"), ("country", "US")])
                #expect(kept.text.contains("value=\"Keep &lt;me&gt;\""))
            }
        }
    }
}
