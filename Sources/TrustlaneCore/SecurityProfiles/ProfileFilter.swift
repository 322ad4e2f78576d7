import Foundation

/// Which criteria of a profile the answering page lists: all, only the open ones (not yet met or
/// not applicable), only the open Musts, or only the Musts; within one category; matching a
/// search in the criterion's number, English title or translated title. Parsed from the page's
/// query string, so a filtered list can be bookmarked and works without scripts.
public struct ProfileFilter: Sendable, Hashable {
    public enum Show: String, CaseIterable, Sendable {
        case all, open, openMusts = "open_musts", musts
        public var nameKey: String { "profile.filter.show.\(rawValue)" }
    }

    public var show: Show
    public var category: Int?
    public var text: String

    public init(show: Show = .all, category: Int? = nil, text: String = "") {
        self.show = show
        self.category = category
        self.text = text
    }

    /// Reads the query parameters; unknown values fall back to showing everything, and the
    /// search text is cut to 200 characters.
    public init(show: String?, category: String?, text: String?) {
        self.show = show.flatMap(Show.init(rawValue:)) ?? .all
        self.category = category.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        self.text = String((text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
    }

    /// Whether the filter leaves anything out.
    public var isActive: Bool { show != .all || category != nil || !text.isEmpty }

    /// Whether a criterion with this answer status is listed. `titles` are the criterion's titles
    /// in every language the reader may search in.
    public func matches(_ scoped: ScopedCriterion, status: AnswerStatus, titles: [String]) -> Bool {
        if let category, scoped.criterion.categoryNumber != category { return false }
        switch show {
        case .all: break
        case .open: if status.isComplete { return false }
        case .openMusts: if !scoped.isMust || status.isComplete { return false }
        case .musts: if !scoped.isMust { return false }
        }
        guard !text.isEmpty else { return true }
        let terms = SearchText.terms(text)
        let haystack = SearchText(([scoped.id.rawValue] + titles).joined(separator: " "))
        return haystack.containsAll(terms)
    }

    /// The query string that reproduces this filter (empty when nothing is filtered).
    public var queryString: String {
        var parts: [String] = []
        if show != .all { parts.append("show=\(show.rawValue)") }
        if let category { parts.append("category=\(category)") }
        if !text.isEmpty { parts.append("q=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// The criterion to answer after `current`: the next one in profile order that is still
    /// open, wrapping round to the start; nil when every criterion is complete.
    public static func nextOpen(after current: CriterionID, in order: [ScopedCriterion], status: (CriterionID) -> AnswerStatus) -> ScopedCriterion? {
        guard let index = order.firstIndex(where: { $0.id == current }) else { return order.first { !status($0.id).isComplete } }
        let rotated = order[(index + 1)...] + order[..<index]
        return rotated.first { !status($0.id).isComplete }
    }
}
