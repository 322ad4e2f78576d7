import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/business-partners...`: the registry as JSON, the CSV import
/// (with a dry run that is the page's preview) and the export.
struct BusinessPartnerAPIController {
    func register(_ api: any RoutesBuilder) {
        let list = api.grouped("companies", ":companyID", "business-partners")
        list.on(.GET, action: .viewBusinessPartners, use: index)
        list.on(.POST, action: .manageBusinessPartners, use: create)
        // Siblings of the collection rather than children, so no name shadows a partner's id.
        let company = api.grouped("companies", ":companyID")
        company.on(.GET, "business-partners.csv", action: .viewBusinessPartners, use: export)
        company.on(.POST, "business-partner-imports", action: .manageBusinessPartners,
                   body: .collect(maxSize: ByteCount(value: BusinessPartnerCSV.maxBytes + 64 * 1024)), use: importFile)
        list.on(.GET, ":partnerID", action: .viewBusinessPartners, use: show)
        list.on(.PUT, ":partnerID", action: .manageBusinessPartners, use: update)
        list.on(.POST, ":partnerID", "status", action: .manageBusinessPartners, use: setStatus)
        list.on(.GET, ":partnerID", "questionnaires", action: .viewBusinessPartners, use: questionnaires)
        list.on(.POST, ":partnerID", "questionnaires", action: .manageBusinessPartners, use: sendQuestionnaire)
    }

    /// The most problems one answer lists.
    static let maxProblems = BusinessPartnerCSV.reportedProblems

    /// The validator names fields as the CSV and the form do; the JSON body names them in camel case.
    static let jsonField = ["legal_name": "legalName", "other_names": "otherNames", "contact_name": "contactName", "contact_email": "contactEmail"]

    static func renamed(_ failure: ValidationFailure) -> ValidationFailure {
        ValidationFailure(failure.errors.map { error in
            guard let name = jsonField[error.field] else { return error }
            return FieldError(field: name, messageKey: error.messageKey, message: error.message.hasPrefix(error.field)
                              ? name + error.message.dropFirst(error.field.count) : error.message, arguments: error.arguments)
        })
    }

    static func validated(_ draft: BusinessPartner.Draft, id: BusinessPartnerID = BusinessPartnerID()) throws -> BusinessPartner {
        switch BusinessPartnerValidator.validate(draft, id: id) {
        case .success(let partner): return partner
        case .failure(let failure): throw renamed(failure)
        }
    }

    /// The list's query, checked: a value that is not allowed is refused by name (the page's
    /// filter form ignores one instead), and so is a parameter given twice.
    static func strictFilter(_ req: Request) throws -> BusinessPartnerQueries.Filter {
        let items = URLComponents(string: req.url.string)?.queryItems ?? []
        var values: [String: String] = [:]
        var errors: [FieldError] = []
        for item in items {
            if values[item.name] != nil {
                errors.append(FieldError(field: item.name, messageKey: "partners.error.repeated_parameter", message: "\(item.name) is given more than once"))
            }
            values[item.name] = item.value ?? ""
        }
        var filter = BusinessPartnerQueries.Filter(query: values["q"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
        if let q = values["q"], q.count > 200 { errors.append(.tooLong("q", max: 200)) }
        if let text = values["role"] {
            if let role = BusinessPartnerRole(rawValue: text) { filter.role = role } else {
                errors.append(FieldError(field: "role", messageKey: "partners.error.role", message: "role must be one of \(BusinessPartnerRole.allCases.map(\.rawValue).joined(separator: ", "))",
                                         arguments: ["value": String(text.prefix(40)), "allowed": BusinessPartnerRole.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
        }
        filter.country = BusinessPartnerValidator.country(values["country"], into: &errors)
        if let text = values["status"] {
            if let status = BusinessPartnerStatus(rawValue: text) { filter.status = status } else {
                errors.append(FieldError(field: "status", messageKey: "partners.error.status_filter", message: "status must be active, blocked or archived"))
            }
        }
        for (name, range) in [("page", 1...1_000_000), ("per", 1...200)] {
            guard let text = values[name] else { continue }
            guard let number = Int(text), range.contains(number) else {
                errors.append(FieldError(field: name, messageKey: "error.out_of_range", message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                         arguments: ["min": String(range.lowerBound), "max": String(range.upperBound)]))
                continue
            }
            if name == "page" { filter.page = number } else { filter.per = number }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return filter
    }

    @Sendable func index(req: Request) async throws -> BusinessPartnerPageResponse {
        let company = try req.companyID()
        let filter = try Self.strictFilter(req)
        let page = try await BusinessPartnerQueries(req.db).list(company: company, filter)
        return BusinessPartnerPageResponse(items: page.rows.map(BusinessPartnerSummaryResponse.init), page: filter.page, per: filter.per,
                                           hasMore: page.hasMore)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(BusinessPartnerRequest.self)
        let partner = try Self.validated(body.draft)
        do {
            try await BusinessPartnerService(req).create(partner, company: company, by: req.actor.userID)
        } catch let failure as ValidationFailure { throw Self.renamed(failure) }
        guard let saved = try await BusinessPartnerQueries(req.db).partner(company: company, id: partner.id.rawValue) else { throw TrustlaneError.notFound }
        let response = try await BusinessPartnerResponse(saved).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(partner.id)")
        return response
    }

    @Sendable func show(req: Request) async throws -> BusinessPartnerResponse {
        BusinessPartnerResponse(try await req.routePartner(company: try req.companyID()))
    }

    @Sendable func update(req: Request) async throws -> BusinessPartnerResponse {
        let company = try req.companyID()
        let old = try await req.routePartner(company: company)
        let body = try req.content.decode(BusinessPartnerRequest.self)
        let partner = try Self.validated(body.draft, id: BusinessPartnerID(old.id))
        do {
            try await BusinessPartnerService(req).update(old.partner, with: partner, company: company, by: req.actor.userID)
        } catch let failure as ValidationFailure { throw Self.renamed(failure) }
        return BusinessPartnerResponse(try await req.routePartner(company: company))
    }

    @Sendable func setStatus(req: Request) async throws -> BusinessPartnerResponse {
        let company = try req.companyID()
        let old = try await req.routePartner(company: company)
        let body = try req.content.decode(BusinessPartnerStatusRequest.self)
        guard let status = body.status.flatMap(BusinessPartnerStatus.init(rawValue:)), status != .blocked, old.partnerStatus != .blocked else {
            throw ValidationFailure([FieldError(field: "status", messageKey: "partners.error.status",
                                                message: "status must be active or archived; a blocked partner is released by its screening decision")])
        }
        try await BusinessPartnerService(req).setStatus(status, of: BusinessPartnerID(old.id), was: old.partnerStatus, company: company, by: req.actor.userID)
        return BusinessPartnerResponse(try await req.routePartner(company: company))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let company = try req.companyID()
        let records = try await BusinessPartnerQueries(req.db).all(company: company)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: BusinessPartnerCSV.write(records.map(\.partner))))
    }

    /// A `text/csv` body in the registry's format. `mode`: `all_or_nothing` (default) or
    /// `valid_rows`; `dryRun=true` reads and reports without saving.
    @Sendable func importFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        guard req.headers.contentType?.type == "text", req.headers.contentType?.subType == "csv" else {
            throw Abort(.unsupportedMediaType, reason: "Send the file as the body with Content-Type: text/csv")
        }
        let modeText = (try? req.query.get(String.self, at: "mode")) ?? BusinessPartnerService.ImportMode.allOrNothing.rawValue
        guard let mode = BusinessPartnerService.ImportMode(rawValue: modeText) else {
            throw ValidationFailure([FieldError(field: "mode", messageKey: "partners.error.mode",
                                                message: "mode must be all_or_nothing or valid_rows")])
        }
        let dryRun = (try? req.query.get(Bool.self, at: "dryRun")) ?? false
        let content = req.body.data.map { Data(buffer: $0) } ?? Data()
        let service = BusinessPartnerService(req)
        let (reading, taken) = try await service.read(content, company: company)
        // Each name normalised once, for the hints here and the search terms of the import.
        let nameTokens = BusinessPartnerDuplicates.nameTokens(reading.partners)
        func problems(_ errors: [FieldError]) -> [BusinessPartnerImportResponse.Problem] {
            errors.map { .init(line: $0.arguments["line"].flatMap { Int($0) }, column: $0.arguments["column"].flatMap { Int($0) },
                               field: $0.arguments["column_name"], message: $0.message) }
        }
        var report = BusinessPartnerImportResponse(
            dryRun: dryRun, mode: mode.rawValue, rows: reading.rowCount, accepted: reading.partners.count, rejected: reading.rejected.count, imported: 0,
            problems: problems(reading.firstProblems(Self.maxProblems)),
            duplicateHints: BusinessPartnerDuplicates.hints(zip(reading.acceptedLines, reading.partners).map { ($0, $1) }, nameTokens: nameTokens, existing: taken.nameKeys)
                .map { .init(line: $0.line, name: $0.name, similarTo: $0.similarTo, similarLine: $0.similarLine) })
        // A file that cannot be read at all (not UTF-8, no usable header) is refused, dry run or not.
        if !reading.fileErrors.isEmpty { throw ValidationFailure(reading.fileErrors) }
        if dryRun { return try await report.encodeResponse(status: .ok, for: req) }
        do {
            let outcome = try await service.runImport(content, fileName: "api.csv", storedID: nil, company: company, mode: mode, by: req.actor.userID,
                                                    read: (reading, taken), nameTokens: nameTokens)
            report.imported = outcome.imported
            return try await report.encodeResponse(status: .created, for: req)
        } catch let failure as ValidationFailure {
            // Nothing saved: the standard error, each problem naming its line and column (the
            // first `maxProblems`; a dry run or the page's error file gives them all).
            throw ValidationFailure(Array(failure.errors.prefix(Self.maxProblems)))
        }
    }
}
