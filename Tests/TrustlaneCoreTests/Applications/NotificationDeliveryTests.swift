import Crypto
import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Delivery: back-off and webhook signatures")
struct NotificationDeliveryTests {
    @Test func backoffDoublesUpToTheCapThenGivesUp() {
        let backoff = Backoff.standard
        #expect(backoff.delay(afterFailedAttempts: 0) == nil)
        #expect((1...7).map { backoff.delay(afterFailedAttempts: $0)! } == [60, 120, 240, 480, 960, 1920, 3840])
        #expect(backoff.delay(afterFailedAttempts: 8) == nil)
        let capped = Backoff(initialDelay: 60, multiplier: 10, maximumDelay: 3600, maximumAttempts: 1000)
        #expect(capped.delay(afterFailedAttempts: 2) == 600)
        #expect(capped.delay(afterFailedAttempts: 3) == 3600)
        #expect(capped.delay(afterFailedAttempts: 999) == 3600)
        let failedAt = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(backoff.nextAttempt(afterFailedAttempts: 2, failedAt: failedAt) == failedAt.addingTimeInterval(120))
        #expect(backoff.nextAttempt(afterFailedAttempts: 8, failedAt: failedAt) == nil)
    }

    @Test func hmacKnownAnswerRFC4231Case2() {
        let hex = WebhookSignature.hmacHex(message: Data("what do ya want for nothing?".utf8), key: Data("Jefe".utf8))
        #expect(hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func headerKnownAnswer() {
        // printf '1700000000.{"event":"certify"}' | openssl dgst -sha256 -hmac whsec_test
        let body = Data(#"{"event":"certify"}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: "whsec_test", timestamp: Date(timeIntervalSince1970: 1_700_000_000.9))
        #expect(header == "t=1700000000,v1=105ea908c952461470792662b0edd934548df27cb3182b62bfcae8353beaa386")
    }

    @Test func verifyAcceptsFreshMatchingSignaturesOnly() {
        let body = Data(#"{"event":"certify"}"#.utf8)
        let sentAt = Date(timeIntervalSince1970: 1_700_000_000)
        let header = WebhookSignature.header(body: body, secret: "whsec_test", timestamp: sentAt)
        #expect(WebhookSignature.verify(header: header, body: body, secret: "whsec_test", now: sentAt.addingTimeInterval(300)) == .success(sentAt))
        #expect(WebhookSignature.verify(header: header, body: body, secret: "whsec_test", now: sentAt.addingTimeInterval(301)) == .failure(.outsideTolerance))
        #expect(WebhookSignature.verify(header: header, body: body, secret: "other", now: sentAt) == .failure(.mismatch))
        #expect(WebhookSignature.verify(header: header, body: Data("{}".utf8), secret: "whsec_test", now: sentAt) == .failure(.mismatch))
        // rotation: an extra v1 for another secret, and unknown schemes, are tolerated
        let rotated = header + ",v1=" + String(repeating: "0", count: 64) + ",v0=legacy"
        #expect(WebhookSignature.verify(header: rotated, body: body, secret: "whsec_test", now: sentAt) == .success(sentAt))
        for junk in ["", "t=abc,v1=00", "v1=" + String(repeating: "a", count: 64), "t=1700000000", "t=1,t=2,v1=" + String(repeating: "a", count: 64), "garbage"] {
            #expect(WebhookSignature.verify(header: junk, body: body, secret: "whsec_test", now: sentAt) == .failure(.malformed), "\(junk)")
        }
    }
}
