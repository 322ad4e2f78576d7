import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The checks a SQLite copy must pass, run on a connection of its own to the copy (never the
/// live database): SQLite's `PRAGMA integrity_check`, the audit chain, and what the manifest
/// records about it (the chain's head and the migrations run).
struct DatabaseCopyCheck {
    struct Findings: Sendable {
        var integrity: [String]
        var audit: AuditChain.Verification
        var auditHead: BackupManifest.AuditHead
        var migrations: [String]
        /// Evidence digests the copy's rows name.
        var evidenceDigests: Set<String>
    }

    let app: Application

    /// Opens the SQLite file at `path` on its own connection, runs `body`, and closes it.
    func withCopy<T: Sendable>(at path: String, _ body: @Sendable (any Database) async throws -> T) async throws -> T {
        let databases = Databases(threadPool: app.threadPool, on: app.eventLoopGroup)
        let id = DatabaseID(string: "backup-copy-\(UUID().uuidString)")
        databases.use(.sqlite(.file(path)), as: id, isDefault: false)
        do {
            guard let db = databases.database(id, logger: app.logger, on: app.eventLoopGroup.any()) else {
                throw BackupFailure("\(path): cannot be opened")
            }
            let result = try await body(db)
            await databases.shutdownAsync()
            return result
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }

    /// Runs every check on the copy at `path` (`name`: the file as messages call it). A copy SQLite
    /// cannot read at all counts as failing its integrity check, with SQLite's own words.
    func inspect(at path: String, name: String = BackupWriter.sqliteFile, leaveWriteAheadLog: Bool = false) async throws -> Findings {
        // Keyed entries are checked with the installation's audit key (docs/AUDIT.md).
        let key = try app.config.audit.keyForChecking(dataDirectory: app.config.dataDirectory)
        return try await withCopy(at: path) { db in
            let sql = db as! any SQLDatabase
            var integrity: [String]
            do {
                if !leaveWriteAheadLog {
                    // A copy of a database in WAL mode says so in its header; a copy is one file.
                    try await sql.raw("PRAGMA journal_mode=DELETE").run()
                }
                integrity = try await sql.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
                if integrity == ["ok"] { integrity = [] }
            } catch {
                integrity = [String(describing: error)]
            }
            guard integrity.isEmpty else {
                return Findings(integrity: integrity, audit: .intact(entries: 0), auditHead: .init(count: 0, lastHash: nil), migrations: [], evidenceDigests: [])
            }
            do {
                let audit = try await AuditLog.verify(on: db, key: key)
                let migrations = try await Self.migrations(sql)
                return Findings(integrity: [], audit: audit, auditHead: try await Self.auditHead(sql), migrations: migrations,
                                evidenceDigests: try await Self.evidenceDigests(sql, recordFiles: migrations.contains(Self.recordFilesMigration)))
            } catch {
                // A sound SQLite file that is not a Trustlane database (no audit trail, no migrations).
                throw BackupFailure("\(name): audit chain check failed: not a Trustlane database (\(error))")
            }
        }
    }

    static func auditHead(_ sql: any SQLDatabase) async throws -> BackupManifest.AuditHead {
        struct Row: Decodable { let count: Int; let last: String? }
        let row = try await sql.raw("SELECT (SELECT COUNT(*) FROM audit_entries) AS count, (SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1) AS last")
            .first(decoding: Row.self)
        return .init(count: row?.count ?? 0, lastHash: row?.last)
    }

    static func migrations(_ sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { let name: String }
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY name").all(decoding: Row.self).map(\.name)
    }

    /// The migration that added `record_files` (files on incidents and training sessions):
    /// databases from before it have evidence files only.
    static let recordFilesMigration = "048_CreateRecordFiles"

    /// Every digest the database names in the evidence store: evidence files and, since M048,
    /// the files kept with incidents and training sessions.
    static func evidenceDigests(_ sql: any SQLDatabase, recordFiles: Bool = true) async throws -> Set<String> {
        struct Row: Decodable { let sha256: String }
        let query: SQLQueryString = recordFiles
            ? "SELECT sha256 FROM evidence_files UNION SELECT sha256 FROM record_files"
            : "SELECT DISTINCT sha256 FROM evidence_files"
        return Set(try await sql.raw(query).all(decoding: Row.self).map(\.sha256))
    }
}

/// A backup or restore that cannot go on, with a sentence naming the file and the check.
struct BackupFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension DatabaseCopyCheck.Findings {
    /// What failed, one line each, naming `file` (the copy) and the check; empty when all passed.
    func problems(file: String, manifest: BackupManifest?) -> [String] {
        var problems: [String] = integrity.prefix(5).map { "\(file): SQLite integrity check failed: \($0)" }
        guard problems.isEmpty else { return problems }
        switch audit {
        case .intact: break
        case .broken(let sequence, let reason):
            problems.append("\(file): audit chain check failed at entry \(sequence): \(reason)")
        case .unverifiable(let sequence, let reason):
            // A keyed chain without its key (docs/OPERATIONS.md: the key is kept apart).
            problems.append("\(file): audit chain cannot be checked from entry \(sequence): \(reason)")
        }
        if let manifest {
            if manifest.auditHead != auditHead {
                problems.append("\(file): audit head check failed (manifest \(manifest.auditHead.count) entries, copy \(auditHead.count))")
            }
            if manifest.migrations != migrations {
                problems.append("\(file): migration list check failed (manifest \(manifest.migrations.count) migrations, copy \(migrations.count))")
            }
            let listed = Set(manifest.files.map(\.path))
            let absent = evidenceDigests.filter { !listed.contains(DatabaseCopyCheck.evidencePath($0)) }.sorted()
            if !absent.isEmpty {
                problems.append("\(file): evidence check failed: \(absent.count) evidence files named by the database are not in the backup (first \(absent[0]))")
            }
        }
        return problems
    }
}

extension DatabaseCopyCheck {
    /// Where an evidence file sits inside a backup (as under the data directory: `evidence/ab/cd/<sha256>`).
    static func evidencePath(_ sha256: String) -> String {
        "evidence/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }
}
