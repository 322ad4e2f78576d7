import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 10: evidence pages flag "expiring soon" with the configured window
    /// (`TRUSTLANE_EVIDENCE_WARNING_DAYS`), not a default written into the views.
    @Suite struct EvidenceWarningWindow {
        @Test func theSettingIsReadCheckedAndNamedWhenBad() throws {
            #expect(try AppConfig.fromEnvironment(environment: [:]).evidencePolicy.expiringWithinDays == EvidencePolicy.default.expiringWithinDays)
            #expect(try AppConfig.fromEnvironment(environment: ["TRUSTLANE_EVIDENCE_WARNING_DAYS": "90"]).evidencePolicy.expiringWithinDays == 90)
            for bad in ["0", "366", "soon", ""] {
                do {
                    _ = try AppConfig.fromEnvironment(environment: ["TRUSTLANE_EVIDENCE_WARNING_DAYS": bad])
                    Issue.record("accepted \(bad)")
                } catch {
                    #expect("\(error)".contains("TRUSTLANE_EVIDENCE_WARNING_DAYS must be a whole number of days from 1 to 365"))
                }
            }
        }

        @Test func aFileSixtyDaysFromExpiryIsFlaggedOnlyUnderANinetyDayWindow() async throws {
            for (window, flagged) in [(nil, false), (90, true)] as [(Int?, Bool)] {
                try await withTrustlane(configure: { config in if let window { config.evidencePolicy.expiringWithinDays = window } }) { client in
                    let f = try await SecurityProfile.fixture(client)
                    let context = try await ProfileService(app: client.app).open(company: f.company.companyID, entityTypes: ["IMP"], catalogID: nil, by: nil)
                    let criterion = try #require(context.scope.criteria.first).id.rawValue
                    let expires = ProgramDay.text(Date().addingTimeInterval(60 * 86_400))
                    let (headers, body) = SecurityProfile.multipart([("title", "Seal procedure"), ("expiry_date", expires), ("criterion_id", criterion)],
                                                                    file: ("seals.pdf", SecurityProfile.pdf()), csrf: f.browser.csrf)
                    let uploaded = try await client.send(.POST, "/companies/\(f.company.companyID)/profile/evidence", browser: f.browser, headers: headers, body: body)
                    #expect(uploaded.status == .seeOther)
                    for page in ["/companies/\(f.company.companyID)/profile/evidence", "/companies/\(f.company.companyID)/profile/criteria/\(criterion)",
                                 "/companies/\(f.company.companyID)/profile"] {
                        let text = try await client.get(page, as: f.browser).text
                        #expect(text.contains("expiry-expiring_soon") == flagged, "window \(window ?? 30) on \(page)")
                    }
                }
            }
        }
    }
}
