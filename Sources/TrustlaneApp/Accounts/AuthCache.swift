import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore

/// Counts changes that may alter who can do what (accounts, roles, seats, sessions, tokens,
/// company names). `WriteGate` bumps it after every committed transaction that does not declare
/// `AccessEffect.unchanged`, and `AuthCache` drops what it read before the last bump.
final class AccessGeneration: Sendable {
    private let value = NIOLockedValueBox<UInt64>(0)
    /// With several processes (`ClusterListener`): whether this one hears the others' changes.
    /// `nil` for one process alone, where every change goes through this process's gate.
    private let listening = NIOLockedValueBox<Bool?>(nil)

    var current: UInt64 { value.withLockedValue { $0 } }

    func bump() { value.withLockedValue { $0 &+= 1 } }

    /// Whether what was cached can be trusted: always with one process; with several, only while
    /// the others' changes are heard.
    var trusted: Bool { listening.withLockedValue { $0 ?? true } }

    func setListening(_ value: Bool) { listening.withLockedValue { $0 = value } }

    /// The stored count of changes of access (`access_generation`) as this process last read it.
    private let stored = NIOLockedValueBox<Int64?>(nil)

    /// Compares the stored count just read with the last one seen: when another process changed
    /// access since, everything cached here is dropped (the local generation moves on).
    func observeStored(_ value: Int64) {
        let changed = stored.withLockedValue { last -> Bool in
            defer { last = value }
            return last != value
        }
        if changed { bump() }
    }

    /// The stored count, read before a cached sign-in is trusted (several processes only).
    static func readStored(on sql: any SQLDatabase) async throws -> Int64 {
        struct Row: Decodable { let generation: Int64 }
        return try await sql.select().column("generation").from("access_generation").where("id", .equal, SQLBind(1))
            .first(decoding: Row.self)?.generation ?? 0
    }

    /// Adds one to the stored count, inside the transaction that changes access.
    static func advanceStored(on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE access_generation SET generation = generation + 1 WHERE id = 1").run()
    }
}

/// Whether a write can change who may do what. Saying `.unchanged` keeps every signed-in person's
/// cached credentials: only the hot writes that touch none of accounts, roles, seats, sessions,
/// tokens or company names say it (saving an answer, for instance). The default is safe.
enum AccessEffect: Sendable {
    case mayChange
    case unchanged
}

/// What one request's credentials resolved to: the person, their seats, and the session or token.
/// Plain values, so one resolution can serve the next requests with the same credentials.
struct AuthSnapshot: Sendable {
    struct Person: Sendable {
        let id: UUID
        let email: String
        let name: String
        let passwordHash: String
        let language: String?
        let timeZone: String?
        let isAdministrator: Bool
        let isReviewer: Bool
        let isConsultant: Bool
        let createdAt: Date?
        let updatedAt: Date?
    }

    let person: Person
    let companies: [CompanySummary]
    /// Sessions only.
    let sessionID: UUID?
    /// Sessions only: the company the person last chose, and, when they have no seat there (an
    /// administrator or reviewer looking at any company), its name.
    let chosenCompany: (id: UUID, name: String)?
    /// Sessions only: the snapshot is no good after this moment of the application clock.
    let expiresAt: Date?
    /// API tokens only.
    let tokenID: UUID?
    let tokenLastUsedAt: Date?
    /// Sessions only: unread in-app notifications (every change to them goes through the gate).
    let unreadNotifications: Int

    /// A fresh model per request: handlers may change and save it, and a cached snapshot must
    /// never be shared between requests as a mutable object.
    func makeUser() -> UserModel {
        let user = UserModel(id: person.id, email: person.email, name: person.name, passwordHash: person.passwordHash,
                             language: person.language, isAdministrator: person.isAdministrator,
                             isReviewer: person.isReviewer, isConsultant: person.isConsultant)
        user.timeZone = person.timeZone
        user.createdAt = person.createdAt
        user.updatedAt = person.updatedAt
        user.$id.exists = true
        return user
    }
}

/// Resolved credentials kept in memory for a few seconds, keyed by the digest of the session or
/// token (never the secret itself). An entry is dropped when it is older than the configured
/// lifetime, when its session expires, or as soon as any write that may change access commits
/// in this process (`AccessGeneration`). Several processes (PostgreSQL) each keep their own:
/// a change made through one reaches the others within the lifetime
/// (`TRUSTLANE_AUTH_CACHE_SECONDS`; 0 turns the cache off).
final class AuthCache: Sendable {
    private struct Entry {
        let snapshot: AuthSnapshot
        let generation: UInt64
        let storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// API token uses not yet written to `api_tokens.last_used_at`.
        var tokenUses: [UUID: Date] = [:]
        /// When each token's use was last recorded, to record at most once a minute.
        var tokenRecorded: [UUID: Date] = [:]
    }

    let generation: AccessGeneration
    let lifetime: Duration
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(generation: AccessGeneration, lifetimeSeconds: Double, capacity: Int = 20_000) {
        self.generation = generation
        lifetime = .milliseconds(Int64(max(0, lifetimeSeconds) * 1000))
        self.capacity = capacity
    }

    var isEnabled: Bool { lifetime > .zero }

    /// The snapshot stored for `key`, if it is still good at `now` (the application clock).
    func lookup(_ key: String, now: Date) -> AuthSnapshot? {
        guard isEnabled, generation.trusted else { return nil }
        let generation = generation.current
        let clock = ContinuousClock.now
        return state.withLockedValue { state in
            guard let entry = state.entries[key] else { return nil }
            if entry.generation != generation || clock - entry.storedAt > lifetime
                || entry.snapshot.expiresAt.map({ $0 <= now }) == true {
                state.entries[key] = nil
                return nil
            }
            return entry.snapshot
        }
    }

    /// Stores what was read from the database. `generation` is the one taken before reading, so
    /// a change committed while the read ran makes the entry stale at once.
    func store(_ snapshot: AuthSnapshot, for key: String, readAt generation: UInt64) {
        guard isEnabled, self.generation.trusted else { return }
        state.withLockedValue { state in
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(snapshot: snapshot, generation: generation, storedAt: .now)
        }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }

    /// Notes that a token was used; written to the database in batches by `flushTokenUses`, so
    /// no request waits for a write. At most one note per token a minute.
    func recordTokenUse(_ tokenID: UUID, lastStored: Date?, now: Date) {
        state.withLockedValue { state in
            let last = state.tokenRecorded[tokenID] ?? lastStored
            guard last.map({ now.timeIntervalSince($0) > 60 }) ?? true else { return }
            if state.tokenRecorded.count >= capacity { state.tokenRecorded.removeAll(keepingCapacity: true) }
            state.tokenRecorded[tokenID] = now
            state.tokenUses[tokenID] = now
        }
    }

    /// Takes the pending token uses out, for writing.
    func takeTokenUses() -> [UUID: Date] {
        state.withLockedValue { state in
            defer { state.tokenUses.removeAll() }
            return state.tokenUses
        }
    }
}
