import Foundation

/// Invisible characters that change how text reads without being seen: a right-to-left override
/// (U+202E) makes `Acme<RLO>fdp.exe` display as `Acmeexe.pdf`, a zero-width space makes two
/// different legal names look the same. Where they are refused depends on the field:
///
/// - **Identifying fields** (names, legal names, titles, emails, identifiers, addresses): every
///   format character (Unicode category Cf: bidi controls, zero-width space/joiners, soft
///   hyphen, byte-order mark, ...) is refused. These fields identify a company or a person on
///   lists, certificates and the audit trail, so two values that look alike must be alike;
///   people retype such a value without the invisible character.
/// - **Free text** (narratives, notes, findings, comments): only the bidirectional embeddings,
///   overrides and isolates (U+202A-U+202E, U+2066-U+2069) are refused, because they reorder
///   the text that follows them. Other format characters stay: the zero-width joiner and
///   non-joiner (U+200D, U+200C) are how Indic, Arabic and Persian words (and emoji) are
///   written, and the direction marks (U+200E, U+200F) only mark a direction, so pasted prose
///   keeps its meaning.
///
/// Control characters (category Cc) are refused in both, as before, except tab, LF and CR.
/// File names are cleaned instead of refused (`EvidenceFileName`), since the name comes from
/// the person's disk rather than from typing.
public enum InvisibleCharacters {
    /// Where a text is used, which decides what is refused in it.
    public enum Use: Sendable {
        case identifying
        case freeText
    }

    /// U+202A-U+202E (embeddings and overrides) and U+2066-U+2069 (isolates).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Whether `scalar` is refused in a text used as `use`; tab, LF and CR are judged elsewhere.
    public static func isRefused(_ scalar: Unicode.Scalar, in use: Use) -> Bool {
        guard scalar.value >= 0x80 || scalar.value < 0x20 || scalar.value == 0x7F else { return false }
        switch scalar.properties.generalCategory {
        case .control: return !(scalar == "\n" || scalar == "\r" || scalar == "\t")
        case .format: return use == .identifying || isBidiControl(scalar)
        default: return false
        }
    }

    /// The first refused format character of `text`, written `U+202E`, for the message; nil
    /// when there is none. (Control characters have their own message.)
    public static func firstRefusedFormat(in text: String, use: Use) -> String? {
        for scalar in text.unicodeScalars where scalar.value >= 0x80 && scalar.properties.generalCategory == .format {
            if isRefused(scalar, in: use) { return "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) }
        }
        return nil
    }

    /// The field error for a refused format character.
    public static func fieldError(_ field: String, character: String, use: Use) -> FieldError {
        let what = use == .identifying ? "invisible formatting characters" : "characters that reverse or reorder text"
        return FieldError(field: field, messageKey: use == .identifying ? "error.invisible_characters" : "error.bidi_controls",
                          message: "\(field) contains \(what) (\(character)); remove them and type the text again",
                          arguments: ["character": character])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
