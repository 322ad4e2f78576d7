import Foundation

/// Text checks shared by the profile's rules, with the profile's own messages: trim, normalize
/// line ends, refuse control characters and invisible formatting characters, enforce a length.
enum ProfileText {
    /// Whether the text holds a control character; tab, LF and CR are allowed in multi-line text.
    static func hasControlCharacters(_ text: String, multiline: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            return !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }

    /// Checks one text field and returns it trimmed (line ends as LF), or `""` when absent or
    /// refused. `required` is the message for a missing value; `nil` makes the field optional.
    static func check(_ value: String?, field: String, max: Int, multiline: Bool, required: ProfileMessage?,
                      into errors: inout [FieldError]) -> String {
        var text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if multiline, text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if text.isEmpty {
            if let required { errors.append(required.fieldError(field)) }
            return ""
        }
        if hasControlCharacters(text, multiline: multiline) {
            errors.append(ProfileMessage.controlCharacters.fieldError(field))
            return ""
        }
        // Single-line fields (titles, owners, the person responsible) identify something and
        // refuse every invisible format character; multi-line text (narratives, comments)
        // refuses only the bidi overrides and isolates (`InvisibleCharacters`).
        let use: InvisibleCharacters.Use = multiline ? .freeText : .identifying
        if let character = InvisibleCharacters.firstRefusedFormat(in: text, use: use) {
            let message = multiline ? ProfileMessage.bidiControls : ProfileMessage.invisibleCharacters
            errors.append(message.fieldError(field, ["character": character]))
            return ""
        }
        if text.count > max {
            errors.append(ProfileMessage.tooLong.fieldError(field, ["max": String(max)]))
            return ""
        }
        return text
    }
}
