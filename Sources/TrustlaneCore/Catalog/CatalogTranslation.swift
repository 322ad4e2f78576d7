import Foundation

/// Trustlane's own translation of one catalog's text into one language: category and focus-area
/// names, applicability questions, criterion titles, summaries and guidance, and eligibility
/// questions. CBP reviews profiles in English, and the English catalog stays authoritative; a
/// translation only helps the people answering. Bundled as
/// `Resources/CatalogTranslations/<catalog id>.<language>.json`.
public struct CatalogTranslation: Sendable, Decodable {
    public struct CriterionText: Sendable, Decodable, Hashable {
        public let title: String
        public let summary: String?
        public let guidance: String?
        public let note: String?
    }

    public struct QuestionText: Sendable, Decodable, Hashable {
        public let text: String
        public let reason: String?
    }

    public let catalog: String
    public let language: Language
    /// Who translated (always "Trustlane" for the bundled files).
    public let translator: String
    /// In the translation's language: that it is Trustlane's and that CBP reads English.
    public let note: String
    public let focusAreas: [String: String]
    /// By category number, as a string (`"5"`).
    public let categories: [String: String]
    public let conditions: [String: String]
    /// By criterion id (`"7.23"`, `"TL-3-A"`).
    public let criteria: [String: CriterionText]
    /// By eligibility question id.
    public let eligibility: [String: QuestionText]

    enum CodingKeys: String, CodingKey {
        case catalog, language, translator, note, categories, conditions, criteria, eligibility
        case focusAreas = "focus_areas"
    }

    /// The strings of `catalog` this translation lacks, as paths (`criteria.7.23.guidance`), in
    /// catalog order. Text that is empty in English is not counted.
    public func untranslated(in catalog: Catalog) -> [String] {
        var missing: [String] = []
        func check(_ english: String, _ translated: String?, _ path: String) {
            let hasEnglish = !english.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            let hasTranslation = !(translated ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if hasEnglish && !hasTranslation { missing.append(path) }
        }
        for area in catalog.focusAreas { check(area.title, focusAreas[area.id], "focus_areas.\(area.id)") }
        for category in catalog.categories { check(category.title, categories[String(category.number)], "categories.\(category.number)") }
        for condition in catalog.conditions { check(condition.question, conditions[condition.id], "conditions.\(condition.id)") }
        for criterion in catalog.criteria {
            let text = criteria[criterion.id.rawValue]
            let path = "criteria.\(criterion.id.rawValue)"
            check(criterion.title, text?.title, "\(path).title")
            check(criterion.summary, text?.summary, "\(path).summary")
            check(criterion.guidance, text?.guidance, "\(path).guidance")
            check(criterion.note, text?.note, "\(path).note")
        }
        for question in catalog.eligibilityQuestions {
            let text = eligibility[question.id.rawValue]
            check(question.text, text?.text, "eligibility.\(question.id.rawValue).text")
            check(question.reason, text?.reason, "eligibility.\(question.id.rawValue).reason")
        }
        return missing
    }

    /// Entries that name nothing in `catalog` (a criterion or question id that is not there):
    /// a translation left behind by a renumbering.
    public func orphans(in catalog: Catalog) -> [String] {
        let criterionIDs = Set(catalog.criteria.map(\.id.rawValue))
        let questionIDs = Set(catalog.eligibilityQuestions.map(\.id.rawValue))
        let categoryNumbers = Set(catalog.categories.map { String($0.number) })
        let conditionIDs = Set(catalog.conditions.map(\.id))
        let areaIDs = Set(catalog.focusAreas.map(\.id))
        return (criteria.keys.filter { !criterionIDs.contains($0) }.map { "criteria.\($0)" }
            + eligibility.keys.filter { !questionIDs.contains($0) }.map { "eligibility.\($0)" }
            + categories.keys.filter { !categoryNumbers.contains($0) }.map { "categories.\($0)" }
            + conditions.keys.filter { !conditionIDs.contains($0) }.map { "conditions.\($0)" }
            + focusAreas.keys.filter { !areaIDs.contains($0) }.map { "focus_areas.\($0)" }).sorted()
    }
}

/// A piece of catalog text and the language it is actually in: the reader's, or English where
/// Trustlane has no translation (pages mark that text `lang="en"`).
public struct Worded: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let language: Language
    /// The reader asked for another language and Trustlane had no translation: the page marks
    /// this text as English.
    public let isFallback: Bool

    public init(_ text: String, _ language: Language, isFallback: Bool = false) {
        self.text = text
        self.language = language
        self.isFallback = isFallback
    }

    public var description: String { text }
}

/// The text of one catalog as a reader of one language sees it: translated where Trustlane has a
/// translation, English otherwise.
public struct CatalogWording: Sendable {
    public let language: Language
    public let translation: CatalogTranslation?

    public init(language: Language, translation: CatalogTranslation?) {
        self.language = language
        self.translation = translation
    }

    private func pick(_ english: String, _ translated: String?) -> Worded {
        if let translated, !translated.isEmpty { return Worded(translated, language) }
        return Worded(english, .english, isFallback: language != .english)
    }

    public func title(_ criterion: Criterion) -> Worded { pick(criterion.title, translation?.criteria[criterion.id.rawValue]?.title) }
    public func summary(_ criterion: Criterion) -> Worded { pick(criterion.summary, translation?.criteria[criterion.id.rawValue]?.summary) }
    public func guidance(_ criterion: Criterion) -> Worded { pick(criterion.guidance, translation?.criteria[criterion.id.rawValue]?.guidance) }
    public func note(_ criterion: Criterion) -> Worded { pick(criterion.note, translation?.criteria[criterion.id.rawValue]?.note) }
    public func title(_ category: CriterionCategory) -> Worded { pick(category.title, translation?.categories[String(category.number)]) }
    public func title(_ area: FocusArea) -> Worded { pick(area.title, translation?.focusAreas[area.id]) }
    public func question(_ condition: ApplicabilityCondition) -> Worded { pick(condition.question, translation?.conditions[condition.id]) }
    public func text(_ question: EligibilityQuestion) -> Worded { pick(question.text, translation?.eligibility[question.id.rawValue]?.text) }
    public func reason(_ question: EligibilityQuestion) -> Worded { pick(question.reason, translation?.eligibility[question.id.rawValue]?.reason) }
}

/// The translations bundled with Trustlane, loaded once.
public struct CatalogTranslations: Sendable {
    public static let bundled: CatalogTranslations = {
        do { return try CatalogTranslations(files: BundledResources.paths(in: "CatalogTranslations").compactMap { path in
            BundledResources.data(path).map { (String(path.split(separator: "/").last ?? ""), $0) }
        }) } catch {
            fatalError("A bundled catalog translation could not be read: \(error)")
        }
    }()

    private let byCatalog: [String: [Language: CatalogTranslation]]

    /// Reads translation files given as (file name, bytes). A file whose name does not match its
    /// catalog and language is refused, so a copy cannot silently shadow another.
    public init(files: [(name: String, data: Data)]) throws {
        var table: [String: [Language: CatalogTranslation]] = [:]
        for file in files where file.name.hasSuffix(".json") {
            let translation: CatalogTranslation
            do { translation = try JSONDecoder().decode(CatalogTranslation.self, from: file.data) } catch {
                throw CatalogTranslationError(file: file.name, problem: "is not a readable translation (\(error))")
            }
            guard file.name == "\(translation.catalog).\(translation.language.rawValue).json" else {
                throw CatalogTranslationError(file: file.name, problem: "should be named \(translation.catalog).\(translation.language.rawValue).json")
            }
            guard translation.language != .english else {
                throw CatalogTranslationError(file: file.name, problem: "translates into English, which the catalog already is")
            }
            table[translation.catalog, default: [:]][translation.language] = translation
        }
        byCatalog = table
    }

    public func translation(catalog: String, language: Language) -> CatalogTranslation? {
        byCatalog[catalog]?[language]
    }

    /// The wording of `catalog` for readers of `language`.
    public func wording(catalog: String, language: Language) -> CatalogWording {
        CatalogWording(language: language, translation: language == .english ? nil : translation(catalog: catalog, language: language))
    }

    /// How many strings of `catalog` have no translation, per language other than English.
    public func untranslatedCounts(_ catalog: Catalog) -> [Language: Int] {
        var counts: [Language: Int] = [:]
        let all = CatalogTranslation.untranslated(catalog)
        for language in Language.allCases where language != .english {
            counts[language] = translation(catalog: catalog.id, language: language)?.untranslated(in: catalog).count ?? all
        }
        return counts
    }
}

extension CatalogTranslation {
    /// The number of translatable strings of `catalog` (what a missing translation lacks).
    public static func untranslated(_ catalog: Catalog) -> Int {
        let empty = CatalogTranslation(catalog: catalog.id, language: .english, translator: "", note: "", focusAreas: [:],
                                       categories: [:], conditions: [:], criteria: [:], eligibility: [:])
        return empty.untranslated(in: catalog).count
    }
}

public struct CatalogTranslationError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "Catalog translation \(file) \(problem)." }
}
