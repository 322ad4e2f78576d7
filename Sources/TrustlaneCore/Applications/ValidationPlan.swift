import Foundation

/// Whether a validation is the first one after certification or a later revalidation.
public enum ValidationPurpose: String, CaseIterable, Codable, Sendable, Hashable {
    case initial
    case revalidation
}

/// One site the validation visits, in the United States or abroad.
public struct ValidationSite: Codable, Sendable, Hashable {
    public var name: String
    public var country: CountryCode
    /// The day of the visit, inside the validation's days.
    public var visitOn: ProgramDay?

    public init(name: String, country: CountryCode, visitOn: ProgramDay? = nil) {
        self.name = name
        self.country = country
        self.visitOn = visitOn
    }

    /// A site outside the United States.
    public var isForeign: Bool { country.code != "US" }
}

/// A reviewer's plan for a validation: with or without a site visit, the sites to visit
/// (foreign ones included) and the days it runs.
public struct ValidationPlan: Codable, Sendable, Hashable, Identifiable {
    public let id: ValidationID
    public var purpose: ValidationPurpose
    public var siteVisit: Bool
    public var sites: [ValidationSite]
    public var startsOn: ProgramDay
    public var endsOn: ProgramDay

    public init(id: ValidationID = ValidationID(), purpose: ValidationPurpose = .initial, siteVisit: Bool,
                sites: [ValidationSite] = [], startsOn: ProgramDay, endsOn: ProgramDay) {
        self.id = id
        self.purpose = purpose
        self.siteVisit = siteVisit
        self.sites = sites
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// Whether the plan visits a site outside the United States. 6 U.S.C. 965(a) has the
    /// validation include on-site assessments at appropriate foreign locations, so a plan without
    /// one is shown with a warning; it is not refused (a U.S.-only supply chain exists) (issue 11).
    public var visitsAForeignSite: Bool { sites.contains(where: \.isForeign) }

    /// The countries visited, foreign ones included, without repeats, in code order.
    public var countries: [CountryCode] { Array(Set(sites.map(\.country))).sorted() }

    /// What is wrong with the plan for a member certified (or last validated) on `after`:
    /// the validation starts on a later day, ends on or after its start, visits at least one
    /// site when it has a site visit and none otherwise, and each visit falls in its days.
    public func problems(after: ProgramDay, expectedPurpose: ValidationPurpose? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        if let expected = expectedPurpose, purpose != expected {
            errors.append(FieldError(field: "purpose", messageKey: "validation.error.purpose",
                                     message: expected == .initial ? "Plan the initial validation here, not a revalidation"
                                                                   : "Plan a revalidation here, not an initial validation"))
        }
        if startsOn <= after {
            errors.append(FieldError(field: "starts_on", messageKey: "validation.error.before_certification",
                                     message: "The validation must start after \(after), the day of \(purpose == .initial ? "certification" : "the last validation")",
                                     arguments: ["after": after.description]))
        }
        if endsOn < startsOn {
            errors.append(FieldError(field: "ends_on", messageKey: "validation.error.ends_before_start",
                                     message: "The validation must end on or after its first day"))
        }
        if siteVisit && sites.isEmpty {
            errors.append(FieldError(field: "sites", messageKey: "validation.error.no_sites",
                                     message: "A validation with a site visit needs at least one site"))
        }
        if !siteVisit && !sites.isEmpty {
            errors.append(FieldError(field: "sites", messageKey: "validation.error.sites_without_visit",
                                     message: "A validation without a site visit lists no sites; tick the site visit or remove them"))
        }
        for (index, site) in sites.enumerated() {
            var scratch: [FieldError] = []
            if Check.text(site.name, field: "sites[\(index)].name", max: 200, into: &scratch) == nil { errors += scratch }
            if let day = site.visitOn, day < startsOn || day > endsOn {
                errors.append(FieldError(field: "sites[\(index)].visit_on", messageKey: "validation.error.visit_outside",
                                         message: "The visit to \(site.name) must fall between \(startsOn) and \(endsOn)"))
            }
        }
        return errors
    }
}
