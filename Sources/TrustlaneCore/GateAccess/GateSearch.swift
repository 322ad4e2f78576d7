import Foundation

/// How the gate's logs are searched by name or plate (issue 17: a guard looks someone up at
/// the gate). Names and plates are stored with a search key beside them, kept on write and
/// indexed, so a search reads a range of an index rather than every row:
/// - a name's key is its letters folded to lower case without accents, spaces folded to one
///   (`José  Pérez` is `jose perez`);
/// - a plate's key keeps its letters and digits only, lower case (`B 1234-XY` is `b1234xy`).
/// A search matches the start of the name or of the plate.
public enum GateSearch {
    public static let minLength = 2
    public static let maxLength = 60
    /// Results of each kind a search returns, newest first.
    public static let limit = 50

    public static func nameKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    public static func plateKey(_ plate: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in plate.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9": out.append(scalar)
            case "A"..."Z": out.append(Unicode.Scalar(scalar.value + 32)!)
            default:
                // Letters of other scripts stay, lower-cased; spaces, dashes and dots go.
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    out.append(contentsOf: String(scalar).lowercased().unicodeScalars)
                }
            }
        }
        return String(out)
    }

    /// The keys a search looks up, or the problem with the search text.
    public struct Terms: Equatable, Sendable {
        /// The start of a name's key.
        public let name: String
        /// The start of a plate's key; nil when the text holds no letter or digit.
        public let plate: String?
    }

    public static func terms(_ text: String?, field: String = "q") -> Result<Terms, FieldError> {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if (text ?? "").unicodeScalars.count > maxLength {
            return .failure(.tooLong(field, max: maxLength))
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(FieldError(field: field, messageKey: "error.control_characters", message: "\(field) contains control characters"))
        }
        let name = nameKey(trimmed)
        guard name.unicodeScalars.count >= minLength else {
            return .failure(FieldError(field: field, messageKey: "gate.error.search_short",
                                       message: "\(field) needs at least \(minLength) letters or digits of a name or a plate",
                                       arguments: ["min": String(minLength)]))
        }
        let plate = plateKey(trimmed)
        return .success(Terms(name: name, plate: plate.isEmpty ? nil : plate))
    }

    /// The range of keys that start with `prefix`: `key >= lower AND key < upper`. The upper
    /// bound is the prefix with its last character raised by one, which orders after every key
    /// that starts with the prefix under binary comparison (SQLite's, and PostgreSQL's C
    /// collation); an index on the key answers the range without reading other rows.
    public static func prefixRange(_ prefix: String) -> (lower: String, upper: String) {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var value = last.value + 1
            // Skip the surrogate range, which holds no scalars.
            if (0xD800...0xDFFF).contains(value) { value = 0xE000 }
            if let raised = Unicode.Scalar(value) {
                var upper = String.UnicodeScalarView()
                upper.append(contentsOf: scalars)
                upper.append(raised)
                return (prefix, String(upper))
            }
        }
        // Only U+10FFFF characters: no upper bound below every string; the largest there is.
        return (prefix, prefix + "\u{10FFFF}")
    }
}
