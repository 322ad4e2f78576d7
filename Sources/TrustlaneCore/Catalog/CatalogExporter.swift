import Foundation

/// Writes catalogs back out: YAML and JSON in the document shape the loader reads, CSV in the
/// row shape (criteria only), and OSCAL catalog JSON for other compliance tools.
/// Output is deterministic: the same catalog always gives the same text.
public enum CatalogExporter {
    /// The catalog in a loadable format.
    public static func export(_ catalog: Catalog, as format: CatalogFormat) throws -> String {
        switch format {
        case .yaml: try yaml(catalog)
        case .json: json(catalog)
        case .csv: csv(catalog)
        }
    }

    /// The catalog as YAML, the bundled format.
    public static func yaml(_ catalog: Catalog) throws -> String {
        try CatalogDocumentWriter.document(catalog).yamlText()
    }

    /// The catalog as JSON, in the same shape as YAML.
    public static func json(_ catalog: Catalog) -> String {
        CatalogDocumentWriter.document(catalog).jsonText()
    }

    /// The criteria as CSV, catalog facts in `#` lines above the header. Eligibility questions
    /// are not part of CSV.
    public static func csv(_ catalog: Catalog) -> String {
        CatalogCSVWriter.csv(catalog)
    }

    /// The catalog as an OSCAL 1.1 catalog in JSON: focus areas and categories as nested groups,
    /// criteria as controls with `statement` and `guidance` parts, and level, entity types,
    /// verification and condition as props in the `oscalNamespace`.
    public static func oscalJSON(_ catalog: Catalog) -> String {
        CatalogOSCALWriter.document(catalog).jsonText()
    }

    /// The namespace of Trustlane's own OSCAL props and parts.
    public static let oscalNamespace = "https://trustlane.app/ns/oscal"
    /// The OSCAL version the export follows.
    public static let oscalVersion = "1.1.2"
}
