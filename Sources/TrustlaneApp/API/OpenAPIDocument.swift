import Foundation
import TrustlaneCore

/// The OpenAPI 3.1 description of `/api/v1`, written by hand next to the routes. A test compares
/// it with the registered routes both ways, so neither can drift from the other.
enum OpenAPIDocument {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func arrayOf(_ name: String) -> JSONValue { ["type": "array", "items": ref(name)] }
    static func string(max: Int? = nil, format: String? = nil, nullable: Bool = false, enumValues: [String]? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", nullable ? ["string", "null"] : "string")]
        if let max { pairs.append(("maxLength", .int(max))) }
        if let format { pairs.append(("format", .string(format))) }
        if let enumValues { pairs.append(("enum", .array(enumValues.map(JSONValue.string)))) }
        return .object(pairs)
    }
    static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { pairs.append(("required", .array(required.map(JSONValue.string)))) }
        return .object(pairs)
    }

    static let errorResponses: [(String, JSONValue)] = [
        ("400", ["description": "Invalid input; `error.fields` names each field and what is allowed", "content": ["application/json": ["schema": ref("Error")]]]),
        ("401", ["description": "No valid API token", "content": ["application/json": ["schema": ref("Error")]]]),
        ("403", ["description": "Not allowed for this account", "content": ["application/json": ["schema": ref("Error")]]]),
        ("404", ["description": "Not found, or not yours to see", "content": ["application/json": ["schema": ref("Error")]]]),
    ]

    /// A file removal refused while the record's kind is under a legal hold.
    static let legalHoldConflict: (String, JSONValue) = ("409", [
        "description": "The record's kind is under a legal hold (records/retention): no file is removed until the hold is lifted; nothing changed",
        "content": ["application/json": ["schema": ref("Error")]],
    ])

    /// A client-keyed submission (issue 16) whose key was already used with other content.
    static let clientKeyConflict: (String, JSONValue) = ("409", [
        "description": "The clientKey (client_key) was already used for a submission with different content: not a repeat, nothing was recorded; `error.reason` names client_key. Send new content with a key of its own",
        "content": ["application/json": ["schema": ref("Error")]],
    ])

    /// Any request body past the route's limit (1 MB unless the route says otherwise) is refused
    /// before the handler runs.
    static let tooLarge: JSONValue = ["description": "The body is larger than this operation accepts", "content": ["application/json": ["schema": ref("Error")]]]

    static func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }

    /// An operation whose body may also be sent as multipart/form-data (with files) under `schema`.
    static func multipartToo(_ operation: JSONValue, schema: JSONValue) -> JSONValue {
        guard case .object(let pairs) = operation else { return operation }
        return .object(pairs.map { key, value in
            guard key == "requestBody", case .object(let body) = value else { return (key, value) }
            return (key, .object(body.map { pair in
                guard pair.0 == "content", case .object(let types) = pair.1 else { return pair }
                return (pair.0, .object(types + [("multipart/form-data", ["schema": schema])]))
            }))
        })
    }

    /// An operation whose body may be left out (`requestBody.required` false).
    static func optionalBody(_ operation: JSONValue) -> JSONValue {
        guard case .object(let pairs) = operation else { return operation }
        return .object(pairs.map { key, value in
            guard key == "requestBody", case .object(let body) = value else { return (key, value) }
            return (key, .object(body.map { $0.0 == "required" ? ($0.0, .bool(false)) : $0 }))
        })
    }

    static func operation(_ id: String, _ summary: String, tag: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
                          status: String = "200", response: JSONValue?, open: Bool = false, extra: [(String, JSONValue)] = []) -> JSONValue {
        var responses: [(String, JSONValue)] = [(status, response.map { ["description": "Success", "content": json($0)] } ?? ["description": "Success"])]
        responses += extra
        responses += open ? [] : errorResponses
        if body != nil {
            responses.append(("413", tooLarge))
            responses.append(("415", ["description": "The body must be application/json", "content": json(ref("Error"))]))
        }
        var pairs: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary)), ("tags", [.string(tag)])]
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body { pairs.append(("requestBody", ["required": true, "content": json(body)])) }
        pairs.append(("responses", .object(responses)))
        if open { pairs.append(("security", [])) }
        return .object(pairs)
    }

    static func pathParameter(_ name: String, format: String? = "uuid", enumValues: [String]? = nil) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": string(format: enumValues == nil ? format : nil, enumValues: enumValues)]
    }

    static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String, required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description), "schema": schema]
    }

    static let pageParameters: [JSONValue] = [
        queryParameter("page", ["type": "integer", "minimum": 1], "Page number, from 1"),
        queryParameter("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)"),
        queryParameter("q", string(max: CompaniesAPIController.maxSearchLength), "Part of the legal name, any case"),
    ]
    static let beforeParameter = queryParameter("before", ["type": "integer"], "Only entries with a smaller sequence number (paging)")

    /// Every API path and method, as the document lists them.
    static var paths: JSONValue {
        let companyID = pathParameter("companyID")
        let userID = pathParameter("userID")
        let role = pathParameter("role", enumValues: PlatformRole.allCases.map(\.rawValue))
        let catalogID = pathParameter("catalogID", format: nil)
        let entityType = pathParameter("entityType", enumValues: EntityType.allCases.map(\.code))
        let notModified: [(String, JSONValue)] = [("304", ["description": "Not modified (If-None-Match matched the ETag)"])]
        let notFound: (String, JSONValue) = ("404", ["description": "No such catalog, criterion or entity type", "content": json(ref("Error"))])
        let badRequest: (String, JSONValue) = ("400", ["description": "A filter value is not allowed; `error.fields` names it", "content": json(ref("Error"))])
        let criteriaFilters: [JSONValue] = [
            queryParameter("entityType", ["type": "array", "items": string(enumValues: EntityType.allCases.map(\.code))], "Entity types (repeatable)"),
            queryParameter("focusArea", string(), "Focus area id"),
            queryParameter("category", ["type": "array", "items": ["type": "integer", "minimum": 1, "maximum": 12]], "Category numbers (repeatable)"),
            queryParameter("level", string(enumValues: CriterionLevel.allCases.map(\.rawValue)), "must or should"),
            queryParameter("q", string(max: CatalogAPIController.maxSearchLength), "Words that must all appear (any case, accents ignored)"),
            queryParameter("numbering", string(enumValues: CriterionNumbering.allCases.map(\.rawValue)),
                           "confirmed (a CBP source confirms the number), public (CBP's number as seen in public material) or local (a Trustlane id, TL-...)"),
        ]
        return [
            "/api/v1/openapi.json": ["get": operation("getOpenAPI", "This document", tag: "meta", response: ["type": "object"], open: true)],
            "/api/v1/me": ["get": operation("getMe", "The account the token belongs to, with its companies", tag: "account", response: ref("Me"))],
            "/api/v1/users": ["get": operation("listUsers", "Every account (administrators)", tag: "account", response: arrayOf("User"))],
            "/api/v1/users/{userID}/roles/{role}": [
                "put": operation("grantPlatformRole", "Grant a platform role (administrators)", tag: "account", parameters: [userID, role], response: ref("User")),
                "delete": operation("withdrawPlatformRole", "Withdraw a platform role (administrators)", tag: "account", parameters: [userID, role], response: ref("User"),
                                    extra: [("409", ["description": "An administrator cannot withdraw their own administrator role", "content": json(ref("Error"))])]),
            ],
            "/api/v1/audit": ["get": operation("listAudit", "The whole audit trail, newest first, 100 per page (administrators)", tag: "audit",
                                               parameters: [beforeParameter], response: arrayOf("AuditEntry"))],
            "/api/v1/companies": [
                "get": operation("listCompanies", "Companies: all of them for administrators and reviewers, one's own otherwise", tag: "companies",
                                 parameters: pageParameters, response: ref("CompanyPage")),
                "post": operation("createCompany", "Create a company (administrators)", tag: "companies", body: ref("CreateCompanyRequest"),
                                  status: "201", response: ref("Company")),
            ],
            "/api/v1/companies/{companyID}": [
                "get": operation("getCompany", "One company", tag: "companies", parameters: [companyID], response: ref("Company")),
                "patch": operation("updateCompany", "Change a company; fields left out or null keep their value", tag: "companies",
                                   parameters: [companyID], body: ref("UpdateCompanyRequest"), response: ref("Company")),
            ],
            "/api/v1/companies/{companyID}/members": [
                "get": operation("listMembers", "The company's members and their roles", tag: "companies", parameters: [companyID], response: arrayOf("Member")),
            ],
            "/api/v1/companies/{companyID}/invitations": [
                "post": operation("createInvitation", "Invite someone with a role; the link is returned once", tag: "companies",
                                  parameters: [companyID], body: ref("CreateInvitationRequest"), status: "201", response: ref("Invitation")),
            ],
            "/api/v1/catalogs": ["get": operation("listCatalogs", "Every criteria catalog version (public; ETag)", tag: "catalog", response: arrayOf("CatalogSummary"), open: true, extra: notModified)],
            "/api/v1/catalogs/{catalogID}": ["get": operation("getCatalog", "A catalog version: focus areas, categories, conditions, coverage", tag: "catalog",
                                                              parameters: [catalogID], response: ref("CatalogDetail"), open: true, extra: notModified + [notFound])],
            "/api/v1/catalogs/{catalogID}/criteria": ["get": operation("listCriteria", "Criteria, filtered; with several entity types, their union and which types require each", tag: "catalog",
                                                                       parameters: [catalogID] + criteriaFilters, response: arrayOf("Criterion"), open: true, extra: notModified + [badRequest, notFound])],
            "/api/v1/catalogs/{catalogID}/criteria/{criterionID}": ["get": operation("getCriterion", "One criterion", tag: "catalog",
                                                                                     parameters: [catalogID, pathParameter("criterionID", format: nil)], response: ref("Criterion"), open: true, extra: notModified + [notFound])],
            "/api/v1/catalogs/{catalogID}/eligibility/{entityType}": ["get": operation("listEligibilityQuestions", "The eligibility questions for an entity type", tag: "catalog",
                                                                                       parameters: [catalogID, entityType], response: arrayOf("EligibilityQuestion"), open: true, extra: notModified + [notFound])],
            "/api/v1/catalog-diff": ["get": operation("diffCatalogs", "Criteria added, removed and changed between two versions", tag: "catalog",
                                                      parameters: [queryParameter("old", ["type": "string", "minLength": 1], "Catalog id (see listCatalogs)", required: true),
                                                                   queryParameter("new", ["type": "string", "minLength": 1], "Catalog id (see listCatalogs)", required: true)],
                                                      response: ref("CatalogDiff"), open: true, extra: notModified + [badRequest])],
            "/api/v1/companies/{companyID}/eligibility": [
                "get": operation("listEligibilityChecks", "The company's saved eligibility checks", tag: "eligibility", parameters: [companyID], response: arrayOf("EligibilityCheck")),
            ],
            "/api/v1/companies/{companyID}/eligibility/{entityType}": [
                "put": operation("answerEligibility", "Save answers for one entity type and get the outcome", tag: "eligibility",
                                 parameters: [companyID, entityType], body: ref("AnswerEligibilityRequest"), response: ref("EligibilityCheck"),
                                 extra: [("409", ["description": "The company has applied; the answers are locked", "content": json(ref("Error"))])]),
            ],
            "/api/v1/companies/{companyID}/audit": [
                "get": operation("listCompanyAudit", "The company's part of the audit trail (company officers, administrators)", tag: "audit",
                                 parameters: [companyID, beforeParameter], response: arrayOf("AuditEntry")),
            ],
        ]
    }

    static var schemas: JSONValue {
        let entityTypes: JSONValue = ["type": "array", "items": string(enumValues: EntityType.allCases.map(\.code)), "minItems": 1]
        let identifier = object([
            ("kind", string(enumValues: CompanyIdentifierKind.allCases.map(\.rawValue))),
            ("label", string(max: CompanyDraft.maxIdentifierLength, nullable: true)),
            ("value", string(max: CompanyDraft.maxIdentifierLength)),
        ], required: ["kind", "value"])
        let change = object([("field", string()), ("before", string(nullable: true)), ("after", string(nullable: true))], required: ["field"])
        return [
            "Error": object([("error", object([("status", ["type": "integer"]), ("reason", string()),
                                                ("fields", ["type": ["array", "null"], "items": object([("field", string()), ("message", string()),
                                                                                                       ("messageKey", string())])])],
                                               required: ["status", "reason"]))], required: ["error"]),
            "Identifier": identifier,
            "Company": object([
                ("id", string(format: "uuid")), ("legalName", string()), ("country", string()), ("address", string(nullable: true)),
                ("entityTypes", ["type": "array", "items": string()]), ("identifiers", ["type": "array", "items": ref("Identifier")]),
                ("createdAt", string(format: "date-time", nullable: true)), ("updatedAt", string(format: "date-time", nullable: true)),
            ], required: ["id", "legalName", "country", "entityTypes", "identifiers"]),
            "CreateCompanyRequest": object([
                ("legalName", string(max: CompanyDraft.maxNameLength)), ("country", ["type": "string", "pattern": "^[A-Za-z]{2}$"]),
                ("address", string(max: CompanyDraft.maxAddressLength, nullable: true)), ("entityTypes", entityTypes),
                ("identifiers", ["type": "array", "items": ref("Identifier"), "maxItems": .int(CompanyDraft.maxIdentifiers)]),
            ], required: ["legalName", "country", "entityTypes"]),
            // A field left out or sent as null keeps its value (the server reads both the same way).
            "UpdateCompanyRequest": object([
                ("legalName", string(max: CompanyDraft.maxNameLength, nullable: true)),
                ("country", ["type": ["string", "null"], "pattern": "^[A-Za-z]{2}$"]),
                ("address", string(max: CompanyDraft.maxAddressLength, nullable: true)),
                ("entityTypes", ["type": ["array", "null"], "items": string(enumValues: EntityType.allCases.map(\.code)), "minItems": 1]),
                ("identifiers", ["type": ["array", "null"], "items": ref("Identifier"), "maxItems": .int(CompanyDraft.maxIdentifiers)]),
            ]),
            "CompanySummary": object([("id", string(format: "uuid")), ("legalName", string()), ("country", string()),
                                      ("entityTypes", ["type": "array", "items": string()]), ("members", ["type": "integer"])]),
            "CompanyPage": object([("items", arrayOf("CompanySummary")), ("page", ["type": "integer"]), ("per", ["type": "integer"]),
                                   ("total", ["type": "integer"])], required: ["items", "page", "per", "total"]),
            "Member": object([("userId", string(format: "uuid")), ("name", string()), ("email", string()),
                              ("role", string(enumValues: CompanyRole.allCases.map(\.rawValue)))]),
            "CreateInvitationRequest": object([("email", string(max: 254, format: "email")),
                                               ("role", string(enumValues: CompanyRole.allCases.map(\.rawValue)))], required: ["email", "role"]),
            "Invitation": object([("id", string(format: "uuid")), ("email", string()), ("role", string()),
                                  ("expiresAt", string(format: "date-time")), ("link", string(format: "uri-reference"))]),
            "Me": object([("id", string(format: "uuid")), ("email", string()), ("name", string()), ("language", string(nullable: true)),
                          ("platformRoles", ["type": "array", "items": string()]),
                          ("companies", ["type": "array", "items": object([("companyId", string(format: "uuid")), ("companyName", string()), ("role", string())])])]),
            "User": object([("id", string(format: "uuid")), ("email", string()), ("name", string()),
                            ("platformRoles", ["type": "array", "items": string()])]),
            "CatalogSummary": object([("id", string()), ("program", string()), ("version", string()), ("title", string()),
                                      ("effectiveDate", string(format: "date")), ("criteria", ["type": "integer"]),
                                      ("origin", string(enumValues: ["bundled", "imported"])), ("digest", string())]),
            "CatalogDetail": object([("summary", ref("CatalogSummary")),
                                     ("focusAreas", ["type": "array", "items": object([("id", string()), ("title", string()), ("categories", ["type": "array", "items": ["type": "integer"]])])]),
                                     ("categories", ["type": "array", "items": object([("number", ["type": "integer"]), ("title", string()), ("focusArea", string())])]),
                                     ("conditions", ["type": "array", "items": ref("Condition")]),
                                     ("coverage", ["type": "array", "items": object([("entityType", string()), ("listed", ["type": "integer"]), ("verified", ["type": "integer"])])])]),
            "Condition": object([("id", string()), ("question", string())]),
            "Criterion": object([("id", string()), ("category", ["type": "integer"]), ("title", string()), ("summary", string()), ("guidance", string()),
                                 ("level", string(enumValues: CriterionLevel.allCases.map(\.rawValue))), ("entityTypes", ["type": "array", "items": string()]),
                                 ("requiredBy", ["type": "array", "items": string()]), ("condition", ["oneOf": [ref("Condition"), ["type": "null"]]]),
                                 ("verifiedFor", ["type": "array", "items": string()]), ("note", string(nullable: true)),
                                 ("numbering", string(enumValues: CriterionNumbering.allCases.map(\.rawValue))), ("sources", ["type": "array", "items": string()])]),
            "EligibilityQuestion": object([("id", string()), ("text", string()), ("effect", string(enumValues: EligibilityEffect.allCases.map(\.rawValue))),
                                           ("reason", string()), ("verified", ["type": "boolean"]),
                                           ("askedIf", ["oneOf": [object([("question", string()), ("answer", ["type": "boolean"])]), ["type": "null"]]])]),
            "EligibilityCheck": object([("entityType", string()), ("catalogId", string()),
                                        ("status", string(enumValues: ["eligible", "not_eligible", "needs_invitation", "incomplete"])),
                                        ("reasons", ["type": "array", "items": string()]), ("missing", ["type": "array", "items": string()]),
                                        ("answers", ["type": "object", "additionalProperties": ["type": "boolean"]]),
                                        ("answeredBy", string(nullable: true)), ("answeredAt", string(format: "date-time", nullable: true)), ("locked", ["type": "boolean"])]),
            "AnswerEligibilityRequest": object([("answers", ["type": "object", "additionalProperties": ["type": "boolean"]])], required: ["answers"]),
            "CatalogDiff": object([("old", string()), ("new", string()), ("added", ["type": "array", "items": string()]),
                                   ("removed", ["type": "array", "items": string()]),
                                   ("changed", ["type": "array", "items": object([("id", string()), ("fields", ["type": "array", "items": string()])])])]),
            "AuditEntry": object([("sequence", ["type": "integer"]), ("occurredAt", string(format: "date-time")),
                                  ("actorEmail", string(nullable: true)), ("companyId", string(format: "uuid", nullable: true)),
                                  ("action", string()), ("targetType", string()), ("targetId", string(nullable: true)),
                                  ("changes", ["type": "array", "items": change])]),
        ]
    }

    static var document: JSONValue {
        [
            "openapi": "3.1.0",
            "info": ["title": "Trustlane API", "version": "1.0.0",
                     "description": "Trustlane's JSON API. Authenticate with a personal API token (account page) as `Authorization: Bearer <token>`. Errors are `{\"error\": {\"status\", \"reason\", \"fields\"}}`."],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": []]],
            "paths": merged(paths, sections.map(\.paths)),
            "components": ["schemas": merged(schemas, sections.map(\.schemas)),
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    /// A feature's part of the document, kept in its own file (`OpenAPIDocument+Feature.swift`).
    struct Section {
        let paths: JSONValue
        let schemas: JSONValue
    }

    /// Every feature's section; add new ones here.
    static var sections: [Section] { [profileSection, membershipSection, verificationSection, riskSection, partnersSection, screeningSection, inspectionsSection, checklistsSection, sealsSection, shipmentsSection, incidentsSection, trainingSection, gateSection, recordsSection] }

    static func merged(_ base: JSONValue, _ more: [JSONValue]) -> JSONValue {
        guard case .object(var pairs) = base else { return base }
        for case .object(let extra) in more { pairs += extra }
        return .object(pairs)
    }

    /// The document as JSON bytes, built once.
    static let data: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data("{}".utf8)
    }()
}
