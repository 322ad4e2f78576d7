import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17: a training session's signed attendance roster and materials, under the same
    /// upload rules and store as the incidents' files; shown on the session, downloadable by
    /// everyone who reads the training records of that company, in the records' validation pack.
    @Suite struct TrainingFiles {
        typealias Files = IncidentFiles

        static func session(_ client: TestClient, _ f: Training.Fixture, held: String) async throws -> String {
            let made = try await client.post(f.base + "/sessions", as: f.browser, form: [("title", "Seals and VVTT"), ("topic", "inspections_and_seals"), ("held_on", held),
                                                                                        ("trainer", "Dewi")])
            #expect(made.status == .seeOther, "\(made.text.prefix(300))")
            return try #require(made.location)
        }

        static func apiUpload(_ client: TestClient, _ path: String, token: String, purpose: String?, _ files: [(String, String, Data)]) async throws -> TestingHTTPResponse {
            var (headers, body) = Multipart.form(purpose.map { [("purpose", $0)] } ?? [], files: files.map { (field: "file", name: $0.0, contentType: $0.1, data: $0.2) },
                                                 csrf: nil)
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return try await client.send(.POST, path, browser: nil, headers: headers, body: body)
        }

        @Test func theSignedRosterAndMaterialsAreKeptShownOnTheSessionAndListedInTheValidationPack() async throws {
            try await withTrustlane { client in
                // Setup: a session held today.
                let f = try await Training.fixture(client)
                let page = try await Self.session(client, f, held: ProgramDay(Date()).description)
                let id = String(page.split(separator: "/").last!)
                #expect(try await client.get(page, as: f.browser).text.contains("id=\"roster-form\""))

                // Act: the signed roster on the page, two materials through the API.
                let roster = try await Files.upload(client, page + "/files", as: f.browser, [("signed-roster.pdf", "application/pdf", Files.pdf)], fields: [("purpose", "roster")])
                #expect(roster.status == .seeOther, "\(roster.text.prefix(400))")
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 7, count: 64))
                let api = try await Self.apiUpload(client, f.api + "/sessions/\(id)/files", token: f.token, purpose: "material",
                                                   [("slide-1.png", "image/png", png), ("handout.jpg", "image/jpeg", Files.jpeg)])
                #expect(api.status == .created && api.text.contains(#""purpose":"material""#) && api.text.contains(#""purpose":"roster""#), "\(api.text)")

                // Verify: the session lists each under its heading; the roster downloads as an attachment, never sniffed.
                let show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("id=\"session-roster-list\"") && show.text.contains("id=\"session-material-list\"") && show.text.contains("handout.jpg"))
                let link = try #require(show.text.firstMatch(of: /href="([^"]+\/files\/[0-9a-f-]{36})" download>signed-roster.pdf</).map { String($0.1) })
                let served = try await client.get(link, as: f.browser)
                #expect(served.status == .ok && Data(buffer: served.body) == Files.pdf)
                #expect(served.headers.first(name: .contentDisposition) == "attachment; filename=\"signed-roster.pdf\"")
                #expect(served.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(try await Incidents.count(client, "record_files", "record_kind = 'training_session'") == 3)
                #expect(try await Incidents.count(client, "audit_entries", "action = 'training.files_attached'") == 2)
                // The validation pack names the signed roster and counts the materials, on the page and in the CSV.
                let company = "/companies/\(f.company.companyID)"
                #expect(try await client.get(company + "/records/training/pack", as: f.browser).text.contains("signed-roster.pdf"))
                let csv = try await client.get(company + "/records/training/pack.csv", as: f.browser).text
                #expect(csv.contains("signed_roster,materials") && csv.contains(",signed-roster.pdf,2"), "\(csv)")

                // A viewer reads and downloads but cannot upload; another company sees nothing.
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let v = try await client.signIn(viewer.email)
                #expect(try await client.get(link, as: v).status == .ok)
                #expect(!(try await client.get(page, as: v).text.contains("id=\"roster-form\"")))
                #expect(try await Files.upload(client, page + "/files", as: v, [("x.pdf", "application/pdf", Files.pdf)], fields: [("purpose", "material")]).status == .forbidden)
                let other = try await Training.fixture(client)
                #expect(try await client.get(link, as: other.browser).status == .notFound)
                #expect(try await client.api(.GET, "/api/v1" + link, token: other.token).status == .notFound)
                #expect(try await Self.apiUpload(client, f.api + "/sessions/\(id)/files", token: other.token, purpose: "material", [("x.pdf", "application/pdf", Files.pdf)])
                    .status == .notFound)
                #expect(try await Incidents.count(client, "record_files") == 3)
            }
        }

        @Test func aRosterBeforeTheSessionAnUnknownPurposeOrABadFileIsRefusedByFieldWithNothingStored() async throws {
            try await withTrustlane { client in
                let f = try await Training.fixture(client)
                let planned = try await Self.session(client, f, held: ProgramDay(Date()).adding(days: 7).description)
                let id = String(planned.split(separator: "/").last!)
                let path = f.api + "/sessions/\(id)/files"

                // A signed roster of a session still ahead: refused on the page and in the API, the form not offered.
                #expect(!(try await client.get(planned, as: f.browser).text.contains("id=\"roster-form\"")))
                let early = try await Files.upload(client, planned + "/files", as: f.browser, [("roster.pdf", "application/pdf", Files.pdf)], fields: [("purpose", "roster")])
                #expect(early.status == .badRequest && early.text.contains("data-field=\"file\""), "\(early.text.prefix(300))")
                #expect(try await Self.apiUpload(client, path, token: f.token, purpose: "roster", [("roster.pdf", "application/pdf", Files.pdf)]).status == .badRequest)
                // No purpose, or another one; a file that is not what its name says; one too large.
                for purpose in [nil, "attachment", "selfie"] {
                    let refused = try await Self.apiUpload(client, path, token: f.token, purpose: purpose, [("m.pdf", "application/pdf", Files.pdf)])
                    #expect(refused.status == .badRequest && refused.text.contains(#""field":"purpose""#), "\(purpose ?? "none"): \(refused.text)")
                }
                let fake = try await Self.apiUpload(client, path, token: f.token, purpose: "material", [("slides.pdf", "application/pdf", Data("<script>x</script>".utf8))])
                #expect(fake.status == .badRequest && fake.text.contains(#""field":"file""#))
                let big = Data("%PDF-1.4\n".utf8) + Data(repeating: 0x20, count: RecordFiles.maxFileBytes)
                let large = try await Files.upload(client, planned + "/files", as: f.browser, [("big.pdf", "application/pdf", big)], fields: [("purpose", "material")])
                #expect(large.status == .badRequest && large.text.contains("data-field=\"file\""))
                #expect(try await Incidents.count(client, "record_files") == 0)
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(big))))
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Files.pdf))))

                // Materials of a planned session are welcome.
                #expect(try await Self.apiUpload(client, path, token: f.token, purpose: "material", [("agenda.pdf", "application/pdf", Files.pdf)]).status == .created)
                #expect(try await Incidents.count(client, "record_files", "purpose = 'material'") == 1)
            }
        }
    }
}
