import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Adding, replacing and deleting the supply chain maps of an assessment (step 1). Maps arrive
/// already checked (`ChainValidator`, `ChainCSV`); each write is whole: the chain row, its
/// nodes and legs, and an audit entry, or nothing.
package struct SupplyChainService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// Saves a new chain at the end of the assessment's list.
    package func add(_ chain: SupplyChain, to workspace: RiskWorkspace, by actor: UserID?) async throws {
        let now = app.clock.now()
        let assessmentID = workspace.id
        try await app.writeGate.transaction(on: db) { tx in
            let count = try await SupplyChainModel.query(on: tx).filter(\.$assessmentID == assessmentID).count()
            if try await SupplyChainModel.query(on: tx).filter(\.$assessmentID == assessmentID).filter(\.$chainID == chain.id.rawValue).first() != nil {
                throw ValidationFailure([FieldError(field: "id", messageKey: "risk.ui.error_chain_exists", message: "A chain with this id already exists")])
            }
            try await Self.insert(chain, position: count, assessment: assessmentID, on: tx)
            try await Self.touch(assessmentID, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "supply_chain.created", targetType: "supply_chain", targetID: chain.id.description,
                                                 companyID: workspace.companyID,
                                                 changes: AuditRecord.changes(before: [:], after: Self.auditFields(chain))),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Replaces a chain's map (same chain id); ratings of nodes no longer on the map go too.
    func replace(_ old: SupplyChain, with chain: SupplyChain, in workspace: RiskWorkspace, by actor: UserID?) async throws {
        let now = app.clock.now()
        let assessmentID = workspace.id
        let removedNodes = Set(old.nodes.map(\.id.rawValue)).subtracting(chain.nodes.map(\.id.rawValue))
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await SupplyChainModel.query(on: tx).filter(\.$assessmentID == assessmentID)
                .filter(\.$chainID == old.id.rawValue).first(), let rowID = row.id else { throw TrustlaneError.notFound }
            try await ChainNodeModel.query(on: tx).filter(\.$supplyChainID == rowID).delete()
            try await ChainLegModel.query(on: tx).filter(\.$supplyChainID == rowID).delete()
            if !removedNodes.isEmpty {
                try await VulnerabilityRatingModel.query(on: tx).filter(\.$assessmentID == assessmentID)
                    .filter(\.$nodeID ~~ Array(removedNodes)).delete()
            }
            row.name = chain.name
            row.productLine = chain.productLine
            try await row.save(on: tx)
            try await Self.insertParts(chain, row: rowID, assessment: assessmentID, on: tx)
            try await Self.touch(assessmentID, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "supply_chain.updated", targetType: "supply_chain", targetID: chain.id.description,
                                                 companyID: workspace.companyID,
                                                 changes: AuditRecord.changes(before: Self.auditFields(old), after: Self.auditFields(chain))),
                                      by: actor, on: tx, at: now)
        }
    }

    func delete(_ chain: SupplyChain, from workspace: RiskWorkspace, by actor: UserID?) async throws {
        let now = app.clock.now()
        let assessmentID = workspace.id
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await SupplyChainModel.query(on: tx).filter(\.$assessmentID == assessmentID)
                .filter(\.$chainID == chain.id.rawValue).first(), let rowID = row.id else { throw TrustlaneError.notFound }
            try await ChainNodeModel.query(on: tx).filter(\.$supplyChainID == rowID).delete()
            try await ChainLegModel.query(on: tx).filter(\.$supplyChainID == rowID).delete()
            try await VulnerabilityRatingModel.query(on: tx).filter(\.$assessmentID == assessmentID)
                .filter(\.$nodeID ~~ chain.nodes.map(\.id.rawValue)).delete()
            try await row.delete(on: tx)
            try await Self.touch(assessmentID, now: now, on: tx)
            try await AuditLog.append(AuditEvent(action: "supply_chain.deleted", targetType: "supply_chain", targetID: chain.id.description,
                                                 companyID: workspace.companyID,
                                                 changes: AuditRecord.changes(before: Self.auditFields(chain), after: [:])),
                                      by: actor, on: tx, at: now)
        }
    }

    static func insert(_ chain: SupplyChain, position: Int, assessment: UUID, on db: any Database) async throws {
        let row = SupplyChainModel(assessmentID: assessment, chain: chain, position: position)
        try await row.create(on: db)
        try await insertParts(chain, row: row.id!, assessment: assessment, on: db)
    }

    static func insertParts(_ chain: SupplyChain, row: UUID, assessment: UUID, on db: any Database) async throws {
        try await chain.nodes.enumerated().map { ChainNodeModel(row: row, assessmentID: assessment, node: $0.element, position: $0.offset) }
            .create(on: db)
        if !chain.legs.isEmpty {
            try await chain.legs.enumerated().map { ChainLegModel(row: row, assessmentID: assessment, leg: $0.element, position: $0.offset) }
                .create(on: db)
        }
    }

    static func touch(_ assessment: UUID, now: Date, on db: any Database) async throws {
        try await RiskAssessmentModel.query(on: db).filter(\.$id == assessment).set(\.$updatedAt, to: now).update()
    }

    /// The map in the audit trail: the CSV text, which says it all in one field.
    static func auditFields(_ chain: SupplyChain) -> [String: String?] {
        ["name": chain.name, "product_line": chain.productLine, "map": ChainCSV.write(chain)]
    }
}
