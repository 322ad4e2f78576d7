import Foundation
import Testing
@testable import TrustlaneCore

/// The rules behind issue 9's fixes: who sees drafts, who grants which role, where a sign-in
/// may send you back to, whose address counts, who reads metrics, and how guessing is slowed.
@Suite struct SecurityRulesTests {
    let company = CompanyID()

    // MARK: Drafts are for the company

    @Test func reviewersReadSubmissionsButNeverTheDraftNorTheRiskWorkspace() {
        let reviewer = Actor(userID: UserID(), platformRoles: [.reviewer])
        #expect(AccessPolicy.decide(reviewer, .viewProfile, company: company) == .allowed)
        #expect(AccessPolicy.decide(reviewer, .viewReviewThread, company: company) == .allowed)
        #expect(AccessPolicy.decide(reviewer, .viewProfileDraft, company: company) == .notFound)
        #expect(AccessPolicy.decide(reviewer, .viewRiskAssessment, company: company) == .notFound)
        for role in CompanyRole.allCases {
            let member = Actor(userID: UserID(), companyRoles: [company: role])
            #expect(AccessPolicy.decide(member, .viewProfileDraft, company: company) == .allowed, "\(role)")
        }
        let admin = Actor(userID: UserID(), platformRoles: [.administrator])
        #expect(AccessPolicy.decide(admin, .viewProfileDraft, company: company) == .allowed)
    }

    // MARK: Granting roles

    @Test func peopleGrantOnlyRolesUpToTheirOwn() {
        func grants(_ actor: Actor) -> Set<CompanyRole> { AccessPolicy.grantableRoles(by: actor, in: company) }
        func member(_ role: CompanyRole) -> Actor {
            Actor(userID: UserID(), platformRoles: role == .consultant ? [.consultant] : [], companyRoles: [company: role])
        }
        #expect(grants(Actor(userID: UserID(), platformRoles: [.administrator])) == Set(CompanyRole.allCases))
        #expect(grants(member(.officer)) == Set(CompanyRole.allCases))
        #expect(grants(member(.coordinator)) == [.coordinator, .consultant, .contributor, .viewer])
        #expect(grants(member(.consultant)).isEmpty)
        #expect(grants(member(.contributor)).isEmpty)
        #expect(grants(member(.viewer)).isEmpty)
        #expect(grants(Actor(userID: UserID(), platformRoles: [.reviewer])).isEmpty)
        #expect(grants(.anonymous).isEmpty)
        // an officer of another company grants nothing here
        #expect(grants(Actor(userID: UserID(), companyRoles: [CompanyID(): .officer])).isEmpty)
        #expect(!AccessPolicy.mayGrant(.officer, by: member(.coordinator), in: company))
    }

    // MARK: Redirects after sign-in

    @Test func onlyPlainSameSitePathsAreRedirectTargets() {
        for good in ["/companies", "/companies/1/profile?tab=gaps", "/catalog?entity=IMP&entity=HC", "/a/b#c", "/%C3%A9t%C3%A9"] {
            #expect(LocalRedirect.isLocal(good), "\(good)")
        }
        let bad = [
            "", "companies", "//evil.example", "/\t/evil.example/phish", "/\r/evil.example", "/\n/evil.example",
            "/%09/evil.example/phish", "/%2F/evil.example", "/%2f%2fevil.example", "/\\evil.example", "\\/evil.example",
            "/\\/evil.example", "/%5C/evil.example", "https://evil.example", "http:evil.example", " /evil", "/ /evil",
            "/\u{2215}evil.example", "/\u{2044}evil.example", "/\u{FF0F}evil.example", "/\u{00A0}/evil", "/\u{0000}/evil",
            "/\u{202E}lmth.evil", "/" + String(repeating: "a", count: 3000),
        ]
        for path in bad { #expect(!LocalRedirect.isLocal(path), "\(path.debugDescription)") }
    }

    // MARK: Client addresses behind proxies

    @Test func addressesAndRangesParse() throws {
        #expect(IPAddressRange.parseAddress("192.0.2.7") == [192, 0, 2, 7])
        #expect(IPAddressRange.parseAddress("::1") == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddressRange.parseAddress("[2001:db8::1]")?.count == 16)
        #expect(IPAddressRange.parseAddress("::ffff:10.1.2.3")?.suffix(4) == [10, 1, 2, 3])
        for junk in ["", "1.2.3", "1.2.3.256", "01.2.3.4", "1:2:3", "1::2::3", "g::1", "evil.example", "1.2.3.4 "] {
            #expect(IPAddressRange.parseAddress(junk) == nil, "\(junk)")
        }
        let tenEight = try #require(IPAddressRange("10.0.0.0/8"))
        #expect(tenEight.contains(IPAddressRange.parseAddress("10.200.1.1")!))
        #expect(!tenEight.contains(IPAddressRange.parseAddress("11.0.0.1")!))
        #expect(tenEight.contains(IPAddressRange.parseAddress("::ffff:10.9.9.9")!))
        let v6 = try #require(IPAddressRange("fd00::/8"))
        #expect(v6.contains(IPAddressRange.parseAddress("fd12:3456::1")!) && !v6.contains(IPAddressRange.parseAddress("fe80::1")!))
        #expect(IPAddressRange("10.0.0.0/33") == nil && IPAddressRange("::/129") == nil)
        let list = ClientAddress.parseList("10.0.0.0/8, ::1, nonsense")
        #expect(list.ranges.count == 2 && list.invalid == ["nonsense"])
    }

    @Test func forwardedForIsBelievedOnlyThroughTrustedProxies() {
        let proxies = ClientAddress.parseList("10.0.0.0/8,127.0.0.1").ranges
        // no trusted proxies: the header is ignored, whatever it says
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.1.1.1"], trustedProxies: []) == "203.0.113.9")
        // an untrusted peer cannot pretend to be someone else
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.1.1.1"], trustedProxies: proxies) == "203.0.113.9")
        // through a trusted proxy: the address it saw
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: ["198.51.100.4"], trustedProxies: proxies) == "198.51.100.4")
        // a client-supplied entry to the left of the real one is not believed
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: ["6.6.6.6, 198.51.100.4"], trustedProxies: proxies) == "198.51.100.4")
        // two trusted hops, in two headers
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.4", "10.1.1.1"], trustedProxies: proxies) == "198.51.100.4")
        // a trusted proxy that reports garbage: stop at the proxy
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: ["not-an-ip"], trustedProxies: proxies) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: ["1.1.1.1"], trustedProxies: proxies) == "unknown")
    }

    @Test func metricsNeedTheTokenOrADirectLoopbackConnection() {
        #expect(MetricsAccess.allows(configuredToken: nil, presentedToken: nil, peer: "127.0.0.1", forwarded: false))
        #expect(MetricsAccess.allows(configuredToken: nil, presentedToken: nil, peer: "::1", forwarded: false))
        #expect(!MetricsAccess.allows(configuredToken: nil, presentedToken: nil, peer: "127.0.0.1", forwarded: true))
        #expect(!MetricsAccess.allows(configuredToken: nil, presentedToken: nil, peer: "192.0.2.1", forwarded: false))
        #expect(!MetricsAccess.allows(configuredToken: nil, presentedToken: nil, peer: nil, forwarded: false))
        let token = "0123456789abcdef-metrics"
        #expect(MetricsAccess.allows(configuredToken: token, presentedToken: token, peer: "192.0.2.1", forwarded: true))
        #expect(!MetricsAccess.allows(configuredToken: token, presentedToken: "wrong", peer: "127.0.0.1", forwarded: false))
        #expect(!MetricsAccess.allows(configuredToken: token, presentedToken: nil, peer: "127.0.0.1", forwarded: false))
    }

    // MARK: Slowing down guessing

    @Test func anAddressPastItsLimitIsSlowedNotLocked() {
        let throttle = SignInThrottle(limit: 3, window: 900, lockout: 900)
        let start = Date(timeIntervalSince1970: 1_000_000)
        var state: SignInThrottle.State?
        for _ in 0..<5 { state = throttle.recordingAttempt(state, now: start) }
        #expect(state?.failures == 5 && state?.lockedUntil == nil)
        #expect(throttle.secondsLocked(state, now: start) == nil)
        #expect(throttle.slowdown(state!, step: 1, cap: 10) == 2)
        for _ in 0..<50 { state = throttle.recordingAttempt(state, now: start) }
        #expect(throttle.slowdown(state!, step: 1, cap: 10) == 10)
        // a new window starts over
        let later = throttle.recordingAttempt(state, now: start.addingTimeInterval(901))
        #expect(later.failures == 1 && throttle.slowdown(later, step: 1, cap: 10) == 0)
    }

    @Test func anAccountLocksOnTheAttemptThatReachesTheLimit() {
        let throttle = SignInThrottle(limit: 3, window: 900, lockout: 600)
        let now = Date(timeIntervalSince1970: 1_000_000)
        var state: SignInThrottle.State?
        for _ in 0..<2 { state = throttle.recordingFailure(state, now: now) }
        #expect(state?.lockedUntil == nil)
        state = throttle.recordingFailure(state, now: now)
        #expect(throttle.secondsLocked(state, now: now) == 600)
    }
}
