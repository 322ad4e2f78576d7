import Fluent
import SQLKit

/// The program overview and the reviewer queue's totals without scanning every application
/// (issue 12): `membership_applications.country` copies the company's country, and
/// `membership_counts` holds how many applications there are per (status, entity type,
/// country), and how many of those have a queue deadline. The database keeps both with
/// triggers, so every write path (the lifecycle, the clock pass, bulk seeds, a company's new
/// country) keeps them right in the same transaction, on SQLite and on PostgreSQL alike.
struct CreateMembershipCounts: AsyncMigration {
    var name: String { "015_CreateMembershipCounts" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("ALTER TABLE membership_applications ADD COLUMN country TEXT").run()
        try await sql.raw("UPDATE membership_applications SET country = (SELECT country FROM companies WHERE companies.id = membership_applications.company_id)").run()
        // The queue filtered by country (and state) walks these in deadline order.
        try await sql.create(index: "membership_applications_country_idx").on("membership_applications")
            .column("country").column("next_due_on").column("id").run()
        try await sql.create(index: "membership_applications_status_country_idx").on("membership_applications")
            .column("status").column("country").column("next_due_on").column("id").run()
        try await sql.raw("""
            CREATE TABLE membership_counts (status TEXT NOT NULL, entity_type TEXT NOT NULL, country TEXT NOT NULL, \
            n INTEGER NOT NULL, dated INTEGER NOT NULL, PRIMARY KEY (status, entity_type, country))
            """).run()
        try await sql.raw("""
            INSERT INTO membership_counts (status, entity_type, country, n, dated) \
            SELECT status, entity_type, COALESCE(country, ''), COUNT(*), COUNT(next_due_on) FROM membership_applications \
            GROUP BY status, entity_type, COALESCE(country, '')
            """).run()
        for statement in postgres ? Self.postgresTriggers : Self.sqliteTriggers { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS membership_counts_keep ON membership_applications").run()
            try await sql.raw("DROP TRIGGER IF EXISTS companies_country_copy ON companies").run()
            try await sql.raw("DROP FUNCTION IF EXISTS membership_counts_keep()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS companies_country_copy()").run()
        } else {
            for name in ["membership_counts_insert", "membership_counts_delete", "membership_counts_update", "companies_country_copy"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: name)")).run()
            }
        }
        try await sql.raw("DROP TABLE membership_counts").run()
        try await sql.raw("DROP INDEX membership_applications_country_idx").run()
        try await sql.raw("DROP INDEX membership_applications_status_country_idx").run()
        try await sql.raw("ALTER TABLE membership_applications DROP COLUMN country").run()
    }

    // One row leaves its (status, type, country) and one arrives: the same two statements in
    // both dialects (a row is made at zero first, so no upsert syntax is needed).
    private static func leave(_ row: String) -> String {
        """
        UPDATE membership_counts SET n = n - 1, dated = dated - (CASE WHEN \(row).next_due_on IS NULL THEN 0 ELSE 1 END) \
        WHERE status = \(row).status AND entity_type = \(row).entity_type AND country = COALESCE(\(row).country, '');
        """
    }

    private static func arrive(_ row: String, ignore: String, conflict: String) -> String {
        """
        INSERT \(ignore) INTO membership_counts (status, entity_type, country, n, dated) \
        VALUES (\(row).status, \(row).entity_type, COALESCE(\(row).country, ''), 0, 0) \(conflict);
        UPDATE membership_counts SET n = n + 1, dated = dated + (CASE WHEN \(row).next_due_on IS NULL THEN 0 ELSE 1 END) \
        WHERE status = \(row).status AND entity_type = \(row).entity_type AND country = COALESCE(\(row).country, '');
        """
    }

    static var sqliteTriggers: [String] {
        let watched = "status, entity_type, country, next_due_on"
        return [
            "CREATE TRIGGER membership_counts_insert AFTER INSERT ON membership_applications BEGIN \(arrive("NEW", ignore: "OR IGNORE", conflict: "")) END",
            "CREATE TRIGGER membership_counts_delete AFTER DELETE ON membership_applications BEGIN \(leave("OLD")) END",
            "CREATE TRIGGER membership_counts_update AFTER UPDATE OF \(watched) ON membership_applications BEGIN \(leave("OLD")) \(arrive("NEW", ignore: "OR IGNORE", conflict: "")) END",
            """
            CREATE TRIGGER companies_country_copy AFTER UPDATE OF country ON companies WHEN NEW.country IS NOT OLD.country BEGIN \
            UPDATE membership_applications SET country = NEW.country WHERE company_id = NEW.id; END
            """,
        ]
    }

    static var postgresTriggers: [String] {
        [
            """
            CREATE FUNCTION membership_counts_keep() RETURNS trigger AS $$ BEGIN \
            IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.entity_type IS NOT DISTINCT FROM OLD.entity_type \
            AND NEW.country IS NOT DISTINCT FROM OLD.country AND (NEW.next_due_on IS NULL) = (OLD.next_due_on IS NULL) THEN RETURN NULL; END IF; \
            IF TG_OP IN ('UPDATE', 'DELETE') THEN \(leave("OLD")) END IF; \
            IF TG_OP IN ('UPDATE', 'INSERT') THEN \(arrive("NEW", ignore: "", conflict: "ON CONFLICT DO NOTHING")) END IF; \
            RETURN NULL; END $$ LANGUAGE plpgsql
            """,
            """
            CREATE TRIGGER membership_counts_keep AFTER INSERT OR DELETE OR UPDATE ON membership_applications \
            FOR EACH ROW EXECUTE FUNCTION membership_counts_keep()
            """,
            """
            CREATE FUNCTION companies_country_copy() RETURNS trigger AS $$ BEGIN \
            IF NEW.country IS DISTINCT FROM OLD.country THEN UPDATE membership_applications SET country = NEW.country WHERE company_id = NEW.id; END IF; \
            RETURN NULL; END $$ LANGUAGE plpgsql
            """,
            "CREATE TRIGGER companies_country_copy AFTER UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION companies_country_copy()",
        ]
    }
}
