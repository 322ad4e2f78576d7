import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// An Indonesian garment maker: a foreign manufacturer outside Mexico and Canada joins by
    /// CBP's invitation, and applies once it names that invitation.
    @Suite struct MembershipByInvitation {
        @Test func aCompanyNeedingCBPsInvitationAppliesOnceItNamesTheInvitation() async throws {
            try await withTrustlane { client in
                let company = try await client.makeCompany("PT Batik Nusantara Garmen", country: "ID", types: [.foreignManufacturer])
                let officer = try await client.makeUser("dewi@example.com", name: "Dewi Lestari")
                try await client.addMember(officer, to: company, role: .officer)
                let token = try await client.token(for: officer)
                // Answers that leave only the invitation: requirements met, nothing disqualifying, invitation needed.
                let rules = try #require(client.app.catalogs.latest()).catalog.eligibilityRules(for: .foreignManufacturer)
                var answers: [String: Bool] = [:]
                for question in rules.questions { answers[question.id.rawValue] = question.effect == .required || question.effect == .invitation }
                let check = try await EligibilityService(app: client.app).answer(company: company.companyID, entityType: .foreignManufacturer,
                                                                                 answers: answers, by: officer.userID)
                guard case .needsInvitation = check.outcome else { Issue.record("expected needs_invitation, got \(check.outcome)"); return }
                let path = "/api/v1/companies/\(company.companyID)/memberships/FM/transitions"

                let refused = try await client.api(.POST, path, token: token, json: #"{"kind":"apply","agreementAccepted":true}"#)
                #expect(refused.status == .conflict && refused.text.contains("invitation"))
                #expect(try await EligibilityCheckModel.query(on: client.db).first()?.lockedAt == nil, "a refused application locks nothing")

                let applied = try await client.api(.POST, path, token: token,
                                                   json: #"{"kind":"apply","agreementAccepted":true,"cbpInvitation":"CBP letter of 2 October 2026"}"#)
                #expect(applied.status == .ok, "\(applied.text.prefix(300))")
                let stored = try #require(try await MembershipStore(client.db).application(company: company.companyID, type: .foreignManufacturer))
                #expect(stored.application.status == .applied)
                let events = try await MembershipStore(client.db).events(application: stored.application.id)
                #expect(events.first?.detailValues["cbp_invitation"] == "CBP letter of 2 October 2026")
                #expect(try await EligibilityCheckModel.query(on: client.db).first()?.lockedAt != nil)
            }
        }
    }
}
