import Testing
@testable import TrustlaneCore
@Test func placeholder() { #expect(true) }
