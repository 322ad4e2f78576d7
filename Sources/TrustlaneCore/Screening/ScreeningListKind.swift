import Foundation

/// The kinds of denied-party list Trustlane imports (issue 15), each from the files its publisher
/// offers for download. A snapshot of one kind supersedes the previous snapshot of that kind.
public enum ScreeningListKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// OFAC's Specially Designated Nationals list, legacy CSV set (`sdn.csv`, `alt.csv`, `add.csv`, `sdn_comments.csv`).
    case ofacSDN = "ofac_sdn"
    /// OFAC's consolidated non-SDN lists, same format (`cons_prim.csv`, `cons_alt.csv`, `cons_add.csv`, `cons_comments.csv`).
    case ofacConsolidated = "ofac_consolidated"
    /// The trade.gov Consolidated Screening List, CSV or JSON.
    case consolidatedScreeningList = "csl"
    /// The UFLPA Entity List in Trustlane's CSV format.
    case uflpa

    public var nameKey: String { "screening.kind.\(rawValue)" }

    /// How the list names itself (`DeniedPartyList.source`).
    public var listName: String {
        switch self {
        case .ofacSDN: "OFAC SDN"
        case .ofacConsolidated: "OFAC consolidated"
        case .consolidatedScreeningList: ConsolidatedScreeningList.listName
        case .uflpa: UFLPAEntityListCSV.listName
        }
    }

    /// Whether the kind is read from OFAC's four-file set (otherwise from one file).
    public var isOFACSet: Bool { self == .ofacSDN || self == .ofacConsolidated }

    /// The file names a kind's download uses, for the form's labels: primary, aliases,
    /// addresses, comments for OFAC; the one file otherwise.
    public var fileNames: [String] {
        switch self {
        case .ofacSDN: ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
        case .ofacConsolidated: ["cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"]
        case .consolidatedScreeningList: ["consolidated.csv", "consolidated.json"]
        case .uflpa: ["uflpa-entity-list.csv"]
        }
    }

    /// The uploaded files of one import, by role.
    public struct Files: Sendable {
        public typealias File = (name: String, data: Data)
        /// OFAC's primary file, or the single file of the other kinds.
        public var primary: File?
        public var aliases: File?
        public var addresses: File?
        public var comments: File?

        public init(primary: File? = nil, aliases: File? = nil, addresses: File? = nil, comments: File? = nil) {
            self.primary = primary
            self.aliases = aliases
            self.addresses = addresses
            self.comments = comments
        }
    }

    /// Reads the files into a list, or refuses them whole with every problem named by file and
    /// line. A file that is not UTF-8 text (ASCII included) is refused on the first line holding
    /// a byte that is not.
    public func parse(_ files: Files) throws(ListImportError) -> DeniedPartyList {
        guard let primary = files.primary else {
            throw ListImportError(problems: [.init(file: fileNames[0], place: .file,
                                                   message: isOFACSet ? "the primary file (\(fileNames[0])) is required" : "a list file is required")])
        }
        var problems: [ListImportError.Problem] = []
        func text(_ file: Files.File?) -> (name: String, text: String)? {
            guard let file else { return nil }
            if let text = String(data: file.data, encoding: .utf8) { return (file.name, text) }
            problems.append(.init(file: file.name, line: UTF8Lines.firstInvalidLine(file.data) ?? 1, message: "not UTF-8 text: save the file as UTF-8 and upload it again"))
            return nil
        }
        switch self {
        case .ofacSDN, .ofacConsolidated:
            let sets = (text(primary), text(files.aliases), text(files.addresses), text(files.comments))
            guard problems.isEmpty, let primaryText = sets.0 else { throw ListImportError(problems: problems) }
            return try OFACLegacyCSV.parse(.init(primary: primaryText, aliases: sets.1, addresses: sets.2, comments: sets.3), source: listName)
        case .consolidatedScreeningList:
            let first = primary.data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
                guard text(primary) != nil else { throw ListImportError(problems: problems) }
            }
            return try ConsolidatedScreeningList.parse(primary.data, file: primary.name)
        case .uflpa:
            guard let file = text(primary) else { throw ListImportError(problems: problems) }
            return try UFLPAEntityListCSV.parse(file.text, file: file.name)
        }
    }
}

/// What became of a screening hit.
public enum ScreeningHitStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// Raised, waiting for a decision.
    case open
    /// A reviewer confirmed the partner is the listed party: the partner is blocked.
    case trueMatch = "true_match"
    /// A reviewer found the partner is not the listed party; remembered until either side changes.
    case falsePositive = "false_positive"
    /// Withdrawn without a decision: the entry left the list, or the names no longer match.
    case cleared
}

/// A reviewer's decision on an open hit.
public enum ScreeningDecision: String, CaseIterable, Codable, Sendable, Hashable {
    case trueMatch = "true_match"
    case falsePositive = "false_positive"

    public var status: ScreeningHitStatus { self == .trueMatch ? .trueMatch : .falsePositive }

    /// The longest reason kept.
    public static let maxReason = 2000
}
