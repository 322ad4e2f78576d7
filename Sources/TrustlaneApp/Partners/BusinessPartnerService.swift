import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the partner registry: add, change, archive and restore a partner, and import a
/// CSV file in two steps (upload and preview, then confirm). Every write runs through the write
/// gate in one transaction with its audit entry: a partner is saved with its identifiers and
/// search terms, or not at all; an import saves every accepted row or none.
package struct BusinessPartnerService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// How an import treats rejected rows.
    package enum ImportMode: String, CaseIterable, Sendable {
        /// Any rejected row refuses the whole file.
        case allOrNothing = "all_or_nothing"
        /// The accepted rows are saved; the rejected ones come back as an error file.
        case validRows = "valid_rows"
    }

    /// What an import saved.
    package struct ImportOutcome: Sendable {
        package let imported: Int
        package let rejected: Int
    }

    /// How long an uploaded file waits for its confirmation.
    static let importLifetime: TimeInterval = 24 * 3600

    // MARK: One partner

    package func create(_ partner: BusinessPartner, company: CompanyID, by actor: UserID?) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await Self.checkUnique(partner, company: company, except: nil, on: sql)
            try await Self.insert([partner], company: company, now: now, on: sql)
            try await AuditLog.append(AuditEvent(action: "business_partner.created", targetType: "business_partner", targetID: partner.id.description,
                                                 companyID: company, changes: AuditRecord.changes(before: [:], after: Self.auditFields(partner))),
                                      by: actor, on: tx, at: now)
        }
        await ScreeningService(app: app, db: db).screenAfterSave(partner.id, company: company)
    }

    package func update(_ old: BusinessPartner, with partner: BusinessPartner, company: CompanyID, by actor: UserID?) async throws {
        let now = app.clock.now()
        let keys = Self.keys(partner)
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await Self.checkUnique(partner, company: company, except: partner.id.rawValue, on: sql)
            let id = partner.id.rawValue
            // The terms and identifiers written for the partner as it was, by their keys (see
            // M052 and M054): its row holds both.
            struct Stored: Decodable { let search_terms: String?; let identifiers: String }
            let stored = try await sql.raw("""
            SELECT search_terms, identifiers FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id = \(bind: id)
            """).first(decoding: Stored.self)
            try await sql.raw("""
            UPDATE business_partners SET reference = \(bind: partner.reference), reference_key = \(bind: partner.reference?.lowercased()),
            legal_name = \(bind: partner.legalName), name_key = \(bind: keys.nameKey), other_names = \(bind: partner.otherNames.joined(separator: "\n")),
            search_terms = \(bind: Self.searchTerms(keys.terms)),
            country = \(bind: partner.country.code), role = \(bind: partner.role.rawValue), address = \(bind: partner.address),
            identifiers = \(bind: partner.identifiers.map(\.text).joined(separator: "\n")), sites = \(bind: partner.sites),
            contact_name = \(bind: partner.contactName), contact_email = \(bind: partner.contactEmail), notes = \(bind: partner.notes),
            updated_at = \(bind: now) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: id)
            """).run()
            let oldKeys = (stored?.identifiers.split(separator: "\n").compactMap { BusinessPartnerValidator.parseIdentifier(String($0))?.key } ?? [])
                + old.identifiers.map(\.key)
            if !oldKeys.isEmpty {
                try await sql.raw("""
                DELETE FROM business_partner_identifiers WHERE company_id = \(bind: company.rawValue) AND key IN (\(binds: Array(Set(oldKeys)))) AND partner_id = \(bind: id)
                """).run()
            }
            let oldTerms = stored?.search_terms.map { $0.split(separator: " ").map(String.init) } ?? []
            if !oldTerms.isEmpty {
                try await sql.raw("""
                DELETE FROM business_partner_terms WHERE company_id = \(bind: company.rawValue) AND term IN (\(binds: oldTerms)) AND partner_id = \(bind: id)
                """).run()
            }
            try await Self.insertParts(partner, terms: keys.terms, company: company, on: sql)
            try await PartnerVettingService.refresh(company: company, partner: id, today: ProgramDay(now), settings: app.config.programSettings, on: sql)
            try await AuditLog.append(AuditEvent(action: "business_partner.updated", targetType: "business_partner", targetID: partner.id.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: Self.auditFields(old), after: Self.auditFields(partner))),
                                      by: actor, on: tx, at: now)
        }
        await ScreeningService(app: app, db: db).screenAfterSave(partner.id, company: company)
    }

    /// Archives or restores a partner (blocking is screening's, not this form's).
    package func setStatus(_ status: BusinessPartnerStatus, of partner: BusinessPartnerID, was: BusinessPartnerStatus, company: CompanyID,
                           by actor: UserID?) async throws {
        guard status != was else { return }
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).raw("""
            UPDATE business_partners SET status = \(bind: status.rawValue), updated_at = \(bind: now)
            WHERE company_id = \(bind: company.rawValue) AND id = \(bind: partner.rawValue)
            """).run()
            try await BusinessPartnerQueries.refreshCounts(company: company, on: tx as! any SQLDatabase)
            try await AuditLog.append(AuditEvent(action: "business_partner.status_changed", targetType: "business_partner", targetID: partner.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["status": was.rawValue], after: ["status": status.rawValue])),
                                      by: actor, on: tx, at: now)
        }
    }

    // MARK: Import

    /// Keeps an uploaded file for its preview and confirmation; files left unconfirmed for a
    /// day are deleted at the next upload.
    package func storeImport(company: CompanyID, fileName: String, content: Data, by actor: UserID?) async throws -> UUID {
        let now = app.clock.now()
        let id = UUID()
        let name = String(fileName.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(200).map(Character.init))
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw("DELETE FROM business_partner_imports WHERE created_at < \(bind: now.addingTimeInterval(-Self.importLifetime))").run()
            try await sql.raw("""
            INSERT INTO business_partner_imports (id, company_id, created_by, file_name, content, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: actor?.rawValue), \(bind: name.isEmpty ? "partners.csv" : name), \(bind: content), \(bind: now))
            """).run()
        }
        return id
    }

    /// An uploaded file of the company, still waiting (nil when unknown, expired or done).
    package struct StoredImport: Decodable, Sendable {
        let id: UUID
        let file_name: String
        let content: Data
        let created_at: Date
        let imported_at: Date?
        let imported_count: Int?
    }

    package func storedImport(_ id: UUID, company: CompanyID) async throws -> StoredImport? {
        let row = try await (db as! any SQLDatabase).raw("""
        SELECT id, file_name, content, created_at, imported_at, imported_count FROM business_partner_imports
        WHERE id = \(bind: id) AND company_id = \(bind: company.rawValue)
        """).first(decoding: StoredImport.self)
        guard let row, row.created_at > app.clock.now().addingTimeInterval(-Self.importLifetime) else { return nil }
        return row
    }

    /// Reads a file against the company's registry as it stands.
    package func read(_ content: Data, company: CompanyID) async throws -> (BusinessPartnerCSV.Reading, BusinessPartnerQueries.Taken) {
        let taken = try await BusinessPartnerQueries(db).taken(company: company)
        return (BusinessPartnerCSV.read(content, takenIdentifiers: taken.identifiers, takenReferences: taken.references), taken)
    }

    /// Saves the accepted rows of a stored file (the page's second step), then marks it done.
    package func runImport(_ stored: StoredImport, company: CompanyID, mode: ImportMode, by actor: UserID?) async throws -> ImportOutcome {
        guard stored.imported_at == nil else {
            throw ValidationFailure([FieldError(field: "import", messageKey: "partners.import.already_done",
                                                message: "This file was already imported; upload it again to import it a second time")])
        }
        return try await runImport(stored.content, fileName: stored.file_name, storedID: stored.id, company: company, mode: mode, by: actor)
    }

    /// Saves the accepted rows of a file. The file is read inside the transaction, against the
    /// registry as it is then, so a partner added since a preview cannot be duplicated. All or
    /// nothing: any rejected row refuses the file (`ValidationFailure` with every row's errors);
    /// valid rows: the accepted rows are saved. Either way, one audit entry.
    ///
    /// `read`: the same file already read by the caller (the API's report), with the registry it
    /// was read against. It is used as it is when the company's identifiers and references are
    /// still the same inside the transaction, and the file is read again otherwise: a 100,000-row
    /// file is then read once, not twice.
    package func runImport(_ content: Data, fileName: String, storedID: UUID?, company: CompanyID, mode: ImportMode,
                           by actor: UserID?, read: (BusinessPartnerCSV.Reading, BusinessPartnerQueries.Taken)? = nil,
                           nameTokens: [[[String]]]? = nil) async throws -> ImportOutcome {
        let now = app.clock.now()
        let deferred = NIOLockedValueBox(false)
        let result: Result<ImportOutcome, any Error>
        do {
            result = .success(try await importTransaction(content, fileName: fileName, storedID: storedID, company: company, mode: mode, by: actor,
                                                          read: read, nameTokens: nameTokens, now: now, deferred: deferred))
        } catch {
            result = .failure(error)
        }
        // Saved or not, a checkpoint the transaction turned off is turned back on.
        if deferred.withLockedValue({ $0 }) { await Self.resumeCheckpoints(app: app, db: db) }
        return try result.get()
    }

    /// Rows at which an import leaves copying the write-ahead log into the database file
    /// (SQLite's checkpoint) until after its commit.
    static let deferredCheckpointRows = 5_000

    /// SQLite copies committed pages from the write-ahead log into the database file (a
    /// checkpoint) as part of the COMMIT that takes the log past 1,000 pages. A large import's
    /// log holds tens of megabytes, so that copy (and its fsync) was a tenth of a 100,000-row
    /// import, spent before the user got an answer. The import turns the writer's automatic
    /// checkpoint off for its own transaction (its commit still syncs the log: the import is
    /// durable when the answer says so); this turns it back on, on the writer, and runs the
    /// checkpoint on a reader connection in the background, where it does not hold up writes.
    static func resumeCheckpoints(app: Application, db: any Database) async {
        do {
            try await app.writeGate.transaction(on: db) { tx in
                try await (tx as! any SQLDatabase).raw("PRAGMA wal_autocheckpoint = 1000").run()
            }
        } catch {
            app.logger.warning("partners: could not turn SQLite's automatic checkpoint back on after an import: \(String(reflecting: error))")
        }
        guard let sql = app.db as? any SQLDatabase else { return }
        let logger = app.logger
        Task.detached {
            do { try await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run() } catch {
                logger.warning("partners: background checkpoint after an import failed (the next automatic one will do it): \(String(reflecting: error))")
            }
        }
    }

    private func importTransaction(_ content: Data, fileName: String, storedID: UUID?, company: CompanyID, mode: ImportMode,
                                   by actor: UserID?, read: (BusinessPartnerCSV.Reading, BusinessPartnerQueries.Taken)?,
                                   nameTokens: [[[String]]]?, now: Date, deferred: NIOLockedValueBox<Bool>) async throws -> ImportOutcome {
        // A bulk write: every reference is the company's own or a partner written here, and an
        // error undoes the whole transaction (`BulkInsert.undoneWhole`).
        try await app.writeGate.transaction(on: db, bulk: true) { tx in
            let sql = tx as! any SQLDatabase
            let taken = try await BusinessPartnerQueries(tx).taken(company: company, names: false)
            let source: PartnerSource
            var rejected: [BusinessPartnerCSV.RejectedRow]
            if let read, read.1.identifiers == taken.identifiers, read.1.references == taken.references {
                // The caller's reading, still true of the registry: its problems are known before
                // anything is written. The names' tokens belong to it, used only with it.
                let reading = read.0
                if !reading.fileErrors.isEmpty { throw ValidationFailure(reading.fileErrors) }
                if mode == .allOrNothing && !reading.rejected.isEmpty { throw ValidationFailure(reading.firstProblems()) }
                source = .partners(reading.partners, nameTokens: nameTokens.flatMap { $0.count == reading.partners.count ? $0 : nil })
                rejected = reading.rejected
            } else {
                // Read while it is written, a chunk at a time; a refusal found on the way undoes
                // what was written with the transaction.
                switch BusinessPartnerCSV.Stream.open(content, takenIdentifiers: taken.identifiers, takenReferences: taken.references) {
                case .refused(let reading): throw ValidationFailure(reading.fileErrors)
                case .opened(let stream): source = .file(stream)
                }
                rejected = []
            }
            // Moved, not copied: a copy kept here would make the stream's first row copy its
            // tables of identifiers and references seen (6 MB each at 100,000 rows).
            let saved = try await Self.insert(from: consume source, stopAtRejection: mode == .allOrNothing, company: company, now: now, on: sql,
                                              deferCheckpoint: deferred)
            rejected += saved.rejected
            if !saved.fileErrors.isEmpty { throw ValidationFailure(saved.fileErrors) }
            if mode == .allOrNothing && !rejected.isEmpty {
                // The first problems, written out; the page counts them all from its own reading.
                throw ValidationFailure(BusinessPartnerCSV.Reading(header: [], rejected: rejected, fileErrors: []).firstProblems())
            }
            if saved.count == 0 {
                throw ValidationFailure([FieldError(field: "file", messageKey: "partners.import.nothing_valid",
                                                    message: "No row of the file can be imported; fix the rows listed and upload the file again")])
            }
            let importID = storedID ?? UUID()
            if let storedID {
                try await sql.raw("""
                UPDATE business_partner_imports SET imported_at = \(bind: now), imported_count = \(bind: saved.count), content = \(bind: Data())
                WHERE id = \(bind: storedID)
                """).run()
            }
            try await AuditLog.append(AuditEvent(action: "business_partner.imported", targetType: "business_partner_import", targetID: importID.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "file": fileName, "mode": mode.rawValue, "imported": String(saved.count),
                                                     "rejected": String(rejected.count),
                                                 ])),
                                      by: actor, on: tx, at: now)
            // The imported partners are screened in the background (a file may hold thousands).
            try await ScreeningRuns.queue(company: company, now: now, on: sql)
            return ImportOutcome(imported: saved.count, rejected: rejected.count)
        }
    }

    // MARK: Rows

    /// Refuses a reference or identifier another partner of the company holds.
    static func checkUnique(_ partner: BusinessPartner, company: CompanyID, except: UUID?, on sql: any SQLDatabase) async throws {
        var errors: [FieldError] = []
        if let reference = partner.reference {
            struct Row: Decodable { let id: UUID; let legal_name: String }
            let rows = try await sql.raw("""
            SELECT id, legal_name FROM business_partners WHERE company_id = \(bind: company.rawValue) AND reference_key = \(bind: reference.lowercased())
            """).all(decoding: Row.self)
            if let other = rows.first(where: { $0.id != except }) {
                errors.append(FieldError(field: "reference", messageKey: "partners.error.reference_taken",
                                         message: "reference \(reference) already belongs to the partner \(other.legal_name)",
                                         arguments: ["value": reference, "owner": other.legal_name]))
            }
        }
        if !partner.identifiers.isEmpty {
            struct Row: Decodable { let key: String; let partner_id: UUID; let legal_name: String }
            let rows = try await sql.raw("""
            SELECT i.key, i.partner_id, p.legal_name FROM business_partner_identifiers i JOIN business_partners p ON p.id = i.partner_id
            WHERE i.company_id = \(bind: company.rawValue) AND i.key IN (\(binds: partner.identifiers.map(\.key)))
            """).all(decoding: Row.self)
            for row in rows where row.partner_id != except {
                let text = partner.identifiers.first { $0.key == row.key }?.text ?? row.key
                errors.append(FieldError(field: "identifiers", messageKey: "partners.error.identifier_taken",
                                         message: "identifier \(text) already belongs to the partner \(row.legal_name)",
                                         arguments: ["value": text, "owner": row.legal_name]))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// A partner's names as search and sorting use them, each normalised once (`PartyName`):
    /// the sort key from the legal name, and every distinct token of every name as a search term.
    /// `nameTokens`: the names' tokens already computed (`BusinessPartnerDuplicates.nameTokens`).
    static func keys(_ partner: BusinessPartner, nameTokens: [[String]]? = nil) -> (nameKey: String, terms: [String]) {
        var terms: [String] = []
        var seen: Set<String> = []
        var nameKey = ""
        for (index, name) in partner.names.enumerated() {
            let tokens = nameTokens?[index] ?? PartyName.tokens(name)
            if index == 0 { nameKey = tokens.isEmpty ? name.lowercased() : tokens.joined(separator: " ") }
            for token in tokens where seen.insert(token).inserted { terms.append(token) }
        }
        return (nameKey, terms)
    }

    /// Saves partners already checked (one added on its form), with their identifiers and terms.
    static func insert(_ partners: [BusinessPartner], company: CompanyID, now: Date, on sql: any SQLDatabase) async throws {
        _ = try await insert(from: .partners(partners, nameTokens: nil), company: company, now: now, on: sql)
    }

    /// A new partner's tier from what is known at once (its role and its country's rated
    /// threat; no proofs, actions or stated volume yet), one read of the threat ratings for all.
    static func initialTiers(company: CompanyID, on sql: any SQLDatabase) async throws -> @Sendable (BusinessPartner) -> PartnerVetting {
        struct Threat: Decodable { let country: String; let level_key: String }
        let scale = RiskScale.standard
        var highest: [String: RiskLevel] = [:]
        for row in try await sql.raw("""
        SELECT country, level_key FROM threat_ratings WHERE company_id = \(bind: company.rawValue) AND superseded_at IS NULL
        """).all(decoding: Threat.self) {
            guard let level = scale.level(text: row.level_key) else { continue }
            highest[row.country] = max(highest[row.country] ?? level, level)
        }
        let threats = highest
        var cache: [String: PartnerVetting] = [:]
        for role in BusinessPartnerRole.allCases {
            for country in Set(threats.keys).union([""]) {
                let threat = threats[country].map { PartnerVetting.CountryThreat(rank: $0.rank, highest: scale.levels.count - 1, label: scale.key(of: $0)) }
                cache[role.rawValue + " " + country] = PartnerVetting.assess(.init(role: role, countryThreat: threat))
            }
        }
        let tiers = cache
        return { partner in
            tiers[partner.role.rawValue + " " + partner.country.code] ?? tiers[partner.role.rawValue + " "]!
        }
    }

    /// A partner's terms as `business_partners.search_terms` keeps them: each after a space, so
    /// ` word` found in it means a term starting with `word`.
    static func searchTerms(_ terms: [String]) -> String {
        terms.reduce(into: "") { $0 += " "; $0 += $1 }
    }

    /// An edited partner's identifier and search-term rows (an import writes its own, a chunk at a time).
    static func insertParts(_ partner: BusinessPartner, terms: [String], company: CompanyID, on sql: any SQLDatabase) async throws {
        let id = partner.id.rawValue
        let companyColumn: [(column: String, value: BulkValue)] = [("company_id", .uuid(company.rawValue))]
        let identifiers = partner.identifiers.map(\.key)
        try await BulkInsert(into: "business_partner_identifiers", columns: ["partner_id", "key"], shared: companyColumn).run(rows: identifiers.count, on: sql) { index, values in
            values += [.uuid(id), .text(identifiers[index])]
        }
        try await BulkInsert(into: "business_partner_terms", columns: ["term", "partner_id"], shared: companyColumn).run(rows: terms.count, on: sql) { index, values in
            values += [.text(terms[index]), .uuid(id)]
        }
    }

    /// The partner in the audit trail, field by field.
    static func auditFields(_ partner: BusinessPartner) -> [String: String?] {
        let draft = partner.draft
        return ["reference": draft.reference, "legal_name": draft.legalName, "other_names": draft.otherNames, "country": draft.country,
                "role": draft.role, "address": draft.address, "identifiers": draft.identifiers, "sites": draft.sites,
                "contact_name": draft.contactName, "contact_email": draft.contactEmail, "notes": draft.notes]
    }
}
