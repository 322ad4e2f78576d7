import Foundation

/// The rule that slows down password guessing: after `limit` attempts that were not a success
/// within `window`, an account is refused until `lockout` has passed; an address is slowed
/// down instead (`slowdown`). Each attempt is counted before its password is checked, so
/// attempts sent at once cannot all be checked against the same stale count.
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

    /// The state after one more attempt on an address, which is never locked (one address can
    /// be a whole office behind a proxy): failures only add up within the window.
    public func recordingAttempt(_ state: State?, now: Date) -> State {
        var next = state ?? State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        if now.timeIntervalSince(next.windowStartedAt) > window {
            next = State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        next.lockedUntil = nil
        return next
    }

    /// How long to hold an attempt from an address past its limit before checking it: `step`
    /// for each attempt over the limit, at most `cap`. A correct password still gets in, later.
    public func slowdown(_ state: State, step: TimeInterval, cap: TimeInterval) -> TimeInterval {
        let over = state.failures - limit
        guard over > 0, step > 0 else { return 0 }
        return min(cap, step * TimeInterval(over))
    }
}
