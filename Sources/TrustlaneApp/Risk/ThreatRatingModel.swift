import Fluent
import Foundation
import TrustlaneCore

/// One threat rating of the company's library; replaced ratings keep `supersededAt` as history.
final class ThreatRatingModel: Model, @unchecked Sendable {
    static let schema = "threat_ratings"

    @ID(key: .id) var id: UUID?
    @Field(key: "company_id") var companyID: UUID
    @Field(key: "country") var country: String
    @OptionalField(key: "region") var region: String?
    @Field(key: "category") var category: String
    @Field(key: "level_key") var levelKey: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "source") var source: String
    @Field(key: "rated_at") var ratedAt: Date
    @OptionalField(key: "rated_by") var ratedBy: UUID?
    @OptionalField(key: "superseded_at") var supersededAt: Date?

    init() {}

    init(companyID: UUID, rating: ThreatRating, scale: RiskScale) {
        self.companyID = companyID
        self.country = rating.country.code
        self.region = rating.region
        self.category = rating.category.rawValue
        self.levelKey = scale.key(of: rating.level)
        self.note = rating.note
        self.source = rating.source
        self.ratedAt = rating.ratedAt
        self.ratedBy = rating.ratedBy?.rawValue
    }
}

/// The confirmed vulnerability of one node in one criteria category of an assessment.
final class VulnerabilityRatingModel: Model, @unchecked Sendable {
    static let schema = "vulnerability_ratings"

    @ID(key: .id) var id: UUID?
    @Field(key: "assessment_id") var assessmentID: UUID
    @Field(key: "node_id") var nodeID: UUID
    @Field(key: "category") var category: Int
    @Field(key: "level_key") var levelKey: String
    @OptionalField(key: "proposed_key") var proposedKey: String?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "rated_at") var ratedAt: Date
    @OptionalField(key: "rated_by") var ratedBy: UUID?

    init() {}

    init(assessmentID: UUID, rating: VulnerabilityRating, scale: RiskScale) {
        self.assessmentID = assessmentID
        self.nodeID = rating.nodeID.rawValue
        self.category = rating.category.number
        self.levelKey = scale.key(of: rating.level)
        self.proposedKey = rating.proposed.map(scale.key(of:))
        self.reason = rating.reason
        self.ratedAt = rating.ratedAt
        self.ratedBy = rating.ratedBy?.rawValue
    }
}
