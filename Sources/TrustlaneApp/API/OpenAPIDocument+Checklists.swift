import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/company-checklists...`: a company's own inspection
    /// checklists (issue 16), versioned and retired, used by inspections beside CBP's lists.
    static var checklistsSection: Section {
        let tag = "Inspections"
        let companyID = pathParameter("companyID")
        let key = pathParameter("checklistKey", format: nil)
        let base = "/api/v1/companies/{companyID}/company-checklists"
        let text = string()
        let int: JSONValue = ["type": "integer"]
        let paths: JSONValue = .object([
            (base, JSONValue.object([
                ("get", operation("listCompanyChecklists", "The company's own inspection checklists, each at its latest version, retired ones included and marked", tag: tag,
                                 parameters: [companyID], response: ["type": "array", "items": ref("CompanyChecklist")])),
                ("post", operation("createCompanyChecklist", "Add a checklist (version 1): a name, the kind of unit, the MSC criteria it serves and its points, each text in at least one of en, es, id (the others show the first written). The key, and each point's key, are made from the titles when left out; a key may not be a bundled checklist's. Officers and coordinators",
                                  tag: tag, parameters: [companyID], body: ref("CompanyChecklistRequest"), status: "201", response: ref("CompanyChecklist"))),
            ])),
            (base + "/{checklistKey}", JSONValue.object([
                ("get", operation("getCompanyChecklist", "A company checklist at its latest version, or at ?version=n, with its versions", tag: tag,
                                 parameters: [companyID, key, queryParameter("version", int, "A version to show instead of the latest")],
                                 response: ref("CompanyChecklist"))),
                ("put", operation("reviseCompanyChecklist", "Make the checklist's next version from the whole body (the key stays the route's); inspections keep the version they used. Refused when retired or when nothing changes",
                                 tag: tag, parameters: [companyID, key], body: ref("CompanyChecklistRequest"), response: ref("CompanyChecklist"))),
            ])),
            (base + "/{checklistKey}/retire", JSONValue.object([
                ("post", operation("retireCompanyChecklist", "Retire the checklist: no longer offered for new inspections; the inspections made with it still show it",
                                  tag: tag, parameters: [companyID, key], response: ref("CompanyChecklist"))),
            ])),
        ])
        let textBody = object([("en", string(max: InspectionChecklistValidator.maxInstruction, nullable: true)),
                               ("es", string(max: InspectionChecklistValidator.maxInstruction, nullable: true)),
                               ("id", string(max: InspectionChecklistValidator.maxInstruction, nullable: true))])
        let textOut = object([("en", text), ("es", text), ("id", text)], required: ["en", "es", "id"])
        let kinds = ConveyanceKind.allCases.map(\.rawValue)
        let schemas: JSONValue = [
            "CompanyChecklistRequest": object([
                ("key", string(max: InspectionChecklistValidator.maxKey, nullable: true)), ("title", textBody), ("conveyance", string(enumValues: kinds)),
                ("criteria", ["type": "array", "items": text]), ("note", string(max: 2000, nullable: true)),
                ("points", ["type": "array", "maxItems": .int(InspectionChecklistValidator.maxPoints), "items": object([
                    ("key", string(max: InspectionChecklistValidator.maxKey, nullable: true)), ("title", textBody), ("security", textBody), ("agriculture", textBody),
                ])]),
            ], required: ["title", "conveyance", "criteria", "points"]),
            "CompanyChecklist": object([
                ("key", text), ("version", int), ("latestVersion", int), ("title", textOut), ("conveyance", string(enumValues: kinds)),
                ("criteria", ["type": "array", "items": text]), ("note", string(nullable: true)),
                ("points", ["type": "array", "items": object([("key", text), ("order", int), ("title", textOut), ("security", textOut), ("agriculture", textOut)],
                                                             required: ["key", "order", "title", "security", "agriculture"])]),
                ("retired", ["type": "boolean"]), ("retiredAt", string(format: "date-time", nullable: true)),
                ("versions", ["type": "array", "items": object([("version", int), ("createdAt", string(format: "date-time")), ("createdBy", string(nullable: true))],
                                                               required: ["version", "createdAt"])]),
            ], required: ["key", "version", "latestVersion", "title", "conveyance", "criteria", "points", "retired", "versions"]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
