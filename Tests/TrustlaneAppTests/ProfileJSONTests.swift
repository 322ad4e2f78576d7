import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// The profile document written by `JSONWriter` is the JSON `JSONEncoder` writes for it.
    @Suite("Profile JSON")
    struct ProfileJSONTests {
        static let tricky = [
            "", "plain", "quote \" backslash \\ slash / </script>", "line\nbreak\r\ttab", "bell \u{07} unit \u{1F} null \u{00} del \u{7F}",
            "Pemeriksaan 17 titik — señal, ñ, 中文, emoji 🚚, separator \u{2028} \u{2029}", "\u{08}\u{0C}",
        ]

        static func encoder() -> JSONEncoder {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return encoder
        }

        @Test func stringsAreEscapedByteForByteAsJSONEncoderDoes() throws {
            var writer = JSONWriter()
            writer.strings(Self.tricky)
            let written = String(buffer: writer.buffer)
            let encoded = String(decoding: try Self.encoder().encode(Self.tricky), as: UTF8.self)
            #expect(written == encoded)
            var dated = JSONWriter()
            let date = Date(timeIntervalSince1970: 1_780_000_000.75)
            dated.beginArray(); dated.date(date); dated.uuid(UUID(uuidString: "0A1B2C3D-0000-4000-8000-00000000ABCD")!); dated.endArray()
            #expect(String(buffer: dated.buffer) == String(decoding: try Self.encoder().encode([date]), as: UTF8.self).dropLast() + ",\"0A1B2C3D-0000-4000-8000-00000000ABCD\"]")
            // Written byte by byte, as `uuidString` writes it, for any UUID.
            let ids = (0..<200).map { _ in UUID() }
            var many = JSONWriter()
            many.beginArray()
            for id in ids { many.uuid(id) }
            many.endArray()
            #expect(String(buffer: many.buffer) == "[" + ids.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]")
        }

        @Test func theAPIProfileIsTheDocumentJSONEncoderWouldWrite() async throws {
            try await withTrustlane { client in
                let f = try await SecurityProfile.fixture(client)
                let token = try await client.token(for: f.officer)
                let base = "/api/v1/companies/\(f.company.companyID)/profile"
                let opened = try await client.api(.POST, base, token: token, json: #"{"entityTypes": ["IMP"]}"#)
                #expect(opened.status == .created)
                let profile = try JSONDecoder.iso.decode(ProfileResponse.self, from: Data(opened.text.utf8))
                // Narratives with the characters the answer form accepts (it refuses control characters,
                // which the first test covers), and a responsible person with quotes and a slash.
                let narratives = ["quote \" backslash \\ slash / </script>", "line\nbreak\ttab", "Pemeriksaan 17 titik — señal, ñ, 中文, emoji 🚚"]
                for (index, text) in narratives.enumerated() {
                    let answer = profile.answers[index]
                    let body = String(decoding: try JSONEncoder().encode(["status": "partly", "narrative": text, "responsible": "Dewi \"QA\"/Ops"]), as: UTF8.self)
                        .dropLast() + ",\"baseVersion\":\(answer.version)}"
                    let saved = try await client.api(.PUT, "\(base)/answers/\(answer.criterionId)", token: token, json: String(body))
                    #expect(saved.status == .ok, "\(saved.text.prefix(200))")
                }
                let served = try await client.api(.GET, base, token: token)
                #expect(served.status == .ok)
                #expect(served.headers.contentType == .json)
                let decoded = try JSONDecoder.iso.decode(ProfileResponse.self, from: Data(served.text.utf8))
                for (index, text) in narratives.enumerated() {
                    #expect(decoded.answers[index].narrative == text)
                    #expect(decoded.answers[index].responsible == "Dewi \"QA\"/Ops")
                    #expect(decoded.answers[index].updatedAt != nil)
                }
                // The same value through JSONEncoder: the same JSON, key for key.
                let expected = try JSONSerialization.jsonObject(with: try Self.encoder().encode(decoded)) as? NSDictionary
                let actual = try JSONSerialization.jsonObject(with: Data(served.text.utf8)) as? NSDictionary
                #expect(actual != nil && actual == expected)
                // Optional values left out as JSONEncoder leaves them out, not written as null.
                #expect(!served.text.contains("null"))
            }
        }
    }
}
