import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Creating assessments (the first empty, later ones copied from the latest, keeping chain and
/// node ids) and documenting them (step 5: dates, participants, unrated policy).
package struct RiskAssessmentService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// What a person asks for when starting an assessment: all optional.
    package struct CreateInput: Sendable {
        var title: String?
        var assessedOn: String?
        var nextReviewOn: String?

        package init(title: String? = nil, assessedOn: String? = nil, nextReviewOn: String? = nil) {
            self.title = title
            self.assessedOn = assessedOn
            self.nextReviewOn = nextReviewOn
        }
    }

    static let maxTitleLength = 200

    package func create(company: CompanyID, _ input: CreateInput, by actor: UserID?) async throws -> UUID {
        let now = app.clock.now()
        var errors: [FieldError] = []
        let title = Check.text(input.title, field: "title", max: Self.maxTitleLength, required: false, into: &errors)
        let assessedOn = try Self.day(input.assessedOn, field: "assessed_on", default: now, errors: &errors)
        let nextReview = try Self.day(input.nextReviewOn, field: "next_review_on", default: nil, errors: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let latest = try await RiskQueries(db).assessments(of: company).first
        let record = latest.map { RiskMethodRecord.decode($0.method) } ?? .standard
        // Participants are named in step 5; everything else about the dates is checked now.
        if case .failure(let failure) = AssessmentDocument.validate(companyID: company, method: record.method, assessedOn: assessedOn ?? now,
                                                                    nextReviewOn: nextReview, today: now) {
            let dateErrors = failure.errors.filter { $0.field != "participants" }
            if !dateErrors.isEmpty { throw ValidationFailure(dateErrors) }
        }
        let day = assessedOn ?? now
        let id = UUID()
        var previousChains: [SupplyChain] = []
        var previousRatings: [RiskQueries.VulnerabilityRow] = []
        if let latest {
            previousChains = try await RiskQueries(db).chains(of: latest.id)
            previousRatings = try await RiskQueries(db).vulnerabilityRatings(of: latest.id)
        }
        let chainsToCopy = previousChains, ratingsToCopy = previousRatings
        try await app.writeGate.transaction(on: db) { tx in
            // An unknown company is a 404, not a foreign-key failure half-way through the inserts.
            guard try await CompanyModel.find(company.rawValue, on: tx) != nil else { throw TrustlaneError.notFound }
            let model = RiskAssessmentModel()
            model.id = id
            model.companyID = company.rawValue
            model.title = title ?? "Risk assessment \(ProgramDay.text(day))"
            model.assessedOn = ProgramDay.text(day)
            model.nextReviewOn = ProgramDay.text(nextReview ?? AssessmentDocument.latestReview(after: day))
            model.previousID = latest?.id
            model.method = record.json
            model.createdBy = actor?.rawValue
            model.createdAt = now
            model.updatedAt = now
            try await model.create(on: tx)
            for (position, chain) in chainsToCopy.enumerated() {
                try await SupplyChainService.insert(chain, position: position, assessment: id, on: tx)
            }
            for row in ratingsToCopy {
                let copy = VulnerabilityRatingModel()
                copy.assessmentID = id
                copy.nodeID = row.node_id
                copy.category = row.category
                copy.levelKey = row.level_key
                copy.proposedKey = row.proposed_key
                copy.reason = row.reason
                copy.ratedAt = row.rated_at
                copy.ratedBy = row.rated_by
                try await copy.create(on: tx)
            }
            try await AuditLog.append(AuditEvent(action: "risk_assessment.created", targetType: "risk_assessment", targetID: id.uuidString,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: [
                                                     "title": model.title, "assessed_on": model.assessedOn,
                                                     "next_review_on": model.nextReviewOn, "copied_from": latest?.id.uuidString,
                                                 ])),
                                      by: actor, on: tx, at: now)
        }
        return id
    }

    /// Step 5 as typed.
    struct DocumentInput: Sendable {
        var title: String?
        var assessedOn: String?
        var nextReviewOn: String?
        var participants: [AssessmentParticipant.Draft]
        var unrated: String?
        /// Band thresholds on the assessment's scale: scores from `mediumFrom` are medium, from `highFrom` high.
        var mediumFrom: String? = nil
        var highFrom: String? = nil
        /// The threat level from which the screening flags a chain (a key or value of the scale);
        /// `nil` keeps the saved one, blank restores the default (the highest level).
        var screenFrom: String? = nil
    }

    func document(_ workspace: RiskWorkspace, _ input: DocumentInput, by actor: UserID?) async throws {
        let now = app.clock.now()
        var errors: [FieldError] = []
        let title = Check.text(input.title, field: "title", max: Self.maxTitleLength, into: &errors)
        let assessedOn = try Self.day(input.assessedOn, field: "assessed_on", default: nil, required: true, errors: &errors)
        let nextReview = try Self.day(input.nextReviewOn, field: "next_review_on", default: nil, errors: &errors)
        var unrated = workspace.record.unrated
        if let text = input.unrated, !text.isEmpty {
            if let policy = RiskScoring.UnratedPolicy(rawValue: text) { unrated = policy } else {
                errors.append(FieldError(field: "unrated", messageKey: "risk.ui.error_unrated",
                                         message: "unrated must be one of \(RiskScoring.UnratedPolicy.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        var participants: [AssessmentParticipant] = []
        switch AssessmentMethod.validateParticipants(input.participants) {
        case .success(let list): participants = list
        case .failure(let failure): errors += failure.errors
        }
        var record = workspace.record
        record.participants = participants
        record.unrated = unrated
        let medium = input.mediumFrom.flatMap { $0.isEmpty ? nil : $0 }
        let high = input.highFrom.flatMap { $0.isEmpty ? nil : $0 }
        if medium != nil || high != nil {
            let mediumValue = medium.flatMap { Int($0) }, highValue = high.flatMap { Int($0) }
            if medium != nil && mediumValue == nil { errors.append(FieldError(field: "medium_from", messageKey: "risk.ui.error_band", message: "medium_from must be a whole number")) }
            if high != nil && highValue == nil { errors.append(FieldError(field: "high_from", messageKey: "risk.ui.error_band", message: "high_from must be a whole number")) }
            if let mediumValue = mediumValue ?? (medium == nil ? record.bands.mediumFrom : nil),
               let highValue = highValue ?? (high == nil ? record.bands.highFrom : nil) {
                switch RiskBands.validate(mediumFrom: mediumValue, highFrom: highValue, scale: record.scale) {
                case .success(let bands): record.bands = bands
                case .failure(let failure): errors += failure.errors
                }
            }
        }
        if let screenFrom = input.screenFrom {
            switch ThreatScreening.Rule.validate(screenFrom, scale: record.scale) {
            case .success(let rule): record.screenFrom = rule.flagFrom.map(record.scale.key(of:))
            case .failure(let failure): errors += failure.errors
            }
        }
        if let assessedOn, errors.isEmpty,
           case .failure(let failure) = AssessmentDocument.validate(companyID: workspace.companyID, method: record.method, assessedOn: assessedOn,
                                                                    nextReviewOn: nextReview, today: now) {
            errors += failure.errors
        }
        guard errors.isEmpty, let title, let assessedOn else { throw ValidationFailure(errors) }
        let methodJSON = record.json
        let assessmentID = workspace.id
        let before: [String: String?] = ["title": workspace.assessment.title, "assessed_on": workspace.assessment.assessed_on,
                                         "next_review_on": workspace.assessment.next_review_on, "method": workspace.assessment.method]
        try await app.writeGate.transaction(on: db) { tx in
            guard let model = try await RiskAssessmentModel.find(assessmentID, on: tx) else { throw TrustlaneError.notFound }
            model.title = title
            model.assessedOn = ProgramDay.text(assessedOn)
            model.nextReviewOn = ProgramDay.text(nextReview ?? AssessmentDocument.latestReview(after: assessedOn))
            model.method = methodJSON
            model.updatedAt = now
            try await model.save(on: tx)
            let after: [String: String?] = ["title": model.title, "assessed_on": model.assessedOn, "next_review_on": model.nextReviewOn,
                                            "method": model.method]
            try await AuditLog.append(AuditEvent(action: "risk_assessment.documented", targetType: "risk_assessment",
                                                 targetID: assessmentID.uuidString, companyID: workspace.companyID,
                                                 changes: AuditRecord.changes(before: before, after: after)),
                                      by: actor, on: tx, at: now)
        }
    }

    /// A `YYYY-MM-DD` field: the default when blank, an error when unreadable.
    static func day(_ text: String?, field: String, default fallback: Date?, required: Bool = false,
                    errors: inout [FieldError]) throws -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if required && fallback == nil { errors.append(.required(field)) }
            return fallback
        }
        guard let date = ProgramDay.date(text) else {
            errors.append(FieldError(field: field, messageKey: "risk.ui.error_date", message: "\(field) must be a date as YYYY-MM-DD",
                                     arguments: ["value": text]))
            return nil
        }
        return date
    }
}
