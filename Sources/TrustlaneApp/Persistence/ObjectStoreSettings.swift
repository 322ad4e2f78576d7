import Foundation
import Vapor

/// Where evidence goes when it is not the data folder: an S3-compatible object store (AWS S3,
/// MinIO, Ceph, Garage...), so that several `trustlane serve` processes on several machines share
/// one set of files (issue 18). Read from `TRUSTLANE_EVIDENCE_S3_*`; see docs/OPERATIONS.md.
/// Backups may go to the same store (`TRUSTLANE_BACKUP_S3_*`), in a folder or bucket of their own.
public struct ObjectStoreSettings: Sendable, Equatable {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://minio.internal:9000`: scheme, host and port.
    public var endpoint: String
    public var bucket: String
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Folder inside the bucket, ending in `/` (default `evidence/`).
    public var prefix: String

    /// `nil` when no bucket is set (evidence stays in the data folder). A bucket without the
    /// rest, or a setting out of form, stops start-up naming the setting.
    static func fromEnvironment(_ env: [String: String]) throws -> ObjectStoreSettings? {
        func value(_ name: String) -> String? { Self.value(name, in: env) }
        guard let bucket = value("TRUSTLANE_EVIDENCE_S3_BUCKET") else {
            for name in ["TRUSTLANE_EVIDENCE_S3_ENDPOINT", "TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID", "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"] where value(name) != nil {
                throw ConfigError.invalid("\(name) is set but TRUSTLANE_EVIDENCE_S3_BUCKET is not: set the bucket too, or remove the S3 settings to keep evidence in the data folder")
            }
            return nil
        }
        try Self.checkBucket(bucket, setting: "TRUSTLANE_EVIDENCE_S3_BUCKET")
        guard let endpoint = value("TRUSTLANE_EVIDENCE_S3_ENDPOINT"), let url = URL(string: endpoint),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false,
              url.path.isEmpty || url.path == "/", url.query == nil else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_ENDPOINT must be the store's address, such as https://s3.eu-west-1.amazonaws.com or http://minio.internal:9000 (scheme, host and port only)")
        }
        guard let key = value("TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID"), let secret = try secretValue(env) else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID and TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY (or TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE) must be set with TRUSTLANE_EVIDENCE_S3_BUCKET")
        }
        let region = value("TRUSTLANE_EVIDENCE_S3_REGION") ?? "us-east-1"
        guard region.wholeMatch(of: /[a-z0-9\-]{1,40}/) != nil else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_REGION must be a region name such as us-east-1 or eu-west-1")
        }
        let prefix = try Self.folder(value("TRUSTLANE_EVIDENCE_S3_PREFIX") ?? "evidence/", setting: "TRUSTLANE_EVIDENCE_S3_PREFIX")
        return ObjectStoreSettings(endpoint: String(endpoint.trimmingSuffix("/")), bucket: bucket, region: region, accessKeyID: key,
                                   secretAccessKey: secret, prefix: prefix)
    }

    /// Backups in the object store: `nil` unless `TRUSTLANE_BACKUP_S3_PREFIX` or
    /// `TRUSTLANE_BACKUP_S3_BUCKET` is set. They use the evidence store's address and credentials
    /// (`evidence`), in the bucket named (default: the evidence bucket) under the folder named
    /// (default `backups/`); in the evidence bucket the two folders may not overlap.
    static func backupFromEnvironment(_ env: [String: String], evidence: ObjectStoreSettings?) throws -> ObjectStoreSettings? {
        let bucketSetting = Self.value("TRUSTLANE_BACKUP_S3_BUCKET", in: env)
        let prefixSetting = Self.value("TRUSTLANE_BACKUP_S3_PREFIX", in: env)
        guard bucketSetting != nil || prefixSetting != nil else { return nil }
        guard var settings = evidence else {
            let named = prefixSetting != nil ? "TRUSTLANE_BACKUP_S3_PREFIX" : "TRUSTLANE_BACKUP_S3_BUCKET"
            throw ConfigError.invalid("\(named) is set but the object store is not: backups go to the store of TRUSTLANE_EVIDENCE_S3_* (its address and credentials); set those too, or remove \(named) to keep backups in TRUSTLANE_BACKUP_DIRECTORY")
        }
        if let bucketSetting {
            try Self.checkBucket(bucketSetting, setting: "TRUSTLANE_BACKUP_S3_BUCKET")
            settings.bucket = bucketSetting
        }
        let evidencePrefix = settings.prefix
        settings.prefix = try Self.folder(prefixSetting ?? "backups/", setting: "TRUSTLANE_BACKUP_S3_PREFIX")
        if settings.bucket == evidence?.bucket, settings.prefix.hasPrefix(evidencePrefix) || evidencePrefix.hasPrefix(settings.prefix) {
            throw ConfigError.invalid("TRUSTLANE_BACKUP_S3_PREFIX (\(settings.prefix)) and TRUSTLANE_EVIDENCE_S3_PREFIX (\(evidencePrefix)) overlap in the bucket \(settings.bucket): give backups a folder of their own, such as backups/, or a bucket of their own (TRUSTLANE_BACKUP_S3_BUCKET)")
        }
        return settings
    }

    /// A setting's value, or nil when it is absent or blank.
    private static func value(_ name: String, in env: [String: String]) -> String? {
        env[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    private static func checkBucket(_ bucket: String, setting: String) throws {
        guard bucket.wholeMatch(of: /[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]/) != nil else {
            throw ConfigError.invalid("\(setting) must be a bucket name: 3 to 63 lower-case letters, digits, dots or hyphens (got \(bucket.prefix(70)))")
        }
    }

    /// A folder inside a bucket, ending in `/`.
    private static func folder(_ raw: String, setting: String) throws -> String {
        var prefix = raw
        guard prefix.count <= 200, !prefix.hasPrefix("/"), prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            throw ConfigError.invalid("\(setting) must be a folder name of letters, digits, - _ . and / (not starting with /)")
        }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return prefix
    }

    /// The secret, from the variable or from the file it names (for secrets mounted as files).
    private static func secretValue(_ env: [String: String]) throws -> String? {
        if let inline = env["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"], !inline.isEmpty { return inline }
        guard let path = env["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE"], !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE names \(path), which cannot be read or is empty")
        }
        return text
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> Substring {
        var text = self[...]
        while text.hasSuffix(suffix) { text = text.dropLast(suffix.count) }
        return text
    }
}
