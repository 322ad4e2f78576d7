import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The training pages: coverage by role (with who is overdue), the roster and one person, the
/// curricula, sessions with their attendance and quiz scores, the printable attendance sheet.
struct TrainingController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "training")
        routes.on(.GET, action: .viewTraining, use: overview)
        routes.on(.GET, "people", action: .viewTraining, use: people)
        routes.on(.POST, "people", action: .manageTraining, use: addPerson)
        routes.on(.GET, "people", ":personID", action: .viewTraining, use: person)
        routes.on(.GET, "rescreening", action: .viewTraining, use: rescreening)
        routes.on(.POST, "people", ":personID", "separate", action: .manageTraining, use: separate)
        routes.on(.POST, "people", ":personID", "steps", action: .manageTraining, use: step)
        routes.on(.POST, "people", ":personID", "contact", action: .manageTraining, use: contact)
        routes.on(.GET, "curricula", action: .viewTraining, use: curricula)
        routes.on(.POST, "curricula", action: .manageTraining, use: saveCurriculum)
        routes.on(.GET, "sessions", "new", action: .manageTraining, use: newSession)
        routes.on(.POST, "sessions", action: .manageTraining, use: createSession)
        routes.on(.GET, "sessions", ":sessionID", action: .viewTraining, use: session)
        routes.on(.GET, "sessions", ":sessionID", "sheet", action: .viewTraining, use: sheet)
        routes.on(.POST, "sessions", ":sessionID", "attendance", action: .manageTraining, use: attendance)
        let upload = routes.on(.POST, "sessions", ":sessionID", "files", action: .manageTraining, body: .collect(maxSize: ByteCount(value: RecordFiles.bodyLimit)),
                               use: attachFiles)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = RecordFiles.bodyLimit
        routes.on(.GET, "sessions", ":sessionID", "files", ":fileID", action: .viewTraining, use: file)
        routes.on(.POST, "sessions", ":sessionID", "files", ":fileID", "remove", action: .removeRecordFiles, use: removeFile)
    }

    @Sendable func overview(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let queries = TrainingQueries(req.db)
        let today = ProgramDay(req.now)
        let coverage = try await queries.coverage(company: company.companyID, today: today)
        let c = PageContext(req)
        return TrainingViews.overview(c, .init(company: company.companyID, companyName: company.legalName, coverage: coverage,
                                               sessions: try await queries.sessions(company: company.companyID, limit: 10),
                                               canManage: c.allows(.manageTraining, company: company.companyID)))
    }

    func peopleModel(_ req: Request, errors: [FieldError] = [], posted: [String: String] = [:]) async throws -> TrainingViews.PeopleModel {
        let company = try await req.routeCompany()
        let queries = TrainingQueries(req.db)
        let c = PageContext(req)
        let role = (try? req.query.get(String.self, at: "role")).flatMap(UUID.init(uuidString:))
        return .init(company: company.companyID, companyName: company.legalName, curricula: try await queries.curricula(company: company.companyID),
                     people: try await queries.people(company: company.companyID, curriculum: role), role: role,
                     canManage: c.allows(.manageTraining, company: company.companyID), errors: errors, posted: posted)
    }

    @Sendable func people(req: Request) async throws -> HTML {
        TrainingViews.people(PageContext(req), try await peopleModel(req))
    }

    @Sendable func addPerson(req: Request) async throws -> Response {
        let company = try req.companyID()
        let f = req.formFields()
        let draft = TrainingService.PersonDraft(name: f["name"], employeeRef: f["employee_ref"], curriculumID: f["curriculum_id"], site: f["site"], hiredOn: f["hired_on"],
                                                sensitivity: f["sensitivity"], employmentKind: f["employment_kind"], email: f["email"], language: f["language"])
        do {
            let id = try await TrainingService(req).addPerson(draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingPerson(company, id), flash: "training.person_added")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.people(PageContext(req), try await peopleModel(req, errors: failure.errors, posted: f)), status: .badRequest)
        }
    }

    /// Who is due for periodic background re-screening (MSC 11.2), company-wide.
    @Sendable func rescreening(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        var errors: [FieldError] = []
        var filter: RescreeningStatus?
        do { filter = try req.rescreeningFilter() } catch let failure as ValidationFailure { errors = failure.errors }
        let today = ProgramDay(req.now)
        let schedule = try await TrainingQueries(req.db).rescreening(company: company.companyID, today: today)
        let model = TrainingViews.RescreeningModel(company: company.companyID, companyName: company.legalName, schedule: schedule, filter: filter, errors: errors)
        return Response.html(TrainingViews.rescreening(PageContext(req), model), status: errors.isEmpty ? .ok : .badRequest)
    }

    func personModel(_ req: Request, errors: [FieldError] = []) async throws -> TrainingViews.PersonModel {
        let company = try await req.routeCompany()
        let person = try await req.routePerson(company: company.companyID)
        let queries = TrainingQueries(req.db)
        let c = PageContext(req)
        // Incidents may name people: listed only for those who read the register.
        let incidents = c.allows(.viewIncidents, company: company.companyID)
            ? try await IncidentQueries(req.db).incidents(company: company.companyID, person: person.personID) : nil
        return .init(company: company.companyID, person: person, incidents: incidents,
                     standings: try await queries.standings(person: person, company: company.companyID, today: ProgramDay(req.now)),
                     sessions: try await queries.sessions(person: person.personID), steps: try await queries.steps(person: person.personID),
                     canManage: c.allows(.manageTraining, company: company.companyID), today: ProgramDay(req.now), errors: errors, posted: req.method == .POST ? req.formFields() : [:])
    }

    @Sendable func person(req: Request) async throws -> HTML {
        TrainingViews.person(PageContext(req), try await personModel(req))
    }

    @Sendable func separate(req: Request) async throws -> Response {
        let company = try req.companyID()
        let person = try await req.routePerson(company: company)
        do {
            try await TrainingService(req).separate(person, on: req.formFields()["separated_on"], company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingPerson(company, person.personID), flash: "training.person_separated")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.person(PageContext(req), try await personModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    @Sendable func step(req: Request) async throws -> Response {
        let company = try req.companyID()
        let person = try await req.routePerson(company: company)
        let f = req.formFields()
        do {
            try await TrainingService(req).recordStep(PersonnelStepDraft(step: f["step"], doneOn: f["done_on"], result: f["result"]), person: person, company: company,
                                                      by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingPerson(company, person.personID) + "#person-checklists", flash: "people.step_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.person(PageContext(req), try await personModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    /// The address and language of the person's own training reminders.
    @Sendable func contact(req: Request) async throws -> Response {
        let company = try req.companyID()
        let person = try await req.routePerson(company: company)
        let f = req.formFields()
        do {
            try await TrainingService(req).setReminderContact(person, email: f["email"], language: f["language"], company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingPerson(company, person.personID), flash: "training.contact_saved")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.person(PageContext(req), try await personModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    func curriculaModel(_ req: Request, errors: [FieldError] = [], posted: [String: String] = [:]) async throws -> TrainingViews.CurriculaModel {
        let company = try await req.routeCompany()
        let c = PageContext(req)
        return .init(company: company.companyID, companyName: company.legalName, curricula: try await TrainingQueries(req.db).curricula(company: company.companyID),
                     canManage: c.allows(.manageTraining, company: company.companyID), errors: errors, posted: posted)
    }

    @Sendable func curricula(req: Request) async throws -> HTML {
        TrainingViews.curricula(PageContext(req), try await curriculaModel(req))
    }

    /// The curriculum form: `role`, a checkbox `topic` per topic and `months.<topic>`.
    @Sendable func saveCurriculum(req: Request) async throws -> Response {
        let company = try req.companyID()
        let f = req.formFields()
        struct Form: Content { var topic: [String]? }
        let topics = ((try? req.content.decode(Form.self))?.topic ?? []).map { (topic: $0, months: f["months." + $0]) }
        do {
            try await TrainingService(req).saveCurriculum(role: f["role"], topics: topics, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingCurricula(company), flash: "training.curriculum_saved")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.curricula(PageContext(req), try await curriculaModel(req, errors: failure.errors, posted: f)), status: .badRequest)
        }
    }

    @Sendable func newSession(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        return TrainingViews.sessionForm(PageContext(req), company: company.companyID, posted: ["held_on": ProgramDay(req.now).description], topics: [])
    }

    @Sendable func createSession(req: Request) async throws -> Response {
        let company = try req.companyID()
        let f = req.formFields()
        struct Form: Content { var topic: [String]? }
        let topics = (try? req.content.decode(Form.self))?.topic ?? []
        let quizText = f["quiz"] ?? ""
        let draft = TrainingService.SessionDraft(title: f["title"], topics: topics, heldOn: f["held_on"], trainer: f["trainer"], site: f["site"],
                                                 minutes: f["minutes"], notes: f["notes"],
                                                 quiz: quizText.allSatisfy(\.isWhitespace) ? nil : TrainingQuiz.drafts(lines: quizText), passMark: f["pass_mark"])
        do {
            let id = try await TrainingService(req).createSession(draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingSession(company, id), flash: "training.session_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.sessionForm(PageContext(req), company: company, posted: f, topics: topics, errors: failure.errors), status: .badRequest)
        }
    }

    func sessionModel(_ req: Request, errors: [FieldError] = [], posted: [String: String] = [:]) async throws -> TrainingViews.SessionModel {
        let company = try await req.routeCompany()
        let session = try await req.routeTrainingSession(company: company.companyID)
        let queries = TrainingQueries(req.db)
        let c = PageContext(req)
        let files = try await RecordFiles.list(kind: .trainingSession, record: session.id, company: company.companyID, on: req.db as! any SQLDatabase)
        let canRemove = c.allows(.removeRecordFiles, company: company.companyID)
        let onHold = canRemove && !files.isEmpty ? try await RecordFiles.legalHold(.trainingSession, company: company.companyID, on: req.db) : false
        return .init(company: company.companyID, companyName: company.legalName, session: session, attendance: try await queries.attendance(session: session.sessionID),
                     roster: try await queries.people(company: company.companyID), canManage: c.allows(.manageTraining, company: company.companyID),
                     today: ProgramDay(req.now), files: files, filePolicy: RecordFiles.policy(req.application),
                     canRemoveFiles: canRemove, filesOnHold: onHold, errors: errors, posted: posted)
    }

    /// Removes the session's signed roster or one of its materials; under a legal hold the
    /// session's page says why, with 409.
    @Sendable func removeFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        guard let file = UUID(uuidString: req.parameters.get("fileID") ?? "") else { throw TrustlaneError.notFound }
        do {
            _ = try await RecordFiles.remove(file, kind: .trainingSession, record: session.id, company: company,
                                             audit: ("training.file_removed", "training_session", session.sessionID.description),
                                             by: try req.requireUser().userID, app: req.application, on: req.db)
        } catch let refused as TrustlaneError where refused.status == .conflict {
            let errors = [FieldError(field: "file", messageKey: refused.key, message: refused.message, arguments: refused.arguments)]
            return Response.html(TrainingViews.session(PageContext(req), try await sessionModel(req, errors: errors)), status: .conflict)
        }
        return req.redirect(to: SiteURL.trainingSession(company, session.sessionID) + "#session-files", flash: "record_files.removed")
    }

    @Sendable func session(req: Request) async throws -> HTML {
        TrainingViews.session(PageContext(req), try await sessionModel(req))
    }

    @Sendable func sheet(req: Request) async throws -> HTML {
        TrainingViews.sheet(PageContext(req), try await sessionModel(req))
    }

    /// Uploads the signed roster or materials (multipart: `purpose` roster or material, `file`).
    @Sendable func attachFiles(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        let parts = req.multipartParts()
        let fields = req.textFields(parts)
        do {
            try await TrainingService(req).attachFiles(session, purpose: fields["purpose"], uploads: RecordFiles.uploads(parts, field: "file"), company: company,
                                                       by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingSession(company, session.sessionID) + "#session-files", flash: "training.files_attached")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.session(PageContext(req), try await sessionModel(req, errors: failure.errors, posted: fields)), status: .badRequest)
        }
    }

    /// One of the session's files, as a download.
    @Sendable func file(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        return try await RecordFiles.download(req, kind: .trainingSession, record: session.id, company: company)
    }

    /// The tick list: a checkbox `person` per person, and `score.<person id>` where there is a quiz.
    @Sendable func attendance(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        let f = req.formFields()
        struct Form: Content { var person: [String]? }
        let ticked = (try? req.content.decode(Form.self))?.person ?? []
        let attendees = ticked.map { TrainingService.Attendee(personID: $0, score: f["score." + $0]) }
        do {
            _ = try await TrainingService(req).recordAttendance(session, attendees: attendees, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.trainingSession(company, session.sessionID) + "#attendance", flash: "training.attendance_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(TrainingViews.session(PageContext(req), try await sessionModel(req, errors: failure.errors, posted: f)), status: .badRequest)
        }
    }
}
