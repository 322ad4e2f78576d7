import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Reads of shipments through SQLKit into small structs: the list (newest first, 50 a page), one
/// shipment with its seals, checks, discrepancies and partners, and the choices the form offers.
/// A shipment's page reads a fixed number of queries whatever its seals.
struct ShipmentQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    static let pageSize = 50

    /// One shipment, as stored.
    struct Row: Decodable, Sendable {
        let id: UUID
        let reference: String
        let document_numbers: String
        let document_seal_numbers: String?
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let inspection_id: UUID?
        let origin: String
        let destination: String
        let consignee_name: String?
        let consignee_email: String?
        let consignee_notified_at: Date?
        let consignee_notified_seals: String?
        let status: String
        let released_at: Date?
        let released_by_name: String?
        let override_reason: String?
        let overridden_blocks: String?
        let created_by_name: String?
        let created_at: Date
        /// Nil on shipments recorded before LTL was kept: a full load.
        let less_than_truckload: Bool?
        let lock_id: String?
        let lock_recorded_at: Date?
        let lock_recorded_by_name: String?

        var shipmentID: ShipmentID { ShipmentID(id) }
        var shipmentStatus: ShipmentStatus { ShipmentStatus(rawValue: status) ?? .open }
        var isLessThanTruckload: Bool { less_than_truckload ?? false }
        /// The lock recorded for the pickups of an LTL shipment.
        var lock: LessThanTruckloadLock? { lock_id.map { LessThanTruckloadLock(lockID: $0, recordedAt: lock_recorded_at ?? created_at) } }
        var unitLabel: String { Self.unitLabel(container: container_number, tractor: tractor_plate, trailer: trailer_plate) }

        static func unitLabel(container: String?, tractor: String?, trailer: String?) -> String {
            if let container { return container }
            return [tractor, trailer].compactMap { $0 }.joined(separator: " / ")
        }
    }

    static let rowColumns: SQLQueryString = """
    s.id, s.reference, s.document_numbers, s.document_seal_numbers, s.container_number, s.tractor_plate, s.trailer_plate, s.inspection_id,
    s.origin, s.destination, s.consignee_name, s.consignee_email, s.consignee_notified_at, s.consignee_notified_seals, s.status, s.released_at,
    r.name AS released_by_name, s.override_reason, s.overridden_blocks, c.name AS created_by_name, s.created_at,
    s.less_than_truckload, s.lock_id, s.lock_recorded_at, k.name AS lock_recorded_by_name
    """

    func shipment(company: CompanyID, id: ShipmentID) async throws -> Row? {
        try await sql.raw("""
        SELECT \(Self.rowColumns) FROM shipments s LEFT JOIN users r ON r.id = s.released_by LEFT JOIN users c ON c.id = s.created_by
        LEFT JOIN users k ON k.id = s.lock_recorded_by
        WHERE s.company_id = \(bind: company.rawValue) AND s.id = \(bind: id.rawValue)
        """).first(decoding: Row.self)
    }

    /// A line of the list.
    struct ListRow: Decodable, Sendable {
        let id: UUID
        let reference: String
        let container_number: String?
        let tractor_plate: String?
        let trailer_plate: String?
        let origin: String
        let destination: String
        let status: String
        let seal_count: Int
        let created_at: Date

        var shipmentID: ShipmentID { ShipmentID(id) }
        var unitLabel: String { Row.unitLabel(container: container_number, tractor: tractor_plate, trailer: trailer_plate) }
    }

    struct Page: Sendable {
        let rows: [ListRow]
        /// Where the next page starts, when there is one.
        let next: Date?
    }

    /// The company's shipments, newest first, 50 at a time (`before`: the last time on the page before).
    func list(company: CompanyID, before: Date?) async throws -> Page {
        var query: SQLQueryString = """
        SELECT s.id, s.reference, s.container_number, s.tractor_plate, s.trailer_plate, s.origin, s.destination, s.status, s.created_at,
        (SELECT COUNT(*) FROM shipment_seals x WHERE x.shipment_id = s.id) AS seal_count
        FROM shipments s WHERE s.company_id = \(bind: company.rawValue)
        """
        if let before { query = query + " AND s.created_at < \(bind: before)" }
        query = query + " ORDER BY s.created_at DESC LIMIT \(unsafeRaw: String(Self.pageSize + 1))"
        let rows = try await sql.raw(query).all(decoding: ListRow.self)
        let shown = Array(rows.prefix(Self.pageSize))
        return Page(rows: shown, next: rows.count > Self.pageSize ? shown.last?.created_at : nil)
    }

    /// Whether another shipment of the company (not `except`) has the reference (its lower-case key).
    func referenceTaken(company: CompanyID, key: String, except: ShipmentID? = nil) async throws -> Bool {
        struct Found: Decodable { let id: UUID }
        let found = try await sql.raw("""
        SELECT id FROM shipments WHERE company_id = \(bind: company.rawValue) AND reference_key = \(bind: key)
        """).first(decoding: Found.self)
        guard let found else { return false }
        return found.id != except?.rawValue
    }

    /// A seal on the shipment, with its state in the seal log.
    struct SealRow: Decodable, Sendable {
        let id: UUID
        let number: String
        let batch_id: UUID
        let state: String?
        let photo_evidence_id: UUID?
        let photographed_at: Date?
        let affixed_by_name: String?
        let affixed_at: Date
        /// When the affixing reached the server, if not when it was done (`DoneAt`).
        let received_at: Date?

        var sealNumber: SealNumber? { try? SealNumber(number) }
        var sealState: SealState { state.flatMap(SealState.init(rawValue:)) ?? .affixed }
    }

    /// The numbers of the seals that still seal the unit: a seal voided, damaged or lost after it
    /// was affixed (cut for a customs examination, spoiled at the tug) stays on the record but
    /// no longer counts for the gate or the documents' match.
    static func sealing(_ rows: [SealRow]) -> [SealNumber] {
        rows.filter { ![.void, .damaged, .lost].contains($0.sealState) }.compactMap(\.sealNumber)
    }

    /// The 7.30 warnings for `documentText` (the documents' seal numbers as typed, or as stored
    /// when nil) against the seals now on the shipment; none while nothing is entered.
    func documentWarnings(company: CompanyID, shipment: Row, documentText: String? = nil) async throws -> [FieldError] {
        let text = documentText.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } ?? shipment.document_seal_numbers
        guard text != nil else { return [] }
        let affixed = Self.sealing(try await seals(company: company, shipment: shipment.shipmentID))
        return SealDocumentMatch.stored(affixed: affixed, documentText: text)?.warnings ?? []
    }

    func seals(company: CompanyID, shipment: ShipmentID) async throws -> [SealRow] {
        try await sql.raw("""
        SELECT x.id, x.number, x.batch_id, l.state, x.photo_evidence_id, x.photographed_at, u.name AS affixed_by_name, x.affixed_at, x.received_at
        FROM shipment_seals x LEFT JOIN seals l ON l.company_id = x.company_id AND l.number = x.number LEFT JOIN users u ON u.id = x.affixed_by
        WHERE x.company_id = \(bind: company.rawValue) AND x.shipment_id = \(bind: shipment.rawValue) ORDER BY x.affixed_at, x.number
        """).all(decoding: SealRow.self)
    }

    /// The shipment a seal is on, if any.
    func shipmentUsing(company: CompanyID, seal: SealNumber) async throws -> (id: ShipmentID, reference: String)? {
        struct Found: Decodable { let id: UUID; let reference: String }
        return try await sql.raw("""
        SELECT s.id, s.reference FROM shipment_seals x JOIN shipments s ON s.id = x.shipment_id
        WHERE x.company_id = \(bind: company.rawValue) AND x.number = \(bind: seal.rawValue)
        """).first(decoding: Found.self).map { (ShipmentID($0.id), $0.reference) }
    }

    /// A recorded VVTT check.
    struct CheckRow: Decodable, Sendable {
        let id: UUID
        let number: String
        let stage: String
        let steps: String
        let number_read: String
        let passed: Bool
        let checked_by_name: String?
        let checked_at: Date
        /// When the check reached the server, if not when it was done (`DoneAt`).
        let received_at: Date?

        var checkStage: SealCheckStage { SealCheckStage(rawValue: stage) ?? .departure }
        var storedSteps: [StoredCheckStep] { StoredCheckStep.decode(steps) }

        /// The check as Core's result (stored checks were valid when written): the gate reads it.
        var result: VVTTResult? {
            guard let seal = try? SealNumber(number) else { return nil }
            let draft = VVTTDraft(steps: storedSteps.map { .init(step: $0.step, passed: $0.passed, at: $0.at, note: $0.note) }, numberRead: number)
            return try? VVTTValidator.validate(draft, seal: seal).get()
        }
    }

    /// The shipment's checks, oldest first.
    func checks(company: CompanyID, shipment: ShipmentID) async throws -> [CheckRow] {
        try await sql.raw("""
        SELECT k.id, k.number, k.stage, k.steps, k.number_read, k.passed, u.name AS checked_by_name, k.checked_at, k.received_at
        FROM seal_checks k LEFT JOIN users u ON u.id = k.checked_by
        WHERE k.company_id = \(bind: company.rawValue) AND k.shipment_id = \(bind: shipment.rawValue) ORDER BY k.checked_at, k.id
        """).all(decoding: CheckRow.self)
    }

    /// A seal found at arrival not to be the one affixed.
    struct DiscrepancyRow: Decodable, Sendable {
        let id: UUID
        let number: String
        let number_read: String
        let stage: String
        let recorded_by_name: String?
        let recorded_at: Date
    }

    func discrepancies(company: CompanyID, shipment: ShipmentID) async throws -> [DiscrepancyRow] {
        try await sql.raw("""
        SELECT d.id, d.number, d.number_read, d.stage, u.name AS recorded_by_name, d.recorded_at
        FROM seal_discrepancies d LEFT JOIN users u ON u.id = d.recorded_by
        WHERE d.company_id = \(bind: company.rawValue) AND d.shipment_id = \(bind: shipment.rawValue) ORDER BY d.recorded_at
        """).all(decoding: DiscrepancyRow.self)
    }

    /// A business partner of the registry, as the form offers and the shipment names them.
    struct PartnerRow: Decodable, Sendable {
        let id: UUID
        let legal_name: String
    }

    func partners(company: CompanyID, shipment: ShipmentID) async throws -> [PartnerRow] {
        try await sql.raw("""
        SELECT p.id, p.legal_name FROM shipment_partners x JOIN business_partners p ON p.id = x.partner_id
        WHERE x.company_id = \(bind: company.rawValue) AND x.shipment_id = \(bind: shipment.rawValue) ORDER BY p.legal_name
        """).all(decoding: PartnerRow.self)
    }

    static let maxPartnerChoices = 200

    /// The registry's partners the form offers (the first 200 by name).
    func partnerChoices(company: CompanyID) async throws -> [PartnerRow] {
        try await sql.raw("""
        SELECT id, legal_name FROM business_partners WHERE company_id = \(bind: company.rawValue) ORDER BY legal_name LIMIT \(unsafeRaw: String(Self.maxPartnerChoices))
        """).all(decoding: PartnerRow.self)
    }

    /// Which of `ids` are partners of the company.
    func knownPartners(company: CompanyID, ids: [UUID]) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        var query: SQLQueryString = "SELECT id, legal_name FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id IN ("
        for (index, id) in ids.enumerated() { query = query + (index == 0 ? "" : ", ") + "\(bind: id)" }
        query = query + ")"
        return Set(try await sql.raw(query).all(decoding: PartnerRow.self).map(\.id))
    }
}

/// A VVTT step as stored in `seal_checks.steps`.
struct StoredCheckStep: Codable, Sendable {
    let step: String
    let passed: Bool
    let at: Date
    let note: String?

    static func encode(_ steps: [VVTTResult.Step]) -> String {
        let stored = steps.map { StoredCheckStep(step: $0.step.rawValue, passed: $0.passed, at: $0.at, note: $0.note) }
        return String(decoding: (try? JSONEncoder().encode(stored)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [StoredCheckStep] {
        (try? JSONDecoder().decode([StoredCheckStep].self, from: Data(text.utf8))) ?? []
    }
}
