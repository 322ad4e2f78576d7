import Foundation
import TrustlaneCore

extension SiteURL {
    static func training(_ company: CompanyID) -> String { "/companies/\(company)/training" }
    static func trainingPeople(_ company: CompanyID) -> String { training(company) + "/people" }
    static func trainingPerson(_ company: CompanyID, _ id: PersonID) -> String { trainingPeople(company) + "/\(id)" }
    static func trainingRescreening(_ company: CompanyID) -> String { training(company) + "/rescreening" }
    static func trainingCurricula(_ company: CompanyID) -> String { training(company) + "/curricula" }
    static func trainingSessions(_ company: CompanyID) -> String { training(company) + "/sessions" }
    static func newTrainingSession(_ company: CompanyID) -> String { trainingSessions(company) + "/new" }
    static func trainingSession(_ company: CompanyID, _ id: TrainingSessionID) -> String { trainingSessions(company) + "/\(id)" }
    static func trainingSessionFile(_ company: CompanyID, _ id: TrainingSessionID, _ file: UUID) -> String {
        trainingSession(company, id) + "/files/\(file.uuidString.lowercased())"
    }
}
