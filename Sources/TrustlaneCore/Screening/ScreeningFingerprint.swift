import Foundation

/// What a remembered false positive was decided on (issue 15): the partner's names and country,
/// and the listed entry's names and addresses, each reduced to a short fingerprint. The same
/// pair is not raised again while both fingerprints are unchanged; a new alias, a renamed
/// partner, a moved or renamed entry raises it again. Names count as screening compares them
/// (`PartyName`), so a change of case, accents or a legal form alone does not raise it again.
/// The fingerprint is FNV-1a over a canonical text: it detects change, it is not a secret.
public enum ScreeningFingerprint {
    public static func partner(names: [String], country: String) -> String {
        let canonical = Set(names.map(PartyName.normalized)).sorted().joined(separator: "\u{1F}")
        return hash(canonical + "\u{1E}" + country.trimmingCharacters(in: .whitespaces).uppercased())
    }

    public static func entry(_ entry: DeniedPartyList.Entry) -> String {
        let names = Set(entry.names.map(PartyName.normalized)).sorted().joined(separator: "\u{1F}")
        let addresses = Set(entry.addresses.map { [$0.street, $0.cityLine, $0.country].map { $0.lowercased() }.joined(separator: "|") })
            .sorted().joined(separator: "\u{1F}")
        return hash(names + "\u{1E}" + addresses)
    }

    /// 64-bit FNV-1a, as 16 hex digits.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
