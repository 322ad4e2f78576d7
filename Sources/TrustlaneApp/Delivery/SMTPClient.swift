import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client on SwiftNIO: one connection per message, line by line (EHLO, STARTTLS
/// when asked, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT). The
/// outbox sends few messages, so a connection pool would add nothing but state.
struct SMTPClient: MailTransport {
    let settings: SMTPSettings
    let eventLoopGroup: any EventLoopGroup
    var timeout: TimeInterval = 30
    /// Tests may trust a self-signed server; production uses the system's roots.
    var tlsConfiguration: TLSConfiguration = .makeClientConfiguration()

    func send(_ message: MailMessage) async throws {
        for address in [message.from, message.to] where !Self.isPlainAddress(address) {
            throw DeliveryError("Not a deliverable address: \(address.prefix(80))")
        }
        let handler = SMTPReplyHandler()
        let sslContext = settings.tls == .none ? nil : try NIOSSLContext(configuration: tlsConfiguration)
        let host = settings.host
        let implicitTLS = settings.tls == .tls
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.seconds(Int64(max(1, min(timeout, 30)))))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let sslContext {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: Self.sniName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        // One deadline for the whole conversation: closing the channel fails whatever waits.
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        let session = Session(channel: channel, handler: handler)
        do {
            try await converse(session, message: message, sslContext: sslContext)
            try? await channel.close().get()
        } catch {
            try? await channel.close().get()
            throw error
        }
    }

    private func converse(_ session: Session, message: MailMessage, sslContext: NIOSSLContext?) async throws {
        try await session.expect(220, after: "connecting")
        var ehlo = try await session.command("EHLO \(settings.heloName)", expect: 250)
        if settings.tls == .starttls {
            guard ehlo.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw DeliveryError("The mail server does not offer STARTTLS (set TRUSTLANE_SMTP_TLS=tls or none)")
            }
            try await session.command("STARTTLS", expect: 220)
            guard let sslContext else { throw DeliveryError("TLS is not set up") }
            let host = Self.sniName(settings.host)
            let channel = session.channel
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: host), position: .first)
            }.get()
            ehlo = try await session.command("EHLO \(settings.heloName)", expect: 250)
        }
        if let username = settings.username {
            let password = settings.password ?? ""
            let mechanisms = ehlo.lines.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased()
                .split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init) ?? []
            if mechanisms.contains("PLAIN") || mechanisms.isEmpty {
                let credentials = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(credentials)", expect: 235, redacted: "AUTH PLAIN ***")
            } else if mechanisms.contains("LOGIN") {
                try await session.command("AUTH LOGIN", expect: 334)
                try await session.command(Data(username.utf8).base64EncodedString(), expect: 334, redacted: "***")
                try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, redacted: "***")
            } else {
                throw DeliveryError("The mail server offers no AUTH mechanism Trustlane speaks (PLAIN, LOGIN): \(mechanisms.joined(separator: " "))")
            }
        }
        try await session.command("MAIL FROM:<\(message.from)>", expect: 250)
        try await session.command("RCPT TO:<\(message.to)>", expect: 250, 251)
        try await session.command("DATA", expect: 354)
        try await session.write(Self.dotStuffed(message.rendered) + "\r\n.\r\n")
        try await session.expect(250, after: "the message")
        _ = try? await session.command("QUIT", expect: 221)
    }

    /// Lines starting with a dot get a second one (RFC 5321 4.5.2), so a lone "." in the text
    /// cannot end the message early. Line ends become CRLF.
    static func dotStuffed(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }

    /// A bare `local@domain` without spaces, brackets or line ends.
    static func isPlainAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.count <= 254
            && !address.contains(where: { $0 == "<" || $0 == ">" || $0 == " " || $0 == "\r" || $0 == "\n" || $0 == "\0" })
    }

    /// SNI takes a host name, never an IP address.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
    }

    /// The channel and its reply handler, spoken to from async code.
    struct Session: Sendable {
        let channel: any Channel
        let handler: SMTPReplyHandler

        func write(_ text: String) async throws {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        }

        func next() async throws -> SMTPReply {
            let handler = handler
            let loop = channel.eventLoop
            return try await loop.flatSubmit { handler.nextReply(on: loop) }.get()
        }

        @discardableResult
        func expect(_ codes: Int..., after what: String) async throws -> SMTPReply {
            let reply = try await next()
            guard codes.contains(reply.code) else { throw DeliveryError("SMTP \(reply.code) after \(what): \(reply.text.prefix(200))") }
            return reply
        }

        @discardableResult
        func command(_ line: String, expect codes: Int..., redacted: String? = nil) async throws -> SMTPReply {
            try await write(line + "\r\n")
            let reply = try await next()
            guard codes.contains(reply.code) else {
                let shown = redacted ?? String(line.prefix(60))
                throw DeliveryError("SMTP \(reply.code) after \(shown): \(reply.text.prefix(200))")
            }
            return reply
        }
    }
}
