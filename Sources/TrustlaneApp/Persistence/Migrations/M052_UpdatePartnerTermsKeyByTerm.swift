import Fluent
import SQLKit

/// The search terms of business partners (issue 15) stored as one key per term, and each
/// partner's terms kept on its own row too.
///
/// Before, `business_partner_terms` was a table with two indexes besides itself (by company and
/// term, by partner): every term written three times, a third of a 100,000-partner import. Now:
/// - the terms table is its own index, `(company_id, term, partner_id)` (a `WITHOUT ROWID` table
///   on SQLite): a search reads a range of it, as it read the old index;
/// - `business_partners.search_terms` holds the partner's terms as ` term term ...` (each after
///   a space), so a search walking the list in name order checks a row's own text instead of
///   looking its terms up, and an edit deletes exactly the terms it wrote by their key.
///
/// The partner column has no foreign key any more: its check would need the partner index this
/// removes (a partner is never deleted alone; a company's deletion still removes its terms).
struct UpdatePartnerTermsKeyByTerm: AsyncMigration {
    var name: String { "052_UpdatePartnerTermsKeyByTerm" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let sqlite = sql.dialect.name == "sqlite"
        try await sql.raw("""
        CREATE TABLE business_partner_terms_keyed (
            company_id UUID NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
            term TEXT NOT NULL,
            partner_id UUID NOT NULL,
            CONSTRAINT business_partner_terms_key PRIMARY KEY (company_id, term, partner_id)
        )\(unsafeRaw: sqlite ? " WITHOUT ROWID" : "")
        """).run()
        try await sql.raw("""
        INSERT INTO business_partner_terms_keyed (company_id, term, partner_id)
        SELECT DISTINCT company_id, term, partner_id FROM business_partner_terms
        """).run()
        try await sql.raw("ALTER TABLE business_partners ADD COLUMN search_terms TEXT").run()
        let joined = sqlite ? "group_concat(t.term, ' ')" : "string_agg(t.term, ' ')"
        try await sql.raw("""
        UPDATE business_partners SET search_terms = ' ' || COALESCE(
            (SELECT \(unsafeRaw: joined) FROM business_partner_terms t WHERE t.partner_id = business_partners.id), '')
        """).run()
        try await sql.raw("DROP TABLE business_partner_terms").run()
        try await sql.raw("ALTER TABLE business_partner_terms_keyed RENAME TO business_partner_terms").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("""
        CREATE TABLE business_partner_terms_rows (
            company_id UUID NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
            partner_id UUID NOT NULL REFERENCES business_partners (id) ON DELETE CASCADE,
            term TEXT NOT NULL
        )
        """).run()
        try await sql.raw("INSERT INTO business_partner_terms_rows (company_id, partner_id, term) SELECT company_id, partner_id, term FROM business_partner_terms").run()
        try await sql.raw("DROP TABLE business_partner_terms").run()
        try await sql.raw("ALTER TABLE business_partner_terms_rows RENAME TO business_partner_terms").run()
        try await sql.raw("CREATE INDEX business_partner_terms_idx ON business_partner_terms (company_id, term)").run()
        try await sql.raw("CREATE INDEX business_partner_terms_partner_idx ON business_partner_terms (partner_id)").run()
        try await sql.raw("ALTER TABLE business_partners DROP COLUMN search_terms").run()
    }
}
