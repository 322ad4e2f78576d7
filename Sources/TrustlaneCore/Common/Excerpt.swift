import Foundation

/// A short excerpt of a text for a list or a menu: whole words only, ending in "…" when cut,
/// with line breaks folded into spaces.
public enum Excerpt {
    public static func of(_ text: String, maxLength: Int = 60) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard flat.count > maxLength else { return flat }
        let head = flat.prefix(maxLength)
        // Back to the last space, unless the first word alone is longer than the limit.
        let cut = head.lastIndex(where: \.isWhitespace).map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) + "…"
    }
}
