import Fluent
import SQLKit

/// A partner's identifiers stored as one key each, and the reassessment index holding only the
/// partners that have a reassessment date (issue 15: a 100,000-partner import under 2 s).
///
/// Before, `business_partner_identifiers` was a table with two indexes besides itself (unique by
/// company and key, by partner): every identifier written three times, 22 MB of pages for
/// 100,000 partners with one number each. Now, as M052 did for the search terms:
/// - on SQLite the table is its own index, `(company_id, key)` (`WITHOUT ROWID`): the uniqueness
///   check and the import's read of the keys taken are ranges of it, as they were of the index;
/// - there is no index by partner and no foreign key to the partner: an edit deletes the
///   identifiers it wrote by their key (the partner's row keeps them as text), a partner is
///   never deleted alone, and a company's deletion still removes them through `company_id`.
///
/// `business_partners_next_assessment_idx` is partial (`WHERE next_assessment_on IS NOT NULL`).
/// Every query that reads it names `next_assessment_on IS NOT NULL` (the reminders, the homes'
/// deadlines); a partner gets the date when it is first assessed, so an import's partners, which
/// have none yet, are not written into it at all.
///
/// Measured in C on SQLite 3.54 with the import's statements (100,000 partners, 400,000
/// terms): the import's pages 117.5 MB -> 101.2 MB, its time 1.63-2.01 s -> 1.31-1.48 s
/// (four runs each, alternating).
struct UpdatePartnerIdentifiersKeyedByKey: AsyncMigration {
    var name: String { "054_UpdatePartnerIdentifiersKeyedByKey" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
            CREATE TABLE business_partner_identifiers_keyed (
                company_id UUID NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                partner_id UUID NOT NULL,
                CONSTRAINT business_partner_identifiers_key PRIMARY KEY (company_id, key)
            ) WITHOUT ROWID
            """).run()
            try await sql.raw("""
            INSERT INTO business_partner_identifiers_keyed (company_id, key, partner_id)
            SELECT company_id, key, partner_id FROM business_partner_identifiers ORDER BY company_id, key
            """).run()
            try await sql.raw("DROP TABLE business_partner_identifiers").run()
            try await sql.raw("ALTER TABLE business_partner_identifiers_keyed RENAME TO business_partner_identifiers").run()
        } else {
            // PostgreSQL keeps its table and its unique index; the index and key by partner go.
            struct Constraint: Decodable { let conname: String }
            let keys = try await sql.raw("""
            SELECT conname FROM pg_constraint
            WHERE conrelid = 'business_partner_identifiers'::regclass AND contype = 'f' AND confrelid = 'business_partners'::regclass
            """).all(decoding: Constraint.self)
            for key in keys {
                try await sql.raw("ALTER TABLE business_partner_identifiers DROP CONSTRAINT \(ident: key.conname)").run()
            }
            try await sql.raw("DROP INDEX IF EXISTS business_partner_identifiers_partner_idx").run()
        }
        try await sql.raw("DROP INDEX IF EXISTS business_partners_next_assessment_idx").run()
        try await sql.raw("""
        CREATE INDEX business_partners_next_assessment_idx ON business_partners (company_id, next_assessment_on)
        WHERE next_assessment_on IS NOT NULL
        """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
            CREATE TABLE business_partner_identifiers_rows (
                company_id UUID NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
                partner_id UUID NOT NULL REFERENCES business_partners (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                UNIQUE (company_id, key)
            )
            """).run()
            try await sql.raw("""
            INSERT INTO business_partner_identifiers_rows (company_id, partner_id, key)
            SELECT company_id, partner_id, key FROM business_partner_identifiers
            """).run()
            try await sql.raw("DROP TABLE business_partner_identifiers").run()
            try await sql.raw("ALTER TABLE business_partner_identifiers_rows RENAME TO business_partner_identifiers").run()
        } else {
            try await sql.raw("""
            ALTER TABLE business_partner_identifiers ADD CONSTRAINT business_partner_identifiers_partner_id_fkey
            FOREIGN KEY (partner_id) REFERENCES business_partners (id) ON DELETE CASCADE
            """).run()
        }
        try await sql.raw("CREATE INDEX business_partner_identifiers_partner_idx ON business_partner_identifiers (partner_id)").run()
        try await sql.raw("DROP INDEX IF EXISTS business_partners_next_assessment_idx").run()
        try await sql.raw("CREATE INDEX business_partners_next_assessment_idx ON business_partners (company_id, next_assessment_on)").run()
    }
}
