import Foundation

/// Thrown when a catalog file is refused. Carries every problem found, so the person fixing the
/// file can fix them all in one pass; nothing from the file is kept.
public struct CatalogLoadError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The file name or other label of what was loaded, for messages.
    public let source: String
    /// All problems, in file order where lines are known.
    public let issues: [CatalogIssue]

    public init(source: String, issues: [CatalogIssue]) {
        self.source = source
        self.issues = issues
    }

    public var description: String {
        let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
        return (["\(source) was not loaded: \(count)."] + issues.map { "  " + $0.description })
            .joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}
