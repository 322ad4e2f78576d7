import Foundation
import Testing
@testable import TrustlaneCore

@Suite struct S3SignatureTests {
    static let example = S3Signature(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                      region: "us-east-1")
    /// 2013-05-24T00:00:00Z, the time of AWS's worked examples.
    static let exampleTime = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func theGetObjectExampleOfAWSsDocumentationSignsTheSame() {
        // AWS S3 API reference, "Signature Calculations for the Authorization Header (AWS
        // Signature Version 4)", example "GET Object": a range request for test.txt.
        let headers = Self.example.signedHeaders(method: "GET", path: "/test.txt",
                                                 headers: ["Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9"],
                                                 payloadSHA256: S3Signature.emptyPayloadSHA256, at: Self.exampleTime)
        #expect(headers["x-amz-date"] == "20130524T000000Z")
        #expect(headers["authorization"] == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func anyChangeOfMethodPathPayloadOrTimeChangesTheSignature() {
        func signature(_ method: String = "PUT", path: String = "/bucket/evidence/ab/cd/abcd", payload: String = S3Signature.emptyPayloadSHA256,
                       at time: Date = S3SignatureTests.exampleTime) -> String? {
            Self.example.signedHeaders(method: method, path: path, headers: ["host": "127.0.0.1:9000"], payloadSHA256: payload, at: time)["authorization"]
        }
        let base = signature()
        #expect(base != nil)
        #expect(signature("GET") != base)
        #expect(signature(path: "/bucket/evidence/ab/cd/abce") != base)
        #expect(signature(payload: String(repeating: "0", count: 64)) != base)
        #expect(signature(at: Self.exampleTime.addingTimeInterval(1)) != base)
        #expect(signature() == base, "the same request signs the same")
    }

    @Test func pathsAndQueriesAreEncodedAsS3Expects() {
        #expect(S3Signature.encodePath("/bucket/a b/ü~x.pdf") == "/bucket/a%20b/%C3%BC~x.pdf")
        #expect(S3Signature.encode("a/b=c", keepSlash: false) == "a%2Fb%3Dc")
        // Query parameters are sorted by name in the canonical request: the order given does not matter.
        let one = Self.example.signedHeaders(method: "GET", path: "/bucket", query: [("prefix", "x"), ("list-type", "2")],
                                             headers: ["host": "h"], payloadSHA256: S3Signature.emptyPayloadSHA256, at: Self.exampleTime)
        let two = Self.example.signedHeaders(method: "GET", path: "/bucket", query: [("list-type", "2"), ("prefix", "x")],
                                             headers: ["host": "h"], payloadSHA256: S3Signature.emptyPayloadSHA256, at: Self.exampleTime)
        #expect(one["authorization"] == two["authorization"])
    }
}
