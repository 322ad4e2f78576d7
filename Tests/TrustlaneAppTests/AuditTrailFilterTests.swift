import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 13: the audit trail reads in words, filters by person, company, action and date, and
    /// exports what it shows as CSV.
    @Suite struct AuditTrailFilters {
        static func rows(_ page: String) -> Int { page.components(separatedBy: " data-action=\"").count - 1 }

        @Test func filtersByPersonCompanyActionAndDate() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let browser = try await client.signIn("admin@example.com")
                for name in ["Norte SA", "Batik Jaya"] {
                    _ = try await client.post("/admin/companies", as: browser, form: [("legal_name", name), ("country", "MX"), ("entity_types", "HC")])
                }
                _ = try await client.makeUser("other@example.com")
                _ = try await client.signIn("other@example.com")
                let all = try await client.get("/admin/audit", as: browser, headers: ["Accept-Language": "es"])
                #expect(all.status == .ok)
                #expect(all.text.contains("Empresa creada"), "actions read as words in the reader's language")
                #expect(Self.rows(all.text) == 4)

                #expect(Self.rows(try await client.get("/admin/audit?person=OTHER@", as: browser).text) == 1)
                #expect(Self.rows(try await client.get("/admin/audit?company=batik", as: browser).text) == 1)
                #expect(Self.rows(try await client.get("/admin/audit?action=company.created", as: browser).text) == 2)
                #expect(Self.rows(try await client.get("/admin/audit?action=account.", as: browser).text) == 2)
                // "_" in a search is a character, not a wildcard.
                #expect(Self.rows(try await client.get("/admin/audit?person=admin_example", as: browser).text) == 0)
                let today = ProgramDay.text(Date())
                #expect(Self.rows(try await client.get("/admin/audit?from=\(today)&to=\(today)", as: browser).text) == 4)
                #expect(Self.rows(try await client.get("/admin/audit?to=2001-01-01", as: browser).text) == 0)

                let bad = try await client.get("/admin/audit?from=2026-02-30&person=admin", as: browser)
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains("data-field=\"from\"") && bad.text.contains("value=\"admin\""), "the field is named and the rest kept")
                let backwards = try await client.get("/admin/audit?from=2026-03-02&to=2026-03-01", as: browser)
                #expect(backwards.status == .badRequest && backwards.text.contains("data-field=\"to\""))

                // Older pages carry the filter.
                let page = try await client.get("/admin/audit?action=company.created", as: browser).text
                #expect(page.contains("href=\"/admin/audit.csv?action=company.created\""))
            }
        }

        @Test func exportsTheFilteredTrailAsCSVToThoseAllowedOnly() async throws {
            try await withTrustlane { client in
                try await client.makeUser("admin@example.com", admin: true)
                let company = try await client.makeCompany("Norte SA")
                let other = try await client.makeCompany("=HYPERLINK(\"x\")")
                let officer = try await client.makeUser("officer@example.com")
                try await client.addMember(officer, to: company, role: .officer)
                let viewer = try await client.makeUser("viewer@example.com")
                try await client.addMember(viewer, to: company, role: .viewer)
                let admin = try await client.signIn("admin@example.com")

                let csv = try await client.get("/admin/audit.csv?action=company.created", as: admin)
                #expect(csv.status == .ok)
                #expect(csv.headers.contentType?.subType == "csv")
                #expect(csv.headers.first(name: .contentDisposition)?.contains("audit-trail.csv") == true)
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.first == "sequence,occurred_at_utc,person,company,action,action_name,target_type,target_id,changes")
                #expect(lines.count == 3)
                #expect(csv.text.contains(",company.created,Company created,"))
                #expect(csv.text.contains("'=HYPERLINK"), "a formula in a company name is neutralized")

                let officerBrowser = try await client.signIn("officer@example.com")
                let own = try await client.get("/companies/\(company.companyID)/audit.csv", as: officerBrowser)
                #expect(own.status == .ok && !own.text.contains("HYPERLINK"), "a company's export holds only its own entries")
                let foreign = try await client.get("/companies/\(other.companyID)/audit.csv", as: officerBrowser).status
                #expect(foreign == .forbidden || foreign == .notFound)
                #expect(try await client.get("/admin/audit.csv", as: officerBrowser).status == .forbidden)
                let viewerBrowser = try await client.signIn("viewer@example.com")
                #expect(try await client.get("/companies/\(company.companyID)/audit.csv", as: viewerBrowser).status == .forbidden)
                #expect(try await client.get("/admin/audit.csv?to=yesterday", as: admin).status == .badRequest)
            }
        }

        /// Every action the code records has a name in every language.
        @Test func everyRecordedActionHasANameInEveryLanguage() throws {
            let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/TrustlaneApp")
            var actions: Set<String> = []
            let literal = try NSRegularExpression(pattern: #"AuditEvent\(action: "([a-z_]+\.[a-z_]+)""#)
            let walk = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
            while let file = walk?.nextObject() as? URL {
                guard file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    actions.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
            #expect(actions.count > 30)
            actions.formUnion(TransitionKind.allCases.map { "lifecycle.\($0.rawValue)" })
            actions.formUnion(ReviewCommentKind.allCases.map { "review.\($0.rawValue)" })
            actions.formUnion(MonitoringStatus.allCases.map { "monitoring.\($0.rawValue)" })
            actions.formUnion(["review.not_applicable_accepted", "review.not_applicable_rejected", "validation.finding_answered", "validation.finding_closed"])
            // Families (the filter's groups) and the kinds of target are words too.
            var words = Set(actions.compactMap { $0.split(separator: ".").first.map(String.init) })
            let target = try NSRegularExpression(pattern: #"targetType: "([a-z_]+)""#)
            let again = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
            while let file = again?.nextObject() as? URL {
                guard file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                for match in target.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    words.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
            for language in Language.allCases {
                let t = LocalizationCatalog.shared.localizer(for: language)
                let unnamed = actions.filter { !t.has("audit_action.\($0)") }.sorted()
                #expect(unnamed.isEmpty, "\(language): \(unnamed)")
                let unworded = words.filter { !t.has("audit_word.\($0)") }.sorted()
                #expect(unworded.isEmpty, "\(language): \(unworded)")
            }
        }
    }
}
