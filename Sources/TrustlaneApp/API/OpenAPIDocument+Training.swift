import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/training...`: coverage by role, the roster, curricula,
    /// sessions with quizzes, and attendance (MSC 12.x, 11.5).
    static var trainingSection: Section {
        let tag = "Training"
        let companyID = pathParameter("companyID")
        let personID = pathParameter("personID")
        let sessionID = pathParameter("sessionID")
        let base = "/api/v1/companies/{companyID}/training"
        let text = string()
        let nullable = string(nullable: true)
        let topics = TrainingTopic.allCases.map(\.rawValue)
        let nullableInt: (Int, Int) -> JSONValue = { low, high in ["type": ["integer", "null"], "minimum": .int(low), "maximum": .int(high)] }
        let path0: (String, JSONValue) = (base + "/coverage", [
            "get": operation("getTrainingCoverage", "Coverage by role: people current on every topic of their role's curriculum, and per topic current, due within 30 days, overdue and never trained",
                             tag: tag, parameters: [companyID], response: ref("TrainingCoverage")),
        ])
        let path1: (String, JSONValue) = (base + "/curricula", [
            "get": operation("listCurricula", "The roles' curricula", tag: tag, parameters: [companyID], response: arrayOf("Curriculum")),
            "post": operation("saveCurriculum", "Save a role's curriculum (replacing the one of the same role): topics, each once, repeated every 1-60 months (12 when left out)",
                              tag: tag, parameters: [companyID], body: ref("CurriculumRequest"), status: "201", response: ref("Curriculum")),
        ])
        let path2: (String, JSONValue) = (base + "/people", [
            "get": operation("listPeople", "The active roster, by name (at most 500)", tag: tag, parameters: [companyID], response: ref("PersonList")),
            "post": operation("addPerson", "Add a person to the roster, in a role", tag: tag, parameters: [companyID], body: ref("PersonRequest"), status: "201", response: ref("Person")),
        ])
        let path3: (String, JSONValue) = (base + "/people/{personID}", [
            "get": operation("getPerson", "A person with their standing on each topic of their role", tag: tag, parameters: [companyID, personID], response: ref("Person")),
        ])
        let path4: (String, JSONValue) = (base + "/sessions", [
            "get": operation("listTrainingSessions", "The latest 50 sessions", tag: tag, parameters: [companyID], response: arrayOf("TrainingSession")),
            "post": operation("recordTrainingSession", "Record a session: title, topics, the day (YYYY-MM-DD; up to a year ahead for a planned one), trainer, and optionally a quiz (1-30 questions, 2-6 choices each, at least one right) with its pass mark",
                              tag: tag, parameters: [companyID], body: ref("TrainingSessionRequest"), status: "201", response: ref("TrainingSession")),
        ])
        let path5: (String, JSONValue) = (base + "/sessions/{sessionID}", [
            "get": operation("getTrainingSession", "A session with its attendance", tag: tag, parameters: [companyID, sessionID], response: ref("TrainingSession")),
        ])
        let path6: (String, JSONValue) = (base + "/sessions/{sessionID}/attendance", [
            "post": operation("recordTrainingAttendance", "Record who attended (replacing what was recorded for the same people), with a score or the quiz answers where the session has a quiz; refused for a session still ahead",
                              tag: tag, parameters: [companyID, sessionID], body: ref("TrainingAttendanceRequest"), response: ref("TrainingSession")),
        ])
        let path7: (String, JSONValue) = (base + "/people/{personID}/steps", [
            "post": operation("recordPersonnelStep", "Record a step of the person's hiring checklist (application verified, references, background check with cleared or not_cleared, code of conduct, orientation training) or, once they left, of the separation checklist (badges, keys, system access); statuses and days only",
                              tag: tag, parameters: [companyID, personID], body: ref("PersonStepRequest"), status: "201", response: ref("Person")),
        ])
        let path8: (String, JSONValue) = (base + "/people/{personID}/contact", [
            "put": operation("setPersonReminderContact", "Set (or, with a null email, clear) the address the person's own training reminders go to, and their language; reminders due soon and overdue go there as well as to the company's coordinators",
                             tag: tag, parameters: [companyID, personID], body: ref("PersonContactRequest"), response: ref("Person")),
        ])
        let fileID = pathParameter("fileID")
        let path9: (String, JSONValue) = (base + "/sessions/{sessionID}/files", [
            "post": ["operationId": "attachTrainingSessionFiles",
                     "summary": .string("Upload the session's signed attendance roster (purpose roster; once the session has been held) or its materials (purpose material) as multipart/form-data: purpose, and file repeated for up to \(RecordFiles.maxPerUpload) files; PDF, JPEG or PNG checked by content, each at most \(RecordFiles.maxFileBytes / 1024 / 1024) MB or the evidence limit if lower; at most \(RecordFiles.maxPerRecord) of each. Refused by field with nothing stored"),
                     "tags": [.string(tag)], "parameters": [companyID, sessionID],
                     "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([
                         ("purpose", string(enumValues: ["roster", "material"])),
                         ("file", ["type": "array", "maxItems": .int(RecordFiles.maxPerUpload), "items": ["type": "string", "format": "binary"]]),
                     ], required: ["purpose", "file"])]]],
                     "responses": .object([("201", ["description": "Success", "content": json(ref("TrainingSession"))]),
                                           ("413", ["description": "Larger than allowed", "content": json(ref("Error"))])] + errorResponses)],
        ])
        let path10: (String, JSONValue) = (base + "/sessions/{sessionID}/files/{fileID}", [
            "get": ["operationId": "downloadTrainingSessionFile", "summary": "Download one of the session's files (as an attachment, with its stored type)",
                    "tags": [.string(tag)], "parameters": [companyID, sessionID, fileID],
                    "responses": .object([("200", ["description": "The file", "content": [
                        "application/pdf": ["schema": ["type": "string", "format": "binary"]], "image/jpeg": ["schema": ["type": "string", "format": "binary"]],
                        "image/png": ["schema": ["type": "string", "format": "binary"]]]])] + errorResponses)],
            "delete": operation("removeTrainingSessionFile", "Remove the session's signed roster or one of its materials (the security coordinator or officer); audited with its name and digest, the stored bytes removed when nothing else names them. Refused with 409 while the training records are under a legal hold",
                                tag: tag, parameters: [companyID, sessionID, fileID], response: ref("TrainingSession"), extra: [legalHoldConflict]),
        ])
        let statuses = RescreeningStatus.allCases.map(\.rawValue)
        let integer: JSONValue = ["type": "integer"]
        let path11: (String, JSONValue) = (base + "/rescreening", [
            "get": operation("getRescreeningSchedule", "Who is due for periodic background re-screening (MSC 11.2): the active people in positions screened periodically, missing a cleared check first, then overdue, due within the warning window and current, each with the last cleared day and the due day. The intervals are Trustlane's defaults, not CBP's (unverified); `status` filters the items (the counts stay whole)",
                             tag: tag, parameters: [companyID, queryParameter("status", string(enumValues: statuses), "Only this status")], response: ref("RescreeningSchedule")),
        ])
        let paths: JSONValue = .object([path0, path1, path2, path3, path4, path5, path6, path7, path8, path9, path10, path11])
        let languages = nullableChoice(Language.allCases.map(\.rawValue))
        func nullableChoice(_ values: [String]) -> JSONValue { ["type": ["string", "null"], "enum": .array(values.map(JSONValue.string) + [.null])] }
        let requirement = object([("topic", string(enumValues: topics)), ("months", ["type": "integer"]), ("criteria", ["type": "array", "items": text])],
                                 required: ["topic", "months", "criteria"])
        let question = object([
            ("text", string(max: TrainingQuiz.maxText)),
            ("choices", ["type": "array", "minItems": 2, "maxItems": 6, "items": string(max: TrainingQuiz.maxText)]),
            ("correct", ["type": "array", "minItems": 1, "items": ["type": "integer"]]),
        ], required: ["text", "choices", "correct"])
        let schemas: JSONValue = [
            "CurriculumRequest": object([
                ("role", string(max: Curriculum.maxRole)),
                ("requirements", ["type": "array", "minItems": 1, "maxItems": .int(topics.count),
                                  "items": object([("topic", string(enumValues: topics)), ("months", nullableInt(1, 60))], required: ["topic"])]),
            ], required: ["role", "requirements"]),
            "Curriculum": object([("id", string(format: "uuid")), ("role", text), ("requirements", ["type": "array", "items": requirement])],
                                 required: ["id", "role", "requirements"]),
            "PersonRequest": object([
                ("name", string(max: TrainingService.maxName)), ("employeeRef", string(max: TrainingService.maxRef, nullable: true)),
                ("curriculumId", string(format: "uuid", nullable: true)), ("site", string(max: TrainingService.maxName, nullable: true)),
                ("hiredOn", string(max: 10, nullable: true)),
                ("sensitivity", nullableChoice(PositionSensitivity.allCases.map(\.rawValue))), ("employmentKind", nullableChoice(EmploymentKind.allCases.map(\.rawValue))),
                ("email", string(max: 254, nullable: true)), ("language", languages),
            ], required: ["name"]),
            "PersonContactRequest": object([("email", string(max: 254, nullable: true)), ("language", languages)]),
            "PersonStepRequest": object([
                ("step", string(enumValues: PersonnelStep.allCases.map(\.rawValue))), ("doneOn", string(max: 10, nullable: true)),
                ("result", nullableChoice(ScreeningResult.allCases.map(\.rawValue))),
            ], required: ["step"]),
            "PersonList": object([("items", ["type": "array", "items": object([
                ("id", string(format: "uuid")), ("name", text), ("employeeRef", nullable), ("role", nullable), ("site", nullable),
            ], required: ["id", "name"])])], required: ["items"]),
            "Person": object([
                ("id", string(format: "uuid")), ("name", text), ("employeeRef", nullable), ("curriculumId", string(format: "uuid", nullable: true)),
                ("role", nullable), ("site", nullable), ("hiredOn", nullable), ("separatedOn", nullable),
                ("sensitivity", text), ("employmentKind", text), ("rescreenDue", nullable), ("email", ["type": ["string", "null"], "description": "Only for those who keep the roster"]), ("language", string(enumValues: Language.allCases.map(\.rawValue))),
                ("steps", ["type": "array", "items": object([("step", text), ("criterion", text), ("doneOn", text), ("result", nullable)], required: ["step", "criterion", "doneOn"])]),
                ("incidents", ["type": ["array", "null"], "description": "The incidents that name the person, for those who may read the incident register (null for others)",
                               "items": object([("id", string(format: "uuid")), ("reference", text), ("type", text), ("status", text), ("title", text),
                                                ("discoveredAt", string(format: "date-time"))], required: ["id", "reference", "type", "status", "title", "discoveredAt"])]),
                ("standings", ["type": "array", "items": object([
                    ("topic", string(enumValues: topics)), ("months", ["type": "integer"]),
                    ("standing", string(enumValues: ["current", "due_soon", "overdue", "never"])), ("lastTrained", nullable), ("dueOn", nullable),
                ], required: ["topic", "months", "standing"])]),
            ], required: ["id", "name", "sensitivity", "employmentKind", "language", "standings", "steps"]),
            "TrainingSessionRequest": object([
                ("title", string(max: TrainingService.maxTitle)),
                ("topics", ["type": "array", "minItems": 1, "items": string(enumValues: topics)]),
                ("heldOn", string(max: 10)), ("trainer", string(max: TrainingService.maxName)), ("site", string(max: TrainingService.maxName, nullable: true)),
                ("minutes", nullableInt(1, 1_440)), ("notes", string(max: TrainingService.maxNotes, nullable: true)),
                ("quiz", ["type": ["array", "null"], "maxItems": .int(TrainingQuiz.maxQuestions), "items": question]),
                ("passMark", nullableInt(1, 100)),
            ], required: ["title", "topics", "heldOn", "trainer"]),
            "TrainingAttendanceRequest": object([
                ("attendees", ["type": "array", "minItems": 1, "maxItems": .int(TrainingService.maxAttendees), "items": object([
                    ("personId", string(format: "uuid")), ("score", nullableInt(0, 100)),
                    ("answers", ["type": ["array", "null"], "items": ["type": "array", "items": ["type": "integer"]]]),
                ], required: ["personId"])]),
            ], required: ["attendees"]),
            "TrainingSession": object([
                ("id", string(format: "uuid")), ("title", text), ("topics", ["type": "array", "items": text]), ("criteria", ["type": "array", "items": text]),
                ("heldOn", text), ("trainer", text), ("site", nullable), ("minutes", ["type": "integer"]), ("passMark", ["type": ["integer", "null"]]),
                ("questions", ["type": "integer"]), ("notes", nullable),
                ("attendees", ["type": "array", "items": object([
                    ("personId", string(format: "uuid")), ("name", text), ("score", ["type": ["integer", "null"]]), ("passed", ["type": "boolean"]),
                ], required: ["personId", "name", "passed"])]),
                ("files", ["type": ["array", "null"], "description": "The signed roster and materials (one session's answer only)", "items": object([
                    ("id", string(format: "uuid")), ("purpose", string(enumValues: ["roster", "material"])), ("fileName", text),
                    ("contentType", string(enumValues: ["application/pdf", "image/jpeg", "image/png"])), ("size", ["type": "integer"]), ("sha256", text),
                    ("uploadedBy", nullable), ("uploadedAt", string(format: "date-time")), ("url", text),
                ], required: ["id", "purpose", "fileName", "contentType", "size", "sha256", "uploadedAt", "url"])]),
            ], required: ["id", "title", "topics", "criteria", "heldOn", "trainer", "minutes", "questions", "attendees"]),
            "RescreeningSchedule": object([
                ("intervalMonths", ["type": "object", "additionalProperties": ["type": "integer"]]), ("intervalsUnverified", ["type": "boolean"]),
                ("warningDays", ["type": "integer"]), ("counts", object(statuses.map { ($0, integer) }, required: statuses)),
                ("truncated", ["type": "boolean"]),
                ("items", ["type": "array", "items": object([
                    ("personId", string(format: "uuid")), ("name", text), ("employeeRef", nullable), ("role", nullable), ("site", nullable), ("sensitivity", text),
                    ("employmentKind", text), ("lastCleared", nullable), ("dueOn", nullable), ("status", string(enumValues: statuses)),
                ], required: ["personId", "name", "sensitivity", "employmentKind", "status"])]),
            ], required: ["intervalMonths", "intervalsUnverified", "warningDays", "counts", "truncated", "items"]),
            "TrainingCoverage": object([
                ("people", ["type": "integer"]), ("withoutRole", ["type": "integer"]),
                ("roles", ["type": "array", "items": object([
                    ("role", text), ("people", ["type": "integer"]), ("fullyCurrent", ["type": "integer"]), ("percent", ["type": "integer"]),
                    ("topics", ["type": "array", "items": object([
                        ("topic", text), ("current", ["type": "integer"]), ("dueSoon", ["type": "integer"]), ("overdue", ["type": "integer"]), ("never", ["type": "integer"]),
                    ], required: ["topic", "current", "dueSoon", "overdue", "never"])]),
                ], required: ["role", "people", "fullyCurrent", "percent", "topics"])]),
            ], required: ["people", "withoutRole", "roles"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
