import Foundation
import TrustlaneCore
import Vapor

/// A profile with what every rule needs: its catalog version and scope.
struct ProfileContext: Sendable {
    let profile: SecurityProfileModel
    let entry: CatalogRegistry.Entry
    let entityTypes: [EntityType]
    let conditions: ConditionAnswers
    let scope: ProfileScope

    var id: UUID { profile.id! }
    var companyID: CompanyID { CompanyID(profile.$company.id) }
    var catalog: Catalog { entry.catalog }

    init(profile: SecurityProfileModel, registry: CatalogRegistry) throws {
        guard let entry = registry.entry(profile.catalogID) else {
            throw TrustlaneError(status: .internalServerError, key: "error.server", message: "catalog \(profile.catalogID) is not loaded")
        }
        self.profile = profile
        self.entry = entry
        entityTypes = profile.entityTypes.split(separator: ",").compactMap { EntityType(rawValue: String($0)) }.sorted()
        conditions = (try? JSONDecoder().decode(ConditionAnswers.self, from: Data(profile.conditionAnswers.utf8))) ?? ConditionAnswers()
        scope = ProfileScope(index: entry.index, entityTypes: Set(entityTypes), conditions: conditions)
    }
}
