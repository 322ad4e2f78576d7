import Vapor

/// Registers every controller. Handlers live in the controllers; each route names its action.
func routes(_ app: Application) throws {
    OperationsController().register(app)
    Stylesheet.register(app)
    HomeController().register(app)
    AuthController().register(app)
    AccountController().register(app)
    CalendarController().register(app)
    CompanyController().register(app)
    InvitationController().register(app)
    AdminController().register(app)
    CatalogController().register(app)
    GlossaryView.register(app)
    PortfolioView.register(app)
    EligibilityController().register(app)
    ProfileController().register(app)
    ProfileDocumentsController().register(app)
    ProfileUpgradeController().register(app)
    VerificationController().register(app)
    DeliveryController().register(app)
    MembershipController().register(app)
    ReviewController().register(app)
    NotificationsController().register(app)
    RiskController().register(app)
    RiskChainController().register(app)
    BusinessPartnerController().register(app)
    InspectionController().register(app)
    PartnerQuestionnaireController().register(app)
    ScreeningController().register(app)

    let api = app.grouped("api", "v1")
    api.on(.GET, "openapi.json", action: .readAPIDescription) { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.data))
    }
    AccountAPIController().register(api)
    CompaniesAPIController().register(api)
    CatalogAPIController().register(api)
    ProfileAPIController().register(api, app: app)
    RiskAPIController().register(api)
    BusinessPartnerAPIController().register(api)
    InspectionAPIController().register(api)
    VerificationAPIController().register(api)
    MembershipAPIController().register(api)
    ScreeningAPIController().register(api)
}
