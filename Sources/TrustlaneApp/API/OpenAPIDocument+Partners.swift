import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/business-partners...`.
    static var partnersSection: Section {
        let tag = "Business partners"
        let companyID = pathParameter("companyID")
        let partnerID = pathParameter("partnerID")
        let base = "/api/v1/companies/{companyID}/business-partners"
        let ids = [companyID, partnerID]
        let roles = BusinessPartnerRole.allCases.map(\.rawValue)
        let statuses = BusinessPartnerStatus.allCases.map(\.rawValue)
        let csvText: JSONValue = ["text/csv": ["schema": ["type": "string", "description": .string("The registry's CSV: a header row naming the columns (\(BusinessPartnerCSV.columns.joined(separator: ", "))), then one partner a row")]]]
        /// An operation whose request body, or success response, is CSV instead of JSON.
        func csv(_ operation: JSONValue, body: Bool, status: String) -> JSONValue {
            guard case .object(var pairs) = operation else { return operation }
            if body, let index = pairs.firstIndex(where: { $0.0 == "requestBody" }) {
                pairs[index] = ("requestBody", ["required": true, "content": csvText])
                if let responses = pairs.firstIndex(where: { $0.0 == "responses" }), case .object(var codes) = pairs[responses].1,
                   let unsupported = codes.firstIndex(where: { $0.0 == "415" }) {
                    codes[unsupported] = ("415", ["description": "The body must be text/csv", "content": json(ref("Error"))])
                    pairs[responses] = ("responses", .object(codes))
                }
            }
            if !body, let responses = pairs.firstIndex(where: { $0.0 == "responses" }), case .object(var codes) = pairs[responses].1,
               let ok = codes.firstIndex(where: { $0.0 == status }) {
                codes[ok] = (status, ["description": "Success", "content": csvText])
                pairs[responses] = ("responses", .object(codes))
            }
            return .object(pairs)
        }
        let list: JSONValue = [
            "get": operation("listBusinessPartners", "A company's partners in name order; `q` matches the start of any word of a name or alias, or the reference", tag: tag,
                             parameters: [companyID,
                                          queryParameter("q", string(max: 200), "Words of a name or alias (each must start a word), or a reference"),
                                          queryParameter("role", string(enumValues: roles), "Only this role"),
                                          queryParameter("country", string(max: 2), "Only this country (ISO 3166-1 alpha-2)"),
                                          queryParameter("status", string(enumValues: statuses), "Only this status (default: all but archived)"),
                                          queryParameter("page", ["type": "integer", "minimum": 1, "maximum": 1_000_000], "Page, from 1"),
                                          queryParameter("per", ["type": "integer", "minimum": 1, "maximum": 200], "Partners a page (default 50)")],
                             response: ref("BusinessPartnerPage")),
            "post": operation("createBusinessPartner", "Add a partner (reference and registration numbers unique in the company)", tag: tag,
                              parameters: [companyID], body: ref("BusinessPartnerRequest"), status: "201", response: ref("BusinessPartner")),
        ]
        let one: JSONValue = [
            "get": operation("getBusinessPartner", "One partner", tag: tag, parameters: ids, response: ref("BusinessPartner")),
            "put": operation("replaceBusinessPartner", "Replace a partner's details", tag: tag, parameters: ids, body: ref("BusinessPartnerRequest"),
                             response: ref("BusinessPartner")),
        ]
        let status: JSONValue = [
            "post": operation("setBusinessPartnerStatus", "Archive a partner or make it active again (a blocked one is released by its screening decision)",
                              tag: tag, parameters: ids, body: object([("status", string(enumValues: ["active", "archived"]))], required: ["status"]),
                              response: ref("BusinessPartner")),
        ]
        let export: JSONValue = [
            "get": csv(operation("exportBusinessPartners", "Every partner, archived ones too, as the registry's CSV (imports again)", tag: tag,
                                 parameters: [companyID], response: nil), body: false, status: "200"),
        ]
        let importPath: JSONValue = [
            "post": csv(operation("importBusinessPartners", "Import a CSV file. All or nothing by default; `mode=valid_rows` saves the valid rows; `dryRun=true` only reports (the page's preview). A refused import saves nothing and lists each problem by line and column; a file that cannot be read at all (not UTF-8, no usable header row) is refused even on a dry run", tag: tag,
                                  parameters: [companyID,
                                               queryParameter("mode", string(enumValues: BusinessPartnerService.ImportMode.allCases.map(\.rawValue)), "What a rejected row does"),
                                               queryParameter("dryRun", ["type": "boolean"], "Report without saving")],
                                  body: ["type": "string"], status: "201", response: ref("BusinessPartnerImport"),
                                  extra: [("200", ["description": "The dry run's report", "content": json(ref("BusinessPartnerImport"))])]),
                        body: true, status: "201"),
        ]
        let questionnaires: JSONValue = [
            "get": operation("listBusinessPartnerQuestionnaires", "The questionnaires sent to a partner, newest first (the links themselves are never shown again)",
                             tag: tag, parameters: ids, response: ["type": "array", "items": ref("BusinessPartnerQuestionnaire")]),
            "post": operation("sendBusinessPartnerQuestionnaire", "Make a questionnaire for the partner's role (the catalog's Must criteria of its entity type, the trade-based money laundering and forced-labor questions) and its single-use link, returned this once; only the link's SHA-256 is stored",
                              tag: tag, parameters: ids,
                              body: object([("language", string(enumValues: Language.allCases.map(\.rawValue))),
                                            ("days", ["type": "integer", "minimum": 1, "maximum": .int(PartnerQuestionnaireService.maxDays),
                                                      "description": .string("Days the link stays open (default \(PartnerQuestionnaireService.defaultDays))")])],
                                           required: ["language"]),
                              status: "201", response: ref("SentBusinessPartnerQuestionnaire")),
        ]
        let company = "/api/v1/companies/{companyID}"
        let paths: JSONValue = .object([(base, list), (company + "/business-partners.csv", export), (company + "/business-partner-imports", importPath), (base + "/{partnerID}", one),
                                        (base + "/{partnerID}/status", status), (base + "/{partnerID}/questionnaires", questionnaires)])
        let text = string()
        let nullable = string(nullable: true)
        let strings: JSONValue = ["type": "array", "items": string()]
        let int: JSONValue = ["type": "integer"]
        let nullableInt: JSONValue = ["type": ["integer", "null"]]
        let schemas: JSONValue = [
            "BusinessPartnerRequest": object([
                ("reference", string(max: BusinessPartnerValidator.maxReference, nullable: true)), ("legalName", string(max: BusinessPartnerValidator.maxName)),
                ("otherNames", strings), ("country", string(max: 2)), ("role", string(enumValues: roles)), ("address", nullable),
                ("identifiers", ["type": "array", "items": string(max: 81), "description": "scheme:number, such as duns:123456789"]),
                ("sites", nullable), ("contactName", nullable), ("contactEmail", nullable), ("notes", nullable),
            ], required: ["legalName", "country", "role"]),
            "BusinessPartner": object([
                ("id", string(format: "uuid")), ("reference", nullable), ("legalName", text), ("otherNames", strings), ("country", text),
                ("role", string(enumValues: roles)), ("status", string(enumValues: statuses)), ("address", nullable), ("identifiers", strings),
                ("sites", nullable), ("contactName", nullable), ("contactEmail", nullable), ("notes", nullable),
                ("createdAt", string(format: "date-time", nullable: true)), ("updatedAt", string(format: "date-time", nullable: true)),
            ], required: ["id", "legalName", "otherNames", "country", "role", "status", "identifiers"]),
            "BusinessPartnerSummary": object([
                ("id", string(format: "uuid")), ("reference", nullable), ("legalName", text), ("otherNames", strings), ("country", text),
                ("role", string(enumValues: roles)), ("status", string(enumValues: statuses)),
            ], required: ["id", "legalName", "otherNames", "country", "role", "status"]),
            "BusinessPartnerPage": object([("items", arrayOf("BusinessPartnerSummary")), ("page", int), ("per", int), ("hasMore", ["type": "boolean"])],
                                          required: ["items", "page", "per", "hasMore"]),
            "BusinessPartnerQuestionnaire": object([
                ("id", string(format: "uuid")), ("language", string(enumValues: Language.allCases.map(\.rawValue))),
                ("status", string(enumValues: ["sent", "answered", "revoked", "expired"])), ("questions", int),
                ("expiresAt", string(format: "date-time")), ("answeredAt", string(format: "date-time", nullable: true)), ("createdAt", string(format: "date-time")),
            ], required: ["id", "language", "status", "expiresAt", "createdAt"]),
            "SentBusinessPartnerQuestionnaire": object([
                ("id", string(format: "uuid")), ("language", text), ("expiresAt", string(format: "date-time")),
                ("link", ["type": "string", "description": "The partner's link, with its secret; shown only in this answer"]),
            ], required: ["id", "language", "expiresAt", "link"]),
            "BusinessPartnerImport": object([
                ("dryRun", ["type": "boolean"]), ("mode", text), ("rows", int), ("accepted", int), ("rejected", int), ("imported", int),
                ("problems", ["type": "array", "items": object([("line", nullableInt), ("column", nullableInt), ("field", nullable), ("message", text)],
                                                               required: ["message"])]),
                ("duplicateHints", ["type": "array", "items": object([("line", int), ("name", text), ("similarTo", text), ("similarLine", nullableInt)],
                                                                     required: ["line", "name", "similarTo"])]),
            ], required: ["dryRun", "mode", "rows", "accepted", "rejected", "imported", "problems", "duplicateHints"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
