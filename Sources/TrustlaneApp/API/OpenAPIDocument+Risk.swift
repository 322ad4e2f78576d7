import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/risk-assessments...`.
    static var riskSection: Section {
        let tag = "Risk assessments"
        let companyID = pathParameter("companyID")
        let assessmentID = pathParameter("assessmentID")
        let chainID = pathParameter("chainID")
        let base = "/api/v1/companies/{companyID}/risk-assessments"
        let one = base + "/{assessmentID}"
        let ids = [companyID, assessmentID]
        let chainIDs = [companyID, assessmentID, chainID]
        let chainBody: JSONValue = ref("SupplyChainRequest")
        let csvBody: JSONValue = ["required": true, "content": [
            "application/json": ["schema": chainBody],
            "text/csv": ["schema": ["type": "string", "description": "The map in Trustlane's chain CSV format (chain, node and leg rows)"]],
        ]]
        func withCSV(_ operation: JSONValue) -> JSONValue {
            guard case .object(var pairs) = operation, let index = pairs.firstIndex(where: { $0.0 == "requestBody" }) else { return operation }
            pairs[index] = ("requestBody", csvBody)
            return .object(pairs)
        }
        let p0: JSONValue = [
                "get": operation("listRiskAssessments", "A company's risk assessments, newest first", tag: tag, parameters: [companyID],
                                 response: arrayOf("RiskAssessmentSummary")),
                "post": operation("createRiskAssessment", "Start an assessment (a copy of the latest one, keeping chain and node ids)", tag: tag,
                                  parameters: [companyID], body: ref("CreateRiskAssessmentRequest"), status: "201", response: ref("RiskAssessment")),
            ]
        let p1: JSONValue = [
                "get": operation("getRiskAssessment", "An assessment with scores (Trustlane's method), the threat screening of each chain, matrix counts and action plan proposals", tag: tag,
                                 parameters: ids, response: ref("RiskAssessment")),
            ]
        let p2: JSONValue = [
                "put": operation("documentRiskAssessment", "Step 5: title, dates, participants, the unrated policy, bands and the threat screening's level", tag: tag,
                                 parameters: ids, body: ref("DocumentRiskAssessmentRequest"), response: ref("RiskAssessment")),
            ]
        let p3: JSONValue = [
                "get": operation("getRiskReport", "The whole report: every chain with node scores, ratings, matrix (SVG) and action plan", tag: tag,
                                 parameters: ids, response: ref("RiskReport")),
            ]
        let p4: JSONValue = [
                "get": operation("compareRiskAssessments", "What changed since another assessment (default: the one this was copied from)", tag: tag,
                                 parameters: ids + [queryParameter("with", string(format: "uuid"), "The other assessment's id")],
                                 response: ref("RiskComparison")),
            ]
        let p5: JSONValue = [
                "post": operation("acceptRiskAction", "Turn a proposal of the action plan into a corrective action", tag: tag, parameters: ids,
                                  body: ref("AcceptRiskActionRequest"), status: "201", response: ref("RiskActionCreated")),
            ]
        let p6: JSONValue = [
                "get": operation("listThreatRatings", "The company's current threat ratings (its library)", tag: tag, parameters: ids,
                                 response: arrayOf("ThreatRating")),
                "post": operation("rateThreats", "Rate threats per country or region (all or nothing; a new rating supersedes the last)", tag: tag,
                                  parameters: ids, body: ref("ThreatRatingsRequest"), response: arrayOf("ThreatRating")),
            ]
        let p7: JSONValue = [
                "get": operation("listSupplyChains", "The assessment's supply chains with their scores", tag: tag, parameters: ids,
                                 response: arrayOf("ChainRisk")),
                "post": withCSV(operation("createSupplyChain", "Map a chain from JSON, JSON with `csv`, or a text/csv body (all or nothing; CSV errors name the line)",
                                          tag: tag, parameters: ids, body: chainBody, status: "201", response: ref("ChainRisk"))),
            ]
        let p8: JSONValue = [
                "get": operation("getSupplyChain", "A chain with node and leg scores", tag: tag, parameters: chainIDs, response: ref("ChainRisk")),
                "put": withCSV(operation("replaceSupplyChain", "Replace a chain's map (nodes keep their ids by key)", tag: tag, parameters: chainIDs,
                                         body: chainBody, response: ref("ChainRisk"))),
                "delete": operation("deleteSupplyChain", "Delete a chain and its ratings", tag: tag, parameters: chainIDs, status: "204",
                                    response: nil),
            ]
        let p9: JSONValue = [
                "get": operation("listVulnerabilityRatings", "A chain's vulnerability ratings and the security profile's proposals", tag: tag,
                                 parameters: chainIDs, response: ref("VulnerabilityRatings")),
                "put": operation("rateVulnerabilities", "Replace a chain's vulnerability ratings (a reason is required where a level differs from the proposal)",
                                 tag: tag, parameters: chainIDs, body: ref("VulnerabilityRatingsRequest"), response: ref("VulnerabilityRatings")),
            ]
        let paths: JSONValue = .object([(base, p0), (one, p1), (one + "/document", p2), (one + "/report", p3), (one + "/comparison", p4), (one + "/actions", p5), (one + "/threat-ratings", p6), (one + "/chains", p7), (one + "/chains/{chainID}", p8), (one + "/chains/{chainID}/vulnerability-ratings", p9)])
        let date = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] as JSONValue
        let int: JSONValue = ["type": "integer"]
        let nullableInt: JSONValue = ["type": ["integer", "null"]]
        let bands = string(nullable: true, enumValues: RiskBand.allCases.map(\.rawValue))
        let node = object([("id", string(format: "uuid", nullable: true)), ("key", string(max: ChainValidator.maxKeyLength)),
                           ("kind", string(enumValues: ChainNodeKind.allCases.map(\.rawValue))), ("name", string(max: ChainValidator.maxNameLength)),
                           ("country", ["type": "string", "pattern": "^[A-Za-z]{2}$"]), ("region", string(max: ChainValidator.maxRegionLength, nullable: true)),
                           ("businessPartner", string(max: ChainValidator.maxNameLength, nullable: true))])
        let leg = object([("id", string(format: "uuid", nullable: true)), ("from", string()), ("to", string()),
                          ("mode", string(enumValues: TransportMode.allCases.map(\.rawValue))), ("businessPartner", string(nullable: true))])
        let threat = object([("country", string()), ("region", string(nullable: true)),
                             ("category", string(enumValues: ThreatCategory.allCases.map(\.rawValue))), ("level", string()),
                             ("note", string(max: ThreatRating.maxNoteLength, nullable: true)), ("source", string(max: ThreatRating.maxSourceLength)),
                             ("ratedAt", string(format: "date-time", nullable: true))])
        let vulnerability = object([("node", string()), ("category", int), ("level", string()),
                                    ("reason", string(max: VulnerabilityRating.maxReasonLength, nullable: true)),
                                    ("proposed", string(nullable: true)), ("ratedAt", string(format: "date-time", nullable: true))])
        let proposal = object([("category", int), ("level", string()), ("explanation", string())])
        let legacyThreat = object([("country", string()), ("region", string(nullable: true)),
                                   ("category", string(enumValues: LegacyThreatCategory.allCases.map(\.rawValue))), ("title", string()),
                                   ("level", string()), ("note", string(nullable: true)), ("source", string()),
                                   ("ratedAt", string(format: "date-time")), ("counted", ["type": "boolean"])])
        let threatCategories: JSONValue = ["type": "array", "items": string(enumValues: ThreatCategory.allCases.map(\.rawValue))]
        let screening = object([
            ("status", string(enumValues: ThreatScreening.Status.allCases.map(\.rawValue))), ("needsFullAssessment", ["type": "boolean"]),
            ("reasons", ["type": "array", "items": object([("country", string()), ("region", string(nullable: true)),
                                                           ("nodes", ["type": "array", "items": string()]),
                                                           ("category", string(enumValues: ThreatCategory.allCases.map(\.rawValue))), ("level", string())])]),
            ("unrated", ["type": "array", "items": object([("country", string()), ("region", string(nullable: true)),
                                                           ("nodes", ["type": "array", "items": string()]), ("categories", threatCategories)])]),
        ])
        let schemas: JSONValue = [
            "RiskAssessmentSummary": object([("id", string(format: "uuid")), ("title", string()), ("assessedOn", date), ("nextReviewOn", date),
                                             ("previousId", string(format: "uuid", nullable: true)), ("overAYearOld", ["type": "boolean"]),
                                             ("createdAt", string(format: "date-time")), ("updatedAt", string(format: "date-time"))]),
            "CreateRiskAssessmentRequest": object([("title", string(max: RiskAssessmentService.maxTitleLength)), ("assessedOn", date), ("nextReviewOn", date)]),
            "DocumentRiskAssessmentRequest": object([("title", string(max: RiskAssessmentService.maxTitleLength)), ("assessedOn", date), ("nextReviewOn", date),
                                                     ("participants", ["type": "array", "items": object([("name", string()), ("role", string())])]),
                                                     ("unrated", string(enumValues: RiskScoring.UnratedPolicy.allCases.map(\.rawValue))),
                                                     ("mediumFrom", int), ("highFrom", int),
                                                     ("screenFrom", ["type": "string", "description": "A level key of the scale from which the threat screening flags a chain (default: the highest, high); blank restores the default"])],
                                                    required: ["title", "assessedOn", "participants"]),
            "RiskAssessment": object([
                ("assessment", ref("RiskAssessmentSummary")),
                ("method", object([("scale", ["type": "array", "items": object([("key", string()), ("value", int)])]), ("mediumFrom", int), ("highFrom", int),
                                   ("unrated", string()), ("participants", ["type": "array", "items": object([("name", string()), ("role", string())])]),
                                   ("formula", ["type": "string", "description": "Trustlane's method in words; it opens by saying CBP rates threat and vulnerability only as High/Medium/Low"]),
                                   ("screenFrom", string()), ("trustlaneChoices", ["type": "array", "items": string()])])),
                ("chains", arrayOf("ChainRisk")),
                ("matrix", object([("levels", ["type": "array", "items": string()]),
                                   ("cells", ["type": "array", "items": ["type": "array", "items": int]]),
                                   ("unplaced", int), ("high", int), ("medium", int), ("low", int)])),
                ("actionPlan", arrayOf("RiskActionProposal")),
                ("proposals", ["type": "array", "items": proposal]),
            ]),
            "ChainRisk": object([
                ("chainId", string(format: "uuid")), ("name", string()), ("productLine", string(nullable: true)), ("rank", nullableInt),
                ("score", nullableInt), ("band", bands),
                ("byThreat", ["type": "object", "additionalProperties": int]), ("byCategory", ["type": "object", "additionalProperties": int]),
                ("high", int), ("medium", int), ("low", int), ("unrated", int), ("screening", screening),
                ("nodes", ["type": "array", "items": object([("id", string(format: "uuid")), ("key", string()), ("kind", string()), ("name", string()),
                                                             ("country", string()), ("region", string(nullable: true)), ("businessPartner", string(nullable: true)),
                                                             ("threatLevel", string(nullable: true)), ("vulnerabilityLevel", string(nullable: true)),
                                                             ("drivingThreat", string(nullable: true)), ("drivingCategory", nullableInt),
                                                             ("score", nullableInt), ("band", bands)])]),
                ("legs", ["type": "array", "items": object([("id", string(format: "uuid")), ("from", string()), ("to", string()), ("mode", string()),
                                                            ("businessPartner", string(nullable: true)), ("score", nullableInt), ("band", bands)])]),
            ]),
            "SupplyChainRequest": object([("name", string(max: ChainValidator.maxNameLength)), ("productLine", string(max: ChainValidator.maxNameLength, nullable: true)),
                                          ("nodes", ["type": "array", "items": node, "maxItems": .int(ChainValidator.maxNodes)]),
                                          ("legs", ["type": "array", "items": leg]),
                                          ("csv", string(max: ChainCSV.maxBytes, nullable: true))]),
            "RiskActionProposal": object([("key", string()), ("category", int), ("businessPartner", string(nullable: true)), ("title", string()),
                                          ("highestScore", int), ("dueDate", date),
                                          ("findings", ["type": "array", "items": object([("chainId", string(format: "uuid")), ("chainName", string()),
                                                                                          ("nodeKey", string()), ("nodeName", string()), ("score", int),
                                                                                          ("threats", ["type": "array", "items": string()])])])]),
            "AcceptRiskActionRequest": object([("key", string()), ("owner", string(max: 200, nullable: true)), ("dueDate", date)], required: ["key"]),
            "RiskActionCreated": object([("key", string()), ("title", string()), ("owner", string(nullable: true)), ("dueDate", date), ("status", string())]),
            "ThreatRating": threat,
            "ThreatRatingsRequest": object([("ratings", ["type": "array", "items": threat])], required: ["ratings"]),
            "VulnerabilityRatings": object([("chainId", string(format: "uuid")), ("ratings", ["type": "array", "items": vulnerability]),
                                            ("proposals", ["type": "array", "items": proposal])]),
            "VulnerabilityRatingsRequest": object([("ratings", ["type": "array", "items": vulnerability])], required: ["ratings"]),
            "RiskReport": object([("assessment", ref("RiskAssessment")), ("threats", ["type": "array", "items": threat]),
                                  ("legacyThreats", ["type": "array", "items": legacyThreat]),
                                  ("vulnerabilities", ["type": "array", "items": vulnerability]), ("matrixSvg", string())]),
            "RiskComparison": object([
                ("previousId", string(format: "uuid")), ("currentId", string(format: "uuid")),
                ("chainsAdded", ["type": "array", "items": string()]), ("chainsRemoved", ["type": "array", "items": string()]),
                ("chains", ["type": "array", "items": object([
                    ("chainId", string(format: "uuid")), ("name", string()), ("before", nullableInt), ("after", nullableInt),
                    ("bandBefore", bands), ("bandAfter", bands), ("worse", ["type": "boolean"]),
                    ("nodesAdded", ["type": "array", "items": string()]), ("nodesRemoved", ["type": "array", "items": string()]),
                    ("nodes", ["type": "array", "items": object([("key", string()), ("name", string()), ("before", nullableInt), ("after", nullableInt),
                                                                 ("bandBefore", bands), ("bandAfter", bands)])]),
                ])]),
            ]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
