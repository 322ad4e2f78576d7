import Foundation
import Testing
@testable import TrustlaneApp

/// The import's search terms held until its last write: 8 bytes a term and its text, sorted as
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
