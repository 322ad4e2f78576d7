import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Seals on a shipment: affixed from the company's stock (through the seal stock's state machine
/// and tables), checked with VVTT at departure and at arrival, photographed.
extension ShipmentService {
    static let maxSeals = 10
    /// The largest seal photo accepted (the evidence policy's limit when it is lower).
    static let maxPhotoBytes = 10 * 1024 * 1024

    static func notOpen(_ shipment: ShipmentQueries.Row, field: String) -> FieldError {
        FieldError(field: field, messageKey: "shipments.error.not_open",
                   message: "shipment \(shipment.reference) is already released; its seals and departure checks cannot change",
                   arguments: ["reference": shipment.reference])
    }

    // MARK: Affix

    /// Affixes a seal of the company's stock to the shipment: in stock (issued to the person
    /// affixing it on the way) or issued, not used on any shipment, not void, damaged or lost.
    /// Returns the seal's number. A client key seen before on this shipment answers with the seal
    /// it affixed and records nothing (even once the shipment has left: it was affixed before).
    /// `doneAt`: when a phone that was offline affixed it (`DoneAt`'s bounds, not before the
    /// shipment was created; refused naming `doneField`); the server's time when nil.
    @discardableResult
    func affix(_ shipment: ShipmentQueries.Row, number text: String?, company: CompanyID, by user: UserModel,
               clientKey: String? = nil, doneAt: Date? = nil, doneField: String = "done_at") async throws -> Affixed {
        let key = try ClientKey.parse(clientKey)
        let scope = shipment.shipmentID.description
        // What the submission said: the seal (as the stock writes it) and when it was affixed, if given.
        let digest = ClientKey.digest(["seal_number": (try? SealNumber(text ?? ""))?.rawValue ?? text, "done_at": doneAt.map(DoneAt.text)])
        if let first = try await Self.replayedSeal(key, scope: scope, digest: digest, company: company, on: db) { return first }
        var errors: [FieldError] = []
        let seal = SealNumber.parse(text, field: "seal_number", into: &errors)
        if shipment.shipmentStatus.isReleased { errors.append(Self.notOpen(shipment, field: "seal_number")) }
        let now = app.clock.now()
        if let doneAt { DoneAt.check(doneAt, field: doneField, now: now, notBefore: shipment.created_at, into: &errors) }
        guard errors.isEmpty, let seal else { throw ValidationFailure(errors) }
        let affixedAt = doneAt ?? now
        let actor = user.userID
        return try await decidingAgainOnConflict(logger: app.logger, what: "affixing a seal") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                if let first = try await Self.replayedSeal(key, scope: scope, digest: digest, company: company, on: tx) { return first }
                let queries = ShipmentQueries(tx)
                let onHand = try await SealStockService.sealOnHand(seal, company: company, on: tx)
                if let other = try await queries.shipmentUsing(company: company, seal: seal) {
                    throw ValidationFailure([FieldError(field: "seal_number", messageKey: "shipments.error.seal_used",
                                                        message: "seal \(seal) is already on shipment \(other.reference); a seal is used once",
                                                        arguments: ["seal": seal.rawValue, "reference": other.reference])])
                }
                let count = try await queries.seals(company: company, shipment: shipment.shipmentID).count
                guard count < Self.maxSeals else {
                    throw ValidationFailure([FieldError(field: "seal_number", messageKey: "shipments.error.too_many_seals",
                                                        message: "a shipment takes at most \(Self.maxSeals) seals", arguments: ["max": String(Self.maxSeals)])])
                }
                // A seal still in stock is issued to the person affixing it, then affixed: the log shows both.
                let events: [SealEvent] = onHand.state == .received ? [.issue, .affix] : [.affix]
                try await SealStockService.move(onHand, through: events, issuedTo: onHand.state == .received ? user.name : nil, shipment: shipment.reference,
                                                company: company, by: actor, now: now, on: sql)
                try await sql.raw("""
                INSERT INTO shipment_seals (id, company_id, shipment_id, batch_id, number, affixed_by, affixed_at, received_at)
                VALUES (\(bind: UUID()), \(bind: company.rawValue), \(bind: shipment.id), \(bind: onHand.batch.id), \(bind: seal.rawValue),
                \(bind: actor.rawValue), \(bind: affixedAt), \(bind: now))
                """).run()
                try await AuditLog.append(AuditEvent(action: "shipment.seal_affixed", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: ["seal_state": onHand.state.rawValue],
                                                                                  after: ["seal": seal.rawValue, "seal_state": SealState.affixed.rawValue,
                                                                                          "reference": shipment.reference, "done_at": DoneAt.text(affixedAt)])),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .sealAffixed, scope: scope, target: seal.rawValue, digest: digest, company: company, by: actor, at: now, on: tx)
                return Affixed(seal: seal, created: true)
            }
        }
    }

    /// What an affix call did: the seal, and whether this call affixed it (false: a repeat).
    struct Affixed: Sendable {
        let seal: SealNumber
        let created: Bool
    }

    static func replayedSeal(_ key: String?, scope: String, digest: String?, company: CompanyID, on db: any Database) async throws -> Affixed? {
        guard let first = try await ClientSubmissions.replay(key, kind: .sealAffixed, scope: scope, digest: digest, company: company, on: db),
              let seal = try? SealNumber(first.target) else { return nil }
        return Affixed(seal: seal, created: false)
    }

    // MARK: VVTT

    /// What a recorded check found.
    struct CheckOutcome: Sendable {
        let id: UUID
        let passed: Bool
        /// The number read at arrival is not the one affixed: recorded as a discrepancy.
        let discrepancy: Bool
        /// At departure, the documents' seal numbers and the seals on the unit disagree (MSC 7.30):
        /// the check is recorded, and the shipment warns until they agree.
        var documentsDiffer = false
        /// False when a client key seen before answered with the check it recorded.
        var created = true

        /// How it came out, as `client_submissions.result` keeps it for a repeat's answer.
        var stored: String {
            [passed ? "passed" : "failed", discrepancy ? "discrepancy" : nil, documentsDiffer ? "documents_differ" : nil].compactMap { $0 }.joined(separator: ",")
        }

        init(id: UUID, passed: Bool, discrepancy: Bool, documentsDiffer: Bool = false) {
            self.id = id
            self.passed = passed
            self.discrepancy = discrepancy
            self.documentsDiffer = documentsDiffer
        }

        /// The answer a repeat gets: the first check's.
        init?(replaying first: ClientSubmissions.Recorded) {
            guard let id = UUID(uuidString: first.target) else { return nil }
            let flags = Set((first.result ?? "").split(separator: ",").map(String.init))
            self.init(id: id, passed: flags.contains("passed"), discrepancy: flags.contains("discrepancy"), documentsDiffer: flags.contains("documents_differ"))
            created = false
        }
    }

    static func replayedCheck(_ key: String?, scope: String, digest: String?, company: CompanyID, on db: any Database) async throws -> CheckOutcome? {
        try await ClientSubmissions.replay(key, kind: .sealChecked, scope: scope, digest: digest, company: company, on: db).flatMap(CheckOutcome.init(replaying:))
    }

    /// Records a VVTT check of a seal on the shipment. Refused, with nothing recorded: a step
    /// skipped, repeated or out of order; at departure, a number read that is not the seal's, or
    /// a seal not on the bill of lading's numbers (MSC 7.30), or a shipment already released; at
    /// arrival, a shipment not yet released. At arrival a number that is not the one affixed is
    /// recorded, as a seal discrepancy (MSC 6.1), and the check fails.
    /// A client key seen before on this seal of this shipment answers with the check it
    /// recorded, and records nothing (before any check: the shipment may have left since).
    func recordCheck(_ shipment: ShipmentQueries.Row, seal row: ShipmentQueries.SealRow, stage: SealCheckStage, draft: VVTTDraft,
                     documentSealNumbers: String?, company: CompanyID, by actor: UserID, clientKey: String? = nil,
                     doneField: String? = nil) async throws -> CheckOutcome {
        guard let seal = row.sealNumber else { throw TrustlaneError.notFound }
        let key = try ClientKey.parse(clientKey)
        let scope = shipment.shipmentID.description + "/" + seal.rawValue
        // What the check said: its stage, each step's answer and note, the number read and the
        // documents' numbers (steps' times aside: a form sent without one is timed on arrival).
        var said: [String: String?] = ["stage": stage.rawValue, "number_read": draft.numberRead, "document_seal_numbers": documentSealNumbers]
        for (index, step) in draft.steps.enumerated() {
            said["steps.\(index)"] = [step.step ?? "", step.passed ? "pass" : "fail", step.note ?? ""].joined(separator: "\u{1F}")
        }
        let digest = ClientKey.digest(said)
        if let first = try await Self.replayedCheck(key, scope: scope, digest: digest, company: company, on: db) { return first }
        let queries = ShipmentQueries(db)
        // The steps' times are when they were done (a phone that was offline): within `DoneAt`'s
        // bounds, not before the seal was affixed (nor, at arrival, before the release). Named
        // `doneField` when the page gave one time for all, `steps[i].at` otherwise.
        let now = app.clock.now()
        var timeErrors: [FieldError] = []
        let notBefore = stage == .arrival ? max(row.affixed_at, shipment.released_at ?? row.affixed_at) : row.affixed_at
        for (index, step) in draft.steps.enumerated() {
            let before = timeErrors.count
            DoneAt.check(step.at, field: doneField ?? "steps[\(index)].at", now: now, notBefore: notBefore, into: &timeErrors)
            if doneField != nil && timeErrors.count > before { break }
        }
        if !timeErrors.isEmpty { throw ValidationFailure(timeErrors) }
        let checkedAt = draft.steps.map(\.at).max() ?? now
        var documentText: String?
        var documented: [SealNumber]?
        var discrepancy = false
        var documentsDiffer = false
        let result: VVTTResult
        switch stage {
        case .departure:
            if shipment.shipmentStatus.isReleased { throw ValidationFailure([Self.notOpen(shipment, field: "stage")]) }
            let text = documentSealNumbers.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } ?? shipment.document_seal_numbers
            let affixed = ShipmentQueries.sealing(try await queries.seals(company: company, shipment: shipment.shipmentID))
            var errors: [FieldError] = []
            switch SealDocumentMatch.compare(affixed: affixed, documentText: text) {
            case .success(let match):
                documented = affixed.filter { !match.missingFromDocuments.contains($0) } + match.notAffixed
                documentText = text
                documentsDiffer = !match.matches
            case .failure(let failure):
                errors += failure.errors.map { $0.messageKey == "error.required" ? Self.documentsRequired : $0 }
            }
            switch VVTTValidator.validate(draft, seal: seal, documentNumbers: documented) {
            case .success(let checked): guard errors.isEmpty else { throw ValidationFailure(errors) }; result = checked
            case .failure(let failure): throw ValidationFailure(errors + failure.errors)
            }
        case .arrival:
            guard shipment.shipmentStatus.isReleased else {
                throw ValidationFailure([FieldError(field: "stage", messageKey: "shipments.error.not_released",
                                                    message: "shipment \(shipment.reference) has not been released; the arrival check follows departure",
                                                    arguments: ["reference": shipment.reference])])
            }
            switch VVTTValidator.validate(draft, seal: seal) {
            case .success(let checked): result = checked
            case .failure(let failure):
                // Only the number differs: the steps are recorded with the number read, as a discrepancy.
                guard failure.errors.allSatisfy({ $0.messageKey == "seals.error.vvtt_number_mismatch" }) else { throw failure }
                var same = draft
                same.numberRead = seal.rawValue
                result = try VVTTValidator.validate(same, seal: seal).get()
                discrepancy = true
            }
        }
        let read = discrepancy ? ((try? SealNumber(draft.numberRead ?? ""))?.rawValue ?? String((draft.numberRead ?? "").prefix(40))) : seal.rawValue
        let passed = result.passed && !discrepancy
        let documentsTyped = documentText
        let isDiscrepancy = discrepancy
        let id = UUID()
        let outcome = CheckOutcome(id: id, passed: passed, discrepancy: discrepancy, documentsDiffer: documentsDiffer)
        return try await decidingAgainOnConflict(logger: app.logger, what: "recording a seal check") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                if let first = try await Self.replayedCheck(key, scope: scope, digest: digest, company: company, on: tx) { return first }
                let onHand = try await SealStockService.sealOnHand(seal, company: company, on: tx)
                // The seal log follows: verified after a clean departure check, arrived after a clean arrival.
                if passed && stage == .departure && onHand.state == .affixed {
                    try await SealStockService.move(onHand, through: [.verify], issuedTo: nil, shipment: shipment.reference, company: company, by: actor, now: now, on: sql)
                } else if passed && stage == .arrival && onHand.state == .verified {
                    try await SealStockService.move(onHand, through: [.arrive], issuedTo: nil, shipment: shipment.reference, company: company, by: actor, now: now, on: sql)
                } else if stage == .departure && ![.affixed, .verified].contains(onHand.state) {
                    throw ValidationFailure([FieldError(field: "seal_number", messageKey: "seals.error.transition_final",
                                                        message: "seal \(seal) is \(onHand.state.rawValue); nothing more can be logged for it",
                                                        arguments: ["seal": seal.rawValue, "state": onHand.state.rawValue])])
                }
                try await sql.raw("""
                INSERT INTO seal_checks (id, company_id, shipment_id, number, stage, steps, number_read, passed, checked_by, checked_at, received_at)
                VALUES (\(bind: id), \(bind: company.rawValue), \(bind: shipment.id), \(bind: seal.rawValue), \(bind: stage.rawValue),
                \(bind: StoredCheckStep.encode(result.steps)), \(bind: read), \(bind: passed), \(bind: actor.rawValue), \(bind: checkedAt), \(bind: now))
                """).run()
                if let documentText = documentsTyped, documentText != shipment.document_seal_numbers {
                    try await sql.raw("""
                    UPDATE shipments SET document_seal_numbers = \(bind: documentText) WHERE company_id = \(bind: company.rawValue) AND id = \(bind: shipment.id)
                    """).run()
                }
                let failed = result.failedSteps.map(\.rawValue).joined(separator: ", ")
                try await AuditLog.append(AuditEvent(action: "shipment.seal_checked", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: [
                                                         "seal": seal.rawValue, "stage": stage.rawValue, "passed": passed ? "yes" : "no",
                                                         "failed_steps": failed.isEmpty ? nil : failed, "number_read": read,
                                                         "document_seal_numbers": documentsTyped, "done_at": DoneAt.text(checkedAt),
                                                     ])),
                                          by: actor, on: tx, at: now)
                if isDiscrepancy {
                    try await sql.raw("""
                    INSERT INTO seal_discrepancies (id, company_id, shipment_id, check_id, number, number_read, stage, recorded_by, recorded_at)
                    VALUES (\(bind: UUID()), \(bind: company.rawValue), \(bind: shipment.id), \(bind: id), \(bind: seal.rawValue), \(bind: read),
                    \(bind: stage.rawValue), \(bind: actor.rawValue), \(bind: now))
                    """).run()
                    try await AuditLog.append(AuditEvent(action: "shipment.seal_discrepancy", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                         companyID: company,
                                                         changes: AuditRecord.changes(before: ["seal": seal.rawValue], after: ["number_read": read, "stage": stage.rawValue])),
                                              by: actor, on: tx, at: now)
                    // A seal read wrong at arrival opens a seal incident in the register (MSC 6.1), once a check.
                    let incident = ValidIncident(type: .sealTampered, severity: .high,
                                                 title: "Seal \(seal.rawValue) read as \(read) at arrival (shipment \(shipment.reference))",
                                                 description: "The receiver's VVTT check at arrival read the number \(read) on the seal recorded as \(seal.rawValue) on shipment \(shipment.reference) (\(shipment.unitLabel), \(shipment.origin) → \(shipment.destination)).",
                                                 discoveredAt: now, discoveredBy: try await IncidentService.userName(actor, on: tx), foundByCBP: false, location: shipment.destination)
                    try await IncidentService.raise(incident, source: .sealCheck, sourceKey: "seal_check:\(id.uuidString.lowercased())",
                                                    links: [.init(kind: "shipment", target: shipment.shipmentID.description, label: shipment.reference),
                                                            .init(kind: "seal", target: seal.rawValue, label: seal.rawValue)],
                                                    company: company, by: actor, now: now, on: tx)
                }
                try await ClientSubmissions.record(key, kind: .sealChecked, scope: scope, target: id.uuidString.lowercased(), result: outcome.stored, digest: digest,
                                                   company: company, by: actor, at: now, on: tx)
                return outcome
            }
        }
    }

    static let documentsRequired = FieldError(field: "document_seal_numbers", messageKey: "shipments.error.document_seals_required",
                                              message: "document_seal_numbers is required: the seal numbers as printed on the bill of lading or manifest")

    // MARK: Photo

    /// The photo policy: JPEG or PNG, checked by content, at most 10 MB (or the evidence limit).
    var photoPolicy: EvidencePolicy {
        EvidencePolicy(maxBytes: min(app.config.evidencePolicy.maxBytes, Self.maxPhotoBytes), allowedTypes: [.jpeg, .png])
    }

    /// The evidence policy names the file `file`; the seal forms call it `photo`.
    static func photoFields(_ failure: ValidationFailure) -> ValidationFailure {
        ValidationFailure(failure.errors.map { error in
            guard error.field == "file" || error.field == "title" else { return error }
            return FieldError(field: "photo", messageKey: error.messageKey,
                              message: error.message.hasPrefix(error.field) ? "photo" + error.message.dropFirst(error.field.count) : error.message,
                              arguments: error.arguments)
        })
    }

    /// Stores a photo of the seal (MSC 7.5) in the company's evidence store and links it to the
    /// seal on the shipment; a later photo replaces the link (the earlier file stays in the store).
    /// A client key seen before on this seal stores nothing (a phone's photo sent twice).
    /// Returns whether this call stored it.
    @discardableResult
    func attachPhoto(_ shipment: ShipmentQueries.Row, seal row: ShipmentQueries.SealRow, fileName: String?, content: Data?, company: CompanyID,
                     by actor: UserID, clientKey: String? = nil) async throws -> Bool {
        let key = try ClientKey.parse(clientKey)
        let scope = shipment.shipmentID.description + "/" + row.number
        // What the submission said: the photo, by its hash.
        let digest = ClientKey.digest(["photo": content.map(ClientKey.hash(of:))])
        if try await ClientSubmissions.replay(key, kind: .sealPhotographed, scope: scope, digest: digest, company: company, on: db) != nil { return false }
        guard let content, !content.isEmpty else {
            throw ValidationFailure([FieldError(field: "photo", messageKey: "shipments.error.photo_missing",
                                                message: "photo is required: a JPEG or PNG picture of the seal (a multipart form upload)")])
        }
        if case .failure(let error) = photoPolicy.checkFile(fileName: fileName ?? "", content: content) {
            throw Self.photoFields(ValidationFailure([error]))
        }
        let now = app.clock.now()
        let sealID = row.id
        let number = row.number
        /// Thrown inside the upload's transaction when the same key was stored meanwhile: rolls it back.
        struct AlreadyStored: Error {}
        do {
            _ = try await EvidenceService(app: app).upload(company: company, fileName: fileName ?? "seal", content: content,
                                                           title: String("Seal \(number), shipment \(shipment.reference)".prefix(200)), effectiveDate: nil,
                                                           expiryDate: nil, by: actor) { tx, evidence in
                if try await ClientSubmissions.replay(key, kind: .sealPhotographed, scope: scope, digest: digest, company: company, on: tx) != nil { throw AlreadyStored() }
                try await (tx as! any SQLDatabase).raw("""
                UPDATE shipment_seals SET photo_evidence_id = \(bind: evidence), photographed_at = \(bind: now)
                WHERE company_id = \(bind: company.rawValue) AND id = \(bind: sealID)
                """).run()
                try await AuditLog.append(AuditEvent(action: "shipment.seal_photographed", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: ["photo": row.photo_evidence_id?.uuidString.lowercased()],
                                                                                  after: ["seal": number, "photo": evidence.uuidString.lowercased()])),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .sealPhotographed, scope: scope, target: evidence.uuidString.lowercased(), digest: digest,
                                                   company: company, by: actor, at: now, on: tx)
            }
        } catch let failure as ValidationFailure {
            throw Self.photoFields(failure)
        } catch is AlreadyStored {
            // The bytes are stored by their digest: the first photo's file is this one.
            return false
        } catch let error where error.isConcurrentWriteConflict && key != nil {
            // Another server process stored the same key first: its photo is this one.
            guard try await ClientSubmissions.replay(key, kind: .sealPhotographed, scope: scope, company: company, on: db) != nil else { throw error }
            return false
        }
        return true
    }
}
