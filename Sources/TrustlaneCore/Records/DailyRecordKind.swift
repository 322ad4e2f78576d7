import Foundation

/// The daily records a validator samples besides inspections (issue 17: "a validation
/// pack exports a random sample of each record type since the last validation; retention per
/// record type, as for inspections"), each kept for its own retention (`RecordRetention`) and
/// under its own legal hold. The seal log and shipments joined them from issue 16.
public enum DailyRecordKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The incident register (MSC 7.23-7.37).
    case incidents
    /// Training sessions with their attendance (MSC 12.x).
    case training
    /// The visitor log (MSC 10.2).
    case visits
    /// The driver and cargo pickup log, with the carriers' pre-notifications (MSC 10.3, 10.4, 10.7).
    case pickups
    /// The seal log (issue 16): every seal issued, affixed, verified, arrived, voided, damaged,
    /// lost or returned, with who and why (MSC 6.1, 6.5, 6.6). No criterion we have read sets a
    /// period for it (unverified); it is sampled back to the last validation like the rest, so
    /// the floor is the same year.
    case seals
    /// Shipments with their seals, VVTT checks, photos and discrepancies (issue 16; MSC 6.2, 6.3,
    /// 6.7, 7.5, 7.29, 7.30). Kept as the seal log is (unverified beyond the year's floor).
    case shipments
    /// Training sessions' signed attendance rosters and materials (issue 17; MSC 12.1), the
    /// files kept with a session: their own retention (the sessions' may be longer), by the time
    /// they were uploaded; a session that is still someone's proof of training keeps its files.
    case trainingFiles = "training_files"
    /// The badge and key issue and return log (MSC 10.1): every badge, card or key added, issued,
    /// returned or reported lost, with whom and when. The events of a badge still issued stay:
    /// they say who holds it since when.
    case badgeEvents = "badge_events"

    public var nameKey: String { "records.kind.\(rawValue)" }

    /// The criteria the records serve, as the pack names them.
    public var criteria: [String] {
        switch self {
        case .incidents: ["7.23", "7.24", "7.25", "7.27", "7.37"]
        case .training: ["12.1", "12.2", "12.4", "12.8", "12.10"]
        case .visits: ["10.2"]
        case .pickups: ["10.3", "10.4", "10.7"]
        case .seals: ["6.1", "6.5", "6.6"]
        case .shipments: ["6.2", "6.3", "6.7", "7.5", "7.29", "7.30"]
        case .trainingFiles: ["12.1"]
        case .badgeEvents: ["10.1"]
        }
    }

}
