import Foundation
import NIOCore
import TrustlaneCore
import Vapor

/// Where evidence goes when it is not the data folder: an S3-compatible object store (AWS S3,
/// MinIO, Ceph, Garage...), so that several `trustlane serve` processes on several machines share
/// one set of files (issue 18). Read from `TRUSTLANE_EVIDENCE_S3_*`; see docs/OPERATIONS.md.
public struct ObjectStoreSettings: Sendable, Equatable {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://minio.internal:9000`: scheme, host and port.
    public var endpoint: String
    public var bucket: String
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Folder inside the bucket, ending in `/` (default `evidence/`).
    public var prefix: String

    /// `nil` when no bucket is set (evidence stays in the data folder). A bucket without the
    /// rest, or a setting out of form, stops start-up naming the setting.
    static func fromEnvironment(_ env: [String: String]) throws -> ObjectStoreSettings? {
        func value(_ name: String) -> String? { env[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        guard let bucket = value("TRUSTLANE_EVIDENCE_S3_BUCKET") else {
            for name in ["TRUSTLANE_EVIDENCE_S3_ENDPOINT", "TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID", "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"] where value(name) != nil {
                throw ConfigError.invalid("\(name) is set but TRUSTLANE_EVIDENCE_S3_BUCKET is not: set the bucket too, or remove the S3 settings to keep evidence in the data folder")
            }
            return nil
        }
        guard bucket.wholeMatch(of: /[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]/) != nil else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_BUCKET must be a bucket name: 3 to 63 lower-case letters, digits, dots or hyphens (got \(bucket.prefix(70)))")
        }
        guard let endpoint = value("TRUSTLANE_EVIDENCE_S3_ENDPOINT"), let url = URL(string: endpoint),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false,
              url.path.isEmpty || url.path == "/", url.query == nil else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_ENDPOINT must be the store's address, such as https://s3.eu-west-1.amazonaws.com or http://minio.internal:9000 (scheme, host and port only)")
        }
        guard let key = value("TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID"), let secret = try secretValue(env) else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID and TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY (or TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE) must be set with TRUSTLANE_EVIDENCE_S3_BUCKET")
        }
        let region = value("TRUSTLANE_EVIDENCE_S3_REGION") ?? "us-east-1"
        guard region.wholeMatch(of: /[a-z0-9\-]{1,40}/) != nil else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_REGION must be a region name such as us-east-1 or eu-west-1")
        }
        var prefix = value("TRUSTLANE_EVIDENCE_S3_PREFIX") ?? "evidence/"
        guard prefix.count <= 200, !prefix.hasPrefix("/"), prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_PREFIX must be a folder name of letters, digits, - _ . and / (not starting with /)")
        }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return ObjectStoreSettings(endpoint: String(endpoint.trimmingSuffix("/")), bucket: bucket, region: region, accessKeyID: key,
                                   secretAccessKey: secret, prefix: prefix)
    }

    /// The secret, from the variable or from the file it names (for secrets mounted as files).
    private static func secretValue(_ env: [String: String]) throws -> String? {
        if let inline = env["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY"], !inline.isEmpty { return inline }
        guard let path = env["TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE"], !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw ConfigError.invalid("TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE names \(path), which cannot be read or is empty")
        }
        return text
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> Substring {
        var text = self[...]
        while text.hasSuffix(suffix) { text = text.dropLast(suffix.count) }
        return text
    }
}

/// Evidence in an S3-compatible bucket, under `<prefix>ab/cd/<sha256>` as on disk. Path-style
/// addresses (`endpoint/bucket/key`), which every S3-compatible store accepts; requests signed
/// with Signature Version 4 (Core's `S3Signature`), the payload's SHA-256 being the file's own
/// digest. A file is written once: the store answers a PUT only when the bytes are stored, so a
/// save reported done survives a crash of this process.
struct S3EvidenceStore: EvidenceStore {
    let settings: ObjectStoreSettings
    let client: any Client
    let logger: Logger
    /// The request timeout; evidence files are at most a few tens of megabytes.
    var timeout: TimeAmount = .seconds(60)
    /// The clock for signatures (tests give a fixed one).
    var now: @Sendable () -> Date = { Date() }

    struct StoreError: Error, CustomStringConvertible {
        let description: String
    }

    func key(for sha256: String) throws -> String {
        settings.prefix + (try DiskEvidenceStore.relativePath(sha256))
    }

    func put(_ data: Data) async throws -> String {
        let sha = DiskEvidenceStore.digest(data)
        let key = try key(for: sha)
        // Content-addressed: bytes already there are the same bytes.
        if try await status(.HEAD, key: key) == .ok { return sha }
        let response = try await send(.PUT, key: key, body: data, payloadSHA256: sha)
        guard response.status == .ok else { throw failure("storing", key: key, response) }
        return sha
    }

    func get(_ sha256: String) async throws -> Data {
        let key = try key(for: sha256)
        let response = try await send(.GET, key: key)
        if response.status == .notFound { throw Abort(.notFound, reason: "The file is not in the evidence store") }
        guard response.status == .ok else { throw failure("reading", key: key, response) }
        guard var body = response.body else { return Data() }
        return body.readData(length: body.readableBytes) ?? Data()
    }

    func exists(_ sha256: String) async -> Bool {
        guard let key = try? key(for: sha256) else { return false }
        do { return try await status(.HEAD, key: key) == .ok } catch {
            logger.warning("evidence store: \(error)")
            return false
        }
    }

    func delete(_ sha256: String) async throws {
        let key = try key(for: sha256)
        let response = try await send(.DELETE, key: key)
        // Deleting what is not there is done too.
        guard response.status == .noContent || response.status == .ok || response.status == .notFound else {
            throw failure("deleting", key: key, response)
        }
    }

    /// Creates the bucket if it does not exist (tests, and `trustlane` set-up scripts); an
    /// existing bucket of this account is fine.
    func createBucket() async throws {
        let response = try await send(.PUT, path: "/\(settings.bucket)")
        guard response.status == .ok || response.status == .conflict else {
            throw failure("creating the bucket", key: "", response)
        }
    }

    /// Whether the bucket answers with these credentials: checked at start-up, so a wrong
    /// setting is reported then, not at the first upload.
    func checkReachable() async throws {
        let response = try await send(.HEAD, path: "/\(settings.bucket)")
        guard response.status == .ok else {
            throw StoreError(description: "The evidence bucket \(settings.bucket) at \(settings.endpoint) answered HTTP \(response.status.code) "
                + (response.status == .notFound ? "(no such bucket: create it first)" : response.status == .forbidden ? "(check the access key, secret and region)" : ""))
        }
    }

    private func status(_ method: HTTPMethod, key: String) async throws -> HTTPStatus {
        let response = try await send(method, key: key)
        if response.status == .ok || response.status == .notFound { return response.status }
        throw failure("checking", key: key, response)
    }

    private func send(_ method: HTTPMethod, key: String, body: Data? = nil, payloadSHA256: String? = nil) async throws -> ClientResponse {
        try await send(method, path: "/\(settings.bucket)/\(key)", body: body, payloadSHA256: payloadSHA256)
    }

    private func send(_ method: HTTPMethod, path rawPath: String, body: Data? = nil, payloadSHA256: String? = nil) async throws -> ClientResponse {
        let path = S3Signature.encodePath(rawPath)
        guard let endpoint = URL(string: settings.endpoint), let host = endpoint.host else { throw StoreError(description: "bad endpoint") }
        let hostHeader = endpoint.port.map { "\(host):\($0)" } ?? host
        let signer = S3Signature(accessKeyID: settings.accessKeyID, secretAccessKey: settings.secretAccessKey, region: settings.region)
        var extra = ["host": hostHeader]
        if let body { extra["content-length"] = String(body.count) }
        let signed = signer.signedHeaders(method: method.rawValue, path: path, headers: extra,
                                          payloadSHA256: payloadSHA256 ?? S3Signature.emptyPayloadSHA256, at: now())
        var headers = HTTPHeaders()
        for (name, value) in signed.sorted(by: { $0.key < $1.key }) { headers.replaceOrAdd(name: name, value: value) }
        var request = ClientRequest(method: method, url: URI(string: settings.endpoint + path), headers: headers,
                                    body: body.map { ByteBuffer(data: $0) })
        request.timeout = timeout
        do {
            return try await client.send(request)
        } catch {
            throw StoreError(description: "The evidence store at \(settings.endpoint) could not be reached: \(String(describing: error).prefix(200))")
        }
    }

    private func failure(_ doing: String, key: String, _ response: ClientResponse) -> StoreError {
        let text = response.body.map { String(buffer: $0) } ?? ""
        let code = text.firstMatch(of: /<Code>([^<]{1,80})<\/Code>/).map { String($0.1) } ?? ""
        return StoreError(description: "The evidence store answered HTTP \(response.status.code) \(code) \(doing) \(key)")
    }
}
