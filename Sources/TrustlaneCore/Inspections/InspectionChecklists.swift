import Foundation

/// The checklists bundled in TrustlaneCore (`Resources/InspectionChecklists`): CBP's container,
/// refrigerated container, highway tractor and trailer lists and the legacy 17-point list, each
/// checked against the criteria of the current bundled catalog.
public struct InspectionChecklists: Sendable {
    /// By key.
    public let checklists: [InspectionChecklist]
    private let byKey: [String: Int]

    public init(checklists: [InspectionChecklist]) {
        self.checklists = checklists.sorted { $0.key < $1.key }
        var byKey: [String: Int] = [:]
        for (index, checklist) in self.checklists.enumerated() where byKey[checklist.key] == nil { byKey[checklist.key] = index }
        self.byKey = byKey
    }

    /// The bundled files, read once. A bundled file that does not read is a bug the tests catch.
    public static let bundled: InspectionChecklists = {
        do { return try loadBundled() } catch { fatalError("The bundled inspection checklists do not read:\n\(error)") }
    }()

    /// Reads every `.yaml` file of the bundled folder; two files with one key are refused.
    public static func loadBundled() throws(InspectionChecklistLoader.LoadError) -> InspectionChecklists {
        let known = currentCriteria()
        var checklists: [InspectionChecklist] = []
        var fileByKey: [String: String] = [:]
        for path in BundledResources.paths(in: "InspectionChecklists") where path.hasSuffix(".yaml") {
            let file = String(path.split(separator: "/").last ?? "")
            guard let data = BundledResources.data(path) else { continue }
            let checklist = try InspectionChecklistLoader.load(data, file: file, knownCriteria: known, provenance: .bundled)
            if let other = fileByKey[checklist.key] {
                throw .init(file: file, errors: [FieldError(field: "key", messageKey: "inspections.error.checklist_key_taken",
                                                            message: "key '\(checklist.key)' is already used by \(other)",
                                                            arguments: ["value": checklist.key, "other": other])])
            }
            fileByKey[checklist.key] = file
            checklists.append(checklist)
        }
        return InspectionChecklists(checklists: checklists)
    }

    /// The criterion ids of the bundled CTPAT catalogs no other catalog replaces: the numbers a
    /// checklist may name.
    public static func currentCriteria() -> Set<CriterionID> {
        guard let catalogs = try? BundledCatalogs.load().catalogs else { return [] }
        let replaced = Set(catalogs.compactMap(\.replaces))
        return Set(catalogs.filter { $0.isCTPAT && !replaced.contains($0.id) }.flatMap { $0.criteria.map(\.id) })
    }

    /// The checklist with this key, if bundled.
    public func checklist(_ key: String) -> InspectionChecklist? { byKey[key].map { checklists[$0] } }

    /// The checklists for a kind of conveyance.
    public func checklists(for conveyance: ConveyanceKind) -> [InspectionChecklist] {
        checklists.filter { $0.conveyance == conveyance }
    }
}
