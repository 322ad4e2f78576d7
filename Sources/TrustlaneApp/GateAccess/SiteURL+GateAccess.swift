import Foundation
import TrustlaneCore

extension SiteURL {
    static func gate(_ company: CompanyID) -> String { "/companies/\(company)/gate" }
    static func gateVisits(_ company: CompanyID) -> String { gate(company) + "/visits" }
    static func gateVisitCheckOut(_ company: CompanyID, _ id: GateVisitID) -> String { gateVisits(company) + "/\(id)/check-out" }
    static func gateVisitsCSV(_ company: CompanyID) -> String { gate(company) + "/visits.csv" }
    static func gatePickups(_ company: CompanyID) -> String { gate(company) + "/pickups" }
    static func gatePickupDeparture(_ company: CompanyID, _ id: GatePickupID) -> String { gatePickups(company) + "/\(id)/departure" }
    static func gatePickupsCSV(_ company: CompanyID) -> String { gate(company) + "/pickups.csv" }
    static func gatePreNotices(_ company: CompanyID) -> String { gate(company) + "/prenotices" }
    static func gateSearch(_ company: CompanyID) -> String { gate(company) + "/search" }
    static func gateBadges(_ company: CompanyID) -> String { gate(company) + "/badges" }
    static func gateBadge(_ company: CompanyID, _ id: GateBadgeID) -> String { gateBadges(company) + "/\(id)" }
    static func gateHoldings(_ company: CompanyID) -> String { gate(company) + "/holdings" }

    /// A gate page's address with the site (and other query values) it shows.
    static func withQuery(_ path: String, _ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .gateQueryValue) ?? "")
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }
}

extension CharacterSet {
    /// What a query value may hold unescaped (`&`, `=`, `+` and `#` are escaped).
    static let gateQueryValue: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+#")
        return set
    }()
}
