import Foundation

/// A user-facing message of the security profile rules: a localization key for pages and an
/// English template for the API, both with `{name}` placeholders filled from arguments.
/// Every message lives in `ProfileMessage+Catalog.swift`, so the localization files can be
/// checked against one list.
public struct ProfileMessage: Hashable, Sendable {
    /// The localization key (`profile.error.narrative_required`).
    public let key: String
    /// The English template (`Describe how the company meets this criterion.`).
    public let english: String

    public init(key: String, english: String) {
        self.key = key
        self.english = english
    }

    /// The English text with `{name}` placeholders replaced by the arguments.
    public func render(_ arguments: [String: String] = [:]) -> String {
        guard !arguments.isEmpty, english.contains("{") else { return english }
        var text = english
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The message as a problem with one field.
    public func fieldError(_ field: String, _ arguments: [String: String] = [:]) -> FieldError {
        FieldError(field: field, messageKey: key, message: render(arguments), arguments: arguments)
    }
}
