import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Profile messages")
struct ProfileMessageTests {
    @Test func everyKeyIsUniqueAndNamespaced() {
        let keys = ProfileMessage.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0.hasPrefix("profile.error.") })
        #expect(keys.allSatisfy { $0.range(of: #"^[a-z0-9_.]+$"#, options: .regularExpression) != nil })
    }

    @Test func everyMessageOfTheSourceIsListed() throws {
        // The catalog file is the one place messages are declared; `all` must not miss one.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TrustlaneCore/SecurityProfiles/ProfileMessage+Catalog.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        let declared = text.components(separatedBy: "public static let ").dropFirst().count - 1 // minus `all`
        #expect(declared == ProfileMessage.all.count)
    }

    @Test func renderFillsPlaceholders() {
        let error = ProfileMessage.tooLong.fieldError("title", ["max": "200"])
        #expect(error.message == "Use at most 200 characters.")
        #expect(error.messageKey == "profile.error.too_long")
        #expect(error.arguments == ["max": "200"])
        #expect(ProfileMessage.fileEmpty.render() == "The file is empty. Choose the file again.")
    }

    @Test func fieldNamesOfAnswerAndActionFormsAreSnakeCase() {
        #expect(AnswerField.allCases.map(\.rawValue) == ["status", "narrative", "not_applicable_reason", "responsible", "evidence"])
    }
}
