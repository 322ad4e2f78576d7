import Crypto
import Foundation
import TrustlaneCore
import Vapor

/// The stylesheet, embedded in the binary (`Resources/css/trustlane.css`, by the EmbedResources
/// plugin) and served from memory: pages look the same whichever folder the server runs from.
/// Pages link it with its content's digest in the query, so browsers keep it for a year and
/// fetch it again only when it changes.
enum Stylesheet {
    static let bytes: Data = EmbeddedFiles.base64["css/trustlane.css"].flatMap { Data(base64Encoded: $0) } ?? Data()
    /// The first 8 bytes of the SHA-256 of the content, hex.
    static let version = Hex.lowercase(SHA256.hash(data: bytes).prefix(8))
    static let path = "/css/trustlane.css"
    /// What pages link.
    static let link = "\(path)?v=\(version)"

    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "css", "trustlane.css", action: .viewPublicPage) { req -> Response in
            let etag = "\"\(version)\""
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .eTag, value: etag)
            // The versioned link never changes content; an unversioned or old one is checked each time.
            let current = req.query[String.self, at: "v"] == version
            headers.replaceOrAdd(name: .cacheControl, value: current ? "public, max-age=31536000, immutable" : "no-cache")
            if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
            headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(data: bytes))
        }
    }
}
