import Foundation

/// Where a "come back here after signing in" link may lead: only a path on this site.
///
/// Browsers are lenient: they drop tabs and newlines from URLs, treat `\` as `/`, and read
/// `//host` as another site, so `/\t/evil.example` becomes `//evil.example`. A target is
/// accepted only when it is plain printable ASCII with no backslash, starts with one `/`, still
/// does after percent-decoding, and a URL parser resolves it to the same origin.
public enum LocalRedirect {
    /// The path itself when it is a safe same-site target, otherwise nil.
    public static func path(_ candidate: String) -> String? {
        guard candidate.utf8.count <= 2048, isPlain(candidate), startsWithOneSlash(candidate) else { return nil }
        // `%2F%2Fevil.example` or `%5C` decode into what the checks above refuse.
        if let decoded = candidate.removingPercentEncoding {
            guard hasNoControlsOrBackslash(decoded), startsWithOneSlash(decoded) else { return nil }
        }
        let origin = "https://origin.invalid"
        guard let resolved = URL(string: candidate, relativeTo: URL(string: origin)!)?.absoluteURL,
              resolved.scheme == "https", resolved.host == "origin.invalid", resolved.port == nil, resolved.user == nil else { return nil }
        return candidate
    }

    /// Whether the path is a safe same-site target.
    public static func isLocal(_ candidate: String) -> Bool { path(candidate) != nil }

    /// Printable ASCII (0x21-0x7E) without a backslash: no controls, no whitespace of any kind,
    /// no look-alike slashes (U+2215, U+2044, U+FF0F ...), since every non-ASCII character is out.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "\\") }
    }

    /// After percent-decoding, encoded UTF-8 is fine (`/%C3%A9t%C3%A9`), but not a control
    /// character, whitespace or a backslash.
    static func hasNoControlsOrBackslash(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar != "\\" && !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                && scalar.properties.generalCategory != .format
        }
    }

    static func startsWithOneSlash(_ text: String) -> Bool {
        text.hasPrefix("/") && !text.hasPrefix("//")
    }
}
