import Foundation
import TrustlaneCore
import Vapor

/// The shipment or seal a route names, loaded the same way by the pages and the API. The access
/// guard has already decided on the company; anything not found, or not the company's, is 404.
extension Request {
    func routeShipment(company: CompanyID) async throws -> ShipmentQueries.Row {
        guard let id = ShipmentID(string: parameters.get("shipmentID") ?? ""),
              let row = try await ShipmentQueries(db).shipment(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    /// A seal on the shipment the route names (`:sealNumber`): 404 when it is not on it.
    func routeShipmentSeal(company: CompanyID, shipment: ShipmentQueries.Row) async throws -> ShipmentQueries.SealRow {
        guard let text = parameters.get("sealNumber"), let number = try? SealNumber(text),
              let seal = try await ShipmentQueries(db).seals(company: company, shipment: shipment.shipmentID).first(where: { $0.number == number.rawValue })
        else { throw TrustlaneError.notFound }
        return seal
    }
}
