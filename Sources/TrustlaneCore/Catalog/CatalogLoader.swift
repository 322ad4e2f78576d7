import Foundation

/// Reads catalogs from YAML, JSON or CSV and checks them. A file with any problem is refused
/// whole: `load` throws a `CatalogLoadError` listing every problem with its line and field.
///
/// YAML and JSON share one document shape (see docs/CATALOG.md); CSV holds the criteria, one
/// per row, with the catalog's facts in `# key: value` lines above the header.
public enum CatalogLoader {
    /// What reading a file produced, whether or not it is acceptable.
    public struct Report: Sendable {
        /// The catalog as read; `nil` when the file could not be read at all.
        public let catalog: Catalog?
        /// Lines of the items of `catalog`.
        public let sourceMap: CatalogSourceMap
        /// Every problem found, ordered by line.
        public let issues: [CatalogIssue]
    }

    /// Loads and checks a catalog from text.
    /// - Parameter source: a name for messages, usually the file name.
    public static func load(_ text: String, format: CatalogFormat, source: String = "catalog") throws(CatalogLoadError) -> Catalog {
        let report = check(text, format: format)
        guard let catalog = report.catalog, report.issues.isEmpty else {
            throw CatalogLoadError(source: source, issues: report.issues)
        }
        return catalog
    }

    /// Loads and checks a catalog from UTF-8 data.
    public static func load(_ data: Data, format: CatalogFormat, source: String = "catalog") throws(CatalogLoadError) -> Catalog {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogLoadError(source: source, issues: [
                CatalogIssue(.syntax, field: "file", message: "The file is not UTF-8 text; save it as UTF-8 and try again."),
            ])
        }
        return try load(text, format: format, source: source)
    }

    /// Loads and checks a catalog file; the format comes from the extension.
    public static func load(contentsOf url: URL) throws(CatalogLoadError) -> Catalog {
        let source = url.lastPathComponent
        guard let format = CatalogFormat(fileExtension: url.pathExtension) else {
            throw CatalogLoadError(source: source, issues: [
                CatalogIssue(.syntax, field: "file", message: "`.\(url.pathExtension)` files are not catalogs; use .yaml, .json or .csv."),
            ])
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogLoadError(source: source, issues: [
                CatalogIssue(.syntax, field: "file", message: "The file could not be read: \(error.localizedDescription)"),
            ])
        }
        return try load(data, format: format, source: source)
    }

    /// Reads and checks without refusing: for previews and a `check` command.
    public static func check(_ text: String, format: CatalogFormat) -> Report {
        let root: CatalogNode
        var formatIssues: [CatalogIssue] = []
        do throws(CatalogIssue) {
            switch format {
            case .yaml: root = try CatalogNode.parseYAML(text)
            case .json: root = try CatalogJSONParser.parse(text)
            case .csv: (root, formatIssues) = try CatalogCSVReader.documentTree(from: text)
            }
        } catch {
            return Report(catalog: nil, sourceMap: CatalogSourceMap(), issues: [error])
        }
        var reader = CatalogDocumentReader()
        let catalog = reader.read(root)
        var issues = formatIssues + reader.issues
        if let catalog {
            // The reader already reported what it could not read; skip the validator's
            // restatement of the same problem.
            let reported = Set(issues.map { "\($0.kind)|\($0.field)|\($0.itemID ?? "")" })
            let checks = CatalogValidator.validate(catalog, sourceMap: reader.sourceMap,
                                                   wholeCatalogChecks: !reader.droppedItems)
            issues += checks.filter { !reported.contains("\($0.kind)|\($0.field)|\($0.itemID ?? "")") }
        }
        if format == .csv { issues = issues.map(CatalogCSVReader.adapt) }
        return Report(catalog: catalog, sourceMap: reader.sourceMap, issues: CatalogValidator.sortedByLine(issues))
    }
}
