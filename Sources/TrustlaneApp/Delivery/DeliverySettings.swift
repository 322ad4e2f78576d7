import Foundation

/// How the outbox delivers: the SMTP server (none configured means email rows simply wait), which
/// webhook targets are allowed, and how often the background sender runs.
public struct DeliverySettings: Sendable, Equatable {
    /// `nil` when no SMTP host is set: email notifications stay in the outbox until one is.
    public var smtp: SMTPSettings?
    /// Lets webhooks reach loopback and private addresses (tests, a receiver on the same host).
    public var allowPrivateWebhookTargets: Bool
    /// Seconds between background passes; `nil` runs no background sender (tests, one-off commands
    /// use `trustlane outbox send`).
    public var senderInterval: TimeInterval?
    /// How long a claimed row is held by the pass that claimed it; after that another pass may
    /// take it (the claiming process died mid-send).
    public var claimLease: TimeInterval
    /// Timeout of one SMTP conversation or one webhook request.
    public var sendTimeout: TimeInterval

    public init(smtp: SMTPSettings? = nil, allowPrivateWebhookTargets: Bool = false, senderInterval: TimeInterval? = nil,
                claimLease: TimeInterval = 300, sendTimeout: TimeInterval = 30) {
        self.smtp = smtp
        self.allowPrivateWebhookTargets = allowPrivateWebhookTargets
        self.senderInterval = senderInterval
        self.claimLease = claimLease
        self.sendTimeout = sendTimeout
    }

    /// `TRUSTLANE_SMTP_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD`, `_FROM`, `_TLS` (none, starttls, tls);
    /// `TRUSTLANE_WEBHOOK_ALLOW_PRIVATE=1`; `TRUSTLANE_OUTBOX_INTERVAL` seconds (default 30, 0 = off).
    static func fromEnvironment(_ env: [String: String]) throws -> DeliverySettings {
        var settings = DeliverySettings(senderInterval: 30)
        if let host = env["TRUSTLANE_SMTP_HOST"], !host.isEmpty {
            let tls: SMTPSettings.TLSMode
            if let raw = env["TRUSTLANE_SMTP_TLS"], !raw.isEmpty {
                guard let parsed = SMTPSettings.TLSMode(rawValue: raw.lowercased()) else {
                    throw ConfigError.invalid("TRUSTLANE_SMTP_TLS must be none, starttls or tls")
                }
                tls = parsed
            } else {
                tls = .starttls
            }
            let defaultPort = tls == .tls ? 465 : 587
            var port = defaultPort
            if let raw = env["TRUSTLANE_SMTP_PORT"], !raw.isEmpty {
                guard let value = Int(raw), (1...65_535).contains(value) else { throw ConfigError.invalid("TRUSTLANE_SMTP_PORT must be 1 to 65535") }
                port = value
            }
            guard let from = env["TRUSTLANE_SMTP_FROM"], from.contains("@"), !from.contains("\r"), !from.contains("\n") else {
                throw ConfigError.invalid("TRUSTLANE_SMTP_FROM must be an email address when TRUSTLANE_SMTP_HOST is set")
            }
            let username = env["TRUSTLANE_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
            settings.smtp = SMTPSettings(host: host, port: port, username: username, password: env["TRUSTLANE_SMTP_PASSWORD"],
                                         from: from, tls: tls)
        }
        settings.allowPrivateWebhookTargets = env["TRUSTLANE_WEBHOOK_ALLOW_PRIVATE"] == "1"
        if let raw = env["TRUSTLANE_OUTBOX_INTERVAL"], !raw.isEmpty {
            guard let seconds = Double(raw), seconds >= 0 else { throw ConfigError.invalid("TRUSTLANE_OUTBOX_INTERVAL must be seconds (0 turns the sender off)") }
            settings.senderInterval = seconds == 0 ? nil : seconds
        }
        return settings
    }
}

/// Where and how to hand email over.
public struct SMTPSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain text (a relay on the same host or network only).
        case none
        /// Plain connection upgraded with STARTTLS before authenticating (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var from: String
    public var tls: TLSMode
    /// The name given in EHLO.
    public var heloName: String

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, from: String,
                tls: TLSMode, heloName: String = "trustlane.localhost") {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.tls = tls
        self.heloName = heloName
    }
}
