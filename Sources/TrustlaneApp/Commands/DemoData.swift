import Fluent
import TrustlaneCore
import Vapor

/// A small, realistic data set for clicking through: an Indonesian garment maker, a Mexican
/// carrier, a U.S. importer, every company role, a reviewer and a consultant. Loaded through
/// the services, so it is audited like any other change. Loading twice changes nothing.
struct DemoData {
    let app: Application

    struct Account {
        let email: String
        let description: String
    }

    static let domain = "demo.trustlane.example"

    func load(printTo logger: Logger, password fixedPassword: String? = nil) async throws {
        if try await UserModel.query(on: app.db).filter(\.$email == "admin@\(Self.domain)").first() != nil {
            logger.notice("Demo data is already loaded (admin@\(Self.domain) exists); nothing changed.")
            return
        }
        let password = fixedPassword ?? "demo-" + SecureToken.generate().prefix(12)
        let hash = try await app.passwords.hash(password)
        let companies = CompanyService(app: app)
        let members = CompanyMemberService(app: app)

        func user(_ local: String, _ name: String, admin: Bool = false, reviewer: Bool = false, consultant: Bool = false) async throws -> UserModel {
            let user = UserModel(email: "\(local)@\(Self.domain)", name: name, passwordHash: hash,
                                 isAdministrator: admin, isReviewer: reviewer, isConsultant: consultant)
            let now = app.clock.now()
            try await app.writeGate.transaction(on: app.db) { tx in
                try await user.create(on: tx)
                try await AuditLog.append(AuditEvent(action: "user.created", targetType: "user", targetID: user.id?.uuidString,
                                                     changes: AuditRecord.changes(before: [:], after: user.auditFields)),
                                          by: nil, on: tx, at: now)
            }
            return user
        }

        let admin = try await user("admin", "Ada Administrator", admin: true)
        let reviewer = try await user("reviewer", "Rosa Reviewer (SCSS)", reviewer: true)
        let consultant = try await user("consultant", "Carlos Consultor", consultant: true)

        let garments = try await companies.create(CompanyDraft(
            legalName: "PT Batik Nusantara Garmen", country: CountryCode("ID")!,
            address: "Jl. Industri Raya No. 12, Kawasan Industri Pulogadung, Jakarta 13920",
            entityTypes: [.foreignManufacturer],
            identifiers: [CompanyIdentifier(kind: .mid, value: "IDBATNUS12JAK"), CompanyIdentifier(kind: .other, label: "NIB", value: "9120001234567")]),
            by: admin.userID)
        let carrier = try await companies.create(CompanyDraft(
            legalName: "Transportes Fronterizos del Norte, S.A. de C.V.", country: CountryCode("MX")!,
            address: "Carretera Monterrey-Nuevo Laredo km 14, Apodaca, Nuevo León",
            entityTypes: [.highwayCarrier, .mexicanLongHaulCarrier],
            identifiers: [CompanyIdentifier(kind: .scac, value: "TFNT"), CompanyIdentifier(kind: .usdotNumber, value: "2875541"),
                          CompanyIdentifier(kind: .other, label: "SCT permit", value: "1902TFN0456")]),
            by: admin.userID)
        let importer = try await companies.create(CompanyDraft(
            legalName: "Harborline Home Goods, Inc.", country: CountryCode("US")!,
            address: "2100 Commerce Way, Long Beach, CA 90802",
            entityTypes: [.importer],
            identifiers: [CompanyIdentifier(kind: .iorNumber, value: "95-1234567-00"), CompanyIdentifier(kind: .ein, value: "95-1234567")]),
            by: admin.userID)

        var accounts: [Account] = [
            Account(email: admin.email, description: "platform administrator"),
            Account(email: reviewer.email, description: "program reviewer"),
            Account(email: consultant.email, description: "consultant for the garment maker and the carrier"),
        ]
        let staff: [(CompanyModel, String, [(CompanyRole, String, String)])] = [
            (garments, "batik", [(.officer, "Dewi Lestari", "officer"), (.coordinator, "Budi Santoso", "coordinator"),
                                 (.contributor, "Siti Rahma", "contributor"), (.viewer, "Agus Wijaya", "viewer")]),
            (carrier, "tfn", [(.officer, "María Fernanda Ruiz", "officer"), (.coordinator, "Jorge Treviño", "coordinator"),
                              (.contributor, "Luis Garza", "contributor"), (.viewer, "Ana Salinas", "viewer")]),
            (importer, "harborline", [(.officer, "Margaret Chen", "officer"), (.coordinator, "David Okafor", "coordinator")]),
        ]
        for (company, prefix, people) in staff {
            for (role, name, local) in people {
                let person = try await user("\(prefix).\(local)", name)
                try await members.addMember(person.userID, to: company.companyID, role: role, by: admin.userID)
                accounts.append(Account(email: person.email, description: "\(role.rawValue) of \(company.legalName)"))
            }
        }
        try await members.addMember(consultant.userID, to: garments.companyID, role: .consultant, by: admin.userID)
        try await members.addMember(consultant.userID, to: carrier.companyID, role: .consultant, by: admin.userID)

        var lines = ["Demo data loaded. Every demo account's password (shown this once): \(password)"]
        lines += accounts.map { "  \($0.email.padding(toLength: 46, withPad: " ", startingAt: 0)) \($0.description)" }
        print(lines.joined(separator: "\n"))
    }
}

/// `trustlane demo`: loads the demo data set into the configured database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "password", help: "Use this password for every demo account instead of a random one")
        var password: String?
        @Option(name: "scale", help: "program: the whole program (11,500 companies with applications) instead of the small set")
        var scale: String?
    }

    var help: String { "Loads a small demo data set and prints the demo accounts" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let password = signature.password {
            var errors: [FieldError] = []
            guard PasswordRule.check(password, confirmation: nil, into: &errors) != nil else {
                throw ConfigError.invalid(errors.map(\.message).joined(separator: "; "))
            }
        }
        if signature.scale == "program" {
            try await ProgramScaleSeed(app: context.application).load(companies: 11_500, password: signature.password ?? BulkSeed.password,
                                                                      console: context.console)
            return
        }
        try await DemoData(app: context.application).load(printTo: context.application.logger, password: signature.password)
    }
}
