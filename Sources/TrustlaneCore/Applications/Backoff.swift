import Foundation

/// When to retry a failed delivery (email, webhook): exponential delays with a cap and a
/// maximum number of attempts. Deterministic (no jitter): the sender's batches are small and
/// spread by the time each notification was queued.
public struct Backoff: Codable, Sendable, Hashable {
    /// Delay after the first failure: 60 s.
    public var initialDelay: TimeInterval
    /// Each further failure multiplies the delay: 2.
    public var multiplier: Double
    /// The longest delay: 6 h.
    public var maximumDelay: TimeInterval
    /// Attempts in all, the first one included; after that many failures the delivery is given up: 8.
    public var maximumAttempts: Int

    /// 60 s, 2 min, 4 min, ... capped at 6 h, 8 attempts (about 4 h 15 min from first to last).
    public static let standard = Backoff()

    public init(initialDelay: TimeInterval = 60, multiplier: Double = 2, maximumDelay: TimeInterval = 6 * 3600,
                maximumAttempts: Int = 8) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after `failedAttempts` failures (1 for the first); `nil` when no attempt is left.
    public func delay(afterFailedAttempts failedAttempts: Int) -> TimeInterval? {
        guard failedAttempts >= 1, failedAttempts < maximumAttempts else { return nil }
        // Computed by repeated multiplication with an early cap, so huge attempt counts cannot overflow.
        var delay = initialDelay
        for _ in 1..<failedAttempts {
            delay *= multiplier
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }

    /// When to try again after the `failedAttempts`-th failure at `failedAt`; `nil` to give up.
    public func nextAttempt(afterFailedAttempts failedAttempts: Int, failedAt: Date) -> Date? {
        delay(afterFailedAttempts: failedAttempts).map { failedAt.addingTimeInterval($0) }
    }
}
