import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/seal-batches`, `/seals/{number}`, `/seal-issues`,
/// `/seal-events` and `/seal-audits`: the seal stock as JSON, through the same queries and
/// service as the pages.
struct SealStockAPIController {
    func register(_ api: any RoutesBuilder, app: Application) {
        let company = api.grouped("companies", ":companyID")
        company.on(.GET, "seal-batches", action: .viewSeals, use: batches)
        company.on(.POST, "seal-batches", action: .manageSeals, use: receive)
        company.on(.GET, "seal-batches", ":batchID", action: .viewSeals, use: batch)
        let limit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        company.on(.POST, "seal-batches", ":batchID", "certificate", action: .manageSeals, body: .collect(maxSize: ByteCount(value: limit)),
                   use: addCertificate)
        company.on(.GET, "seals", ":sealNumber", action: .viewSeals, use: seal)
        company.on(.POST, "seal-issues", action: .manageSeals, use: issue)
        company.on(.POST, "seal-events", action: .manageSeals, use: logEvent)
        company.on(.POST, "seal-audits", action: .manageSeals, use: audit)
    }

    /// The most findings one audit answer lists (the total is always given).
    static let maxFindings = 5_000

    /// The service names fields as the forms do; the JSON body names them in camel case.
    static let jsonField = ["first_number": "firstNumber", "last_number": "lastNumber", "seal_class": "sealClass", "seal_type": "sealType",
                            "storage_place": "storagePlace", "custodian": "custodianId", "certificate_expires": "certificateExpires",
                            "issued_to": "issuedTo", "shipment_reference": "shipmentReference", "seal_number": "sealNumber", "client_key": "clientKey"]

    static func renamed(_ failure: ValidationFailure) -> ValidationFailure { failure.renamingFields(jsonField) }

    /// Runs a service call, its refusals named as the JSON names its fields.
    static func renaming<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure { throw renamed(failure) }
    }

    @Sendable func batches(req: Request) async throws -> [SealBatchResponse] {
        let company = try req.companyID()
        let queries = SealStockQueries(req.db)
        let counts = try await queries.stateCounts(company: company)
        return try await queries.batches(company: company).map { SealBatchResponse($0, counts: .init(batch: $0, counts: counts[$0.id] ?? [:])) }
    }

    @Sendable func receive(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(SealBatchRequest.self)
        let id = try await Self.renaming {
            try await SealStockService(req).receive(body.receipt, certificate: nil, company: company, by: try req.requireUser().userID)
        }
        guard let saved = try await SealStockQueries(req.db).batch(company: company, id: id) else { throw TrustlaneError.notFound }
        let response = try await SealBatchResponse(saved, counts: .init(batch: saved, counts: [:])).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(id.uuidString.lowercased())")
        return response
    }

    @Sendable func batch(req: Request) async throws -> SealBatchResponse {
        let company = try req.companyID()
        let batch = try await req.routeSealBatch(company: company)
        let counts = try await SealStockQueries(req.db).stateCounts(company: company)
        return SealBatchResponse(batch, counts: .init(batch: batch, counts: counts[batch.id] ?? [:]))
    }

    struct CertificateForm: Content {
        var file: File?
        var certificateExpires: String?
    }

    /// `multipart/form-data`: `file` and `certificateExpires`.
    @Sendable func addCertificate(req: Request) async throws -> SealBatchResponse {
        let company = try req.companyID()
        let batch = try await req.routeSealBatch(company: company)
        let form = try? req.content.decode(CertificateForm.self)
        let certificate = form?.file.flatMap { $0.data.readableBytes > 0 ? SealStockService.Certificate(fileName: $0.filename, content: Data(buffer: $0.data)) : nil }
        try await Self.renaming {
            do {
                try await SealStockService(req).addCertificate(certificate, expires: form?.certificateExpires, batch: batch, company: company,
                                                               by: try req.requireUser().userID)
            } catch let failure as ValidationFailure {
                // The multipart field is `file`, as the evidence upload names it.
                throw ValidationFailure(failure.errors.map { $0.field == "certificate" ? FieldError(field: "file", messageKey: $0.messageKey, message: $0.message, arguments: $0.arguments) : $0 })
            }
        }
        return try await self.batch(req: req)
    }

    @Sendable func seal(req: Request) async throws -> SealResponse {
        let company = try req.companyID()
        let found = try await req.routeSeal(company: company)
        return SealResponse(number: found.number.rawValue, state: found.state.rawValue, batchId: found.batch.id,
                            batch: "\(found.batch.first_number)-\(found.batch.last_number)", issuedTo: found.row?.issued_to,
                            shipmentReference: found.row?.shipment_reference, history: found.history.map(SealEventResponse.init))
    }

    /// A `clientKey` sent again answers 200 with the seals its first call drew, and draws none.
    @Sendable func issue(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(SealIssueRequest.self)
        let issued = try await Self.renaming {
            try await SealStockService(req).issue(count: body.count.map(String.init), issuedTo: body.issuedTo, shipmentReference: body.shipmentReference,
                                                  company: company, by: try req.requireUser().userID, clientKey: body.clientKey)
        }
        return try await SealIssueResponse(seals: issued.seals.map(\.rawValue), issuedTo: body.issuedTo?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
                                           shipmentReference: body.shipmentReference?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            .encodeResponse(status: issued.created ? .created : .ok, for: req)
    }

    /// A `clientKey` sent again answers 200 with what its first call logged, and logs nothing.
    @Sendable func logEvent(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(SealEventRequest.self)
        let logged = try await Self.renaming {
            try await SealStockService(req).log(number: body.sealNumber, event: body.event, reason: body.reason, company: company,
                                                by: try req.requireUser().userID, clientKey: body.clientKey)
        }
        return try await SealEventResultResponse(sealNumber: logged.seal.rawValue, state: logged.state.rawValue)
            .encodeResponse(status: logged.created ? .created : .ok, for: req)
    }

    @Sendable func audit(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(SealAuditRequest.self)
        let outcome = try await SealStockService(req).runAudit(counted: body.counted, company: company, by: try req.requireUser().userID)
        let report = outcome.report
        let findings = report.findings.prefix(Self.maxFindings).map {
            SealAuditResponse.Finding(sealNumber: $0.seal.rawValue, kind: $0.kind.rawValue, state: $0.state?.rawValue, message: $0.message.message)
        }
        return try await SealAuditResponse(id: outcome.id, ranAt: outcome.ranAt, counted: outcome.counted, received: report.received,
                                           inStockByLog: report.inStockByLog, countedSeals: report.counted, findingsTotal: report.findings.count,
                                           findings: Array(findings)).encodeResponse(status: .created, for: req)
    }
}
