import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The lock of a less-than-truckload shipment (MSC 6.3, unverified: Core's
/// `LessThanTruckloadLock`): recorded while the unit makes its pickups, before the seal.
extension ShipmentService {
    /// Records (or replaces) the high-security lock closing an LTL unit during its pickups.
    /// Refused by name: a shipment that is not LTL, already released, or already sealed (the
    /// lock belongs to the pickups before the seal), or a lock number that does not read.
    /// A client key seen before on this shipment records nothing more (a phone's form sent twice).
    /// Returns whether this call recorded it.
    @discardableResult
    func recordLock(_ shipment: ShipmentQueries.Row, lockID text: String?, company: CompanyID, by actor: UserID,
                    clientKey: String? = nil) async throws -> Bool {
        let key = try ClientKey.parse(clientKey)
        let scope = shipment.shipmentID.description
        let digest = ClientKey.digest(["lock_id": text?.trimmingCharacters(in: .whitespaces)])
        if try await ClientSubmissions.replay(key, kind: .lockRecorded, scope: scope, digest: digest, company: company, on: db) != nil { return false }
        var errors: [FieldError] = []
        let lockID = LessThanTruckloadLock.parseID(text, required: true, into: &errors)
        if !shipment.isLessThanTruckload { errors.append(Self.lockNeedsLessThanTruckload) }
        if shipment.shipmentStatus.isReleased { errors.append(Self.notOpen(shipment, field: "lock_id")) }
        guard errors.isEmpty, let lockID else { throw ValidationFailure(errors) }
        let now = app.clock.now()
        return try await decidingAgainOnConflict(logger: app.logger, what: "recording a lock") {
            try await app.writeGate.transaction(on: db) { tx in
                if try await ClientSubmissions.replay(key, kind: .lockRecorded, scope: scope, digest: digest, company: company, on: tx) != nil { return false }
                // Read inside the transaction: a seal affixed meanwhile closes the pickups.
                let sealed = ShipmentQueries.sealing(try await ShipmentQueries(tx).seals(company: company, shipment: shipment.shipmentID))
                if let seal = sealed.first {
                    throw ValidationFailure([FieldError(field: "lock_id", messageKey: "shipments.error.lock_after_seal",
                                                        message: "seal \(seal) is already affixed: the lock is recorded for the pickups before the seal, not after",
                                                        arguments: ["seal": seal.rawValue])])
                }
                try await (tx as! any SQLDatabase).raw("""
                UPDATE shipments SET lock_id = \(bind: lockID), lock_recorded_at = \(bind: now), lock_recorded_by = \(bind: actor.rawValue)
                WHERE company_id = \(bind: company.rawValue) AND id = \(bind: shipment.id)
                """).run()
                try await AuditLog.append(AuditEvent(action: "shipment.lock_recorded", targetType: "shipment", targetID: shipment.shipmentID.description,
                                                     companyID: company,
                                                     changes: AuditRecord.changes(before: ["lock_id": shipment.lock_id], after: ["lock_id": lockID])),
                                          by: actor, on: tx, at: now)
                try await ClientSubmissions.record(key, kind: .lockRecorded, scope: scope, target: lockID, digest: digest, company: company, by: actor, at: now, on: tx)
                return true
            }
        }
    }
}
