import Fluent
import SQLKit

/// The five-step risk assessment: assessments with their documented method, the mapped supply
/// chains (nodes and legs), the company's threat library (with history) and the vulnerability
/// ratings per node and category. Scores, the matrix and drawings are computed per request and
/// never stored.
struct CreateRiskAssessments: AsyncMigration {
    var name: String { "009_CreateRiskAssessments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("risk_assessments")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            // Calendar days as `YYYY-MM-DD` text: the same day on every server and database.
            .field("assessed_on", .string, .required)
            .field("next_review_on", .string, .required)
            .field("previous_id", .uuid)
            // Scale, bands, unrated policy and participants as JSON (`RiskMethodRecord`).
            .field("method", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("supply_chains")
            .id()
            .field("assessment_id", .uuid, .required, .references("risk_assessments", "id", onDelete: .cascade))
            // Stable across copies of an assessment, so two assessments can be compared.
            .field("chain_id", .uuid, .required)
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("product_line", .string)
            .unique(on: "assessment_id", "chain_id")
            .create()

        try await database.schema("chain_nodes")
            .id()
            .field("supply_chain_id", .uuid, .required, .references("supply_chains", "id", onDelete: .cascade))
            .field("assessment_id", .uuid, .required)
            .field("node_id", .uuid, .required)
            .field("position", .int, .required)
            .field("key", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("country", .string, .required)
            .field("region", .string)
            .field("business_partner", .string)
            .create()

        try await database.schema("chain_legs")
            .id()
            .field("supply_chain_id", .uuid, .required, .references("supply_chains", "id", onDelete: .cascade))
            .field("assessment_id", .uuid, .required)
            .field("leg_id", .uuid, .required)
            .field("position", .int, .required)
            .field("from_key", .string, .required)
            .field("to_key", .string, .required)
            .field("mode", .string, .required)
            .field("business_partner", .string)
            .create()

        try await database.schema("threat_ratings")
            .id()
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("country", .string, .required)
            .field("region", .string)
            .field("category", .string, .required)
            .field("level_key", .string, .required)
            .field("note", .string)
            .field("source", .string, .required)
            .field("rated_at", .datetime, .required)
            .field("rated_by", .uuid)
            // Set when a newer rating of the same subject replaces this one: the history stays.
            .field("superseded_at", .datetime)
            .create()

        try await database.schema("vulnerability_ratings")
            .id()
            .field("assessment_id", .uuid, .required, .references("risk_assessments", "id", onDelete: .cascade))
            .field("node_id", .uuid, .required)
            .field("category", .int, .required)
            .field("level_key", .string, .required)
            .field("proposed_key", .string)
            .field("reason", .string)
            .field("rated_at", .datetime, .required)
            .field("rated_by", .uuid)
            .unique(on: "assessment_id", "node_id", "category")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "risk_assessments_company_idx").on("risk_assessments").column("company_id").column("assessed_on").run()
        try await sql.create(index: "supply_chains_assessment_idx").on("supply_chains").column("assessment_id").column("position").run()
        try await sql.create(index: "chain_nodes_assessment_idx").on("chain_nodes").column("assessment_id").column("supply_chain_id").column("position").run()
        try await sql.create(index: "chain_legs_assessment_idx").on("chain_legs").column("assessment_id").column("supply_chain_id").column("position").run()
        try await sql.create(index: "threat_ratings_company_idx").on("threat_ratings").column("company_id").column("superseded_at").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["vulnerability_ratings", "threat_ratings", "chain_legs", "chain_nodes", "supply_chains", "risk_assessments"] {
            try await database.schema(table).delete()
        }
    }
}
