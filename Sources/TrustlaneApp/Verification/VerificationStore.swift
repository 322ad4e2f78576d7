import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads and writes of `monitoring_connections` and `verification_links` through SQLKit. Each
/// row keeps its Core value as JSON in `state` plus the columns lookups need.
struct VerificationStore {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    private struct StateRow: Decodable { let state: String }

    // MARK: Monitoring connections (company_id = the member, partner_company_id = who monitors)

    func connection(id: MonitoringConnectionID) async throws -> MonitoringConnection? {
        try await sql.select().column("state").from("monitoring_connections").where("id", .equal, SQLBind(id.rawValue))
            .first(decoding: StateRow.self).flatMap { MembershipStore.decode(MonitoringConnection.self, $0.state) }
    }

    func connection(member: CompanyID, partner: CompanyID) async throws -> MonitoringConnection? {
        try await sql.select().column("state").from("monitoring_connections")
            .where("company_id", .equal, SQLBind(member.rawValue)).where("partner_company_id", .equal, SQLBind(partner.rawValue))
            .first(decoding: StateRow.self).flatMap { MembershipStore.decode(MonitoringConnection.self, $0.state) }
    }

    /// Requests to monitor `member` (incoming) or the members `partner` monitors (outgoing).
    func connections(member: CompanyID? = nil, partner: CompanyID? = nil) async throws -> [MonitoringConnection] {
        var query = sql.select().column("state").from("monitoring_connections")
        if let member { query = query.where("company_id", .equal, SQLBind(member.rawValue)) }
        if let partner { query = query.where("partner_company_id", .equal, SQLBind(partner.rawValue)) }
        return try await query.orderBy("updated_at", .descending).limit(500).all(decoding: StateRow.self)
            .compactMap { MembershipStore.decode(MonitoringConnection.self, $0.state) }
    }

    /// Inserts the connection, or replaces the pair's earlier (declined or removed) one.
    func save(_ connection: MonitoringConnection, replacing earlier: MonitoringConnectionID?, now: Date) async throws {
        if let earlier {
            try await sql.delete(from: "monitoring_connections").where("id", .equal, SQLBind(earlier.rawValue)).run()
        }
        try await sql.insert(into: "monitoring_connections")
            .columns("id", "company_id", "partner_company_id", "status", "state", "updated_at")
            .values(SQLBind(connection.id.rawValue), SQLBind(connection.memberCompanyID.rawValue),
                    SQLBind(connection.partnerCompanyID.rawValue), SQLBind(connection.status.rawValue),
                    SQLBind(MembershipStore.json(connection)), SQLBind(now))
            .run()
    }

    func update(_ connection: MonitoringConnection, now: Date) async throws {
        try await sql.update("monitoring_connections")
            .set("status", to: SQLBind(connection.status.rawValue))
            .set("state", to: SQLBind(MembershipStore.json(connection)))
            .set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(connection.id.rawValue)).run()
    }

    // MARK: Verification links

    func link(id: VerificationLinkID) async throws -> VerificationLink? {
        try await sql.select().column("state").from("verification_links").where("id", .equal, SQLBind(id.rawValue))
            .first(decoding: StateRow.self).flatMap { MembershipStore.decode(VerificationLink.self, $0.state) }
    }

    /// The link whose token digest matches (one indexed lookup; the digest is unique).
    func link(token: String) async throws -> VerificationLink? {
        try await sql.select().column("state").from("verification_links").where("token_hash", .equal, SQLBind(SecureToken.digest(token)))
            .first(decoding: StateRow.self).flatMap { MembershipStore.decode(VerificationLink.self, $0.state) }
            .flatMap { $0.matches(token) ? $0 : nil }
    }

    func links(company: CompanyID) async throws -> [VerificationLink] {
        try await sql.select().column("state").from("verification_links").where("company_id", .equal, SQLBind(company.rawValue))
            .orderBy("created_at", .descending).limit(200).all(decoding: StateRow.self)
            .compactMap { MembershipStore.decode(VerificationLink.self, $0.state) }
    }

    func insert(_ link: VerificationLink) async throws {
        try await sql.insert(into: "verification_links")
            .columns("id", "company_id", "token_hash", "state", "revoked_at", "created_at")
            .values(SQLBind(link.id.rawValue), SQLBind(link.companyID.rawValue), SQLBind(link.tokenDigest),
                    SQLBind(MembershipStore.json(link)), SQLBind(link.revokedAt), SQLBind(link.createdAt))
            .run()
    }

    func update(_ link: VerificationLink) async throws {
        try await sql.update("verification_links")
            .set("state", to: SQLBind(MembershipStore.json(link)))
            .set("revoked_at", to: SQLBind(link.revokedAt))
            .where("id", .equal, SQLBind(link.id.rawValue)).run()
    }

    // MARK: Companies partners can find

    struct Candidate: Decodable, Sendable {
        let id: UUID
        let legal_name: String
    }

    /// Companies with a membership in good standing whose legal name contains `search` (any
    /// case; `LOWER ... LIKE` works on SQLite and PostgreSQL alike).
    func certifiedCompanies(named search: String, excluding: CompanyID, limit: Int = 20) async throws -> [Candidate] {
        let escaped = search.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let standing = MembershipStatus.allCases.filter(\.isMemberInGoodStanding).map(\.rawValue)
        return try await sql.raw("""
            SELECT DISTINCT c.id, c.legal_name FROM companies c JOIN membership_applications a ON a.company_id = c.id \
            WHERE a.status IN \(SQLBind.group(standing)) AND c.id <> \(bind: excluding.rawValue) \
            AND LOWER(c.legal_name) LIKE \(bind: "%" + escaped + "%") ESCAPE '\\' ORDER BY c.legal_name LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Candidate.self)
    }
}
