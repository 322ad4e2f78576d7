import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 17, MSC 7.25: the anonymous reporter sends photos or documents through the public
    /// JSON API (as multipart/form-data) with the report, and later with the receipt code (API
    /// and page), checked like the page's and counted against the same limits; a refusal keeps
    /// nothing.
    @Suite struct AnonymousReportFiles {
        static let jpeg = IncidentFiles.jpeg
        static let pdf = IncidentFiles.pdf
        static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 7, count: 64))

        static func send(_ client: TestClient, _ path: String, fields: [(String, String)], files: [(String, String, Data)]) async throws -> TestingHTTPResponse {
            let (headers, body) = Multipart.form(fields, files: files.map { (field: "file", name: $0.0, contentType: $0.1, data: $0.2) }, csrf: nil)
            return try await client.send(.POST, path, browser: nil, headers: headers, body: body)
        }

        static func link(_ client: TestClient, _ f: Incidents.Fixture) async throws -> String {
            #expect(try await client.post(f.base + "/anonymous-link", as: f.browser, form: [("link", "enable")]).status == .seeOther)
            return try #require(try await IncidentQueries(client.db).reportKey(company: f.company.companyID))
        }

        @Test func theAPITakesFilesWithTheReportAndWithAFollowUpAndRefusesABadOneKeepingNothing() async throws {
            // Limits wide enough for the many submissions below from one address (the next test exercises them).
            try await withTrustlane(configure: { $0.anonymousReportLimits = AnonymousReportLimits(perAddress: 50, perCompany: 100, window: 3600) }) { client in
                // Setup: a company's link; another company's link.
                let f = try await Incidents.fixture(client)
                let key = try await Self.link(client, f)
                let other = try await Incidents.fixture(client)
                let otherKey = try await Self.link(client, other)
                let api = "/api/v1/anonymous-reports/\(key)"

                // Refused: a file that is not what it says, an unknown type; nothing kept, not even the report.
                let bad = try await Self.send(client, api, fields: [("type", "unauthorized_access"), ("description", "Someone opened container 4")],
                                              files: [("photo.jpg", "image/jpeg", Data("MZ executable".utf8))])
                #expect(bad.status == .badRequest && bad.text.contains(#""field":"file""#), "\(bad.text)")
                let tooMany = try await Self.send(client, api, fields: [("description", "Four photos")],
                                                  files: Array(repeating: ("p.jpg", "image/jpeg", Self.jpeg), count: RecordFiles.maxPerUpload + 1))
                #expect(tooMany.status == .badRequest && tooMany.text.contains(#""field":"file""#))
                #expect(try await Incidents.count(client, "incidents") == 0)
                #expect(try await IncidentFiles.files(client) == 0)

                // Act: a report with a photo and a document through the API.
                let sent = try await Self.send(client, api, fields: [("type", "unauthorized_access"), ("description", "Someone opened container 4"),
                                                                     ("location", "Yard B")],
                                               files: [("photo.jpg", "image/jpeg", Self.jpeg), ("note.pdf", "application/pdf", Self.pdf)])
                #expect(sent.status == .created && sent.text.contains(#""files":2"#) && sent.text.contains(#""reference":"INC-1""#), "\(sent.text)")
                let code = try #require(sent.text.firstMatch(of: /"receiptCode":"([A-Z0-9-]+)"/).map { String($0.1) })
                #expect(try await IncidentFiles.files(client, "uploaded_by IS NULL") == 2)
                // JSON still works without files; JSON past its 64 KB is refused with 413.
                let json = try await client.api(.POST, api, token: nil, json: #"{"description":"Text only"}"#)
                #expect(json.status == .created && json.text.contains(#""files":0"#), "\(json.text)")
                let huge = try await client.api(.POST, api, token: nil, json: #"{"description":""# + String(repeating: "x", count: IncidentService.anonymousBodyLimit) + #""}"#)
                #expect(huge.status == .payloadTooLarge)

                // A follow-up with the receipt code: a file without text, then text and a file; the coordinator sees them on the report.
                let more = try await Self.send(client, api + "/follow-ups", fields: [("code", code)], files: [("later.png", "image/png", Self.png)])
                #expect(more.status == .ok && more.text.contains(#""files":1"#) && more.text.contains("INC-1"), "\(more.text)")
                let both = try await Self.send(client, api + "/follow-ups", fields: [("code", code), ("text", "The van came back at 22:00")],
                                               files: [("van.jpg", "image/jpeg", Self.jpeg)])
                #expect(both.status == .ok, "\(both.text)")
                #expect(try await IncidentFiles.files(client, "uploaded_by IS NULL") == 4)
                let incident = try #require(try await IncidentQueries(client.db).list(company: f.company.companyID, .init()).rows.first { $0.reference == "INC-1" })
                let page = try await client.get(f.base + "/\(incident.id.uuidString.lowercased())", as: f.browser)
                #expect(page.text.contains("later.png") && page.text.contains("van.jpg") && page.text.contains("The van came back at 22:00"))

                // Refused with nothing kept: neither text nor file; a wrong code; the code at another company's link; a bad file.
                let empty = try await Self.send(client, api + "/follow-ups", fields: [("code", code)], files: [])
                #expect(empty.status == .badRequest && empty.text.contains(#""field":"text""#))
                let wrong = try await Self.send(client, api + "/follow-ups", fields: [("code", "AAAA-BBBB-CCCC-DDDD")], files: [("x.jpg", "image/jpeg", Self.jpeg)])
                #expect(wrong.status == .badRequest && wrong.text.contains(#""field":"code""#))
                let elsewhere = try await Self.send(client, "/api/v1/anonymous-reports/\(otherKey)/follow-ups", fields: [("code", code)],
                                                    files: [("x.jpg", "image/jpeg", Self.jpeg)])
                #expect(elsewhere.status == .badRequest && elsewhere.text.contains(#""field":"code""#))
                let badFile = try await Self.send(client, api + "/follow-ups", fields: [("code", code)], files: [("x.pdf", "application/pdf", Data("not a pdf".utf8))])
                #expect(badFile.status == .badRequest && badFile.text.contains(#""field":"file""#))
                #expect(try await IncidentFiles.files(client) == 4)
                #expect(try await Incidents.count(client, "audit_entries", "action = 'incident.files_attached'") == 3)

                // The report keeps at most its bound of files in all.
                var kept = 4
                while kept < RecordFiles.maxPerRecord {
                    let n = min(RecordFiles.maxPerUpload, RecordFiles.maxPerRecord - kept)
                    #expect(try await Self.send(client, api + "/follow-ups", fields: [("code", code)], files: Array(repeating: ("p.jpg", "image/jpeg", Self.jpeg), count: n)).status == .ok)
                    kept += n
                }
                let past = try await Self.send(client, api + "/follow-ups", fields: [("code", code)], files: [("one-more.jpg", "image/jpeg", Self.jpeg)])
                #expect(past.status == .badRequest && past.text.contains(#""field":"file""#))
                #expect(try await IncidentFiles.files(client) == RecordFiles.maxPerRecord)
            }
        }

        @Test func theFollowUpPageTakesFilesAndFilesCountAgainstTheRateLimitsAsReportsDo() async throws {
            try await withTrustlane(configure: { $0.anonymousReportLimits = AnonymousReportLimits(perAddress: 3, perCompany: 10, window: 3600) }) { client in
                let f = try await Incidents.fixture(client)
                let key = try await Self.link(client, f)
                let stranger = client.browser()
                let report = try await client.api(.POST, "/api/v1/anonymous-reports/\(key)", token: nil, json: #"{"description":"Broken fence by gate 2"}"#)
                let code = try #require(report.text.firstMatch(of: /"receiptCode":"([A-Z0-9-]+)"/).map { String($0.1) })
                let form = try await client.get("/report/\(key)/follow-up?lang=id", as: stranger)
                #expect(form.text.contains("id=\"follow-up-form\"") && form.text.contains("enctype=\"multipart/form-data\"") && form.text.contains("id=\"follow-up-file\""))

                // The page: a photo with the code, no text; in Bahasa Indonesia.
                let sent = try await IncidentFiles.upload(client, "/report/\(key)/follow-up", as: stranger, [("pagar.jpg", "image/jpeg", Self.jpeg)],
                                                          fields: [("lang", "id"), ("code", code)])
                #expect(sent.status == .ok && sent.text.contains("id=\"follow-up-done\""), "\(sent.text.prefix(300))")
                #expect(try await IncidentFiles.files(client, "file_name = 'pagar.jpg' AND uploaded_by IS NULL") == 1)
                // A refused file on the page names the field and keeps the code typed.
                let bad = try await IncidentFiles.upload(client, "/report/\(key)/follow-up", as: stranger, [("pagar.jpg", "image/jpeg", Data("nope".utf8))],
                                                         fields: [("lang", "id"), ("code", code)])
                #expect(bad.status == .badRequest && bad.text.contains("data-field=\"file\"") && bad.text.contains(code))

                // The fourth submission from this address within the hour (report, two follow-ups, this one) is refused, with its file.
                let limited = try await Self.send(client, "/api/v1/anonymous-reports/\(key)/follow-ups", fields: [("code", code)], files: [("x.jpg", "image/jpeg", Self.jpeg)])
                #expect(limited.status == .tooManyRequests, "\(limited.text)")
                #expect(try await IncidentFiles.files(client) == 1)
            }
        }
    }
}
