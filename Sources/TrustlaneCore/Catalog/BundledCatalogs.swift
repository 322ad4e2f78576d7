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

    /// Loads every `.yaml`, `.yml`, `.json` and `.csv` file of the bundled `Catalogs` folder
    /// (embedded in the binary). Throws the first file's `CatalogLoadError`; a bundled file with
    /// problems is a bug that the tests catch.
    public static func load() throws(CatalogLoadError) -> BundledCatalogs {
        let paths = BundledResources.paths(in: "Catalogs")
        guard !paths.isEmpty else {
            throw CatalogLoadError(source: "Catalogs", issues: [
                CatalogIssue(.syntax, field: "file", message: "No catalog is embedded in this build of TrustlaneCore."),
            ])
        }
        return try load(paths.compactMap { path in
            let name = String(path.split(separator: "/").last ?? "")
            guard let format = CatalogFormat(fileExtension: (name as NSString).pathExtension), let data = BundledResources.data(path) else { return nil }
            return (name, format, data)
        })
    }

    /// Loads catalog files given as (name, format, bytes); two files with one catalog id are refused.
    static func load(_ files: [(name: String, format: CatalogFormat, data: Data)]) throws(CatalogLoadError) -> BundledCatalogs {
        var catalogs: [Catalog] = []
        var fileByID: [String: String] = [:]
        for file in files {
            let catalog = try CatalogLoader.load(file.data, format: file.format, source: file.name)
            if let other = fileByID[catalog.id] {
                throw CatalogLoadError(source: file.name, issues: [
                    CatalogIssue(.duplicateID, field: "id", itemID: catalog.id,
                                 message: "Catalog id `\(catalog.id)` is also used by \(other); give each version its own id."),
                ])
            }
            fileByID[catalog.id] = file.name
            catalogs.append(catalog)
        }
        return BundledCatalogs(catalogs: catalogs)
    }

    /// Loads every catalog file of a folder; two files with one catalog id are refused.
    public static func load(directory: URL) throws(CatalogLoadError) -> BundledCatalogs {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .compactMap { file in CatalogFormat(fileExtension: file.pathExtension).map { (file, $0) } }
            .sorted { $0.0.lastPathComponent < $1.0.lastPathComponent }
        var loaded: [(name: String, format: CatalogFormat, data: Data)] = []
        for (file, format) in files {
            guard let data = try? Data(contentsOf: file) else {
                throw CatalogLoadError(source: file.lastPathComponent, issues: [
                    CatalogIssue(.syntax, field: "file", message: "The file could not be read."),
                ])
            }
            loaded.append((file.lastPathComponent, format, data))
        }
        return try load(loaded)
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
