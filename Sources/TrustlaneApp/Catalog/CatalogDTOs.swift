import Foundation
import TrustlaneCore
import Vapor

struct CatalogSummaryResponse: Content, Sendable {
    let id: String
    let program: String
    let version: String
    let title: String
    let effectiveDate: String
    let criteria: Int
    let origin: String
    let digest: String
}

struct CatalogDetailResponse: Content, Sendable {
    struct Focus: Content, Sendable { let id: String; let title: String; let categories: [Int] }
    struct Category: Content, Sendable { let number: Int; let title: String; let focusArea: String }
    struct Condition: Content, Sendable { let id: String; let question: String }
    struct Coverage: Content, Sendable { let entityType: String; let listed: Int; let verified: Int }
    let summary: CatalogSummaryResponse
    let focusAreas: [Focus]
    let categories: [Category]
    let conditions: [Condition]
    let coverage: [Coverage]
}

struct CriterionResponse: Content, Sendable {
    let id: String
    let category: Int
    let title: String
    let summary: String
    let guidance: String
    let level: String
    let entityTypes: [String]
    /// The requested entity types that require it (all of them when none were requested).
    let requiredBy: [String]
    let condition: CatalogDetailResponse.Condition?
    let verifiedFor: [String]
    let note: String?
    /// `confirmed`, `public` or `local` for the requested entity types (all of its types when none were requested).
    let numbering: String
    /// The ids of the catalog's sources it rests on.
    let sources: [String]

    init(_ criterion: Criterion, requiredBy: Set<EntityType>? = nil) {
        id = criterion.id.rawValue
        category = criterion.categoryNumber
        title = criterion.title
        summary = criterion.summary
        guidance = criterion.guidance
        level = criterion.level.rawValue
        entityTypes = criterion.sortedEntityTypes.map(\.code)
        self.requiredBy = (requiredBy ?? criterion.entityTypes).sorted().map(\.code)
        condition = criterion.condition.map { .init(id: $0.id, question: $0.question) }
        verifiedFor = criterion.verifiedEntityTypes.sorted().map(\.code)
        note = criterion.note.isEmpty ? nil : criterion.note
        numbering = criterion.numbering(for: requiredBy ?? criterion.entityTypes).rawValue
        sources = criterion.sources
    }
}

struct EligibilityQuestionResponse: Content, Sendable {
    struct AskedIf: Content, Sendable { let question: String; let answer: Bool }
    let id: String
    let text: String
    let effect: String
    let reason: String
    let verified: Bool
    let askedIf: AskedIf?
}

struct EligibilityCheckResponse: Content, Sendable {
    let entityType: String
    let catalogId: String
    let status: String
    let reasons: [String]
    let missing: [String]
    let answers: [String: Bool]
    let answeredBy: String?
    let answeredAt: Date?
    let locked: Bool

    init(_ result: EligibilityService.Result) {
        entityType = result.entityType.code
        catalogId = result.catalogID
        status = result.outcome.status.rawValue
        reasons = result.outcome.reasons
        if case .incomplete(let missing) = result.outcome { self.missing = missing.map(\.rawValue) } else { missing = [] }
        answers = Dictionary(uniqueKeysWithValues: result.answers.values.map { ($0.key.rawValue, $0.value) })
        answeredBy = result.answeredBy
        answeredAt = result.answeredAt
        locked = result.locked
    }
}

struct AnswerEligibilityRequest: Content, Sendable {
    var answers: [String: Bool]
}

struct CatalogDiffResponse: Content, Sendable {
    struct Changed: Content, Sendable { let id: String; let fields: [String] }
    let old: String
    let new: String
    let added: [String]
    let removed: [String]
    let changed: [Changed]
}
