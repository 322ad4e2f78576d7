import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// Reads of the seal stock through SQLKit into small structs. A seal of a received range with
/// no row in `seals` is in stock, so the reads that speak of one seal find its batch by range
/// (one indexed query) and its row, if any, by number.
package struct SealStockQueries {
    let sql: any SQLDatabase

    package init(_ db: any Database) { sql = db as! any SQLDatabase }

    /// One received batch.
    package struct Batch: Decodable, Sendable {
        let id: UUID
        let prefix: String
        let width: Int
        let first_value: Int
        let last_value: Int
        let seal_count: Int
        let first_number: String
        let last_number: String
        let seal_class: String
        let seal_type: String?
        let maker: String
        let storage_place: String
        let custodian_id: UUID?
        let custodian_name: String?
        let certificate_evidence_id: UUID?
        let certificate_title: String?
        let certificate_expires_at: Date?
        let certificate_expires: String?
        let received_on: String
        let created_at: Date

        /// The stored range (stored rows were valid when written).
        var range: SealRange {
            // Both ends were checked on receipt; rebuilt from the stored numbers.
            try! SealRange(first: SealNumber(first_number), last: SealNumber(last_number))
        }

        /// The batch as Core's type, for the overlap check and the audit.
        var sealBatch: SealBatch {
            SealBatch(id: SealBatchID(id), range: range, sealClass: SealClass(rawValue: seal_class) ?? .highSecurity,
                      sealType: seal_type.flatMap(SealType.init(rawValue:)), maker: maker,
                      certificateExpires: certificate_expires.flatMap { ProgramDay($0) }, receivedOn: ProgramDay(received_on) ?? ProgramDay(created_at))
        }
    }

    static let batchColumns = """
    b.id, b.prefix, b.width, b.first_value, b.last_value, b.seal_count, b.first_number, b.last_number, b.seal_class, b.seal_type, b.maker, \
    b.storage_place, b.custodian_id, u.name AS custodian_name, b.certificate_evidence_id, e.title AS certificate_title, e.expires_at AS certificate_expires_at, b.certificate_expires, \
    b.received_on, b.created_at
    """
    static let batchFrom = """
    seal_batches b LEFT JOIN users u ON u.id = b.custodian_id LEFT JOIN evidence_files e ON e.id = b.certificate_evidence_id
    """

    /// The company's batches, newest first.
    package func batches(company: CompanyID) async throws -> [Batch] {
        try await sql.raw("""
        SELECT \(unsafeRaw: Self.batchColumns) FROM \(unsafeRaw: Self.batchFrom)
        WHERE b.company_id = \(bind: company.rawValue) ORDER BY b.received_on DESC, b.created_at DESC
        """).all(decoding: Batch.self)
    }

    package func batch(company: CompanyID, id: UUID) async throws -> Batch? {
        try await sql.raw("""
        SELECT \(unsafeRaw: Self.batchColumns) FROM \(unsafeRaw: Self.batchFrom)
        WHERE b.company_id = \(bind: company.rawValue) AND b.id = \(bind: id)
        """).first(decoding: Batch.self)
    }

    /// The batch whose range holds `seal`: same prefix and width, the number within.
    package func batch(company: CompanyID, containing seal: SealNumber) async throws -> Batch? {
        guard let parts = seal.numericPart, let value = Int(parts.digits) else { return nil }
        return try await sql.raw("""
        SELECT \(unsafeRaw: Self.batchColumns) FROM \(unsafeRaw: Self.batchFrom)
        WHERE b.company_id = \(bind: company.rawValue) AND b.prefix = \(bind: String(parts.prefix)) AND b.width = \(bind: parts.digits.count)
        AND b.first_value <= \(bind: value) AND b.last_value >= \(bind: value)
        """).first(decoding: Batch.self)
    }

    /// Seals per state per batch, for the seals that have a row (the rest are in stock).
    package func stateCounts(company: CompanyID) async throws -> [UUID: [SealState: Int]] {
        struct Row: Decodable { let batch_id: UUID; let state: String; let n: Int }
        var counts: [UUID: [SealState: Int]] = [:]
        for row in try await sql.raw("""
        SELECT batch_id, state, COUNT(*) AS n FROM seals WHERE company_id = \(bind: company.rawValue) GROUP BY batch_id, state
        """).all(decoding: Row.self) {
            guard let state = SealState(rawValue: row.state) else { continue }
            counts[row.batch_id, default: [:]][state] = row.n
        }
        return counts
    }

    /// A seal's row, when it has left stock or changed state.
    package struct Seal: Decodable, Sendable {
        let batch_id: UUID
        let number: String
        let state: String
        let issued_to: String?
        let shipment_reference: String?
        let updated_at: Date

        var sealState: SealState { SealState(rawValue: state) ?? .received }
    }

    package func seal(company: CompanyID, number: SealNumber) async throws -> Seal? {
        try await sql.raw("""
        SELECT batch_id, number, state, issued_to, shipment_reference, updated_at FROM seals
        WHERE company_id = \(bind: company.rawValue) AND number = \(bind: number.rawValue)
        """).first(decoding: Seal.self)
    }

    /// A seal of the company: its batch, its row (nil while in stock) and its history.
    package struct FoundSeal: Sendable {
        let number: SealNumber
        let batch: Batch
        let row: Seal?
        let history: [Event]
        var state: SealState { row?.sealState ?? .received }
    }

    /// One entry of a seal's history.
    package struct Event: Decodable, Sendable {
        let id: UUID
        let event: String
        let from_state: String
        let to_state: String
        let issued_to: String?
        let shipment_reference: String?
        let reason: String?
        let actor_name: String?
        let at: Date
    }

    /// A seal's history, oldest first.
    package func events(company: CompanyID, number: SealNumber) async throws -> [Event] {
        try await sql.raw("""
        SELECT s.id, s.event, s.from_state, s.to_state, s.issued_to, s.shipment_reference, s.reason, u.name AS actor_name, s.at
        FROM seal_events s LEFT JOIN users u ON u.id = s.actor_id
        WHERE s.company_id = \(bind: company.rawValue) AND s.number = \(bind: number.rawValue) ORDER BY s.at, s.id
        """).all(decoding: Event.self)
    }

    /// The seal log as the audit reads it: every seal with a row and its state.
    package func log(company: CompanyID) async throws -> [SealNumber: SealState] {
        struct Row: Decodable { let number: String; let state: String }
        var log: [SealNumber: SealState] = [:]
        for row in try await sql.raw("SELECT number, state FROM seals WHERE company_id = \(bind: company.rawValue)").all(decoding: Row.self) {
            guard let number = try? SealNumber(row.number), let state = SealState(rawValue: row.state) else { continue }
            log[number] = state
        }
        return log
    }

    /// The seals shipments carry (`shipment_seals`, M027), as the audit reconciles them. A seal
    /// voided, damaged or lost after it was affixed stays on the shipment's record but no longer
    /// seals the unit: the log accounts for it. A seal whose shipment's record retention removed
    /// still counts as used on it (`seals.removed_shipment_id`, M046).
    package func shipmentSeals(company: CompanyID) async throws -> [ShipmentSeal] {
        struct Row: Decodable { let shipment_id: UUID; let number: String }
        return try await sql.raw("""
        SELECT x.shipment_id, x.number FROM shipment_seals x LEFT JOIN seals l ON l.company_id = x.company_id AND l.number = x.number
        WHERE x.company_id = \(bind: company.rawValue)
        AND (l.state IS NULL OR l.state NOT IN (\(bind: SealState.void.rawValue), \(bind: SealState.damaged.rawValue), \(bind: SealState.lost.rawValue)))
        UNION ALL
        SELECT removed_shipment_id AS shipment_id, number FROM seals
        WHERE company_id = \(bind: company.rawValue) AND removed_shipment_id IS NOT NULL
        AND state NOT IN (\(bind: SealState.void.rawValue), \(bind: SealState.damaged.rawValue), \(bind: SealState.lost.rawValue))
        """)
            .all(decoding: Row.self).compactMap { row in (try? SealNumber(row.number)).map { ShipmentSeal(shipment: ShipmentID(row.shipment_id), seal: $0) } }
    }

    /// The numbers that are out of stock (a row in any state but received).
    package func outOfStock(company: CompanyID) async throws -> Set<String> {
        struct Row: Decodable { let number: String }
        return Set(try await sql.raw("""
        SELECT number FROM seals WHERE company_id = \(bind: company.rawValue) AND state <> \(bind: SealState.received.rawValue)
        """).all(decoding: Row.self).map(\.number))
    }

    /// A member of the company, as the custodian list offers them.
    package struct Member: Decodable, Sendable {
        let id: UUID
        let name: String
        let email: String
    }

    package func members(company: CompanyID) async throws -> [Member] {
        try await sql.raw("""
        SELECT u.id, u.name, u.email FROM company_members m JOIN users u ON u.id = m.user_id
        WHERE m.company_id = \(bind: company.rawValue) ORDER BY u.name, u.email
        """).all(decoding: Member.self)
    }
}
