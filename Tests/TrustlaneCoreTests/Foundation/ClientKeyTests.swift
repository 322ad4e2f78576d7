import Foundation
import Testing
@testable import TrustlaneCore

/// The key a phone gives a submission it may send twice: letters, digits, '-' and '_', at most
/// 100; none given is no key; anything else is refused by the field's name.
@Suite("Client keys")
struct ClientKeyTests {
    @Test func aUUIDOrAShortTokenIsAKeyAndBlankIsNone() throws {
        #expect(try ClientKey.parse("  0b7c1e9a-5f3d-4c2a-9e1f-3a6b8d2c4e10 ") == "0b7c1e9a-5f3d-4c2a-9e1f-3a6b8d2c4e10")
        #expect(try ClientKey.parse("phone_7-a") == "phone_7-a")
        #expect(try ClientKey.parse(String(repeating: "a", count: ClientKey.maxLength)) != nil)
        #expect(try ClientKey.parse(nil) == nil)
        #expect(try ClientKey.parse("   ") == nil)
    }

    @Test func anythingElseIsRefusedByTheFieldsName() {
        for bad in ["key with spaces", "drop;table", "ключ", "a/b", String(repeating: "a", count: ClientKey.maxLength + 1)] {
            var errors: [FieldError] = []
            #expect(ClientKey.parse(bad, field: "clientKey", into: &errors) == nil, "\(bad)")
            #expect(errors.map(\.field) == ["clientKey"] && errors.first?.messageKey == "error.client_key")
        }
        #expect(throws: ValidationFailure.self) { try ClientKey.parse("no spaces allowed") }
    }
}
