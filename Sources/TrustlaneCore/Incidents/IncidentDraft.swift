import Foundation

/// An incident as the form or the API sends it: every field text, unchecked.
public struct IncidentDraft: Hashable, Sendable {
    public var type: String?
    public var severity: String?
    public var title: String?
    public var description: String?
    /// When it was discovered (`IncidentTime`).
    public var discoveredAt: String?
    /// Who discovered it: a name, a role, "CBP at the port of entry"...
    public var discoveredBy: String?
    /// Whether CBP (or another agency acting for it) found it, rather than the company.
    public var foundByCBP: Bool
    /// Where: a site, a dock door, a route.
    public var location: String?

    public init(type: String? = nil, severity: String? = nil, title: String? = nil, description: String? = nil, discoveredAt: String? = nil,
                discoveredBy: String? = nil, foundByCBP: Bool = false, location: String? = nil) {
        self.type = type
        self.severity = severity
        self.title = title
        self.description = description
        self.discoveredAt = discoveredAt
        self.discoveredBy = discoveredBy
        self.foundByCBP = foundByCBP
        self.location = location
    }
}

/// An incident draft that passed its checks.
public struct ValidIncident: Hashable, Sendable {
    public let type: IncidentType
    public let severity: IncidentSeverity
    public let title: String
    public let description: String
    public let discoveredAt: Date
    public let discoveredBy: String
    public let foundByCBP: Bool
    public let location: String?

    public init(type: IncidentType, severity: IncidentSeverity, title: String, description: String, discoveredAt: Date, discoveredBy: String,
                foundByCBP: Bool, location: String?) {
        self.type = type
        self.severity = severity
        self.title = title
        self.description = description
        self.discoveredAt = discoveredAt
        self.discoveredBy = discoveredBy
        self.foundByCBP = foundByCBP
        self.location = location
    }
}

/// The checks of an incident draft; every problem is named by field, nothing is kept on failure.
public enum IncidentValidator {
    public static let maxTitle = 200
    public static let maxDescription = 5_000
    public static let maxName = 120
    public static let maxLocation = 200

    /// A closed-list value (`type`, `severity`, ...) exactly as listed, or its problem appended.
    public static func choice<T: RawRepresentable & CaseIterable>(_ text: String?, field: String, default fallback: T? = nil,
                                                                   into errors: inout [FieldError]) -> T? where T.RawValue == String {
        let value = text ?? ""
        if value.isEmpty {
            if let fallback { return fallback }
            errors.append(.required(field))
            return nil
        }
        if let choice = T(rawValue: value) { return choice }
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        errors.append(FieldError(field: field, messageKey: "incidents.error.choice", message: "\(field) must be one of: \(allowed)",
                                 arguments: ["value": String(value.prefix(40)), "allowed": allowed]))
        return nil
    }

    public static func validate(_ draft: IncidentDraft, zone: TimeZone, now: Date) throws(ValidationFailure) -> ValidIncident {
        var errors: [FieldError] = []
        let type: IncidentType? = choice(draft.type, field: "type", into: &errors)
        let severity: IncidentSeverity? = choice(draft.severity, field: "severity", default: .medium, into: &errors)
        let title = Check.text(draft.title, field: "title", max: maxTitle, use: .freeText, into: &errors)
        let description = Check.text(draft.description, field: "description", max: maxDescription, use: .freeText, into: &errors)
        let discoveredAt = IncidentTime.parse(draft.discoveredAt, field: "discovered_at", zone: zone, now: now, into: &errors)
        let discoveredBy = Check.text(draft.discoveredBy, field: "discovered_by", max: maxName, use: .freeText, into: &errors)
        let location = Check.text(draft.location, field: "location", max: maxLocation, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty, let type, let severity, let title, let description, let discoveredAt, let discoveredBy else {
            throw ValidationFailure(errors)
        }
        return ValidIncident(type: type, severity: severity, title: title, description: description, discoveredAt: discoveredAt,
                             discoveredBy: discoveredBy, foundByCBP: draft.foundByCBP, location: location)
    }
}
