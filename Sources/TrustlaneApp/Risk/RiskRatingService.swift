import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Rating threats (step 2: the company's library, reused across chains and assessments, a new
/// rating superseding the last of the same subject) and vulnerabilities (step 3: per node and
/// category of one chain, starting from the profile's proposal). All or nothing.
package struct RiskRatingService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// Checks every draft on the assessment's scale (fields `threats[i].level` ...) and saves those
    /// that differ from the current rating. Returns how many were saved.
    @discardableResult
    package func rateThreats(_ drafts: [ThreatRating.Draft], in workspace: RiskWorkspace, by actor: UserID?) async throws -> Int {
        let now = app.clock.now()
        let scale = workspace.scale
        var errors: [FieldError] = []
        var ratings: [ThreatRating] = []
        var seen: [ThreatRating.Subject: Int] = [:]
        if drafts.isEmpty {
            errors.append(FieldError(field: "threats", messageKey: "risk.ui.error_no_ratings", message: "Give at least one rating"))
        }
        for (index, draft) in drafts.enumerated() {
            switch ThreatRating.validate(draft, scale: scale, ratedAt: now, ratedBy: actor) {
            case .failure(let failure):
                errors += failure.errors.map { FieldError(field: "threats[\(index)].\($0.field)", messageKey: $0.messageKey,
                                                          message: "threats[\(index)]: \($0.message)", arguments: $0.arguments) }
            case .success(let rating):
                if let earlier = seen.updateValue(index, forKey: rating.subject) {
                    errors.append(FieldError(field: "threats[\(index)].category", messageKey: "risk.ui.error_threat_duplicate",
                                             message: "threats[\(index)] rates the same threat and place as threats[\(earlier)]"))
                }
                ratings.append(rating)
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let company = workspace.companyID
        let checked = ratings
        return try await app.writeGate.transaction(on: db) { tx in
            let current = try await ThreatRatingModel.query(on: tx).filter(\.$companyID == company.rawValue)
                .filter(\.$supersededAt == nil).all()
            var bySubject: [ThreatRating.Subject: ThreatRatingModel] = [:]
            for row in current {
                guard let country = CountryCode(row.country), let category = ThreatCategory(rawValue: row.category) else { continue }
                bySubject[ThreatRating.Subject(country: country, region: row.region, category: category)] = row
            }
            var saved = 0
            var changes: [String: String?] = [:]
            var before: [String: String?] = [:]
            for rating in checked {
                let old = bySubject[rating.subject]
                let key = scale.key(of: rating.level)
                if let old, old.levelKey == key, old.note == rating.note, old.source == rating.source { continue }
                if let old {
                    old.supersededAt = now
                    try await old.save(on: tx)
                }
                try await ThreatRatingModel(companyID: company.rawValue, rating: rating, scale: scale).create(on: tx)
                let label = "\(rating.country.code)\(rating.region.map { "/\($0)" } ?? "").\(rating.category.rawValue)"
                before[label] = old?.levelKey
                changes[label] = key
                saved += 1
            }
            if saved > 0 {
                try await AuditLog.append(AuditEvent(action: "risk.threats_rated", targetType: "threat_library", targetID: company.description,
                                                     companyID: company, changes: AuditRecord.changes(before: before, after: changes)),
                                          by: actor, on: tx, at: now)
            }
            return saved
        }
    }

    /// Replaces the vulnerability ratings of one chain's nodes with the drafts (a node and
    /// category left out becomes unrated).
    package func rateVulnerabilities(_ drafts: [VulnerabilityRating.Draft], chain: SupplyChain, in workspace: RiskWorkspace,
                             by actor: UserID?) async throws {
        let now = app.clock.now()
        let scale = workspace.scale
        let ratings = try VulnerabilityRating.validate(drafts, chain: chain, proposals: workspace.proposals, scale: scale,
                                                       applicability: workspace.method.applicability, ratedAt: now, ratedBy: actor).get()
        let assessmentID = workspace.id
        let nodeIDs = chain.nodes.map(\.id.rawValue)
        try await app.writeGate.transaction(on: db) { tx in
            try await VulnerabilityRatingModel.query(on: tx).filter(\.$assessmentID == assessmentID).filter(\.$nodeID ~~ nodeIDs).delete()
            if !ratings.isEmpty {
                try await ratings.map { VulnerabilityRatingModel(assessmentID: assessmentID, rating: $0, scale: scale) }.create(on: tx)
            }
            try await SupplyChainService.touch(assessmentID, now: now, on: tx)
            let after = Dictionary(ratings.map { rating in
                ("\(chain.node(id: rating.nodeID)?.key ?? "?").\(rating.category.number)", Optional(scale.key(of: rating.level)))
            }, uniquingKeysWith: { $1 })
            try await AuditLog.append(AuditEvent(action: "risk.vulnerabilities_rated", targetType: "supply_chain", targetID: chain.id.description,
                                                 companyID: workspace.companyID, changes: AuditRecord.changes(before: [:], after: after)),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Turns a proposal of the action plan into a corrective action in the shared list.
    /// The longest owner a corrective action takes.
    static let maxOwnerLength = 200

    /// Accepts one proposal of the action plan (the API's call).
    func acceptAction(key: String?, owner: String?, dueDate: String?, in workspace: RiskWorkspace, by actor: UserID?) async throws {
        try await acceptActions(keys: [key ?? ""], field: "key", owner: owner, dueDate: dueDate, in: workspace, by: actor)
    }

    /// Accepts the chosen proposals as corrective actions, all or none, one audit entry each.
    /// A given due date applies to every one; without one each is due on its proposed date.
    func acceptActions(keys: [String], field: String = "keys", owner: String?, dueDate: String?, in workspace: RiskWorkspace,
                       by actor: UserID?) async throws {
        let now = app.clock.now()
        var errors: [FieldError] = []
        let byKey = Dictionary(workspace.actions.map { (RiskWorkspace.sourceID($0.key), $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [ActionPlanProposal] = []
        var seen: Set<String> = []
        if keys.isEmpty {
            errors.append(FieldError(field: field, messageKey: "risk.ui.error_none_chosen", message: "\(field): tick at least one proposal of the action plan"))
        }
        for key in keys where seen.insert(key).inserted {
            guard let proposal = byKey[key] else {
                errors.append(FieldError(field: field, messageKey: "risk.ui.error_action_key",
                                         message: "\(field) must name a proposal of the action plan that has no open corrective action yet",
                                         arguments: ["value": key]))
                continue
            }
            chosen.append(proposal)
        }
        let ownerText = Check.text(owner, field: "owner", max: Self.maxOwnerLength, required: false, into: &errors)
        let due = try RiskAssessmentService.day(dueDate, field: "due_date", default: nil, errors: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let company = workspace.companyID, accepted = chosen
        try await app.writeGate.transaction(on: db) { tx in
            for proposal in accepted {
                try await CorrectiveActionService.insertOpened(company: company, title: proposal.title, notes: "", owner: ownerText,
                                                               dueDate: due ?? proposal.dueDate, source: "risk",
                                                               sourceID: RiskWorkspace.sourceID(proposal.key), by: actor, at: now, on: tx)
            }
        }
    }
}
