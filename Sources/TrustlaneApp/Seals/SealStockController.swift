import Foundation
import TrustlaneCore
import Vapor

/// The seal stock's pages: the stock and the search by number, receive a batch (with its
/// certificate, now or later), a batch, a seal and its history, issue, log and the audit.
struct SealStockController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "seals")
        routes.on(.GET, action: .viewSeals, use: index)
        routes.on(.GET, "find", action: .viewSeals, use: find)
        routes.on(.GET, "batches", "new", action: .manageSeals, use: newBatch)
        let limit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        let receipt = routes.on(.POST, "batches", action: .manageSeals, body: .collect(maxSize: ByteCount(value: limit)), use: receive)
        receipt.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        routes.on(.GET, "batches", ":batchID", action: .viewSeals, use: batch)
        let certificate = routes.on(.POST, "batches", ":batchID", "certificate", action: .manageSeals,
                                    body: .collect(maxSize: ByteCount(value: limit)), use: addCertificate)
        certificate.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        routes.on(.GET, "issue", action: .manageSeals, use: issueForm)
        routes.on(.POST, "issue", action: .manageSeals, use: issue)
        routes.on(.GET, "log", action: .manageSeals, use: logForm)
        routes.on(.POST, "log", action: .manageSeals, use: log)
        routes.on(.GET, "audit", action: .manageSeals, use: auditForm)
        routes.on(.POST, "audit", action: .manageSeals, use: runAudit)
        routes.on(.GET, ":sealNumber", action: .viewSeals, use: show)
    }

    func stockModel(_ req: Request, number: String? = nil, errors: [FieldError] = []) async throws -> SealStockViews.StockModel {
        let company = try await req.routeCompany()
        let queries = SealStockQueries(req.db)
        async let batches = queries.batches(company: company.companyID)
        async let counts = queries.stateCounts(company: company.companyID)
        let byBatch = try await counts
        return .init(company: company.companyID, companyName: company.legalName,
                     batches: try await batches.map { ($0, SealStockViews.Counts(batch: $0, counts: byBatch[$0.id] ?? [:])) },
                     canManage: PageContext(req).allows(.manageSeals, company: company.companyID), number: number, errors: errors)
    }

    @Sendable func index(req: Request) async throws -> HTML {
        SealStockViews.stock(PageContext(req), try await stockModel(req))
    }

    /// The search by number: to the seal's page when it is the company's; the stock page with
    /// the field's error otherwise (400 for a malformed number, 404 for one in no batch).
    @Sendable func find(req: Request) async throws -> Response {
        let company = try req.companyID()
        let text = (try? req.query.get(String.self, at: "number")) ?? ""
        var errors: [FieldError] = []
        guard let number = SealNumber.parse(text, field: "number", into: &errors) else {
            return Response.html(SealStockViews.stock(PageContext(req), try await stockModel(req, number: text, errors: errors)), status: .badRequest)
        }
        guard try await SealStockQueries(req.db).batch(company: company, containing: number) != nil else {
            let error = SealStockService.notReceived(number)
            let named = FieldError(field: "number", messageKey: error.messageKey, message: error.message, arguments: error.arguments)
            return Response.html(SealStockViews.stock(PageContext(req), try await stockModel(req, number: text, errors: [named])), status: .notFound)
        }
        return req.redirect(to: SiteURL.seal(company, number))
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let found = try await req.routeSeal(company: company)
        let c = PageContext(req)
        return SealStockViews.seal(c, .init(company: company, found: found, canManage: c.allows(.manageSeals, company: company)))
    }

    // MARK: Receipt

    struct ReceiptForm: Content {
        var first_number: String?
        var last_number: String?
        var seal_class: String?
        var seal_type: String?
        var maker: String?
        var storage_place: String?
        var custodian: String?
        var certificate_expires: String?
        var certificate: File?

        var receipt: SealStockService.Receipt {
            .init(draft: SealBatch.Draft(firstNumber: first_number, lastNumber: last_number, sealClass: seal_class, sealType: seal_type, maker: maker,
                                         certificateExpires: certificate_expires),
                  storagePlace: storage_place, custodian: custodian)
        }

        var file: SealStockService.Certificate? {
            guard let certificate, certificate.data.readableBytes > 0 else { return nil }
            return .init(fileName: certificate.filename, content: Data(buffer: certificate.data))
        }
    }

    @Sendable func newBatch(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let members = try await SealStockQueries(req.db).members(company: company)
        return SealStockViews.receiptForm(PageContext(req), .init(company: company, members: members))
    }

    @Sendable func receive(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = (try? req.content.decode(ReceiptForm.self)) ?? ReceiptForm()
        do {
            let id = try await SealStockService(req).receive(form.receipt, certificate: form.file, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.sealBatch(company, id), flash: "seals.batch_saved")
        } catch let failure as ValidationFailure {
            let members = try await SealStockQueries(req.db).members(company: company)
            return Response.html(SealStockViews.receiptForm(PageContext(req), .init(company: company, members: members, receipt: form.receipt, errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    func batchModel(_ req: Request, errors: [FieldError] = []) async throws -> SealStockViews.BatchModel {
        let company = try req.companyID()
        let batch = try await req.routeSealBatch(company: company)
        let counts = try await SealStockQueries(req.db).stateCounts(company: company)
        return .init(company: company, batch: batch, counts: .init(batch: batch, counts: counts[batch.id] ?? [:]),
                     canManage: PageContext(req).allows(.manageSeals, company: company), errors: errors, now: req.now)
    }

    @Sendable func batch(req: Request) async throws -> HTML {
        SealStockViews.batch(PageContext(req), try await batchModel(req))
    }

    @Sendable func addCertificate(req: Request) async throws -> Response {
        let company = try req.companyID()
        let batch = try await req.routeSealBatch(company: company)
        let form = try? req.content.decode(ReceiptForm.self)
        do {
            try await SealStockService(req).addCertificate(form?.file, expires: form?.certificate_expires, batch: batch, company: company,
                                                           by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.sealBatch(company, batch.id), flash: "seals.certificate_saved")
        } catch let failure as ValidationFailure {
            return Response.html(SealStockViews.batch(PageContext(req), try await batchModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    // MARK: Issue and log

    @Sendable func issueForm(req: Request) async throws -> HTML {
        SealStockViews.issueForm(PageContext(req), .init(company: try req.companyID()))
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = req.formFields()
        do {
            let seals = try await SealStockService(req).issue(count: form["count"], issuedTo: form["issued_to"], shipmentReference: form["shipment_reference"],
                                                              company: company, by: try req.requireUser().userID, clientKey: form["client_key"]).seals
            let response = req.redirect(to: SiteURL.seal(company, seals[0]))
            response.flash(.success, "seals.issued", ["seals": seals.map(\.rawValue).joined(separator: ", "), "person": form["issued_to"] ?? "",
                                                      "shipment": form["shipment_reference"] ?? ""],
                           secure: req.application.config.secureCookies)
            return response
        } catch let failure as ValidationFailure {
            return Response.html(SealStockViews.issueForm(PageContext(req), .init(company: company, count: form["count"], issuedTo: form["issued_to"],
                                                                                  shipmentReference: form["shipment_reference"], clientKey: form["client_key"],
                                                                                  errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    @Sendable func logForm(req: Request) async throws -> HTML {
        let number = try? req.query.get(String.self, at: "number")
        return SealStockViews.logForm(PageContext(req), .init(company: try req.companyID(), number: number.map { String($0.prefix(40)) }))
    }

    @Sendable func log(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = req.formFields()
        do {
            let logged = try await SealStockService(req).log(number: form["seal_number"], event: form["event"], reason: form["reason"], company: company,
                                                             by: try req.requireUser().userID, clientKey: form["client_key"])
            return req.redirect(to: SiteURL.seal(company, logged.seal), flash: "seals.logged")
        } catch let failure as ValidationFailure {
            return Response.html(SealStockViews.logForm(PageContext(req), .init(company: company, number: form["seal_number"], event: form["event"],
                                                                                reason: form["reason"], clientKey: form["client_key"], errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    // MARK: Audit

    @Sendable func auditForm(req: Request) async throws -> HTML {
        SealStockViews.audit(PageContext(req), .init(company: try req.companyID()))
    }

    @Sendable func runAudit(req: Request) async throws -> Response {
        let company = try req.companyID()
        let counted = req.formFields()["counted"]
        do {
            let outcome = try await SealStockService(req).runAudit(counted: counted?.components(separatedBy: .newlines), company: company,
                                                                   by: try req.requireUser().userID)
            return Response.html(SealStockViews.audit(PageContext(req), .init(company: company, counted: counted, outcome: outcome)), status: .ok)
        } catch let failure as ValidationFailure {
            return Response.html(SealStockViews.audit(PageContext(req), .init(company: company, counted: counted, errors: failure.errors)), status: .badRequest)
        }
    }
}
