import Foundation

/// Checks a checklist draft, from a bundled data file or a company's form, and builds the
/// checklist. Field names in errors are paths into the draft (`points[3].title.es`,
/// `criteria[1]`), so one message serves a file's loader, a form and the API.
public enum InspectionChecklistValidator {
    public static let maxPoints = 60
    public static let maxTitle = 160
    public static let maxInstruction = 600
    public static let maxKey = 60

    /// What a checklist must carry besides its points.
    public enum Provenance: Sendable {
        /// A bundled CBP list: sources and `checked_on` are required, every text in all three languages.
        case bundled
        /// A company's own list: sources optional; every text in at least one language, the
        /// others shown in the first written (English, then Spanish, then Bahasa Indonesia).
        case company
    }

    /// Validates `draft`; `knownCriteria` are the criterion ids of the catalog the checklist
    /// must serve (every criterion it names must be one of them).
    public static func validate(_ draft: InspectionChecklist.Draft, knownCriteria: Set<CriterionID>,
                                provenance: Provenance = .company) -> Result<InspectionChecklist, ValidationFailure> {
        var errors: [FieldError] = []

        let key = checkKey(draft.key, field: "key", max: maxKey, pattern: .checklist, into: &errors)
        var version: Int?
        if let value = draft.version {
            if value >= 1 { version = value } else {
                errors.append(FieldError(field: "version", messageKey: "inspections.error.checklist_version",
                                         message: "version is \(value); it must be a whole number from 1 up", arguments: ["value": String(value)]))
            }
        } else {
            errors.append(.required("version"))
        }
        let title = text(draft.title, field: "title", max: maxTitle, provenance: provenance, into: &errors)

        var conveyance: ConveyanceKind?
        if let raw = draft.conveyance?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            conveyance = ConveyanceKind(rawValue: raw.lowercased())
            if conveyance == nil {
                let allowed = ConveyanceKind.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: "conveyance", messageKey: "inspections.error.conveyance",
                                         message: "conveyance '\(raw.prefix(40))' is not known; use one of \(allowed)",
                                         arguments: ["value": String(raw.prefix(40)), "allowed": allowed]))
            }
        } else {
            errors.append(.required("conveyance"))
        }

        var criteria: [CriterionID] = []
        let rawCriteria = draft.criteria ?? []
        if rawCriteria.isEmpty {
            errors.append(FieldError(field: "criteria", messageKey: "inspections.error.criteria_empty",
                                     message: "criteria is empty; name at least one MSC criterion the checklist serves, such as 5.3"))
        }
        for (index, raw) in rawCriteria.enumerated() {
            let field = "criteria[\(index)]"
            guard let id = CriterionID(raw), knownCriteria.contains(id) else {
                errors.append(FieldError(field: field, messageKey: "inspections.error.criterion_unknown",
                                         message: "\(field) '\(raw.prefix(20))' is not a criterion of the catalog; use a number such as 5.3 or 8.1",
                                         arguments: ["value": String(raw.prefix(20))]))
                continue
            }
            if criteria.contains(id) {
                errors.append(FieldError(field: field, messageKey: "inspections.error.criterion_repeated",
                                         message: "\(field) names \(id) a second time", arguments: ["value": id.rawValue]))
            } else {
                criteria.append(id)
            }
        }

        var checkedOn: ProgramDay?
        if let raw = draft.checkedOn {
            checkedOn = ProgramDay(raw)
            if checkedOn == nil {
                errors.append(FieldError(field: "checked_on", messageKey: "inspections.error.day",
                                         message: "checked_on '\(raw.prefix(20))' is not a day written YYYY-MM-DD", arguments: ["value": String(raw.prefix(20))]))
            }
        } else if case .bundled = provenance {
            errors.append(.required("checked_on"))
        }

        var sources: [InspectionChecklist.Source] = []
        let rawSources = draft.sources ?? []
        if rawSources.isEmpty, case .bundled = provenance {
            errors.append(FieldError(field: "sources", messageKey: "inspections.error.sources_empty",
                                     message: "sources is empty; a bundled checklist names where its points come from"))
        }
        for (index, source) in rawSources.enumerated() {
            let field = "sources[\(index)]"
            let sourceTitle = Check.text(source.title, field: "\(field).title", max: 400, use: .freeText, into: &errors)
            let url = Check.text(source.url, field: "\(field).url", max: 500, required: false, into: &errors)
            let kindText = source.kind?.trimmingCharacters(in: .whitespaces) ?? ""
            let kind = InspectionChecklist.SourceKind(rawValue: kindText)
            if kind == nil {
                let allowed = InspectionChecklist.SourceKind.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: "\(field).kind", messageKey: "inspections.error.source_kind",
                                         message: "\(field).kind '\(kindText.prefix(40))' is not known; use one of \(allowed)",
                                         arguments: ["value": String(kindText.prefix(40)), "allowed": allowed]))
            }
            if let sourceTitle, let kind { sources.append(.init(title: sourceTitle, url: url, kind: kind)) }
        }
        let note = Check.text(draft.note, field: "note", max: 2000, required: false, use: .freeText, into: &errors) ?? ""

        let points = self.points(draft.points ?? [], provenance: provenance, into: &errors)

        guard errors.isEmpty, let key, let version, let title, let conveyance else { return .failure(ValidationFailure(errors)) }
        return .success(InspectionChecklist(key: key, version: version, title: title, conveyance: conveyance, criteria: criteria.sorted(),
                                            unverified: draft.unverified ?? false, checkedOn: checkedOn, sources: sources, note: note,
                                            points: points))
    }

    private static func points(_ drafts: [InspectionChecklist.Draft.Point], provenance: Provenance,
                               into errors: inout [FieldError]) -> [InspectionChecklist.Point] {
        if drafts.isEmpty {
            errors.append(FieldError(field: "points", messageKey: "inspections.error.points_empty",
                                     message: "points is empty; a checklist has at least one point"))
            return []
        }
        if drafts.count > maxPoints {
            errors.append(FieldError(field: "points", messageKey: "inspections.error.too_many_points",
                                     message: "points holds \(drafts.count) points; at most \(maxPoints) are allowed",
                                     arguments: ["count": String(drafts.count), "max": String(maxPoints)]))
            return []
        }
        var points: [InspectionChecklist.Point] = []
        var seen: [String: Int] = [:]
        for (index, point) in drafts.enumerated() {
            let field = "points[\(index)]"
            let key = checkKey(point.key, field: "\(field).key", max: maxKey, pattern: .point, into: &errors)
            if let key {
                if let earlier = seen[key] {
                    errors.append(FieldError(field: "\(field).key", messageKey: "inspections.error.point_key_repeated",
                                             message: "\(field).key '\(key)' is already the key of points[\(earlier)]; each point needs its own key",
                                             arguments: ["value": key, "earlier": "points[\(earlier)]"]))
                } else {
                    seen[key] = index
                }
            }
            if let order = point.order {
                if order != index + 1 {
                    errors.append(FieldError(field: "\(field).order", messageKey: "inspections.error.point_order",
                                             message: "\(field).order is \(order); orders run 1, 2, 3 ... in the list's order, so this point is \(index + 1)",
                                             arguments: ["value": String(order), "expected": String(index + 1)]))
                }
            } else {
                errors.append(.required("\(field).order"))
            }
            let title = text(point.title, field: "\(field).title", max: maxTitle, provenance: provenance, into: &errors)
            let security = text(point.security, field: "\(field).security", max: maxInstruction, provenance: provenance, into: &errors)
            let agriculture = text(point.agriculture, field: "\(field).agriculture", max: maxInstruction, provenance: provenance, into: &errors)
            if let key, let title, let security, let agriculture {
                points.append(.init(key: key, order: index + 1, title: title, security: security, agriculture: agriculture))
            }
        }
        return points
    }

    /// A text in all three languages; an error names each language that is missing. A company's
    /// text needs one language; a missing one is shown in the first written.
    static func text(_ draft: InspectionChecklist.Draft.Text?, field: String, max: Int, provenance: Provenance = .bundled,
                     into errors: inout [FieldError]) -> LocalizedText? {
        let given = [draft?.en, draft?.es, draft?.id].map { $0.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } }
        if case .company = provenance {
            guard given.contains(where: { $0 != nil }) else {
                errors.append(FieldError(field: field, messageKey: "inspections.error.text_missing",
                                         message: "\(field) is missing: write it in at least one of English (en), Spanish (es) or Bahasa Indonesia (id)"))
                return nil
            }
            var texts: [String?] = []
            for (language, value) in zip([Language.english, .spanish, .indonesian], given) {
                texts.append(value.flatMap { Check.text($0, field: "\(field).\(language.rawValue)", max: max, use: .freeText, into: &errors) })
            }
            guard let first = texts.compactMap({ $0 }).first, texts.count == 3,
                  !zip(given, texts).contains(where: { $0.0 != nil && $0.1 == nil }) else { return nil }
            return LocalizedText(en: texts[0] ?? first, es: texts[1] ?? first, id: texts[2] ?? first)
        }
        var texts: [String] = []
        for (language, value) in [(Language.english, draft?.en), (.spanish, draft?.es), (.indonesian, draft?.id)] {
            let languageField = "\(field).\(language.rawValue)"
            if value.map({ $0.allSatisfy(\.isWhitespace) }) ?? true {
                errors.append(FieldError(field: languageField, messageKey: "inspections.error.language_missing",
                                         message: "\(languageField) is missing: every text is written in English (en), Spanish (es) and Bahasa Indonesia (id)",
                                         arguments: ["language": language.nativeName]))
                continue
            }
            if let checked = Check.text(value, field: languageField, max: max, use: .freeText, into: &errors) { texts.append(checked) }
        }
        guard texts.count == 3 else { return nil }
        return LocalizedText(en: texts[0], es: texts[1], id: texts[2])
    }

    enum KeyPattern {
        /// `container-7-point`: lower-case letters, digits and hyphens.
        case checklist
        /// `front_wall`: lower-case letters, digits and underscores.
        case point
    }

    static func checkKey(_ raw: String?, field: String, max: Int, pattern: KeyPattern, into errors: inout [FieldError]) -> String? {
        guard let raw, !raw.allSatisfy(\.isWhitespace) else {
            errors.append(.required(field))
            return nil
        }
        let key = raw.trimmingCharacters(in: .whitespaces)
        let separator: Unicode.Scalar = pattern == .checklist ? "-" : "_"
        let fine = key.utf8.count <= max && key.unicodeScalars.first.map({ ("a"..."z").contains($0) }) == true
            && key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == separator }
        guard fine else {
            let (messageKey, shape) = pattern == .checklist
                ? ("inspections.error.checklist_key", "lower-case letters, digits and -, starting with a letter, such as container-7-point")
                : ("inspections.error.point_key", "lower-case letters, digits and _, starting with a letter, such as front_wall")
            errors.append(FieldError(field: field, messageKey: messageKey,
                                     message: "\(field) '\(key.prefix(60))' must be \(shape) (at most \(max) characters)",
                                     arguments: ["value": String(key.prefix(60)), "max": String(max)]))
            return nil
        }
        return key
    }
}
