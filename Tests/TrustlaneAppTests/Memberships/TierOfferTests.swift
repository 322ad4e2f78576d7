import Foundation
import Testing
import TrustlaneCore
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 11: the reviewer is offered Tier III only for importers and exporters, and the
    /// member reads what its tier brings.
    @Suite struct TierOffer {
        @Test func aHighwayCarrierIsNeverOfferedTierIIIAndReadsItsBenefits() async throws {
            for type in [EntityType.highwayCarrier, .importer] {
                try await withTrustlane { client in
                    client.app.clock = .fixed(.day("2026-01-10"))
                    let f = try await LifecycleFixture.make(client, name: "Tier \(type.code)", type: type)
                    try await f.certify()
                    try await f.api(#"{"kind":"plan_validation","startsOn":"2026-02-02","endsOn":"2026-02-03"}"#)
                    let reviewer = try await client.signIn(f.reviewer.email)
                    let workspace = try await client.get("/companies/\(f.companyID)/membership/\(type.code)/review", as: reviewer)
                    #expect(workspace.text.contains("value=\"tier_2\""))
                    #expect(workspace.text.contains("value=\"tier_3\"") == (type == .importer), "\(type)")
                    // The API refuses it with the reason, naming who may reach it.
                    if type == .highwayCarrier {
                        let refused = try await f.api(#"{"kind":"record_validation","result":"tier_3"}"#, expect: .conflict)
                        #expect(refused.text.contains("tier_not_offered") && refused.text.contains("IMP and EXP only, not to HC"))
                    }
                    let officer = try await client.signIn(f.officer.email)
                    let page = try await client.get("/companies/\(f.companyID)/membership", as: officer)
                    #expect(page.text.contains("tier-benefits") && page.text.contains("20%"))
                    #expect(page.text.contains("not to HC") == (type == .highwayCarrier))
                }
            }
        }
    }
}
