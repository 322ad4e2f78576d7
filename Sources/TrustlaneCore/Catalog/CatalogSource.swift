import Foundation

/// A public source a catalog's criteria and eligibility questions rest on, listed once per
/// catalog and named by its `id` beside the data (`sources: [cbp-rc-eligibility]`).
public struct CatalogSource: Hashable, Sendable, Identifiable {
    /// How much a source can settle.
    public enum Kind: String, CaseIterable, Sendable {
        /// A CBP publication or page (or a faithful copy of one): it can confirm a criterion's
        /// number, level and entity types, or an eligibility requirement.
        case cbp
        /// The statute (6 U.S.C. 961-973, the SAFE Port Act).
        case statute
        /// A secondary source (a report, a consultant's page, a training deck of unstated
        /// author, Trustlane's own research list): a pointer, never a confirmation.
        case secondary

        public init?(text: String) { self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) }
    }

    /// A short key (`cbp-rc-eligibility`).
    public let id: String
    /// What it is, as a reader would cite it.
    public let title: String
    /// Where a public copy was read; empty when none can be given.
    public let url: String
    public let kind: Kind

    public init(id: String, title: String, url: String = "", kind: Kind) {
        self.id = id
        self.title = title
        self.url = url
        self.kind = kind
    }
}

/// Where a criterion of the version a catalog replaces went: a new id (`renumbered`), or folded
/// into another criterion whose guidance now carries its text (`folded`). Criteria whose id is
/// the same in both versions are not listed.
public struct CriterionMove: Hashable, Sendable {
    public enum Change: String, CaseIterable, Sendable {
        /// The same requirement under a new id (a reconstructed CBP-looking number that became
        /// a Trustlane-local id).
        case renumbered
        /// Only part of another criterion: its text now lives in that criterion's guidance.
        case folded

        public init?(text: String) { self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) }
    }

    /// The id in the replaced version.
    public let from: CriterionID
    /// The id in this version.
    public let to: CriterionID
    public let change: Change
    /// Why, in a sentence (which source says what).
    public let reason: String

    public init(from: CriterionID, to: CriterionID, change: Change, reason: String = "") {
        self.from = from
        self.to = to
        self.change = change
        self.reason = reason
    }
}
