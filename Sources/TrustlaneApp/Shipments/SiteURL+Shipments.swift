import Foundation
import TrustlaneCore

extension SiteURL {
    static func shipments(_ company: CompanyID) -> String { "/companies/\(company)/shipments" }
    static func newShipment(_ company: CompanyID) -> String { shipments(company) + "/new" }
    static func shipment(_ company: CompanyID, _ id: ShipmentID) -> String { shipments(company) + "/\(id)" }
    static func shipmentEdit(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/edit" }
    static func shipmentSeals(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/seals" }
    static func shipmentSealCheck(_ company: CompanyID, _ id: ShipmentID, _ seal: SealNumber, stage: SealCheckStage? = nil) -> String {
        shipmentSeals(company, id) + "/\(seal.rawValue)/check" + (stage.map { "?stage=" + $0.rawValue } ?? "")
    }
    static func shipmentSealPhoto(_ company: CompanyID, _ id: ShipmentID, _ seal: SealNumber) -> String {
        shipmentSeals(company, id) + "/\(seal.rawValue)/photo"
    }
    static func shipmentNotifyConsignee(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/notify-consignee" }
    static func shipmentLock(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/lock" }
    static func shipmentRelease(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/release" }
    static func shipmentOverride(_ company: CompanyID, _ id: ShipmentID) -> String { shipment(company, id) + "/override" }
}
