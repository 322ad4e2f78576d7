import TrustlaneCore
import Vapor

/// Typed settings, read once from the environment (and a few command-line flags) at start-up.
/// Tests build one in code.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: DatabaseChoice
    /// Absolute URL the server is reached at; used for links in invitations. Its scheme decides
    /// whether cookies are marked Secure.
    public var publicURL: String?
    /// Where uploaded files and other data live.
    public var dataDirectory: String
    /// Bcrypt work factor; tests lower it to stay fast.
    public var bcryptCost: Int
    /// Failed sign-ins allowed per account or address within `signInWindow` before refusing.
    public var signInFailureLimit: Int
    public var signInWindow: TimeInterval
    public var signInLockout: TimeInterval
    public var sessionLifetime: TimeInterval
    public var invitationLifetime: TimeInterval
    /// Marks cookies Secure even without an https public URL (behind a TLS-terminating proxy).
    public var forceSecureCookies: Bool
    /// Reverse proxies whose `X-Forwarded-For` is believed when finding the client's address.
    public var trustedProxies: [IPAddressRange] = []
    /// Past the per-address limit, each further sign-in from that address waits this much more
    /// (up to `signInAddressSlowdownCap`) before its password is checked.
    public var signInAddressSlowdownStep: TimeInterval = 1
    public var signInAddressSlowdownCap: TimeInterval = 10
    /// `/metrics` for whoever presents this bearer token; without one, loopback only.
    public var metricsToken: String?
    /// The program's numbers (decision, validation, review and appeal clocks ...). The one place
    /// the defaults are named; `TRUSTLANE_PROGRAM_SETTINGS` points at a YAML or JSON file.
    public var programSettings: ProgramSettings = .standard
    /// Seconds between background clock passes (0 turns them off).
    public var clockInterval: TimeInterval = 3600
    /// Where `trustlane backup` and the scheduled backup put new backups (`TRUSTLANE_BACKUP_DIRECTORY`);
    /// nil means `<data directory>/backups`.
    public var backupDirectorySetting: String?
    /// Seconds between scheduled backups (`TRUSTLANE_BACKUP_INTERVAL`); 0, the default, turns them off.
    public var backupInterval: TimeInterval = 0
    /// How many scheduled backups are kept (`TRUSTLANE_BACKUP_KEEP`); older ones are deleted.
    public var backupKeep: Int = 7
    /// Backups in an object store instead of `backupDirectory` (`TRUSTLANE_BACKUP_S3_PREFIX` or
    /// `TRUSTLANE_BACKUP_S3_BUCKET`, with the evidence store's address and credentials).
    public var backupObjectStore: ObjectStoreSettings?
    /// Where `trustlane backup` looks for `pg_dump` and `pg_restore` on PostgreSQL (`PATH`).
    public var toolSearchPath: String = "/usr/bin:/bin"
    /// Listen address and port from the environment (`serve --hostname/--port` still win).
    public var host: String?
    public var port: Int?
    public var logFormat: LogFormat
    public var loadDemoData: Bool
    public var migrateOnStart: Bool
    /// Seconds a resolved session or token is kept in memory (`AuthCache`); any change of access
    /// made through this process drops it at once. 0 turns the cache off.
    public var authCacheSeconds: Double = 10
    /// SQLite read connections per event loop (`TRUSTLANE_SQLITE_READERS`). Queries run on NIO's
    /// shared thread pool (one thread per core); with one connection per loop, a request waits for
    /// its own loop's connection while the other loop's sits idle.
    public var sqliteReadersPerLoop: Int = defaultSQLiteReadersPerLoop
    public static let defaultSQLiteReadersPerLoop = 1
    /// Evidence in an S3-compatible object store instead of the data folder (`TRUSTLANE_EVIDENCE_S3_*`).
    public var evidenceObjectStore: ObjectStoreSettings?
    /// What evidence uploads may be: size and file types.
    public var evidencePolicy: EvidencePolicy = .default
    /// How many anonymous incident reports are taken per address and per company an hour (MSC 7.25).
    public var anonymousReportLimits: AnonymousReportLimits = .standard
    /// Outbox delivery: SMTP, webhook target policy, the background sender's interval.
    public var delivery: DeliverySettings = DeliverySettings()
    /// The audit chain's key and where its signed checkpoints go.
    public var audit: AuditSettings = AuditSettings()
    /// What the command line asks for: whether the database is opened and migrated, and whether
    /// the background loops run (`serve` only). Tests keep the default.
    public var command: CommandKind = .serve

    public enum LogFormat: String, Sendable { case text, json }

    public init(database: DatabaseChoice = .sqliteMemory, publicURL: String? = nil, dataDirectory: String = "./data",
                bcryptCost: Int = 12, signInFailureLimit: Int = 5, signInWindow: TimeInterval = 15 * 60,
                signInLockout: TimeInterval = 15 * 60, sessionLifetime: TimeInterval = 14 * 24 * 3600,
                invitationLifetime: TimeInterval = 7 * 24 * 3600, forceSecureCookies: Bool = false,
                logFormat: LogFormat = .text, loadDemoData: Bool = false, migrateOnStart: Bool = true) {
        self.database = database
        self.publicURL = publicURL
        self.dataDirectory = dataDirectory
        self.bcryptCost = bcryptCost
        self.signInFailureLimit = signInFailureLimit
        self.signInWindow = signInWindow
        self.signInLockout = signInLockout
        self.sessionLifetime = sessionLifetime
        self.invitationLifetime = invitationLifetime
        self.forceSecureCookies = forceSecureCookies
        self.logFormat = logFormat
        self.loadDemoData = loadDemoData
        self.migrateOnStart = migrateOnStart
    }

    /// The folder new backups go into.
    public var backupDirectory: String {
        backupDirectorySetting ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("backups").path
    }

    public var secureCookies: Bool { forceSecureCookies || (publicURL?.lowercased().hasPrefix("https://") ?? false) }

    /// The environment the process was started with: settings are read from it here, and the
    /// tools Trustlane runs (`pg_dump`) get it, with what they need added.
    public static var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// Reads the environment (the process's unless another is given). `databaseFlag` is the
    /// value of `--database` if given.
    public static func fromEnvironment(databaseFlag: String? = nil, demo: Bool = false,
                                       environment env: [String: String] = processEnvironment) throws -> AppConfig {
        var config = AppConfig()
        if let flag = databaseFlag, !flag.isEmpty {
            config.database = try parseDatabase(flag)
        } else if let url = env["DATABASE_URL"], !url.isEmpty {
            config.database = try parseDatabase(url)
        } else {
            config.database = .sqliteFile(path: env["TRUSTLANE_SQLITE_PATH"] ?? "./trustlane.sqlite")
        }
        if let raw = env["TRUSTLANE_PUBLIC_URL"], !raw.isEmpty {
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  url.host?.isEmpty == false, url.query == nil, url.fragment == nil else {
                throw ConfigError.invalid("TRUSTLANE_PUBLIC_URL must be an absolute http:// or https:// address such as https://trustlane.example.com (got \(raw.prefix(60)))")
            }
            config.publicURL = raw
        }
        if let raw = env["TRUSTLANE_TRUSTED_PROXIES"], !raw.isEmpty {
            let parsed = ClientAddress.parseList(raw)
            guard parsed.invalid.isEmpty else {
                throw ConfigError.invalid("TRUSTLANE_TRUSTED_PROXIES must list IP addresses or ranges such as 10.0.0.0/8,::1 (cannot read: \(parsed.invalid.prefix(3).joined(separator: ", ")))")
            }
            config.trustedProxies = parsed.ranges
        }
        if let token = env["TRUSTLANE_METRICS_TOKEN"], !token.isEmpty {
            guard token.utf8.count >= 16 else { throw ConfigError.invalid("TRUSTLANE_METRICS_TOKEN must be at least 16 characters") }
            config.metricsToken = token
        }
        config.dataDirectory = env["TRUSTLANE_DATA_DIR"] ?? "./data"
        if let cost = env["TRUSTLANE_BCRYPT_COST"].flatMap(Int.init) {
            guard (4...31).contains(cost) else { throw ConfigError.invalid("TRUSTLANE_BCRYPT_COST must be 4 to 31") }
            config.bcryptCost = cost
        }
        if let limit = env["TRUSTLANE_SIGNIN_LIMIT"].flatMap(Int.init) { config.signInFailureLimit = max(1, limit) }
        config.forceSecureCookies = env["TRUSTLANE_SECURE_COOKIES"] == "1"
        if let format = env["LOG_FORMAT"] {
            guard let parsed = LogFormat(rawValue: format) else { throw ConfigError.invalid("LOG_FORMAT must be text or json") }
            config.logFormat = parsed
        }
        config.loadDemoData = demo
        if let host = env["TRUSTLANE_HOST"], !host.isEmpty { config.host = host }
        if let raw = env["TRUSTLANE_PORT"], !raw.isEmpty {
            guard let port = Int(raw), (1...65535).contains(port) else { throw ConfigError.invalid("TRUSTLANE_PORT must be a port number from 1 to 65535") }
            config.port = port
        }
        if let raw = env["TRUSTLANE_CLOCK_INTERVAL"], !raw.isEmpty {
            guard let seconds = Double(raw), seconds >= 0, seconds <= 86_400 * 7 else {
                throw ConfigError.invalid("TRUSTLANE_CLOCK_INTERVAL must be seconds from 0 (off) to 604800 (got \(raw.prefix(20)))")
            }
            config.clockInterval = seconds
        }
        if let path = env["TRUSTLANE_BACKUP_DIRECTORY"], !path.isEmpty { config.backupDirectorySetting = path }
        if let raw = env["TRUSTLANE_BACKUP_INTERVAL"], !raw.isEmpty {
            guard let seconds = Double(raw), seconds == 0 || (60...86_400 * 31).contains(seconds) else {
                throw ConfigError.invalid("TRUSTLANE_BACKUP_INTERVAL must be seconds from 60 to 2678400, or 0 for no scheduled backup (got \(raw.prefix(20)))")
            }
            config.backupInterval = seconds
        }
        if let raw = env["TRUSTLANE_BACKUP_KEEP"], !raw.isEmpty {
            guard let keep = Int(raw), (1...1000).contains(keep) else {
                throw ConfigError.invalid("TRUSTLANE_BACKUP_KEEP must be a whole number of backups from 1 to 1000 (got \(raw.prefix(20)))")
            }
            config.backupKeep = keep
        }
        if let path = env["PATH"], !path.isEmpty { config.toolSearchPath = path }
        if let path = env["TRUSTLANE_PROGRAM_SETTINGS"], !path.isEmpty {
            config.programSettings = try Self.readProgramSettings(path: path)
        }
        config.delivery = try DeliverySettings.fromEnvironment(env)
        config.audit = try AuditSettings.fromEnvironment(env)
        config.evidenceObjectStore = try ObjectStoreSettings.fromEnvironment(env)
        config.backupObjectStore = try ObjectStoreSettings.backupFromEnvironment(env, evidence: config.evidenceObjectStore)
        if let raw = env["TRUSTLANE_EVIDENCE_MAX_MB"] {
            guard let mb = Int(raw), (1...200).contains(mb) else { throw ConfigError.invalid("TRUSTLANE_EVIDENCE_MAX_MB must be a whole number from 1 to 200") }
            config.evidencePolicy.maxBytes = mb * 1024 * 1024
        }
        if let raw = env["TRUSTLANE_EVIDENCE_TYPES"] {
            guard let types = EvidenceFileType.parseList(raw), !types.isEmpty else {
                throw ConfigError.invalid("TRUSTLANE_EVIDENCE_TYPES must list file types such as pdf,png,jpg,docx,xlsx,txt,csv")
            }
            config.evidencePolicy.allowedTypes = types
        }
        if let raw = env["TRUSTLANE_AUTH_CACHE_SECONDS"] {
            guard let seconds = Int(raw), (0...300).contains(seconds) else {
                throw ConfigError.invalid("TRUSTLANE_AUTH_CACHE_SECONDS must be a whole number of seconds from 0 (no cache) to 300")
            }
            config.authCacheSeconds = Double(seconds)
        }
        if let raw = env["TRUSTLANE_SQLITE_READERS"] {
            guard let count = Int(raw), (1...8).contains(count) else {
                throw ConfigError.invalid("TRUSTLANE_SQLITE_READERS must be a whole number of read connections per event loop from 1 to 8")
            }
            config.sqliteReadersPerLoop = count
        }
        if let raw = env["TRUSTLANE_EVIDENCE_WARNING_DAYS"] {
            guard let days = Int(raw), (1...365).contains(days) else {
                throw ConfigError.invalid("TRUSTLANE_EVIDENCE_WARNING_DAYS must be a whole number of days from 1 to 365")
            }
            config.evidencePolicy.expiringWithinDays = days
        }
        return config
    }

    /// Reads and checks the program settings file: start-up refuses a file it cannot read or a
    /// value out of range, naming the setting.
    static func readProgramSettings(path: String) throws -> ProgramSettings {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.invalid("TRUSTLANE_PROGRAM_SETTINGS names \(path), which cannot be read")
        }
        let settings: ProgramSettings
        do { settings = try ProgramSettings.read(text) } catch {
            throw ConfigError.invalid("TRUSTLANE_PROGRAM_SETTINGS (\(path)): \(error)")
        }
        let problems = settings.problems()
        guard problems.isEmpty else {
            throw ConfigError.invalid("TRUSTLANE_PROGRAM_SETTINGS (\(path)): " + problems.map(\.message).joined(separator: "; "))
        }
        return settings
    }

    /// The allocator's settings given in the environment (`MemoryAllocator`): Trustlane's own
    /// and glibc's. Read before anything else starts; the bench hands them to its server.
    public static func allocatorEnvironment(_ env: [String: String] = processEnvironment) -> [String: String] {
        env.filter { ["TRUSTLANE_MALLOC", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"].contains($0.key) }
    }

    /// Whether logs are JSON lines: read before anything else starts, so the entrypoint asks here.
    public static func logFormatFromEnvironment() -> LogFormat {
        ProcessInfo.processInfo.environment["LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) ?? .text
    }

    /// `postgres://...` / `postgresql://...` for PostgreSQL, `sqlite:PATH` or a plain path for SQLite,
    /// `:memory:` for a throwaway in-memory database.
    static func parseDatabase(_ text: String) throws -> DatabaseChoice {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") { return .postgres(url: text) }
        if text == ":memory:" || lower == "sqlite::memory:" { return .sqliteMemory }
        if lower.hasPrefix("sqlite://") { return .sqliteFile(path: String(text.dropFirst("sqlite://".count))) }
        if lower.hasPrefix("sqlite:") { return .sqliteFile(path: String(text.dropFirst("sqlite:".count))) }
        if lower.contains("://") { throw ConfigError.invalid("DATABASE_URL must start with postgres:// or sqlite: (got \(text.prefix(16))...)") }
        return .sqliteFile(path: text)
    }
}

public enum ConfigError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let message): return "Configuration error: \(message)" }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The settings this application was configured with.
    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}
