import Foundation

/// An email address, trimmed and lower-cased so that one person has one account.
public struct EmailAddress: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    /// A pragmatic check: one `@`, a non-empty local part, a domain with a dot, no spaces, no
    /// control or invisible formatting characters, at most 254 characters.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.count <= 254, !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else { return nil }
        // No invisible characters: an address with a zero-width or bidi character looks like
        // another person's (`InvisibleCharacters`).
        guard !trimmed.unicodeScalars.contains(where: { InvisibleCharacters.isRefused($0, in: .identifying) || $0.properties.generalCategory == .control }) else {
            return nil
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else { return nil }
        value = trimmed
    }

    public var description: String { value }

    public static func check(_ text: String?, field: String = "email", into errors: inout [FieldError]) -> EmailAddress? {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty { errors.append(.required(field)); return nil }
        guard let email = EmailAddress(trimmed) else {
            errors.append(FieldError(field: field, messageKey: "error.invalid_email",
                                     message: "\(field) must be an email address like name@example.com"))
            return nil
        }
        return email
    }
}
