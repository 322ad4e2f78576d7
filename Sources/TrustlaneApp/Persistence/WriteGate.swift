import Fluent
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore
import Vapor

/// Every state change runs through here: one transaction at a time from this process, so the
/// audit chain's sequence and hashes are computed without races and SQLite never sees two
/// writers. Across processes on PostgreSQL, the audit append takes an advisory lock as well.
/// After each commit that may change access, the access generation moves on, so cached
/// credentials (`AuthCache`) are read again on the very next request.
///
/// Group commit: changes that arrive while a transaction is running wait, and the next
/// transaction takes all of them (up to `maxBatch`), each inside a savepoint of its own. One
/// change that fails is undone alone and its caller gets its error; the others commit together,
/// with one sync to disk instead of one each. Nobody hears "saved" before the commit.
final class WriteGate: Sendable {
    let accessGeneration: AccessGeneration
    /// On a SQLite file, the connection writes go to: not the reading connection of the
    /// request's event loop, so pages read on while a transaction is open (WAL lets readers and
    /// one writer work side by side). Nil elsewhere: the first waiting caller's database is used.
    private let writer: (@Sendable (any Database) -> any Database)?
    /// The writer's own thread (a SQLite file): transactions and their bodies run there, so a
    /// statement's answer never waits behind the requests queued on the event loops.
    private let executor: WriterThread?
    /// The audit chain's head as committed from here (a SQLite file, where this process is the
    /// only writer while it serves).
    private let auditHead: AuditHead?
    /// The key audit entries appended through the gate are hashed with (`AuditLog.key`).
    let auditKey: AuditKey?
    /// Whether committed changes of access are announced to other processes (`ClusterNotice`):
    /// on PostgreSQL, where several processes may share the database.
    let announcesChanges: Bool
    /// The most changes one transaction takes.
    static let maxBatch = 64

    /// One caller's change, waiting for its transaction.
    private struct Job: Sendable {
        let db: any Database
        let access: AccessEffect
        /// Runs in a transaction of its own, on SQLite with the foreign keys unchecked (`bulk`).
        let bulk: Bool
        let run: @Sendable (any Database) async throws -> Void
        /// Called once, after the commit (nil) or with the error that undid this change.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct Queue { var waiting: [Job] = []; var running = false; var commits = 0; var changes = 0 }
    private let queue = NIOLockedValueBox(Queue())

    init(accessGeneration: AccessGeneration = AccessGeneration(), writer: (@Sendable (any Database) -> any Database)? = nil,
         executor: WriterThread? = nil, auditHead: AuditHead? = nil, auditKey: AuditKey? = nil, announcesChanges: Bool = false) {
        self.accessGeneration = accessGeneration
        self.announcesChanges = announcesChanges
        self.writer = writer
        self.executor = executor
        self.auditHead = auditHead
        self.auditKey = auditKey
    }

    /// Runs `body` in a database transaction through the gate. Either everything in it is saved
    /// (changes and their audit entries) or nothing is. Called with a database already inside a
    /// transaction, `body` joins that transaction.
    ///
    /// `bulk`: a write of many thousands of rows whose every reference is known good (a partner
    /// import: its company, and the partners it has just written). It runs in a transaction of
    /// its own, and on SQLite the connection checks no foreign keys while it runs (`PRAGMA
    /// foreign_keys` can only change outside a transaction). With the checks on, every
    /// multi-row INSERT kept a statement journal (a copy of each page it changed, to undo that
    /// statement alone) and looked up each row's company: 0.2 s of a 100,000-row import.
    func transaction<T: Sendable>(on db: any Database, access: AccessEffect = .mayChange, bulk: Bool = false,
                                  _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        if db.inTransaction { return try await AuditLog.$key.withValue(auditKey) { try await body(db) } }
        let result = NIOLockedValueBox<T?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(db: db, access: access, bulk: bulk,
                          run: { tx in let value = try await body(tx); result.withLockedValue { $0 = value } },
                          finish: { error in
                              if let error { continuation.resume(throwing: error); return }
                              // Set by `run` whenever it returned, which `finish(nil)` implies.
                              continuation.resume(returning: result.withLockedValue { $0! })
                          })
            let leads = queue.withLockedValue { queue -> Bool in
                queue.waiting.append(job)
                if queue.running { return false }
                queue.running = true
                return true
            }
            guard leads else { return }
            if let executor {
                Task(executorPreference: executor) { await self.drain() }
            } else {
                Task { await self.drain() }
            }
        }
    }

    /// Whether the caller runs on the writer's thread (for tests: a change's body should, from
    /// its first statement to its last). False where there is no such thread.
    var isOnWriterThread: Bool { executor?.isCurrent ?? false }

    /// The audit chain's last entry as this gate knows it without reading it (for tests: on a
    /// SQLite file, the one its last commit appended).
    var knownAuditHead: AuditHead.Link? { auditHead?.last }

    /// Changes waiting for a transaction (for tests and metrics).
    var waiting: Int { queue.withLockedValue { $0.waiting.count } }

    /// Transactions run and the changes they carried, since start: their ratio is the batching.
    var committed: (transactions: Int, changes: Int) { queue.withLockedValue { ($0.commits, $0.changes) } }

    /// Runs transactions until nobody waits.
    private func drain() async {
        while true {
            let batch = queue.withLockedValue { queue -> [Job] in
                // A bulk change goes alone: the changes before it form one batch, it the next.
                var batch = Array(queue.waiting.prefix(Self.maxBatch))
                if let bulk = batch.firstIndex(where: \.bulk) { batch = Array(batch.prefix(bulk == 0 ? 1 : bulk)) }
                queue.waiting.removeFirst(batch.count)
                if batch.isEmpty { queue.running = false } else { queue.commits += 1; queue.changes += batch.count }
                return batch
            }
            if batch.isEmpty { return }
            await run(batch)
        }
    }

    /// Runs `body` on one connection of `db`; on SQLite with `checked: false`, with that
    /// connection's foreign keys unchecked, and checked again after `body` whatever happened. A
    /// connection left unchecked would let later writes break references and skip cascades, so
    /// if the checks do not come back on (the connection still inside a transaction), its
    /// transaction is rolled back and they are set again; failing that, the process stops
    /// rather than write on without them (everything committed is on disk).
    static func withForeignKeys<T: Sendable>(checked: Bool, on db: any Database,
                                             _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !checked, let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await body(db) }
        return try await db.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            let result: Result<T, any Error>
            do { result = .success(try await body(connection)) } catch { result = .failure(error) }
            func checking() async -> Bool {
                _ = try? await sql.raw("PRAGMA foreign_keys = ON").run()
                return (try? await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)) == 1
            }
            if await !checking() {
                connection.logger.critical("The database writer's foreign keys did not come back on after a bulk write; rolling back its open transaction")
                _ = try? await sql.raw("ROLLBACK").run()
                if await !checking() {
                    fatalError("The database writer's foreign keys could not be turned back on; stopping rather than write without them")
                }
            }
            return try result.get()
        }
    }

    private func run(_ batch: [Job]) async {
        let started = ContinuousClock.now
        let target = writer?(batch[0].db) ?? batch[0].db
        let auditHead = auditHead, auditKey = auditKey, announces = announcesChanges, executor = executor
        var failures: [(any Error)?]
        do {
            failures = try await Self.withForeignKeys(checked: !batch[0].bulk, on: target) { target in
                // The driver runs the body in a task of its own, made in a callback of the
                // connection's event loop (SQLiteNIO's `withConnection`): it keeps none of this
                // task's values (the audit key and head) nor the drain's preference for the
                // writer's thread. All three are set again inside: without the preference, every
                // statement's answer waited for an event loop busy with requests, with the gate
                // held; without the head, every audit entry read the chain's last one back.
                try await target.transaction { tx in
                    try await withTaskExecutorPreference(executor) {
                        try await AuditHead.$current.withValue(auditHead) {
                            try await AuditLog.$key.withValue(auditKey) {
                                try await Self.perform(batch, in: tx, auditHead: auditHead, announces: announces)
                            }
                        }
                    }
                }
            }
            auditHead?.commit()
        } catch {
            auditHead?.forget()
            failures = Array(repeating: error, count: batch.count)
        }
        // After the commit: a reader that started before it took the old generation and stores
        // nothing that outlives this bump.
        if batch.contains(where: { $0.access == .mayChange }) { accessGeneration.bump() }
        let took = ContinuousClock.now - started
        for (index, job) in batch.enumerated() {
            RequestTiming.of(job.db.logger)?.add(.write, took)
            job.finish(failures[index])
        }
    }

    /// The batch's changes inside its transaction, each in a savepoint of its own when there are
    /// several: a change that fails is undone alone and its error kept for its caller.
    private static func perform(_ batch: [Job], in tx: any Database, auditHead: AuditHead?, announces: Bool) async throws -> [(any Error)?] {
        var failures: [(any Error)?] = Array(repeating: nil, count: batch.count)
        let sql = tx as! any SQLDatabase
        // Other processes learn of a change of access when (and only if) it commits:
        // the stored count they compare before trusting a cached sign-in moves with it
        // (taken last, so its row is locked only for the commit), and a notice follows.
        let changesAccess = announces && batch.contains(where: { $0.access == .mayChange })
        func announce() async throws {
            guard changesAccess else { return }
            try await AccessGeneration.advanceStored(on: sql)
            try await ClusterNotice.publish(.access, on: tx)
        }
        // One change alone needs no savepoint: its error undoes the transaction.
        if batch.count == 1 { try await batch[0].run(tx); try await announce(); return failures }
        for (index, job) in batch.enumerated() {
            let head = auditHead?.last
            try await sql.raw("SAVEPOINT gate_change").run()
            do {
                try await job.run(tx)
                try await sql.raw("RELEASE SAVEPOINT gate_change").run()
            } catch {
                failures[index] = error
                try await sql.raw("ROLLBACK TO SAVEPOINT gate_change").run()
                try await sql.raw("RELEASE SAVEPOINT gate_change").run()
                auditHead?.rewind(to: head)
            }
        }
        try await announce()
        return failures
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
