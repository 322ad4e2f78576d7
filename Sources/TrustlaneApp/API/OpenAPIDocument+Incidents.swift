import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/incidents...`, `/incident-link` and
    /// `/api/v1/anonymous-reports/{reportKey}`: the incident register (MSC 7.23-7.37, 6.1, 7.25).
    static var incidentsSection: Section {
        let tag = "Incidents"
        let companyID = pathParameter("companyID")
        let incidentID = pathParameter("incidentID")
        let reportKey = pathParameter("reportKey", format: nil)
        let base = "/api/v1/companies/{companyID}/incidents"
        let text = string()
        let nullable = string(nullable: true)
        let time = string(format: "date-time")
        let nullableTime = string(format: "date-time", nullable: true)
        let typedTime = "a date and time: ISO 8601 with its offset (2026-12-05T14:30:00Z), or without one in the account's time zone"
        let incident = ref("Incident")
        let error = json(ref("Error"))
        let publicErrors: [(String, JSONValue)] = [
            ("400", ["description": "Invalid input; `error.fields` names each field", "content": error]),
            ("404", ["description": "No anonymous reporting link has this key (or it was turned off)", "content": error]),
            ("429", ["description": "Too many reports from this address or to this company in the last hour", "content": error]),
        ]
        let types = IncidentType.allCases.map(\.rawValue)
        let statuses: [String] = ["active"] + IncidentStatus.allCases.map(\.rawValue)
        let listParameters: [JSONValue] = [companyID,
                                           queryParameter("status", string(enumValues: statuses), "active = not closed or dismissed"),
                                           queryParameter("type", string(enumValues: types), "The incident type"),
                                           queryParameter("before", ["type": "integer"], "The previous page's nextBefore")]
        let reportSummary = "File an incident: its type, severity, what happened, when (" + typedTime + ") and by whom it was discovered, whether CBP found it, where, and what it touches (a shipment, an inspection, seal numbers, business partners, people of the roster). Any member who works for the company may file one; one incident per inspection"
        let path0: (String, JSONValue) = (base, [
                "get": operation("listIncidents", "The incident register, newest first, 50 a page; `status` (active, or a status) and `type` filter it", tag: tag,
                                 parameters: listParameters, response: ref("IncidentPage")),
                "post": operation("reportIncident", reportSummary,
                                  tag: tag, parameters: [companyID], body: ref("IncidentRequest"), status: "201", response: ref("IncidentCreated")),
            ])
        let path1: (String, JSONValue) = (base + "/{incidentID}", [
                "get": operation("getIncident", "An incident with its links, notifications (and whether CBP heard it from the company first), timeline, findings, corrective actions and what closing still needs",
                                 tag: tag, parameters: [companyID, incidentID], response: incident),
            ])
        let path2: (String, JSONValue) = (base + "/{incidentID}/confirm", [
                "post": operation("confirmIncident", "Confirm an unconfirmed (anonymous) report: it becomes an open incident", tag: tag,
                                  parameters: [companyID, incidentID], response: incident),
            ])
        let path3: (String, JSONValue) = (base + "/{incidentID}/dismiss", [
                "post": operation("dismissIncident", "Dismiss an unconfirmed or open entry, with the reason", tag: tag,
                                  parameters: [companyID, incidentID], body: ref("IncidentReasonRequest"), response: incident),
            ])
        let path4: (String, JSONValue) = (base + "/{incidentID}/investigation", [
                "post": operation("startIncidentInvestigation", "Start the investigation of an open incident (MSC 7.37)", tag: tag,
                                  parameters: [companyID, incidentID], response: incident),
            ])
        let path5: (String, JSONValue) = (base + "/{incidentID}/notifications", [
                "post": operation("recordIncidentNotification", "Record that a party was told: whom (the target and the person or office), who told them, when (" + typedTime + "; not before the discovery) and how",
                                  tag: tag, parameters: [companyID, incidentID], body: ref("IncidentNotificationRequest"), status: "201", response: incident),
            ])
        let path6: (String, JSONValue) = (base + "/{incidentID}/timeline", [
                "post": operation("addIncidentTimelineEntry", "Add an entry to the investigation's timeline (an open incident's investigation starts with it)", tag: tag,
                                  parameters: [companyID, incidentID], body: ref("IncidentNoteRequest"), status: "201", response: incident),
            ])
        let path7: (String, JSONValue) = (base + "/{incidentID}/findings", [
                "put": operation("saveIncidentFindings", "Save the findings, the root cause and, for a type CBP wants reported, the reason it was not", tag: tag,
                                 parameters: [companyID, incidentID], body: ref("IncidentFindingsRequest"), response: incident),
            ])
        let path8: (String, JSONValue) = (base + "/{incidentID}/close", [
                "post": operation("closeIncident", "Close the investigation: refused with every reason until findings and root cause are written and, for a type CBP wants reported, CBP was told or the reason it was not is given",
                                  tag: tag, parameters: [companyID, incidentID], response: incident),
            ])
        let path9: (String, JSONValue) = (base + "/{incidentID}/corrective-actions", [
                "post": operation("addIncidentCorrectiveAction", "Open a corrective action on the company's list for the incident (its criteria by default)", tag: tag,
                                  parameters: [companyID, incidentID], body: ref("IncidentActionRequest"), status: "201", response: incident),
            ])
        let path10: (String, JSONValue) = ("/api/v1/companies/{companyID}/incident-link", [
                "get": operation("getIncidentLink", "Whether the company's anonymous reporting link is on, and its address", tag: tag,
                                 parameters: [companyID], response: ref("IncidentLink")),
                "put": operation("setIncidentLink", "Turn the anonymous reporting link on or off, or give it a new key (the old link stops working)", tag: tag,
                                 parameters: [companyID], body: ref("IncidentLinkRequest"), response: ref("IncidentLink")),
            ])
        let path11: (String, JSONValue) = ("/api/v1/anonymous-reports/{reportKey}", [
                "post": multipartToo(operation("reportAnonymously", "Report a concern to a company through its anonymous link, without an account (MSC 7.25); answers with a receipt code to add information later. Limited per address and per company. As JSON (at most 64 KB), or as multipart/form-data with the same fields and photos or documents (file, repeated for up to \(RecordFiles.maxPerUpload); PDF, JPEG or PNG checked by content, each at most \(IncidentService.anonymousMaxFileBytes / 1024 / 1024) MB), kept with the report or, on any refusal, nothing kept",
                                  tag: tag, parameters: [reportKey], body: ref("AnonymousReportRequest"), status: "201", response: ref("AnonymousReportReceipt"),
                                  open: true, extra: publicErrors), schema: ref("AnonymousReportUpload")),
            ])
        let path12: (String, JSONValue) = ("/api/v1/anonymous-reports/{reportKey}/follow-ups", [
                "post": multipartToo(operation("followUpAnonymousReport", "Add information to an anonymous report with its receipt code: text as JSON, or as multipart/form-data text, files (file, repeated for up to \(RecordFiles.maxPerUpload), as the report's; at most \(RecordFiles.maxPerRecord) on a report in all) or both. Counted against the same limits as a report; refused on a closed or dismissed report", tag: tag,
                                  parameters: [reportKey], body: ref("AnonymousFollowUpRequest"), response: ref("AnonymousFollowUp"), open: true, extra: publicErrors),
                                     schema: ref("AnonymousFollowUpUpload")),
            ])
        let personID = pathParameter("personID")
        let path13: (String, JSONValue) = (base + "/{incidentID}/people", [
                "post": operation("addIncidentPerson", "Name a person of the company's roster (training/people) on the incident; a person of another company, one already named or an incident closed or dismissed is refused (400, field personId)",
                                  tag: tag, parameters: [companyID, incidentID], body: ref("IncidentPersonRequest"), status: "201", response: incident),
            ])
        let path14: (String, JSONValue) = (base + "/{incidentID}/people/{personID}", [
                "delete": operation("removeIncidentPerson", "Take a person off the incident (404 when the incident does not name them)", tag: tag,
                                    parameters: [companyID, incidentID, personID], response: incident),
            ])
        let fileID = pathParameter("fileID")
        let path15: (String, JSONValue) = (base + "/{incidentID}/files", [
                "post": ["operationId": "attachIncidentFiles",
                         "summary": .string("Attach files to the incident (multipart/form-data: file, repeated for up to \(RecordFiles.maxPerUpload) files; PDF, JPEG or PNG checked by content, each at most \(RecordFiles.maxFileBytes / 1024 / 1024) MB or the evidence limit if lower; at most \(RecordFiles.maxPerRecord) an incident). Refused by file with nothing stored; not on a closed or dismissed incident"),
                         "tags": [.string(tag)], "parameters": [companyID, incidentID],
                         "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([
                             ("file", ["type": "array", "maxItems": .int(RecordFiles.maxPerUpload), "items": ["type": "string", "format": "binary"]]),
                         ], required: ["file"])]]],
                         "responses": .object([("201", ["description": "Success", "content": json(incident)]),
                                               ("413", ["description": "Larger than allowed", "content": error])] + errorResponses)],
            ])
        let path16: (String, JSONValue) = (base + "/{incidentID}/files/{fileID}", [
                "get": ["operationId": "downloadIncidentFile", "summary": "Download one of the incident's files (as an attachment, with its stored type)",
                        "tags": [.string(tag)], "parameters": [companyID, incidentID, fileID],
                        "responses": .object([("200", ["description": "The file", "content": [
                            "application/pdf": ["schema": ["type": "string", "format": "binary"]], "image/jpeg": ["schema": ["type": "string", "format": "binary"]],
                            "image/png": ["schema": ["type": "string", "format": "binary"]]]])] + errorResponses)],
                "delete": operation("removeIncidentFile", "Remove one of the incident's files, an anonymous reporter's too (the security coordinator or officer), whatever the incident's status; audited with its name and digest, the stored bytes removed when nothing else names them. Refused with 409 while the incidents are under a legal hold",
                                    tag: tag, parameters: [companyID, incidentID, fileID], response: incident, extra: [legalHoldConflict]),
            ])
        let paths: JSONValue = .object([path0, path1, path2, path3, path4, path5, path6, path7, path8, path9, path10, path11, path12, path13, path14, path15, path16])
        let nullableBool: JSONValue = ["type": ["boolean", "null"]]
        func nullableChoice(_ values: [String]) -> JSONValue { ["type": ["string", "null"], "enum": .array(values.map(JSONValue.string) + [.null])] }
        let schemas: JSONValue = [
            "IncidentRequest": object([
                ("type", string(enumValues: types)), ("severity", nullableChoice(IncidentSeverity.allCases.map(\.rawValue))),
                ("title", string(max: IncidentValidator.maxTitle)), ("description", string(max: IncidentValidator.maxDescription)),
                ("discoveredAt", string(max: 40)), ("discoveredBy", string(max: IncidentValidator.maxName)), ("foundByCbp", nullableBool),
                ("location", string(max: IncidentValidator.maxLocation, nullable: true)),
                ("shipmentId", string(format: "uuid", nullable: true)), ("inspectionId", string(format: "uuid", nullable: true)),
                ("sealNumbers", string(max: IncidentService.maxSealText, nullable: true)),
                ("partnerIds", ["type": ["array", "null"], "maxItems": .int(IncidentService.maxPartnerLinks), "items": string(format: "uuid")]),
                ("personIds", ["type": ["array", "null"], "maxItems": .int(IncidentService.maxPeopleLinks), "items": string(format: "uuid"),
                               "description": "People of the company's roster (training/people) the incident names, saved with it; another company's person is refused (400, field personIds)"]),
            ], required: ["type", "title", "description", "discoveredAt", "discoveredBy"]),
            "IncidentReasonRequest": object([("reason", string(max: IncidentInvestigation.maxReason))], required: ["reason"]),
            "IncidentNotificationRequest": object([
                ("target", string(enumValues: NotificationTarget.allCases.map(\.rawValue))), ("recipient", string(max: IncidentValidator.maxName)),
                ("notifiedBy", string(max: IncidentValidator.maxName)), ("notifiedAt", string(max: 40)),
                ("channel", string(enumValues: NotificationChannel.allCases.map(\.rawValue))), ("note", string(max: NotificationDraft.maxNote, nullable: true)),
            ], required: ["target", "recipient", "notifiedBy", "notifiedAt", "channel"]),
            "IncidentNoteRequest": object([("text", string(max: IncidentInvestigation.maxEntry)), ("at", string(max: 40, nullable: true))], required: ["text"]),
            "IncidentFindingsRequest": object([
                ("findings", string(max: IncidentInvestigation.maxFindings, nullable: true)), ("rootCause", string(max: IncidentInvestigation.maxRootCause, nullable: true)),
                ("notReportedReason", string(max: IncidentInvestigation.maxReason, nullable: true)),
            ]),
            "IncidentActionRequest": object([
                ("title", string(max: CorrectiveActionDraft.titleMaxLength)), ("owner", string(max: CorrectiveActionDraft.ownerMaxLength)),
                ("dueDate", string(max: 10)), ("details", string(max: CorrectiveActionDraft.detailsMaxLength, nullable: true)),
                ("criteria", ["type": ["array", "null"], "maxItems": .int(CorrectiveActionDraft.maxCriteria), "items": string(max: 20)]),
            ], required: ["title", "owner", "dueDate"]),
            "IncidentPersonRequest": object([("personId", string(format: "uuid"))], required: ["personId"]),
            "IncidentLinkRequest": object([("enabled", ["type": "boolean"]), ("renew", nullableBool)], required: ["enabled"]),
            "IncidentLink": object([("enabled", ["type": "boolean"]), ("url", nullable)], required: ["enabled"]),
            "AnonymousReportRequest": object([
                ("type", nullableChoice(types)), ("description", string(max: AnonymousReportDraft.maxDescription)),
                ("location", string(max: IncidentValidator.maxLocation, nullable: true)), ("happenedAt", string(max: 40, nullable: true)),
                ("contact", string(max: AnonymousReportDraft.maxContact, nullable: true)),
            ], required: ["description"]),
            "AnonymousReportUpload": object([
                ("type", string(enumValues: types)), ("description", string(max: AnonymousReportDraft.maxDescription)),
                ("location", string(max: IncidentValidator.maxLocation)), ("happenedAt", string(max: 40)),
                ("contact", string(max: AnonymousReportDraft.maxContact)),
                ("file", ["type": "array", "maxItems": .int(RecordFiles.maxPerUpload), "items": ["type": "string", "format": "binary"]]),
            ], required: ["description"]),
            "AnonymousReportReceipt": object([("reference", text), ("receiptCode", text), ("files", ["type": "integer"])], required: ["reference", "receiptCode", "files"]),
            "AnonymousFollowUpRequest": object([("code", string(max: 24)), ("text", string(max: AnonymousReportDraft.maxDescription))], required: ["code", "text"]),
            "AnonymousFollowUpUpload": object([
                ("code", string(max: 24)), ("text", string(max: AnonymousReportDraft.maxDescription)),
                ("file", ["type": "array", "maxItems": .int(RecordFiles.maxPerUpload), "items": ["type": "string", "format": "binary"]]),
            ], required: ["code"]),
            "AnonymousFollowUp": object([("reference", text), ("files", ["type": "integer"])], required: ["reference", "files"]),
            "IncidentCreated": object([("id", string(format: "uuid")), ("reference", text)], required: ["id", "reference"]),
            "IncidentPage": object([
                ("items", ["type": "array", "items": object([
                    ("id", string(format: "uuid")), ("reference", text), ("type", text), ("severity", text), ("status", text), ("source", text), ("title", text),
                    ("discoveredAt", time), ("foundByCbp", ["type": "boolean"]),
                    ("selfReport", string(enumValues: ["reported_first", "cbp_found", "not_reported"])), ("closedAt", nullableTime), ("createdAt", time),
                ], required: ["id", "reference", "type", "severity", "status", "source", "title", "discoveredAt", "foundByCbp", "selfReport", "createdAt"])]),
                ("nextBefore", ["type": "integer", "nullable": true]),
            ], required: ["items"]),
            "Incident": object([
                ("id", string(format: "uuid")), ("reference", text), ("type", string(enumValues: types)),
                ("severity", string(enumValues: IncidentSeverity.allCases.map(\.rawValue))), ("status", string(enumValues: IncidentStatus.allCases.map(\.rawValue))),
                ("source", string(enumValues: IncidentSource.allCases.map(\.rawValue))), ("title", text), ("description", text), ("location", nullable),
                ("discoveredAt", time), ("discoveredBy", text), ("foundByCbp", ["type": "boolean"]), ("reportedBy", nullable), ("reporterContact", nullable),
                ("criteria", ["type": "array", "items": text]),
                ("links", ["type": "array", "items": object([("kind", text), ("target", text), ("label", text)], required: ["kind", "target", "label"])]),
                ("people", ["type": "array", "items": object([("id", string(format: "uuid")), ("name", text)], required: ["id", "name"])]),
                ("files", ["type": "array", "items": object([
                    ("id", string(format: "uuid")), ("fileName", text), ("contentType", string(enumValues: ["application/pdf", "image/jpeg", "image/png"])),
                    ("size", ["type": "integer"]), ("sha256", text), ("uploadedBy", nullable), ("anonymous", ["type": "boolean"]), ("uploadedAt", time), ("url", text),
                ], required: ["id", "fileName", "contentType", "size", "sha256", "anonymous", "uploadedAt", "url"])]),
                ("notifications", ["type": "array", "items": object([
                    ("target", text), ("recipient", text), ("notifiedBy", text), ("notifiedAt", time), ("channel", text), ("note", nullable),
                    ("recordedBy", nullable), ("recordedAt", time),
                ], required: ["target", "recipient", "notifiedBy", "notifiedAt", "channel", "recordedAt"])]),
                ("pendingNotifications", ["type": "array", "items": text]),
                ("selfReport", string(enumValues: ["reported_first", "cbp_found", "not_reported"])), ("reportedToCbpAt", nullableTime),
                ("investigationStartedAt", nullableTime),
                ("timeline", ["type": "array", "items": object([("kind", text), ("at", time), ("text", text), ("author", nullable)], required: ["kind", "at", "text"])]),
                ("findings", nullable), ("rootCause", nullable), ("notReportedReason", nullable), ("dismissedReason", nullable),
                ("correctiveActions", ["type": "array", "items": object([
                    ("id", string(format: "uuid")), ("title", text), ("owner", nullable), ("dueDate", text), ("status", text),
                ], required: ["id", "title", "dueDate", "status"])]),
                ("closureNeeds", ["type": "array", "items": text]), ("closedAt", nullableTime), ("closedBy", nullable), ("createdAt", time), ("updatedAt", time),
            ], required: ["id", "reference", "type", "severity", "status", "source", "title", "description", "discoveredAt", "discoveredBy", "foundByCbp",
                          "criteria", "links", "people", "files", "notifications", "pendingNotifications", "selfReport", "timeline", "correctiveActions", "closureNeeds",
                          "createdAt", "updatedAt"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
