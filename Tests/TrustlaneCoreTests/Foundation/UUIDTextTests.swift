import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct UUIDTextTests {
    @Test func readsWhatFoundationReadsInEitherCase() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(UUID(hyphenatedText: id.uuidString) == id)
            #expect(UUID(hyphenatedText: id.uuidString.lowercased()) == id)
        }
        let fixed = "00FF10aB-9c8D-4e7F-8a6b-5C4d3E2f1A0b"
        #expect(UUID(hyphenatedText: fixed) == UUID(uuidString: fixed))
        #expect(UUID(hyphenatedText: "00000000-0000-0000-0000-000000000000") == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
    }

    @Test func refusesWhatFoundationRefuses() {
        let good = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
        let bad = ["", "3f2504e0-4f89-11d3-9a0c-0305e82c330", good + "1", "3f2504e0x4f89-11d3-9a0c-0305e82c3301",
                   "3f2504e0-4f89-11d3-9a0c-0305e82c330g", "3f2504e04f8911d39a0c0305e82c3301",
                   "3f2504e0-4f89-11d3-9a0c-0305e82c33é"]
        for text in bad {
            #expect(UUID(hyphenatedText: text) == nil, "\(text)")
            #expect(UUID(uuidString: text) == nil, "\(text)")
        }
        #expect(UUID(hyphenatedText: good) == UUID(uuidString: good))
        // Stricter than Foundation, whose sscanf skips leading spaces; the row reader falls back
        // to the driver's decoding when this refuses, so what a row reads is unchanged.
        let spaced = " 3f2504e0-4f89-11d3-9a0c-0305e82c330"
        #expect(UUID(hyphenatedText: spaced) == nil)
        #expect(UUID(uuidString: spaced) != nil)
    }

    @Test func writesWhatFoundationWritesInLowerCase() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(hyphenatedText: id.lowercasedText) == id)
            #expect(CompanyID(id).description == id.uuidString.lowercased())
        }
        let edges = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                     UUID(uuidString: "00FF10AB-9C8D-4E7F-8A6B-5C4D3E2F1A0B")!]
        #expect(edges.map(\.lowercasedText) == ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                                                "00ff10ab-9c8d-4e7f-8a6b-5c4d3e2f1a0b"])
        // A company id in a route reads as Foundation reads it, and nothing looser.
        #expect(CompanyID(string: "00FF10AB-9C8D-4E7F-8A6B-5C4D3E2F1A0B")?.rawValue == edges[2])
        #expect(CompanyID(string: " 3f2504e0-4f89-11d3-9a0c-0305e82c330") == nil && CompanyID(string: "") == nil)
    }
}
