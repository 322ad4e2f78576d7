import Crypto
import Foundation
import TrustlaneCore
import Vapor

/// The few scripts Trustlane has, embedded in the binary like the stylesheet (`Resources/js`).
/// Every page works without them; with them the dock's pages (inspections, shipments, seals)
/// also work offline (issue 16). `offline.js` is linked with its digest and kept a year; the
/// service worker is served at `/sw.js` (its scope is the whole site) and checked on every
/// visit, as browsers require.
enum Scripts {
    static let offline = Asset(file: "js/offline.js", path: "/js/offline.js")
    static let serviceWorker = Asset(file: "js/sw.js", path: "/sw.js")

    struct Asset: Sendable {
        let bytes: Data
        let version: String
        let path: String

        init(file: String, path: String) {
            bytes = EmbeddedFiles.base64[file].flatMap { Data(base64Encoded: $0) } ?? Data()
            version = Hex.lowercase(SHA256.hash(data: bytes).prefix(8))
            self.path = path
        }

        /// What pages link.
        var link: String { "\(path)?v=\(version)" }
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "js", "offline.js", action: .viewPublicPage) { req in serve(offline, req, immutable: true) }
        routes.on(.GET, "sw.js", action: .viewPublicPage) { req in serve(serviceWorker, req, immutable: false) }
    }

    static func serve(_ asset: Asset, _ req: Request, immutable: Bool) -> Response {
        let etag = "\"\(asset.version)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        let current = immutable && req.query[String.self, at: "v"] == asset.version
        headers.replaceOrAdd(name: .cacheControl, value: current ? "public, max-age=31536000, immutable" : "no-cache")
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
        headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: asset.bytes))
    }
}
