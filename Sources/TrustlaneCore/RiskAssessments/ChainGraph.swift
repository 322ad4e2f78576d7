import Foundation

/// The legs of a map as a graph over node positions, and the check that they form one path.
/// Internal to `ChainValidator`; works on integer indexes only.
struct ChainGraph {
    struct Edge {
        let from: Int
        let to: Int
        /// The leg's position in the draft, for field names.
        let leg: Int
    }

    struct Pair: Hashable {
        let from: Int
        let to: Int
    }

    /// Why the legs are not one path.
    enum Problem: Equatable {
        case fork(node: Int, leg: Int, otherTarget: Int)
        case merge(node: Int, leg: Int, otherSource: Int)
        case loop(closingLeg: Int, cycle: [Int])
        case unconnected(node: Int)
        case extraStart(node: Int, firstStart: Int)
        case extraEnd(node: Int, firstEnd: Int)

        func fieldError(keys: [String]) -> FieldError {
            switch self {
            case let .fork(node, leg, other):
                FieldError(field: "legs[\(leg)].from", messageKey: "risk.error.chain_fork",
                           message: "Node '\(keys[node])' already has a leg to '\(keys[other])'. A supply chain is a single path, so map the other route as its own supply chain.",
                           arguments: ["key": keys[node], "other": keys[other]])
            case let .merge(node, leg, other):
                FieldError(field: "legs[\(leg)].to", messageKey: "risk.error.chain_merge",
                           message: "Node '\(keys[node])' is already reached from '\(keys[other])'. A supply chain is a single path, so map the other route as its own supply chain.",
                           arguments: ["key": keys[node], "other": keys[other]])
            case let .loop(leg, cycle):
                FieldError(field: "legs[\(leg)].to", messageKey: "risk.error.chain_loop",
                           message: "This leg closes a loop (\(cycle.map { keys[$0] }.joined(separator: " → "))). A supply chain runs once from origin to destination; remove the leg or map the return trip as its own chain.",
                           arguments: ["loop": cycle.map { keys[$0] }.joined(separator: " → ")])
            case let .unconnected(node):
                FieldError(field: "nodes[\(node)]", messageKey: "risk.error.node_unconnected",
                           message: "Node '\(keys[node])' has no leg to or from it; connect it with a leg or remove it.",
                           arguments: ["key": keys[node]])
            case let .extraStart(node, first):
                FieldError(field: "nodes[\(node)]", messageKey: "risk.error.chain_two_starts",
                           message: "No leg arrives at node '\(keys[node])', so it is a second start besides '\(keys[first])'. A supply chain has one origin: add the missing leg, or map the other route as its own chain.",
                           arguments: ["key": keys[node], "other": keys[first]])
            case let .extraEnd(node, first):
                FieldError(field: "nodes[\(node)]", messageKey: "risk.error.chain_two_ends",
                           message: "No leg leaves node '\(keys[node])', so it is a second end besides '\(keys[first])'. A supply chain has one destination: add the missing leg, or map the other route as its own chain.",
                           arguments: ["key": keys[node], "other": keys[first]])
            }
        }
    }

    let nodeCount: Int
    let edges: [Edge]
    private var outgoing: [[Int]]
    private var incoming: [[Int]]

    init(nodeCount: Int, edges: [Edge]) {
        self.nodeCount = nodeCount
        self.edges = edges
        outgoing = Array(repeating: [], count: nodeCount)
        incoming = Array(repeating: [], count: nodeCount)
        for (position, edge) in edges.enumerated() {
            outgoing[edge.from].append(position)
            incoming[edge.to].append(position)
        }
    }

    /// The node indexes from the single start to the single end, or every shape problem.
    func path() -> Result<[Int], Problems> {
        var problems: [Problem] = []
        for node in 0..<nodeCount {
            for position in outgoing[node].dropFirst() {
                problems.append(.fork(node: node, leg: edges[position].leg, otherTarget: edges[outgoing[node][0]].to))
            }
            for position in incoming[node].dropFirst() {
                problems.append(.merge(node: node, leg: edges[position].leg, otherSource: edges[incoming[node][0]].from))
            }
            if outgoing[node].isEmpty && incoming[node].isEmpty && nodeCount > 1 {
                problems.append(.unconnected(node: node))
            }
        }
        problems += loops()
        let branching = problems.contains { if case .fork = $0 { true } else if case .merge = $0 { true } else { false } }
        // Extra starts and ends follow from forks and merges; name them only when they are the
        // problem themselves.
        if !branching {
            let starts = (0..<nodeCount).filter { incoming[$0].isEmpty && !outgoing[$0].isEmpty }
            let ends = (0..<nodeCount).filter { outgoing[$0].isEmpty && !incoming[$0].isEmpty }
            problems += starts.dropFirst().map { .extraStart(node: $0, firstStart: starts[0]) }
            problems += ends.dropFirst().map { .extraEnd(node: $0, firstEnd: ends[0]) }
        }
        guard problems.isEmpty else { return .failure(Problems(problems)) }
        guard nodeCount > 1, let start = (0..<nodeCount).first(where: { incoming[$0].isEmpty }) else {
            return nodeCount == 1 ? .success([0]) : .failure(Problems([]))
        }
        var order = [start]
        var current = start
        while let next = outgoing[current].first {
            current = edges[next].to
            order.append(current)
        }
        return .success(order)
    }

    /// One problem per loop: Kahn's algorithm removes every node not on or behind a loop; from a
    /// node left over, walking back along incoming legs must come round to a node seen before.
    private func loops() -> [Problem] {
        var indegree = incoming.map(\.count)
        var queue = (0..<nodeCount).filter { indegree[$0] == 0 }
        var removed = Array(repeating: false, count: nodeCount)
        while let node = queue.popLast() {
            removed[node] = true
            for position in outgoing[node] {
                let target = edges[position].to
                indegree[target] -= 1
                if indegree[target] == 0 { queue.append(target) }
            }
        }
        var problems: [Problem] = []
        var reported = Array(repeating: false, count: nodeCount)
        for candidate in 0..<nodeCount where !removed[candidate] && !reported[candidate] {
            var seenAt: [Int: Int] = [:]
            var walk: [Int] = []
            var node = candidate
            while seenAt[node] == nil {
                seenAt[node] = walk.count
                walk.append(node)
                guard let back = incoming[node].first(where: { !removed[edges[$0].from] }) else { break }
                node = edges[back].from
            }
            guard let loopStart = seenAt[node] else { continue }
            // The walk went backwards; the loop in travel order is its reverse.
            let cycle = Array(walk[loopStart...].reversed())
            if cycle.contains(where: { reported[$0] }) { continue }
            for member in cycle { reported[member] = true }
            let closing = zip(cycle, cycle.dropFirst() + [cycle[0]]).compactMap { pair in
                outgoing[pair.0].map { edges[$0] }.first { $0.to == pair.1 }?.leg
            }.max() ?? 0
            // Start the loop's text at the head of the closing leg's target, so it reads in the
            // order the person wrote the legs.
            let closingTarget = edges.first { $0.leg == closing }!.to
            let rotation = cycle.firstIndex(of: closingTarget) ?? 0
            let readable = Array(cycle[rotation...] + cycle[..<rotation])
            problems.append(.loop(closingLeg: closing, cycle: readable + [readable[0]]))
        }
        return problems
    }

    struct Problems: Error {
        let list: [Problem]
        init(_ list: [Problem]) { self.list = list }
    }
}
