import Foundation
import Yams

/// CBP's mutual recognition arrangements as versioned data (`Resources/MutualRecognition/ctpat-mras.yaml`,
/// embedded in the binary), with the question MSC 3.4 asks of them: does a business partner's
/// AEO-type status from this country count as MRA-recognised on this day?
///
/// The data says when each arrangement was signed; signing is not implementation (CBP honours a
/// partner's status once the arrangement is in operation, sometimes months later), and entries
/// with `verified == false` are unconfirmed. A "yes" here is a reason to accept a status proof,
/// not a ruling; `checkedOn` says how fresh the data is.
public struct MutualRecognitionArrangements: Sendable {
    /// The data file's version; raise it whenever an arrangement is added or changed.
    public let version: Int
    /// The day the file was last checked against its sources.
    public let checkedOn: ProgramDay
    /// In the file's order (by signing date).
    public let arrangements: [MutualRecognitionArrangement]
    private let byCountry: [String: Int]

    /// A data file that does not read: its name and every problem.
    public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
        public let file: String
        public let problems: [String]
        public var description: String { problems.map { "\(file): \($0)" }.joined(separator: "\n") }
    }

    /// The bundled file, read once. A bundled file that does not read is a bug the tests catch.
    public static let bundled: MutualRecognitionArrangements = {
        let path = "MutualRecognition/ctpat-mras.yaml"
        guard let data = BundledResources.data(path) else { fatalError("\(path) is not embedded in this build of TrustlaneCore") }
        do { return try load(data, file: "ctpat-mras.yaml") } catch {
            fatalError("The bundled MRA list does not read:\n\(error)")
        }
    }()

    public init(version: Int, checkedOn: ProgramDay, arrangements: [MutualRecognitionArrangement]) {
        self.version = version
        self.checkedOn = checkedOn
        self.arrangements = arrangements
        var byCountry: [String: Int] = [:]
        for (index, arrangement) in arrangements.enumerated() {
            for code in arrangement.countries where byCountry[code] == nil { byCountry[code] = index }
        }
        self.byCountry = byCountry
    }

    /// Reads the YAML data file (format in the file's header comment). Every problem is named:
    /// a missing field, a country that is not an ISO alpha-2 code or is claimed twice, a date
    /// that is not `YYYY-MM` / `YYYY-MM-DD`, a verified entry without `verified_on`.
    public static func load(_ data: Data, file: String) throws(LoadError) -> MutualRecognitionArrangements {
        struct FileShape: Decodable {
            let version: Int
            let checked_on: String
            let arrangements: [Item]
        }
        struct Item: Decodable {
            let partner: String
            let countries: [String]
            let program: String
            let program_codes: [String]
            let signed: String
            let sources: [String]?
            let source_urls: [String]?
            let verified: Bool
            let verified_on: String?
            let note: String?
        }
        let shape: FileShape
        do { shape = try YAMLDecoder().decode(FileShape.self, from: data) } catch {
            throw LoadError(file: file, problems: ["does not have the expected fields (\(error))"])
        }
        var problems: [String] = []
        guard let checkedOn = ProgramDay(shape.checked_on) else {
            throw LoadError(file: file, problems: ["checked_on \"\(shape.checked_on)\" is not a YYYY-MM-DD day"])
        }
        var arrangements: [MutualRecognitionArrangement] = []
        var partnerByCountry: [String: String] = [:]
        for item in shape.arrangements {
            let at = "arrangement \"\(item.partner)\""
            var fine = true
            func fail(_ message: String) { problems.append("\(at): \(message)"); fine = false }
            if item.partner.isEmpty || item.program.isEmpty { fail("partner and program are required") }
            if item.countries.isEmpty { fail("countries is empty: at least one ISO 3166 alpha-2 code") }
            if item.program_codes.isEmpty { fail("program_codes is empty: at least the program's name") }
            for code in item.countries {
                if code.count != 2 || !code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
                    fail("country \"\(code)\" is not an upper-case ISO 3166 alpha-2 code")
                } else if let other = partnerByCountry[code] {
                    fail("country \(code) is already \(other)'s: one arrangement a country")
                } else {
                    partnerByCountry[code] = item.partner
                }
            }
            let signed = MutualRecognitionArrangement.Signing(item.signed)
            if signed == nil { fail("signed \"\(item.signed)\" is not YYYY-MM or YYYY-MM-DD") }
            let verifiedOn = item.verified_on.flatMap { ProgramDay($0) }
            if item.verified_on != nil && verifiedOn == nil { fail("verified_on \"\(item.verified_on!)\" is not a YYYY-MM-DD day") }
            if item.verified && item.verified_on == nil { fail("verified is true but verified_on is missing") }
            guard fine, let signed else { continue }
            arrangements.append(.init(partner: item.partner, countries: item.countries, program: item.program,
                                      programCodes: item.program_codes, signed: signed, sources: item.sources ?? [],
                                      sourceURLs: item.source_urls ?? [], verified: item.verified, verifiedOn: verifiedOn,
                                      note: item.note ?? ""))
        }
        guard problems.isEmpty else { throw LoadError(file: file, problems: problems) }
        return MutualRecognitionArrangements(version: shape.version, checkedOn: checkedOn, arrangements: arrangements)
    }

    /// The arrangement covering a country, by ISO 3166 alpha-2 code (any case); nil where CBP
    /// has none.
    public func arrangement(forCountry code: String) -> MutualRecognitionArrangement? {
        byCountry[code.trimmingCharacters(in: .whitespaces).uppercased()].map { arrangements[$0] }
    }

    /// Whether an AEO-type status proof from `country` counts as MRA-recognised on `day`: the
    /// country has an arrangement and it was surely signed by then. With `program` (as the proof
    /// names it), the program must be the arrangement's too ("AEOS" for the EU; not "AEOC").
    public func recognises(program: String? = nil, country: String, on day: ProgramDay) -> Bool {
        guard let arrangement = arrangement(forCountry: country), arrangement.isSigned(on: day) else { return false }
        return program.map { arrangement.covers(program: $0) } ?? true
    }
}
