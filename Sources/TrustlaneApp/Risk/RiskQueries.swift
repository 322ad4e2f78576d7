import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads for the risk assessment pages and API, through SQLKit into small structs: a fixed
/// number of queries per page whatever the number of chains, nodes or ratings. The many-row
/// reads decode column by column (`init(row:)`): the synthesized `Decodable` path cost more than
/// the queries on a 50-node page.
struct RiskQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    struct AssessmentRow: Decodable, Sendable {
        let id: UUID
        let company_id: UUID
        let title: String
        let assessed_on: String
        let next_review_on: String
        let previous_id: UUID?
        let method: String
        let created_at: Date
        let updated_at: Date
    }

    struct ChainRow: Decodable, Sendable {
        let id: UUID
        let chain_id: UUID
        let position: Int
        let name: String
        let product_line: String?

        init(row: HotRow) throws {
            id = try row.uuid("id")
            chain_id = try row.uuid("chain_id")
            position = try row.decode(column: "position", as: Int.self)
            name = try row.decode(column: "name", as: String.self)
            product_line = try row.optional("product_line", as: String.self)
        }
    }

    struct NodeRow: Decodable, Sendable {
        let supply_chain_id: UUID
        let node_id: UUID
        let key: String
        let kind: String
        let name: String
        let country: String
        let region: String?
        let business_partner: String?

        init(row: HotRow) throws {
            supply_chain_id = try row.uuid("supply_chain_id")
            node_id = try row.uuid("node_id")
            key = try row.decode(column: "key", as: String.self)
            kind = try row.decode(column: "kind", as: String.self)
            name = try row.decode(column: "name", as: String.self)
            country = try row.decode(column: "country", as: String.self)
            region = try row.optional("region", as: String.self)
            business_partner = try row.optional("business_partner", as: String.self)
        }
    }

    struct LegRow: Decodable, Sendable {
        let supply_chain_id: UUID
        let leg_id: UUID
        let from_key: String
        let to_key: String
        let mode: String
        let business_partner: String?

        init(row: HotRow) throws {
            supply_chain_id = try row.uuid("supply_chain_id")
            leg_id = try row.uuid("leg_id")
            from_key = try row.decode(column: "from_key", as: String.self)
            to_key = try row.decode(column: "to_key", as: String.self)
            mode = try row.decode(column: "mode", as: String.self)
            business_partner = try row.optional("business_partner", as: String.self)
        }
    }

    struct ThreatRow: Decodable, Sendable {
        let country: String
        let region: String?
        let category: String
        let level_key: String
        let note: String?
        let source: String
        let rated_at: Date
        let rated_by: UUID?

        init(row: HotRow) throws {
            country = try row.decode(column: "country", as: String.self)
            region = try row.optional("region", as: String.self)
            category = try row.decode(column: "category", as: String.self)
            level_key = try row.decode(column: "level_key", as: String.self)
            note = try row.optional("note", as: String.self)
            source = try row.decode(column: "source", as: String.self)
            rated_at = try row.decode(column: "rated_at", as: Date.self)
            rated_by = try row.optionalUUID("rated_by")
        }
    }

    struct VulnerabilityRow: Decodable, Sendable {
        let node_id: UUID
        let category: Int
        let level_key: String
        let proposed_key: String?
        let reason: String?
        let rated_at: Date
        let rated_by: UUID?

        init(row: HotRow) throws {
            node_id = try row.uuid("node_id")
            category = try row.decode(column: "category", as: Int.self)
            level_key = try row.decode(column: "level_key", as: String.self)
            proposed_key = try row.optional("proposed_key", as: String.self)
            reason = try row.optional("reason", as: String.self)
            rated_at = try row.decode(column: "rated_at", as: Date.self)
            rated_by = try row.optionalUUID("rated_by")
        }
    }

    struct AnswerRow: Decodable, Sendable {
        let catalog_id: String
        let criterion_id: String
        let status: String

        init(row: HotRow) throws {
            catalog_id = try row.decode(column: "catalog_id", as: String.self)
            criterion_id = try row.decode(column: "criterion_id", as: String.self)
            status = try row.decode(column: "status", as: String.self)
        }
    }

    static let assessmentColumns = ["id", "company_id", "title", "assessed_on", "next_review_on", "previous_id", "method",
                                    "created_at", "updated_at"]
    static let assessmentColumnList = assessmentColumns.joined(separator: ", ")

    /// A company's assessments, newest first.
    func assessments(of company: CompanyID) async throws -> [AssessmentRow] {
        try await sql.select().columns(Self.assessmentColumns.map { SQLColumn($0) }).from("risk_assessments")
            .where("company_id", .equal, SQLBind(company.rawValue))
            .orderBy("assessed_on", .descending).orderBy("created_at", .descending)
            .all(decoding: AssessmentRow.self)
    }

    /// One assessment of a company; `nil` when it does not exist or is another company's.
    func assessment(_ id: UUID, of company: CompanyID) async throws -> AssessmentRow? {
        // Plain SQL on the assessment page's reads: the query builder's identifier quoting cost
        // more than some of the queries.
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.assessmentColumnList) FROM risk_assessments WHERE id = \(bind: id) AND company_id = \(bind: company.rawValue)
            """).first(decoding: AssessmentRow.self)
    }

    /// The chains of an assessment (or only the one with `chainID`), rebuilt and checked, in
    /// their saved order: three queries.
    func chains(of assessment: UUID, only chainID: UUID? = nil) async throws -> [SupplyChain] {
        let onlyChainID: SQLQueryString = chainID.map { " AND chain_id = \(bind: $0)" } ?? ""
        let chainRows = try await sql.raw("""
            SELECT id, chain_id, position, name, product_line FROM supply_chains
            WHERE assessment_id = \(bind: assessment)\(onlyChainID) ORDER BY position
            """).hotRows().map(ChainRow.init(row:))
        guard !chainRows.isEmpty else { return [] }
        let onlyChain: SQLQueryString = chainID == nil ? "" : " AND supply_chain_id = \(bind: chainRows[0].id)"
        let nodes = try await sql.raw("""
            SELECT supply_chain_id, node_id, key, kind, name, country, region, business_partner FROM chain_nodes
            WHERE assessment_id = \(bind: assessment)\(onlyChain) ORDER BY supply_chain_id, position
            """).hotRows().map(NodeRow.init(row:))
        let legs = try await sql.raw("""
            SELECT supply_chain_id, leg_id, from_key, to_key, mode, business_partner FROM chain_legs
            WHERE assessment_id = \(bind: assessment)\(onlyChain) ORDER BY supply_chain_id, position
            """).hotRows().map(LegRow.init(row:))
        var nodesByChain: [UUID: [ChainNode.Draft]] = [:]
        for node in nodes {
            nodesByChain[node.supply_chain_id, default: []].append(
                ChainNode.Draft(id: ChainNodeID(node.node_id), key: node.key, kind: node.kind, name: node.name, country: node.country,
                                region: node.region, businessPartner: node.business_partner))
        }
        var legsByChain: [UUID: [ChainLeg.Draft]] = [:]
        for leg in legs {
            legsByChain[leg.supply_chain_id, default: []].append(
                ChainLeg.Draft(id: ChainLegID(leg.leg_id), from: leg.from_key, to: leg.to_key, mode: leg.mode, businessPartner: leg.business_partner))
        }
        return chainRows.compactMap { row in
            let draft = SupplyChain.Draft(id: SupplyChainID(row.chain_id), name: row.name, productLine: row.product_line,
                                          nodes: nodesByChain[row.id] ?? [], legs: legsByChain[row.id] ?? [])
            // Saved maps were checked when saved; one that no longer checks is left out, not shown half.
            return try? ChainValidator.validate(draft).get()
        }
    }

    /// The company's current threat ratings (not superseded).
    func threatRatings(of company: CompanyID) async throws -> [ThreatRow] {
        try await sql.raw("""
            SELECT country, region, category, level_key, note, source, rated_at, rated_by FROM threat_ratings
            WHERE company_id = \(bind: company.rawValue) AND superseded_at IS NULL ORDER BY country, region, category
            """).hotRows().map(ThreatRow.init(row:))
    }

    func vulnerabilityRatings(of assessment: UUID) async throws -> [VulnerabilityRow] {
        try await sql.raw("""
            SELECT node_id, category, level_key, proposed_key, reason, rated_at, rated_by FROM vulnerability_ratings
            WHERE assessment_id = \(bind: assessment)
            """).hotRows().map(VulnerabilityRow.init(row:))
    }

    /// The answers of the company's current security profile.
    func profileAnswers(of company: CompanyID) async throws -> [AnswerRow] {
        try await sql.raw("""
            SELECT p.catalog_id AS catalog_id, a.criterion_id AS criterion_id, a.status AS status
            FROM security_profiles p JOIN profile_answers a ON a.profile_id = p.id
            WHERE p.company_id = \(bind: company.rawValue) AND p.archived_at IS NULL
            """).hotRows().map(AnswerRow.init(row:))
    }

    /// `source_id`s of the company's risk corrective actions still open or in progress.
    func openRiskActionKeys(of company: CompanyID) async throws -> [String] {
        struct Row: Decodable { let source_id: String? }
        return try await sql.raw("""
            SELECT source_id FROM corrective_actions
            WHERE company_id = \(bind: company.rawValue) AND source = 'risk' AND status IN ('open', 'in_progress')
            """).all(decoding: Row.self).compactMap(\.source_id)
    }

    /// The company's latest assessment, for the security profile's criteria 2.1 to 2.4.
    static func latestAssessment(company: CompanyID, on db: any Database) async throws -> (id: UUID, assessedOn: String, nextReviewOn: String)? {
        struct Row: Decodable { let id: UUID; let assessed_on: String; let next_review_on: String }
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("""
            SELECT id, assessed_on, next_review_on FROM risk_assessments WHERE company_id = \(bind: company.rawValue)
            ORDER BY assessed_on DESC, created_at DESC LIMIT 1
            """).first(decoding: Row.self) else { return nil }
        return (row.id, row.assessed_on, row.next_review_on)
    }
}
