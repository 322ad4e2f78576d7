import Foundation

/// One of CBP's mutual recognition arrangements (MSC 3.4): a partner economy whose AEO-type
/// status CBP recognises like CTPAT certification, so a business partner holding it may be
/// screened on proof of that status. Read from `Resources/MutualRecognition`, never written in
/// Swift (see `MutualRecognitionArrangements`).
public struct MutualRecognitionArrangement: Hashable, Sendable {
    /// When an arrangement was signed, as precisely as the sources say: a month or a day.
    public struct Signing: Hashable, Sendable, CustomStringConvertible {
        public let year: Int
        public let month: Int
        /// Nil where the sources give only the month.
        public let day: Int?

        /// Parses `YYYY-MM` or `YYYY-MM-DD`; nil for anything else.
        public init?(_ text: String) {
            let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
            if pieces.count == 3 {
                guard let known = ProgramDay(text) else { return nil }
                year = known.year
                month = known.month
                day = known.day
            } else {
                guard pieces.count == 2, pieces[0].count == 4, pieces[1].count == 2,
                      pieces.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }), let year = Int(pieces[0]), let month = Int(pieces[1]),
                      ProgramDay(year: year, month: month, day: 1) != nil else { return nil }
                self.year = year
                self.month = month
                day = nil
            }
        }

        /// The first day the arrangement is surely signed: the signing day, or, where only the
        /// month is known, the first day of the next month. A status proof dated inside a signing
        /// month is not counted: better to ask for a full file than to credit an MRA a day early.
        public var surelySignedFrom: ProgramDay {
            if let day, let known = ProgramDay(year: year, month: month, day: day) { return known }
            return month == 12 ? ProgramDay(year: year + 1, month: 1, day: 1)! : ProgramDay(year: year, month: month + 1, day: 1)!
        }

        /// `YYYY-MM` or `YYYY-MM-DD`, as the data gives it.
        public var description: String {
            let monthText = (month < 10 ? "0" : "") + String(month)
            guard let day else { return "\(year)-\(monthText)" }
            return "\(year)-\(monthText)-" + (day < 10 ? "0" : "") + String(day)
        }
    }

    /// The partner economy, in English ("Mexico", "European Union").
    public let partner: String
    /// ISO 3166-1 alpha-2 codes of the economy; the European Union's are its member states and "EU".
    public let countries: [String]
    /// The partner's program, as the sources name it.
    public let program: String
    /// The names or abbreviations a status proof may give for the program ("NEEC", "OEA").
    public let programCodes: [String]
    public let signed: Signing
    /// Source ids of the project's research notes (`S4`), and the addresses they stand for.
    public let sources: [String]
    public let sourceURLs: [String]
    /// False where the research notes mark the entry [verify]: show it, but say it is unconfirmed.
    public let verified: Bool
    public let verifiedOn: ProgramDay?
    public let note: String

    public init(partner: String, countries: [String], program: String, programCodes: [String], signed: Signing,
                sources: [String] = [], sourceURLs: [String] = [], verified: Bool = false, verifiedOn: ProgramDay? = nil, note: String = "") {
        self.partner = partner
        self.countries = countries
        self.program = program
        self.programCodes = programCodes
        self.signed = signed
        self.sources = sources
        self.sourceURLs = sourceURLs
        self.verified = verified
        self.verifiedOn = verifiedOn
        self.note = note
    }

    /// Whether the arrangement is surely signed on `day` (see `Signing.surelySignedFrom`).
    public func isSigned(on day: ProgramDay) -> Bool { signed.surelySignedFrom <= day }

    /// Whether a status proof naming `program` names this arrangement's program: compared on
    /// letters and digits only, ignoring case, with the Spanish and Portuguese "OEA" read as
    /// "AEO" ("A.E.O." and "aeo" are "AEO"; "AEOC" is not "AEOS").
    public func covers(program: String) -> Bool {
        let wanted = Self.programKey(program)
        return !wanted.isEmpty && programCodes.contains { Self.programKey($0) == wanted }
    }

    static func programKey(_ text: String) -> String {
        let key = String(String.UnicodeScalarView(text.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
        return key == "OEA" ? "AEO" : key
    }
}
