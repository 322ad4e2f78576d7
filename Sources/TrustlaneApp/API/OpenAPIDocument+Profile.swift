import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// A day in a multipart form, where a blank field means "not given" (as on the page's form).
    static func formDay(_ description: String) -> JSONValue {
        ["type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", "description": .string(description)]
    }

    /// The security profile, evidence and corrective actions.
    static var profileSection: Section {
        let companyID = pathParameter("companyID")
        let criterionID = pathParameter("criterionID", format: nil)
        let conflict: (String, JSONValue) = ("409", ["description": "Someone saved this criterion since you read it (stale edit), or the profile already exists",
                                                     "content": json(ref("Error"))])
        let paths: JSONValue = [
            "/api/v1/companies/{companyID}/profile": [
                "get": operation("getProfile", "The current security profile with progress and every applicable criterion's answer", tag: "profile",
                                 parameters: [companyID], response: ref("Profile")),
                "post": operation("openProfile", "Open the profile for entity types (one answer per applicable criterion)", tag: "profile",
                                  parameters: [companyID], body: ref("OpenProfileRequest"), status: "201", response: ref("Profile"), extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/profile/upgrade": [
                "get": operation("previewProfileUpgrade", "What moving the profile to the newer catalog version would change (404 when it is on the newest)",
                                 tag: "profile", parameters: [companyID], response: ref("ProfileUpgradePreview")),
                "post": operation("upgradeProfile", "Move the profile to a newer catalog version (company officer): answers, evidence links, comments, actions and findings follow its mapping",
                                  tag: "profile", parameters: [companyID], body: ref("UpgradeProfileRequest"), response: ref("Profile"), extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/profile/conditions": [
                "put": operation("answerConditions", "Answer applicability conditions (condition id → true/false)", tag: "profile",
                                 parameters: [companyID], body: ref("ConditionsRequest"), response: ref("Profile")),
            ],
            "/api/v1/companies/{companyID}/profile/answers/{criterionID}": [
                "put": operation("saveAnswer", "Save one answer; send the version you started from as baseVersion", tag: "profile",
                                 parameters: [companyID, criterionID], body: ref("SaveAnswerRequest"),
                                 response: ["type": "object", "additionalProperties": string()], extra: [conflict]),
            ],
            "/api/v1/companies/{companyID}/profile/answers/{criterionID}/history": [
                "get": operation("answerHistory", "Every saved version of an answer, newest first", tag: "profile", parameters: [companyID, criterionID],
                                 response: ["type": "array", "items": object([("version", ["type": "integer"]), ("status", string()), ("narrative", string()),
                                                                              ("changedBy", string(nullable: true)), ("changedAt", string(format: "date-time"))])]),
            ],
            "/api/v1/companies/{companyID}/profile/gaps": [
                "get": operation("gapAnalysis", "Every criterion not met, Musts first (a Must whose 'not applicable' the reviewer rejected included), then the Musts claimed not applicable that await the reviewer", tag: "profile", parameters: [companyID], response: arrayOf("Gap")),
            ],
            "/api/v1/companies/{companyID}/profile/submissions": [
                "get": operation("listSubmissions", "Submitted snapshots, newest first", tag: "profile", parameters: [companyID], response: arrayOf("SnapshotSummary")),
                "post": operation("submitProfile", "Submit (company officer; declaration required; every applicable Must answered)", tag: "profile",
                                  parameters: [companyID], body: ref("SubmitProfileRequest"), status: "201", response: ref("SnapshotSummary")),
            ],
            "/api/v1/companies/{companyID}/profile/submissions/{snapshotID}": [
                "get": operation("getSubmission", "One immutable snapshot as submitted", tag: "profile", parameters: [companyID, pathParameter("snapshotID")],
                                 response: ["type": "object"]),
            ],
            "/api/v1/companies/{companyID}/profile/criteria/{criterionID}/comments": [
                "post": operation("postReviewComment", "Reviewer comment or request for information; company response", tag: "profile",
                                  parameters: [companyID, criterionID], body: ref("ReviewCommentRequest"), status: "201", response: nil),
            ],
            "/api/v1/companies/{companyID}/profile/criteria/{criterionID}/not-applicable-decision": [
                "post": operation("decideNotApplicableClaim",
                                  "Reviewer only: accept or reject a Must the company submitted as not applicable to its business model (a rejection needs a reason and makes it a gap until the company answers again)",
                                  tag: "profile", parameters: [companyID, criterionID], body: ref("NotApplicableDecisionRequest"), status: "201",
                                  response: ref("NotApplicableDecision")),
            ],
            "/api/v1/companies/{companyID}/evidence": [
                "get": operation("listEvidence", "The company's evidence files", tag: "evidence", parameters: [companyID], response: arrayOf("Evidence")),
                "post": ["operationId": "uploadEvidence", "summary": "Upload an evidence file (multipart/form-data: file, title, effective_date, expiry_date)",
                         "tags": ["evidence"], "parameters": [companyID],
                         "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": object([
                             ("file", ["type": "string", "format": "binary"]), ("title", string(max: 200)),
                             ("effective_date", formDay("YYYY-MM-DD; blank or left out: today")),
                             ("expiry_date", formDay("YYYY-MM-DD; blank or left out: none"))], required: ["file", "title"])]]],
                         "responses": .object([("201", ["description": "Stored", "content": json(ref("Evidence"))]),
                                               ("413", ["description": "Larger than allowed", "content": json(ref("Error"))])] + errorResponses)],
            ],
            "/api/v1/companies/{companyID}/corrective-actions": [
                "get": operation("listCorrectiveActions", "The company's corrective actions", tag: "actions", parameters: [companyID], response: arrayOf("CorrectiveAction")),
                "post": operation("createCorrectiveAction", "Open a corrective action", tag: "actions", parameters: [companyID],
                                  body: ref("CreateCorrectiveActionRequest"), status: "201", response: ref("CorrectiveAction")),
            ],
            "/api/v1/companies/{companyID}/corrective-actions/{actionID}/status": [
                "post": operation("moveCorrectiveAction", "Move an action to another status", tag: "actions", parameters: [companyID, pathParameter("actionID")],
                                  body: ref("MoveCorrectiveActionRequest"), status: "204", response: nil,
                                  extra: [("409", ["description": "Someone changed the action since baseVersion was read", "content": json(ref("Error"))])]),
            ],
        ]
        let answer = object([("criterionId", string()), ("category", ["type": "integer"]), ("level", string()), ("title", string()),
                             ("requiredBy", ["type": "array", "items": string()]),
                             ("status", string(enumValues: AnswerStatus.allCases.map(\.rawValue))), ("narrative", string()),
                             ("notApplicableReason", string(nullable: true)), ("responsible", string(nullable: true)),
                             ("evidence", ["type": "array", "items": object([("id", string(format: "uuid")), ("title", string()), ("sha256", string())])]),
                             ("version", ["type": "integer"]), ("updatedAt", string(format: "date-time", nullable: true)),
                             ("notApplicableClaim", ["oneOf": [["type": "null"],
                                                               object([("state", string(enumValues: NotApplicableClaimState.allCases.map(\.rawValue))),
                                                                       ("reason", string(nullable: true)),
                                                                       ("decidedAt", string(format: "date-time", nullable: true))])]])])
        let schemas: JSONValue = [
            "Profile": object([("id", string(format: "uuid")), ("catalogId", string()), ("entityTypes", ["type": "array", "items": string()]),
                               ("conditions", ["type": "object", "additionalProperties": ["type": "boolean"]]),
                               ("pendingConditions", ["type": "array", "items": string()]), ("submissions", ["type": "integer"]),
                               ("lastSubmittedAt", string(format: "date-time", nullable: true)),
                               ("progress", object([("total", ["type": "integer"]), ("answered", ["type": "integer"]), ("complete", ["type": "integer"]),
                                                    ("percentComplete", ["type": "integer"]), ("openMusts", ["type": "array", "items": string()]),
                                                    ("awaitingReview", ["type": "array", "items": string()])])),
                               ("answers", ["type": "array", "items": answer])]),
            "OpenProfileRequest": object([("entityTypes", ["type": "array", "items": string(enumValues: EntityType.allCases.map(\.code)), "minItems": 1]),
                                          ("catalogId", string(nullable: true))], required: ["entityTypes"]),
            "ConditionsRequest": object([("conditions", ["type": "object", "additionalProperties": ["type": "boolean"]])], required: ["conditions"]),
            "SaveAnswerRequest": object([("status", string(enumValues: AnswerStatus.allCases.map(\.rawValue))), ("narrative", string(max: 10_000, nullable: true)),
                                         ("notApplicableReason", string(max: 2_000, nullable: true)), ("responsible", string(max: 200, nullable: true)),
                                         ("evidenceIds", ["type": "array", "items": string(format: "uuid")]), ("baseVersion", ["type": "integer", "minimum": 0])],
                                        required: ["status", "baseVersion"]),
            "SubmitProfileRequest": object([("declaration", ["type": "boolean"])], required: ["declaration"]),
            "UpgradeProfileRequest": object([("catalogId", string(max: 200))], required: ["catalogId"]),
            "CriterionMove": object([("from", string()), ("to", string()), ("answered", ["type": "boolean"])]),
            "ProfileUpgradePreview": object([("from", string()), ("to", string()),
                                             ("renumbered", ["type": "array", "items": ref("CriterionMove")]),
                                             ("folded", ["type": "array", "items": ref("CriterionMove")]),
                                             ("changed", ["type": "array", "items": string()]), ("added", ["type": "array", "items": string()])]),
            "SnapshotSummary": object([("id", string(format: "uuid")), ("sequence", ["type": "integer"]), ("submittedAt", string(format: "date-time")),
                                       ("digest", string())]),
            "Gap": object([("criterionId", string()), ("level", string()), ("status", string()),
                           ("notApplicableClaim", string(nullable: true, enumValues: [NotApplicableClaimState.rejected.rawValue, NotApplicableClaimState.awaitingReview.rawValue])),
                           ("narrative", string()),
                           ("correctiveActions", ["type": "integer"]), ("openCorrectiveActions", ["type": "integer"])]),
            "Evidence": object([("id", string(format: "uuid")), ("title", string()), ("fileName", string()), ("sha256", string()), ("size", ["type": "integer"]),
                                ("contentType", string()), ("effectiveDate", string(format: "date", nullable: true)), ("expiryDate", string(format: "date", nullable: true))]),
            "CorrectiveAction": object([("id", string(format: "uuid")), ("title", string()), ("owner", string(nullable: true)), ("dueDate", string(format: "date")),
                                        ("status", string(enumValues: CorrectiveActionStatus.allCases.map(\.rawValue))), ("criteria", ["type": "array", "items": string()]),
                                        ("source", string()), ("version", ["type": "integer"])]),
            "CreateCorrectiveActionRequest": object([("title", string(max: 200)), ("details", string(max: 5_000, nullable: true)), ("owner", string(max: CorrectiveActionDraft.ownerMaxLength)),
                                                     ("dueDate", string(format: "date")), ("criteria", ["type": "array", "items": string()])],
                                                    // Core refuses an action without an owner: someone must answer for it.
                                                    required: ["title", "owner", "dueDate"]),
            "MoveCorrectiveActionRequest": object([("status", string(enumValues: CorrectiveActionStatus.allCases.map(\.rawValue))), ("baseVersion", ["type": "integer"])],
                                                  required: ["status"]),
            "NotApplicableDecisionRequest": object([("decision", string(enumValues: NotApplicableVerdict.allCases.map(\.rawValue))),
                                                    ("reason", string(max: NotApplicableClaims.reasonMaxLength, nullable: true))],
                                                   required: ["decision"]),
            "NotApplicableDecision": object([("criterionId", string()), ("decision", string(enumValues: NotApplicableVerdict.allCases.map(\.rawValue))),
                                             ("reason", string()), ("answerVersion", ["type": "integer"]), ("decidedAt", string(format: "date-time"))]),
            "ReviewCommentRequest": object([("kind", string(enumValues: ReviewCommentKind.allCases.map(\.rawValue))), ("body", string(max: 5_000)),
                                            ("replyTo", string(format: "uuid", nullable: true)), ("internal", ["type": "boolean"])], required: ["kind", "body"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
