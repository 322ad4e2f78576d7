import Fluent
import TrustlaneCore
import Vapor

/// A company's eligibility check per entity type: answers saved with who and when, editable
/// until the company applies for that entity type.
struct EligibilityService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    struct Result: Sendable {
        let entityType: EntityType
        let catalogID: String
        let answers: EligibilityAnswers
        let outcome: EligibilityOutcome
        let answeredBy: String?
        let answeredAt: Date?
        let locked: Bool
    }

    /// The catalog whose eligibility rules a company answers: the newest CTPAT version.
    var catalog: CatalogRegistry.Entry {
        get throws {
            guard let entry = app.catalogs.latest() else { throw TrustlaneError.notFound }
            return entry
        }
    }

    func checks(of company: CompanyID) async throws -> [EntityType: Result] {
        let rows = try await EligibilityCheckModel.query(on: db).filter(\.$company.$id == company.rawValue).with(\.$answeredBy).all()
        var results: [EntityType: Result] = [:]
        for row in rows {
            guard let type = EntityType(rawValue: row.entityType) else { continue }
            results[type] = try Self.result(row, type: type, registry: app.catalogs)
        }
        return results
    }

    static func result(_ row: EligibilityCheckModel, type: EntityType, registry: CatalogRegistry) throws -> Result {
        let answers = (try? JSONDecoder().decode(EligibilityAnswers.self, from: Data(row.answers.utf8))) ?? EligibilityAnswers()
        let catalog = registry.entry(row.catalogID)?.catalog
        let outcome = catalog.map { EligibilityEvaluator.evaluate(entityType: type, answers: answers, catalog: $0) } ?? .incomplete(missing: [])
        return Result(entityType: type, catalogID: row.catalogID, answers: answers, outcome: outcome,
                      answeredBy: row.answeredBy?.email, answeredAt: row.answeredAt, locked: row.lockedAt != nil)
    }

    /// Saves answers (form or API) and returns the outcome. Unknown question ids are refused by name.
    func answer(company: CompanyID, entityType: EntityType, answers raw: [String: Bool], by actor: UserID?) async throws -> Result {
        let entry = try catalog
        let rules = entry.catalog.eligibilityRules(for: entityType)
        let known = Set(rules.questions.map(\.id.rawValue))
        let unknown = raw.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ValidationFailure(unknown.map { FieldError(field: "answers.\($0)", messageKey: "eligibility.error.unknown_question",
                                                             message: "answers.\($0) is not a question for \(entityType.code); known: \(known.sorted().joined(separator: ", "))",
                                                             arguments: ["question": $0]) })
        }
        let answers = EligibilityAnswers(Dictionary(uniqueKeysWithValues: raw.map { (EligibilityQuestionID($0.key), $0.value) }))
        let outcome = EligibilityEvaluator.evaluate(entityType: entityType, answers: answers, rules: rules)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let answersJSON = String(decoding: try encoder.encode(answers), as: UTF8.self)
        let reasonsJSON = String(decoding: try encoder.encode(outcome.reasons), as: UTF8.self)
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard try await CompanyModel.find(company.rawValue, on: tx) != nil else { throw TrustlaneError.notFound }
            let existing = try await EligibilityCheckModel.query(on: tx).filter(\.$company.$id == company.rawValue)
                .filter(\.$entityType == entityType.rawValue).first()
            if existing?.lockedAt != nil {
                throw TrustlaneError(status: .conflict, key: "eligibility.error.locked",
                                     message: "The company has applied as \(entityType.code); its eligibility answers can no longer change")
            }
            let row = existing ?? EligibilityCheckModel()
            let before: [String: String?] = ["answers": existing?.answers, "status": existing?.status]
            row.$company.id = company.rawValue
            row.entityType = entityType.rawValue
            row.catalogID = entry.catalog.id
            row.answers = answersJSON
            row.status = outcome.status.rawValue
            row.reasons = reasonsJSON
            row.$answeredBy.id = actor?.rawValue
            row.answeredAt = now
            try await row.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "eligibility.answered", targetType: "eligibility_check", targetID: entityType.code,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: before, after: ["answers": answersJSON, "status": outcome.status.rawValue])),
                                      by: actor, on: tx, at: now)
        }
        return Result(entityType: entityType, catalogID: entry.catalog.id, answers: answers, outcome: outcome,
                      answeredBy: nil, answeredAt: now, locked: false)
    }
}
