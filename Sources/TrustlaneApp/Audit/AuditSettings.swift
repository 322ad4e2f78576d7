import Foundation
import TrustlaneCore

/// The audit chain's key and where its checkpoints go (docs/AUDIT.md).
///
/// - `TRUSTLANE_AUDIT_KEY`: the key, base64 (at least 32 random bytes: `openssl rand -base64 32`).
/// - `TRUSTLANE_AUDIT_KEY_FILE`: a file holding it instead; it must exist.
/// - Neither, on a SQLite file: the key is read from `<TRUSTLANE_DATA_DIR>/audit.key`, and
///   generated there on first run (`TRUSTLANE_AUDIT_KEY_GENERATE=0` turns that off). On
///   PostgreSQL no key is generated: every instance must share one, so the operator gives it.
/// - `TRUSTLANE_AUDIT_CHECKPOINT_EMAIL` (addresses, comma-separated) and
///   `TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK` (a URL): where signed checkpoints are sent through the
///   outbox; `TRUSTLANE_AUDIT_CHECKPOINT_INTERVAL` seconds between them (default a day, 0 = off).
public struct AuditSettings: Sendable {
    public enum KeySource: Sendable, Equatable {
        case none
        case environment
        case file(String)
        /// Generated into this file by this start.
        case generated(String)
    }

    public var key: AuditKey?
    public var keySource: KeySource = .none
    /// Whether a key file is read from, or generated into, the data directory when no key is given.
    public var generateKey: Bool = true
    /// Seconds between scheduled checkpoints; nil sends none.
    public var checkpointInterval: TimeInterval?
    public var checkpointEmails: [String] = []
    public var checkpointWebhook: String?

    public init(key: AuditKey? = nil, checkpointInterval: TimeInterval? = nil, checkpointEmails: [String] = [],
                checkpointWebhook: String? = nil) {
        self.key = key
        self.keySource = key == nil ? .none : .environment
        self.checkpointInterval = checkpointInterval
        self.checkpointEmails = checkpointEmails
        self.checkpointWebhook = checkpointWebhook
    }

    /// Whether scheduled checkpoints have somewhere to go.
    public var sendsCheckpoints: Bool { !checkpointEmails.isEmpty || checkpointWebhook != nil }

    /// The file a key is kept in when none is given.
    static func defaultKeyFile(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("audit.key").path
    }

    static func fromEnvironment(_ env: [String: String]) throws -> AuditSettings {
        var settings = AuditSettings()
        let text = env["TRUSTLANE_AUDIT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let file = env["TRUSTLANE_AUDIT_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if text != nil && file != nil {
            throw ConfigError.invalid("set TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE, not both")
        }
        if let text {
            do { settings.key = try AuditKey(base64: text) } catch { throw ConfigError.invalid("TRUSTLANE_AUDIT_KEY: \(error)") }
            settings.keySource = .environment
        } else if let file {
            settings.key = try readKeyFile(file, setting: "TRUSTLANE_AUDIT_KEY_FILE")
            settings.keySource = .file(file)
        }
        settings.generateKey = env["TRUSTLANE_AUDIT_KEY_GENERATE"] != "0"

        if let raw = env["TRUSTLANE_AUDIT_CHECKPOINT_EMAIL"], !raw.isEmpty {
            let addresses = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let bad = addresses.filter { !$0.contains("@") || $0.contains(where: { $0.isWhitespace || $0.isNewline }) || $0.count > 254 }
            guard bad.isEmpty else {
                throw ConfigError.invalid("TRUSTLANE_AUDIT_CHECKPOINT_EMAIL must list email addresses separated by commas (cannot read: \(bad.prefix(3).joined(separator: ", ")))")
            }
            settings.checkpointEmails = addresses
        }
        if let url = env["TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK"], !url.isEmpty {
            if let problem = WebhookTarget.check(url) { throw ConfigError.invalid("TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK: \(problem.message)") }
            settings.checkpointWebhook = url
        }
        if settings.sendsCheckpoints { settings.checkpointInterval = 86_400 }
        if let raw = env["TRUSTLANE_AUDIT_CHECKPOINT_INTERVAL"], !raw.isEmpty {
            guard let seconds = Double(raw), seconds == 0 || (60...(86_400 * 31)).contains(seconds) else {
                throw ConfigError.invalid("TRUSTLANE_AUDIT_CHECKPOINT_INTERVAL must be seconds from 60 to 2678400, or 0 (off) (got \(raw.prefix(20)))")
            }
            settings.checkpointInterval = seconds == 0 ? nil : seconds
        }
        return settings
    }

    /// Reads a key file: base64 text of the secret.
    static func readKeyFile(_ path: String, setting: String) throws -> AuditKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.invalid("\(setting) names \(path), which cannot be read. Create one with `openssl rand -base64 32 > \(path)` (keep it out of the database and its backups' reach), or restore the one the audit trail was written with")
        }
        do { return try AuditKey(base64: text) } catch { throw ConfigError.invalid("\(setting) (\(path)): \(error)") }
    }

    /// The key a copy of the audit trail is checked with (a backup, a restore): the configured
    /// key, else the key file in the data directory if there is one (never made here: a
    /// command that opens no database, such as `restore`, must not invent a key).
    func keyForChecking(dataDirectory: String) throws -> AuditKey? {
        if let key { return key }
        let path = Self.defaultKeyFile(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Self.readKeyFile(path, setting: "The audit key file")
    }

    /// On a SQLite file with no key given: the key file in the data directory, made on first run.
    /// A key file beside the database protects the chain from someone who can edit only the
    /// database (a SQL console, a copied or restored database file), not from someone who can
    /// read the data directory.
    mutating func loadOrGenerate(dataDirectory: String) throws {
        guard key == nil, generateKey else { return }
        let path = Self.defaultKeyFile(dataDirectory: dataDirectory)
        if FileManager.default.fileExists(atPath: path) {
            key = try Self.readKeyFile(path, setting: "The audit key file")
            keySource = .file(path)
            return
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let secret = AuditKey.generateSecret()
        guard FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError.invalid("could not write the audit key file \(path); set TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE instead")
        }
        key = try AuditKey(base64: secret)
        keySource = .generated(path)
    }
}
