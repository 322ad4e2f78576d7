import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 11: Tier III only for the entity types CBP offers it to (importers and exporters, per
/// the 2021 best practices framework), as a setting.
@Suite("Tier III by entity type")
struct ValidationOutcomeTierTests {
    @Test func tierThreeIsRefusedToTypesCBPDoesNotOfferItTo() {
        for type in EntityType.allCases {
            let outcome = ValidationOutcome.decide(.passed(.three), openRequiredActions: 0, bestPractices: 2, entityType: type)
            if type == .importer || type == .exporter {
                #expect(outcome == .success(.validated(.three)), "\(type)")
            } else {
                guard case .failure(let refusal) = outcome else { Issue.record("\(type) reached Tier III"); continue }
                #expect(refusal.reason == .tierNotOffered)
                #expect(refusal.message.contains("offered to IMP and EXP only, not to \(type.code)"), "\(refusal.message)")
            }
            // Tier II stays open to every type.
            #expect(ValidationOutcome.decide(.passed(.two), openRequiredActions: 0, bestPractices: 0, entityType: type) == .success(.validated(.two)))
        }
        #expect(ValidationOutcome.highestTier(findings: [], entityType: .highwayCarrier, settings: ProgramSettings(tierThreeMinimumBestPractices: 1)) == .two)
    }

    @Test func theListIsASetting() throws {
        #expect(ProgramSettings.standard.tierThreeEntityTypes == [.importer, .exporter])
        let settings = try ProgramSettings.read("tier_three_entity_types: [IMP, EXP, HC]\n")
        #expect(settings.tierThreeEntityTypes == [.importer, .exporter, .highwayCarrier])
        #expect(ValidationOutcome.decide(.passed(.three), openRequiredActions: 0, bestPractices: 1, entityType: .highwayCarrier,
                                         settings: settings) == .success(.validated(.three)))
        #expect(throws: ProgramSettingsFileError.self) { try ProgramSettings.read("tier_three_entity_types: [IMP, PIRATE]\n") }
    }

    @Test func theLifecycleAsksTheEntityType() throws {
        let importer = LifecycleFixtures.application(in: .validationPlanned)
        // The same application, for a highway carrier (entity types are fixed once applied).
        let json = String(decoding: try JSONEncoder().encode(importer), as: UTF8.self).replacingOccurrences(of: "\"IMP\"", with: "\"HC\"")
        let carrier = try JSONDecoder().decode(MembershipApplication.self, from: Data(json.utf8))
        #expect(carrier.entityType == .highwayCarrier)
        let lifecycle = MembershipLifecycle()
        let context = LifecycleContext(now: LifecycleFixtures.now, bestPracticesRecorded: 3)
        if case .failure(let refusal) = lifecycle.attempt(.recordValidation(.passed(.three)), from: importer, by: LifecycleFixtures.reviewer, context: context) {
            Issue.record("the importer was refused: \(refusal.message)")
        }
        guard case .failure(let refusal) = lifecycle.attempt(.recordValidation(.passed(.three)), from: carrier, by: LifecycleFixtures.reviewer, context: context) else {
            Issue.record("a highway carrier reached Tier III")
            return
        }
        #expect(refusal.reason == .tierNotOffered)
    }
}
