import Foundation
import TrustlaneCore
import Vapor

/// The public anonymous reporting pages (MSC 7.25): `/report/<key>` takes a concern from anyone,
/// without an account, in English, Spanish or Bahasa Indonesia (`?lang=`, else the browser's),
/// and answers with a receipt code; `/report/<key>/follow-up` takes more information with it.
/// An unknown or retired key is 404; a flood is refused with 429.
struct AnonymousReportController {
    func register(_ app: Application) {
        app.on(.GET, "report", ":reportKey", action: .reportAnonymously, use: form)
        let limit = IncidentService.anonymousUploadBodyLimit
        let submit = app.on(.POST, "report", ":reportKey", action: .reportAnonymously, body: .collect(maxSize: ByteCount(value: limit)), use: submit)
        submit.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        app.on(.GET, "report", ":reportKey", "follow-up", action: .reportAnonymously, use: followUpForm)
        let more = app.on(.POST, "report", ":reportKey", "follow-up", action: .reportAnonymously, body: .collect(maxSize: ByteCount(value: limit)),
                          use: followUp)
        more.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
    }

    /// The reader's language: `?lang=` when it names one of the three, else negotiated.
    static func context(_ req: Request) -> PageContext {
        let c = PageContext(req)
        if let code = try? req.query.get(String.self, at: "lang"), let language = Language(rawValue: code) { return c.speaking(language) }
        if let code = req.textFields(req.multipartParts())["lang"], let language = Language(rawValue: code) { return c.speaking(language) }
        return c
    }

    @Sendable func form(req: Request) async throws -> HTML {
        let link = try await req.anonymousReportLink()
        return AnonymousReportViews.form(Self.context(req), key: link.key, companyName: link.company.legal_name, values: [:])
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let link = try await req.anonymousReportLink()
        let c = Self.context(req)
        // The page's form is multipart (it may carry files); its text fields are read from the parts.
        let parts = req.multipartParts()
        let f = req.textFields(parts)
        let files = RecordFiles.uploads(parts, field: "file")
        let draft = AnonymousReportDraft(type: f["type"], description: f["description"], location: f["location"], happenedAt: f["happened_at"],
                                         contact: f["contact"])
        do {
            let receipt = try await IncidentService(req).report(draft, files: files, company: link.company.companyID, address: req.clientAddress,
                                                                zone: TimeZone(identifier: "UTC")!)
            return Response.html(AnonymousReportViews.receipt(c, key: link.key, companyName: link.company.legal_name, receipt: receipt), status: .created)
        } catch let failure as ValidationFailure {
            return Response.html(AnonymousReportViews.form(c, key: link.key, companyName: link.company.legal_name, values: f, errors: failure.errors),
                                 status: .badRequest)
        } catch let limited as TrustlaneError where limited.status == .tooManyRequests {
            return Response.html(AnonymousReportViews.limited(c, key: link.key, minutes: limited.arguments["minutes"] ?? "60"), status: .tooManyRequests)
        }
    }

    @Sendable func followUpForm(req: Request) async throws -> HTML {
        let link = try await req.anonymousReportLink()
        return AnonymousReportViews.followUp(Self.context(req), key: link.key, companyName: link.company.legal_name, values: [:])
    }

    @Sendable func followUp(req: Request) async throws -> Response {
        let link = try await req.anonymousReportLink()
        let c = Self.context(req)
        // The form is multipart (it may carry files); a plain form is read too.
        let parts = req.multipartParts()
        let f = req.textFields(parts)
        let files = RecordFiles.uploads(parts, field: "file")
        do {
            let reference = try await IncidentService(req).followUp(company: link.company.companyID, code: f["code"], text: f["text"], files: files,
                                                                    address: req.clientAddress)
            return Response.html(AnonymousReportViews.followUpDone(c, key: link.key, companyName: link.company.legal_name, reference: reference), status: .ok)
        } catch let failure as ValidationFailure {
            return Response.html(AnonymousReportViews.followUp(c, key: link.key, companyName: link.company.legal_name, values: f, errors: failure.errors),
                                 status: .badRequest)
        } catch let limited as TrustlaneError where limited.status == .tooManyRequests {
            return Response.html(AnonymousReportViews.limited(c, key: link.key, minutes: limited.arguments["minutes"] ?? "60"), status: .tooManyRequests)
        }
    }
}
