import Foundation

/// `Check.text` with the field name built only when an error needs it: maps of thousands of
/// nodes check tens of thousands of fields.
enum FieldText {
    @inline(__always)
    static func check(_ value: String?, field: @autoclosure () -> String, max: Int, required: Bool = true,
                      use: InvisibleCharacters.Use = .identifying, into errors: inout [FieldError]) -> String? {
        if let value, Check.isPlainASCII(value, max: max) { return value }
        return Check.text(value, field: field(), max: max, required: required, use: use, into: &errors)
    }
}
