import Fluent
import Foundation
import NIOCore
import NIOPosix
import SQLKit
import TrustlaneCore
import Vapor
@testable import TrustlaneApp

/// A mail transport that records what it is given, failing the first `failures` times.
final class FakeMailTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private var messages: [MailMessage] = []

    init(failures: Int = 0) { failuresLeft = failures }

    func send(_ message: MailMessage) async throws {
        try lock.withLock {
            if failuresLeft > 0 { failuresLeft -= 1; throw DeliveryError("fake server refused") }
            messages.append(message)
        }
    }

    var sent: [MailMessage] { lock.withLock { messages } }
    func failNext(_ count: Int) { lock.withLock { failuresLeft = count } }
}

extension TestClient {
    /// A row in the outbox, as the lifecycle would queue it.
    @discardableResult
    func queueNotification(channel: String, recipient: UUID?, company: UUID?, key: String = "notification.certify",
                           parameters: [String: String] = ["tier": "Tier I", "entity_type": "HC"], at now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await (db as! any SQLDatabase).insert(into: "notifications")
            .columns("id", "dedupe_key", "recipient_id", "company_id", "channel", "message_key", "parameters", "link",
                     "created_at", "attempts")
            .values(SQLBind(id), SQLBind("test:\(id)"), SQLBind(recipient), SQLBind(company), SQLBind(channel), SQLBind(key),
                    SQLBind(MembershipStore.json(parameters)), SQLBind("/notifications"), SQLBind(now), SQLBind(0))
            .run()
        return id
    }

    struct OutboxState: Decodable {
        let attempts: Int
        let sent_at: Date?
        let next_attempt_at: Date?
        let last_error: String?
    }

    func outboxState(_ id: UUID) async throws -> OutboxState? {
        try await (db as! any SQLDatabase).select().columns("attempts", "sent_at", "next_attempt_at", "last_error")
            .from("notifications").where("id", .equal, SQLBind(id)).first(decoding: OutboxState.self)
    }

    /// A membership in good standing (or `status`), stored as the lifecycle stores it.
    @discardableResult
    func makeMembership(_ company: CompanyModel, type: EntityType = .highwayCarrier, status: MembershipStatus = .certified,
                        tier: Tier? = .one, certifiedAt: Date = Date(timeIntervalSince1970: 1_735_689_600)) async throws -> MembershipApplication {
        var dates = MembershipDates()
        dates.appliedAt = certifiedAt.addingTimeInterval(-30 * 86_400)
        dates.certifiedAt = certifiedAt
        let application = MembershipApplication(companyID: company.companyID, entityType: type, status: status, tier: tier, dates: dates)
        try await MembershipStore(db).insert(application, now: Date(), clocks: LifecycleService.clocks(app))
        return application
    }
}

/// A tiny SMTP server on 127.0.0.1 for the client's dialogue test: records every line it gets.
final class FakeSMTPServer: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [String] = []
    private var dataLines: [String] = []
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private(set) var port = 0
    private var channel: (any Channel)?

    var lines: [String] { lock.withLock { received } }
    var data: [String] { lock.withLock { dataLines } }

    func record(_ line: String, data: Bool) { lock.withLock { if data { dataLines.append(line) } else { received.append(line) } } }

    func start() async throws {
        let server = self
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try child.pipeline.syncOperations.addHandler(FakeSMTPHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    func stop() async throws {
        try await channel?.close().get()
        try await group.shutdownGracefully()
    }
}

private final class FakeSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = String
    let server: FakeSMTPServer
    var inData = false

    init(server: FakeSMTPServer) { self.server = server }

    func channelActive(context: ChannelHandlerContext) { reply(context, "220 fake.test ESMTP ready") }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        if inData {
            if line == "." { inData = false; reply(context, "250 2.0.0 queued") } else { server.record(line, data: true) }
            return
        }
        server.record(line, data: false)
        let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
        switch verb {
        case "EHLO": reply(context, "250-fake.test greets you\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000000")
        case "AUTH": reply(context, "235 2.7.0 authenticated")
        case "MAIL", "RCPT": reply(context, "250 2.1.0 ok")
        case "DATA": inData = true; reply(context, "354 end with <CRLF>.<CRLF>")
        case "QUIT": context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 bye\r\n"))).whenComplete { _ in context.close(promise: nil) }
        default: reply(context, "502 5.5.2 not implemented")
        }
    }

    typealias OutboundOut = ByteBuffer
    func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
