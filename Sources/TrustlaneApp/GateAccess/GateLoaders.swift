import Foundation
import TrustlaneCore
import Vapor

/// What the gate's pages and the API read from a request the same way: the entry a route names
/// (404 when it is not the company's), a board's site and day, an export's period, a search.
extension Request {
    func routeVisit(company: CompanyID) async throws -> GateQueries.VisitRow {
        guard let id = GateVisitID(string: parameters.get("visitID") ?? ""),
              let row = try await GateQueries(db).visit(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    func routePickup(company: CompanyID) async throws -> GateQueries.PickupRow {
        guard let id = GatePickupID(string: parameters.get("pickupID") ?? ""),
              let row = try await GateQueries(db).pickup(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    func routeBadge(company: CompanyID) async throws -> GateQueries.BadgeRow {
        guard let id = GateBadgeID(string: parameters.get("badgeID") ?? ""),
              let row = try await GateQueries(db).badge(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    /// The API's filters: a value left out filters nothing, but a value sent blank is not one the
    /// document allows (a day, a status) and is refused by name. The pages' forms send blanks for
    /// "any" and do not call this.
    func refuseBlankQuery(_ names: [String]) throws {
        let errors = names.compactMap { name -> FieldError? in
            guard let value = try? query.get(String.self, at: name), value.allSatisfy(\.isWhitespace) else { return nil }
            return FieldError(field: name, messageKey: "gate.error.blank_filter", message: "\(name) must not be blank; leave it out for any")
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
    }

    /// The day the reader is in now, in their time zone.
    var gateToday: ProgramDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = typingZone
        return ProgramDay(application.clock.now(), calendar: calendar)
    }

    /// A day named by the query (`YYYY-MM-DD`), or the problem with it.
    func gateQueryDay(_ name: String, into errors: inout [FieldError]) -> ProgramDay? {
        guard let text = try? query.get(String.self, at: name), !text.isEmpty else { return nil }
        if let day = ProgramDay(text), (1970...9999).contains(day.year) { return day }
        errors.append(FieldError(field: name, messageKey: "gate.error.day", message: "\(name) must be a day such as 2026-12-05",
                                 arguments: ["value": String(text.prefix(20))]))
        return nil
    }

    /// The query's `site`, checked as a site name; nil when none is given.
    func gateQuerySite(into errors: inout [FieldError]) -> String? {
        guard let text = try? query.get(String.self, at: "site"), !text.allSatisfy(\.isWhitespace) else { return nil }
        return GateValidator.site(text, into: &errors)
    }

    /// A board's site (`site`, every site when none) and day (`day`, today in the reader's zone).
    func gateDay() throws -> GateQueries.Day {
        var errors: [FieldError] = []
        let site = gateQuerySite(into: &errors)
        let day = gateQueryDay("day", into: &errors) ?? gateToday
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let bounds = GateTime.bounds(of: day, zone: typingZone)
        return GateQueries.Day(site: site, day: day, start: bounds.start, end: bounds.end)
    }

    static let gateExportDays = 366

    /// An export's period: `from` through `to` (default the last 30 days to today), at most a
    /// year and a day; `site` narrows it.
    func gatePeriod() throws -> GateQueries.Period {
        var errors: [FieldError] = []
        let site = gateQuerySite(into: &errors)
        let to = gateQueryDay("to", into: &errors) ?? gateToday
        let from = gateQueryDay("from", into: &errors) ?? to.adding(days: -(GateQueries.evidenceDays - 1))
        if errors.isEmpty {
            if from > to {
                errors.append(FieldError(field: "from", messageKey: "gate.error.period_order", message: "from must not be after to"))
            } else if from.days(until: to) >= Self.gateExportDays {
                errors.append(FieldError(field: "from", messageKey: "gate.error.period_long",
                                         message: "the period may cover at most \(Self.gateExportDays) days", arguments: ["max": String(Self.gateExportDays)]))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let zone = typingZone
        return GateQueries.Period(from: from, to: to, site: site, start: GateTime.bounds(of: from, zone: zone).start,
                                  end: GateTime.bounds(of: to, zone: zone).end)
    }

    /// The search's `q` as the keys it looks up.
    func gateSearchTerms() throws -> GateSearch.Terms {
        switch GateSearch.terms(try? query.get(String.self, at: "q")) {
        case .success(let terms): return terms
        case .failure(let error): throw ValidationFailure([error])
        }
    }

    /// The inventory's `status` filter, refused by name when unknown.
    func badgeStatusFilter() throws -> BadgeStatus? {
        var errors: [FieldError] = []
        guard let text = try? query.get(String.self, at: "status"), !text.isEmpty else { return nil }
        let status: BadgeStatus? = IncidentValidator.choice(text, field: "status", into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return status
    }
}
