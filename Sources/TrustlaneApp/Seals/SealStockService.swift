import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to the seal stock: receive a batch (with the maker's certificate into the evidence
/// store, now or later), issue seals at random, log void, damaged, lost and returned seals, and
/// run the seal audit. Every write runs through the write gate in one transaction with its audit
/// entry; every refusal is a `ValidationFailure` naming the field, with nothing saved.
package struct SealStockService {
    let app: Application
    let db: any Database
    /// The random source of issue: the system's, unless a test fixes it.
    var random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// The most seals one issue hands out (a container takes one, sometimes two).
    static let maxIssue = 10
    /// The most seals one audit's count may list.
    static let maxCounted = 1_000_000
    /// Below this many seals in stock, issue draws from the whole stock; above, from a random
    /// sample of it (every seal in stock equally likely either way).
    static let enumerateBelow = 5_000
    /// The events logged from the stock pages; affixing and verifying belong to shipments.
    package static let loggableEvents: [SealEvent] = [.void, .reportDamaged, .reportLost, .returnToStock]

    // MARK: Receipt

    /// A batch as the receipt form or the API sends it.
    package struct Receipt: Sendable {
        var draft: SealBatch.Draft
        var storagePlace: String?
        var custodian: String?

        package init(draft: SealBatch.Draft, storagePlace: String? = nil, custodian: String? = nil) {
            self.draft = draft
            self.storagePlace = storagePlace
            self.custodian = custodian
        }
    }

    /// An uploaded certificate file.
    package struct Certificate: Sendable {
        let fileName: String
        let content: Data
    }

    /// Records a received batch; returns its id. Refused, with nothing saved: a malformed or
    /// overlapping range, a class other than H, no maker, storage place or custodian, a
    /// custodian who is not a member, an expired certificate, a file the evidence policy refuses.
    package func receive(_ receipt: Receipt, certificate: Certificate?, company: CompanyID, by actor: UserID) async throws -> UUID {
        let now = app.clock.now()
        let queries = SealStockQueries(db)
        let existing = try await queries.batches(company: company).map(\.sealBatch)
        var errors: [FieldError] = []
        var batch: SealBatch?
        switch SealBatch.validate(receipt.draft, existing: existing, receivedOn: ProgramDay(now)) {
        case .success(let valid): batch = valid
        case .failure(let failure): errors += failure.errors
        }
        let storage = Check.text(receipt.storagePlace, field: "storage_place", max: 200, use: .freeText, into: &errors)
        let custodian = try await checkCustodian(receipt.custodian, company: company, into: &errors)
        if certificate != nil && (receipt.draft.certificateExpires ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "certificate_expires", messageKey: "seals.error.certificate_expiry_required",
                                     message: "certificate_expires is required with a certificate: the day the maker's ISO 17712 certificate runs out"))
        }
        guard errors.isEmpty, let batch, let storage, let custodian else { throw ValidationFailure(errors) }
        let id = batch.id.rawValue
        let write: @Sendable (any Database, UUID?) async throws -> Void = { tx, evidence in
            try await Self.insert(batch, storage: storage, custodian: custodian, evidence: evidence, company: company, by: actor, now: now,
                                  on: tx as! any SQLDatabase)
            try await AuditLog.append(AuditEvent(action: "seal_batch.received", targetType: "seal_batch", targetID: id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "range": batch.range.description, "count": String(batch.range.count),
                                                     "seal_class": batch.sealClass.code, "seal_type": batch.sealType?.rawValue, "maker": batch.maker,
                                                     "storage_place": storage, "custodian": custodian.uuidString.lowercased(),
                                                     "certificate_expires": batch.certificateExpires?.description,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        if let certificate {
            do {
                _ = try await EvidenceService(app: app).upload(company: company, fileName: certificate.fileName, content: certificate.content,
                                                               title: Self.certificateTitle(batch), effectiveDate: nil,
                                                               expiryDate: batch.certificateExpires?.description, by: actor) { tx, evidence in
                    try await write(tx, evidence)
                }
            } catch let failure as ValidationFailure { throw Self.certificateFields(failure) }
        } else {
            try await app.writeGate.transaction(on: db) { tx in try await write(tx, nil) }
        }
        return id
    }

    /// Adds (or replaces) a batch's certificate, with its expiry.
    package func addCertificate(_ certificate: Certificate?, expires text: String?, batch: SealStockQueries.Batch, company: CompanyID,
                                by actor: UserID) async throws {
        let now = app.clock.now()
        var errors: [FieldError] = []
        if certificate == nil || certificate?.content.isEmpty == true {
            errors.append(FieldError(field: "certificate", messageKey: "seals.error.certificate_missing",
                                     message: "certificate is required: the maker's ISO 17712 certificate as a file (a multipart form upload)"))
        }
        let expires = Self.expiry(text, today: ProgramDay(now), into: &errors)
        guard errors.isEmpty, let certificate, let expires else { throw ValidationFailure(errors) }
        let batchID = batch.id
        let old = batch.certificate_expires
        do {
            _ = try await EvidenceService(app: app).upload(company: company, fileName: certificate.fileName, content: certificate.content,
                                                           title: Self.certificateTitle(batch.sealBatch), effectiveDate: nil,
                                                           expiryDate: expires.description, by: actor) { tx, evidence in
                try await (tx as! any SQLDatabase).raw("""
                UPDATE seal_batches SET certificate_evidence_id = \(bind: evidence), certificate_expires = \(bind: expires.description)
                WHERE company_id = \(bind: company.rawValue) AND id = \(bind: batchID)
                """).run()
                try await AuditLog.append(AuditEvent(action: "seal_batch.certificate_added", targetType: "seal_batch", targetID: batchID.uuidString.lowercased(),
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: ["certificate_expires": old],
                                                                                  after: ["certificate_expires": expires.description,
                                                                                          "evidence": evidence.uuidString.lowercased()])),
                                          by: actor, on: tx, at: now)
            }
        } catch let failure as ValidationFailure { throw Self.certificateFields(failure) }
    }

    /// The certificate's expiry: required, a day, not past.
    static func expiry(_ text: String?, today: ProgramDay, into errors: inout [FieldError]) -> ProgramDay? {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else {
            errors.append(FieldError(field: "certificate_expires", messageKey: "seals.error.certificate_expiry_required",
                                     message: "certificate_expires is required with a certificate: the day the maker's ISO 17712 certificate runs out"))
            return nil
        }
        guard let day = ProgramDay(trimmed) else {
            errors.append(FieldError(field: "certificate_expires", messageKey: "inspections.error.day",
                                     message: "certificate_expires '\(trimmed.prefix(20))' is not a day written YYYY-MM-DD", arguments: ["value": String(trimmed.prefix(20))]))
            return nil
        }
        if day < today {
            errors.append(FieldError(field: "certificate_expires", messageKey: "seals.error.certificate_expired",
                                     message: "the maker's ISO 17712 certificate expired on \(day); ask the maker for the current one", arguments: ["day": day.description]))
            return nil
        }
        return day
    }

    static func certificateTitle(_ batch: SealBatch) -> String {
        String("ISO 17712 certificate, \(batch.maker), seals \(batch.range)".prefix(200))
    }

    /// The evidence policy names the upload's fields `file` and `expiry_date`; the seal forms
    /// call them `certificate` and `certificate_expires`.
    static func certificateFields(_ failure: ValidationFailure) -> ValidationFailure {
        let names = ["file": "certificate", "expiry_date": "certificate_expires", "title": "certificate"]
        return ValidationFailure(failure.errors.map { error in
            guard let name = names[error.field] else { return error }
            return FieldError(field: name, messageKey: error.messageKey,
                              message: error.message.hasPrefix(error.field) ? name + error.message.dropFirst(error.field.count) : error.message,
                              arguments: error.arguments)
        })
    }

    /// The custodian: a member of the company, by user id.
    func checkCustodian(_ text: String?, company: CompanyID, into errors: inout [FieldError]) async throws -> UUID? {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else { errors.append(.required("custodian")); return nil }
        let members = try await SealStockQueries(db).members(company: company)
        guard let id = UUID(uuidString: trimmed), members.contains(where: { $0.id == id }) else {
            errors.append(FieldError(field: "custodian", messageKey: "seals.error.custodian",
                                     message: "custodian must be a member of the company (a user id from the company's members)"))
            return nil
        }
        return id
    }

    static func insert(_ batch: SealBatch, storage: String, custodian: UUID, evidence: UUID?, company: CompanyID, by actor: UserID, now: Date,
                       on sql: any SQLDatabase) async throws {
        let range = batch.range
        // Checked again inside the transaction: a batch received meanwhile cannot overlap.
        struct Other: Decodable { let first_number: String; let last_number: String; let received_on: String }
        if let other = try await sql.raw("""
        SELECT first_number, last_number, received_on FROM seal_batches
        WHERE company_id = \(bind: company.rawValue) AND prefix = \(bind: range.prefix) AND width = \(bind: range.width)
        AND first_value <= \(bind: range.last) AND last_value >= \(bind: range.first)
        """).first(decoding: Other.self) {
            let otherRange = "\(other.first_number)-\(other.last_number)"
            throw ValidationFailure([FieldError(field: "first_number", messageKey: "seals.error.range_overlap",
                                                message: "\(range) overlaps the batch \(otherRange) received on \(other.received_on); a seal number is received once",
                                                arguments: ["range": range.description, "other": otherRange, "day": other.received_on])])
        }
        try await sql.raw("""
        INSERT INTO seal_batches (id, company_id, prefix, width, first_value, last_value, seal_count, first_number, last_number, seal_class,
        seal_type, maker, storage_place, custodian_id, certificate_evidence_id, certificate_expires, received_on, received_by, created_at)
        VALUES (\(bind: batch.id.rawValue), \(bind: company.rawValue), \(bind: range.prefix), \(bind: range.width), \(bind: range.first),
        \(bind: range.last), \(bind: range.count), \(bind: range.firstNumber.rawValue), \(bind: range.lastNumber.rawValue),
        \(bind: batch.sealClass.rawValue), \(bind: batch.sealType?.rawValue), \(bind: batch.maker), \(bind: storage), \(bind: custodian),
        \(bind: evidence), \(bind: batch.certificateExpires?.description), \(bind: batch.receivedOn.description), \(bind: actor.rawValue), \(bind: now))
        """).run()
    }

    // MARK: Issue

    /// Issues `count` seals drawn at random from the company's stock to a named person for a
    /// shipment; returns them. Refused: no person, no shipment reference, a count out of 1...10,
    /// too few seals in stock.
    /// What an issue call did: the seals drawn, and whether this call drew them (false when its
    /// client key had drawn them before: the form sent twice gets the same seals, not more).
    package struct Issued: Sendable {
        package let seals: [SealNumber]
        package let created: Bool
    }

    package func issue(count text: String?, issuedTo: String?, shipmentReference: String?, company: CompanyID, by actor: UserID,
                       clientKey: String? = nil) async throws -> Issued {
        let key = try ClientKey.parse(clientKey)
        // What the submission said: the count (1 when left out), the person and the shipment,
        // trimmed. The seals drawn are the answer, not the content: a repeat gets the same ones.
        let trimmedCount = text?.trimmingCharacters(in: .whitespaces) ?? ""
        let digest = ClientKey.digest(["count": trimmedCount.isEmpty ? "1" : (Int(trimmedCount).map(String.init) ?? trimmedCount),
                                       "issued_to": issuedTo?.trimmingCharacters(in: .whitespacesAndNewlines),
                                       "shipment_reference": shipmentReference?.trimmingCharacters(in: .whitespacesAndNewlines)])
        if let first = try await Self.replayedIssue(key, digest: digest, company: company, on: db) { return first }
        var errors: [FieldError] = []
        var count = 1
        if let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let value = Int(text), (1...Self.maxIssue).contains(value) { count = value } else {
                errors.append(FieldError(field: "count", messageKey: "error.out_of_range", message: "count must be a whole number from 1 to \(Self.maxIssue)",
                                         arguments: ["min": "1", "max": String(Self.maxIssue)]))
            }
        }
        let person = Check.text(issuedTo, field: "issued_to", max: 120, into: &errors)
        let shipment = Check.text(shipmentReference, field: "shipment_reference", max: 60, into: &errors)
        guard errors.isEmpty, let person, let shipment else { throw ValidationFailure(errors) }
        let now = app.clock.now()
        let random = self.random
        let wanted = count
        return try await decidingAgainOnConflict(logger: app.logger, what: "issuing seals") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                if let first = try await Self.replayedIssue(key, digest: digest, company: company, on: tx) { return first }
                let queries = SealStockQueries(tx)
                let batches = try await queries.batches(company: company)
                let ranges = batches.map(\.range)
                let outOfStock = try await queries.outOfStock(company: company)
                var generator = SealRandom(source: random)
                let pool = Self.candidates(ranges: ranges, outOfStock: outOfStock, wanted: wanted, using: &generator)
                let picked: [SealNumber]
                switch SealIssuer.pick(wanted, from: pool, using: &generator) {
                case .success(let seals): picked = seals
                case .failure(let error): throw ValidationFailure([FieldError(field: "count", messageKey: error.messageKey, message: error.message, arguments: error.arguments)])
                }
                for seal in picked {
                    guard let batch = zip(batches, ranges).first(where: { $0.1.contains(seal) })?.0 else { continue }
                    // A seal returned to stock earlier has a row in state received: replaced.
                    try await sql.raw("DELETE FROM seals WHERE company_id = \(bind: company.rawValue) AND number = \(bind: seal.rawValue)").run()
                    try await sql.raw("""
                    INSERT INTO seals (company_id, batch_id, number, state, issued_to, shipment_reference, updated_at)
                    VALUES (\(bind: company.rawValue), \(bind: batch.id), \(bind: seal.rawValue), \(bind: SealState.issued.rawValue), \(bind: person),
                    \(bind: shipment), \(bind: now))
                    """).run()
                    try await Self.insertEvent(company: company, batch: batch.id, seal: seal, event: .issue, from: .received, to: .issued, issuedTo: person,
                                               shipment: shipment, reason: nil, actor: actor, now: now, on: sql)
                }
                try await AuditLog.append(AuditEvent(action: "seal.issued", targetType: "seal", targetID: picked.map(\.rawValue).joined(separator: ","),
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: [
                                                         "seals": picked.map(\.rawValue).joined(separator: ", "), "issued_to": person, "shipment_reference": shipment,
                                                     ])),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .sealsIssued, scope: "", target: picked.map(\.rawValue).joined(separator: ","), digest: digest,
                                                   company: company, by: actor, at: now, on: tx)
                return Issued(seals: picked, created: true)
            }
        }
    }

    static func replayedIssue(_ key: String?, digest: String?, company: CompanyID, on db: any Database) async throws -> Issued? {
        guard let first = try await ClientSubmissions.replay(key, kind: .sealsIssued, scope: "", digest: digest, company: company, on: db) else { return nil }
        return Issued(seals: first.target.split(separator: ",").compactMap { try? SealNumber(String($0)) }, created: false)
    }

    /// The seals issue draws from: the whole stock when it is small, otherwise a uniform random
    /// sample of it (offsets drawn over every received seal, those out of stock skipped), so a
    /// million seals are never listed for one issue. Every seal in stock is equally likely.
    static func candidates(ranges: [SealRange], outOfStock: Set<String>, wanted: Int, using generator: inout some RandomNumberGenerator) -> [SealNumber] {
        let total = ranges.reduce(0) { $0 + $1.count }
        func everything() -> [SealNumber] {
            var all: [SealNumber] = []
            for range in ranges { for seal in range.numbers where !outOfStock.contains(seal.rawValue) { all.append(seal) } }
            return all
        }
        guard total > 0, total - outOfStock.count > enumerateBelow else { return everything() }
        var starts: [Int] = []
        var running = 0
        for range in ranges { starts.append(running); running += range.count }
        let target = max(wanted * 16, 64)
        var found = Set<SealNumber>()
        var draws = 0
        while found.count < target && draws < target * 40 {
            draws += 1
            let offset = Int.random(in: 0..<total, using: &generator)
            var index = starts.count - 1
            while starts[index] > offset { index -= 1 }
            let seal = ranges[index].number(ranges[index].first + offset - starts[index])
            if !outOfStock.contains(seal.rawValue) { found.insert(seal) }
        }
        return found.count >= wanted ? Array(found) : everything()
    }

    // MARK: The seal log

    /// Logs a void, damaged, lost or returned seal with its reason, through the seal log's state
    /// machine. Refused: a number in no received batch, an event not allowed from the seal's
    /// state (the state machine's message), a missing reason.
    /// What a log call did: the seal, its state after, and whether this call logged it (false
    /// when its client key had logged it before).
    package struct Logged: Sendable {
        package let seal: SealNumber
        package let state: SealState
        package let created: Bool
    }

    package func log(number: String?, event text: String?, reason: String?, company: CompanyID, by actor: UserID,
                     clientKey: String? = nil) async throws -> Logged {
        let key = try ClientKey.parse(clientKey)
        // What the submission said: the seal (as the stock writes it), the event and the reason.
        let digest = ClientKey.digest(["seal_number": (try? SealNumber(number ?? ""))?.rawValue ?? number,
                                       "event": text?.trimmingCharacters(in: .whitespaces).lowercased(),
                                       "reason": reason?.trimmingCharacters(in: .whitespacesAndNewlines)])
        if let first = try await Self.replayedLog(key, digest: digest, company: company, on: db) { return first }
        var errors: [FieldError] = []
        let seal = SealNumber.parse(number, field: "seal_number", into: &errors)
        let eventText = text?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        var event: SealEvent?
        if eventText.isEmpty { errors.append(.required("event")) } else if let known = SealEvent(rawValue: eventText), Self.loggableEvents.contains(known) {
            event = known
        } else {
            let allowed = Self.loggableEvents.map(\.rawValue).joined(separator: ", ")
            errors.append(FieldError(field: "event", messageKey: "seals.error.event",
                                     message: "event '\(eventText.prefix(30))' cannot be logged here; use one of \(allowed) (affixing and verifying are recorded on the shipment)",
                                     arguments: ["value": String(eventText.prefix(30)), "allowed": allowed]))
        }
        let why = Check.text(reason, field: "reason", max: 500, use: .freeText, into: &errors)
        guard errors.isEmpty, let seal, let event, let why else { throw ValidationFailure(errors) }
        let now = app.clock.now()
        return try await decidingAgainOnConflict(logger: app.logger, what: "logging a seal") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                if let first = try await Self.replayedLog(key, digest: digest, company: company, on: tx) { return first }
                let queries = SealStockQueries(tx)
                guard let batch = try await queries.batch(company: company, containing: seal) else { throw ValidationFailure([Self.notReceived(seal)]) }
                let row = try await queries.seal(company: company, number: seal)
                let state = row?.sealState ?? .received
                let next: SealState
                switch state.applying(event, seal: seal) {
                case .success(let value): next = value
                case .failure(let error): throw ValidationFailure([error])
                }
                let keepIssue = next != .received
                if row == nil {
                    try await sql.raw("""
                    INSERT INTO seals (company_id, batch_id, number, state, updated_at)
                    VALUES (\(bind: company.rawValue), \(bind: batch.id), \(bind: seal.rawValue), \(bind: next.rawValue), \(bind: now))
                    """).run()
                } else {
                    try await sql.raw("""
                    UPDATE seals SET state = \(bind: next.rawValue), updated_at = \(bind: now),
                    issued_to = \(bind: keepIssue ? row?.issued_to : nil), shipment_reference = \(bind: keepIssue ? row?.shipment_reference : nil)
                    WHERE company_id = \(bind: company.rawValue) AND number = \(bind: seal.rawValue)
                    """).run()
                }
                try await Self.insertEvent(company: company, batch: batch.id, seal: seal, event: event, from: state, to: next, issuedTo: nil, shipment: nil,
                                           reason: why, actor: actor, now: now, on: sql)
                let action: String
                switch event {
                case .void: action = "seal.voided"
                case .reportDamaged: action = "seal.damaged"
                case .reportLost: action = "seal.lost"
                default: action = "seal.returned"
                }
                try await AuditLog.append(AuditEvent(action: action, targetType: "seal", targetID: seal.rawValue, companyID: company,
                                                     changes: AuditRecord.changes(before: ["state": state.rawValue], after: ["state": next.rawValue, "reason": why])),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .sealLogged, scope: "", target: seal.rawValue, result: next.rawValue, digest: digest,
                                                   company: company, by: actor, at: now, on: tx)
                return Logged(seal: seal, state: next, created: true)
            }
        }
    }

    static func replayedLog(_ key: String?, digest: String?, company: CompanyID, on db: any Database) async throws -> Logged? {
        guard let first = try await ClientSubmissions.replay(key, kind: .sealLogged, scope: "", digest: digest, company: company, on: db),
              let seal = try? SealNumber(first.target), let state = first.result.flatMap(SealState.init(rawValue:)) else { return nil }
        return Logged(seal: seal, state: state, created: false)
    }

    static func notReceived(_ seal: SealNumber) -> FieldError {
        FieldError(field: "seal_number", messageKey: "seals.error.not_received",
                   message: "seal \(seal) is in no batch this company received; check the number, or receive its batch first",
                   arguments: ["seal": seal.rawValue])
    }

    static func insertEvent(company: CompanyID, batch: UUID, seal: SealNumber, event: SealEvent, from: SealState, to: SealState, issuedTo: String?,
                            shipment: String?, reason: String?, actor: UserID, now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
        INSERT INTO seal_events (id, company_id, batch_id, number, event, from_state, to_state, issued_to, shipment_reference, reason, actor_id, at)
        VALUES (\(bind: UUID()), \(bind: company.rawValue), \(bind: batch), \(bind: seal.rawValue), \(bind: event.rawValue), \(bind: from.rawValue),
        \(bind: to.rawValue), \(bind: issuedTo), \(bind: shipment), \(bind: reason), \(bind: actor.rawValue), \(bind: now))
        """).run()
    }

    // MARK: The seal audit

    package struct AuditOutcome: Sendable {
        let id: UUID
        package let report: SealAuditReport
        /// Whether a physical count was entered (without one, the log is checked against the
        /// batches only, and storage is taken to hold what the log says is in stock).
        let counted: Bool
        let ranAt: Date
    }

    /// Reconciles the company's batches, the seal log and the count of the seals found in storage
    /// (numbers or ranges `FIRST..LAST`, one a line), and records the run in the audit trail.
    package func runAudit(counted lines: [String]?, company: CompanyID, by actor: UserID) async throws -> AuditOutcome {
        let lines = (lines ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var counted: [SealNumber] = []
        if !lines.isEmpty {
            var errors: [FieldError] = []
            counted = Self.parseCount(lines, into: &errors)
            if !errors.isEmpty { throw ValidationFailure(errors) }
        }
        let queries = SealStockQueries(db)
        let batches = try await queries.batches(company: company)
        let log = try await queries.log(company: company)
        let ranges = batches.map(\.range)
        if lines.isEmpty {
            // No count: storage holds what the log says is in stock.
            for range in ranges { for seal in range.numbers where log[seal] == nil || log[seal] == .received { counted.append(seal) } }
        }
        // The log, the seals shipments carry and the count are reconciled.
        let report = SealAudit.reconcile(ranges: ranges, log: log, shipmentSeals: try await queries.shipmentSeals(company: company), stockOnHand: counted)
        let now = app.clock.now()
        let id = UUID()
        var after: [String: String?] = ["received": String(report.received), "in_stock_by_log": String(report.inStockByLog),
                                        "counted": lines.isEmpty ? nil : String(report.counted), "findings": String(report.findings.count)]
        for kind in SealAuditFinding.Kind.allCases where report.count(of: kind) > 0 { after[kind.rawValue] = String(report.count(of: kind)) }
        let changes = AuditRecord.changes(before: [:], after: after)
        try await app.writeGate.transaction(on: db) { tx in
            try await AuditLog.append(AuditEvent(action: "seal_audit.run", targetType: "seal_audit", targetID: id.uuidString.lowercased(), companyID: company,
                                                 changes: changes),
                                      by: actor, on: tx, at: now)
            try await Self.raiseIncidents(report, auditID: id, company: company, by: actor, now: now, on: tx)
        }
        return AuditOutcome(id: id, report: report, counted: !lines.isEmpty, ranAt: now)
    }

    /// Most seals unaccounted for that open an incident each; past it, one incident lists them all
    /// (a whole missing box is one event to investigate, not thousands).
    static let incidentsPerAudit = 20

    /// Opens an incident in the register for each seal a counted audit could not account for
    /// (MSC 6.6), once a seal whatever the number of audits that find it again.
    static func raiseIncidents(_ report: SealAuditReport, auditID: UUID, company: CompanyID, by actor: UserID, now: Date, on tx: any Database) async throws {
        let missing = report.findings.filter { $0.kind == .unaccounted }.map(\.seal)
        guard !missing.isEmpty else { return }
        let who = try await IncidentService.userName(actor, on: tx)
        if missing.count <= incidentsPerAudit {
            for seal in missing {
                let incident = ValidIncident(type: .sealUnaccounted, severity: .high, title: "Seal \(seal.rawValue) unaccounted for in the seal audit",
                                             description: "The seal audit found seal \(seal.rawValue) received and in stock by the seal log, but not in the count of the seals in storage.",
                                             discoveredAt: now, discoveredBy: who, foundByCBP: false, location: nil)
                try await IncidentService.raise(incident, source: .sealAudit, sourceKey: "seal_audit:\(seal.rawValue)",
                                                links: [.init(kind: "seal", target: seal.rawValue, label: seal.rawValue)], company: company, by: actor, now: now, on: tx)
            }
        } else {
            let listed = missing.prefix(200).map(\.rawValue).joined(separator: ", ")
            let incident = ValidIncident(type: .sealUnaccounted, severity: .critical, title: "\(missing.count) seals unaccounted for in the seal audit",
                                         description: "The seal audit found \(missing.count) seals received and in stock by the seal log, but not in the count of the seals in storage: \(listed)\(missing.count > 200 ? ", ..." : "").",
                                         discoveredAt: now, discoveredBy: who, foundByCBP: false, location: nil)
            try await IncidentService.raise(incident, source: .sealAudit, sourceKey: "seal_audit_run:\(auditID.uuidString.lowercased())",
                                            links: missing.prefix(incidentsPerAudit).map { .init(kind: "seal", target: $0.rawValue, label: $0.rawValue) },
                                            company: company, by: actor, now: now, on: tx)
        }
    }

    /// The seals of a count: one number, or a range `FIRST..LAST` (also `FIRST to LAST`), a line.
    static func parseCount(_ lines: [String], into errors: inout [FieldError]) -> [SealNumber] {
        var seals: [SealNumber] = []
        for (index, line) in lines.enumerated() {
            let field = "counted"
            var lineErrors: [FieldError] = []
            let parts = line.replacingOccurrences(of: "–", with: "..").replacingOccurrences(of: " to ", with: "..")
                .components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 1 {
                if let seal = SealNumber.parse(parts[0], field: field, into: &lineErrors) { seals.append(seal) }
            } else if parts.count == 2, let range = SealRange.parse(first: parts[0], last: parts[1], into: &lineErrors) {
                if seals.count + range.count > maxCounted {
                    lineErrors.append(FieldError(field: field, messageKey: "seals.error.count_too_large",
                                                 message: "counted lists more than \(maxCounted) seals; count per batch", arguments: ["max": String(maxCounted)]))
                } else {
                    seals.append(contentsOf: range.numbers)
                }
            } else if parts.count > 2 {
                lineErrors.append(FieldError(field: field, messageKey: "seals.error.count_line",
                                             message: "counted line \(index + 1) '\(line.prefix(40))' is not a seal number or a range FIRST..LAST",
                                             arguments: ["line": String(index + 1), "value": String(line.prefix(40))]))
            }
            // Every error of a line names the field and the line.
            errors += lineErrors.map { error in
                var arguments = error.arguments
                arguments["line"] = String(index + 1)
                return FieldError(field: field, messageKey: error.messageKey, message: "counted line \(index + 1): \(error.message)", arguments: arguments)
            }
            if errors.count >= 50 { break }
        }
        return seals
    }
}

/// A random number generator over a function, so a test can hand the service a seeded source.
struct SealRandom: RandomNumberGenerator {
    let source: @Sendable () -> UInt64
    mutating func next() -> UInt64 { source() }
}
