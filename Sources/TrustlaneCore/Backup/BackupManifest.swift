import Foundation

/// What a backup holds, written beside it as `manifest.json`: every file (the database copy and
/// each evidence file) with its size and SHA-256, the migrations the database had run, the audit
/// chain's head when the copy was taken, the Trustlane version and the time. A restore refuses a
/// copy whose files do not match it (`problems(in:)`).
public struct BackupManifest: Codable, Sendable, Equatable {
    public static let fileName = "manifest.json"
    /// Bumped when the manifest's shape changes; a restore refuses a format it does not know.
    public static let currentFormat = 1

    public enum DatabaseKind: String, Codable, Sendable {
        /// A SQLite file copied with `VACUUM INTO` (`databaseFile` is the copy).
        case sqlite
        /// A PostgreSQL dump in pg_dump's custom format (`databaseFile` is the dump).
        case postgres
    }

    /// One file of the backup, its path relative to the backup's folder.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int64
        public var sha256: String

        public init(path: String, bytes: Int64, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// The audit chain's newest entry as the copy holds it.
    public struct AuditHead: Codable, Sendable, Equatable {
        public var count: Int
        public var lastHash: String?

        public init(count: Int, lastHash: String?) {
            self.count = count
            self.lastHash = lastHash
        }
    }

    public var format: Int
    public var trustlaneVersion: String
    public var createdAt: Date
    public var database: DatabaseKind
    /// The database copy's path among `files`.
    public var databaseFile: String
    /// The names of the migrations the copied database had run, in order.
    public var migrations: [String]
    public var auditHead: AuditHead
    public var files: [File]

    public init(format: Int = BackupManifest.currentFormat, trustlaneVersion: String = TrustlaneVersion.current, createdAt: Date,
                database: DatabaseKind, databaseFile: String, migrations: [String], auditHead: AuditHead, files: [File]) {
        self.format = format
        self.trustlaneVersion = trustlaneVersion
        self.createdAt = createdAt
        self.database = database
        self.databaseFile = databaseFile
        self.migrations = migrations
        self.auditHead = auditHead
        self.files = files
    }

    /// Every file's bytes together.
    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }

    /// Pretty JSON with sorted keys and ISO 8601 times, so two manifests of one backup are the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a manifest, or says in a sentence why it cannot.
    public static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest: BackupManifest
        do { manifest = try decoder.decode(BackupManifest.self, from: data) } catch {
            throw ReadError(message: "is not a Trustlane backup manifest (\(Self.describe(error)))")
        }
        guard manifest.format == currentFormat else {
            throw ReadError(message: "has format \(manifest.format); this Trustlane reads format \(currentFormat)")
        }
        guard manifest.files.contains(where: { $0.path == manifest.databaseFile }) else {
            throw ReadError(message: "does not list its database file \(manifest.databaseFile)")
        }
        return manifest
    }

    public struct ReadError: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return String(describing: error)
        }
    }

    /// What does not match between the manifest and the files under `directory`.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// A path that leaves the backup's folder or is not a plain relative path.
        case unsafePath(String)
        case missing(String)
        case sizeDiffers(String, expected: Int64, found: Int64)
        case digestDiffers(String, expected: String, found: String)
        /// A file in the folder that the manifest does not name.
        case unlisted(String)

        public var path: String {
            switch self {
            case .unsafePath(let path), .missing(let path), .sizeDiffers(let path, _, _), .digestDiffers(let path, _, _), .unlisted(let path): return path
            }
        }

        public var description: String {
            switch self {
            case .unsafePath(let path): return "\(path): not a path inside the backup"
            case .missing(let path): return "\(path): listed in the manifest but missing"
            case .sizeDiffers(let path, let expected, let found): return "\(path): size check failed (manifest \(expected) bytes, file \(found) bytes)"
            case .digestDiffers(let path, let expected, let found):
                return "\(path): SHA-256 check failed (manifest \(expected.prefix(16))…, file \(found.prefix(16))…)"
            case .unlisted(let path): return "\(path): in the backup but not in its manifest"
            }
        }
    }

    /// Checks every listed file's size and SHA-256 under `directory`, and that no other file is
    /// there besides the manifest. Empty when the copy is whole.
    public func problems(in directory: URL) -> [Problem] {
        var problems: [Problem] = []
        var listed = Set<String>()
        for file in files {
            guard Self.isSafe(file.path) else { problems.append(.unsafePath(file.path)); continue }
            listed.insert(file.path)
            let url = directory.appendingPathComponent(file.path)
            guard let size = FileDigest.size(of: url) else { problems.append(.missing(file.path)); continue }
            guard size == file.bytes else { problems.append(.sizeDiffers(file.path, expected: file.bytes, found: size)); continue }
            guard let digest = try? FileDigest.sha256(of: url) else { problems.append(.missing(file.path)); continue }
            if digest != file.sha256 { problems.append(.digestDiffers(file.path, expected: file.sha256, found: digest)) }
        }
        for path in FileDigest.regularFiles(under: directory) where path != Self.fileName && !listed.contains(path) {
            problems.append(.unlisted(path))
        }
        return problems
    }

    /// Hashes `paths` (relative to `directory`) into manifest entries.
    public static func describe(directory: URL, paths: [String]) throws -> [File] {
        try paths.map { path in
            let url = directory.appendingPathComponent(path)
            guard let size = FileDigest.size(of: url) else { throw ReadError(message: "\(path) cannot be read") }
            return File(path: path, bytes: size, sha256: try FileDigest.sha256(of: url))
        }
    }

    /// A relative path of plain names: no leading slash, no `.` or `..`, no empty part.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
