import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which webhook URLs Trustlane will POST to: http or https only, no credentials in the URL,
/// and (unless a setting allows it) no loopback, private, link-local or otherwise internal
/// address, so a company cannot point the server at its own network.
enum WebhookTarget {
    static let maximumLength = 500

    enum Problem: String, Sendable {
        case invalid = "webhook.error.invalid_url"
        case scheme = "webhook.error.scheme"
        case privateTarget = "webhook.error.private_target"
        case unresolvable = "webhook.error.unresolvable"

        var message: String {
            switch self {
            case .invalid: "The webhook URL is not a valid absolute URL (at most 500 characters, no user or password in it)"
            case .scheme: "The webhook URL must start with https:// or http://"
            case .privateTarget: "The webhook URL points to a loopback, private or internal address, which is not allowed"
            case .unresolvable: "The webhook host name does not resolve"
            }
        }
    }

    /// The URL's shape (no network access).
    static func check(_ text: String) -> Problem? {
        guard text.count <= maximumLength, !text.contains(where: { $0.isWhitespace }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return .invalid }
        guard scheme == "https" || scheme == "http" else { return .scheme }
        guard let host = url.host, !host.isEmpty, url.user == nil, url.password == nil else { return .invalid }
        return nil
    }

    /// The shape, then every address the host resolves to, unless private targets are allowed.
    static func checkReachable(_ text: String, allowPrivate: Bool) async -> Problem? {
        if let problem = check(text) { return problem }
        guard !allowPrivate, let host = URL(string: text)?.host else { return nil }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let lower = bare.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower.hasSuffix(".internal") || lower.hasSuffix(".local") {
            return .privateTarget
        }
        let addresses = await resolve(bare)
        guard !addresses.isEmpty else { return .unresolvable }
        return addresses.contains(where: isInternal) ? .privateTarget : nil
    }

    /// Addresses as bytes (4 for IPv4, 16 for IPv6).
    static func resolve(_ host: String) async -> [[UInt8]] {
        await Task.detached {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
            hints.ai_socktype = SOCK_STREAM
            #endif
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [[UInt8]] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                if info.pointee.ai_family == AF_INET, let raw = info.pointee.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        addresses.append(withUnsafeBytes(of: &address) { Array($0) })
                    }
                } else if info.pointee.ai_family == AF_INET6, let raw = info.pointee.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        addresses.append(withUnsafeBytes(of: &address) { Array($0) })
                    }
                }
                cursor = info.pointee.ai_next
            }
            return addresses
        }.value
    }

    /// Loopback, private, link-local, carrier-grade NAT, unspecified, multicast and reserved
    /// ranges; IPv4-mapped IPv6 addresses are judged as IPv4.
    static func isInternal(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            return a == 0 || a == 10 || a == 127 || a >= 224 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
                || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) || (a == 198 && (b == 18 || b == 19))
        }
        guard bytes.count == 16 else { return true }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return isInternal(Array(bytes[12..<16])) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true } // :: and ::1
        if bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80 { return true } // fe80::/10 link-local
        if (bytes[0] & 0xfe) == 0xfc { return true } // fc00::/7 unique local
        return bytes[0] == 0xff // multicast
    }
}
