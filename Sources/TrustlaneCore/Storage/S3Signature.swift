import Crypto
import Foundation

/// AWS Signature Version 4 for S3-compatible object stores (AWS S3, MinIO, Ceph, Garage, moto):
/// the headers a request must carry to be accepted. Pure: the caller gives the time and the
/// payload's SHA-256, so the same inputs always give the same signature (tested against the
/// example in AWS's S3 documentation, "Signature Calculations for the Authorization Header").
public struct S3Signature: Sendable {
    public let accessKeyID: String
    public let secretAccessKey: String
    public let region: String

    public init(accessKeyID: String, secretAccessKey: String, region: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
    }

    /// The SHA-256 of an empty payload, for requests without a body.
    public static let emptyPayloadSHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The headers to send: `headers` (which must hold `host`), plus `x-amz-date`,
    /// `x-amz-content-sha256` and `authorization`. Every header given is signed.
    /// `path` is the request's path as sent, already percent-encoded (see `encodePath`).
    public func signedHeaders(method: String, path: String, query: [(String, String)] = [], headers: [String: String],
                              payloadSHA256: String, at date: Date) -> [String: String] {
        let (amzDate, day) = Self.timestamps(date)
        var all: [String: String] = [:]
        for (name, value) in headers { all[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        all["x-amz-date"] = amzDate
        all["x-amz-content-sha256"] = payloadSHA256
        let names = all.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(all[$0]!)\n" }.joined()
        let signed = names.joined(separator: ";")
        let canonicalQuery = Self.canonicalQuery(query)
        let canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, signed, payloadSHA256].joined(separator: "\n")
        let scope = "\(day)/\(region)/s3/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Hex.lowercase(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, "s3", "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        all["authorization"] = "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signed), Signature=\(signature)"
        return all
    }

    /// The query as signed: names and values percent-encoded, sorted by name then value, joined
    /// with `&`. Send the request with this very string after `?`, so the store reads what was signed.
    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        var pairs: [(name: String, value: String)] = []
        for (name, value) in query { pairs.append((encode(name, keepSlash: false), encode(value, keepSlash: false))) }
        pairs.sort { (a: (name: String, value: String), b: (name: String, value: String)) -> Bool in
            a.name == b.name ? a.value < b.value : a.name < b.name
        }
        return pairs.map { (pair: (name: String, value: String)) -> String in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// A path with each segment percent-encoded as S3 expects (unreserved characters and `/` kept).
    public static func encodePath(_ path: String) -> String { encode(path, keepSlash: true) }

    static func encode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out += "/"
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
            }
        }
        return out
    }

    /// `20130524T000000Z` and `20130524`, in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : String(v) }
        let day = "\(c.year ?? 1970)\(two(c.month))\(two(c.day))"
        return ("\(day)T\(two(c.hour))\(two(c.minute))\(two(c.second))Z", day)
    }
}
