import Foundation

/// How likely one threat is in a country, or in one region of it (step 2 of the assessment),
/// with where that judgement comes from. A company keeps these in its `ThreatLibrary` and reuses
/// them across its chains and assessments.
public struct ThreatRating: Hashable, Sendable, Codable {
    public let country: CountryCode
    /// A state, province or district; `nil` for the whole country.
    public let region: String?
    public let category: ThreatCategory
    /// The level on the assessment's `RiskScale`.
    public let level: RiskLevel
    /// Why this level: local conditions, incidents, trends.
    public let note: String?
    /// Where the judgement comes from (a government advisory, an industry report, own incidents).
    public let source: String
    public let ratedAt: Date
    public let ratedBy: UserID?

    public init(country: CountryCode, region: String? = nil, category: ThreatCategory, level: RiskLevel,
                note: String? = nil, source: String, ratedAt: Date, ratedBy: UserID? = nil) {
        self.country = country
        self.region = region
        self.category = category
        self.level = level
        self.note = note
        self.source = source
        self.ratedAt = ratedAt
        self.ratedBy = ratedBy
    }

    /// What a rating is about: one threat in one country or region. The library holds one
    /// rating per subject.
    public struct Subject: Hashable, Sendable {
        public let country: CountryCode
        /// The region in matching form (see `MatchKey`); `nil` for the whole country.
        public let regionKey: String?
        public let category: ThreatCategory

        public init(country: CountryCode, region: String?, category: ThreatCategory) {
            self.country = country
            self.regionKey = MatchKey.normalize(region)
            self.category = category
        }
    }

    /// What this rating is about.
    public var subject: Subject { Subject(country: country, region: region, category: category) }

    /// Limits of the texts of a rating.
    public static let maxNoteLength = 2000
    public static let maxSourceLength = 500

    /// A rating as typed: text as received.
    public struct Draft: Sendable, Equatable {
        public var country: String?
        public var region: String?
        /// A `ThreatCategory` raw value.
        public var category: String?
        /// A level key of the scale (`high`) or its value (`3`).
        public var level: String?
        public var note: String?
        public var source: String?

        public init(country: String?, region: String? = nil, category: String?, level: String?, note: String? = nil, source: String?) {
            self.country = country
            self.region = region
            self.category = category
            self.level = level
            self.note = note
            self.source = source
        }
    }

    /// Checks a typed rating against the assessment's scale: a known country and threat, a level
    /// on the scale, and a source.
    public static func validate(_ draft: Draft, scale: RiskScale, ratedAt: Date, ratedBy: UserID?) -> Result<ThreatRating, ValidationFailure> {
        var errors: [FieldError] = []
        var country: CountryCode?
        if let text = Check.text(draft.country, field: "country", max: 20, into: &errors) {
            country = CountryCode(text)
            if country == nil {
                errors.append(FieldError(field: "country", messageKey: "risk.error.node_country",
                                         message: "'\(text)' is not an ISO 3166-1 alpha-2 country code; use two letters such as US, MX or ID.",
                                         arguments: ["value": text]))
            }
        }
        let region = Check.text(draft.region, field: "region", max: ChainValidator.maxRegionLength, required: false, into: &errors)
        var category: ThreatCategory?
        if let text = Check.text(draft.category, field: "category", max: 40, into: &errors) {
            category = ThreatCategory(text: text)
            let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            if category == nil, let legacy = LegacyThreatCategory(rawValue: folded) {
                // A retired category: say why, and where its concerns go now.
                errors.append(FieldError(field: "category", messageKey: "risk.error.threat_category_legacy",
                                         message: "'\(text)' is no longer a threat category: CBP's five-step guide does not name it. Rate those concerns under fostering_conditions (political, economic and social conditions, corruption) or another of \(ThreatCategory.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         arguments: ["value": text, "legacy": legacy.rawValue]))
            } else if category == nil {
                errors.append(FieldError(field: "category", messageKey: "risk.error.threat_category",
                                         message: "'\(text)' is not a threat category; use one of \(ThreatCategory.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         arguments: ["value": text]))
            }
        }
        let level = checkLevel(draft.level, field: "level", scale: scale, errors: &errors)
        let note = Check.text(draft.note, field: "note", max: maxNoteLength, required: false, use: .freeText, into: &errors)
        let source = Check.text(draft.source, field: "source", max: maxSourceLength, into: &errors)
        guard errors.isEmpty, let country, let category, let level, let source else { return .failure(ValidationFailure(errors)) }
        return .success(ThreatRating(country: country, region: region, category: category, level: level, note: note,
                                     source: source, ratedAt: ratedAt, ratedBy: ratedBy))
    }

    /// Reads a level typed as a key or a value, refusing one outside the scale.
    static func checkLevel(_ text: String?, field: String, scale: RiskScale, errors: inout [FieldError]) -> RiskLevel? {
        guard let text = FieldText.check(text, field: field, max: 40, into: &errors) else { return nil }
        guard let level = scale.level(text: text) else {
            errors.append(FieldError(field: field, messageKey: "risk.error.level_outside_scale",
                                     message: "'\(text)' is not on the scale; use one of \(scale.keyList).",
                                     arguments: ["value": text, "levels": scale.keyList]))
            return nil
        }
        return level
    }
}
