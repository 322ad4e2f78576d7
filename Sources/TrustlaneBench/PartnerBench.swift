import Foundation
import TrustlaneApp
import TrustlaneCore
import Vapor

/// Issue 15's registry goals: import 100,000 partners from CSV in under 2 s, search by name or
/// alias at 100,000 partners with p50 under 5 ms, and the list page at 100,000 under 5 ms. The
/// partners are generated from the screening bench's syllables (names share words as trade
/// names do), every third with an alias and every partner with a registration number.
enum PartnerBench {
    static let count = 100_000

    struct Fixture: Sendable {
        let listPath: String
        /// Words of seeded names, for searches that find something.
        let terms: [String]
        let importSeconds: Double
        let parseSeconds: Double
    }

    static func csv(count: Int) -> (text: String, terms: [String]) {
        var seed: UInt64 = 15
        var out = "reference,legal_name,other_names,country,role,identifiers\n"
        out.reserveCapacity(count * 90)
        var terms: [String] = []
        let countries = ["ID", "MX", "US", "VN", "CN", "IN", "BD", "GT", "CO", "DE"]
        let roles = BusinessPartnerRole.allCases.map(\.rawValue)
        for n in 0..<count {
            let name = ScreeningBench.name(&seed)
            let alias = n.isMultiple(of: 3) ? ScreeningBench.name(&seed) : ""
            if n.isMultiple(of: 997) { terms.append(String(name.split(separator: " ")[0].prefix(5))) }
            out += "P-\(n),\(name),\(alias),\(countries[n % countries.count]),\(roles[n % roles.count]),duns:\(100_000_000 + n)\n"
        }
        return (out, terms)
    }

    static func seed(app: Application, company: CompanyID) async throws -> Fixture {
        // The text goes as soon as it is bytes: the import reads the bytes.
        let (data, terms) = { () -> (Data, [String]) in let file = csv(count: count); return (Data(file.text.utf8), file.terms) }()
        let parseSeconds = try await BenchMemory.stage("partners: read and check the file") {
            // As the import page's preview reads a file: against the company's registry.
            let parseStart = ContinuousClock.now
            let (reading, _) = try await BusinessPartnerService(app: app).read(data, company: company)
            let parseSeconds = (ContinuousClock.now - parseStart).milliseconds / 1000
            guard reading.rejected.isEmpty, reading.fileErrors.isEmpty else { throw BenchError("the generated partner file has errors: \(reading.rejected.first?.errors ?? reading.fileErrors)") }
            return parseSeconds
        }
        let (outcome, seconds) = try await BenchMemory.stage("partners: import") {
            let start = ContinuousClock.now
            let outcome = try await BusinessPartnerService(app: app).runImport(data, fileName: "bench.csv", storedID: nil, company: company, mode: .allOrNothing, by: nil)
            return (outcome, (ContinuousClock.now - start).milliseconds / 1000)
        }
        guard outcome.imported == count else { throw BenchError("the partner import saved \(outcome.imported) of \(count)") }
        return Fixture(listPath: SiteURL.partners(company), terms: terms, importSeconds: seconds, parseSeconds: parseSeconds)
    }

    static func inProcessRows(_ fixture: Fixture) -> [BenchResult] {
        [
            BenchResult(operation: "partners: read and check a 100,000-row CSV (in-process)", requests: 1,
                        samples: [fixture.parseSeconds * 1000], seconds: fixture.parseSeconds),
            BenchResult(operation: "partners: import 100,000 from CSV, read + checks + one transaction (in-process)", requests: 1,
                        samples: [fixture.importSeconds * 1000], seconds: fixture.importSeconds),
        ]
    }

    static func pages(runner: LoadRunner, officer: BenchClient.Cookies, fixture: Fixture) async -> [BenchResult] {
        let list = fixture.listPath
        let terms = fixture.terms
        return [
            await runner.measure("partners: list page at 100,000 partners (HTTP)") { try await $0.client.get(list, cookies: officer).status },
            await runner.measure("partners: search by name at 100,000 partners (HTTP)") { turn in
                let term = terms[turn.index % terms.count]
                return try await turn.client.get(list + "?q=" + term, cookies: officer).status
            },
        ]
    }
}
