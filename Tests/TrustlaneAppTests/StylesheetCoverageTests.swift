import Foundation
import Testing
import TrustlaneCore
@testable import TrustlaneApp

/// Issue 13: meaning carried by a class must have a rule. Every state a view can show (answer,
/// level, claim, deadline, expiry, program status, review thread, screening, progress) has a
/// rule in the stylesheet; every fixed class written in a view either has a rule or is listed
/// below as a hook that needs none.
extension AppTests {
    @Suite struct StylesheetCoverage {
        static let css = String(decoding: Stylesheet.bytes, as: UTF8.self)

        /// The selectors of the stylesheet's rules, as class names.
        static let ruled: Set<String> = {
            var names = Set<String>()
            let scalars = Array(css.unicodeScalars)
            var index = 0
            var inComment = false
            while index < scalars.count {
                if !inComment && scalars[index] == "/" && index + 1 < scalars.count && scalars[index + 1] == "*" { inComment = true; index += 2; continue }
                if inComment { if scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/" { inComment = false; index += 2 } else { index += 1 }; continue }
                if scalars[index] == "." && index + 1 < scalars.count, CharacterSet.letters.contains(scalars[index + 1]) {
                    var name = ""
                    index += 1
                    while index < scalars.count, CharacterSet.alphanumerics.contains(scalars[index]) || scalars[index] == "-" || scalars[index] == "_" {
                        name.unicodeScalars.append(scalars[index]); index += 1
                    }
                    names.insert(name)
                    continue
                }
                index += 1
            }
            return names
        }()

        @Test func everyStateAViewCanShowHasARule() {
            var states: [String] = []
            states += AnswerStatus.allCases.map { "answer-\($0.rawValue)" }
            states += CriterionLevel.allCases.map { "level-\($0.rawValue)" }
            states += NotApplicableClaimState.allCases.map { "claim-\($0.rawValue)" }
            states += ClockState.allCases.map { "clock-\($0.rawValue)" }
            states += [EvidenceExpiryStatus.valid, .expiringSoon(daysLeft: 1), .expired(daysAgo: 1)].map { "expiry-\($0.name)" }
            states += VerifiedStatus.allCases.map { "status-\($0.rawValue)" }
            states += ReviewCommentKind.allCases.map { "kind-\($0.rawValue)" }
            states += ["open", "answered", "closed"].map { "request-\($0)" }
            states += ThreatScreening.Status.allCases.map { "screening-\($0.rawValue)" }
            states += CatalogSource.Kind.allCases.map { "source-\($0.rawValue)" }
            states += ["low", "medium", "high", "unrated"].map { "risk-\($0)" }
            states += stride(from: 0, through: 100, by: 5).map { "w\($0)" }
            states += ["sent", "answered", "revoked", "expired"].map { "questionnaire-\($0)" }
            states += SealState.allCases.map { "seal-\($0.rawValue)" }
            states += ["overdue", "unread", "internal", "bar", "fill", "pct", "flash-success", "flash-error", "flash-info"]
            let missing = states.filter { !Self.ruled.contains($0) }
            #expect(missing.isEmpty, "states without a rule in trustlane.css: \(missing)")
        }

        /// Classes that are hooks for tests, print or structure and need no rule of their own.
        static let hooks: Set<String> = [
            "filters", "decision-reasons", "condition", "reports", "reasons", "history", "evidence", "criteria", "chain",
            "category", "types", "transition", "tier-benefits", "tier", "threat-categories", "sources", "snapshot-entry", "sites",
            "risk-matrix", "result", "response", "request", "report-chain", "question", "printable", "print-entry", "print-category",
            "overview-grid", "membership", "internal-note", "findings", "finding-response", "evidence-assessment", "diff",
            "declaration", "csv-import", "criterion", "coverage", "comments", "close-finding", "clocks", "claim", "chain-change",
            "audit", "annual-review", "agreement",
        ]

        @Test func everyFixedClassInTheViewsHasARuleOrIsAHook() throws {
            let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/TrustlaneApp")
            var used = Set<String>()
            let walk = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
            while let url = walk?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                // class="a b" and class=\"a b\" in Swift string literals; interpolated parts are skipped.
                for part in text.components(separatedBy: "class=").dropFirst() {
                    var value = Substring(part)
                    if value.hasPrefix("\\\"") { value = value.dropFirst(2) } else if value.hasPrefix("\"") { value = value.dropFirst() } else { continue }
                    guard let end = value.firstIndex(where: { $0 == "\"" || $0 == "\\" }) else { continue }
                    var tokens = value[..<end].split(separator: " ", omittingEmptySubsequences: false)
                    // `fill w\(step)`: the token an interpolation continues is a prefix, not a class.
                    if value[end] == "\\", value[value.index(after: end)] == "(" { tokens = tokens.dropLast() }
                    for token in tokens where !token.isEmpty && !token.hasSuffix("-") {
                        used.insert(String(token))
                    }
                }
            }
            #expect(used.count > 80, "the scan found the views' classes (\(used.count))")
            let missing = used.subtracting(Self.ruled).subtracting(Self.hooks).sorted()
            #expect(missing.isEmpty, "classes used in views with no rule in trustlane.css and not listed as hooks: \(missing)")
            let stale = Self.hooks.subtracting(used).sorted()
            #expect(stale.isEmpty, "hooks no view uses any more: \(stale)")
        }
    }
}
