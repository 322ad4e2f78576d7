import Fluent
import TrustlaneCore
import Vapor

/// The company's membership page: each entity type's application, its clocks and history, the
/// steps the signed-in person may take, and answers to required actions.
struct MembershipController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "membership", action: .viewMembership, use: show)
        routes.on(.POST, "companies", ":companyID", "membership", ":entityType", "transitions", action: .changeMembership, use: transition)
        routes.on(.POST, "companies", ":companyID", "membership", ":entityType", "findings", ":findingID", "response",
                  action: .changeMembership, use: respond)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let (company, draft) = try await req.routeCompanyDraft()
        let entries = try await MembershipEntry.load(company: company.companyID, types: draft.entityTypes, app: req.application,
                                                     on: req.db, now: req.now)
        let c = PageContext(req)
        return MembershipViews.page(c, company: company.companyID, companyName: company.legalName, entries: entries,
                                    actor: AccessPolicy.lifecycleActor(for: req.actor, company: company.companyID),
                                    isReviewer: req.allows(.reviewMembership, company: company.companyID))
    }

    /// A transition form's field in words: `sites[1].country` -> "Site 2: Country".
    static func fieldLabel(_ t: Localizer, _ field: String) -> String {
        FieldLabel.describe(field, t) { name in
            t.has("membership.field.\(name)") ? t("membership.field.\(name)") : AuditFilter.humanized(name)
        }
    }

    /// The steps whose form asks for a ticked box before anything happens.
    static let confirmed: Set<TransitionKind> = [.certify, .reject, .suspend, .remove, .withdraw]

    /// Runs a transition from a form, then goes back where it came from with a message.
    @Sendable func transition(req: Request) async throws -> Response {
        let company = try req.companyID()
        let type = try req.routeEntityType()
        let form = (try? req.content.decode(TransitionInput.Form.self)) ?? TransitionInput.Form()
        let input = TransitionInput(form: form)
        let back = req.allows(.reviewMembership, company: company) ? SiteURL.membershipReview(company, type)
                                                                            : SiteURL.companyMembership(company) + "#membership-\(type.code)"
        return try await Self.run(req, back: back) {
            guard let actor = AccessPolicy.lifecycleActor(for: req.actor, company: company) else { throw TrustlaneError.forbidden }
            // Steps that end or halt a membership are confirmed on the form: a box ticked, or nothing happens.
            if let kind = form.kind.flatMap(TransitionKind.init(rawValue:)), Self.confirmed.contains(kind), form.confirm != "yes" {
                throw ValidationFailure([FieldError(field: "confirm", messageKey: "membership.error.confirm_\(kind.rawValue)",
                                                    message: "tick the box to confirm")])
            }
            let current = try await MembershipStore(req.db).application(company: company, type: type)
            let purpose: ValidationPurpose = current?.application.status == .validated ? .revalidation : .initial
            let transition = try input.transition(purpose: purpose)
            let result = try await LifecycleService(req).attempt(transition, company: company, entityType: type, actor: actor,
                                                                 input: input.serviceInput)
            if case .alreadyDone = result { return ("membership.already_done", [:]) }
            return ("membership.transition_done", ["transition": req.localizer("lifecycle.transition.\(transition.kind.rawValue)")])
        }
    }

    @Sendable func respond(req: Request) async throws -> Response {
        let company = try req.companyID()
        let type = try req.routeEntityType()
        struct Form: Content { var response: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        return try await Self.run(req, back: SiteURL.companyMembership(company) + "#membership-\(type.code)") {
            guard let raw = req.parameters.get("findingID"), let id = FindingID(string: raw) else { throw TrustlaneError.notFound }
            guard let actor = AccessPolicy.lifecycleActor(for: req.actor, company: company), actor.isCompanySide else { throw TrustlaneError.forbidden }
            try await FindingService(req).change(id, .respond(form.response), company: company, entityType: type, by: actor)
            return ("membership.finding_answered", [:])
        }
    }

    /// Turns a refusal or bad input into a message on the page the person came from.
    static func run(_ req: Request, back: String, _ body: () async throws -> (String, [String: String])) async throws -> Response {
        let secure = req.application.config.secureCookies
        let response = req.redirect(to: back)
        do {
            let (key, arguments) = try await body()
            response.flash(.success, key, arguments, secure: secure)
        } catch let refused as LifecycleRefused {
            response.flash(.error, refused.refusal.messageKey, refused.refusal.parameters, secure: secure)
        } catch let error as TrustlaneError where error.status == .forbidden || error.status == .notFound {
            // A form for someone else's step, or a finding that is not there: say so on the page.
            response.flash(.error, error.key, error.arguments, secure: secure)
        } catch let failure as ValidationFailure {
            let first = failure.errors.first
            var arguments = first?.arguments ?? ["count": "\(failure.errors.count)"]
            // The field in words and by row ("Site 2: Country"), not as the form names it (`sites[1].country`).
            if let field = arguments["field"] { arguments["field"] = Self.fieldLabel(req.localizer, field) }
            response.flash(.error, first?.messageKey ?? "form.has_errors", arguments, secure: secure)
        }
        return response
    }
}

extension Request {
    /// The page language's localizer (for flash arguments).
    var localizer: Localizer { PageContext(self).t }
}
