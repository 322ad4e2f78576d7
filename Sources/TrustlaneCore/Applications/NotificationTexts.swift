import Foundation

/// The English text of every notification key the lifecycle produces, with `{placeholders}`.
/// The same keys belong in `Resources/Localization/*.json` (docs/LIFECYCLE.md lists them); this
/// table is the fallback for email subjects and webhooks, which are sent in English.
public enum NotificationTexts {
    /// Transition notifications by key.
    public static let transitions: [String: String] = [
        "notification.apply": "A company applied to CTPAT as {entity_type}; the partner agreement was accepted.",
        "notification.submit_profile": "The security profile ({entity_type}) was submitted for review.",
        "notification.assign_reviewer": "You are the reviewer of an application ({entity_type}).",
        "notification.start_review": "A reviewer started reviewing your security profile ({entity_type}).",
        "notification.request_information": "The reviewer asks for more information: {reasons}",
        "notification.resubmit": "The security profile ({entity_type}) was resubmitted with the information requested.",
        "notification.certify": "Certified: {tier} ({entity_type}).",
        "notification.reject": "Certification denied ({entity_type}): {reasons}",
        "notification.plan_validation": "A validation is planned ({entity_type}).",
        "notification.validated": "Validation passed: {tier} ({entity_type}).",
        "notification.validation_failed": "Validation failed ({entity_type}): {reasons}",
        "notification.submit_annual_review": "The annual profile review for the anniversary {anniversary} was submitted.",
        "notification.approve_annual_review": "The annual profile review for the anniversary {anniversary} was approved.",
        "notification.reject_annual_review": "The annual profile review for the anniversary {anniversary} was returned: {reasons}",
        "notification.start_revalidation": "A revalidation is planned ({entity_type}).",
        "notification.complete_vetting": "CBP's background vetting is recorded as complete ({entity_type}).",
        "notification.suspend": "Membership suspended ({entity_type}); respond by {response_due_on}.",
        "notification.reinstate": "Membership reinstated: {status_name} ({entity_type}).",
        "notification.remove": "Membership removed from the program ({entity_type}).",
        "notification.withdraw": "The company withdrew from the program ({entity_type}).",
        "notification.file_appeal": "An appeal was filed against the decision: {appealed_status}.",
        "notification.appeal_upheld": "The appeal was decided: the decision stands ({status_name}).",
        "notification.appeal_overturned": "The appeal was decided: the decision is overturned; now {status_name}.",
    ]

    /// English clock names, used in clock notifications.
    public static let clockNames: [ClockKind: String] = [
        .certificationDecision: "The certification decision", .validationDue: "The validation",
        .annualReview: "The annual profile review", .revalidation: "The revalidation",
        .suspensionResponse: "The response to the suspension", .appealFiling: "The appeal window",
        .appealDecision: "The appeal decision", .reapplication: "The waiting period before reapplying",
    ]

    /// Clock notification templates by state, after the clock's name.
    public static let clockStates: [String: String] = [
        "due_soon": "is due on {due_on} ({days_left} days left).",
        "overdue": "is overdue since {due_on} ({days_overdue} days).",
        "window_open": "window is open from {opens_on} to {due_on}.",
    ]

    /// Clock texts that read better whole than as name + state.
    public static let clockOverrides: [String: String] = [
        "notification.clock.appeal_filing.due_soon": "The appeal window closes on {due_on} ({days_left} days left).",
    ]

    /// Every key the lifecycle can produce.
    public static var allKeys: [String] {
        var clockKeys: [String] = []
        for kind in ClockKind.allCases {
            // A wait (reapplication) is never "due"; only deadlines go overdue; only the annual review has a window.
            if kind != .reapplication { clockKeys.append("notification.clock.\(kind.rawValue).due_soon") }
            if kind.isDeadline { clockKeys.append("notification.clock.\(kind.rawValue).overdue") }
            if kind == .annualReview { clockKeys.append("notification.clock.\(kind.rawValue).window_open") }
        }
        return (Array(transitions.keys) + clockKeys).sorted()
    }

    /// The English text of a key with its placeholders filled; the key itself when unknown.
    public static func english(_ key: String, _ parameters: [String: String]) -> String {
        var template = transitions[key] ?? clockOverrides[key]
        let clockPrefix = "notification.clock."
        if template == nil, key.hasPrefix(clockPrefix) {
            let parts = key.dropFirst(clockPrefix.count).split(separator: ".")
            if parts.count == 2, let kind = ClockKind(rawValue: String(parts[0])), let name = clockNames[kind],
               let state = clockStates[String(parts[1])] {
                template = name + " " + state
            }
        }
        guard var text = template else { return key }
        for (name, value) in parameters { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
