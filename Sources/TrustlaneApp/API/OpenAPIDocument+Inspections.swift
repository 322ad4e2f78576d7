import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// The headers a validation pack's CSV carries about its period (`InspectionQueries.packHeaders`).
    static var packPeriodHeaders: [(String, JSONValue)] {
        [("Trustlane-Pack-Since", ["description": "The period's first day (UTC)", "schema": string(format: "date")]),
         ("Trustlane-Pack-Basis", ["description": "Why the period starts there",
                                   "schema": string(enumValues: ["requested", "last_validation", "last_validation_beyond_limit", "year_back"])]),
         ("Trustlane-Last-Validation", ["description": "The company's last validation, when the period starts from it", "schema": string(format: "date")])]
    }

    /// `/api/v1/inspection-checklists` and `/api/v1/companies/{companyID}/inspections...` (issue 16).
    static var inspectionsSection: Section {
        let tag = "Inspections"
        let companyID = pathParameter("companyID")
        let inspectionID = pathParameter("inspectionID")
        let base = "/api/v1/companies/{companyID}/inspections"
        let ids = [companyID, inspectionID]
        let outcomes = PointOutcome.allCases.map(\.rawValue)
        let statuses = InspectionStatus.allCases.map(\.rawValue)
        let checklistKeys = InspectionChecklists.bundled.checklists.map(\.key)
        let paths: JSONValue = .object([
            ("/api/v1/inspection-checklists", JSONValue.object([
                ("get", operation("listInspectionChecklists", "The bundled conveyance inspection checklists (container 7-point, refrigerated 8-point, the legacy 17-point truck and trailer list, highway tractor and trailer), each point with its security and pest checks, in the caller's language", tag: tag,
                                 response: arrayOf("InspectionChecklist"), open: true)),
            ])),
            ("/api/v1/companies/{companyID}/inspection-summary", [
                "get": operation("getInspectionSummary", "Inspections done and units held by site, and the points that failed most, over the last 7, 30, 90 or 365 days (current versions)", tag: tag,
                                 parameters: [companyID, queryParameter("days", ["type": "integer", "enum": [7, 30, 90, 365]], "The period (default 30)"),
                                              queryParameter("site", string(max: 120), "Only this site's failed points")],
                                 response: ref("InspectionSummaryReport")),
            ] as JSONValue),
            ("/api/v1/companies/{companyID}/inspections.csv", [
                "get": ["operationId": "exportInspections", "summary": "Every current inspection since a day (the validation pack's list), as CSV, streamed. The headers say where the period starts and why",
                        "tags": [.string(tag)],
                        "parameters": [companyID, queryParameter("since", string(format: "date"), "The first day; within five years. Left out: the company's last validation (cut to five years back), or a year back when none is recorded")],
                        "responses": .object([("200", ["description": "Success", "content": ["text/csv": ["schema": ["type": "string"]]],
                                                       "headers": .object(packPeriodHeaders)])] + errorResponses)],
            ] as JSONValue),
            ("/api/v1/companies/{companyID}/inspection-settings", [
                "get": operation("getInspectionSettings", "Sign-off, re-inspection share, retention and legal hold", tag: tag, parameters: [companyID],
                                 response: ref("InspectionSettings")),
                "put": operation("setInspectionSettings", "Change the settings; a field left out keeps its value. Retention from 12 to 120 months (MSC 5.7: at least a year); a legal hold needs its reason",
                                 tag: tag, parameters: [companyID], body: ref("InspectionSettings"), response: ref("InspectionSettings")),
            ] as JSONValue),
            (base, JSONValue.object([
                ("get", operation("listInspections", "The company's inspection log: current versions, newest first, 50 a page", tag: tag,
                                 parameters: [companyID,
                                              queryParameter("site", string(max: 120), "Only this site"),
                                              queryParameter("day", string(format: "date"), "Only inspections made on this day (UTC), YYYY-MM-DD"),
                                              queryParameter("before", ["type": "integer"], "The previous page's nextBefore")],
                                 response: ref("InspectionPage"))),
                ("post", operation("recordInspection", "Record an inspection: every point of the checklist answered once, a failed point with a note (it puts the unit on hold). A clientKey sent again returns the first record (200) and records nothing", tag: tag,
                                  parameters: [companyID], body: ref("InspectionRequest"), status: "201", response: ref("Inspection"),
                                  extra: [("200", ["description": "Already recorded under this clientKey", "content": json(ref("Inspection"))]), clientKeyConflict])),
            ])),
            (base + "/{inspectionID}", ["get": operation("getInspection", "One inspection with all its versions", tag: tag, parameters: ids, response: ref("Inspection"))] as JSONValue),
            (base + "/{inspectionID}/sign-off", JSONValue.object([
                ("post", operation("signOffInspection", "Sign the current version off as supervisor (MSC 5.5); not the inspector's own", tag: tag,
                                  parameters: ids, response: ref("Inspection"))),
            ])),
            (base + "/{inspectionID}/photos", JSONValue.object([
                ("post", ["operationId": "addInspectionPhoto",
                          "summary": "Add a photo to an inspection (multipart/form-data: photo, a JPEG or PNG checked by content; point, optional, one of its points; client_key, optional: the same photo sent again under it stores nothing more). Stored in the company's evidence store under its size limit",
                          "tags": [.string(tag)], "parameters": .array(ids),
                          "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([
                              ("photo", ["type": "string", "format": "binary"]), ("point", string(max: 60)), ("client_key", string(max: ClientKey.maxLength)),
                          ], required: ["photo"])]]],
                          "responses": .object([("201", ["description": "Success", "content": json(ref("Inspection"))]), clientKeyConflict,
                                                ("413", ["description": "Larger than allowed", "content": json(ref("Error"))])] + errorResponses)]),
            ])),
            (base + "/{inspectionID}/corrections", JSONValue.object([
                ("post", operation("correctInspection", "Correct the current version: a new version with the answers and unit as given and a reason; the old version is kept", tag: tag,
                                  parameters: ids, body: ref("InspectionRequest"), response: ref("Inspection"))),
            ])),
        ])
        let text = string()
        let nullable = string(nullable: true)
        let int: JSONValue = ["type": "integer"]
        let bool: JSONValue = ["type": "boolean"]
        let result = object([("point", text), ("outcome", string(enumValues: outcomes)), ("note", nullable)], required: ["point", "outcome"])
        let schemas: JSONValue = [
            "InspectionRequest": object([
                ("checklist", ["type": "string", "maxLength": .int(InspectionChecklistValidator.maxKey),
                               "description": .string("A bundled checklist (\(checklistKeys.joined(separator: ", "))) or one of the company's own not retired (company-checklists)")]),
                ("containerNumber", ["type": ["string", "null"], "maxLength": 15, "description": "An ISO 6346 container number (check digit verified) or, for an air unit, an IATA ULD id such as AKE12345DL (format not yet confirmed against IATA's rules)"]), ("tractorPlate", string(max: InspectionValidator.maxPlate, nullable: true)),
                ("trailerPlate", string(max: InspectionValidator.maxPlate, nullable: true)), ("unitReference", string(max: InspectionValidator.maxReference, nullable: true)),
                ("site", string(max: 120)), ("yardLocation", string(max: 120, nullable: true)),
                ("inspectedAt", ["type": ["string", "null"], "format": "date-time",
                                 "description": .string("When the inspection was done, if before now (a phone that was offline): at most \(Int(DoneAt.maxSkew / 60)) minutes ahead of the server, at most \(DoneAt.maxAgeDays) days ago; the server's time when absent")]), ("clientKey", string(max: ClientKey.maxLength, nullable: true)),
                ("answers", ["type": "array", "items": object([("point", text), ("outcome", string(enumValues: outcomes)),
                                                               ("note", string(max: InspectionValidator.maxNote, nullable: true))], required: ["point", "outcome"])]),
                ("reinspectionOf", string(format: "uuid", nullable: true)),
                ("reason", string(max: 500, nullable: true)), ("version", ["type": ["integer", "null"]]),
            ], required: ["checklist", "site", "answers"]),
            "InspectionSummary": object([
                ("id", string(format: "uuid")), ("version", int), ("checklist", text), ("conveyance", text), ("unit", text), ("site", text),
                ("yardLocation", nullable), ("inspectedAt", string(format: "date-time")), ("inspector", text), ("status", string(enumValues: statuses)),
                ("failedPoints", int), ("reinspectionDue", bool),
            ], required: ["id", "version", "checklist", "unit", "site", "inspectedAt", "status", "failedPoints"]),
            "InspectionPage": object([("items", arrayOf("InspectionSummary")), ("nextBefore", ["type": ["integer", "null"]])], required: ["items"]),
            "InspectionVersion": object([
                ("version", int), ("checklist", text), ("checklistVersion", int), ("conveyance", text), ("containerNumber", nullable),
                ("tractorPlate", nullable), ("trailerPlate", nullable), ("unitReference", nullable), ("refrigerated", bool), ("site", text),
                ("yardLocation", nullable), ("inspectedAt", string(format: "date-time")), ("inspectorID", string(format: "uuid")), ("inspector", text),
                ("status", string(enumValues: statuses)), ("results", ["type": "array", "items": result]), ("signedOffBy", nullable),
                ("signedOffAt", string(format: "date-time", nullable: true)), ("correctionReason", nullable), ("recordedBy", text),
                ("recordedAt", string(format: "date-time")), ("supersededAt", string(format: "date-time", nullable: true)),
            ], required: ["version", "checklist", "site", "inspectedAt", "status", "results"]),
            "Inspection": object([
                ("id", string(format: "uuid")), ("status", string(enumValues: statuses)), ("failedPoints", ["type": "array", "items": text]),
                ("reinspectionDue", bool), ("reinspectionOf", string(format: "uuid", nullable: true)), ("versions", arrayOf("InspectionVersion")),
                ("photos", ["type": "array", "items": object([("id", string(format: "uuid")), ("point", nullable), ("fileName", text), ("url", text),
                                                              ("createdAt", string(format: "date-time"))], required: ["id", "fileName", "url", "createdAt"])]),
            ], required: ["id", "status", "failedPoints", "versions", "photos"]),
            "InspectionSummaryReport": object([
                ("since", string(format: "date")), ("days", int),
                ("sites", ["type": "array", "items": object([("site", text), ("done", int), ("held", int)], required: ["site", "done", "held"])]),
                ("failedPoints", ["type": "array", "items": object([("checklist", text), ("point", text), ("failed", int)], required: ["checklist", "point", "failed"])]),
            ], required: ["since", "days", "sites", "failedPoints"]),
            "InspectionSettings": object([
                ("requiresSignOff", ["type": ["boolean", "null"]]), ("reinspectionPercent", ["type": ["integer", "null"], "minimum": 0, "maximum": 100]),
                ("retentionMonths", ["type": ["integer", "null"], "minimum": .int(RecordRetention.minimumMonths), "maximum": .int(RecordRetention.maximumMonths)]),
                ("legalHold", ["type": ["boolean", "null"]]), ("legalHoldReason", string(max: RecordRetention.maxReason, nullable: true)),
            ]),
            "InspectionChecklist": object([
                ("key", text), ("version", int), ("title", text), ("conveyance", text), ("criteria", ["type": "array", "items": text]),
                ("unverified", bool), ("sources", ["type": "array", "items": text]),
                ("points", ["type": "array", "items": object([("key", text), ("order", int), ("title", text), ("security", text), ("agriculture", text)],
                                                             required: ["key", "order", "title"])]),
            ], required: ["key", "version", "title", "conveyance", "points"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
