import Foundation

/// The rule that slows down password guessing: after `limit` failures within `window`, a key
/// (an account or an address) is refused until `lockout` has passed.
public struct SignInThrottle: Sendable, Equatable {
    public let limit: Int
    public let window: TimeInterval
    public let lockout: TimeInterval

    public init(limit: Int, window: TimeInterval, lockout: TimeInterval) {
        self.limit = limit
        self.window = window
        self.lockout = lockout
    }

    /// The recorded state of one key.
    public struct State: Sendable, Equatable {
        public var failures: Int
        public var windowStartedAt: Date
        public var lockedUntil: Date?

        public init(failures: Int, windowStartedAt: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStartedAt = windowStartedAt
            self.lockedUntil = lockedUntil
        }
    }

    /// Seconds left while a key is locked; nil when it may try.
    public func secondsLocked(_ state: State?, now: Date) -> Int? {
        guard let until = state?.lockedUntil, until > now else { return nil }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    /// The state after one more failure.
    public func recordingFailure(_ state: State?, now: Date) -> State {
        var next = state ?? State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        if now.timeIntervalSince(next.windowStartedAt) > window || (next.lockedUntil.map { $0 <= now } ?? false) {
            next = State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        if next.failures >= limit { next.lockedUntil = now.addingTimeInterval(lockout) }
        return next
    }
}
