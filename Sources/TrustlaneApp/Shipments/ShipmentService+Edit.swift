import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Changing a shipment's record while it is open: its reference, the documents' numbers, the
/// unit, the inspection it was loaded after, origin, destination, the consignee and its business
/// partners. Whether it is less than truckload and its lock keep their own form (the lock is
/// recorded for the pickups before the seal); seals, checks and photos are records of what was
/// done and are not edited.
///
/// Once released nothing changes: the release (and an override's reasons) was decided on these
/// facts, the consignee was sent them with the seal numbers, and validators sample what left
/// the dock. The arrival check is still recorded on a released shipment; a wrong record is
/// explained in an incident, not rewritten.
extension ShipmentService {
    static func releasedNotEditable(_ shipment: ShipmentQueries.Row) -> TrustlaneError {
        TrustlaneError(status: .conflict, key: "shipments.error.edit_released",
                       message: "shipment \(shipment.reference) is already released; its record can no longer be changed (report a mistake as an incident)",
                       arguments: ["reference": shipment.reference])
    }

    /// The draft a shipment's current record makes: the edit form's first values, and what a
    /// PATCH leaves unchanged.
    static func draft(of shipment: ShipmentQueries.Row, partners: [UUID]) -> Draft {
        Draft(reference: shipment.reference, documentNumbers: shipment.document_numbers, containerNumber: shipment.container_number,
              tractorPlate: shipment.tractor_plate, trailerPlate: shipment.trailer_plate,
              inspectionID: shipment.inspection_id?.uuidString.lowercased(), origin: shipment.origin, destination: shipment.destination,
              consigneeName: shipment.consignee_name, consigneeEmail: shipment.consignee_email,
              partnerIDs: partners.map { $0.uuidString.lowercased() }, lessThanTruckload: shipment.isLessThanTruckload)
    }

    /// Saves the changes `draft` makes to an open shipment, every field checked as when it was
    /// recorded, all or nothing, with one audit entry naming each change. Returns false when
    /// nothing changed (nothing is written: a form saved twice is recorded once). Refused: a
    /// released shipment (409, also when released meanwhile), and any bad field (400, named).
    @discardableResult
    func edit(_ shipment: ShipmentQueries.Row, with draft: Draft, company: CompanyID, by actor: UserID) async throws -> Bool {
        guard !shipment.shipmentStatus.isReleased else { throw Self.releasedNotEditable(shipment) }
        var draft = draft
        // Whether it is LTL, and its lock, are not this form's: kept as they are.
        draft.lessThanTruckload = shipment.isLessThanTruckload
        draft.lockID = nil
        let valid = try await validate(draft, company: company, editing: shipment.shipmentID)
        let now = app.clock.now()
        return try await decidingAgainOnConflict(logger: app.logger, what: "changing a shipment") {
            try await app.writeGate.transaction(on: db) { tx in
                let sql = tx as! any SQLDatabase
                let queries = ShipmentQueries(tx)
                guard let current = try await queries.shipment(company: company, id: shipment.shipmentID) else { throw TrustlaneError.notFound }
                guard !current.shipmentStatus.isReleased else { throw Self.releasedNotEditable(current) }
                let partnersBefore = try await queries.partners(company: company, shipment: shipment.shipmentID).map(\.id)
                let before = Self.editFields(current, partners: partnersBefore)
                let after = Self.editFields(valid)
                let changed = after.keys.sorted().filter { (before[$0] ?? nil) != (after[$0] ?? nil) }
                guard !changed.isEmpty else { return false }
                if try await queries.referenceTaken(company: company, key: valid.reference.lowercased(), except: shipment.shipmentID) {
                    throw ValidationFailure([Self.referenceTaken(valid.reference)])
                }
                let updated = try await sql.raw("""
                UPDATE shipments SET reference = \(bind: valid.reference), reference_key = \(bind: valid.reference.lowercased()),
                document_numbers = \(bind: valid.documentNumbers), container_number = \(bind: valid.container?.rawValue),
                tractor_plate = \(bind: valid.tractorPlate), trailer_plate = \(bind: valid.trailerPlate),
                inspection_id = \(bind: valid.inspection?.inspection_id), origin = \(bind: valid.origin), destination = \(bind: valid.destination),
                consignee_name = \(bind: valid.consigneeName), consignee_email = \(bind: valid.consigneeEmail)
                WHERE company_id = \(bind: company.rawValue) AND id = \(bind: shipment.id) AND status = \(bind: ShipmentStatus.open.rawValue)
                RETURNING id
                """).all()
                guard !updated.isEmpty else { throw Self.releasedNotEditable(current) }
                if changed.contains("partners") {
                    try await sql.raw("""
                    DELETE FROM shipment_partners WHERE company_id = \(bind: company.rawValue) AND shipment_id = \(bind: shipment.id)
                    """).run()
                    try await Self.insertPartners(valid.partners, shipment: shipment.shipmentID, company: company, on: sql)
                }
                if valid.reference != current.reference {
                    // The stock shows which shipment a seal is on by its reference: the seals on this one follow.
                    try await sql.raw("""
                    UPDATE seals SET shipment_reference = \(bind: valid.reference)
                    WHERE company_id = \(bind: company.rawValue)
                    AND number IN (SELECT number FROM shipment_seals WHERE company_id = \(bind: company.rawValue) AND shipment_id = \(bind: shipment.id))
                    """).run()
                }
                try await AuditLog.append(AuditEvent(action: "shipment.edited", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: before.filter { changed.contains($0.key) },
                                                                                  after: after.filter { changed.contains($0.key) })),
                                          by: actor, on: tx, at: now)
                return true
            }
        }
    }

    static func partnerList(_ ids: [UUID]) -> String? {
        ids.isEmpty ? nil : ids.map { $0.uuidString.lowercased() }.sorted().joined(separator: ", ")
    }

    /// What the edit form changes, as the audit trail names it: from the stored record ...
    static func editFields(_ row: ShipmentQueries.Row, partners: [UUID]) -> [String: String?] {
        ["reference": row.reference, "documents": row.document_numbers, "container_number": row.container_number,
         "tractor_plate": row.tractor_plate, "trailer_plate": row.trailer_plate, "inspection": row.inspection_id?.uuidString.lowercased(),
         "origin": row.origin, "destination": row.destination, "consignee": row.consignee_name, "consignee_email": row.consignee_email,
         "partners": partnerList(partners)]
    }

    /// ... and from the checked draft.
    static func editFields(_ valid: Valid) -> [String: String?] {
        ["reference": valid.reference, "documents": valid.documentNumbers, "container_number": valid.container?.rawValue,
         "tractor_plate": valid.tractorPlate, "trailer_plate": valid.trailerPlate, "inspection": valid.inspection?.inspection_id.uuidString.lowercased(),
         "origin": valid.origin, "destination": valid.destination, "consignee": valid.consigneeName, "consignee_email": valid.consigneeEmail,
         "partners": partnerList(valid.partners)]
    }
}
