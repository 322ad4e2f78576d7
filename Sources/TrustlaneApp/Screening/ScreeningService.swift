import Crypto
import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Screening's use cases: import a list snapshot, screen partners against every current
/// snapshot, decide a hit. Each write runs through the write gate in one transaction with its
/// audit entries. Matching is Core's (`ScreeningIndex`, `NameMatch`); this decides what a
/// match means for the stored hits:
///
/// - a pair (partner, list kind, entry number) has at most one open hit; screening again
///   refreshes it rather than adding another;
/// - a pair decided a true match is not raised again (the partner is blocked);
/// - a pair decided a false positive is not raised again while the partner's names and country
///   and the entry's names and addresses keep their fingerprints;
/// - an open hit that screening no longer finds (the entry left the list, or the names changed)
///   is cleared, with the reason.
package struct ScreeningService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application, db: (any Database)? = nil) { self.app = app; self.db = db ?? app.db }

    var store: DeniedPartyListStore { DeniedPartyListStore(app: app, db: db) }

    // MARK: Import

    /// The largest upload of list files together (the SDN set is ~10 MB, the CSL JSON ~60 MB).
    static let maxUploadBytes = 100 * 1024 * 1024
    static let thresholdRange = 0.5...1.0

    package struct ImportForm: Sendable {
        var kind: String?
        var publishedOn: String?
        var threshold: String?
        var files: ScreeningListKind.Files
    }

    /// Why an import was refused: the form's fields, or the files' format (every problem with
    /// its file and line). Nothing is saved either way.
    package enum ImportRefusal: Error {
        case fields([FieldError])
        case format(ListImportError)
    }

    /// Reads, checks and stores a snapshot; it supersedes the current one of its kind and queues
    /// a re-screening of every company. Returns the new snapshot's id.
    package func importSnapshot(_ form: ImportForm, by actor: UserID?) async throws -> UUID {
        var errors: [FieldError] = []
        let kind = form.kind.flatMap { ScreeningListKind(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        if kind == nil {
            errors.append(FieldError(field: "kind", messageKey: "screening.error.kind",
                                     message: "kind must be one of \(ScreeningListKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let publishedText = form.publishedOn?.trimmingCharacters(in: .whitespaces) ?? ""
        let published = ProgramDay(publishedText)
        let today = ProgramDay(app.clock.now())
        if published == nil || published! > today.adding(days: 1) {
            errors.append(FieldError(field: "published_on", messageKey: "screening.error.published_on",
                                     message: "published_on must be the list's publication day as YYYY-MM-DD, not in the future",
                                     arguments: ["value": String(publishedText.prefix(40))]))
        }
        var threshold = NameMatch.defaultThreshold
        if let text = form.threshold?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let value = Double(text.replacingOccurrences(of: ",", with: ".")), Self.thresholdRange.contains(value) {
                threshold = value
            } else {
                errors.append(FieldError(field: "threshold", messageKey: "screening.error.threshold",
                                         message: "threshold must be a number from 0.5 to 1 (the default is \(NameMatch.defaultThreshold))",
                                         arguments: ["value": String(text.prefix(40))]))
            }
        }
        if form.files.primary == nil {
            errors.append(FieldError(field: "primary", messageKey: "screening.error.file_missing",
                                     message: "Choose the list file (for OFAC: sdn.csv or cons_prim.csv) to import"))
        }
        if let kind, !kind.isOFACSet, form.files.aliases != nil || form.files.addresses != nil || form.files.comments != nil {
            errors.append(FieldError(field: "aliases", messageKey: "screening.error.ofac_only",
                                     message: "the alias, address and comment files belong to the OFAC sets only; this kind is one file"))
        }
        guard errors.isEmpty, let kind, let published else { throw ImportRefusal.fields(errors) }
        let list: DeniedPartyList
        do { list = try kind.parse(form.files) } catch { throw ImportRefusal.format(error) }

        let files = [form.files.primary, form.files.aliases, form.files.addresses, form.files.comments].compactMap { $0 }
        let hashes = files.map { "\(Self.fileName($0.name)) \(Hex.lowercase(SHA256.hash(data: $0.data)))" }.joined(separator: "\n")
        let id = UUID()
        let now = app.clock.now()
        let chosenThreshold = threshold
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw("""
            UPDATE screening_snapshots SET superseded_at = \(bind: now) WHERE kind = \(bind: kind.rawValue) AND superseded_at IS NULL
            """).run()
            try await sql.insert(into: "screening_snapshots")
                .columns("id", "kind", "source", "published_on", "files_sha256", "entry_count", "threshold", "imported_by", "imported_at")
                .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(list.source), SQLBind(published.description), SQLBind(hashes),
                        SQLBind(list.entries.count), SQLBind(chosenThreshold), SQLBind(actor?.rawValue), SQLBind(now))
                .run()
            try await DeniedPartyListStore.insertEntries(list, snapshot: id, on: sql)
            try await ScreeningRuns.queue(snapshot: id, company: nil, now: now, on: sql)
            try await AuditLog.append(AuditEvent(action: "screening.list_imported", targetType: "screening_snapshot", targetID: id.uuidString.lowercased(),
                                                 companyID: nil,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "kind": kind.rawValue, "published_on": published.description, "entries": String(list.entries.count),
                                                     "threshold": String(chosenThreshold), "files": hashes,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        // The new snapshot is current: index it now rather than at the first screening.
        if let snapshot = try await store.snapshot(id) {
            let current = try await store.current()
            app.screeningIndexes.put(.init(snapshot, list: list), keep: Set(current.map(\.id)))
        }
        return id
    }

    /// An uploaded file's name without folders or control characters.
    static func fileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let clean = String(last.unicodeScalars.filter { $0.properties.generalCategory != .control && $0 != " " }.prefix(120).map(Character.init))
        return clean.isEmpty ? "list" : clean
    }

    // MARK: Screening

    /// A partner as screening reads it.
    struct PartnerRow: Decodable, Sendable {
        let id: UUID
        let legal_name: String
        let other_names: String
        let country: String

        var names: [String] { [legal_name] + other_names.split(separator: "\n").map(String.init) }
        var fingerprint: String { ScreeningFingerprint.partner(names: names, country: country) }
    }

    /// What one screening changed.
    package struct Outcome: Sendable, Equatable {
        var screened = 0
        var raised = 0
        var cleared = 0
    }

    /// A pair found now: the partner's best-scoring name against one entry.
    struct Found {
        let partner: UUID
        let snapshot: UUID
        let kind: String
        let entry: String
        let listedName: String
        let partnerName: String
        let score: Double
        let explanation: String
        let countryAgrees: Bool
        let partnerFingerprint: String
        let entryFingerprint: String
        var key: PairKey { PairKey(partner: partner, kind: kind, entry: entry) }
    }

    struct PairKey: Hashable {
        let partner: UUID
        let kind: String
        let entry: String
    }

    /// Screens the company's partners (all but the archived ones when `partners` is nil) against
    /// every current snapshot and records what changed.
    package func screen(company: CompanyID, partners: [UUID]? = nil) async throws -> Outcome {
        let snapshots = try await store.loadCurrent()
        guard !snapshots.isEmpty else { return Outcome() }
        let sql = db as! any SQLDatabase
        var statement: SQLQueryString = """
        SELECT id, legal_name, other_names, country FROM business_partners
        WHERE company_id = \(bind: company.rawValue) AND status <> \(bind: BusinessPartnerStatus.archived.rawValue)
        """
        if let partners {
            guard !partners.isEmpty else { return Outcome() }
            statement += " AND id IN (\(binds: partners))"
        }
        let rows = try await sql.raw(statement).all(decoding: PartnerRow.self)
        return try await screen(company: company, rows: rows, snapshots: snapshots)
    }

    /// Scores rows in memory, then records the outcome in one transaction.
    func screen(company: CompanyID, rows: [PartnerRow], snapshots: [DeniedPartyListStore.Loaded]) async throws -> Outcome {
        guard !rows.isEmpty else { return Outcome() }
        var found: [PairKey: Found] = [:]
        for row in rows {
            let fingerprint = row.fingerprint
            for loaded in snapshots {
                for name in row.names {
                    for hit in loaded.index.screen(name, country: row.country, threshold: loaded.snapshot.threshold) {
                        let candidate = Found(partner: row.id, snapshot: loaded.snapshot.id, kind: loaded.snapshot.kind, entry: hit.entry.number,
                                              listedName: hit.listedName, partnerName: name, score: hit.match.score,
                                              explanation: hit.match.explanation, countryAgrees: hit.countryAgrees, partnerFingerprint: fingerprint,
                                              entryFingerprint: loaded.fingerprints[hit.entry.number] ?? "")
                        if candidate.score > found[candidate.key]?.score ?? -1 { found[candidate.key] = candidate }
                    }
                }
            }
        }
        let currentByKind = Dictionary(snapshots.map { ($0.snapshot.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = rows.map(\.id)
        let now = app.clock.now()
        let pending = found
        return try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            struct Existing: Decodable { let id: UUID; let partner_id: UUID; let list_kind: String; let entry_number: String; let status: String
                                         let snapshot_id: UUID; let partner_fingerprint: String; let entry_fingerprint: String; let score: Double }
            struct Remembered: Decodable { let partner_id: UUID; let list_kind: String; let entry_number: String
                                           let partner_fingerprint: String; let entry_fingerprint: String }
            let existing = try await sql.raw("""
            SELECT id, partner_id, list_kind, entry_number, status, snapshot_id, partner_fingerprint, entry_fingerprint, score FROM screening_hits
            WHERE company_id = \(bind: company.rawValue) AND partner_id IN (\(binds: ids))
            AND status IN (\(binds: [ScreeningHitStatus.open.rawValue, ScreeningHitStatus.trueMatch.rawValue]))
            """).all(decoding: Existing.self)
            let remembered = try await sql.raw("""
            SELECT partner_id, list_kind, entry_number, partner_fingerprint, entry_fingerprint FROM screening_false_positives
            WHERE company_id = \(bind: company.rawValue) AND partner_id IN (\(binds: ids))
            """).all(decoding: Remembered.self)
            var standing: [PairKey: Existing] = [:]
            for row in existing { standing[PairKey(partner: row.partner_id, kind: row.list_kind, entry: row.entry_number)] = row }
            var falsePositives: [PairKey: Remembered] = [:]
            for row in remembered { falsePositives[PairKey(partner: row.partner_id, kind: row.list_kind, entry: row.entry_number)] = row }

            var outcome = Outcome(screened: ids.count)
            var inserts: [Found] = []
            for (key, hit) in pending.sorted(by: { ($0.key.partner.uuidString, $0.key.kind, $0.key.entry) < ($1.key.partner.uuidString, $1.key.kind, $1.key.entry) }) {
                if let standing = standing[key] {
                    // Still found: an open hit follows the newest snapshot and names; a true match stays as decided.
                    if standing.status == ScreeningHitStatus.open.rawValue,
                       standing.snapshot_id != hit.snapshot || standing.partner_fingerprint != hit.partnerFingerprint
                       || standing.entry_fingerprint != hit.entryFingerprint || standing.score != hit.score {
                        try await sql.raw("""
                        UPDATE screening_hits SET snapshot_id = \(bind: hit.snapshot), listed_name = \(bind: hit.listedName),
                        partner_name = \(bind: hit.partnerName), score = \(bind: hit.score), explanation = \(bind: hit.explanation),
                        country_agrees = \(bind: hit.countryAgrees), partner_fingerprint = \(bind: hit.partnerFingerprint),
                        entry_fingerprint = \(bind: hit.entryFingerprint) WHERE id = \(bind: standing.id)
                        """).run()
                    }
                    continue
                }
                if let decided = falsePositives[key], decided.partner_fingerprint == hit.partnerFingerprint, decided.entry_fingerprint == hit.entryFingerprint {
                    continue
                }
                inserts.append(hit)
            }
            for start in stride(from: 0, to: inserts.count, by: 200) {
                var insert = sql.insert(into: "screening_hits").columns(
                    "id", "company_id", "partner_id", "snapshot_id", "list_kind", "entry_number", "listed_name", "partner_name", "score",
                    "explanation", "country_agrees", "status", "partner_fingerprint", "entry_fingerprint", "created_at")
                for hit in inserts[start..<min(start + 200, inserts.count)] {
                    insert = insert.values(SQLBind(UUID()), SQLBind(company.rawValue), SQLBind(hit.partner), SQLBind(hit.snapshot), SQLBind(hit.kind),
                                           SQLBind(hit.entry), SQLBind(hit.listedName), SQLBind(hit.partnerName), SQLBind(hit.score),
                                           SQLBind(hit.explanation), SQLBind(hit.countryAgrees), SQLBind(ScreeningHitStatus.open.rawValue),
                                           SQLBind(hit.partnerFingerprint), SQLBind(hit.entryFingerprint), SQLBind(now))
                }
                try await insert.run()
            }
            outcome.raised = inserts.count
            // Open hits screening no longer finds are cleared, saying why.
            for (key, row) in standing where row.status == ScreeningHitStatus.open.rawValue && pending[key] == nil {
                let reason: String
                if let current = currentByKind[key.kind] {
                    reason = current.numbers.contains(key.entry)
                        ? "No longer matches (the partner's or the entry's names changed; list of \(current.snapshot.published_on))"
                        : "Entry \(key.entry) left the list (not in the list of \(current.snapshot.published_on))"
                } else {
                    reason = "The list is no longer screened"
                }
                try await sql.raw("""
                UPDATE screening_hits SET status = \(bind: ScreeningHitStatus.cleared.rawValue), decision_reason = \(bind: reason), decided_at = \(bind: now)
                WHERE id = \(bind: row.id)
                """).run()
                outcome.cleared += 1
            }
            if outcome.raised + outcome.cleared > 0 {
                try await AuditLog.append(AuditEvent(action: "screening.hits_changed", targetType: "company", targetID: company.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: [
                                                         "partners_screened": String(outcome.screened), "hits_raised": String(outcome.raised),
                                                         "hits_cleared": String(outcome.cleared),
                                                     ])),
                                          by: nil, on: tx, at: now)
            }
            return outcome
        }
    }

    /// Screens one partner right after it was saved; a failure is logged, never undoes the save.
    package func screenAfterSave(_ partner: BusinessPartnerID, company: CompanyID) async {
        do {
            _ = try await screen(company: company, partners: [partner.rawValue])
            // Open hits count in the partner's tier.
            let settings = app.config.programSettings
            let today = ProgramDay(app.clock.now())
            try await app.writeGate.transaction(on: db) { tx in
                try await PartnerVettingService.refresh(company: company, partner: partner.rawValue, today: today, settings: settings,
                                                       on: tx as! any SQLDatabase)
            }
        } catch {
            app.logger.error("screening partner \(partner) failed: \(String(reflecting: error))")
        }
    }

    // MARK: Decisions

    /// How many days a true match's corrective action is due in.
    static let correctiveActionDays = 7

    /// Decides an open hit. A false positive is remembered for the pair with both fingerprints;
    /// a true match blocks the partner and opens a corrective action. One transaction, audited.
    package func decide(hit id: UUID, company: CompanyID, decision raw: String?, reason rawReason: String?, by actor: UserID?) async throws {
        var errors: [FieldError] = []
        let decision = raw.flatMap { ScreeningDecision(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        if decision == nil {
            errors.append(FieldError(field: "decision", messageKey: "screening.error.decision",
                                     message: "decision must be true_match or false_positive"))
        }
        let reason = rawReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.isEmpty {
            errors.append(FieldError(field: "reason", messageKey: "screening.error.reason",
                                     message: "reason is required: say why the partner is or is not the listed party"))
        } else if reason.count > ScreeningDecision.maxReason {
            errors.append(.tooLong("reason", max: ScreeningDecision.maxReason))
        }
        let now = app.clock.now()
        let hit = try await ScreeningQueries(db).hit(company: company, id: id)
        guard let hit else { throw TrustlaneError.notFound }
        guard errors.isEmpty, let decision else { throw ValidationFailure(errors) }
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            // Decided once: the status is checked again inside the transaction.
            struct Row: Decodable { let status: String }
            let changed = try await sql.raw("""
            UPDATE screening_hits SET status = \(bind: decision.status.rawValue), decision_reason = \(bind: reason), decided_by = \(bind: actor?.rawValue),
            decided_at = \(bind: now) WHERE id = \(bind: id) AND company_id = \(bind: company.rawValue) AND status = \(bind: ScreeningHitStatus.open.rawValue)
            RETURNING status
            """).all(decoding: Row.self)
            guard !changed.isEmpty else {
                throw TrustlaneError(status: .conflict, key: "screening.error.already_decided",
                                     message: "This hit is no longer open (it was decided or cleared); reload the queue")
            }
            try await AuditLog.append(AuditEvent(action: "screening.hit_decided", targetType: "screening_hit", targetID: id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["status": ScreeningHitStatus.open.rawValue], after: [
                                                     "status": decision.status.rawValue, "reason": reason, "partner": hit.partner_name_now,
                                                     "list": hit.list_kind, "entry": hit.entry_number,
                                                 ])),
                                      by: actor, on: tx, at: now)
            switch decision {
            case .falsePositive:
                try await sql.raw("""
                DELETE FROM screening_false_positives WHERE partner_id = \(bind: hit.partner_id) AND list_kind = \(bind: hit.list_kind)
                AND entry_number = \(bind: hit.entry_number)
                """).run()
                try await sql.insert(into: "screening_false_positives")
                    .columns("company_id", "partner_id", "list_kind", "entry_number", "partner_fingerprint", "entry_fingerprint", "hit_id", "decided_at")
                    .values(SQLBind(company.rawValue), SQLBind(hit.partner_id), SQLBind(hit.list_kind), SQLBind(hit.entry_number),
                            SQLBind(hit.partner_fingerprint), SQLBind(hit.entry_fingerprint), SQLBind(id), SQLBind(now))
                    .run()
            case .trueMatch:
                if hit.partner_status != BusinessPartnerStatus.blocked.rawValue {
                    try await sql.raw("""
                    UPDATE business_partners SET status = \(bind: BusinessPartnerStatus.blocked.rawValue), updated_at = \(bind: now)
                    WHERE company_id = \(bind: company.rawValue) AND id = \(bind: hit.partner_id)
                    """).run()
                    try await AuditLog.append(AuditEvent(action: "business_partner.status_changed", targetType: "business_partner",
                                                         targetID: hit.partner_id.uuidString.lowercased(), companyID: company,
                                                         changes: AuditRecord.changes(before: ["status": hit.partner_status],
                                                                                      after: ["status": BusinessPartnerStatus.blocked.rawValue])),
                                              by: actor, on: tx, at: now)
                }
                let kindName = ScreeningListKind(rawValue: hit.list_kind)?.listName ?? hit.list_kind
                try await CorrectiveActionService.insertOpened(
                    company: company,
                    title: String("Denied party: \(hit.partner_name_now) matches \(kindName) entry \(hit.entry_number) (\(hit.listed_name))".prefix(300)),
                    notes: "Confirmed as a true match: \(reason)\n\(hit.explanation)", owner: nil,
                    dueDate: ProgramDay(now).adding(days: Self.correctiveActionDays).startDate(), source: "screening",
                    sourceID: id.uuidString.lowercased(), by: actor, at: now, on: tx)
            }
            // The partner's counts and risk tier follow the decision (a confirmed match makes it high).
            try await BusinessPartnerQueries.refreshCounts(company: company, on: sql)
            try await PartnerVettingService.refresh(company: company, partner: hit.partner_id, today: ProgramDay(now),
                                                   settings: app.config.programSettings, on: sql)
        }
    }
}
