import Foundation

/// One of the three broad areas the CTPAT criteria are grouped into (Corporate Security,
/// Transportation Security, People and Physical Security).
public struct FocusArea: Hashable, Sendable, Identifiable {
    /// A stable snake_case id (`corporate_security`), used in files, URLs and filters.
    public let id: String
    /// The display title (`Corporate Security`).
    public let title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The id a title gets when a file (such as a CSV) names the focus area only by title:
    /// lowercased words joined by `_`, with `&` read as `and`.
    public static func id(forTitle title: String) -> String {
        let words = title.lowercased().replacingOccurrences(of: "&", with: " and ")
            .split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: "_")
    }
}
