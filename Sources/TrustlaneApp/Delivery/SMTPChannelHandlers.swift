import NIOCore

/// One SMTP reply: the three-digit code and the text of each line (a multi-line reply such as
/// EHLO's lists one extension per line).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    var text: String { lines.joined(separator: " / ") }
}

/// Splits inbound bytes into lines (CRLF or a bare LF), without the line end.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    static let maximumLineLength = 4096

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw DeliveryError("The mail server sent a line longer than \(Self.maximumLineLength) bytes") }
            return .needMoreData
        }
        // Bytes, not Characters: Swift reads "\r\n" as one Character, so hasSuffix("\n") misses it.
        var bytes = buffer.readBytes(length: newline - buffer.readerIndex + 1) ?? []
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        context.fireChannelRead(wrapInboundOut(String(decoding: bytes, as: UTF8.self)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        .needMoreData
    }
}

/// Gathers lines into replies (`250-...` continues, `250 ...` ends) and hands each to the next
/// waiter. Used only on its channel's event loop; the client reaches it through `flatSubmit`.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = String

    private var partial: [String] = []
    private var replies: [Result<SMTPReply, any Error>] = []
    private var waiters: [EventLoopPromise<SMTPReply>] = []
    private var closedError: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, let code = Int(String(decoding: utf8[0..<3], as: UTF8.self)) else {
            deliver(.failure(DeliveryError("The mail server sent an unreadable reply: \(line.prefix(80))")))
            return
        }
        let rest = utf8.count > 4 ? String(decoding: utf8[4...], as: UTF8.self) : ""
        partial.append(rest)
        if utf8.count > 3 && utf8[3] == UInt8(ascii: "-") { return }
        let reply = SMTPReply(code: code, lines: partial)
        partial = []
        deliver(.success(reply))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(DeliveryError("The mail server closed the connection"))
        context.fireChannelInactive()
    }

    /// The next reply, already received or still to come. Call on the event loop.
    func nextReply(on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty {
            switch replies.removeFirst() {
            case .success(let reply): return loop.makeSucceededFuture(reply)
            case .failure(let error): return loop.makeFailedFuture(error)
            }
        }
        if let closedError { return loop.makeFailedFuture(closedError) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiters.append(promise)
        return promise.futureResult
    }

    private func deliver(_ result: Result<SMTPReply, any Error>) {
        if waiters.isEmpty { replies.append(result); return }
        let waiter = waiters.removeFirst()
        switch result {
        case .success(let reply): waiter.succeed(reply)
        case .failure(let error): waiter.fail(error)
        }
    }

    private func fail(_ error: any Error) {
        if closedError == nil { closedError = error }
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.fail(error) }
    }
}
