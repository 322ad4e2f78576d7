import Foundation
@testable import TrustlaneCore

/// A small hand-built catalog and helpers for the security profile tests.
///
/// | id  | level  | types    | condition            |
/// |-----|--------|----------|----------------------|
/// | 1.1 | should | IMP, HC  |                      |
/// | 1.2 | must   | IMP, HC  |                      |
/// | 5.1 | must   | IMP, HC  | keeps_seal_inventory |
/// | 5.2 | should | HC       | keeps_seal_inventory |
/// | 5.3 | must   | HC       |                      |
/// | 9.1 | must   | IMP      | uses_security_cameras|
/// | 9.2 | should | IMP, HC  |                      |
enum ProfileFixtures {
    static let seals = ApplicabilityCondition(id: "keeps_seal_inventory", question: "Does the company keep a stock of seals?")
    static let cameras = ApplicabilityCondition(id: "uses_security_cameras", question: "Does the company use security cameras?")

    static let catalog = Catalog(
        id: "test-profile", program: "TEST", version: "1", title: "Test profile catalog",
        effectiveDate: Date(timeIntervalSince1970: 1_577_836_800),
        focusAreas: [FocusArea(id: "corporate_security", title: "Corporate Security"),
                     FocusArea(id: "transportation_security", title: "Transportation Security"),
                     FocusArea(id: "people_and_physical_security", title: "People and Physical Security")],
        categories: [CriterionCategory(number: 1, title: "Security Vision", focusAreaID: "corporate_security"),
                     CriterionCategory(number: 5, title: "Conveyance, \"IIT\" Security", focusAreaID: "transportation_security"),
                     CriterionCategory(number: 9, title: "Physical Security", focusAreaID: "people_and_physical_security")],
        conditions: [seals, cameras],
        criteria: [
            criterion("1.1", .should, [.importer, .highwayCarrier]),
            criterion("1.2", .must, [.importer, .highwayCarrier]),
            criterion("5.1", .must, [.importer, .highwayCarrier], condition: seals),
            criterion("5.2", .should, [.highwayCarrier], condition: seals),
            criterion("5.3", .must, [.highwayCarrier]),
            criterion("9.1", .must, [.importer], condition: cameras),
            criterion("9.2", .should, [.importer, .highwayCarrier]),
        ])

    static let index = CatalogIndex(catalog)

    static func criterion(_ id: CriterionID, _ level: CriterionLevel, _ types: Set<EntityType>,
                          condition: ApplicabilityCondition? = nil) -> Criterion {
        Criterion(id: id, title: "Criterion \(id)", summary: "Summary of \(id).", level: level, entityTypes: types,
                  condition: condition)
    }

    static func scope(_ types: Set<EntityType> = [.importer, .highwayCarrier],
                      _ conditions: ConditionAnswers = ConditionAnswers()) -> ProfileScope {
        ProfileScope(index: index, entityTypes: types, conditions: conditions)
    }

    static func criterion(_ id: CriterionID) -> Criterion { index.criterion(id)! }

    /// The bundled catalogs, loaded once per test process.
    static let bundled = Result { try BundledCatalogs.load() }

    static func bundledIndex() throws -> CatalogIndex {
        let catalogs = try bundled.get()
        guard let index = catalogs.index(id: "ctpat-msc-2020") else {
            throw CatalogLoadError(source: "bundle", issues: [])
        }
        return index
    }

    static let officer = UserID()
    static let coordinator = UserID()
    static let profileID = SecurityProfileID()
    static let companyID = CompanyID()

    /// 2025-06-15 10:30:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_749_983_400)

    /// UTC midnight of a `YYYY-MM-DD` day.
    static func day(_ text: String) -> Date { ProgramDay.date(text)! }

    /// An answer at some version.
    static func answer(_ id: CriterionID, _ status: AnswerStatus, narrative: String = "", reason: String = "",
                       responsible: String = "", evidence: [EvidenceID] = [], version: Int = 1,
                       by user: UserID = officer, at date: Date = now) -> CriterionAnswer {
        CriterionAnswer(criterionID: id, status: status, narrative: narrative, notApplicableReason: reason,
                        responsible: responsible, evidenceIDs: evidence, version: version, updatedBy: user,
                        updatedAt: date)
    }

    /// Statuses from a compact list.
    static func statuses(_ pairs: [(CriterionID, AnswerStatus)]) -> [CriterionID: AnswerStatus] {
        Dictionary(uniqueKeysWithValues: pairs)
    }
}

extension ValidationFailure {
    /// The message keys of the errors, for compact expectations.
    var keys: [String] { errors.map(\.messageKey) }
    /// The fields of the errors.
    var fields: [String] { errors.map(\.field) }
}
