import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct InputRulesTests {
    @Test func companyDraftCollectsEveryProblem() {
        let input = CompanyDraft.Input(legalName: "  ", country: "XX", address: nil, entityTypes: ["IMP", "NOPE"],
                                       identifiers: [.scac: String(repeating: "A", count: 65)], otherIdentifiers: "ok: 1\nbroken line")
        guard case .failure(let failure) = CompanyDraft.validate(input) else { Issue.record("accepted"); return }
        #expect(Set(failure.errors.map(\.field)) == ["legal_name", "country", "entity_types", "scac", "other_identifiers"])
        #expect(failure.message(for: "other_identifiers")?.message.contains("line 2") == true)
    }

    @Test func companyDraftNormalizes() throws {
        let input = CompanyDraft.Input(legalName: " Norte SA ", country: "mx", address: "  ", entityTypes: ["mlh", "HC", "HC"],
                                       identifiers: [.scac: " TFNT "], otherIdentifiers: "SCT permit: 1902\n\n")
        let draft = try CompanyDraft.validate(input).get()
        #expect(draft.legalName == "Norte SA" && draft.country.code == "MX" && draft.address == nil)
        #expect(draft.entityTypes == [.highwayCarrier, .mexicanLongHaulCarrier])
        #expect(draft.identifiers.contains(CompanyIdentifier(kind: .scac, value: "TFNT")))
        #expect(draft.identifiers.contains(CompanyIdentifier(kind: .other, label: "SCT permit", value: "1902")))
    }

    @Test func emailAddresses() {
        #expect(EmailAddress(" Dewi@Batik.CO.ID ")?.value == "dewi@batik.co.id")
        for bad in ["", "a", "a@b", "a@@b.co", "a b@c.co", "@b.co", "a@b..co", "a@-b.co\n"] {
            #expect(EmailAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func passwords() {
        var errors: [FieldError] = []
        #expect(PasswordRule.check("short", confirmation: nil, into: &errors) == nil)
        #expect(PasswordRule.check(String(repeating: "é", count: 40), confirmation: nil, into: &errors) == nil)
        #expect(PasswordRule.check("long enough pass", confirmation: "different one!", into: &errors) == nil)
        #expect(errors.map(\.messageKey) == ["error.password_too_short", "error.password_too_long", "error.password_mismatch"])
        errors = []
        #expect(PasswordRule.check("long enough pass", confirmation: "long enough pass", into: &errors) == "long enough pass")
        #expect(errors.isEmpty)
    }

    @Test func countryCodes() {
        #expect(CountryCode("id")?.code == "ID")
        #expect(CountryCode("XX") == nil && CountryCode("USA") == nil)
        #expect(CountryCode.all.count == 249)
        #expect(CountryCode("MX")!.name(in: .spanish) == "México")
    }

    @Test func signInThrottleLocksAfterTheLimitAndForgetsOldFailures() {
        let throttle = SignInThrottle(limit: 3, window: 600, lockout: 900)
        let start = Date(timeIntervalSince1970: 1_000_000)
        var state = throttle.recordingFailure(nil, now: start)
        state = throttle.recordingFailure(state, now: start.addingTimeInterval(10))
        #expect(throttle.secondsLocked(state, now: start.addingTimeInterval(11)) == nil)
        state = throttle.recordingFailure(state, now: start.addingTimeInterval(20))
        #expect(throttle.secondsLocked(state, now: start.addingTimeInterval(21)) == 899)
        #expect(throttle.secondsLocked(state, now: start.addingTimeInterval(921)) == nil)
        // failures outside the window start a new count
        let fresh = throttle.recordingFailure(throttle.recordingFailure(nil, now: start), now: start.addingTimeInterval(601))
        #expect(fresh.failures == 1 && fresh.lockedUntil == nil)
    }

    @Test func tokensAreRandomAndDigestsStable() {
        let a = SecureToken.generate(), b = SecureToken.generate()
        #expect(a != b && a.count == 43)
        #expect(SecureToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecureToken.constantTimeEquals(a, a) && !SecureToken.constantTimeEquals(a, b))
    }
}
