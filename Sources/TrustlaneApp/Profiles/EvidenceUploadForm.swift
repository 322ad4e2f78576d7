import TrustlaneCore
import Vapor

/// An evidence upload, as the page's multipart form and `POST /api/v1/companies/{id}/evidence`
/// both send it.
struct EvidenceUploadForm: Content {
    var title: String?
    var file: File?
    var effective_date: String?
    var expiry_date: String?
    var criterion_id: String?

    /// The largest body the upload routes collect: a little above the policy's limit, so the
    /// policy (not the server) words the refusal.
    static func bodyLimit(_ policy: EvidencePolicy) -> Int { policy.maxBytes + 512 * 1024 }
}
