import Foundation

/// How the company's security profile stands in one criteria category, counted by whoever reads
/// the profile (so this module needs nothing from it): the Must criteria not met (count
/// unanswered ones here too: an unknown is not a strength) and those partly met.
public struct CategoryGapCounts: Hashable, Sendable, Codable {
    public let category: MSCCategory
    /// Must criteria of the category not met, or not answered yet.
    public let mustNotMet: Int
    /// Must criteria of the category partly met.
    public let mustPartlyMet: Int

    public init(category: MSCCategory, mustNotMet: Int, mustPartlyMet: Int) {
        self.category = category
        self.mustNotMet = mustNotMet
        self.mustPartlyMet = mustPartlyMet
    }
}
