import Crypto
import Foundation

/// The key a phone gives a submission it may send more than once (issue 16): a form kept on the
/// phone while there was no network and sent when it returned, or sent again because the first
/// answer was lost. The server records a submission once per key and company; the same key sent
/// again answers with what the first one recorded.
public enum ClientKey {
    public static let maxLength = 100

    /// The key, trimmed; nil when none was given. Refused by name: more than `maxLength`
    /// characters, or anything but ASCII letters, digits, '-' and '_'.
    public static func parse(_ text: String?, field: String = "client_key", into errors: inout [FieldError]) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard text.count <= maxLength, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            errors.append(FieldError(field: field, messageKey: "error.client_key",
                                     message: "\(field) must be up to \(maxLength) letters, digits, '-' or '_'",
                                     arguments: ["max": String(maxLength)]))
            return nil
        }
        return text
    }

    /// The key, or a `ValidationFailure` naming the field.
    public static func parse(_ text: String?, field: String = "client_key") throws -> String? {
        var errors: [FieldError] = []
        let key = parse(text, field: field, into: &errors)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return key
    }

    /// A digest of what a keyed submission said: SHA-256 over its fields sorted by name, each
    /// written `name`, its length and its value (absent: `-`), so no two contents share a form.
    /// Photos are given by `hash(of:)`. A key sent again with another digest is not a repeat.
    public static func digest(_ fields: [String: String?]) -> String {
        var canonical = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            canonical += name + "=" + (value.map { "\($0.utf8.count):" + $0 } ?? "-") + "\n"
        }
        return hash(of: Data(canonical.utf8))
    }

    /// A file's SHA-256, in lowercase hex.
    public static func hash(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
