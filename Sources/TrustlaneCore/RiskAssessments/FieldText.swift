import Foundation

/// `Check.text` with a fast path: a value that is plain printable ASCII, not empty, without
/// spaces at either end and within the length limit comes back as it is; anything else goes
/// to `Check.text`, so results and errors are exactly the same. Maps of thousands of nodes check
/// tens of thousands of fields, and Foundation's trimming costs about a microsecond each.
enum FieldText {
    @inline(__always)
    static func check(_ value: String?, field: @autoclosure () -> String, max: Int, required: Bool = true,
                      into errors: inout [FieldError]) -> String? {
        if let value, isPlain(value, max: max) { return value }
        return Check.text(value, field: field(), max: max, required: required, into: &errors)
    }

    static func isPlain(_ value: String, max: Int) -> Bool {
        let utf8 = value.utf8
        guard utf8.count <= max, let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20 else { return false }
        for byte in utf8 where byte < 0x20 || byte > 0x7E { return false }
        return true
    }
}
