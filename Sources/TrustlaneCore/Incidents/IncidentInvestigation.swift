import Foundation

/// The investigation record of an incident (MSC 7.37): a timeline of what was done and found,
/// then the findings and the root cause; corrective actions are the company's one
/// corrective-action list, linked to the incident.
public enum IncidentInvestigation {
    public static let maxEntry = 5_000
    public static let maxFindings = 10_000
    public static let maxRootCause = 5_000
    public static let maxReason = 2_000

    /// One timeline entry: when something happened (default now) and what.
    public static func entry(text: String?, at: String?, notBefore discoveredAt: Date, zone: TimeZone, now: Date) throws(ValidationFailure) -> (text: String, at: Date) {
        var errors: [FieldError] = []
        let body = Check.text(text, field: "text", max: maxEntry, use: .freeText, into: &errors)
        var when = now
        if let at, !at.allSatisfy(\.isWhitespace) {
            if let parsed = IncidentTime.parse(at, field: "at", zone: zone, now: now, into: &errors) {
                if parsed < discoveredAt.addingTimeInterval(-60) {
                    errors.append(FieldError(field: "at", messageKey: "incidents.error.entry_before_discovery",
                                             message: "at is before the incident was discovered"))
                }
                when = parsed
            }
        }
        guard errors.isEmpty, let body else { throw ValidationFailure(errors) }
        return (body, when)
    }

    /// The findings and the root cause as written; either may be left empty while the work goes on.
    public static func findings(_ findings: String?, rootCause: String?) throws(ValidationFailure) -> (findings: String?, rootCause: String?) {
        var errors: [FieldError] = []
        let f = Check.text(findings, field: "findings", max: maxFindings, required: false, use: .freeText, into: &errors)
        let r = Check.text(rootCause, field: "root_cause", max: maxRootCause, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return (f, r)
    }

    /// What closing needs: an investigation under way, its findings and root cause written, and
    /// for an incident CBP wants reported, a record that CBP was told (or a reason it was not).
    public static func closureProblems(status: IncidentStatus, findings: String?, rootCause: String?, type: IncidentType,
                                       toldCBP: Bool, notReportedReason: String?) -> [FieldError] {
        var problems: [FieldError] = []
        if case .failure(let refusal) = status.applying(.close) { problems.append(refusal) }
        if (findings ?? "").isEmpty {
            problems.append(FieldError(field: "findings", messageKey: "incidents.error.close_findings",
                                       message: "findings are required before closing: write what the investigation found"))
        }
        if (rootCause ?? "").isEmpty {
            problems.append(FieldError(field: "root_cause", messageKey: "incidents.error.close_root_cause",
                                       message: "root_cause is required before closing: write why it happened"))
        }
        if type.reportToCBP && !toldCBP && (notReportedReason ?? "").isEmpty {
            problems.append(FieldError(field: "not_reported_reason", messageKey: "incidents.error.close_cbp",
                                       message: "this type of incident is one CBP asks to be told about: record the notification to the Supply Chain Security Specialist or the port of entry, or give the reason it was not reported"))
        }
        return problems
    }

    /// A reason (for dismissing, or for not telling CBP): required, at most 2,000 characters.
    public static func reason(_ text: String?, field: String = "reason", required: Bool = true) throws(ValidationFailure) -> String? {
        var errors: [FieldError] = []
        let value = Check.text(text, field: field, max: maxReason, required: required, use: .freeText, into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return value
    }
}
