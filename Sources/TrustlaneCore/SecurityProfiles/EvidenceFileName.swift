import Foundation

/// A file name made safe to store and to send back in a download header: only the last path
/// component, no control or invisible formatting characters (a right-to-left override can
/// disguise `exe` as `pdf`), no characters Windows forbids, no leading or trailing dots and
/// spaces, no Windows device name (`CON.pdf` becomes `_CON.pdf`), at most 200 UTF-8 bytes.
/// Storage never uses it: files are stored by their SHA-256.
public struct EvidenceFileName: Hashable, Sendable, CustomStringConvertible {
    /// The cleaned name.
    public let value: String
    /// The lowercase extension without the dot; empty when the name has none.
    public let fileExtension: String
    /// Whether cleaning changed the name as given.
    public let wasChanged: Bool

    /// Longest cleaned name, in UTF-8 bytes.
    public static let maxBytes = 200

    static let deviceNames: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$"]
        for number in 0...9 {
            names.insert("COM\(number)")
            names.insert("LPT\(number)")
        }
        return names
    }()

    /// Cleans a name as a browser or client sent it; `nil` when nothing usable is left
    /// (empty, only dots, only a path).
    public init?(sanitizing raw: String) {
        let lastComponent = raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
            .last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in lastComponent.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                continue
            default:
                scalars.append("<>:\"|?*".unicodeScalars.contains(scalar) ? "_" : scalar)
            }
        }
        var name = String(scalars).trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: ".")))
        guard !name.isEmpty else { return nil }

        var base = name
        var ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            base = String(name[..<dot]).trimmingCharacters(in: .whitespaces)
            ext = String(name[name.index(after: dot)...])
        }
        let stem = base.split(separator: ".", maxSplits: 1).first.map(String.init) ?? base
        if Self.deviceNames.contains(stem.trimmingCharacters(in: .whitespaces).uppercased()) { base = "_" + base }
        if ext.utf8.count > 16 { ext = "" ; base = name }
        let extPart = ext.isEmpty ? "" : "." + ext
        while base.utf8.count + extPart.utf8.count > Self.maxBytes, !base.isEmpty { base.removeLast() }
        guard !base.isEmpty else { return nil }
        name = base + extPart

        value = name
        fileExtension = ext.lowercased()
        wasChanged = name != raw
    }

    public var description: String { value }
}
