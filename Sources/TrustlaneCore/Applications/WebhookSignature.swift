import Crypto
import Foundation

/// Signs webhook deliveries so receivers can check they come from Trustlane and were not
/// replayed.
///
/// Header: `Trustlane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the HMAC key is
/// the webhook's secret (UTF-8) and the message is `<t>.<raw request body>`. A receiver
/// recomputes it, compares in constant time, and rejects timestamps more than the tolerance
/// (default 5 minutes) away from its clock. Several `v1=` entries may appear while a secret is
/// being rotated; one match is enough.
public enum WebhookSignature {
    /// The HTTP header carrying the signature.
    public static let headerName = "Trustlane-Signature"
    /// The default accepted clock difference, in seconds.
    public static let defaultTolerance: TimeInterval = 300

    /// Why a signature was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// The header is not `t=<digits>,v1=<hex>`.
        case malformed
        /// The timestamp is further from now than the tolerance.
        case outsideTolerance
        /// No `v1` entry matches the body and secret.
        case mismatch
    }

    /// Hex HMAC-SHA256 of `message` under `key`.
    public static func hmacHex(message: Data, key: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return Hex.lowercase(code)
    }

    /// The header value for a body sent at `timestamp` (whole seconds).
    public static func header(body: Data, secret: String, timestamp: Date) -> String {
        let seconds = Int(timestamp.timeIntervalSince1970)
        return "t=\(seconds),v1=\(signature(body: body, secret: secret, seconds: seconds))"
    }

    /// Checks a received header; returns the signed timestamp when valid.
    public static func verify(header: String, body: Data, secret: String, now: Date,
                              tolerance: TimeInterval = defaultTolerance) -> Result<Date, Failure> {
        var seconds: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return .failure(.malformed) }
            switch pair[0] {
            case "t":
                guard seconds == nil, !pair[1].isEmpty, pair[1].utf8.count <= 12,
                      pair[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(pair[1]) else { return .failure(.malformed) }
                seconds = value
            case "v1":
                guard pair[1].utf8.count == 64 else { return .failure(.malformed) }
                signatures.append(pair[1].lowercased())
            default:
                continue // unknown schemes are ignored, as future versions may add some
            }
        }
        guard let seconds, !signatures.isEmpty else { return .failure(.malformed) }
        let signedAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard abs(now.timeIntervalSince(signedAt)) <= tolerance else { return .failure(.outsideTolerance) }
        let expected = signature(body: body, secret: secret, seconds: seconds)
        // Every entry is compared (no early exit), so timing does not reveal which one matched.
        var matched = false
        for candidate in signatures where SecureToken.constantTimeEquals(candidate, expected) { matched = true }
        return matched ? .success(signedAt) : .failure(.mismatch)
    }

    private static func signature(body: Data, secret: String, seconds: Int) -> String {
        var message = Data("\(seconds).".utf8)
        message.append(body)
        return hmacHex(message: message, key: Data(secret.utf8))
    }
}
