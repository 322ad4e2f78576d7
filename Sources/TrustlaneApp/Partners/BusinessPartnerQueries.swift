import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads of the partner registry through SQLKit into small structs: the list and search (one
/// query per page, whatever the registry's size), one partner, and what an import checks
/// against (identifiers, references and name keys already taken).
package struct BusinessPartnerQueries {
    let sql: any SQLDatabase

    package init(_ db: any Database) { sql = db as! any SQLDatabase }

    package struct Filter: Sendable, Equatable {
        var query: String?
        var role: BusinessPartnerRole?
        var country: CountryCode?
        /// `nil`: every partner but the archived ones.
        var status: BusinessPartnerStatus?
        var page = 1
        var per = 50
        /// Names a word must start to be searched by walking the list rather than from its terms.
        var denseFrom = 1_000

        package init(query: String? = nil, role: BusinessPartnerRole? = nil, country: CountryCode? = nil, status: BusinessPartnerStatus? = nil,
                     page: Int = 1, per: Int = 50) {
            self.query = query
            self.role = role
            self.country = country
            self.status = status
            self.page = max(1, min(page, 1_000_000))
            self.per = max(1, min(per, 200))
        }
    }

    /// One line of the list.
    package struct Row: Decodable, Sendable {
        let id: UUID
        let reference: String?
        let legal_name: String
        let other_names: String
        let country: String
        let role: String
        let status: String
        let tier: String?
        let last_assessed_on: String?
        let next_assessment_on: String?

        var otherNames: [String] { other_names.split(separator: "\n").map(String.init) }
    }

    package struct Page: Sendable {
        let rows: [Row]
        /// Whether a next page exists (one row more than the page was read to know).
        let hasMore: Bool
    }

    /// Every column of one partner.
    struct Record: Decodable, Sendable {
        let id: UUID
        let company_id: UUID
        let reference: String?
        let legal_name: String
        let other_names: String
        let country: String
        let role: String
        let status: String
        let address: String?
        let identifiers: String
        let sites: String?
        let contact_name: String?
        let contact_email: String?
        let notes: String?
        let created_at: Date
        let updated_at: Date

        var partnerStatus: BusinessPartnerStatus { BusinessPartnerStatus(rawValue: status) ?? .active }

        /// The stored partner as Core's type (stored rows were valid when written).
        var partner: BusinessPartner {
            BusinessPartner(id: BusinessPartnerID(id), reference: reference, legalName: legal_name,
                            otherNames: other_names.split(separator: "\n").map(String.init),
                            country: CountryCode(country) ?? CountryCode("US")!, role: BusinessPartnerRole(rawValue: role) ?? .other,
                            address: address,
                            identifiers: identifiers.split(separator: "\n").compactMap { BusinessPartnerValidator.parseIdentifier(String($0)) },
                            sites: sites, contactName: contact_name, contactEmail: contact_email, notes: notes)
        }
    }

    static let listColumns = "p.id, p.reference, p.legal_name, p.other_names, p.country, p.role, p.status, p.tier, p.last_assessed_on, p.next_assessment_on"

    /// One page of a company's partners in name order, narrowed by the filter. A search matches
    /// partners having, for every word typed, a name or alias word starting with it (both
    /// normalised as screening normalises names); a partner whose reference is the text typed
    /// comes first. Two plans, chosen by how many names the rarest word starts: few, and the
    /// query starts from those names' terms and sorts them; many, and it walks the list in
    /// name order and keeps the rows that have every word (a page fills in a few hundred rows).
    package func list(company: CompanyID, _ filter: Filter) async throws -> Page {
        let companyID = company.rawValue
        var statement: SQLQueryString = "SELECT \(unsafeRaw: Self.listColumns) FROM business_partners p WHERE "
        var referenceMatch: Row?
        let text = filter.query?.trimmingCharacters(in: .whitespaces) ?? ""
        let words = text.isEmpty ? [] : Array(Array(Set(PartyName.tokens(text))).sorted().prefix(6))
        if !text.isEmpty {
            referenceMatch = try await sql.raw("""
            SELECT \(unsafeRaw: Self.listColumns) FROM business_partners p WHERE p.company_id = \(bind: companyID) AND p.reference_key = \(bind: text.lowercased())
            """).first(decoding: Row.self)
        }
        func range(_ word: String, column: String) -> SQLQueryString {
            var range: SQLQueryString = "\(unsafeRaw: column) >= \(bind: word)"
            if let upper = Self.successor(word) { range += " AND \(unsafeRaw: column) < \(bind: upper)" }
            return range
        }
        if !text.isEmpty && words.isEmpty {
            // Only short words or legal forms typed ("PT"): the reference is all there is to match.
            return Page(rows: referenceMatch.map { [$0] } ?? [], hasMore: false)
        } else if !words.isEmpty {
            struct Count: Decodable { let n: Int }
            var rarest = Int.max
            for word in words {
                let n = try await sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM business_partner_terms WHERE company_id = \(bind: companyID) AND \(range(word, column: "term")) LIMIT \(literal: filter.denseFrom)) AS s
                """).first(decoding: Count.self)?.n ?? 0
                rarest = min(rarest, n)
            }
            if rarest < filter.denseFrom {
                let ranges = words.map { "SELECT partner_id FROM business_partner_terms WHERE company_id = \(bind: companyID) AND \(range($0, column: "term"))" as SQLQueryString }
                // On SQLite, `+p.company_id` keeps the planner off the list index so the matching
                // ids lead (PostgreSQL has no unary plus for a uuid and plans this well anyway).
                let unindexed = sql.dialect.name == "sqlite" ? "+p.company_id" : "p.company_id"
                statement += "p.id IN (" + ranges.joined(separator: " INTERSECT ") + ") AND \(unsafeRaw: unindexed) = \(bind: companyID)"
            } else {
                statement += "p.company_id = \(bind: companyID)"
                // The row's own terms (` term term ...`): ` word` in them is a term starting with it.
                let find = sql.dialect.name == "sqlite" ? "instr" : "strpos"
                for word in words {
                    statement += " AND \(unsafeRaw: find)(p.search_terms, \(bind: " " + word)) > 0"
                }
            }
        } else {
            statement += "p.company_id = \(bind: companyID)"
        }
        if let role = filter.role { statement += " AND p.role = \(bind: role.rawValue)" }
        if let country = filter.country { statement += " AND p.country = \(bind: country.code)" }
        if let status = filter.status {
            statement += " AND p.status = \(bind: status.rawValue)"
        } else {
            statement += " AND p.status <> \(bind: BusinessPartnerStatus.archived.rawValue)"
        }
        statement += " ORDER BY p.name_key, p.id LIMIT \(literal: filter.per + 1) OFFSET \(literal: (filter.page - 1) * filter.per)"
        var rows = try await sql.raw(statement).all(decoding: Row.self)
        if let referenceMatch, filter.page == 1 {
            rows.removeAll { $0.id == referenceMatch.id }
            rows.insert(referenceMatch, at: 0)
        }
        return Page(rows: Array(rows.prefix(filter.per)), hasMore: rows.count > filter.per)
    }

    /// The smallest text greater than every text starting with `prefix`, for an index range
    /// (`term >= prefix AND term < successor`). Terms hold letters and digits; the last one
    /// is stepped (a carry past `z` or `9`), so the bound holds under the C collation and under
    /// the language collations PostgreSQL may use, which would skip a punctuation bound.
    static func successor(_ prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            switch last {
            case "9": return String(String.UnicodeScalarView(scalars)) + "a"
            case "z": continue
            default:
                guard let next = Unicode.Scalar(last.value + 1) else { continue }
                return String(String.UnicodeScalarView(scalars + [next]))
            }
        }
        return nil
    }

    /// One partner of the company, or nil.
    func partner(company: CompanyID, id: UUID) async throws -> Record? {
        try await sql.raw("""
        SELECT id, company_id, reference, legal_name, other_names, country, role, status, address, identifiers, sites, contact_name,
        contact_email, notes, created_at, updated_at FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id = \(bind: id)
        """).first(decoding: Record.self)
    }

    /// Every partner of the company in name order, archived ones too, for the export.
    func all(company: CompanyID) async throws -> [Record] {
        try await sql.raw("""
        SELECT id, company_id, reference, legal_name, other_names, country, role, status, address, identifiers, sites, contact_name,
        contact_email, notes, created_at, updated_at FROM business_partners WHERE company_id = \(bind: company.rawValue) ORDER BY name_key, id
        """).all(decoding: Record.self)
    }

    /// What an import or a save must not repeat: identifier keys and lower-cased references
    /// mapped to the partner holding them, and duplicate-hint keys of every name.
    package struct Taken: Sendable {
        var identifiers: [String: String] = [:]
        var references: [String: String] = [:]
        var nameKeys: [String: String] = [:]
    }

    /// `names`: also the duplicate-hint keys of every name (a `PartyName` per name, which an
    /// import's own transaction does not need).
    func taken(company: CompanyID, except: UUID? = nil, names: Bool = true) async throws -> Taken {
        // Each row goes straight into its map: a company's 100,000 partners are two reads of
        // 100,000 rows, which `all()` held whole (rows, then decoded copies) before the maps.
        let sql = self.sql
        async let identifiersTask: [String: String] = {
            nonisolated(unsafe) var identifiers: [String: String] = [:]
            try await sql.raw("""
            SELECT i.key, p.legal_name, i.partner_id FROM business_partner_identifiers i JOIN business_partners p ON p.id = i.partner_id
            WHERE i.company_id = \(bind: company.rawValue)
            """).hotEach { row in
                if let except, try row.uuid("partner_id") == except { return }
                identifiers[try row.decode(column: "key", as: String.self)] = try row.decode(column: "legal_name", as: String.self)
            }
            return identifiers
        }()
        nonisolated(unsafe) var taken = Taken()
        try await sql.raw("""
        SELECT id, reference_key, legal_name, other_names, country FROM business_partners WHERE company_id = \(bind: company.rawValue)
        """).hotEach { row in
            if let except, try row.uuid("id") == except { return }
            let legalName = try row.decode(column: "legal_name", as: String.self)
            if let key = try row.optional("reference_key", as: String.self) { taken.references[key] = legalName }
            guard names, let country = CountryCode(try row.decode(column: "country", as: String.self)) else { return }
            let otherNames = try row.decode(column: "other_names", as: String.self)
            for name in [legalName] + otherNames.split(separator: "\n").map(String.init) {
                let key = BusinessPartnerDuplicates.key(name, country: country)
                if !key.isEmpty, taken.nameKeys[key] == nil { taken.nameKeys[key] = legalName }
            }
        }
        taken.identifiers = try await identifiersTask
        return taken
    }

    /// How many partners the company has, by status (the stored counts).
    func counts(company: CompanyID) async throws -> [BusinessPartnerStatus: Int] {
        struct Row: Decodable { let active: Int; let blocked: Int; let archived: Int }
        guard let row = try await sql.raw("SELECT active, blocked, archived FROM business_partner_counts WHERE company_id = \(bind: company.rawValue)")
            .first(decoding: Row.self) else { return [:] }
        return [.active: row.active, .blocked: row.blocked, .archived: row.archived]
    }

    /// Counts the company's partners by status again and stores the counts; called inside every
    /// write that adds partners or changes a status (an index range count, no table reads).
    package static func refreshCounts(company: CompanyID, on sql: any SQLDatabase) async throws {
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await sql.raw("SELECT status, COUNT(*) AS n FROM business_partners WHERE company_id = \(bind: company.rawValue) GROUP BY status")
            .all(decoding: Row.self)
        var counts: [String: Int] = [:]
        for row in rows { counts[row.status] = row.n }
        try await sql.raw("DELETE FROM business_partner_counts WHERE company_id = \(bind: company.rawValue)").run()
        try await sql.raw("""
        INSERT INTO business_partner_counts (company_id, active, blocked, archived) VALUES (\(bind: company.rawValue), \(bind: counts["active"] ?? 0),
        \(bind: counts["blocked"] ?? 0), \(bind: counts["archived"] ?? 0))
        """).run()
    }
}

extension BusinessPartnerQueries {
    /// The registry as evidence for the security profile's category 3 (issue 15): how many
    /// partners there are, how many were assessed, are overdue or never assessed, have open
    /// corrective actions, hold a status proof, or wait on a screening decision. Four reads.
    package struct Coverage: Sendable, Equatable {
        var partners = 0
        var assessed = 0
        var overdue = 0
        var withOpenActions = 0
        var withProofs = 0
        var openHits = 0
        var neverAssessed: Int { partners - assessed }
    }

    package func coverage(company: CompanyID, today: ProgramDay) async throws -> Coverage {
        struct Totals: Decodable { let partners: Int; let assessed: Int?; let overdue: Int? }
        struct Count: Decodable { let n: Int }
        let id = company.rawValue
        async let totals = sql.raw("""
        SELECT COUNT(*) AS partners, SUM(CASE WHEN last_assessed_on IS NOT NULL THEN 1 ELSE 0 END) AS assessed,
        SUM(CASE WHEN next_assessment_on < \(bind: today.description) THEN 1 ELSE 0 END) AS overdue
        FROM business_partners WHERE company_id = \(bind: id) AND status <> 'archived'
        """).first(decoding: Totals.self)
        async let actions = sql.raw("SELECT COUNT(DISTINCT partner_id) AS n FROM business_partner_actions WHERE company_id = \(bind: id) AND status = 'open'")
            .first(decoding: Count.self)
        async let proofs = sql.raw("SELECT COUNT(DISTINCT partner_id) AS n FROM business_partner_proofs WHERE company_id = \(bind: id)").first(decoding: Count.self)
        async let hits = sql.raw("SELECT COUNT(*) AS n FROM screening_hits WHERE company_id = \(bind: id) AND status = 'open'").first(decoding: Count.self)
        let t = try await totals
        return Coverage(partners: t?.partners ?? 0, assessed: t?.assessed ?? 0, overdue: t?.overdue ?? 0, withOpenActions: try await actions?.n ?? 0,
                        withProofs: try await proofs?.n ?? 0, openHits: try await hits?.n ?? 0)
    }
}

extension BusinessPartnerQueries {
    /// The most names the supply-chain form offers from the registry.
    static let offeredNames = 1_000

    /// Legal names of the company's partners in use (not archived), in name order, at most `limit`.
    func names(company: CompanyID, limit: Int = offeredNames) async throws -> [String] {
        struct Row: Decodable { let legal_name: String }
        return try await sql.raw("""
        SELECT legal_name FROM business_partners WHERE company_id = \(bind: company.rawValue) AND status <> 'archived'
        ORDER BY name_key, id LIMIT \(literal: limit)
        """).all(decoding: Row.self).map(\.legal_name)
    }

    /// A supply chain a partner appears in, by any of its names (compared without case).
    package struct ChainUse: Decodable, Sendable {
        let assessment_id: UUID
        let title: String
        let chain_id: UUID
        let name: String
    }

    /// The company's supply chains whose nodes or legs name the partner.
    func chains(company: CompanyID, names: [String]) async throws -> [ChainUse] {
        let folded = Array(Set(names.map { $0.lowercased() }))
        guard !folded.isEmpty else { return [] }
        return try await sql.raw("""
        SELECT DISTINCT a.id AS assessment_id, a.title, s.chain_id, s.name FROM supply_chains s JOIN risk_assessments a ON a.id = s.assessment_id
        WHERE a.company_id = \(bind: company.rawValue) AND s.id IN (
          SELECT supply_chain_id FROM chain_nodes WHERE assessment_id = a.id AND LOWER(business_partner) IN (\(binds: folded))
          UNION SELECT supply_chain_id FROM chain_legs WHERE assessment_id = a.id AND LOWER(business_partner) IN (\(binds: folded)))
        ORDER BY a.title, s.name
        """).all(decoding: ChainUse.self)
    }
}

extension BusinessPartnerQueries {
    /// A document of a partner: a file of the company's evidence store.
    package struct Document: Decodable, Sendable {
        let id: UUID
        let title: String
        let file_name: String
        let expires_at: Date?
        let uploaded_at: Date
    }

    func documents(partner: UUID) async throws -> [Document] {
        try await sql.raw("""
        SELECT e.id, e.title, e.file_name, e.expires_at, e.uploaded_at FROM business_partner_documents d JOIN evidence_files e ON e.id = d.evidence_id
        WHERE d.partner_id = \(bind: partner) ORDER BY e.uploaded_at DESC
        """).all(decoding: Document.self)
    }
}
