import Foundation
import TrustlaneCore

extension OpenAPIDocument {
    /// `/api/v1/companies/{companyID}/records...`: the validation pack of incidents, training,
    /// the visitor log and the pickup log, and each kind's retention (issue 17).
    static var recordsSection: Section {
        let tag = "Records"
        let companyID = pathParameter("companyID")
        let recordKind: JSONValue = ["name": "recordKind", "in": "path", "required": true,
                                     "schema": string(enumValues: DailyRecordKind.allCases.map(\.rawValue))]
        let base = "/api/v1/companies/{companyID}/records"
        let int: JSONValue = ["type": "integer"]
        let paths: JSONValue = .object([
            (base + "/retention", [
                "get": operation("listRecordRetention", "How long each kind of daily record is kept (incidents, training, visits, pickups, the seal log, shipments, training rosters and materials, the badge and key log) and whether a legal hold keeps it", tag: tag,
                                 parameters: [companyID], response: arrayOf("RecordRetention")),
            ] as JSONValue),
            (base + "/retention/{recordKind}", [
                "put": operation("setRecordRetention", "Change a kind's retention; a field left out keeps its value. From 12 to 120 months; a legal hold needs its reason. The clock pass removes records past it: closed or dismissed incidents (never an open one, nor the latest-numbered), training sessions no active person's latest pass depends on, visits and pickups, seal log entries of seals no longer in play (not issued, affixed or verified), released shipments with their seals, checks, discrepancies and seal photos (never an open one), training sessions' rosters and materials by upload time (never those of a session still someone's latest pass), badge and key log entries (never those of a badge still issued)",
                                 tag: tag, parameters: [companyID, recordKind], body: ref("RecordRetentionRequest"), response: ref("RecordRetention")),
            ] as JSONValue),
            (base + "/{recordKind}/pack.csv", [
                "get": ["operationId": "exportRecordPackSample", "summary": "The validation pack's sample of a kind of record as CSV: a repeatable random sample of the period (every record when there are no more than the sample size), oldest first. The headers say where the period starts, why, and how many records it holds",
                        "tags": [.string(tag)],
                        "parameters": [companyID, recordKind,
                                       queryParameter("since", string(format: "date"), "The first day; within five years. Left out: the company's last validation (cut to five years back), or a year back when none is recorded"),
                                       queryParameter("sample", ["type": "integer", "enum": .array(InspectionQueries.packSampleSizes.map { .int($0) })], "How many records to draw (default 50)")],
                        "responses": .object([("200", ["description": "Success", "content": ["text/csv": ["schema": ["type": "string"]]],
                                                       "headers": .object(packPeriodHeaders + [
                                                           ("Trustlane-Pack-Total", ["description": "How many records of the kind the period holds", "schema": int]),
                                                       ])])] + errorResponses)],
            ] as JSONValue),
            (base + "/packs.zip", [
                "get": ["operationId": "exportRecordPacks", "summary": "Every kind's validation pack sample in one ZIP archive: README.txt (the company, the period and why, and for each kind its criteria, how many records the period holds and how many were drawn) and one CSV a kind, each as that kind's own pack.csv for the same period and sample size",
                        "tags": [.string(tag)],
                        "parameters": [companyID,
                                       queryParameter("since", string(format: "date"), "The first day; within five years. Left out: the company's last validation (cut to five years back), or a year back when none is recorded"),
                                       queryParameter("sample", ["type": "integer", "enum": .array(InspectionQueries.packSampleSizes.map { .int($0) })], "How many records of each kind to draw (default 50)")],
                        "responses": .object([("200", ["description": "Success", "content": ["application/zip": ["schema": ["type": "string", "format": "binary"]]],
                                                       "headers": .object(packPeriodHeaders + [
                                                           ("Trustlane-Pack-Totals", ["description": "How many records of each kind the period holds (kind=count, comma-separated)", "schema": ["type": "string"]]),
                                                       ])])] + errorResponses)],
            ] as JSONValue),
        ])
        let schemas: JSONValue = [
            "RecordRetention": object([
                ("kind", string(enumValues: DailyRecordKind.allCases.map(\.rawValue))),
                ("retentionMonths", ["type": "integer", "minimum": .int(RecordRetention.minimumMonths), "maximum": .int(RecordRetention.maximumMonths)]),
                ("legalHold", ["type": "boolean"]), ("legalHoldReason", string(nullable: true)),
            ], required: ["kind", "retentionMonths", "legalHold"]),
            "RecordRetentionRequest": object([
                ("retentionMonths", ["type": ["integer", "null"], "minimum": .int(RecordRetention.minimumMonths), "maximum": .int(RecordRetention.maximumMonths)]),
                ("legalHold", ["type": ["boolean", "null"]]), ("legalHoldReason", string(max: RecordRetention.maxReason, nullable: true)),
            ]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
