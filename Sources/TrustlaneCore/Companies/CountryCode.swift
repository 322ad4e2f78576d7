import Foundation

/// An ISO 3166-1 alpha-2 country code (`ID`, `MX`, `US`).
public struct CountryCode: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let code: String

    /// Accepts an assigned ISO 3166-1 alpha-2 code, in any case; `nil` otherwise.
    public init?(_ text: String) {
        // Stored codes are already two capital letters: skip Foundation's trimming for them
        // (a risk page reads a few hundred, perf showed the trimming).
        if text.utf8.count == 2, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            guard CountryCode.all.contains(text) else { return nil }
            code = text
            return
        }
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard CountryCode.all.contains(upper) else { return nil }
        code = upper
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CountryCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not an ISO 3166-1 alpha-2 country code"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.code < rhs.code }

    /// The country's name in a language, from the system's locale data.
    public func name(in language: Language) -> String {
        language.locale.localizedString(forRegionCode: code) ?? code
    }

    /// The officially assigned ISO 3166-1 alpha-2 codes.
    public static let all: Set<String> = Set("""
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
