import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17: a file attached to an incident (an anonymous report's too) or a training session
    /// is removed by the security coordinator or officer, on the page or by the API, audited with
    /// its name and digest; refused with 409 while the record's kind is under a legal hold; its
    /// bytes leave the store only when no other record names them. Others are refused.
    @Suite struct RecordFileRemoval {
        typealias F = Incidents.Fixture
        static let jpeg = IncidentFiles.jpeg
        static let pdf = IncidentFiles.pdf

        static func fileIDs(_ client: TestClient, kind: String) async throws -> [(id: String, name: String)] {
            struct Row: Decodable { let id: UUID; let file_name: String }
            return try await (client.db as! any SQLDatabase).raw("""
            SELECT id, file_name FROM record_files WHERE record_kind = \(bind: kind) ORDER BY file_name
            """).all(decoding: Row.self).map { ($0.id.uuidString.lowercased(), $0.file_name) }
        }

        @Test func theCoordinatorRemovesAnIncidentsFilesByPageAndAPIAndTheBytesGoOnlyWhenNothingElseNamesThem() async throws {
            try await withTrustlane { client in
                // Setup: two incidents sharing one photo's bytes; a consultant and a contributor of the company; another company.
                let f = try await Incidents.fixture(client)
                let first = try #require(try await client.post(f.base, as: f.browser, form: Incidents.incidentForm()).location)
                let second = try #require(try await client.post(f.base, as: f.browser, form: Incidents.incidentForm(type: "contraband")).location)
                #expect(try await IncidentFiles.upload(client, first + "/files", as: f.browser, [("wall.jpg", "image/jpeg", Self.jpeg), ("statement.pdf", "application/pdf", Self.pdf)]).status == .seeOther)
                #expect(try await IncidentFiles.upload(client, second + "/files", as: f.browser, [("same-wall.jpg", "image/jpeg", Self.jpeg)]).status == .seeOther)
                let files = try await Self.fileIDs(client, kind: "incident")
                let wall = try #require(files.first { $0.name == "wall.jpg" }).id
                let statement = try #require(files.first { $0.name == "statement.pdf" }).id
                let sameWall = try #require(files.first { $0.name == "same-wall.jpg" }).id
                var show = try await client.get(first, as: f.browser)
                #expect(show.text.contains("action=\"\(first)/files/\(wall)/remove\""))
                let consultant = try await client.makeUser("advisor@advisors.example", consultant: true)
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let advisor = try await client.signIn(consultant.email)
                let advisorToken = try await client.token(for: consultant)
                #expect(!(try await client.get(first, as: advisor).text.contains("/remove\"")), "a consultant reads the files but gets no remove button")
                let other = try await Incidents.fixture(client)

                // Refused: the consultant (403, page and API), the other company (404), a file of another incident (404); nothing removed.
                #expect(try await client.post(first + "/files/\(wall)/remove", as: advisor).status == .forbidden)
                let firstID = String(first.split(separator: "/").last!)
                #expect(try await client.api(.DELETE, f.api + "/\(firstID)/files/\(wall)", token: advisorToken).status == .forbidden)
                #expect(try await client.post(first + "/files/\(wall)/remove", as: other.browser).status == .notFound)
                #expect(try await client.api(.DELETE, f.api + "/\(firstID)/files/\(wall)", token: other.token).status == .notFound)
                #expect(try await client.api(.DELETE, f.api + "/\(firstID)/files/\(sameWall)", token: f.token).status == .notFound)
                #expect(try await client.post(first + "/files/\(wall)/remove", as: f.browser, csrf: "forged").status == .forbidden)
                #expect(try await IncidentFiles.files(client) == 3)

                // Act: the coordinator removes the photo on the page, the statement through the API.
                let removed = try await client.post(first + "/files/\(wall)/remove", as: f.browser)
                #expect(removed.status == .seeOther && removed.location?.hasSuffix("#incident-files") == true)
                let api = try await client.api(.DELETE, f.api + "/\(firstID)/files/\(statement)", token: f.token)
                #expect(api.status == .ok && api.text.contains(#""files":[]"#), "\(api.text)")
                #expect(try await client.api(.DELETE, f.api + "/\(firstID)/files/\(statement)", token: f.token).status == .notFound)

                // Verify: gone from the page; the PDF's bytes are gone, the photo's stay (the second incident names them) until it goes too.
                show = try await client.get(first, as: f.browser)
                #expect(!show.text.contains("wall.jpg") && !show.text.contains("statement.pdf"))
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.pdf))))
                #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.jpeg)))
                let secondID = String(second.split(separator: "/").last!)
                #expect(try await client.api(.DELETE, f.api + "/\(secondID)/files/\(sameWall)", token: f.token).status == .ok)
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.jpeg))))
                let audited = try await AuditEntryModel.query(on: client.db).filter(\.$action == "incident.file_removed").all()
                #expect(audited.count == 3 && audited.allSatisfy { $0.actorUserID == f.user.id })
                #expect(audited.contains { $0.changes.contains("statement.pdf") && $0.changes.contains(DiskEvidenceStore.digest(Self.pdf)) })
            }
        }

        @Test func aLegalHoldRefusesRemovalWith409AndTheAnonymousReportersFileGoesOnceTheHoldIsLifted() async throws {
            try await withTrustlane { client in
                // Setup: an anonymous report with a file, dismissed; the incidents put under a legal hold.
                let f = try await Incidents.fixture(client)
                #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")]).status == .seeOther)
                _ = try await IncidentService(app: client.app).report(
                    AnonymousReportDraft(type: "suspicious_activity", description: "A stranger photographed the seals", location: nil, happenedAt: nil, contact: nil),
                    files: [RecordFiles.Upload(fileName: "photo.jpg", content: Self.jpeg)], company: f.company.companyID, address: "203.0.113.9",
                    zone: TimeZone(identifier: "UTC")!)
                let row = try #require(try await IncidentQueries(client.db).list(company: f.company.companyID, .init()).rows.first)
                let page = f.base + "/\(row.incidentID)"
                #expect(try await client.post(page + "/dismiss", as: f.browser, form: [("reason", "Spam")]).status == .seeOther)
                let file = try #require(try await Self.fileIDs(client, kind: "incident").first).id
                let hold = try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/records/retention/incidents", token: f.token,
                                                json: #"{"legalHold":true,"legalHoldReason":"CBP inquiry 2027-14"}"#)
                #expect(hold.status == .ok, "\(hold.text)")
                let show = try await client.get(page, as: f.browser)
                #expect(show.text.contains("id=\"files-on-hold\"") && !show.text.contains("/remove\""))

                // Act and verify: refused on the page (409, said on the incident's page) and by the API (409 naming the hold); nothing removed.
                let refused = try await client.post(page + "/files/\(file)/remove", as: f.browser)
                #expect(refused.status == .conflict && refused.text.contains("CBP inquiry 2027-14") && refused.text.contains("id=\"incident-errors\""))
                let apiRefused = try await client.api(.DELETE, f.api + "/\(row.incidentID)/files/\(file)", token: f.token)
                #expect(apiRefused.status == .conflict && apiRefused.text.contains("legal hold"), "\(apiRefused.text)")
                #expect(try await IncidentFiles.files(client) == 1)
                #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.jpeg)))
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.file_removed'") == 0)

                // The hold lifted: the dismissed report's file goes.
                #expect(try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/records/retention/incidents", token: f.token,
                                             json: #"{"legalHold":false}"#).status == .ok)
                #expect(try await client.post(page + "/files/\(file)/remove", as: f.browser).status == .seeOther)
                #expect(try await IncidentFiles.files(client) == 0)
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.jpeg))))
            }
        }

        @Test func aSessionsRosterAndMaterialsAreRemovedByTheSupervisorsNotByTheConsultantWhoKeepsTraining() async throws {
            try await withTrustlane { client in
                // Setup: a held session with a signed roster and a material.
                let f = try await Training.fixture(client)
                let session = try #require(try await client.post(f.base + "/sessions", as: f.browser, form: [
                    ("title", "Seals"), ("topic", "inspections_and_seals"), ("held_on", ProgramDay(Date()).adding(days: -1).description), ("trainer", "Dewi")]).location)
                #expect(try await IncidentFiles.upload(client, session + "/files", as: f.browser, [("roster.pdf", "application/pdf", Self.pdf)], fields: [("purpose", "roster")]).status == .seeOther)
                #expect(try await IncidentFiles.upload(client, session + "/files", as: f.browser, [("slides.jpg", "image/jpeg", Self.jpeg)], fields: [("purpose", "material")]).status == .seeOther)
                let files = try await Self.fileIDs(client, kind: "training_session")
                let roster = try #require(files.first { $0.name == "roster.pdf" }).id
                let slides = try #require(files.first { $0.name == "slides.jpg" }).id
                let sessionID = String(session.split(separator: "/").last!)
                let consultant = try await client.makeUser("advisor@advisors.example", consultant: true)
                try await client.addMember(consultant, to: f.company, role: .consultant)
                let advisor = try await client.signIn(consultant.email)
                #expect(try await client.get(session, as: advisor).text.contains("id=\"material-form\""), "the consultant keeps training records")
                #expect(!(try await client.get(session, as: advisor).text.contains("/remove\"")))
                let viewer = try await client.makeUser("viewer@batik.example")
                try await client.addMember(viewer, to: f.company, role: .viewer)
                let other = try await Training.fixture(client)

                // Refused: consultant and viewer (403), another company (404).
                #expect(try await client.post(session + "/files/\(roster)/remove", as: advisor).status == .forbidden)
                #expect(try await client.post(session + "/files/\(roster)/remove", as: try await client.signIn(viewer.email)).status == .forbidden)
                #expect(try await client.api(.DELETE, f.api + "/sessions/\(sessionID)/files/\(roster)", token: other.token).status == .notFound)
                #expect(try await Incidents.count(client, "record_files") == 2)

                // Under the training records' legal hold: 409.
                #expect(try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/records/retention/training", token: f.token,
                                             json: #"{"legalHold":true,"legalHoldReason":"Audit"}"#).status == .ok)
                #expect(try await client.post(session + "/files/\(roster)/remove", as: f.browser).status == .conflict)
                #expect(try await client.api(.DELETE, f.api + "/sessions/\(sessionID)/files/\(slides)", token: f.token).status == .conflict)
                #expect(try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/records/retention/training", token: f.token,
                                             json: #"{"legalHold":false}"#).status == .ok)

                // Act: the coordinator removes the roster on the page and the material through the API.
                #expect(try await client.post(session + "/files/\(roster)/remove", as: f.browser).status == .seeOther)
                let api = try await client.api(.DELETE, f.api + "/sessions/\(sessionID)/files/\(slides)", token: f.token)
                #expect(api.status == .ok && api.text.contains(#""files":[]"#), "\(api.text)")

                // Verify: both gone with their bytes, audited on the session.
                #expect(try await Incidents.count(client, "record_files") == 0)
                #expect(!(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(Self.pdf))))
                #expect(try await Incidents.count(client, "audit_entries", "action = 'training.file_removed' AND target_type = 'training_session'") == 2)
            }
        }
    }
}
