import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// List snapshots in the database and their screening indexes in memory. A snapshot's entries
/// are stored with it, so after a restart the index of each current snapshot is rebuilt from the
/// tables at its first use and then kept in the application's storage, keyed by snapshot id
/// (a snapshot never changes once imported; a superseded one is dropped from the cache).
struct DeniedPartyListStore {
    let app: Application
    let sql: any SQLDatabase

    init(app: Application, db: any Database) {
        self.app = app
        sql = db as! any SQLDatabase
    }

    /// One snapshot as the pages and the service read it.
    struct Snapshot: Decodable, Sendable {
        let id: UUID
        let kind: String
        let source: String
        let published_on: String
        let files_sha256: String
        let entry_count: Int
        let threshold: Double
        let imported_by: UUID?
        let imported_at: Date
        let superseded_at: Date?

        var listKind: ScreeningListKind? { ScreeningListKind(rawValue: kind) }
        var isCurrent: Bool { superseded_at == nil }
        /// `(file, sha256)` pairs in upload order.
        var files: [(name: String, sha256: String)] {
            files_sha256.split(separator: "\n").map { line in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
            }
        }
    }

    /// A current snapshot ready for screening: its row, its index and the entry numbers it holds.
    struct Loaded: Sendable {
        let snapshot: Snapshot
        let index: ScreeningIndex
        let numbers: Set<String>
        let fingerprints: [String: String]

        init(_ snapshot: Snapshot, list: DeniedPartyList) {
            self.snapshot = snapshot
            index = ScreeningIndex(list)
            numbers = Set(list.entries.map(\.number))
            var fingerprints: [String: String] = [:]
            for entry in list.entries { fingerprints[entry.number] = ScreeningFingerprint.entry(entry) }
            self.fingerprints = fingerprints
        }
    }

    static let columns = "id, kind, source, published_on, files_sha256, entry_count, threshold, imported_by, imported_at, superseded_at"

    func current() async throws -> [Snapshot] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM screening_snapshots WHERE superseded_at IS NULL ORDER BY kind")
            .all(decoding: Snapshot.self)
    }

    func snapshot(_ id: UUID) async throws -> Snapshot? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM screening_snapshots WHERE id = \(bind: id)").first(decoding: Snapshot.self)
    }

    /// The newest snapshots first (the admin page and the API).
    func recent(limit: Int = 100) async throws -> [Snapshot] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM screening_snapshots ORDER BY imported_at DESC, id LIMIT \(literal: limit)")
            .all(decoding: Snapshot.self)
    }

    /// Every current snapshot with its index, built from the tables where the cache lacks it.
    func loadCurrent() async throws -> [Loaded] {
        let snapshots = try await current()
        var out: [Loaded] = []
        for snapshot in snapshots {
            if let cached = app.screeningIndexes.get(snapshot.id) {
                out.append(cached)
                continue
            }
            let loaded = Loaded(snapshot, list: try await list(snapshot))
            app.screeningIndexes.put(loaded, keep: Set(snapshots.map(\.id)))
            out.append(loaded)
        }
        return out
    }

    private struct EntryRow: Decodable {
        let number: String
        let name: String
        let type: String
        let programs: String
        let aliases: String
        let addresses: String
        let remarks: String
        let source: String
        let listed_on: String?
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// A snapshot's entries as the list they were read from.
    func list(_ snapshot: Snapshot) async throws -> DeniedPartyList {
        let rows = try await sql.raw("""
        SELECT number, name, type, programs, aliases, addresses, remarks, source, listed_on FROM screening_entries
        WHERE snapshot_id = \(bind: snapshot.id) ORDER BY position
        """).all(decoding: EntryRow.self)
        let entries = rows.map { row in
            DeniedPartyList.Entry(number: row.number, name: row.name, type: row.type, programs: Self.lines(row.programs), aliases: Self.lines(row.aliases),
                                  addresses: Self.lines(row.addresses).map { line in
                                      let parts = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                                      return DeniedPartyList.Address(street: parts.first ?? "", cityLine: parts.count > 1 ? parts[1] : "",
                                                                     country: parts.count > 2 ? parts[2] : "")
                                  },
                                  remarks: row.remarks, source: row.source, listedOn: row.listed_on.flatMap(ProgramDay.init))
        }
        return DeniedPartyList(source: snapshot.source, entries: entries)
    }

    /// Rows per INSERT of entries (11 binds a row, within SQLite's and PostgreSQL's limits).
    static let batch = 500

    /// Stores a list's entries under a snapshot (inside the caller's transaction).
    static func insertEntries(_ list: DeniedPartyList, snapshot: UUID, on sql: any SQLDatabase) async throws {
        // A line break inside a value would split it when read back: lists put none there, but a
        // file may; they become spaces.
        func flat(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") }
        for start in stride(from: 0, to: list.entries.count, by: batch) {
            var insert = sql.insert(into: "screening_entries")
                .columns("snapshot_id", "position", "number", "name", "type", "programs", "aliases", "addresses", "remarks", "source", "listed_on")
            for position in start..<min(start + batch, list.entries.count) {
                let entry = list.entries[position]
                let addresses = entry.addresses.map { [flat($0.street), flat($0.cityLine), flat($0.country)].joined(separator: "\u{1F}") }
                insert = insert.values(SQLBind(snapshot), SQLBind(position), SQLBind(entry.number), SQLBind(flat(entry.name)), SQLBind(entry.type),
                                       SQLBind(entry.programs.map(flat).joined(separator: "\n")), SQLBind(entry.aliases.map(flat).joined(separator: "\n")),
                                       SQLBind(addresses.joined(separator: "\n")), SQLBind(flat(entry.remarks)), SQLBind(entry.source),
                                       SQLBind(entry.listedOn?.description))
            }
            try await insert.run()
        }
    }
}

/// The indexes of current snapshots, built once per snapshot and process.
final class ScreeningIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: [UUID: DeniedPartyListStore.Loaded] = [:]

    func get(_ id: UUID) -> DeniedPartyListStore.Loaded? { lock.withLock { loaded[id] } }

    /// Adds one and drops every snapshot not in `keep` (superseded since).
    func put(_ value: DeniedPartyListStore.Loaded, keep: Set<UUID>) {
        lock.withLock {
            loaded = loaded.filter { keep.contains($0.key) }
            loaded[value.snapshot.id] = value
        }
    }

    func removeAll() { lock.withLock { loaded = [:] } }
}

extension Application {
    private struct ScreeningIndexCacheKey: StorageKey { typealias Value = ScreeningIndexCache }

    /// Set up in `configure`, before anything runs concurrently.
    var screeningIndexes: ScreeningIndexCache {
        get { storage[ScreeningIndexCacheKey.self] ?? ScreeningIndexCache() }
        set { storage[ScreeningIndexCacheKey.self] = newValue }
    }
}
