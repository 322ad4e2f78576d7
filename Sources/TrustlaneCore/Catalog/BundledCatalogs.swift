import Foundation

/// Every catalog bundled in TrustlaneCore's `Resources/Catalogs`, loaded, checked and indexed.
/// Load once at start-up and share: the value is immutable and `Sendable`.
public struct BundledCatalogs: Sendable {
    /// The catalogs, by program and then effective date (oldest first).
    public let catalogs: [Catalog]
    private let indexByID: [String: CatalogIndex]

    /// Indexes already-loaded catalogs. Later duplicates of an id are ignored.
    public init(catalogs: [Catalog]) {
        var indexes: [String: CatalogIndex] = [:]
        var unique: [Catalog] = []
        for catalog in catalogs where indexes[catalog.id] == nil {
            indexes[catalog.id] = CatalogIndex(catalog)
            unique.append(catalog)
        }
        self.catalogs = unique.sorted { ($0.program, $0.effectiveDate, $0.id) < ($1.program, $1.effectiveDate, $1.id) }
        self.indexByID = indexes
    }

    /// The folder holding the bundled catalog files.
    public static var directory: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Catalogs", isDirectory: true)
    }

    /// Loads every `.yaml`, `.yml`, `.json` and `.csv` file of the bundled folder.
    /// Throws the first file's `CatalogLoadError`; a bundled file with problems is a bug that
    /// the tests catch.
    public static func load() throws(CatalogLoadError) -> BundledCatalogs {
        guard let directory else {
            throw CatalogLoadError(source: "Catalogs", issues: [
                CatalogIssue(.syntax, field: "file", message: "The bundled Catalogs folder is missing from TrustlaneCore's resources."),
            ])
        }
        return try load(directory: directory)
    }

    /// Loads every catalog file of a folder; two files with one catalog id are refused.
    public static func load(directory: URL) throws(CatalogLoadError) -> BundledCatalogs {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { CatalogFormat(fileExtension: $0.pathExtension) != nil }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var catalogs: [Catalog] = []
        var fileByID: [String: String] = [:]
        for file in files {
            let catalog = try CatalogLoader.load(contentsOf: file)
            if let other = fileByID[catalog.id] {
                throw CatalogLoadError(source: file.lastPathComponent, issues: [
                    CatalogIssue(.duplicateID, field: "id", itemID: catalog.id,
                                 message: "Catalog id `\(catalog.id)` is also used by \(other); give each version its own id."),
                ])
            }
            fileByID[catalog.id] = file.lastPathComponent
            catalogs.append(catalog)
        }
        return BundledCatalogs(catalogs: catalogs)
    }

    /// The catalog with this id.
    public func catalog(id: String) -> Catalog? { indexByID[id]?.catalog }

    /// The index of the catalog with this id.
    public func index(id: String) -> CatalogIndex? { indexByID[id] }

    /// The newest catalog of a program (case-insensitive), by effective date.
    public func latest(program: String = "CTPAT") -> Catalog? {
        catalogs.last { $0.program.caseInsensitiveCompare(program) == .orderedSame }
    }
}
