import Foundation

/// Where each criterion of an older catalog version goes in a newer one: kept under its id,
/// renumbered, or folded into another criterion (the newer version's `mapping`). A profile
/// moves its answers, evidence links, comments, corrective actions and validation findings by
/// this plan, so nothing recorded against the old version is lost.
public struct CatalogUpgrade: Sendable {
    /// What happens to one old criterion.
    public enum Fate: Hashable, Sendable {
        /// Same id in the new version (its text may still have changed: see `CatalogDiff`).
        case kept
        /// The same requirement under a new id.
        case renumbered(to: CriterionID)
        /// Now part of another criterion.
        case folded(into: CriterionID)
        /// Neither kept nor mapped: the new version has no place for it.
        case unplaced

        /// The id in the new version, if any.
        public func target(from id: CriterionID) -> CriterionID? {
            switch self {
            case .kept: id
            case .renumbered(let to): to
            case .folded(let into): into
            case .unplaced: nil
            }
        }
    }

    public let old: Catalog
    public let new: Catalog
    /// The mapping entry behind each moved criterion.
    public let moves: [CriterionID: CriterionMove]

    public init(from old: Catalog, to new: Catalog) {
        self.old = old
        self.new = new
        moves = Dictionary(new.moves.map { ($0.from, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the new version says it replaces the old one.
    public var isDeclared: Bool { new.replaces == old.id }

    public func fate(of id: CriterionID) -> Fate {
        if new.criteria.contains(where: { $0.id == id }) { return .kept }
        guard let move = moves[id] else { return .unplaced }
        switch move.change {
        case .renumbered: return .renumbered(to: move.to)
        case .folded: return .folded(into: move.to)
        }
    }

    /// The new id of an old criterion, if it has one.
    public func target(of id: CriterionID) -> CriterionID? { fate(of: id).target(from: id) }

    /// Old criteria the new version has no place for (a complete upgrade has none).
    public var unplaced: [CriterionID] { old.criteria.map(\.id).filter { fate(of: $0) == .unplaced } }

    /// Old criteria by what happens to them, in id order.
    public var renumbered: [(from: CriterionID, to: CriterionID)] {
        old.criteria.compactMap { criterion in
            if case .renumbered(let to) = fate(of: criterion.id) { return (criterion.id, to) }
            return nil
        }
    }

    public var folded: [(from: CriterionID, into: CriterionID)] {
        old.criteria.compactMap { criterion in
            if case .folded(let into) = fate(of: criterion.id) { return (criterion.id, into) }
            return nil
        }
    }

    /// Criteria new in this version (not the target of any old one).
    public var added: [CriterionID] {
        let targets = Set(old.criteria.compactMap { target(of: $0.id) })
        return new.criteria.map(\.id).filter { !targets.contains($0) }
    }
}
