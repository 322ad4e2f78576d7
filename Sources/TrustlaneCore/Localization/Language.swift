import Foundation

/// The languages Trustlane's pages are written in. The API stays English.
public enum Language: String, CaseIterable, Codable, Sendable, Hashable {
    case english = "en"
    case indonesian = "id"
    case spanish = "es"

    /// The language's own name, shown in the language picker.
    public var nativeName: String {
        switch self {
        case .english: return "English"
        case .indonesian: return "Bahasa Indonesia"
        case .spanish: return "Español"
        }
    }

    /// The Foundation locale used to format dates and numbers.
    public var locale: Locale { Locale(identifier: rawValue) }

    /// Picks a language: the account's setting, else the best match of the browser's
    /// `Accept-Language` header, else English.
    public static func negotiate(accountSetting: String?, acceptLanguage: String?) -> Language {
        if let setting = accountSetting, let language = Language(rawValue: setting) {
            return language
        }
        guard let header = acceptLanguage else { return .english }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = String(tag.split(separator: "-").first ?? "")
            // "in" is the old code for Indonesian that some browsers still send.
            let language = Language(rawValue: primary) ?? (primary == "in" ? .indonesian : nil)
            guard let language, quality > 0 else { continue }
            if best == nil || quality > best!.1 { best = (language, quality) }
        }
        return best?.0 ?? .english
    }
}
