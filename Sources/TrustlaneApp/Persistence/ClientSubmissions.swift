import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

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

    /// How long a key is kept: 30 days. A key only tells a phone's resubmission from new work, it
    /// is not a record of anything (the shipment, seal or check it recorded is, with its own
    /// retention). A phone keeps finished work at most `DoneAt.maxAgeDays` (7) days before the
    /// server refuses its done-time, and resends when it gets an answer; a month covers every
    /// repeat the server would still take, with room for a phone left in a drawer, while the
    /// table stays at about a month of submissions instead of growing for ever.
    static let keptDays = 30

    /// Forgets the keys recorded more than `keptDays` ago (every company); returns how many. Run
    /// by the clock pass. Not audited: a key is no record, and what it recorded stays.
    @discardableResult
    static func purge(app: Application) async throws -> Int {
        let cutoff = app.clock.now().addingTimeInterval(-Double(keptDays) * 86_400)
        return try await app.writeGate.transaction(on: app.db) { tx in
            let sql = tx as! any SQLDatabase
            struct Count: Decodable { let n: Int }
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM client_submissions WHERE created_at < \(bind: cutoff)").first(decoding: Count.self)?.n ?? 0
            if n > 0 { try await sql.raw("DELETE FROM client_submissions WHERE created_at < \(bind: cutoff)").run() }
            return n
        }
    }

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
