import Foundation
import TrustlaneCore

extension SiteURL {
    static func records(_ company: CompanyID) -> String { "/companies/\(company)/records" }
    static func recordRetention(_ company: CompanyID) -> String { records(company) + "/retention" }
    static func recordPacksZip(_ company: CompanyID) -> String { records(company) + "/packs.zip" }
    static func recordPack(_ company: CompanyID, _ kind: DailyRecordKind) -> String { records(company) + "/\(kind.rawValue)/pack" }
    static func recordPackCSV(_ company: CompanyID, _ kind: DailyRecordKind) -> String { recordPack(company, kind) + ".csv" }
}
