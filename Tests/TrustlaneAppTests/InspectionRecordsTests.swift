import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Inspections kept for the validator (issue 16): the validation pack and its period, retention
/// with legal hold and the photos' files.
extension AppTests.Inspections {
    @Test func theValidationPackListsHeldUnitsASampleAndEveryInspectionAsCSV() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client)
            let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
            let service = InspectionService(app: client.app)
            let now = Date()
            for n in 0..<30 {
                let failing = n % 10 == 0
                let answers = Self.points.map { InspectionDraft.Answer(pointKey: $0, outcome: failing && $0 == "floor" ? "fail" : "pass",
                                                                       note: failing && $0 == "floor" ? "Soil \(n)" : nil) }
                _ = try await service.record(InspectionDraft(containerNumber: "CSQU3054383", site: "Dock \(n % 3)", answers: answers),
                                             checklist: checklist, company: f.company.companyID, inspector: f.user.userID,
                                             inspectedAt: now.addingTimeInterval(-Double(n) * 3600 * 20))
            }
            let page = try await client.get(f.base + "/pack?sample=25", as: f.browser)
            #expect(page.status == .ok)
            #expect(page.text.contains("30 inspections, 3 units held"), "\(page.text)")
            for n in [0, 10, 20] { #expect(page.text.contains("Soil \(n)")) }
            // The same period gives the same sample.
            let again = try await client.get(f.base + "/pack?sample=25", as: f.browser)
            func sample(_ text: String) -> Substring { text[text.range(of: "id=\"pack-sample\"")!.lowerBound...] }
            #expect(sample(page.text) == sample(again.text))
            // A shorter period: only what falls in it.
            let since = ProgramDay(now).adding(days: -5).description
            let recent = try await client.get(f.base + "/pack?since=\(since)", as: f.browser)
            #expect(!recent.text.contains("Soil 10"))
            // Every inspection of the period as CSV: a header and one line each.
            let csv = try await client.get(f.base + "/pack.csv", as: f.browser)
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 31)
            #expect(lines.first?.hasPrefix("inspection_id,version,checklist,unit,site") == true)
            #expect(lines.filter { $0.contains(",on_hold,floor,") }.count == 3)
            // A bad day is named; another company gets 404.
            let bad = try await client.get(f.base + "/pack?since=last%20spring", as: f.browser)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("data-field=\"since\""), "the field is named")
            #expect(try await client.get(f.base + "/pack.csv?since=1999-01-01", as: f.browser).status == .badRequest)
            let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
            #expect(try await client.get(f.base + "/pack", as: other.browser).status == .notFound)
            #expect(try await client.get(f.base + "/pack.csv", as: other.browser).status == .notFound)
        }
    }

    @Test func theValidationPackStartsAtTheLastValidationAndSaysSo() async throws {
        try await withTrustlane { client in
            // Setup: a carrier certified, validated on 2026-02-04, inspections either side of that day.
            client.app.clock = .fixed(.day("2026-01-10"))
            let f = try await LifecycleFixture.make(client)
            try await f.certify()
            try await f.api(#"{"kind":"plan_validation","startsOn":"2026-02-02","endsOn":"2026-02-03"}"#)
            client.app.clock = .fixed(.day("2026-02-04"))
            try await f.api(#"{"kind":"record_validation","result":"tier_2"}"#)
            client.app.clock = .fixed(.day("2026-09-01"))
            let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
            let answers = Self.points.map { InspectionDraft.Answer(pointKey: $0, outcome: "pass") }
            for (day, site) in [("2026-01-20", "Before validation"), ("2026-03-01", "After validation")] {
                _ = try await InspectionService(app: client.app).record(InspectionDraft(containerNumber: "CSQU3054383", site: site, answers: answers),
                                                                        checklist: checklist, company: f.companyID, inspector: f.officer.userID,
                                                                        inspectedAt: .day(day))
            }
            let officer = try await client.signIn(f.officer.email)
            let base = "/companies/\(f.companyID)/inspections"

            // Act and verify: the page starts at the validation day and says why.
            let page = try await client.get(base + "/pack", as: officer)
            #expect(page.status == .ok)
            #expect(page.text.contains("data-basis=\"last_validation\""), "\(page.text)")
            #expect(page.text.contains("starts on 2026-02-04, the day of the company&#39;s last validation"))
            #expect(page.text.contains("After validation") && !page.text.contains("Before validation"))
            // The CSV, from the page and from the API: one inspection, and headers naming the basis.
            let csv = try await client.get(base + "/pack.csv", as: officer)
            #expect(csv.text.split(separator: "\r\n").count == 2)
            #expect(csv.headers.first(name: "Trustlane-Pack-Basis") == "last_validation")
            let api = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/inspections.csv", token: f.officerToken)
            #expect(api.status == .ok && api.text.split(separator: "\r\n").count == 2)
            #expect(api.headers.first(name: "Trustlane-Pack-Since") == "2026-02-04")
            #expect(api.headers.first(name: "Trustlane-Last-Validation") == "2026-02-04")
            // A day asked for wins, and the page says it was chosen.
            let chosen = try await client.get(base + "/pack?since=2026-01-01", as: officer)
            #expect(chosen.text.contains("data-basis=\"requested\"") && chosen.text.contains("Before validation"))
            #expect(chosen.text.contains("id=\"pack-default\""))
            let chosenCSV = try await client.api(.GET, "/api/v1/companies/\(f.companyID)/inspections.csv?since=2026-01-01", token: f.officerToken)
            #expect(chosenCSV.headers.first(name: "Trustlane-Pack-Basis") == "requested" && chosenCSV.text.split(separator: "\r\n").count == 3)
            // A company never validated: a year back.
            let other = try await Self.fixture(client, role: .officer, name: "Never Validated SA")
            let fresh = try await client.get(other.base + "/pack", as: other.browser)
            #expect(fresh.text.contains("data-basis=\"year_back\"") && fresh.text.contains("2025-09-01"))
            #expect(try await client.api(.GET, "/api/v1/companies/\(other.company.companyID)/inspections.csv",
                                         token: try await client.token(for: other.user)).headers.first(name: "Trustlane-Pack-Basis") == "year_back")
        }
    }

    @Test func recordsPastRetentionAreRemovedUnlessHeld() async throws {
        try await withTrustlane { client in
            let f = try await Self.fixture(client, role: .coordinator)
            let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
            let service = InspectionService(app: client.app)
            let answers = Self.points.map { InspectionDraft.Answer(pointKey: $0, outcome: "pass") }
            let day: TimeInterval = 86_400
            func record(_ company: CompanyID, _ user: UserID, daysAgo: Double) async throws {
                _ = try await service.record(InspectionDraft(containerNumber: "CSQU3054383", site: "Dock", answers: answers), checklist: checklist,
                                             company: company, inspector: user, inspectedAt: Date().addingTimeInterval(-daysAgo * day))
            }
            // Bad settings: under a year, or a hold without its reason.
            let short = try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "5"), ("retention_months", "6")])
            #expect(short.status == .badRequest && short.text.contains("data-field=\"retention_months\""))
            let noReason = try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "5"), ("retention_months", "12"), ("legal_hold", "yes")])
            #expect(noReason.status == .badRequest && noReason.text.contains("data-field=\"legal_hold_reason\""))
            // Twelve months: the 400-day-old record goes, the 60-day-old one stays.
            #expect(try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "5"), ("retention_months", "12")]).status == .seeOther)
            try await record(f.company.companyID, f.user.userID, daysAgo: 400)
            try await record(f.company.companyID, f.user.userID, daysAgo: 60)
            // Another company without settings keeps five years: six years goes, four stays.
            let other = try await Self.fixture(client, role: .officer, name: "Other Exporter")
            try await record(other.company.companyID, other.user.userID, daysAgo: 6 * 366)
            try await record(other.company.companyID, other.user.userID, daysAgo: 4 * 365)
            let removed = try await InspectionRetention(app: client.app).run()
            #expect(removed[f.company.companyID] == 1 && removed[other.company.companyID] == 1)
            #expect(try await Self.count(client) == 2)
            let audit = try await AuditEntryModel.query(on: client.db).filter(\.$action == "inspection.retention_applied").count()
            #expect(audit == 2)
            // Under a legal hold nothing goes, however old.
            #expect(try await client.post(f.base + "/settings", as: f.browser,
                                          form: [("reinspection_percent", "5"), ("retention_months", "12"), ("legal_hold", "yes"),
                                                 ("legal_hold_reason", "Customs inquiry 2026-114")]).status == .seeOther)
            try await record(f.company.companyID, f.user.userID, daysAgo: 500)
            let held = try await InspectionRetention(app: client.app).run()
            #expect(held[f.company.companyID] == nil)
            #expect(try await Self.count(client) == 3)
            // Running again removes nothing more.
            #expect(try await InspectionRetention(app: client.app).run().isEmpty)
        }
    }

    @Test func retentionRemovesThePhotosFilesUnlessSomethingElseNeedsThemOrAHoldStands() async throws {
        try await withTrustlane { client in
            // Setup: twelve months' retention; a 400-day-old inspection with two photos, one of
            // them also uploaded to the library as its own file (the same bytes), and a recent one.
            let f = try await Self.fixture(client, role: .coordinator)
            #expect(try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "5"), ("retention_months", "12")]).status == .seeOther)
            let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
            let service = InspectionService(app: client.app)
            let answers = Self.points.map { InspectionDraft.Answer(pointKey: $0, outcome: "pass") }
            func inspect(_ company: CompanyID, _ user: UserID, daysAgo: Double, photos: [Data]) async throws {
                let recorded = try await service.record(InspectionDraft(containerNumber: "CSQU3054383", site: "Dock", answers: answers), checklist: checklist,
                                                        company: company, inspector: user, inspectedAt: Date().addingTimeInterval(-daysAgo * 86_400))
                let row = try #require(try await InspectionQueries(client.db).current(company: company, id: recorded.id))
                for (n, photo) in photos.enumerated() {
                    try await service.addPhoto(row, fileName: "p\(n).jpg", content: photo, point: nil, company: company, by: user,
                                               evidence: EvidenceService(app: client.app))
                }
            }
            func photo(_ text: String) -> Data { Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data(text.utf8) }
            let old = photo("old floor"), shared = photo("old doors, also in the library"), recent = photo("recent"), held = photo("held")
            try await inspect(f.company.companyID, f.user.userID, daysAgo: 400, photos: [old, shared])
            try await inspect(f.company.companyID, f.user.userID, daysAgo: 60, photos: [recent])
            _ = try await EvidenceService(app: client.app).upload(company: f.company.companyID, fileName: "doors.jpg", content: shared, title: "Door seal procedure photo",
                                                                  effectiveDate: nil, expiryDate: nil, by: f.user.userID)
            // Another company under a legal hold, with an old photo.
            let other = try await Self.fixture(client, role: .officer, name: "Held Exporter")
            #expect(try await client.post(other.base + "/settings", as: other.browser,
                                          form: [("reinspection_percent", "5"), ("retention_months", "12"), ("legal_hold", "yes"),
                                                 ("legal_hold_reason", "Customs inquiry 2026-114")]).status == .seeOther)
            try await inspect(other.company.companyID, other.user.userID, daysAgo: 500, photos: [held])
            let store = client.app.evidenceStore
            let digest = { (data: Data) in DiskEvidenceStore.digest(data) }
            for data in [old, shared, recent, held] { #expect(await store.exists(digest(data))) }
            #expect(try await Self.count(client, "evidence_files") == 5)

            // Act.
            let removed = try await InspectionRetention(app: client.app).run()

            // Verify: the old inspection and its two photos' rows went, and the file only the
            // inspection used; the shared bytes stay for the library's file; the recent and held ones stay.
            #expect(removed[f.company.companyID] == 1 && removed[other.company.companyID] == nil)
            #expect(await store.exists(digest(old)) == false, "the photo's file is deleted from the evidence store")
            #expect(await store.exists(digest(shared)), "another evidence row still names these bytes")
            #expect(await store.exists(digest(recent)))
            #expect(await store.exists(digest(held)), "a legal hold keeps the photo's file")
            #expect(try await Self.count(client, "inspection_photos") == 2)
            #expect(try await Self.count(client, "evidence_files") == 3)
            struct Title: Decodable { let title: String }
            let titles = try await (client.db as! any SQLDatabase).raw("SELECT title FROM evidence_files").all(decoding: Title.self).map(\.title)
            #expect(titles.contains("Door seal procedure photo"))
            let audit = try #require(try await AuditEntryModel.query(on: client.db).filter(\.$action == "inspection.retention_applied").first()?.record)
            #expect(audit.changes.contains(FieldChange(field: "photos_removed", before: nil, after: "2")), "\(audit.changes)")
            // A photo uploaded again after its file went is stored anew.
            _ = try await EvidenceService(app: client.app).upload(company: f.company.companyID, fileName: "again.jpg", content: old, title: "Again",
                                                                  effectiveDate: nil, expiryDate: nil, by: f.user.userID)
            #expect(await store.exists(digest(old)))
        }
    }

    @Test func retentionKeepsAPhotoThatAlsoBacksSomethingElse() async throws {
        try await withTrustlane { client in
            // Setup: a 400-day-old inspection under twelve months' retention, its two photos;
            // one of them also filed as a business partner's document.
            let f = try await Self.fixture(client, role: .coordinator)
            #expect(try await client.post(f.base + "/settings", as: f.browser, form: [("reinspection_percent", "5"), ("retention_months", "12")]).status == .seeOther)
            let checklist = try #require(InspectionChecklists.bundled.checklist(Self.container))
            let service = InspectionService(app: client.app)
            let recorded = try await service.record(InspectionDraft(containerNumber: "CSQU3054383", site: "Dock",
                                                                    answers: Self.points.map { .init(pointKey: $0, outcome: "pass") }),
                                                    checklist: checklist, company: f.company.companyID, inspector: f.user.userID,
                                                    inspectedAt: Date().addingTimeInterval(-400 * 86_400))
            let row = try #require(try await InspectionQueries(client.db).current(company: f.company.companyID, id: recorded.id))
            let kept = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("seal and doors, also the partner's".utf8)
            let gone = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("floor only".utf8)
            for photo in [kept, gone] {
                try await service.addPhoto(row, fileName: "p.jpg", content: photo, point: nil, company: f.company.companyID, by: f.user.userID,
                                           evidence: EvidenceService(app: client.app))
            }
            let token = try await client.token(for: f.user)
            let partner = try await client.api(.POST, "/api/v1/companies/\(f.company.companyID)/business-partners", token: token,
                                               json: #"{"legalName":"PT Benang Emas","country":"ID","role":"supplier"}"#)
            let partnerID = try #require(UUID(uuidString: (try JSONSerialization.jsonObject(with: Data(partner.text.utf8)) as? [String: Any])?["id"] as? String ?? ""))
            struct Row: Decodable { let id: UUID }
            let sql = client.db as! any SQLDatabase
            let evidence = try #require(try await sql.raw("SELECT id FROM evidence_files WHERE sha256 = \(bind: DiskEvidenceStore.digest(kept))").first(decoding: Row.self)).id
            try await sql.raw("""
            INSERT INTO business_partner_documents (company_id, partner_id, evidence_id, created_at)
            VALUES (\(bind: f.company.companyID.rawValue), \(bind: partnerID), \(bind: evidence), \(bind: Date()))
            """).run()

            // Act
            let removed = try await InspectionRetention(app: client.app).run()

            // Verify: the inspection and both photo links went; the partner's document keeps its row and file.
            #expect(removed[f.company.companyID] == 1)
            #expect(try await Self.count(client, "inspection_photos") == 0)
            #expect(try await Self.count(client, "evidence_files") == 1)
            #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(kept)))
            #expect(await client.app.evidenceStore.exists(DiskEvidenceStore.digest(gone)) == false)
        }
    }
}
