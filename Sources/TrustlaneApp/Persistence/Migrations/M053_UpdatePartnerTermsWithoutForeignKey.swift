import Fluent
import SQLKit

/// The search terms of business partners without a foreign key to `companies`.
///
/// The terms are an index the application derives from each partner's names (written with the
/// partner, deleted by their key when the names change). The foreign key checked every term
/// written against the companies' key: on SQLite a lookup in that index per row, half the time
/// of writing a 100,000-partner import's 400,000 terms (0.49 s with it, 0.23 s without, measured
/// with `INSERT ... SELECT` on the bench database). Nothing in the application deletes a company;
/// one deleted by hand should have its partners' terms deleted with it
/// (`DELETE FROM business_partner_terms WHERE company_id = ...`), which a search could not reach
/// anyway (every search names the company).
struct UpdatePartnerTermsWithoutForeignKey: AsyncMigration {
    var name: String { "053_UpdatePartnerTermsWithoutForeignKey" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" { return try await Self.remake(on: sql, foreignKey: false) }
        struct Constraint: Decodable { let conname: String }
        let keys = try await sql.raw("""
        SELECT conname FROM pg_constraint WHERE conrelid = 'business_partner_terms'::regclass AND contype = 'f'
        """).all(decoding: Constraint.self)
        for key in keys {
            try await sql.raw("ALTER TABLE business_partner_terms DROP CONSTRAINT \(ident: key.conname)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" { return try await Self.remake(on: sql, foreignKey: true) }
        try await sql.raw("""
        ALTER TABLE business_partner_terms ADD CONSTRAINT business_partner_terms_company_id_fkey
        FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
        """).run()
    }

    /// SQLite cannot add or drop a constraint: the table is made again, as M052 made it, with or
    /// without the key, its rows copied in key order.
    static func remake(on sql: any SQLDatabase, foreignKey: Bool) async throws {
        try await sql.raw("""
        CREATE TABLE business_partner_terms_remade (
            company_id UUID NOT NULL\(unsafeRaw: foreignKey ? " REFERENCES companies (id) ON DELETE CASCADE" : ""),
            term TEXT NOT NULL,
            partner_id UUID NOT NULL,
            CONSTRAINT business_partner_terms_key PRIMARY KEY (company_id, term, partner_id)
        ) WITHOUT ROWID
        """).run()
        try await sql.raw("""
        INSERT INTO business_partner_terms_remade (company_id, term, partner_id)
        SELECT company_id, term, partner_id FROM business_partner_terms ORDER BY company_id, term, partner_id
        """).run()
        try await sql.raw("DROP TABLE business_partner_terms").run()
        try await sql.raw("ALTER TABLE business_partner_terms_remade RENAME TO business_partner_terms").run()
    }
}
