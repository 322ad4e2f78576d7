import Foundation
import TrustlaneCore
import Vapor

/// The batch or seal a route names, loaded the same way by the pages and the API. The access
/// guard has already decided on the company; anything not found, or not the company's, is 404.
extension Request {
    func routeSealBatch(company: CompanyID) async throws -> SealStockQueries.Batch {
        guard let batch = try await SealStockQueries(db).batch(company: company, id: routeUUID("batchID")) else { throw TrustlaneError.notFound }
        return batch
    }

    /// The seal the route names (`:sealNumber`): 404 when the number is malformed or in no batch
    /// the company received.
    func routeSeal(company: CompanyID) async throws -> SealStockQueries.FoundSeal {
        guard let text = parameters.get("sealNumber"), let number = try? SealNumber(text) else { throw TrustlaneError.notFound }
        guard let found = try await findSeal(number, company: company) else {
            let error = SealStockService.notReceived(number)
            throw TrustlaneError(status: .notFound, key: error.messageKey, message: error.message, arguments: error.arguments)
        }
        return found
    }

    func findSeal(_ number: SealNumber, company: CompanyID) async throws -> SealStockQueries.FoundSeal? {
        let queries = SealStockQueries(db)
        guard let batch = try await queries.batch(company: company, containing: number) else { return nil }
        async let row = queries.seal(company: company, number: number)
        async let history = queries.events(company: company, number: number)
        return SealStockQueries.FoundSeal(number: number, batch: batch, row: try await row, history: try await history)
    }
}
