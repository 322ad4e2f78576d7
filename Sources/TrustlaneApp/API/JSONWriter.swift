import Foundation
import NIOCore
import Vapor

/// JSON written straight into a buffer, for the API's hottest documents (a profile of 119
/// answers): Foundation's `JSONEncoder` built a tree of boxes per value and was a fifth of
/// `GET .../profile`. The output is what the configured `JSONEncoder` writes for the same
/// `Encodable` value (ISO 8601 dates, UUIDs in capitals, slashes unescaped, `nil` keys left
/// out); tests compare the two.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    /// Whether the next value in the current object or array needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 16_384) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() { separator(); buffer.writeInteger(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { buffer.writeInteger(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); buffer.writeInteger(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { buffer.writeInteger(UInt8(ascii: "]")); needsComma = true }

    /// A key of the current object; its value follows.
    mutating func key(_ name: String) {
        separator()
        writeString(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) { separator(); writeString(value); needsComma = true }
    mutating func int(_ value: Int) { separator(); buffer.writeString(String(value)); needsComma = true }
    mutating func bool(_ value: Bool) { separator(); buffer.writeString(value ? "true" : "false"); needsComma = true }
    mutating func null() { separator(); buffer.writeStaticString("null"); needsComma = true }
    /// As `uuidString` writes it (capitals, 8-4-4-4-12), straight into the buffer: no string
    /// is made (an import's 400,000 term rows each name their partner).
    mutating func uuid(_ value: UUID) {
        separator()
        buffer.writeInteger(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { bytes in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = Self.upperHex[Int(byte >> 4)]
                    out[at + 1] = Self.upperHex[Int(byte & 0x0f)]
                    at += 2
                }
                return at
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        needsComma = true
    }
    mutating func date(_ value: Date) { string(value.formatted(.iso8601)) }
    mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// `key: value`, or nothing when the value is nil (as `encodeIfPresent`).
    mutating func field(_ name: String, _ value: String?) { if let value { key(name); string(value) } }
    mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    mutating func field(_ name: String, _ value: Date?) { if let value { key(name); date(value) } }
    mutating func field(_ name: String, _ values: [String]) { key(name); strings(values) }

    private static let hex = Array("0123456789abcdef".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    private mutating func separator() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    /// A JSON string: quote, backslash and control characters escaped (`\n`, `\u001f` ...),
    /// everything else as its UTF-8 bytes, as `JSONEncoder` writes it.
    private mutating func writeString(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        // Most text needs no escape and is copied whole.
        if !value.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            buffer.writeString(value)
        } else {
            for byte in value.utf8 {
                switch byte {
                case 0x22: buffer.writeStaticString("\\\"")
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                case 0..<0x20:
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(Self.hex[Int(byte >> 4)])
                    buffer.writeInteger(Self.hex[Int(byte & 0x0F)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// The document as a JSON response.
    func response(status: HTTPStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: buffer))
    }
}
