import Foundation

extension ChainCSV {
    /// The chain in the format `read` takes: a format comment, the column comments, the chain
    /// row, the nodes in path order, then the legs in path order. Reading the result gives the
    /// same map back (with new node and leg ids).
    public static func write(_ chain: SupplyChain) -> String {
        var text = "# Trustlane supply chain map, format \(formatVersion)\n"
        text += "# " + chainColumns.joined(separator: ",") + "\n"
        text += "# " + nodeColumns.joined(separator: ",") + "\n"
        text += "# " + legColumns.joined(separator: ",") + "\n"
        text += row(["chain", chain.name, chain.productLine ?? ""])
        for node in chain.nodes {
            text += row(["node", node.key, node.kind.rawValue, node.name, node.country.code, node.region ?? "", node.businessPartner ?? ""])
        }
        for leg in chain.legs {
            text += row(["leg", leg.from, leg.to, leg.mode.rawValue, leg.businessPartner ?? ""])
        }
        return text
    }

    private static func row(_ cells: [String]) -> String {
        CSVReader.line(cells.map(escapeFormula))
    }
}
