import Foundation

/// An IP address (v4 or v6) as its bytes, or a range of them (`10.0.0.0/8`, `fd00::/8`).
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefixLength: Int

    /// Parses `1.2.3.4`, `::1`, `10.0.0.0/8` or `2001:db8::/32`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let bytes = IPAddressRange.parseAddress(String(parts[0])) else { return nil }
        let maxLength = bytes.count * 8
        var length = maxLength
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maxLength).contains(parsed) else { return nil }
            length = parsed
        }
        self.bytes = bytes
        self.prefixLength = length
    }

    public var description: String { "\(bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : "ipv6")/\(prefixLength)" }

    /// Whether `address` (a parsed single address) lies in this range. IPv4-mapped IPv6
    /// addresses (`::ffff:1.2.3.4`) match IPv4 ranges.
    public func contains(_ address: [UInt8]) -> Bool {
        var candidate = address
        if bytes.count == 4, candidate.count == 16, candidate[0..<10].allSatisfy({ $0 == 0 }), candidate[10] == 0xFF, candidate[11] == 0xFF {
            candidate = Array(candidate[12...])
        }
        guard candidate.count == bytes.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if candidate[index] & mask != bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The bytes of one address: 4 for IPv4, 16 for IPv6 (a `%zone` is ignored); nil if malformed.
    public static func parseAddress(_ raw: String) -> [UInt8]? {
        var text = raw
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        if !text.contains(":") { return parseIPv4(text) }
        return parseIPv6(text)
    }

    static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(part), !(part.count > 1 && part.hasPrefix("0")) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt8]? {
            if part.isEmpty { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(String(piece)) else { return nil }
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        if halves.count == 1 {
            guard let bytes = groups(halves[0], allowIPv4Tail: true), bytes.count == 16 else { return nil }
            return bytes
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
              head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// Who is really asking, when requests may pass through reverse proxies.
///
/// `X-Forwarded-For` is written by whoever sent the request, so it is believed only as far as
/// the proxies the operator configured as trusted: starting from the connection's own peer,
/// each trusted hop hands over to the address it reports; the first hop that is not trusted is
/// the client. With no trusted proxies the peer is the client and the header is ignored.
public enum ClientAddress {
    /// The client's address as text, for throttling and logs.
    /// - Parameters:
    ///   - peer: the connection's remote address (`1.2.3.4` or `::1`); nil when unknown.
    ///   - forwardedFor: every `X-Forwarded-For` header value, in the order received.
    ///   - trustedProxies: the ranges whose reports are believed.
    public static func resolve(peer: String?, forwardedFor: [String], trustedProxies: [IPAddressRange]) -> String {
        guard let peer, !peer.isEmpty else { return "unknown" }
        guard !trustedProxies.isEmpty else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var current = peer
        var remaining = hops[...]
        while let bytes = IPAddressRange.parseAddress(current), trustedProxies.contains(where: { $0.contains(bytes) }),
              let next = remaining.popLast() {
            // A trusted proxy that reports garbage: stop at the proxy rather than believe it.
            guard IPAddressRange.parseAddress(next) != nil else { return current }
            current = next
        }
        return current
    }

    /// Whether the address is a loopback one (127.0.0.0/8, ::1, or IPv4-mapped loopback).
    public static func isLoopback(_ address: String?) -> Bool {
        guard let address, let bytes = IPAddressRange.parseAddress(address) else { return false }
        return loopback.contains { $0.contains(bytes) }
    }

    static let loopback = [IPAddressRange("127.0.0.0/8")!, IPAddressRange("::1/128")!]

    /// Parses a comma-separated list of addresses and ranges; returns the entries it could not read.
    public static func parseList(_ text: String) -> (ranges: [IPAddressRange], invalid: [String]) {
        var ranges: [IPAddressRange] = []
        var invalid: [String] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let range = IPAddressRange(item) { ranges.append(range) } else { invalid.append(item) }
        }
        return (ranges, invalid)
    }
}

/// Who may read `/metrics`: with a configured token, whoever presents it (from anywhere);
/// without one, only a direct loopback connection that no proxy forwarded.
public enum MetricsAccess {
    public static func allows(configuredToken: String?, presentedToken: String?, peer: String?, forwarded: Bool) -> Bool {
        if let configuredToken, !configuredToken.isEmpty {
            guard let presentedToken else { return false }
            return SecureToken.constantTimeEquals(presentedToken, configuredToken)
        }
        return !forwarded && ClientAddress.isLoopback(peer)
    }
}
