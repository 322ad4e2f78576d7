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

        try await journeys(garments: garments, carrier: carrier, importer: importer, reviewer: reviewer)

        var lines = ["Demo data loaded. Every demo account's password (shown this once): \(password)"]
        lines += accounts.map { "  \($0.email.padding(toLength: 46, withPad: " ", startingAt: 0)) \($0.description)" }
        print(lines.joined(separator: "\n"))
    }
}

extension DemoData {
    /// Where each company stands, so every home has something true to show (issue 14): the
    /// carrier certified (its validation due within the year), with a corrective action overdue
    /// and a seal-procedure file expiring; the garment maker applied, its profile in progress
    /// with open Musts and a corrective action due soon; the importer's profile submitted and
    /// under review by the demo reviewer, with a request on one criterion. All through the services.
    func journeys(garments: CompanyModel, carrier: CompanyModel, importer: CompanyModel, reviewer: UserModel) async throws {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let lifecycle = LifecycleService(app: app)
        let profiles = ProfileService(app: app)
        let catalog = app.catalogs.latest().map(\.catalog)
        func officer(of company: CompanyModel) async throws -> UserID {
            let seat = try await CompanyMemberModel.query(on: app.db).filter(\.$company.$id == company.companyID.rawValue)
                .filter(\.$role == CompanyRole.officer.rawValue).first()
            guard let seat else { throw TrustlaneError.notFound }
            return UserID(seat.$user.id)
        }
        func eligible(_ company: CompanyModel, _ type: EntityType, by user: UserID) async throws {
            guard let rules = catalog?.eligibilityRules(for: type) else { return }
            var answers: [String: Bool] = [:]
            for question in rules.questions { answers[question.id.rawValue] = question.effect == .required }
            _ = try await EligibilityService(app: app).answer(company: company.companyID, entityType: type, answers: answers, by: user)
        }
        func actor(_ user: UserID, _ company: CompanyModel, role: CompanyRole?) -> LifecycleActor? {
            let person = role.map { Actor(userID: user, companyRoles: [company.companyID: $0]) } ?? Actor(userID: user, platformRoles: [.reviewer])
            return AccessPolicy.lifecycleActor(for: person, company: company.companyID)
        }
        /// Opens the profile and answers `share` of the applicable criteria as met, and every Must when `everyMust`.
        func answered(_ company: CompanyModel, _ types: [EntityType], by user: UserID, share: Double, everyMust: Bool) async throws -> ProfileContext {
            var context = try await profiles.open(company: company.companyID, entityTypes: types.map(\.code), catalogID: nil, by: user)
            try await profiles.setConditions(context, fields: Dictionary(uniqueKeysWithValues: context.catalog.conditions.map { ($0.id, "no") }), by: user)
            context = try await profiles.require(company: company.companyID)
            let criteria = context.scope.criteria
            for (index, scoped) in criteria.enumerated() where (everyMust && scoped.criterion.level == .must) || Double(index) < Double(criteria.count) * share {
                try await profiles.saveAnswer(context, edit: AnswerEdit(criterionID: scoped.id, status: .meets,
                                                                       narrative: "Written procedure in place and followed; see the security manual, section \(scoped.id.rawValue).",
                                                                       baseVersion: 0), by: user)
            }
            return context
        }
        func action(_ company: CompanyModel, _ title: String, dueInDays: Int, by user: UserID) async throws {
            _ = try await CorrectiveActionService(app: app).create(company: company.companyID, profile: nil,
                                                                   draft: CorrectiveActionDraft(title: title, ownerName: "Security coordinator",
                                                                                                dueDate: today.adding(days: dueInDays).description),
                                                                   by: user)
        }

        // The carrier: certified as a highway carrier.
        let carrierOfficer = try await officer(of: carrier)
        try await eligible(carrier, .highwayCarrier, by: carrierOfficer)
        if let officer = actor(carrierOfficer, carrier, role: .officer), let scss = actor(reviewer.userID, carrier, role: nil) {
            let context = try await answered(carrier, [.highwayCarrier, .mexicanLongHaulCarrier], by: carrierOfficer, share: 1, everyMust: true)
            var input = LifecycleService.Input()
            input.agreementAccepted = true
            _ = try await lifecycle.attempt(.apply, company: carrier.companyID, entityType: .highwayCarrier, actor: officer, input: input)
            _ = try await profiles.submit(context, role: .officer, declarationConfirmed: true, declaration: "Demo declaration", by: carrierOfficer)
            for step in [LifecycleTransition.startReview, .completeVetting, .certify] {
                _ = try await lifecycle.attempt(step, company: carrier.companyID, entityType: .highwayCarrier, actor: scss)
            }
            try await action(carrier, "Replace the broken seal-verification lamp at gate 2", dueInDays: -5, by: carrierOfficer)
            _ = try await EvidenceService(app: app).upload(company: carrier.companyID, fileName: "seal-procedure.pdf",
                                                            content: Data("%PDF-1.4\n% Seal procedure (demo)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8),
                                                            title: "Seal verification procedure (VVTT)", effectiveDate: nil,
                                                            expiryDate: today.adding(days: 20).description, by: carrierOfficer)
        }

        // The garment maker: applied, its profile in progress (open Musts left), an action due soon.
        let garmentOfficer = try await officer(of: garments)
        try await eligible(garments, .foreignManufacturer, by: garmentOfficer)
        if let officer = actor(garmentOfficer, garments, role: .officer) {
            _ = try await answered(garments, [.foreignManufacturer], by: garmentOfficer, share: 0.4, everyMust: false)
            var input = LifecycleService.Input()
            input.agreementAccepted = true
            _ = try await lifecycle.attempt(.apply, company: garments.companyID, entityType: .foreignManufacturer, actor: officer, input: input)
            try await action(garments, "Install lighting along the container yard fence", dueInDays: 12, by: garmentOfficer)
        }

        // Conveyance inspections (issue 16): the garment maker's dock at Semarang, one container
        // held for soil on the floor; the carrier's legacy 17-point truck check at the border yard.
        let inspections = InspectionService(app: app)
        func contributor(of company: CompanyModel) async throws -> UserID? {
            try await CompanyMemberModel.query(on: app.db).filter(\.$company.$id == company.companyID.rawValue)
                .filter(\.$role == CompanyRole.contributor.rawValue).first().map { UserID($0.$user.id) }
        }
        if let inspector = try await contributor(of: garments), let container = InspectionChecklists.bundled.checklist("container-7-point") {
            for (hoursAgo, number, failed) in [(26.0, "CSQU3054383", nil), (3.0, "MWCU6059784", "floor")] as [(Double, String, String?)] {
                let answers = container.points.map { point in
                    InspectionDraft.Answer(pointKey: point.key, outcome: point.key == failed ? "fail" : "pass",
                                           note: point.key == failed ? "Soil and plant seeds in the left rear corner; unit held for cleaning" : nil)
                }
                let recorded = try await inspections.record(InspectionDraft(containerNumber: number, site: "Semarang, Tanjung Emas dock 2", yardLocation: "Bay 4",
                                                                            answers: answers),
                                                            checklist: container, company: garments.companyID, inspector: inspector,
                                                            inspectedAt: now.addingTimeInterval(-hoursAgo * 3600))
                // The held container's soil, filed as an incident (issue 17) and under investigation.
                if failed != nil {
                    let incidents = IncidentService(app: app)
                    let id = try await incidents.create(
                        IncidentDraft(type: "pest_contamination", severity: "medium", title: "Soil and seeds in container \(number)",
                                      description: "The 7-point inspection found soil and plant seeds in the left rear corner of the floor; the unit is held for cleaning.",
                                      discoveredAt: ISO8601DateFormatter().string(from: now.addingTimeInterval(-hoursAgo * 3600)),
                                      discoveredBy: "Dock inspector, Tanjung Emas dock 2", location: "Semarang, Tanjung Emas dock 2, bay 4"),
                        links: .init(inspectionID: recorded.id.description), company: garments.companyID, by: garmentOfficer,
                        zone: TimeZone(identifier: "UTC")!)
                    try await incidents.addNote(id, text: "Unit swept and washed; the shipper's stuffing area checked for soil (MSC 7.2).", at: nil,
                                                company: garments.companyID, by: garmentOfficer, zone: TimeZone(identifier: "UTC")!)
                }
            }
        }
        // Training (issue 17): the garment maker's dock staff, half of them trained on seals and pests.
        let training = TrainingService(app: app)
        let dockRole = try await training.saveCurriculum(role: "Dock staff", topics: [("inspections_and_seals", "12"), ("agricultural_contamination", "12")],
                                                         company: garments.companyID, by: garmentOfficer)
        var dockStaff: [PersonID] = []
        for (name, ref) in [("Budi Santoso", "BN-0142"), ("Siti Rahmawati", "BN-0157"), ("Agus Prasetyo", "BN-0163"), ("Dewi Kartika", "BN-0171")] {
            dockStaff.append(try await training.addPerson(.init(name: name, employeeRef: ref, curriculumID: dockRole.uuidString, site: "Semarang, Tanjung Emas dock 2"),
                                                          company: garments.companyID, by: garmentOfficer))
        }
        let heldOn = ProgramDay(now).adding(days: -200).description
        let session = try await training.createSession(.init(title: "Seals, 7-point inspection and pests", topics: ["inspections_and_seals", "agricultural_contamination"],
                                                             heldOn: heldOn, trainer: "Ayu Lestari", site: "Semarang, Tanjung Emas dock 2", minutes: "90"),
                                                       company: garments.companyID, by: garmentOfficer)
        if let row = try await TrainingQueries(app.db).session(company: garments.companyID, id: session) {
            _ = try await training.recordAttendance(row, attendees: dockStaff.prefix(2).map { .init(personID: $0.description) }, company: garments.companyID, by: garmentOfficer)
        }

        // The gate (issue 17): the garment maker's visitor badges, free to hand out at check-in.
        let gate = GateService(app: app)
        for number in (1...10).map({ String(format: "V-%02d", $0) }) {
            _ = try await gate.addBadge(BadgeDraft(number: number, kind: BadgeKind.badge.rawValue, area: "Visitors, escorted"), company: garments.companyID,
                                        by: garmentOfficer)
        }

        if let inspector = try await contributor(of: carrier), let truck = InspectionChecklists.bundled.checklist("truck-trailer-17-point") {
            _ = try await inspections.record(InspectionDraft(tractorPlate: "NL 45-AB-123", trailerPlate: "TX 9KJ 4410", site: "Nuevo Laredo yard",
                                                             answers: truck.points.map { .init(pointKey: $0.key, outcome: "pass") }),
                                             checklist: truck, company: carrier.companyID, inspector: inspector, inspectedAt: now.addingTimeInterval(-5400))
        }

        // The importer: submitted, under review by the demo reviewer, one request open.
        let importerOfficer = try await officer(of: importer)
        // Its partner registry (issue 15): the demo's garment maker and carrier among its suppliers and carriers.
        let registry = BusinessPartnerService(app: app)
        for partner in [
            BusinessPartner(reference: "SUP-0001", legalName: garments.legalName, otherNames: ["Batik Nusantara"], country: CountryCode("ID")!,
                            role: .manufacturer, address: "Jl. Soekarno-Hatta 120, Bandung, Jawa Barat", sites: "Bandung factory",
                            contactName: "Ayu Lestari", contactEmail: "export@batik.demo.trustlane.example"),
            BusinessPartner(reference: "CAR-0007", legalName: carrier.legalName, otherNames: ["TFN"], country: CountryCode("MX")!, role: .highwayCarrier,
                            identifiers: [BusinessPartnerIdentifier(scheme: "scac", value: "TFNO")], sites: "Nuevo Laredo – Laredo crossing"),
            BusinessPartner(reference: "SUP-0002", legalName: "Cong Ty TNHH Go Viet", otherNames: ["Go Viet Furniture"], country: CountryCode("VN")!,
                            role: .manufacturer, sites: "Binh Duong"),
            BusinessPartner(reference: "BRK-0001", legalName: "Seaboard Customs Brokerage LLC", country: CountryCode("US")!, role: .customsBroker),
            BusinessPartner(reference: "CON-0003", legalName: "Ningbo Harbour Consolidation Co., Ltd.", country: CountryCode("CN")!, role: .consolidator),
        ] {
            try await registry.create(partner, company: importer.companyID, by: nil)
        }
        try await eligible(importer, .importer, by: importerOfficer)
        if let officer = actor(importerOfficer, importer, role: .officer), let scss = actor(reviewer.userID, importer, role: nil) {
            let context = try await answered(importer, [.importer], by: importerOfficer, share: 0.5, everyMust: true)
            var input = LifecycleService.Input()
            input.agreementAccepted = true
            _ = try await lifecycle.attempt(.apply, company: importer.companyID, entityType: .importer, actor: officer, input: input)
            _ = try await profiles.submit(context, role: .officer, declarationConfirmed: true, declaration: "Demo declaration", by: importerOfficer)
            _ = try await lifecycle.attempt(.startReview, company: importer.companyID, entityType: .importer, actor: scss)
            if let first = context.scope.criteria.first(where: { $0.criterion.level == .must })?.id {
                try await ReviewService(app: app).post(context, criterion: first, kind: ReviewCommentKind.requestForInformation.rawValue,
                                                      body: "Please attach the signed security policy and the date of its last review.",
                                                      replyTo: nil, isInternal: false, actor: Actor(userID: reviewer.userID, platformRoles: [.reviewer]),
                                                      by: reviewer)
            }
        }
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
