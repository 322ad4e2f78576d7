import Crypto
import Foundation
import TrustlaneCore
import Vapor

/// Where evidence files' bytes live. Content-addressed by SHA-256, so one file uploaded twice is
/// stored once. Behind a protocol so an object store can replace the disk later.
protocol EvidenceStore: Sendable {
    /// Stores the bytes (if not already there) and returns their SHA-256 (hex).
    func put(_ data: Data) async throws -> String
    /// The bytes of a stored file.
    func get(_ sha256: String) async throws -> Data
    func exists(_ sha256: String) async -> Bool
    /// Removes the bytes, if stored. Callers make sure no evidence row names the digest any more
    /// (`EvidenceRemoval`), since one file may back several rows.
    func delete(_ sha256: String) async throws
}

/// Files under `<data>/evidence/ab/cd/<sha256>`, written to a temporary name, flushed and
/// renamed, so a crash never leaves a half-written file under its final name.
struct DiskEvidenceStore: EvidenceStore {
    let root: URL
    let threadPool: NIOThreadPool

    init(directory: String, threadPool: NIOThreadPool) {
        root = URL(fileURLWithPath: directory).appendingPathComponent("evidence", isDirectory: true)
        self.threadPool = threadPool
    }

    static func digest(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }

    /// Where a file is kept under a store's root, for the disk and the object store alike:
    /// `ab/cd/<sha256>`; anything that is not a lowercase SHA-256 digest is refused.
    static func relativePath(_ sha256: String) throws -> String {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw Abort(.badRequest, reason: "not a SHA-256 digest")
        }
        return "\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    func path(for sha256: String) throws -> URL {
        root.appendingPathComponent(try Self.relativePath(sha256))
    }

    func put(_ data: Data) async throws -> String {
        let sha = Self.digest(data)
        let target = try path(for: sha)
        try await threadPool.runIfActive {
            let manager = FileManager.default
            if manager.fileExists(atPath: target.path) { return }
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(sha).\(UUID().uuidString).tmp")
            manager.createFile(atPath: temporary.path, contents: nil)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if manager.fileExists(atPath: target.path) {
                try? manager.removeItem(at: temporary)
            } else {
                try manager.moveItem(at: temporary, to: target)
            }
        }
        return sha
    }

    func get(_ sha256: String) async throws -> Data {
        let target = try path(for: sha256)
        return try await threadPool.runIfActive { try Data(contentsOf: target) }
    }

    func exists(_ sha256: String) async -> Bool {
        guard let target = try? path(for: sha256) else { return false }
        return FileManager.default.fileExists(atPath: target.path)
    }

    func delete(_ sha256: String) async throws {
        let target = try path(for: sha256)
        try await threadPool.runIfActive {
            let manager = FileManager.default
            guard manager.fileExists(atPath: target.path) else { return }
            try manager.removeItem(at: target)
        }
    }
}

extension Application {
    private struct EvidenceStoreKey: StorageKey { typealias Value = any EvidenceStore }

    var evidenceStore: any EvidenceStore {
        get { storage[EvidenceStoreKey.self] ?? DiskEvidenceStore(directory: config.dataDirectory, threadPool: threadPool) }
        set { storage[EvidenceStoreKey.self] = newValue }
    }
}
