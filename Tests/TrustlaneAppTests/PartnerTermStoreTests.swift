import Foundation
import Testing
@testable import TrustlaneApp

/// The import's search terms held until its last write: 16 bytes a term and its text, sorted as
/// SQLite orders text (by bytes), each term read back as it was given.
@Suite("Partner import term store")
struct PartnerTermStoreTests {
    @Test func termsSortByTheirBytesThenPartnerAndReadBackAsGiven() {
        // Setup
        let given: [(String, Int)] = [("sinar", 3), ("jaya", 0), ("sinar", 1), ("ñandú", 2), ("zz", 4), ("s", 5), ("sinara", 0),
                                      ("日本", 6), ("abadi", 7), ("12", 8), ("jaya", 9)]
        var store = BusinessPartnerService.TermStore()
        store.reserve(terms: 4, bytes: 8)
        for (term, partner) in given { store.append(term, partner: partner) }
        // Act
        store.sort()
        // Verify
        let expected = given.sorted { a, b in
            let x = Array(a.0.utf8), y = Array(b.0.utf8)
            return x.lexicographicallyPrecedes(y) || (x == y && a.1 < b.1)
        }
        #expect(store.count == given.count)
        #expect((0..<store.count).map { store.term($0).term } == expected.map(\.0))
        #expect((0..<store.count).map { store.term($0).partner } == expected.map(\.1))
    }

    /// As an import keeps them: each chunk's terms sorted as it is made, then all of them.
    /// Terms sharing their first eight bytes (decided past them), shorter than eight, and
    /// outside ASCII.
    @Test func chunksSortedOneByOneThenTogetherGiveTheSameOrder() {
        // Setup
        var generator = SystemRandomNumberGenerator()
        let words = ["abcdefgh", "abcdefghi", "abcdefgha", "abcdefgh", "abcdefg", "abcdefghz", "zz", "s", "sinar", "sinara", "ñandú",
                     "日本語の名前", "日本", "12345678901", "1234567890", "k", "jaya", "jayabaya", "jayabayas"]
        let given: [(String, Int)] = (0..<3_000).map { index in (words.randomElement(using: &generator)!, index / 7) }
        var store = BusinessPartnerService.TermStore()
        var start = 0
        // Act
        for (index, (term, partner)) in given.enumerated() {
            store.append(term, partner: partner)
            if index % 500 == 499 || index == given.count - 1 {
                store.sortTail(from: start)
                start = store.count
            }
        }
        store.sort()
        // Verify
        let expected = given.sorted { a, b in
            let x = Array(a.0.utf8), y = Array(b.0.utf8)
            return x.lexicographicallyPrecedes(y) || (x == y && a.1 < b.1)
        }
        #expect((0..<store.count).map { store.term($0).term } == expected.map(\.0))
        #expect((0..<store.count).map { store.term($0).partner } == expected.map(\.1))
    }

    @Test func anEmptyTermOrOneHoldingAZeroByteIsLeftOut() {
        var store = BusinessPartnerService.TermStore()
        store.append("", partner: 0)
        store.append("a\u{0}b", partner: 1)
        store.append("kept", partner: 2)
        store.sort()
        #expect(store.count == 1)
        #expect(store.term(0) == ("kept", 2))
    }
}
