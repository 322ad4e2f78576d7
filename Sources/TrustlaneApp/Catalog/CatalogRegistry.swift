import Crypto
import Foundation
import NIOConcurrencyHelpers
import TrustlaneCore
import Vapor

/// Every catalog version the platform knows: the bundled ones plus those imported with
/// `trustlane catalog import`. Versions are immutable once registered, so a profile answered
/// against a version keeps its criteria when newer versions arrive.
package final class CatalogRegistry: Sendable {
    enum Origin: Sendable, Equatable {
        case bundled
        case imported(at: Date)
    }

    package struct Entry: Sendable {
        package let index: CatalogIndex
        let origin: Origin
        /// SHA-256 of the catalog's canonical JSON: the ETag of everything derived from it.
        let digest: String
        package var catalog: Catalog { index.catalog }
    }

    private let entries: NIOLockedValueBox<[String: Entry]>

    init(bundled: BundledCatalogs) {
        var map: [String: Entry] = [:]
        for catalog in bundled.catalogs {
            map[catalog.id] = Entry(index: bundled.index(id: catalog.id) ?? CatalogIndex(catalog), origin: .bundled,
                                    digest: Self.digest(of: catalog))
        }
        entries = NIOLockedValueBox(map)
    }

    static func digest(of catalog: Catalog) -> String {
        Hex.lowercase(SHA256.hash(data: Data(CatalogExporter.json(catalog).utf8)))
    }

    /// All versions, by program then effective date.
    var all: [Entry] {
        entries.withLockedValue { Array($0.values) }
            .sorted { ($0.catalog.program, $0.catalog.effectiveDate, $0.catalog.id) < ($1.catalog.program, $1.catalog.effectiveDate, $1.catalog.id) }
    }

    package func entry(_ id: String) -> Entry? { entries.withLockedValue { $0[id] } }

    /// The newest version of a program, by effective date.
    package func latest(program: String = "CTPAT") -> Entry? {
        all.last { $0.catalog.program.caseInsensitiveCompare(program) == .orderedSame }
    }

    /// Adds a version. An id already taken by different content is refused: versions never change.
    @discardableResult
    func register(_ catalog: Catalog, origin: Origin) throws -> Entry {
        let entry = Entry(index: CatalogIndex(catalog), origin: origin, digest: Self.digest(of: catalog))
        return try entries.withLockedValue { map in
            if let existing = map[catalog.id] {
                guard existing.digest == entry.digest else { throw CatalogVersionConflict(id: catalog.id) }
                return existing
            }
            map[catalog.id] = entry
            return entry
        }
    }
}

struct CatalogVersionConflict: Error, CustomStringConvertible {
    let id: String
    var description: String {
        "A catalog with id '\(id)' already exists with different content; versions never change. Give the new version its own id."
    }
}

extension Application {
    private struct CatalogRegistryKey: StorageKey { typealias Value = CatalogRegistry }

    /// The catalog versions, loaded at start-up.
    package var catalogs: CatalogRegistry {
        guard let registry = storage[CatalogRegistryKey.self] else { fatalError("catalogs used before configure") }
        return registry
    }

    func setCatalogs(_ registry: CatalogRegistry) { storage[CatalogRegistryKey.self] = registry }
}

/// The bundled catalogs, loaded once per process (tests build many applications).
enum BundledCatalogStore {
    static let shared: BundledCatalogs = {
        do { return try BundledCatalogs.load() } catch {
            fatalError("The bundled criteria catalogs do not load: \(error)")
        }
    }()
}
