import Fluent
import SQLKit
import Vapor

/// An async mutex: waiters resume one at a time, in order.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked { locked = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}

/// Every state change runs through here: one transaction at a time from this process, so the
/// audit chain's sequence and hashes are computed without races and SQLite never sees two
/// writers. Across processes on PostgreSQL, the audit append takes an advisory lock as well.
final class WriteGate: Sendable {
    private let lock = AsyncLock()

    /// Runs `body` in one database transaction while holding the gate. Either everything in it
    /// is saved (changes and their audit entries) or nothing is.
    func transaction<T: Sendable>(on db: any Database, _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        await lock.lock()
        do {
            let result = try await db.transaction { tx in try await body(tx) }
            await lock.unlock()
            return result
        } catch {
            await lock.unlock()
            throw error
        }
    }
}

extension Application {
    private struct WriteGateKey: StorageKey { typealias Value = WriteGate }

    var writeGate: WriteGate {
        if let gate = storage[WriteGateKey.self] { return gate }
        let gate = WriteGate()
        storage[WriteGateKey.self] = gate
        return gate
    }

    private struct ClockKey: StorageKey { typealias Value = AppClock }

    /// The clock every rule reads; tests replace it to move time.
    var clock: AppClock {
        get { storage[ClockKey.self] ?? AppClock.system }
        set { storage[ClockKey.self] = newValue }
    }
}

/// Where "now" comes from.
struct AppClock: Sendable {
    let now: @Sendable () -> Date
    static let system = AppClock { Date() }
    static func fixed(_ date: Date) -> AppClock { AppClock { date } }
}

extension Request {
    /// Runs a state change in a gated transaction.
    func write<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        try await application.writeGate.transaction(on: db, body)
    }

    var now: Date { application.clock.now() }
}
