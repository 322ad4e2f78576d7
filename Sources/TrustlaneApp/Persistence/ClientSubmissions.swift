import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Submissions recorded once per client key (issue 16): the shipment and seal forms a phone
/// keeps while it has no network and sends when it returns (`offline.js`), and their API twins.
/// A service looks the key up before it validates (a repeat must not be refused for what the
/// first one did: a reference now taken, a seal now used) and again inside its transaction (two
/// sends at once in this process), and records it in that transaction, so the key and what it
/// recorded are saved together or not at all; the unique key on (company, key) settles two
/// server processes (`decidingAgainOnConflict`). The key's rule is Core's `ClientKey`.
/// Inspections keep their keys on their own rows (M025), the same way.
enum ClientSubmissions {
    enum Kind: String, Sendable {
        case shipmentRecorded = "shipment.recorded"
        case sealAffixed = "shipment.seal_affixed"
        case lockRecorded = "shipment.lock_recorded"
        case sealChecked = "shipment.seal_checked"
        case sealPhotographed = "shipment.seal_photographed"
        case sealsIssued = "seal.issued"
        case sealLogged = "seal.logged"
    }

    /// What a submission recorded the first time.
    struct Recorded: Decodable, Sendable {
        let kind: String
        let scope: String
        let target: String
        let result: String?
        let content_digest: String?
    }

    /// The first submission under `key`, when there was one. A key used for another kind of
    /// submission, or about another shipment or seal, is refused by name: it is not a repeat.
    /// With `digest`: the same key sent with other content (a digest stored and different) is
    /// refused with 409 naming `client_key`: not a repeat, and nothing is recorded.
    static func replay(_ key: String?, kind: Kind, scope: String, digest: String? = nil, company: CompanyID, on db: any Database) async throws -> Recorded? {
        guard let key else { return nil }
        guard let found = try await (db as! any SQLDatabase).raw("""
        SELECT kind, scope, target, result, content_digest FROM client_submissions WHERE company_id = \(bind: company.rawValue) AND client_key = \(bind: key)
        """).first(decoding: Recorded.self) else { return nil }
        guard found.kind == kind.rawValue, found.scope == scope else { throw ValidationFailure([reused]) }
        if let digest, let stored = found.content_digest, stored != digest { throw contentDiffers }
        return found
    }

    static let reused = FieldError(field: "client_key", messageKey: "error.client_key_reused",
                                   message: "client_key was already used for another submission; send each submission with a key of its own")

    static let contentDiffers = TrustlaneError(status: .conflict, key: "error.client_key_content_differs",
                                               message: "client_key was already used for a submission with different content; nothing was recorded. Send new content with a key of its own")

    /// Records the key with what the submission recorded, inside the caller's transaction.
    static func record(_ key: String?, kind: Kind, scope: String, target: String, result: String? = nil, digest: String? = nil, company: CompanyID,
                       by actor: UserID, at now: Date, on db: any Database) async throws {
        guard let key else { return }
        try await (db as! any SQLDatabase).raw("""
        INSERT INTO client_submissions (company_id, client_key, kind, scope, target, result, content_digest, created_by, created_at)
        VALUES (\(bind: company.rawValue), \(bind: key), \(bind: kind.rawValue), \(bind: scope), \(bind: target), \(bind: result), \(bind: digest),
        \(bind: actor.rawValue), \(bind: now))
        """).run()
    }
}
