import Crypto
import Foundation
import NIOCore
import TrustlaneCore
import Vapor

/// One bucket of an S3-compatible object store (AWS S3, MinIO, Ceph, Garage, moto), by whole
/// object keys: what the evidence store (`S3EvidenceStore`) and backups in the bucket
/// (`BackupBucket`) are built on. Path-style addresses (`endpoint/bucket/key`), which every
/// S3-compatible store accepts; requests signed with Signature Version 4 (Core's `S3Signature`).
struct S3Bucket: Sendable {
    let settings: ObjectStoreSettings
    let client: any Client
    /// The request timeout.
    var timeout: TimeAmount = .seconds(60)
    /// The clock for signatures (tests give a fixed one).
    var now: @Sendable () -> Date = { Date() }

    struct StoreError: Error, CustomStringConvertible {
        let description: String
    }

    /// What a listing found under a prefix: the objects' keys and, with a delimiter, the
    /// "folders" (common prefixes, each ending in the delimiter).
    struct Listing: Sendable, Equatable {
        var keys: [String] = []
        var folders: [String] = []
    }

    /// Stores `data` under `key`. `sha256` is the bytes' digest when the caller knows it (the
    /// store then refuses bytes altered on the way); the store answers only once they are stored.
    func put(_ key: String, _ data: Data, sha256: String? = nil) async throws {
        let response = try await send(.PUT, key: key, body: data, payloadSHA256: sha256 ?? Hex.lowercase(SHA256.hash(data: data)))
        guard response.status == .ok else { throw failure("storing", key: key, response) }
    }

    /// The object's bytes, or nil when there is no such object.
    func get(_ key: String) async throws -> Data? {
        let response = try await send(.GET, key: key)
        if response.status == .notFound { return nil }
        guard response.status == .ok else { throw failure("reading", key: key, response) }
        guard var body = response.body else { return Data() }
        return body.readData(length: body.readableBytes) ?? Data()
    }

    /// Whether an object is there.
    func exists(_ key: String) async throws -> Bool {
        let response = try await send(.HEAD, key: key)
        if response.status == .ok || response.status == .notFound { return response.status == .ok }
        throw failure("checking", key: key, response)
    }

    /// Removes the object; removing what is not there is done too.
    func delete(_ key: String) async throws {
        let response = try await send(.DELETE, key: key)
        guard response.status == .noContent || response.status == .ok || response.status == .notFound else {
            throw failure("deleting", key: key, response)
        }
    }

    /// Files are sent and fetched in parts of this size, so that memory holds one part at a time.
    static let partSize = 16 * 1024 * 1024

    /// Stores the file at `url` under `key`: in one request when it fits in one part, else as a
    /// multipart upload, reading one part at a time (S3 needs parts of at least 5 MiB but the
    /// last). `sha256`, when known, is checked by the store on a single request; a multipart
    /// upload that fails is aborted, so the store keeps none of its parts.
    func putFile(_ key: String, from url: URL, sha256: String? = nil, threadPool: NIOThreadPool, partSize: Int = S3Bucket.partSize) async throws {
        guard let size = FileDigest.size(of: url).map(Int.init) else { throw StoreError(description: "\(url.path) cannot be read") }
        guard size > partSize else {
            let data = try await threadPool.runIfActive { try Data(contentsOf: url) }
            try await put(key, data, sha256: sha256)
            return
        }
        let started = try await send(.POST, key: key, query: [("uploads", "")])
        guard started.status == .ok, let upload = Self.element("UploadId", in: started.body.map { String(buffer: $0) } ?? "") else {
            throw failure("starting the upload of", key: key, started)
        }
        do {
            var etags: [String] = []
            var offset = 0
            while offset < size {
                let start = offset
                let part = try await threadPool.runIfActive { () -> Data in
                    let handle = try FileHandle(forReadingFrom: url)
                    defer { try? handle.close() }
                    try handle.seek(toOffset: UInt64(start))
                    return try handle.read(upToCount: partSize) ?? Data()
                }
                guard !part.isEmpty else { throw StoreError(description: "\(url.path) ended at \(offset) bytes, \(size) expected") }
                let number = etags.count + 1
                let response = try await send(.PUT, key: key, query: [("partNumber", String(number)), ("uploadId", upload)], body: part,
                                              payloadSHA256: Hex.lowercase(SHA256.hash(data: part)))
                guard response.status == .ok, let etag = response.headers.first(name: "ETag") else { throw failure("storing part \(number) of", key: key, response) }
                etags.append(etag)
                offset += part.count
            }
            let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(Self.escape($0.element))</ETag></Part>" }
            let body = Data("<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>".utf8)
            let done = try await send(.POST, key: key, query: [("uploadId", upload)], body: body, payloadSHA256: Hex.lowercase(SHA256.hash(data: body)))
            // The store may answer 200 and say in the body that it failed.
            let text = done.body.map { String(buffer: $0) } ?? ""
            guard done.status == .ok, !text.contains("<Error>") else { throw failure("completing the upload of", key: key, done) }
        } catch {
            _ = try? await send(.DELETE, key: key, query: [("uploadId", upload)])
            throw error
        }
    }

    /// Fetches the object `key` into the file at `url` (replaced), one part at a time; false when
    /// there is no such object.
    func getFile(_ key: String, to url: URL, threadPool: NIOThreadPool, partSize: Int = S3Bucket.partSize) async throws -> Bool {
        let head = try await send(.HEAD, key: key)
        if head.status == .notFound { return false }
        guard head.status == .ok else { throw failure("checking", key: key, head) }
        let size = head.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        try await threadPool.runIfActive {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw StoreError(description: "\(url.path) cannot be written") }
        }
        var offset = 0
        repeat {
            let last = min(offset + partSize, size) - 1
            let response = try await send(.GET, key: key, headers: size > 0 ? ["range": "bytes=\(offset)-\(last)"] : [:])
            guard response.status == .ok || response.status == .partialContent else { throw failure("reading", key: key, response) }
            var body = response.body ?? ByteBuffer()
            let data = body.readData(length: body.readableBytes) ?? Data()
            guard size == 0 || !data.isEmpty else { throw StoreError(description: "The object store sent nothing for \(key) from byte \(offset)") }
            try await threadPool.runIfActive {
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                _ = try handle.seekToEnd()
                try handle.write(contentsOf: data)
            }
            offset += data.count
            // A store that ignores the range sends everything at once.
            if response.status == .ok { break }
        } while offset < size
        return true
    }

    /// The text of the first `<tag>` in an XML answer.
    static func element(_ tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>"), let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return unescape(xml[open.upperBound..<close.lowerBound])
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Every key under `prefix` (ListObjectsV2, page after page), and with `delimiter` the folders
    /// just below it instead of what they hold.
    func list(prefix: String, delimiter: String? = nil) async throws -> Listing {
        var listing = Listing()
        var continuation: String?
        for _ in 0..<10_000 {
            var query: [(String, String)] = [("list-type", "2"), ("prefix", prefix)]
            if let delimiter { query.append(("delimiter", delimiter)) }
            if let continuation { query.append(("continuation-token", continuation)) }
            let response = try await send(.GET, path: "/\(settings.bucket)", query: query)
            guard response.status == .ok else { throw failure("listing", key: prefix, response) }
            let page = Self.parseListing(response.body.map { String(buffer: $0) } ?? "")
            listing.keys += page.listing.keys
            listing.folders += page.listing.folders
            guard let next = page.continuation else { return listing }
            continuation = next
        }
        throw StoreError(description: "The object store kept listing \(prefix) past 10,000 pages")
    }

    /// A ListObjectsV2 answer: keys, common prefixes, and the token of the next page if truncated.
    static func parseListing(_ xml: String) -> (listing: Listing, continuation: String?) {
        func values(_ tag: String, in text: Substring) -> [String] {
            var found: [String] = []
            var rest = text
            while let open = rest.range(of: "<\(tag)>"), let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) {
                found.append(unescape(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
            return found
        }
        var listing = Listing()
        var rest = xml[...]
        while let open = rest.range(of: "<Contents>"), let close = rest.range(of: "</Contents>", range: open.upperBound..<rest.endIndex) {
            listing.keys += values("Key", in: rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        rest = xml[...]
        while let open = rest.range(of: "<CommonPrefixes>"), let close = rest.range(of: "</CommonPrefixes>", range: open.upperBound..<rest.endIndex) {
            listing.folders += values("Prefix", in: rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        let truncated = values("IsTruncated", in: xml[...]).first == "true"
        let next = values("NextContinuationToken", in: xml[...]).first
        return (listing, truncated ? next : nil)
    }

    private static func unescape(_ text: Substring) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Creates the bucket if it does not exist (tests, and set-up scripts); an existing bucket of
    /// this account is fine.
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
            throw StoreError(description: "The bucket \(settings.bucket) at \(settings.endpoint) answered HTTP \(response.status.code) "
                + (response.status == .notFound ? "(no such bucket: create it first)" : response.status == .forbidden ? "(check the access key, secret and region)" : ""))
        }
    }

    private func send(_ method: HTTPMethod, key: String, query: [(String, String)] = [], headers: [String: String] = [:],
                      body: Data? = nil, payloadSHA256: String? = nil) async throws -> ClientResponse {
        try await send(method, path: "/\(settings.bucket)/\(key)", query: query, headers: headers, body: body, payloadSHA256: payloadSHA256)
    }

    private func send(_ method: HTTPMethod, path rawPath: String, query: [(String, String)] = [], headers given: [String: String] = [:],
                      body: Data? = nil, payloadSHA256: String? = nil) async throws -> ClientResponse {
        let path = S3Signature.encodePath(rawPath)
        guard let endpoint = URL(string: settings.endpoint), let host = endpoint.host else { throw StoreError(description: "bad endpoint") }
        let hostHeader = endpoint.port.map { "\(host):\($0)" } ?? host
        let signer = S3Signature(accessKeyID: settings.accessKeyID, secretAccessKey: settings.secretAccessKey, region: settings.region)
        var extra = given
        extra["host"] = hostHeader
        if let body { extra["content-length"] = String(body.count) }
        let signed = signer.signedHeaders(method: method.rawValue, path: path, query: query, headers: extra,
                                          payloadSHA256: payloadSHA256 ?? S3Signature.emptyPayloadSHA256, at: now())
        var headers = HTTPHeaders()
        for (name, value) in signed.sorted(by: { $0.key < $1.key }) { headers.replaceOrAdd(name: name, value: value) }
        let queryText = query.isEmpty ? "" : "?" + S3Signature.canonicalQuery(query)
        var request = ClientRequest(method: method, url: URI(string: settings.endpoint + path + queryText), headers: headers,
                                    body: body.map { ByteBuffer(data: $0) })
        request.timeout = timeout
        do {
            return try await client.send(request)
        } catch {
            throw StoreError(description: "The object store at \(settings.endpoint) could not be reached: \(String(describing: error).prefix(200))")
        }
    }

    private func failure(_ doing: String, key: String, _ response: ClientResponse) -> StoreError {
        let text = response.body.map { String(buffer: $0) } ?? ""
        let code = text.firstMatch(of: /<Code>([^<]{1,80})<\/Code>/).map { String($0.1) } ?? ""
        return StoreError(description: "The object store answered HTTP \(response.status.code) \(code) \(doing) \(settings.bucket)/\(key)")
    }
}
