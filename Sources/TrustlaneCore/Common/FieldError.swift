import Foundation

/// A problem with one field of some input, worded for the person who typed it.
/// `messageKey` is a localization key for pages; `message` is the English text for the API.
public struct FieldError: Error, Equatable, Sendable, Codable {
    public let field: String
    public let messageKey: String
    public let message: String
    public let arguments: [String: String]

    public init(field: String, messageKey: String, message: String, arguments: [String: String] = [:]) {
        self.field = field
        self.messageKey = messageKey
        self.message = message
        self.arguments = arguments
    }

    public static func required(_ field: String) -> FieldError {
        FieldError(field: field, messageKey: "error.required", message: "\(field) is required")
    }

    public static func tooLong(_ field: String, max: Int) -> FieldError {
        FieldError(field: field, messageKey: "error.too_long", message: "\(field) must be at most \(max) characters",
                   arguments: ["max": String(max)])
    }
}

/// All the problems found in one input. Thrown so that nothing is saved.
public struct ValidationFailure: Error, Equatable, Sendable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }

    public func message(for field: String) -> FieldError? { errors.first { $0.field == field } }
}

/// Small checks shared by every form and API body.
public enum Check {
    static func isPlainASCII(_ value: String, max: Int) -> Bool {
        let utf8 = value.utf8
        guard utf8.count <= max, let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20 else { return false }
        for byte in utf8 where byte < 0x20 || byte > 0x7E { return false }
        return true
    }

    /// Trims and checks a required text field's presence and length, and refuses control
    /// characters and invisible formatting characters: every format character in an
    /// identifying field (the default), the bidi overrides and isolates in free text
    /// (`InvisibleCharacters` says why).
    public static func text(_ value: String?, field: String, max: Int, required: Bool = true,
                            use: InvisibleCharacters.Use = .identifying,
                            into errors: inout [FieldError]) -> String? {
        // Fast path: plain printable ASCII, not padded, within the limit is already what the
        // checks below would return (Foundation's trimming costs about a microsecond a field).
        if let value, isPlainASCII(value, max: max) { return value }
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            if required { errors.append(.required(field)) }
            return nil
        }
        // Counted in Unicode scalars, as JSON Schema's maxLength counts: a run of combining
        // marks or emoji modifiers is one character on screen but many in the stored text.
        if trimmed.unicodeScalars.count > max {
            errors.append(.tooLong(field, max: max))
            return nil
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            errors.append(FieldError(field: field, messageKey: "error.control_characters",
                                     message: "\(field) contains control characters"))
            return nil
        }
        if let character = InvisibleCharacters.firstRefusedFormat(in: trimmed, use: use) {
            errors.append(InvisibleCharacters.fieldError(field, character: character, use: use))
            return nil
        }
        return trimmed
    }
}

extension ValidationFailure {
    /// The same problems with their fields renamed (a form's `due_date` as the JSON body's
    /// `dueDate`), in the field and at the start of the message that names it.
    public func renamingFields(_ names: [String: String]) -> ValidationFailure {
        ValidationFailure(errors.map { error in
            guard let name = names[error.field], name != error.field else { return error }
            return FieldError(field: name, messageKey: error.messageKey,
                              message: error.message.hasPrefix(error.field) ? name + error.message.dropFirst(error.field.count) : error.message,
                              arguments: error.arguments)
        })
    }
}
