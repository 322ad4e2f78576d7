import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/training...`: coverage, the roster, curricula, sessions and
/// attendance as JSON, through the same queries and service as the pages.
struct TrainingAPIController {
    func register(_ api: any RoutesBuilder) {
        let base = api.grouped("companies", ":companyID", "training")
        base.on(.GET, "coverage", action: .viewTraining, use: coverage)
        base.on(.GET, "curricula", action: .viewTraining, use: curricula)
        base.on(.POST, "curricula", action: .manageTraining, use: saveCurriculum)
        base.on(.GET, "people", action: .viewTraining, use: people)
        base.on(.POST, "people", action: .manageTraining, use: addPerson)
        base.on(.GET, "people", ":personID", action: .viewTraining, use: person)
        base.on(.GET, "rescreening", action: .viewTraining, use: rescreening)
        base.on(.POST, "people", ":personID", "steps", action: .manageTraining, use: step)
        base.on(.PUT, "people", ":personID", "contact", action: .manageTraining, use: contact)
        base.on(.GET, "sessions", action: .viewTraining, use: sessions)
        base.on(.POST, "sessions", action: .manageTraining, use: createSession)
        base.on(.GET, "sessions", ":sessionID", action: .viewTraining, use: session)
        base.on(.POST, "sessions", ":sessionID", "attendance", action: .manageTraining, use: attendance)
        base.on(.POST, "sessions", ":sessionID", "files", action: .manageTraining, body: .collect(maxSize: ByteCount(value: RecordFiles.bodyLimit)), use: attachFiles)
        base.on(.GET, "sessions", ":sessionID", "files", ":fileID", action: .viewTraining, use: file)
        base.on(.DELETE, "sessions", ":sessionID", "files", ":fileID", action: .removeRecordFiles, use: removeFile)
    }

    static let jsonField = ["employee_ref": "employeeRef", "curriculum_id": "curriculumId", "hired_on": "hiredOn", "held_on": "heldOn",
                            "pass_mark": "passMark", "topics": "topics", "done_on": "doneOn", "employment_kind": "employmentKind"]

    static func renaming<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure { throw failure.renamingFields(jsonField) }
    }

    @Sendable func coverage(req: Request) async throws -> CoverageResponse {
        CoverageResponse(try await TrainingQueries(req.db).coverage(company: try req.companyID(), today: ProgramDay(req.now)))
    }

    @Sendable func curricula(req: Request) async throws -> [CurriculumResponse] {
        try await TrainingQueries(req.db).curricula(company: try req.companyID()).map(CurriculumResponse.init)
    }

    @Sendable func saveCurriculum(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(CurriculumRequest.self)
        let topics = (body.requirements ?? []).map { (topic: $0.topic ?? "", months: $0.months.map(String.init)) }
        let id = try await Self.renaming {
            try await TrainingService(req).saveCurriculum(role: body.role, topics: topics, company: company, by: try req.requireUser().userID)
        }
        guard let row = try await TrainingQueries(req.db).curricula(company: company).first(where: { $0.id == id }) else { throw TrustlaneError.notFound }
        return try await CurriculumResponse(row).encodeResponse(status: .created, for: req)
    }

    @Sendable func people(req: Request) async throws -> PersonListResponse {
        let rows = try await TrainingQueries(req.db).people(company: try req.companyID())
        return PersonListResponse(items: rows.map { .init(id: $0.personID, name: $0.name, employeeRef: $0.employee_ref, role: $0.role, site: $0.site) })
    }

    func personResponse(_ req: Request, company: CompanyID, id: PersonID, status: HTTPResponseStatus = .ok) async throws -> Response {
        let queries = TrainingQueries(req.db)
        guard let row = try await queries.person(company: company, id: id) else { throw TrustlaneError.notFound }
        var response = PersonResponse(row, standings: try await queries.standings(person: row, company: company, today: ProgramDay(req.now)),
                                      steps: try await queries.steps(person: row.personID))
        // The reminder address is personal: only those who keep the roster read it.
        if !req.allows(.manageTraining, company: company) { response.email = nil }
        // Incidents may name people: listed only for those who read the register.
        if req.allows(.viewIncidents, company: company) {
            response.incidents = try await IncidentQueries(req.db).incidents(company: company, person: row.personID).map {
                .init(id: $0.incidentID, reference: $0.reference, type: $0.type, status: $0.status, title: $0.title, discoveredAt: $0.discovered_at)
            }
        }
        return try await response.encodeResponse(status: status, for: req)
    }

    @Sendable func addPerson(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(PersonRequest.self)
        for (field, value) in [("sensitivity", body.sensitivity), ("employmentKind", body.employmentKind), ("language", body.language)] where value?.isEmpty == true {
            throw ValidationFailure([FieldError(field: field, messageKey: "incidents.error.choice", message: "\(field) must be one of the listed values or null")])
        }
        if let id = body.curriculumId, UUID(uuidString: id) == nil {
            throw ValidationFailure([FieldError(field: "curriculumId", messageKey: "training.error.curriculum", message: "curriculumId must be a curriculum's id or null")])
        }
        let draft = TrainingService.PersonDraft(name: body.name, employeeRef: body.employeeRef, curriculumID: body.curriculumId, site: body.site, hiredOn: body.hiredOn,
                                                sensitivity: body.sensitivity, employmentKind: body.employmentKind, email: body.email, language: body.language)
        let id = try await Self.renaming { try await TrainingService(req).addPerson(draft, company: company, by: try req.requireUser().userID) }
        return try await personResponse(req, company: company, id: id, status: .created)
    }

    /// Sets or (with a null email) clears where the person's own training reminders go.
    @Sendable func contact(req: Request) async throws -> Response {
        let company = try req.companyID()
        let person = try await req.routePerson(company: company)
        let body = try req.content.decode(PersonContactRequest.self)
        if body.language?.isEmpty == true {
            throw ValidationFailure([FieldError(field: "language", messageKey: "training.error.language", message: "language must be en, es or id (or null for English)")])
        }
        try await Self.renaming {
            try await TrainingService(req).setReminderContact(person, email: body.email, language: body.language, company: company, by: try req.requireUser().userID)
        }
        return try await personResponse(req, company: company, id: person.personID)
    }

    /// Who is due for periodic background re-screening (MSC 11.2), in the page's order.
    @Sendable func rescreening(req: Request) async throws -> RescreeningResponse {
        let company = try req.companyID()
        let filter = try req.rescreeningFilter(emptyMeansAll: false)
        let schedule = try await TrainingQueries(req.db).rescreening(company: company, today: ProgramDay(req.now))
        return RescreeningResponse(schedule, filter: filter)
    }

    @Sendable func person(req: Request) async throws -> Response {
        let company = try req.companyID()
        return try await personResponse(req, company: company, id: try await req.routePerson(company: company).personID)
    }

    @Sendable func step(req: Request) async throws -> Response {
        let company = try req.companyID()
        let person = try await req.routePerson(company: company)
        let body = try req.content.decode(PersonStepRequest.self)
        if body.result?.isEmpty == true {
            throw ValidationFailure([FieldError(field: "result", messageKey: "people.error.result", message: "result must be cleared, not_cleared or null")])
        }
        try await Self.renaming {
            try await TrainingService(req).recordStep(PersonnelStepDraft(step: body.step, doneOn: body.doneOn, result: body.result), person: person, company: company,
                                                      by: try req.requireUser().userID)
        }
        return try await personResponse(req, company: company, id: person.personID, status: .created)
    }

    @Sendable func sessions(req: Request) async throws -> [SessionResponse] {
        try await TrainingQueries(req.db).sessions(company: try req.companyID()).map { SessionResponse($0, attendance: []) }
    }

    func sessionResponse(_ req: Request, company: CompanyID, id: TrainingSessionID, status: HTTPResponseStatus = .ok) async throws -> Response {
        let queries = TrainingQueries(req.db)
        guard let row = try await queries.session(company: company, id: id) else { throw TrustlaneError.notFound }
        var response = SessionResponse(row, attendance: try await queries.attendance(session: id))
        response.files = try await RecordFiles.list(kind: .trainingSession, record: row.id, company: company, on: req.db as! any SQLDatabase).map {
            .init(id: $0.id, purpose: $0.purpose, fileName: $0.file_name, contentType: $0.content_type, size: $0.size, sha256: $0.sha256,
                  uploadedBy: $0.uploaded_by_name, uploadedAt: $0.uploaded_at, url: "/api/v1" + SiteURL.trainingSessionFile(company, row.sessionID, $0.id))
        }
        return try await response.encodeResponse(status: status, for: req)
    }

    @Sendable func createSession(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(SessionRequest.self)
        let id = try await Self.renaming { try await TrainingService(req).createSession(body.draft, company: company, by: try req.requireUser().userID) }
        return try await sessionResponse(req, company: company, id: id, status: .created)
    }

    @Sendable func session(req: Request) async throws -> Response {
        let company = try req.companyID()
        return try await sessionResponse(req, company: company, id: try await req.routeTrainingSession(company: company).sessionID)
    }

    /// Uploads the signed roster or materials (multipart/form-data: purpose, file repeated): 201 with the session.
    @Sendable func attachFiles(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        let parts = req.multipartParts()
        try await TrainingService(req).attachFiles(session, purpose: req.textFields(parts)["purpose"], uploads: RecordFiles.uploads(parts, field: "file"),
                                                   company: company, by: try req.requireUser().userID)
        return try await sessionResponse(req, company: company, id: session.sessionID, status: .created)
    }

    @Sendable func file(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        return try await RecordFiles.download(req, kind: .trainingSession, record: session.id, company: company)
    }

    /// Removes the signed roster or one of the materials: 200 with the session; 404 for a file it
    /// does not have; 409 while the training records are under a legal hold.
    @Sendable func removeFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        guard let file = UUID(uuidString: req.parameters.get("fileID") ?? "") else { throw TrustlaneError.notFound }
        _ = try await RecordFiles.remove(file, kind: .trainingSession, record: session.id, company: company,
                                         audit: ("training.file_removed", "training_session", session.sessionID.description),
                                         by: try req.requireUser().userID, app: req.application, on: req.db)
        return try await sessionResponse(req, company: company, id: session.sessionID)
    }

    @Sendable func attendance(req: Request) async throws -> Response {
        let company = try req.companyID()
        let session = try await req.routeTrainingSession(company: company)
        let body = try req.content.decode(AttendanceRequest.self)
        let attendees = (body.attendees ?? []).map { TrainingService.Attendee(personID: $0.personId, score: $0.score.map(String.init), answers: $0.answers) }
        _ = try await Self.renaming { try await TrainingService(req).recordAttendance(session, attendees: attendees, company: company, by: try req.requireUser().userID) }
        return try await sessionResponse(req, company: company, id: session.sessionID)
    }
}
