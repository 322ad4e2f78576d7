import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Writes to shipments (issue 16): record a shipment, send the seal numbers to the consignee,
/// release it through the gate or by a supervisor's override. Seals, VVTT and photos are in
/// `ShipmentService+Seals`. Every write is one gated transaction with its audit entry; every
/// refusal names its field, with nothing saved.
struct ShipmentService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    static let maxReference = 60
    static let maxDocuments = 500
    static let maxPlace = 120
    static let maxPartners = 10

    /// A shipment as the form or the API sends it.
    struct Draft: Sendable {
        var reference: String?
        var documentNumbers: String?
        var containerNumber: String?
        var tractorPlate: String?
        var trailerPlate: String?
        var inspectionID: String?
        var origin: String?
        var destination: String?
        var consigneeName: String?
        var consigneeEmail: String?
        var partnerIDs: [String] = []
        /// A less-than-truckload move (MSC 6.3): a lock during the pickups, the seal at the last loading point.
        var lessThanTruckload = false
        /// The lock closing an LTL unit from its first pickup, when known at once.
        var lockID: String?
        /// The phone's key for this submission (`ClientKey`): sent again, it records nothing more.
        var clientKey: String?

        /// What the submission said (`ClientKey.digest`): every field, trimmed, the partners sorted.
        var digest: String {
            let trim = { (text: String?) in text?.trimmingCharacters(in: .whitespacesAndNewlines) }
            return ClientKey.digest([
                "reference": trim(reference), "document_numbers": trim(documentNumbers), "container_number": trim(containerNumber),
                "tractor_plate": trim(tractorPlate), "trailer_plate": trim(trailerPlate), "inspection_id": trim(inspectionID)?.lowercased(),
                "origin": trim(origin), "destination": trim(destination), "consignee_name": trim(consigneeName), "consignee_email": trim(consigneeEmail),
                "partner_ids": partnerIDs.map { $0.lowercased() }.sorted().joined(separator: ","), "less_than_truckload": lessThanTruckload ? "yes" : "no",
                "lock_id": trim(lockID),
            ])
        }
    }

    /// The draft checked: every field's problem named (the unit taken from the inspection when
    /// none is given; an inspection of another unit refused).
    struct Valid: Sendable {
        let reference: String
        let documentNumbers: String
        /// A container number or an air unit's ULD id.
        let container: UnitNumber?
        let tractorPlate: String?
        let trailerPlate: String?
        let inspection: InspectionQueries.Row?
        let origin: String
        let destination: String
        let consigneeName: String?
        let consigneeEmail: String?
        let partners: [UUID]
        let lessThanTruckload: Bool
        let lockID: String?
    }

    /// `editing`: the shipment being changed, whose own reference is not "taken".
    func validate(_ draft: Draft, company: CompanyID, editing: ShipmentID? = nil) async throws -> Valid {
        var errors: [FieldError] = []
        let reference = Check.text(draft.reference, field: "reference", max: Self.maxReference, into: &errors)
        let documents = Check.text(draft.documentNumbers, field: "document_numbers", max: Self.maxDocuments, use: .freeText, into: &errors)
        var container = UnitNumber.parse(draft.containerNumber, required: false, into: &errors)
        var tractor = Self.plate(draft.tractorPlate, field: "tractor_plate", into: &errors)
        var trailer = Self.plate(draft.trailerPlate, field: "trailer_plate", into: &errors)
        let origin = Check.text(draft.origin, field: "origin", max: Self.maxPlace, into: &errors)
        let destination = Check.text(draft.destination, field: "destination", max: Self.maxPlace, into: &errors)
        let consigneeName = Check.text(draft.consigneeName, field: "consignee_name", max: 120, required: false, into: &errors)
        var consigneeEmail: String?
        if let text = draft.consigneeEmail, !text.allSatisfy(\.isWhitespace) {
            consigneeEmail = EmailAddress.check(text, field: "consignee_email", into: &errors)?.value
        }
        let queries = ShipmentQueries(db)
        if let reference, try await queries.referenceTaken(company: company, key: reference.lowercased(), except: editing) {
            errors.append(Self.referenceTaken(reference))
        }
        var inspection: InspectionQueries.Row?
        if let text = draft.inspectionID?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = InspectionID(string: text), let row = try await InspectionQueries(db).current(company: company, id: id) {
                inspection = row
            } else {
                errors.append(FieldError(field: "inspection_id", messageKey: "shipments.error.inspection",
                                         message: "inspection_id is no inspection of this company; choose one from the list or give its id",
                                         arguments: ["value": String(text.prefix(40))]))
            }
        }
        let unitGiven = container != nil || tractor != nil || trailer != nil
        let unitErrors = errors.contains { ["container_number", "tractor_plate", "trailer_plate"].contains($0.field) }
        if let inspection, !unitErrors {
            if !unitGiven {
                container = UnitNumber.stored(inspection.container_number)
                tractor = inspection.tractor_plate
                trailer = inspection.trailer_plate
            } else if !Self.sameUnit(container: container, plates: [tractor, trailer].compactMap { $0 }, inspection: inspection) {
                errors.append(FieldError(field: "inspection_id", messageKey: "shipments.error.inspection_unit",
                                         message: "the inspection is of \(inspection.unit.label), not of this shipment's unit; choose the inspection of the unit loaded",
                                         arguments: ["unit": inspection.unit.label]))
            }
        }
        if container == nil && tractor == nil && trailer == nil && !unitErrors && (inspection == nil || inspection?.unit.label.isEmpty == true)
            && !errors.contains(where: { $0.field == "inspection_id" }) {
            errors.append(FieldError(field: "container_number", messageKey: "shipments.error.unit",
                                     message: "container_number is required: give the container number, or the tractor or trailer plate"))
        }
        let lockID = LessThanTruckloadLock.parseID(draft.lockID, into: &errors)
        if lockID != nil && !draft.lessThanTruckload { errors.append(Self.lockNeedsLessThanTruckload) }
        var partners: [UUID] = []
        let texts = draft.partnerIDs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if texts.count > Self.maxPartners {
            errors.append(FieldError(field: "partner_ids", messageKey: "shipments.error.partners_count",
                                     message: "partner_ids lists more than \(Self.maxPartners) partners", arguments: ["max": String(Self.maxPartners)]))
        } else {
            let ids = texts.compactMap(UUID.init(uuidString:))
            let known = try await queries.knownPartners(company: company, ids: ids)
            if ids.count != texts.count || ids.contains(where: { !known.contains($0) }) {
                errors.append(FieldError(field: "partner_ids", messageKey: "shipments.error.partner",
                                         message: "partner_ids must name business partners of this company's registry (by id)"))
            }
            for id in ids where !partners.contains(id) { partners.append(id) }
        }
        guard errors.isEmpty, let reference, let documents, let origin, let destination else { throw ValidationFailure(errors) }
        return Valid(reference: reference, documentNumbers: documents, container: container, tractorPlate: tractor, trailerPlate: trailer,
                     inspection: inspection, origin: origin, destination: destination, consigneeName: consigneeName, consigneeEmail: consigneeEmail,
                     partners: partners, lessThanTruckload: draft.lessThanTruckload, lockID: lockID)
    }

    static let lockNeedsLessThanTruckload = FieldError(field: "lock_id", messageKey: "shipments.error.lock_not_ltl",
                                                      message: "lock_id is for less-than-truckload shipments: mark the shipment LTL, or leave the lock out and seal the unit")

    /// A plate as the inspections keep them: upper case, single spaces.
    static func plate(_ text: String?, field: String, into errors: inout [FieldError]) -> String? {
        guard let checked = Check.text(text, field: field, max: InspectionValidator.maxPlate, required: false, into: &errors) else { return nil }
        return checked.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func referenceTaken(_ reference: String) -> FieldError {
        FieldError(field: "reference", messageKey: "shipments.error.reference_taken",
                   message: "reference \(reference) is already used by another shipment of this company", arguments: ["reference": reference])
    }

    /// Whether the inspection is of the shipment's unit: the same container, or a plate in common.
    static func sameUnit(container: UnitNumber?, plates: [String], inspection: InspectionQueries.Row) -> Bool {
        if let container { return inspection.container_number == container.rawValue }
        let inspected = Set([inspection.tractor_plate, inspection.trailer_plate].compactMap { $0 })
        return plates.contains(where: inspected.contains)
    }

    /// What a record call did: the shipment, and whether this call created it (false when its
    /// client key had already recorded it: a phone's submission sent twice).
    struct Created: Sendable {
        let id: ShipmentID
        let created: Bool
    }

    /// Records a shipment. A client key seen before answers with the shipment it recorded, and
    /// records nothing (before any check: the reference is taken by then, by that shipment).
    func create(_ draft: Draft, company: CompanyID, by actor: UserID) async throws -> Created {
        let key = try ClientKey.parse(draft.clientKey)
        let digest = draft.digest
        if let first = try await Self.replayedShipment(key, digest: digest, company: company, on: db) { return first }
        let valid = try await validate(draft, company: company)
        let now = app.clock.now()
        let id = ShipmentID()
        return try await decidingAgainOnConflict(logger: app.logger, what: "recording a shipment") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                if let first = try await Self.replayedShipment(key, digest: digest, company: company, on: tx) { return first }
                // Checked again inside the transaction: two shipments typed at once keep one reference.
                if try await ShipmentQueries(tx).referenceTaken(company: company, key: valid.reference.lowercased()) {
                    throw ValidationFailure([Self.referenceTaken(valid.reference)])
                }
                try await sql.raw("""
                INSERT INTO shipments (id, company_id, reference, reference_key, document_numbers, container_number, tractor_plate, trailer_plate,
                inspection_id, origin, destination, consignee_name, consignee_email, status, created_by, created_at,
                less_than_truckload, lock_id, lock_recorded_at, lock_recorded_by)
                VALUES (\(bind: id.rawValue), \(bind: company.rawValue), \(bind: valid.reference), \(bind: valid.reference.lowercased()),
                \(bind: valid.documentNumbers), \(bind: valid.container?.rawValue), \(bind: valid.tractorPlate), \(bind: valid.trailerPlate),
                \(bind: valid.inspection?.inspection_id), \(bind: valid.origin), \(bind: valid.destination), \(bind: valid.consigneeName),
                \(bind: valid.consigneeEmail), \(bind: ShipmentStatus.open.rawValue), \(bind: actor.rawValue), \(bind: now),
                \(bind: valid.lessThanTruckload), \(bind: valid.lockID), \(bind: valid.lockID == nil ? nil : now), \(bind: valid.lockID == nil ? nil : actor.rawValue))
                """).run()
                try await Self.insertPartners(valid.partners, shipment: id, company: company, on: sql)
                try await AuditLog.append(AuditEvent(action: "shipment.recorded", targetType: "shipment", targetID: id.description, companyID: company,
                                                     changes: AuditRecord.changes(before: [:], after: Self.auditFields(valid).merging([
                                                         "less_than_truckload": valid.lessThanTruckload ? "yes" : nil, "lock_id": valid.lockID,
                                                     ]) { $1 })),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .shipmentRecorded, scope: "", target: id.description, digest: digest, company: company, by: actor, at: now, on: tx)
                return Created(id: id, created: true)
            }
        }
    }

    static func replayedShipment(_ key: String?, digest: String?, company: CompanyID, on db: any Database) async throws -> Created? {
        guard let first = try await ClientSubmissions.replay(key, kind: .shipmentRecorded, scope: "", digest: digest, company: company, on: db),
              let id = ShipmentID(string: first.target) else { return nil }
        return Created(id: id, created: false)
    }

    static func insertPartners(_ partners: [UUID], shipment id: ShipmentID, company: CompanyID, on sql: any SQLDatabase) async throws {
        for partner in partners {
            try await sql.raw("""
            INSERT INTO shipment_partners (company_id, shipment_id, partner_id) VALUES (\(bind: company.rawValue), \(bind: id.rawValue), \(bind: partner))
            """).run()
        }
    }

    /// The facts of a shipment as the audit trail keeps them (recorded, and edited: before and after).
    static func auditFields(_ valid: Valid) -> [String: String?] {
        let unit = ShipmentQueries.Row.unitLabel(container: valid.container?.rawValue, tractor: valid.tractorPlate, trailer: valid.trailerPlate)
        return ["reference": valid.reference, "documents": valid.documentNumbers, "unit": unit,
                "inspection": valid.inspection?.inspection_id.uuidString.lowercased(), "origin": valid.origin,
                "destination": valid.destination, "consignee": valid.consigneeName, "consignee_email": valid.consigneeEmail,
                "partners": valid.partners.isEmpty ? nil : String(valid.partners.count)]
    }

    // MARK: The consignee

    /// Queues the seal numbers to the consignee by email (MSC 7.29) and records when. Refused: no
    /// consignee e-mail, no seal affixed yet.
    func notifyConsignee(_ shipment: ShipmentQueries.Row, company: CompanyID, by actor: UserID, language: Language) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let seals = try await ShipmentQueries(tx).seals(company: company, shipment: shipment.shipmentID).map(\.number)
            var errors: [FieldError] = []
            if shipment.consignee_email == nil {
                errors.append(FieldError(field: "consignee_email", messageKey: "shipments.error.no_consignee_email",
                                         message: "the shipment has no consignee e-mail; the seal numbers cannot be sent"))
            }
            if seals.isEmpty {
                errors.append(FieldError(field: "seals", messageKey: "shipments.error.no_seals_to_send", message: "no seal is affixed yet; affix the seals first"))
            }
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            try await Self.queueConsigneeMessage(shipment, seals: seals, company: company, language: language, by: actor, now: now, on: tx)
        }
    }

    /// The message and its record, inside the caller's transaction.
    static func queueConsigneeMessage(_ shipment: ShipmentQueries.Row, seals: [String], company: CompanyID, language: Language, by actor: UserID,
                                      now: Date, on tx: any Database) async throws {
        guard let email = shipment.consignee_email else { return }
        let list = seals.joined(separator: ", ")
        try await NotificationOutbox(tx).enqueueEmail(
            key: "email.shipment_seals",
            parameters: ["reference": shipment.reference, "seals": list, "unit": shipment.unitLabel, "origin": shipment.origin,
                         "destination": shipment.destination, "documents": shipment.document_numbers, "consignee": shipment.consignee_name ?? ""],
            link: "", to: email, language: language, userID: nil, companyID: company.rawValue,
            dedupeKey: "shipment-seals:\(shipment.id.uuidString.lowercased()):\(UUID().uuidString.prefix(8))", now: now)
        try await (tx as! any SQLDatabase).raw("""
        UPDATE shipments SET consignee_notified_at = \(bind: now), consignee_notified_seals = \(bind: list)
        WHERE company_id = \(bind: company.rawValue) AND id = \(bind: shipment.id)
        """).run()
        try await AuditLog.append(AuditEvent(action: "shipment.consignee_notified", targetType: "shipment", targetID: shipment.shipmentID.description,
                                             companyID: company,
                                             changes: AuditRecord.changes(before: ["consignee_notified_seals": shipment.consignee_notified_seals],
                                                                          after: ["consignee_notified_seals": list, "consignee_email": email])),
                                  by: actor, on: tx, at: now)
    }

    // MARK: Release

    /// The gate's facts for a shipment: its inspection's current version and the company's
    /// sign-off setting, its seals and the latest departure check of each.
    static func gateInput(_ shipment: ShipmentQueries.Row, company: CompanyID, on db: any Database) async throws -> ReleaseGate.Input {
        let inspections = InspectionQueries(db)
        let queries = ShipmentQueries(db)
        var inspection: ConveyanceInspection?
        if let id = shipment.inspection_id { inspection = try await inspections.current(company: company, id: InspectionID(id))?.inspection }
        let settings = try await inspections.settings(company: company)
        let seals = ShipmentQueries.sealing(try await queries.seals(company: company, shipment: shipment.shipmentID))
        var vvtt: [SealNumber: VVTTResult] = [:]
        for check in try await queries.checks(company: company, shipment: shipment.shipmentID) where check.checkStage == .departure {
            if let result = check.result { vvtt[result.seal] = result }
        }
        return ReleaseGate.Input(inspection: inspection, requiresSignOff: settings.requiresSupervisorSignOff, seals: seals, vvtt: vvtt,
                                 lessThanTruckload: shipment.isLessThanTruckload, lock: shipment.lock)
    }

    /// What a release call refused: every reason the gate gave.
    struct Blocked: Error, Sendable {
        let blocks: [ReleaseBlock]
    }

    static func alreadyReleased(_ shipment: ShipmentQueries.Row) -> FieldError {
        FieldError(field: "status", messageKey: "shipments.error.released",
                   message: "shipment \(shipment.reference) is already released", arguments: ["reference": shipment.reference])
    }

    /// Marks the shipment released when the gate lets it go; throws `Blocked` with every reason
    /// otherwise. With a reason and a supervisor, releases despite the blocks (the caller's route
    /// has checked the supervisor may override). The consignee is sent the seal numbers now if
    /// they were not sent with these seals before.
    @discardableResult
    func release(_ shipment: ShipmentQueries.Row, company: CompanyID, by user: UserModel, overrideReason: String? = nil, isOverride: Bool = false,
                 language: Language) async throws -> ReleaseDecision {
        let now = app.clock.now()
        let actor = user.userID
        return try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let input = try await Self.gateInput(shipment, company: company, on: tx)
            let decision: ReleaseDecision
            if isOverride {
                decision = try ReleaseGate.decide(input, overrideBy: actor, supervisorName: user.name, reason: overrideReason ?? "", at: now).get()
            } else {
                decision = try ReleaseGate.decide(input).get()
            }
            let status: ShipmentStatus, reason: String?, overridden: [ReleaseBlock]
            switch decision {
            case .blocked(let blocks): throw Blocked(blocks: blocks)
            case .release: status = .released; reason = nil; overridden = []
            case .releaseByOverride(let decided, let blocks): status = .releasedByOverride; reason = decided.reason; overridden = blocks
            }
            let lines = overridden.map(\.message.message).joined(separator: "\n")
            let changed = try await sql.raw("""
            UPDATE shipments SET status = \(bind: status.rawValue), released_at = \(bind: now), released_by = \(bind: actor.rawValue),
            override_reason = \(bind: reason), overridden_blocks = \(bind: lines.isEmpty ? nil : lines)
            WHERE company_id = \(bind: company.rawValue) AND id = \(bind: shipment.id) AND status = \(bind: ShipmentStatus.open.rawValue)
            RETURNING id
            """).all()
            guard !changed.isEmpty else { throw ValidationFailure([Self.alreadyReleased(shipment)]) }
            try await AuditLog.append(AuditEvent(action: status == .released ? "shipment.released" : "shipment.release_overridden",
                                                 targetType: "shipment", targetID: shipment.shipmentID.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["status": shipment.status], after: [
                                                     "status": status.rawValue, "reason": reason, "overridden": lines.isEmpty ? nil : lines,
                                                     "supervisor": status == .releasedByOverride ? user.name : nil,
                                                 ])),
                                      by: actor, on: tx, at: now)
            let seals = input.seals.map(\.rawValue)
            if shipment.consignee_email != nil, !seals.isEmpty, shipment.consignee_notified_seals != seals.joined(separator: ", ") {
                try await Self.queueConsigneeMessage(shipment, seals: seals, company: company, language: language, by: actor, now: now, on: tx)
            }
            return decision
        }
    }
}
