import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Moves a profile to a newer catalog version (one whose `replaces` names the profile's), by
/// that version's mapping: answers, their history, evidence links, review comments, corrective
/// actions and validation findings are re-keyed from each old criterion id to its new one.
/// A criterion folded into another hands over its answer when the host has none; otherwise its
/// status and text are appended to the host's narrative as a new version of the host's answer.
/// The whole move is one transaction with one audit entry that keeps every moved answer as it
/// was, so nothing recorded against the old version is lost. Snapshots already submitted stay
/// as submitted. A reviewer's decision on a "not applicable" claim moves with the answer it was
/// made on; one on a folded answer merged into its host stays under the old id, as history.
struct ProfileUpgradeService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// What an upgrade would do to this profile, for the preview.
    struct Preview: Sendable {
        struct Move: Sendable {
            let from: Criterion
            let to: Criterion
            /// The profile has an answer (anything but unanswered) on the old criterion.
            let answered: Bool
        }
        let from: Catalog
        let to: Catalog
        let renumbered: [Move]
        let folded: [Move]
        /// Criteria in scope kept under their id whose text changed (summary, guidance, level ...).
        let changed: [CatalogDiff.Change]
        /// Criteria the profile gets a new, unanswered row for.
        let added: [Criterion]
    }

    /// An answer row nobody has touched: unanswered and without words.
    static func isBlank(_ row: ProfileAnswerModel) -> Bool {
        row.status == AnswerStatus.unanswered.rawValue && row.narrative.isEmpty
    }

    /// The newest version that replaces the profile's, if any.
    static func successor(of catalog: Catalog, in registry: CatalogRegistry) -> CatalogRegistry.Entry? {
        registry.all.last { $0.catalog.replaces == catalog.id }
    }

    func preview(_ context: ProfileContext, to entry: CatalogRegistry.Entry) async throws -> Preview {
        let upgrade = CatalogUpgrade(from: context.catalog, to: entry.catalog)
        let rows = try await ProfileAnswerModel.query(on: db).filter(\.$profile.$id == context.id).all()
        let answered = Set(rows.filter { !Self.isBlank($0) }.map(\.criterionID))
        let present = Set(rows.map(\.criterionID))
        var renumbered: [Preview.Move] = []
        var folded: [Preview.Move] = []
        for criterion in context.catalog.criteria where present.contains(criterion.id.rawValue) {
            switch upgrade.fate(of: criterion.id) {
            case .renumbered(let to):
                if let target = entry.catalog.criterion(id: to) {
                    renumbered.append(.init(from: criterion, to: target, answered: answered.contains(criterion.id.rawValue)))
                }
            case .folded(let into):
                if let target = entry.catalog.criterion(id: into) {
                    folded.append(.init(from: criterion, to: target, answered: answered.contains(criterion.id.rawValue)))
                }
            case .kept, .unplaced: break
            }
        }
        let diff = CatalogDiff(old: context.catalog, new: entry.catalog)
        let changed = diff.changed.filter { present.contains($0.id.rawValue) }
        let targets = Set(rows.compactMap { CriterionID($0.criterionID).flatMap(upgrade.target(of:)) })
        let added = entry.index.criteria(for: Set(context.entityTypes)).map(\.criterion).filter { !targets.contains($0.id) }
        return Preview(from: context.catalog, to: entry.catalog, renumbered: renumbered, folded: folded, changed: changed, added: added)
    }

    /// Performs the upgrade; refuses a version that does not replace the profile's, or one that
    /// has no place for a criterion the profile holds.
    func upgrade(_ context: ProfileContext, to catalogID: String?, by actor: UserID?) async throws -> ProfileContext {
        guard let catalogID, !catalogID.isEmpty else {
            throw ValidationFailure([FieldError(field: "catalog_id", messageKey: "profile.error.upgrade_target",
                                                message: "catalog_id names the version to move to")])
        }
        guard let entry = app.catalogs.entry(catalogID), entry.catalog.replaces == context.catalog.id else {
            throw ValidationFailure([FieldError(field: "catalog_id", messageKey: "profile.error.upgrade_target",
                                                message: "catalog_id must name a version that replaces \(context.catalog.id)")])
        }
        let upgrade = CatalogUpgrade(from: context.catalog, to: entry.catalog)
        let now = app.clock.now()
        let profileID = context.id
        let company = context.companyID
        let newScope = entry.index.criteria(for: Set(context.entityTypes)).map(\.criterion.id.rawValue)
        let profile = try await app.writeGate.transaction(on: db) { tx -> SecurityProfileModel in
            guard let profile = try await SecurityProfileModel.find(profileID, on: tx), profile.catalogID == context.catalog.id else {
                throw TrustlaneError(status: .conflict, key: "profile.error.upgraded",
                                     message: "The profile was moved to another catalog version meanwhile; reload the page")
            }
            let sql = tx as! any SQLDatabase
            var rows = Dictionary(try await ProfileAnswerModel.query(on: tx).filter(\.$profile.$id == profileID).all().map { ($0.criterionID, $0) },
                                  uniquingKeysWith: { first, _ in first })
            let unplaced = rows.keys.compactMap(CriterionID.init).filter { upgrade.fate(of: $0) == .unplaced }
            guard unplaced.isEmpty else {
                throw TrustlaneError(status: .conflict, key: "profile.error.upgrade_unplaced",
                                     message: "\(entry.catalog.id) has no place for \(unplaced.map(\.rawValue).joined(separator: ", ")); it cannot replace \(context.catalog.id) for this profile")
            }
            var moved: [[String: String]] = []
            var renamed: [String: String] = [:]
            // Old ids in catalog order, so folds into the same host append in a stable order.
            for criterion in context.catalog.criteria {
                let old = criterion.id.rawValue
                guard let row = rows[old], let target = upgrade.target(of: criterion.id), target != criterion.id else { continue }
                let new = target.rawValue
                renamed[old] = new
                moved.append(["from": old, "to": new, "status": row.status, "narrative": row.narrative,
                              "not_applicable_reason": row.notApplicableReason ?? "", "responsible": row.responsible ?? "",
                              "version": String(row.version)])
                let hostIsEmpty = rows[new].map(Self.isBlank) ?? true
                if hostIsEmpty {
                    // The old answer becomes the new criterion's, history and all.
                    if let host = rows[new] { try await host.delete(on: tx) }
                    row.criterionID = new
                    try await row.save(on: tx)
                    try await sql.update("profile_answer_history").set("criterion_id", to: SQLBind(new))
                        .where("profile_id", .equal, SQLBind(profileID)).where("criterion_id", .equal, SQLBind(old)).run()
                    // A reviewer's decision on a "not applicable" claim follows the answer it was made on
                    // (same version); the host has none of its own, so sequences cannot collide.
                    struct Count: Decodable { let n: Int }
                    let hostDecisions = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                        .from("not_applicable_decisions").where("profile_id", .equal, SQLBind(profileID))
                        .where("criterion_id", .equal, SQLBind(new)).first(decoding: Count.self)?.n ?? 0
                    if hostDecisions == 0 {
                        try await sql.update("not_applicable_decisions").set("criterion_id", to: SQLBind(new))
                            .where("profile_id", .equal, SQLBind(profileID)).where("criterion_id", .equal, SQLBind(old)).run()
                    }
                    rows[new] = row
                } else if let host = rows[new] {
                    // Both answered: the host keeps its status and gains the old answer's words.
                    let title = criterion.title
                    var addition = "[\(old) \(title), \(row.status)]"
                    if !row.narrative.isEmpty { addition += " \(row.narrative)" }
                    if let reason = row.notApplicableReason, !reason.isEmpty { addition += " (\(reason))" }
                    if Self.isBlank(row) { addition = "" }
                    if !addition.isEmpty {
                        host.narrative = host.narrative.isEmpty ? addition : host.narrative + "\n\n" + addition
                        host.version += 1
                        host.updatedBy = actor?.rawValue
                        host.updatedAt = now
                        try await host.save(on: tx)
                        let history = ProfileAnswerHistoryModel()
                        history.profileID = profileID
                        history.criterionID = new
                        history.version = host.version
                        history.status = host.status
                        history.narrative = host.narrative
                        history.notApplicableReason = host.notApplicableReason
                        history.responsible = host.responsible
                        history.evidence = "[]"
                        history.changedBy = actor?.rawValue
                        history.changedAt = now
                        try await history.create(on: tx)
                    }
                    try await row.delete(on: tx)
                }
                rows[old] = nil
                // Evidence links follow; a file already linked to the host is kept once.
                let hostFiles = Set(try await EvidenceLinkModel.query(on: tx).filter(\.$profileID == profileID).filter(\.$criterionID == new).all().map(\.evidenceID))
                for link in try await EvidenceLinkModel.query(on: tx).filter(\.$profileID == profileID).filter(\.$criterionID == old).all() {
                    if hostFiles.contains(link.evidenceID) {
                        try await link.delete(on: tx)
                    } else {
                        link.criterionID = new
                        try await link.save(on: tx)
                    }
                }
                try await sql.update("review_comments").set("criterion_id", to: SQLBind(new))
                    .where("profile_id", .equal, SQLBind(profileID)).where("criterion_id", .equal, SQLBind(old)).run()
            }
            // Corrective actions list criteria by id.
            if !renamed.isEmpty {
                for action in try await CorrectiveActionModel.query(on: tx).filter(\.$company.$id == company.rawValue).all() {
                    let ids = action.criteria.split(separator: ",").map(String.init)
                    let mapped = ids.map { renamed[$0] ?? $0 }
                    var seen = Set<String>()
                    let unique = mapped.filter { seen.insert($0).inserted }
                    if unique != ids {
                        action.criteria = unique.joined(separator: ",")
                        action.version += 1
                        action.updatedAt = now
                        try await action.save(on: tx)
                    }
                }
                // Validation findings of the company's applications.
                struct FindingRow: Decodable { let id: UUID; let state: String }
                let findings = try await sql.select().column(SQLColumn("id", table: "f")).column(SQLColumn("state", table: "f"))
                    .from(SQLAlias(SQLIdentifier("validation_findings"), as: SQLIdentifier("f")))
                    .join(SQLAlias(SQLIdentifier("validations"), as: SQLIdentifier("v")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "v"), .equal, SQLColumn("validation_id", table: "f"))
                    .join(SQLAlias(SQLIdentifier("membership_applications"), as: SQLIdentifier("a")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "a"), .equal, SQLColumn("application_id", table: "v"))
                    .where(SQLColumn("company_id", table: "a"), .equal, SQLBind(company.rawValue))
                    .all(decoding: FindingRow.self)
                for row in findings {
                    guard let finding = MembershipStore.decode(ValidationFinding.self, row.state), let new = renamed[finding.criterion],
                          let id = CriterionID(new) else { continue }
                    try await sql.update("validation_findings").set("criterion_id", to: SQLBind(new))
                        .set("state", to: SQLBind(MembershipStore.json(finding.moved(to: id)))).set("updated_at", to: SQLBind(now))
                        .where("id", .equal, SQLBind(row.id)).run()
                }
            }
            // Criteria the new version adds to the profile's scope start unanswered.
            let missing = newScope.filter { rows[$0] == nil }
            if !missing.isEmpty {
                var insert = sql.insert(into: "profile_answers").columns("id", "profile_id", "criterion_id", "status", "narrative", "version")
                for id in missing {
                    insert = insert.values([SQLBind(UUID.timeOrdered()), SQLBind(profileID), SQLBind(id), SQLBind(AnswerStatus.unanswered.rawValue), SQLBind(""), SQLBind(0)])
                }
                try await insert.run()
            }
            profile.catalogID = entry.catalog.id
            try await profile.save(on: tx)
            try await ProfileProgressCounters.refresh(profiles: [profileID], on: sql, catalogs: app.catalogs)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let movedJSON = String(decoding: try encoder.encode(moved), as: UTF8.self)
            try await AuditLog.append(AuditEvent(action: "profile.catalog_upgraded", targetType: "security_profile", targetID: profileID.uuidString,
                                                 companyID: company,
                                                 changes: [FieldChange(field: "catalog_id", before: context.catalog.id, after: entry.catalog.id),
                                                           FieldChange(field: "moved_answers", before: movedJSON, after: nil),
                                                           FieldChange(field: "added_criteria", before: nil, after: missing.joined(separator: ","))]),
                                      by: actor, on: tx, at: now)
            return profile
        }
        return try ProfileContext(profile: profile, registry: app.catalogs)
    }
}
