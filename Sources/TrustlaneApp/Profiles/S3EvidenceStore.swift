import Foundation
import NIOCore
import TrustlaneCore
import Vapor

/// Evidence in an S3-compatible bucket, under `<prefix>ab/cd/<sha256>` as on disk (`S3Bucket`
/// does the requests), the payload's SHA-256 being the file's own digest. A file is written
/// once: the store answers a PUT only when the bytes are stored, so a save reported done
/// survives a crash of this process. Settings: `TRUSTLANE_EVIDENCE_S3_*` (`ObjectStoreSettings`).
struct S3EvidenceStore: EvidenceStore {
    let settings: ObjectStoreSettings
    let client: any Client
    let logger: Logger
    /// The request timeout; evidence files are at most a few tens of megabytes.
    var timeout: TimeAmount = .seconds(60)
    /// The clock for signatures (tests give a fixed one).
    var now: @Sendable () -> Date = { Date() }

    var bucket: S3Bucket { S3Bucket(settings: settings, client: client, timeout: timeout, now: now) }

    func key(for sha256: String) throws -> String {
        settings.prefix + (try DiskEvidenceStore.relativePath(sha256))
    }

    func put(_ data: Data) async throws -> String {
        let sha = DiskEvidenceStore.digest(data)
        let key = try key(for: sha)
        // Content-addressed: bytes already there are the same bytes.
        if try await bucket.exists(key) { return sha }
        try await bucket.put(key, data, sha256: sha)
        return sha
    }

    func get(_ sha256: String) async throws -> Data {
        guard let data = try await bucket.get(try key(for: sha256)) else {
            throw Abort(.notFound, reason: "The file is not in the evidence store")
        }
        return data
    }

    func exists(_ sha256: String) async -> Bool {
        guard let key = try? key(for: sha256) else { return false }
        do { return try await bucket.exists(key) } catch {
            logger.warning("evidence store: \(error)")
            return false
        }
    }

    func delete(_ sha256: String) async throws {
        try await bucket.delete(try key(for: sha256))
    }

    /// Creates the bucket if it does not exist (tests, and `trustlane` set-up scripts).
    func createBucket() async throws { try await bucket.createBucket() }

    /// Whether the bucket answers with these credentials (checked at start-up).
    func checkReachable() async throws { try await bucket.checkReachable() }
}
