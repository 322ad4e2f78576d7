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
/// After each commit that may change access, the access generation moves on, so cached
/// credentials (`AuthCache`) are read again on the very next request.
final class WriteGate: Sendable {
    private let lock = AsyncLock()
    let accessGeneration: AccessGeneration
    /// On a SQLite file, the connection writes go to: not the reading connection of the
    /// request's event loop, so pages read on while a transaction is open (WAL lets readers and
    /// one writer work side by side). Nil elsewhere: the caller's database is used.
    private let writer: (@Sendable (any Database) -> any Database)?
    /// The writer's own thread (a SQLite file): the lock, the transaction and its body run there,
    /// so neither a statement's answer nor the hand-over to the next writer waits behind the
    /// requests queued on the event loops.
    private let executor: WriterThread?
    /// The audit chain's head as committed from here (a SQLite file, where this process is the
    /// only writer while it serves).
    private let auditHead: AuditHead?

    init(accessGeneration: AccessGeneration = AccessGeneration(), writer: (@Sendable (any Database) -> any Database)? = nil,
         executor: WriterThread? = nil, auditHead: AuditHead? = nil) {
        self.accessGeneration = accessGeneration
        self.writer = writer
        self.executor = executor
        self.auditHead = auditHead
    }

    /// Runs `body` in one database transaction while holding the gate. Either everything in it
    /// is saved (changes and their audit entries) or nothing is.
    func transaction<T: Sendable>(on db: any Database, access: AccessEffect = .mayChange,
                                  _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        guard let executor, !db.inTransaction else { return try await locked(on: db, access: access, body) }
        return try await withTaskExecutorPreference(executor) {
            try await self.locked(on: db, access: access, body)
        }
    }

    private func locked<T: Sendable>(on db: any Database, access: AccessEffect,
                                     _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        await lock.lock()
        do {
            let started = ContinuousClock.now
            let target = db.inTransaction ? db : (writer?(db) ?? db)
            let result: T
            do {
                result = try await AuditHead.$current.withValue(auditHead) { try await target.transaction { tx in try await body(tx) } }
                auditHead?.commit()
            } catch {
                auditHead?.forget()
                throw error
            }
            RequestTiming.of(db.logger)?.add(.write, ContinuousClock.now - started)
            // After the commit: a reader that started before it took the old generation and
            // stores nothing that outlives this bump.
            if access == .mayChange { accessGeneration.bump() }
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
        get {
            if let gate = storage[WriteGateKey.self] { return gate }
            let gate = WriteGate()
            storage[WriteGateKey.self] = gate
            return gate
        }
        set { storage[WriteGateKey.self] = newValue }
    }

    private struct AuthCacheKey: StorageKey { typealias Value = AuthCache }

    /// Credentials resolved a moment ago (set up by `configure`, sharing the write gate's
    /// access generation).
    var authCache: AuthCache {
        get {
            if let cache = storage[AuthCacheKey.self] { return cache }
            let cache = AuthCache(generation: writeGate.accessGeneration, lifetimeSeconds: 0)
            storage[AuthCacheKey.self] = cache
            return cache
        }
        set { storage[AuthCacheKey.self] = newValue }
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
    /// Runs a state change in a gated transaction. `access: .unchanged` only for writes that
    /// touch none of accounts, roles, seats, sessions, tokens or company names.
    func write<T: Sendable>(access: AccessEffect = .mayChange, _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        try await application.writeGate.transaction(on: db, access: access, body)
    }

    var now: Date { application.clock.now() }
}
