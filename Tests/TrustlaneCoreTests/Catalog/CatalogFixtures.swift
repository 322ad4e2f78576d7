import Foundation
@testable import TrustlaneCore

/// Small catalogs for tests, and helpers to find lines in them.
enum CatalogFixtures {
    /// A valid two-type, two-category catalog outside CTPAT (so CTPAT's program rules do not apply).
    static let smallYAML = """
    id: test-catalog
    program: TEST
    version: "1"
    title: Test catalog
    effective_date: "2024-01-01"
    entity_types: [IMP, HC]
    focus_areas:
      - {id: corporate_security, title: Corporate Security}
      - {id: transportation_security, title: Transportation Security}
    categories:
      - {number: 1, title: Vision, focus_area: corporate_security}
      - {number: 5, title: Conveyance, focus_area: transportation_security}
    conditions:
      - {id: uses_security_cameras, question: Does the company use security cameras?}
    criteria:
      - id: "1.1"
        category: 1
        title: Statement of support
        summary: Management signs a statement backing security.
        level: should
        entity_types: all
        verified: [IMP]
      - id: "5.1"
        category: 5
        title: Secure storage
        summary: Trailers are stored in a secure yard.
        guidance: Fence the yard and log who enters.
        level: must
        entity_types: [IMP, HC]
        condition: uses_security_cameras
      - id: "5.10"
        category: 5
        title: Yard exit inspection
        summary: Trailers are inspected when they leave the yard.
        level: must
        entity_types: [HC]
    eligibility:
      - id: active
        entity_types: all
        effect: required
        text: Is the company active?
        reason: The company must be active.
      - id: owes_debt
        entity_types: [IMP]
        effect: disqualifying
        text: Does the company owe a final debt?
        reason: Unpaid debt rules the company out.

    """

    static func small() throws -> Catalog {
        try CatalogLoader.load(smallYAML, format: .yaml, source: "small.yaml")
    }

    /// The small catalog with one criterion block replaced or added, for error tests.
    static func smallYAML(appendingCriterion block: String) -> String {
        smallYAML.replacingOccurrences(of: "eligibility:\n", with: block + "eligibility:\n")
    }

    /// The bundled catalogs, loaded once per test process.
    static let bundledCatalogs = Result { try BundledCatalogs.load() }

    /// The bundled CTPAT catalog.
    static func bundled() throws -> Catalog {
        let catalogs = try bundledCatalogs.get()
        guard let catalog = catalogs.catalog(id: "ctpat-msc-2020") else {
            throw CatalogLoadError(source: "bundle", issues: [])
        }
        return catalog
    }

    /// The 1-based line of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    /// The issues a load refuses the text with; empty when it loads.
    static func issues(_ text: String, _ format: CatalogFormat) -> [CatalogIssue] {
        do {
            _ = try CatalogLoader.load(text, format: format)
            return []
        } catch {
            return error.issues
        }
    }
}
