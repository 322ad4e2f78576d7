import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// The seal log's moves that shipments make (affix, verify, arrive), written the way the stock's
/// own moves are: the `seals` row (inserted when the seal leaves stock) and one `seal_events` row
/// a move, through Core's state machine. Called inside the caller's transaction, so a shipment's
/// row and the seal's log are saved together or not at all.
extension SealStockService {
    /// A seal of the company, read inside the transaction: its batch and its row (nil in stock).
    struct SealOnHand: Sendable {
        let number: SealNumber
        let batch: SealStockQueries.Batch
        let row: SealStockQueries.Seal?
        var state: SealState { row?.sealState ?? .received }
    }

    /// The seal, or a refusal naming it when no batch of the company holds it.
    static func sealOnHand(_ seal: SealNumber, company: CompanyID, on db: any Database) async throws -> SealOnHand {
        let queries = SealStockQueries(db)
        guard let batch = try await queries.batch(company: company, containing: seal) else { throw ValidationFailure([notReceived(seal)]) }
        return SealOnHand(number: seal, batch: batch, row: try await queries.seal(company: company, number: seal))
    }

    /// Applies `events` in turn from the seal's state; refused (nothing written) when the state
    /// machine does not allow one. Returns the final state.
    @discardableResult
    static func move(_ seal: SealOnHand, through events: [SealEvent], issuedTo: String?, shipment: String?, company: CompanyID, by actor: UserID,
                     now: Date, on sql: any SQLDatabase) async throws -> SealState {
        var state = seal.state
        var steps: [(SealEvent, SealState, SealState)] = []
        for event in events {
            switch state.applying(event, seal: seal.number) {
            case .success(let next): steps.append((event, state, next)); state = next
            case .failure(let error): throw ValidationFailure([error])
            }
        }
        let person = issuedTo ?? seal.row?.issued_to
        if seal.row == nil {
            try await sql.raw("""
            INSERT INTO seals (company_id, batch_id, number, state, issued_to, shipment_reference, updated_at)
            VALUES (\(bind: company.rawValue), \(bind: seal.batch.id), \(bind: seal.number.rawValue), \(bind: state.rawValue), \(bind: person),
            \(bind: shipment), \(bind: now))
            """).run()
        } else {
            try await sql.raw("""
            UPDATE seals SET state = \(bind: state.rawValue), updated_at = \(bind: now), issued_to = \(bind: person),
            shipment_reference = \(bind: shipment ?? seal.row?.shipment_reference)
            WHERE company_id = \(bind: company.rawValue) AND number = \(bind: seal.number.rawValue)
            """).run()
        }
        for (event, from, to) in steps {
            try await insertEvent(company: company, batch: seal.batch.id, seal: seal.number, event: event, from: from, to: to,
                                  issuedTo: event == .issue ? person : nil, shipment: shipment, reason: nil, actor: actor, now: now, on: sql)
        }
        return state
    }
}
