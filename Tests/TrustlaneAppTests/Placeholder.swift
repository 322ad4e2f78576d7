import Testing
import VaporTesting
@testable import TrustlaneApp
@Test func placeholder2() { #expect(true) }
