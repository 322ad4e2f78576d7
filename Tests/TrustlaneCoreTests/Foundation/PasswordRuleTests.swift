import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 9, item 8: passwords are checked against a blocklist and their context (NIST 800-63B).
@Suite struct PasswordRuleTests {
    static func problem(_ password: String, field: String = "password", context: PasswordContext = PasswordContext()) -> FieldError? {
        var errors: [FieldError] = []
        let accepted = PasswordRule.check(password, confirmation: password, field: field, context: context, into: &errors)
        #expect((accepted == nil) == !errors.isEmpty)
        return errors.first
    }

    @Test func onlySpacesAreRefused() {
        for blank in [String(repeating: " ", count: 12), String(repeating: "\t", count: 14), "  \n  \u{3000}       "] {
            let error = Self.problem(blank)
            #expect(error?.messageKey == "error.password_blank" && error?.field == "password")
        }
    }

    @Test func commonPasswordsAndRepeatedPatternsAreRefusedWhateverTheirCase() {
        #expect(CommonPasswords.shared.count > 3000)
        for common in ["aaaaaaaaaaaa", "AAAAAAAAAAAAAAAAAAAA", "abababababab", "123123123123", "Password1234", "PASSWORD123!",
                       "qwertyuiop123", "1q2w3e4r5t6y", "123456789012", "iloveyou2024", "welcome12345", "abcdefghijkl"] {
            let error = Self.problem(common)
            #expect(error?.messageKey == "error.password_common", "\(common): \(String(describing: error))")
            #expect(error.map { !$0.message.contains(common) } ?? false, "the message never repeats the password")
        }
    }

    @Test func theAccountsEmailNameAndServiceNameAreRefused() {
        let context = PasswordContext(email: "ana.lopez@norte.example", name: "Ana López Ruiz")
        #expect(Self.problem("ana.lopez@norte.example", context: context)?.messageKey == "error.password_has_email")
        #expect(Self.problem("Ana.Lopez2026!", context: context)?.messageKey == "error.password_has_email")
        #expect(Self.problem("my ana.lopez@norte.example!", context: context)?.messageKey == "error.password_has_email")
        #expect(Self.problem("LópezRuiz1990", context: context)?.messageKey == "error.password_has_name")
        #expect(Self.problem("Trustlane2026!", context: context)?.messageKey == "error.password_has_service_name")
        #expect(Self.problem("ctpat-ctpat-12", context: context)?.messageKey == "error.password_has_service_name")
    }

    @Test func theCurrentPasswordIsRefusedOnAChangeNamingTheField() {
        let context = PasswordContext(email: "ana@example.com", name: "Ana", currentPassword: "violet rivers at noon")
        let error = Self.problem("Violet Rivers at noon", field: "new_password", context: context)
        #expect(error?.messageKey == "error.password_is_current" && error?.field == "new_password")
        #expect(error?.message.contains("new_password") == true)
    }

    @Test func goodPassphrasesPass() {
        let context = PasswordContext(email: "ana.lopez@norte.example", name: "Ana López", currentPassword: "violet rivers at noon")
        for good in ["correct horse battery staple", "a brand new passphrase", "benchmark password 2026", "ana reads trustlane guides daily",
                     "tiga kucing makan nasi", "Zq8#mW2!pL0v"] {
            #expect(Self.problem(good, context: context) == nil, "\(good)")
        }
    }

    @Test func theBlocklistFileIsBoundedLowerCasedAndLongEnoughToMatter() {
        #expect(CommonPasswords.shared.count < 20_000)
        #expect(CommonPasswords.shared.contains("password1234"))
        #expect(!CommonPasswords.shared.contains("Password1234"))
    }
}
