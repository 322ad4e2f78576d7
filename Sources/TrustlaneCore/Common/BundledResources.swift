import Foundation

/// The files of TrustlaneCore's `Resources` folder (catalogs, translations, the common-password
/// list), embedded in the binary at build time by the `EmbedResources` plugin: a `trustlane`
/// binary copied anywhere, run from any folder, has them.
public enum BundledResources {
    /// The bytes of a file, by its path under `Resources` (`Catalogs/ctpat-msc-2020.yaml`).
    public static func data(_ path: String) -> Data? {
        EmbeddedFiles.base64[path].flatMap { Data(base64Encoded: $0) }
    }

    /// The paths of the files in a folder (`Catalogs`), sorted.
    public static func paths(in folder: String) -> [String] {
        EmbeddedFiles.base64.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
    }
}
