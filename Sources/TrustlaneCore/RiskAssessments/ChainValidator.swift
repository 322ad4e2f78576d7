import Foundation

/// Checks a supply chain map and puts it in path order. A map is refused, with every problem
/// named by field (`nodes[2].country`, `legs[3].to`) and worded so a person can fix it, when:
///
/// - it is empty, or has a single node (a chain runs from an origin to a destination);
/// - a node lacks a key, kind, name or country, repeats another node's key, or names a country
///   that is not an ISO 3166-1 alpha-2 code;
/// - a leg lacks an end or a mode, points to a node that is not in the map, starts and ends at
///   the same node, or repeats another leg;
/// - the legs do not form one path: a node with two outgoing legs (a fork) or two incoming legs
///   (a merge), a loop, a node without legs, or more than one start or end.
///
/// Keys are matched exactly (`F1` and `f1` are different keys). Node kinds are not tied to
/// positions: a chain may start at a packing site, and a factory may feed another factory.
public enum ChainValidator {
    /// Limits of a map: nodes (and legs), names and partners, keys, regions.
    public static let maxNodes = 1000
    public static let maxNameLength = 200
    public static let maxKeyLength = 40
    public static let maxRegionLength = 100

    /// The map in path order, or every problem found.
    public static func validate(_ draft: SupplyChain.Draft) -> Result<SupplyChain, ValidationFailure> {
        var errors: [FieldError] = []
        let name = FieldText.check(draft.name, field: "name", max: maxNameLength, into: &errors)
        let productLine = FieldText.check(draft.productLine, field: "product_line", max: maxNameLength, required: false, into: &errors)

        if draft.nodes.isEmpty {
            errors.append(FieldError(field: "nodes", messageKey: "risk.error.chain_empty",
                                     message: "The map is empty. Add the origin, the destination and the nodes between them, joined by legs."))
            return .failure(ValidationFailure(errors))
        }
        if draft.nodes.count == 1 {
            errors.append(FieldError(field: "nodes", messageKey: "risk.error.chain_single_node",
                                     message: "A supply chain needs at least two nodes, an origin and a destination, joined by a leg."))
        }
        if draft.nodes.count > maxNodes || draft.legs.count > maxNodes {
            errors.append(FieldError(field: "nodes", messageKey: "risk.error.chain_too_large",
                                     message: "A supply chain may have at most \(maxNodes) nodes; split the map into several chains.",
                                     arguments: ["max": String(maxNodes)]))
            return .failure(ValidationFailure(errors))
        }

        let nodes = draft.nodes.enumerated().map { checkNode($0.element, index: $0.offset, errors: &errors) }
        // Keys of well-formed nodes, first use wins; a repeat is an error on the later node.
        var indexOfKey: [String: Int] = [:]
        var keysAreSound = nodes.allSatisfy { $0.key != nil }
        for (index, node) in nodes.enumerated() {
            guard let key = node.key else { continue }
            if let first = indexOfKey[key] {
                keysAreSound = false
                errors.append(FieldError(field: "nodes[\(index)].key", messageKey: "risk.error.node_key_duplicate",
                                         message: "Key '\(key)' is already used by the node '\(draft.nodes[first].name ?? key)'; give each node its own key.",
                                         arguments: ["key": key]))
            } else {
                indexOfKey[key] = index
            }
        }

        var edges: [ChainGraph.Edge] = []
        var legsResolve = true
        var legs: [ChainLeg?] = []
        var seenPairs: [ChainGraph.Pair: Int] = [:]
        for (index, leg) in draft.legs.enumerated() {
            let field = "legs[\(index)]"
            let from = resolve(leg.from, field: "\(field).from", end: "starts at", keys: indexOfKey, errors: &errors)
            let to = resolve(leg.to, field: "\(field).to", end: "goes to", keys: indexOfKey, errors: &errors)
            var mode: TransportMode?
            if let text = FieldText.check(leg.mode, field: "\(field).mode", max: 20, into: &errors) {
                mode = TransportMode(text: text)
                if mode == nil {
                    errors.append(FieldError(field: "\(field).mode", messageKey: "risk.error.leg_mode",
                                             message: "'\(text)' is not a transport mode; use one of \(TransportMode.allCases.map(\.rawValue).joined(separator: ", ")).",
                                             arguments: ["value": text]))
                }
            }
            let partner = FieldText.check(leg.businessPartner, field: "\(field).business_partner", max: maxNameLength, required: false, into: &errors)
            guard let fromIndex = from, let toIndex = to else { legsResolve = false; legs.append(nil); continue }
            if fromIndex == toIndex {
                legsResolve = false
                errors.append(FieldError(field: "\(field).to", messageKey: "risk.error.leg_self",
                                         message: "This leg starts and ends at '\(leg.to ?? "")'; a leg joins two different nodes.",
                                         arguments: ["key": leg.to ?? ""]))
            } else if let earlier = seenPairs[ChainGraph.Pair(from: fromIndex, to: toIndex)] {
                legsResolve = false
                errors.append(FieldError(field: field, messageKey: "risk.error.leg_duplicate",
                                         message: "This leg from '\(leg.from ?? "")' to '\(leg.to ?? "")' repeats legs[\(earlier)]; remove one of them.",
                                         arguments: ["from": leg.from ?? "", "to": leg.to ?? ""]))
            } else {
                seenPairs[ChainGraph.Pair(from: fromIndex, to: toIndex)] = index
                edges.append(ChainGraph.Edge(from: fromIndex, to: toIndex, leg: index))
            }
            if let mode, let fromKey = nodes[fromIndex].key, let toKey = nodes[toIndex].key {
                legs.append(ChainLeg(id: leg.id, from: fromKey, to: toKey, mode: mode, businessPartner: partner))
            } else {
                legs.append(nil)
            }
        }

        // The shape of the graph is judged only on sound references, so that one mistyped key
        // does not also read as a disconnected node and a second start.
        var order: [Int]?
        if keysAreSound && legsResolve {
            let keys = nodes.map { $0.key ?? "" }
            switch ChainGraph(nodeCount: nodes.count, edges: edges).path() {
            case .success(let path): order = path
            case .failure(let problems): errors += problems.list.map { $0.fieldError(keys: keys) }
            }
        }

        guard errors.isEmpty, let name, let order else { return .failure(ValidationFailure(errors)) }
        let builtNodes = nodes.compactMap(\.node)
        let builtLegs = legs.compactMap { $0 }
        guard builtNodes.count == nodes.count, builtLegs.count == draft.legs.count else { return .failure(ValidationFailure(errors)) }
        let legAt = Dictionary(uniqueKeysWithValues: edges.map { (ChainGraph.Pair(from: $0.from, to: $0.to), $0.leg) })
        let pathLegs = zip(order, order.dropFirst()).map { builtLegs[legAt[ChainGraph.Pair(from: $0, to: $1)]!] }
        return .success(SupplyChain(id: draft.id, name: name, productLine: productLine,
                                    nodes: order.map { builtNodes[$0] }, legs: pathLegs))
    }

    /// Whether a key is well formed: 1 to 40 letters, digits, `-`, `_` or `.`.
    public static func isWellFormedKey(_ key: String) -> Bool {
        let asciiKey = key.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        if asciiKey { return !key.isEmpty && key.utf8.count <= maxKeyLength }
        return !key.isEmpty && key.count <= maxKeyLength
            && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// A checked node, or what could be read of it (its key) when a field is wrong.
    private struct CheckedNode {
        var key: String?
        var node: ChainNode?
    }

    private static func checkNode(_ draft: ChainNode.Draft, index: Int, errors: inout [FieldError]) -> CheckedNode {
        let field = "nodes[\(index)]"
        var key = FieldText.check(draft.key, field: "\(field).key", max: maxKeyLength, into: &errors)
        if let text = key, !isWellFormedKey(text) {
            errors.append(FieldError(field: "\(field).key", messageKey: "risk.error.node_key_format",
                                     message: "Key '\(text)' may use only letters, digits, '-', '_' and '.' (for example F1 or port-sby).",
                                     arguments: ["value": text]))
            key = nil
        }
        var kind: ChainNodeKind?
        if let text = FieldText.check(draft.kind, field: "\(field).kind", max: 40, into: &errors) {
            kind = ChainNodeKind(text: text)
            if kind == nil {
                errors.append(FieldError(field: "\(field).kind", messageKey: "risk.error.node_kind",
                                         message: "'\(text)' is not a node kind; use one of \(ChainNodeKind.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         arguments: ["value": text]))
            }
        }
        let name = FieldText.check(draft.name, field: "\(field).name", max: maxNameLength, into: &errors)
        var country: CountryCode?
        if let text = FieldText.check(draft.country, field: "\(field).country", max: 20, into: &errors) {
            country = CountryCode(text)
            if country == nil {
                errors.append(FieldError(field: "\(field).country", messageKey: "risk.error.node_country",
                                         message: "'\(text)' is not an ISO 3166-1 alpha-2 country code; use two letters such as US, MX or ID.",
                                         arguments: ["value": text]))
            }
        }
        let region = FieldText.check(draft.region, field: "\(field).region", max: maxRegionLength, required: false, into: &errors)
        let partner = FieldText.check(draft.businessPartner, field: "\(field).business_partner", max: maxNameLength, required: false, into: &errors)
        guard let key, let kind, let name, let country else { return CheckedNode(key: key) }
        return CheckedNode(key: key, node: ChainNode(id: draft.id, key: key, kind: kind, name: name, country: country,
                                                      region: region, businessPartner: partner))
    }

    private static func resolve(_ value: String?, field: String, end: String, keys: [String: Int],
                                errors: inout [FieldError]) -> Int? {
        guard let key = FieldText.check(value, field: field, max: maxKeyLength, into: &errors) else { return nil }
        guard let index = keys[key] else {
            errors.append(FieldError(field: field, messageKey: "risk.error.leg_missing_node",
                                     message: "This leg \(end) node '\(key)', which is not in the map; add that node or correct the key.",
                                     arguments: ["key": key]))
            return nil
        }
        return index
    }
}
