import Crypto
import Fluent
import TrustlaneCore
import Vapor

/// `/api/v1/catalogs...` (public, with ETag caching) and a company's eligibility checks.
struct CatalogAPIController {
    static let maxSearchLength = 200

    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "catalogs", action: .browseCatalog, use: index)
        api.on(.GET, "catalogs", ":catalogID", action: .browseCatalog, use: show)
        api.on(.GET, "catalogs", ":catalogID", "criteria", action: .browseCatalog, use: criteria)
        api.on(.GET, "catalogs", ":catalogID", "criteria", ":criterionID", action: .browseCatalog, use: criterion)
        api.on(.GET, "catalogs", ":catalogID", "eligibility", ":entityType", action: .browseCatalog, use: questions)
        api.on(.GET, "catalog-diff", action: .browseCatalog, use: diff)
        api.on(.GET, "companies", ":companyID", "eligibility", action: .viewEligibility, use: checks)
        api.on(.PUT, "companies", ":companyID", "eligibility", ":entityType", action: .answerEligibility, use: answer)
    }

    static func summary(_ entry: CatalogRegistry.Entry) -> CatalogSummaryResponse {
        let catalog = entry.catalog
        let origin: String
        switch entry.origin {
        case .bundled: origin = "bundled"
        case .imported: origin = "imported"
        }
        return CatalogSummaryResponse(id: catalog.id, program: catalog.program, version: catalog.version, title: catalog.title,
                                      effectiveDate: catalog.effectiveDateText, criteria: catalog.criteria.count, origin: origin, digest: entry.digest)
    }

    /// Answers 304 when the client holds the current version; otherwise encodes with an ETag.
    /// The tag covers the catalog versions involved and the request's path and query.
    static func cached<T: Content>(_ req: Request, digests: [String], _ make: () throws -> T) throws -> Response {
        var hasher = SHA256()
        for digest in digests { hasher.update(data: Data(digest.utf8)) }
        hasher.update(data: Data(req.url.string.utf8))
        let tag = "\"" + Hex.lowercase(hasher.finalize().prefix(16)) + "\""
        if let sent = req.headers.first(name: .ifNoneMatch), sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag }) {
            let response = Response(status: .notModified)
            response.headers.replaceOrAdd(name: .eTag, value: tag)
            return response
        }
        let response = Response(status: .ok)
        try response.content.encode(make())
        response.headers.replaceOrAdd(name: .eTag, value: tag)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=0, must-revalidate")
        return response
    }

    static func entry(_ req: Request) throws -> CatalogRegistry.Entry {
        guard let id = req.parameters.get("catalogID"), let entry = req.application.catalogs.entry(id) else { throw TrustlaneError.notFound }
        return entry
    }

    @Sendable func index(req: Request) async throws -> Response {
        let entries = req.application.catalogs.all
        return try Self.cached(req, digests: entries.map(\.digest)) { entries.map(Self.summary) }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let entry = try Self.entry(req)
        return try Self.cached(req, digests: [entry.digest]) {
            let catalog = entry.catalog
            return CatalogDetailResponse(
                summary: Self.summary(entry),
                focusAreas: catalog.focusAreas.map { area in .init(id: area.id, title: area.title,
                                                                    categories: catalog.categories.filter { $0.focusAreaID == area.id }.map(\.number)) },
                categories: catalog.categories.map { .init(number: $0.number, title: $0.title, focusArea: $0.focusAreaID) },
                conditions: catalog.conditions.map { .init(id: $0.id, question: $0.question) },
                coverage: CatalogCoverage(catalog).rows.map { .init(entityType: $0.entityType.code, listed: $0.listed, verified: $0.verified) })
        }
    }

    /// Filters: `entityType` (repeatable), `focusArea`, `category` (repeatable), `level`, `q`, `numbering`.
    /// Unknown filter values are refused by name.
    @Sendable func criteria(req: Request) async throws -> Response {
        let entry = try Self.entry(req)
        let params = QueryParameters(req)
        var errors: [FieldError] = []
        var types: Set<EntityType> = []
        for raw in params.all("entityType") {
            if let type = EntityType(code: raw) { types.insert(type) } else {
                errors.append(FieldError(field: "entityType", messageKey: "error.invalid_entity_type",
                                         message: "entityType '\(raw)' is not one of \(EntityType.allCases.map(\.code).joined(separator: ", "))", arguments: ["value": raw]))
            }
        }
        var categories: Set<Int> = []
        for raw in params.all("category") {
            if let number = Int(raw), entry.catalog.category(number: number) != nil { categories.insert(number) } else {
                errors.append(FieldError(field: "category", messageKey: "catalog.error.category", message: "category '\(raw)' must be a category number from 1 to \(entry.catalog.categories.count)"))
            }
        }
        let focus = params.first("focusArea")
        if let focus, entry.catalog.focusArea(id: focus) == nil {
            errors.append(FieldError(field: "focusArea", messageKey: "catalog.error.focus_area",
                                     message: "focusArea '\(focus)' must be one of \(entry.catalog.focusAreas.map(\.id).joined(separator: ", "))"))
        }
        var level: CriterionLevel?
        if params.isBlank("level") {
            errors.append(QueryParameters.blankFilter("level", allowed: CriterionLevel.allCases.map(\.rawValue)))
        } else if let raw = params.first("level") {
            level = CriterionLevel(rawValue: raw.lowercased())
            if level == nil { errors.append(FieldError(field: "level", messageKey: "catalog.error.level", message: "level must be must or should")) }
        }
        var numbering: CriterionNumbering?
        let numberingValues = CriterionNumbering.allCases.map(\.rawValue)
        if params.isBlank("numbering") {
            errors.append(QueryParameters.blankFilter("numbering", allowed: numberingValues))
        } else if let raw = params.first("numbering") {
            numbering = CriterionNumbering(text: raw)
            if numbering == nil {
                errors.append(FieldError(field: "numbering", messageKey: "catalog.error.numbering",
                                         message: "numbering must be one of \(numberingValues.joined(separator: ", "))"))
            }
        }
        // The document declares maxLength 200: a longer search is refused by name, not cut short.
        if let text = params.first("q", maxLength: .max), text.count > Self.maxSearchLength {
            errors.append(QueryParameters.tooLong("q", max: Self.maxSearchLength))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let query = CatalogQuery(entityTypes: types, focusAreaIDs: focus.map { [$0] } ?? [], categoryNumbers: categories,
                                 level: level, text: params.first("q", maxLength: Self.maxSearchLength) ?? "", numbering: numbering)
        return try Self.cached(req, digests: [entry.digest]) {
            entry.index.search(query).map { CriterionResponse($0.criterion, requiredBy: types.isEmpty ? nil : $0.entityTypes) }
        }
    }

    @Sendable func criterion(req: Request) async throws -> Response {
        let entry = try Self.entry(req)
        guard let raw = req.parameters.get("criterionID"), let id = CriterionID(raw), let criterion = entry.index.criterion(id) else {
            throw TrustlaneError.notFound
        }
        return try Self.cached(req, digests: [entry.digest]) { CriterionResponse(criterion) }
    }

    @Sendable func questions(req: Request) async throws -> Response {
        let entry = try Self.entry(req)
        guard let raw = req.parameters.get("entityType"), let type = EntityType(code: raw) else { throw TrustlaneError.notFound }
        return try Self.cached(req, digests: [entry.digest]) {
            entry.catalog.eligibilityRules(for: type).questions.map { question in
                EligibilityQuestionResponse(id: question.id.rawValue, text: question.text, effect: question.effect.rawValue,
                                            reason: question.reason, verified: question.isVerified(for: type),
                                            askedIf: question.askedIf.map { .init(question: $0.questionID.rawValue, answer: $0.answer) })
            }
        }
    }

    @Sendable func diff(req: Request) async throws -> Response {
        let params = QueryParameters(req)
        let registry = req.application.catalogs
        var errors: [FieldError] = []
        let old = params.first("old").flatMap { registry.entry($0) }
        let new = params.first("new").flatMap { registry.entry($0) }
        let known = registry.all.map(\.catalog.id).joined(separator: ", ")
        if old == nil { errors.append(FieldError(field: "old", messageKey: "catalog.error.unknown", message: "old must be a catalog id: \(known)")) }
        if new == nil { errors.append(FieldError(field: "new", messageKey: "catalog.error.unknown", message: "new must be a catalog id: \(known)")) }
        guard errors.isEmpty, let old, let new else { throw ValidationFailure(errors) }
        return try Self.cached(req, digests: [old.digest, new.digest]) {
            let diff = CatalogDiff(old: old.catalog, new: new.catalog)
            return CatalogDiffResponse(old: old.catalog.id, new: new.catalog.id, added: diff.added.map(\.id.rawValue),
                                       removed: diff.removed.map(\.id.rawValue),
                                       changed: diff.changed.map { .init(id: $0.id.rawValue, fields: $0.fields.map(\.rawValue)) })
        }
    }

    @Sendable func checks(req: Request) async throws -> [EligibilityCheckResponse] {
        let id = try await req.routeCompany().companyID
        return try await EligibilityService(req).checks(of: id).values.sorted { $0.entityType < $1.entityType }.map(EligibilityCheckResponse.init)
    }

    @Sendable func answer(req: Request) async throws -> EligibilityCheckResponse {
        let id = try req.companyID()
        guard let raw = req.parameters.get("entityType"), let type = EntityType(code: raw) else { throw TrustlaneError.notFound }
        let body = try req.content.decode(AnswerEligibilityRequest.self)
        let result = try await EligibilityService(req).answer(company: id, entityType: type, answers: body.answers, by: req.actor.userID)
        return EligibilityCheckResponse(result)
    }
}
