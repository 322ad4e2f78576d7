import Foundation

/// The file formats a catalog is read from and written to.
public enum CatalogFormat: String, CaseIterable, Sendable, Hashable {
    /// The bundled format: one YAML document per catalog version.
    case yaml
    /// The same document shape as YAML, in JSON.
    case json
    /// One row per criterion; catalog facts in `# key: value` lines above the header.
    case csv

    /// Picks the format from a file extension (`yaml`, `yml`, `json`, `csv`; any case).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
        }
    }

    /// The extension written on export.
    public var fileExtension: String { rawValue }
}
