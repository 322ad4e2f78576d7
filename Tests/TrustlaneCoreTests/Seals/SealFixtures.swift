import Foundation
@testable import TrustlaneCore

enum SealFixtures {
    static func seal(_ text: String) -> SealNumber { try! SealNumber(text) }
    static func range(_ first: String, _ last: String) -> SealRange { try! SealRange(first: seal(first), last: seal(last)) }
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// The four steps in order, a second apart, all fine unless told.
    static func vvtt(failing: Set<VVTTStep> = [], numberRead: String) -> VVTTDraft {
        VVTTDraft(steps: VVTTStep.allCases.enumerated().map { index, step in
            .init(step: step.rawValue, passed: !failing.contains(step), at: start.addingTimeInterval(Double(index)))
        }, numberRead: numberRead)
    }
}

/// A fixed-seed generator (SplitMix64), so random picks are repeatable in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
