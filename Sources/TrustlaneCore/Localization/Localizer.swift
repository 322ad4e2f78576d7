import Foundation

/// Looks up every word a page shows by key, in one language, and formats dates and numbers
/// for it. Strings live in `Resources/Localization/<language>.json` as flat key -> text maps;
/// `{name}` placeholders are filled from the arguments.
public struct Localizer: Sendable {
    public let language: Language
    private let strings: [String: String]
    private let fallback: [String: String]
    private let dateStyle: Date.FormatStyle
    private var dateTimeStyle: Date.FormatStyle
    /// Where moments (`dateTime`) are shown: UTC unless the person chose a zone. Calendar days
    /// (`date`: deadlines, program days) are days everywhere and are not shifted.
    public private(set) var timeZone: TimeZone = TimeZone(identifier: "UTC")!

    init(language: Language, strings: [String: String], fallback: [String: String]) {
        self.language = language
        self.strings = strings
        self.fallback = fallback
        let timeZone = TimeZone(identifier: "UTC")!
        var date = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: language.locale)
        date.timeZone = timeZone
        var dateTime = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: language.locale)
        dateTime.timeZone = timeZone
        self.dateStyle = date
        self.dateTimeStyle = dateTime
    }

    /// The text for `key`. A key missing from this language falls back to English and is
    /// recorded; a key missing everywhere shows as `⟦key⟧` and is recorded, so tests catch it.
    public func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        let template: String
        if let text = strings[key] {
            template = text
        } else if let text = fallback[key] {
            MissingKeys.shared.record(key, language: language)
            template = text
        } else {
            MissingKeys.shared.record(key, language: language)
            return "⟦\(key)⟧"
        }
        guard !arguments.isEmpty else { return template }
        return Self.fill(template, arguments)
    }

    /// `template` with each `{name}` that `arguments` names replaced by its value, in one pass
    /// over the bytes; other braces stay as they are, and a value is never read as a template.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        let bytes = template.utf8
        guard let firstBrace = bytes.firstIndex(of: UInt8(ascii: "{")) else { return template }
        var result = String(template[..<firstBrace])
        result.reserveCapacity(bytes.count + 32)
        var index = firstBrace
        var copiedFrom = firstBrace
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "{"),
                  let close = bytes[bytes.index(after: index)...].firstIndex(where: { $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "{") }),
                  bytes[close] == UInt8(ascii: "}") else {
                index = bytes.index(after: index)
                continue
            }
            let name = String(template[bytes.index(after: index)..<close])
            guard let value = arguments[name] else {
                index = bytes.index(after: close)
                continue
            }
            result += template[copiedFrom..<index]
            result += value
            index = bytes.index(after: close)
            copiedFrom = index
        }
        result += template[copiedFrom...]
        return result
    }

    /// Whether a key exists in this language (without fallback).
    public func has(_ key: String) -> Bool { strings[key] != nil }

    /// All keys of this language.
    public var keys: Set<String> { Set(strings.keys) }

    public func date(_ date: Date) -> String { date.formatted(dateStyle) }
    public func dateTime(_ date: Date) -> String {
        // Foundation on Linux names UTC "GMT"; pages have always said UTC.
        let zone = ["UTC", "GMT"].contains(timeZone.identifier) ? "UTC" : (timeZone.abbreviation(for: date) ?? timeZone.identifier)
        return date.formatted(dateTimeStyle) + " " + zone
    }

    /// The same words, showing moments in `zone`.
    public func with(timeZone zone: TimeZone) -> Localizer {
        var copy = self
        copy.timeZone = zone
        copy.dateTimeStyle.timeZone = zone
        return copy
    }
    /// Below 1,000 no language groups digits: the common small counts skip the formatter.
    public func number(_ value: Int) -> String {
        (0..<1000).contains(value) ? String(value) : value.formatted(.number.locale(language.locale))
    }
    public func percent(_ fraction: Double) -> String {
        fraction.formatted(.percent.precision(.fractionLength(0)).locale(language.locale))
    }
}

/// Loads the language files once and hands out localizers.
public final class LocalizationCatalog: Sendable {
    public static let shared: LocalizationCatalog = {
        do { return try LocalizationCatalog(files: { BundledResources.data("Localization/\($0).json") }) } catch {
            fatalError("Localization files could not be read: \(error)")
        }
    }()

    private let localizers: [Language: Localizer]

    /// `files` gives a language's JSON file by its code (`id`), or nil when there is none.
    public init(files: (String) -> Data?) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let data = files(language.rawValue) else { throw LocalizationError.missingFile(language.rawValue) }
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        let english = tables[.english] ?? [:]
        var built: [Language: Localizer] = [:]
        for language in Language.allCases {
            built[language] = Localizer(language: language, strings: tables[language] ?? [:], fallback: english)
        }
        localizers = built
    }

    public func localizer(for language: Language) -> Localizer { localizers[language]! }
}

public enum LocalizationError: Error, CustomStringConvertible {
    case missingFile(String)
    public var description: String {
        switch self {
        case .missingFile(let name): return "Localization file \(name).json is missing from this build"
        }
    }
}

/// Keys that were asked for but missing, for tests to assert on.
public final class MissingKeys: @unchecked Sendable {
    public static let shared = MissingKeys()
    private let lock = NSLock()
    private var keys: Set<String> = []

    func record(_ key: String, language: Language) {
        lock.lock(); defer { lock.unlock() }
        keys.insert("\(language.rawValue):\(key)")
    }

    public var all: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return keys
    }

    public func reset() {
        lock.lock(); defer { lock.unlock() }
        keys.removeAll()
    }
}
