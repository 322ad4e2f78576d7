import Foundation
import NIOConcurrencyHelpers
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
        let resolved = Self.scopes.resolve(ScopeKey(catalogDigest: entry.digest, entityTypes: profile.entityTypes,
                                                    conditions: profile.conditionAnswers)) {
            let types = profile.entityTypes.split(separator: ",").compactMap { EntityType(rawValue: String($0)) }.sorted()
            let conditions = (try? JSONDecoder().decode(ConditionAnswers.self, from: Data(profile.conditionAnswers.utf8))) ?? ConditionAnswers()
            return Resolved(entityTypes: types, conditions: conditions,
                            scope: ProfileScope(index: entry.index, entityTypes: Set(types), conditions: conditions))
        }
        entityTypes = resolved.entityTypes
        conditions = resolved.conditions
        scope = resolved.scope
    }

    /// What a profile's catalog version (by content digest), entity types and condition answers
    /// resolve to. The same three inputs always give the same scope: it is worked out once, not
    /// on every page and save.
    struct ScopeKey: Hashable, Sendable { let catalogDigest: String; let entityTypes: String; let conditions: String }
    struct Resolved: Sendable { let entityTypes: [EntityType]; let conditions: ConditionAnswers; let scope: ProfileScope }

    final class ScopeCache: Sendable {
        private let entries = NIOLockedValueBox<[ScopeKey: Resolved]>([:])
        let capacity: Int
        init(capacity: Int) { self.capacity = capacity }

        func resolve(_ key: ScopeKey, build: () -> Resolved) -> Resolved {
            if let hit = entries.withLockedValue({ $0[key] }) { return hit }
            let resolved = build()
            entries.withLockedValue { map in
                if map.count >= capacity { map.removeAll(keepingCapacity: true) }
                map[key] = resolved
            }
            return resolved
        }
    }

    static let scopes = ScopeCache(capacity: 2_000)
}
