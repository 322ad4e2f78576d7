import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Every kind's validation pack in one download (issue 17): a ZIP of each kind's sample CSV,
/// exactly as its own CSV download writes it (`RecordsQueries.pack`, `csvText`), with a
/// `README.txt` saying whose records, which period and why, and for each kind the criteria it
/// serves, how many records the period holds and how many are in the sample. The same period and
/// sample size for every kind; each kind is drawn as its own pack draws it, so the archive's
/// files equal the kinds' single downloads. Reads each kind's pack in turn (at most
/// `size` + 5 queries a kind).
struct RecordsPackArchive {
    let company: CompanyID
    let companyName: String
    let period: ValidationPackPeriod
    let generated: Date
    let sampleSize: Int

    static func fileName(_ period: ValidationPackPeriod) -> String { "validation-packs-since-\(period.since).zip" }

    func packs(_ queries: RecordsQueries) async throws -> [RecordsQueries.Pack] {
        var packs: [RecordsQueries.Pack] = []
        for kind in DailyRecordKind.allCases {
            packs.append(try await queries.pack(kind, company: company, since: period.since, now: generated, size: sampleSize))
        }
        return packs
    }

    /// The note at the top of the archive (plain text, codes as the CSV files carry them).
    func readme(_ packs: [RecordsQueries.Pack]) -> String {
        let basis: String
        switch period.basis {
        case .lastValidation(let day): basis = "since the company's last validation, \(day)"
        case .lastValidationBeyondLimit(let day): basis = "the last validation (\(day)) is further back than the packs reach; from \(period.since)"
        case .yearBack: basis = "no validation on record: a year back"
        case .requested: basis = "the first day was chosen"
        }
        var lines = [
            "Trustlane validation packs: \(companyName)",
            "Company id: \(company)",
            "Period: from \(period.since) (\(basis)) to the time generated",
            "Generated: \(ISO8601DateFormatter().string(from: generated))",
            "Sample size per kind: \(sampleSize) (every record when a kind holds no more; a repeatable random draw otherwise)",
            "",
            "kind | file | records in the period | in the sample | criteria",
        ]
        for pack in packs {
            lines.append("\(pack.kind.rawValue) | \(RecordsQueries.csvName(pack.kind, period: period)) | \(pack.total) | \(pack.rows.count) | \(pack.kind.criteria.joined(separator: ", "))")
        }
        lines += ["", "Each CSV file is the kind's own sample download (records/{kind}/pack.csv) for the same period and sample size."]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The archive's bytes: the note, then one CSV a kind, in the kinds' order.
    func archive(_ packs: [RecordsQueries.Pack]) throws -> Data {
        var entries = [ZipArchive.Entry(name: "README.txt", data: Data(readme(packs).utf8), modified: generated)]
        for pack in packs {
            entries.append(.init(name: RecordsQueries.csvName(pack.kind, period: period), data: Data(RecordsQueries.csvText(pack).utf8), modified: generated))
        }
        do { return try ZipArchive.write(entries) } catch { throw Abort(.internalServerError, reason: "validation pack archive: \(error)") }
    }

    /// The download: an attachment with the packs' period headers and, per kind, how many records the period holds.
    func response(_ db: any Database) async throws -> Response {
        let packs = try await packs(RecordsQueries(db))
        let data = try archive(packs)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/zip")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(Self.fileName(period))\"")
        for (name, value) in InspectionQueries.packHeaders(period) { headers.replaceOrAdd(name: name, value: value) }
        headers.replaceOrAdd(name: "Trustlane-Pack-Totals", value: packs.map { "\($0.kind.rawValue)=\($0.total)" }.joined(separator: ", "))
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
