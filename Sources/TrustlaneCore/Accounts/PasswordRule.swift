import Foundation

/// What a password is checked against besides itself (NIST SP 800-63B 5.1.1.2: context-specific
/// words): the account's email and its local part, the person's name, and on a change the
/// current password. The service's own names are always included.
public struct PasswordContext: Sendable {
    public var email: String?
    public var name: String?
    public var currentPassword: String?

    public init(email: String? = nil, name: String? = nil, currentPassword: String? = nil) {
        self.email = email
        self.name = name
        self.currentPassword = currentPassword
    }

    /// Words a password must not be built on: the service's names.
    public static let serviceWords = ["trustlane", "ctpat", "customstradepartnership"]
}

/// The password rule (NIST SP 800-63B): long enough to resist guessing, short enough for Bcrypt
/// (72 bytes), not only spaces, not a commonly used password (the bundled blocklist, compared
/// case-insensitively, plus one character or a short unit repeated), and not built on the
/// account's email, the person's name, the service's name or the current password. No
/// composition rules, as NIST advises. Messages name the field and the reason, never the password.
public enum PasswordRule {
    public static let minimumLength = 12
    public static let maximumBytes = 72
    /// A password with a context word taken out must keep at least this many letters and digits:
    /// `AnaLopez2026!` for Ana Lopez keeps `2026` and is refused.
    static let minimumOwnCharacters = 6

    public static func check(_ password: String?, confirmation: String?, field: String = "password",
                             context: PasswordContext = PasswordContext(), into errors: inout [FieldError]) -> String? {
        let value = password ?? ""
        if value.isEmpty { errors.append(.required(field)); return nil }
        if value.allSatisfy({ $0.isWhitespace }) {
            errors.append(FieldError(field: field, messageKey: "error.password_blank",
                                     message: "\(field) must not be only spaces; use a phrase of at least \(minimumLength) characters",
                                     arguments: ["min": String(minimumLength)]))
            return nil
        }
        if value.count < minimumLength {
            errors.append(FieldError(field: field, messageKey: "error.password_too_short",
                                     message: "\(field) must be at least \(minimumLength) characters",
                                     arguments: ["min": String(minimumLength)]))
            return nil
        }
        if value.utf8.count > maximumBytes {
            errors.append(FieldError(field: field, messageKey: "error.password_too_long",
                                     message: "\(field) must be at most \(maximumBytes) bytes",
                                     arguments: ["max": String(maximumBytes)]))
            return nil
        }
        if let problem = contextProblem(value, context: context, field: field) {
            errors.append(problem)
            return nil
        }
        if isCommon(value) {
            errors.append(FieldError(field: field, messageKey: "error.password_common",
                                     message: "\(field) is a commonly used password (or a repeated pattern) that attackers try first; choose another, for example a phrase of several unrelated words"))
            return nil
        }
        if let confirmation, confirmation != value {
            errors.append(FieldError(field: "\(field)_confirmation", messageKey: "error.password_mismatch",
                                     message: "\(field)_confirmation does not match \(field)"))
            return nil
        }
        return value
    }

    /// Whether the password is on the blocklist or is one character, or a unit of up to four
    /// characters, repeated (`aaaaaaaaaaaa`, `abababababab`, `123123123123`).
    public static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if CommonPasswords.shared.contains(lowered) { return true }
        let characters = Array(lowered)
        for unit in 1...4 where characters.count >= unit * 3 {
            if characters.indices.allSatisfy({ characters[$0] == characters[$0 % unit] }) { return true }
        }
        return false
    }

    /// Letters and digits only, lower-cased: `Ana.Lopez-2026!` becomes `analopez2026`.
    static func folded(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Whether `password` is essentially `word`: with every occurrence of it removed, fewer than
    /// `minimumOwnCharacters` letters and digits are left.
    static func isBuilt(on word: String, _ password: String) -> Bool {
        guard word.count >= 3, password.contains(word) else { return false }
        return password.replacingOccurrences(of: word, with: "").count < minimumOwnCharacters
    }

    static func contextProblem(_ password: String, context: PasswordContext, field: String) -> FieldError? {
        if let current = context.currentPassword, !current.isEmpty, current.lowercased() == password.lowercased() {
            return FieldError(field: field, messageKey: "error.password_is_current",
                              message: "\(field) must differ from your current password")
        }
        let folded = Self.folded(password)
        if let email = context.email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty {
            let local = String(email.split(separator: "@", maxSplits: 1).first ?? "")
            if password.lowercased().contains(email) || isBuilt(on: Self.folded(email), folded) || isBuilt(on: Self.folded(local), folded) {
                return FieldError(field: field, messageKey: "error.password_has_email",
                                  message: "\(field) must not be based on your email address")
            }
        }
        if let name = context.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            let parts = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { Self.folded(String($0)) }
            var rest = folded
            for part in ([Self.folded(name)] + parts).filter({ $0.count >= 3 }) {
                rest = rest.replacingOccurrences(of: part, with: "")
            }
            if rest.count < folded.count, rest.count < minimumOwnCharacters {
                return FieldError(field: field, messageKey: "error.password_has_name",
                                  message: "\(field) must not be based on your name")
            }
        }
        if PasswordContext.serviceWords.contains(where: { isBuilt(on: $0, folded) }) {
            return FieldError(field: field, messageKey: "error.password_has_service_name",
                              message: "\(field) must not be based on the name of this service (Trustlane, CTPAT)")
        }
        return nil
    }
}

/// The bundled blocklist of common passwords (`Resources/Passwords/common-passwords.txt`,
/// written by `scripts/common_passwords.py`): lower-case, at least 12 characters, one a line.
public final class CommonPasswords: Sendable {
    public static let shared = CommonPasswords()

    private let passwords: Set<String>

    public init(passwords: Set<String>) { self.passwords = passwords }

    private convenience init() {
        let text = BundledResources.data("Passwords/common-passwords.txt").map { String(decoding: $0, as: UTF8.self) } ?? ""
        self.init(passwords: Set(text.split(separator: "\n").map { String($0).lowercased() }))
    }

    public var count: Int { passwords.count }

    public func contains(_ lowered: String) -> Bool { passwords.contains(lowered) }
}
