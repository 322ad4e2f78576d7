import Foundation

/// An inspection as the phone form or the API sends it: every field text, unchecked.
/// `InspectionValidator` turns it into a `ConveyanceInspection`.
public struct InspectionDraft: Hashable, Sendable {
    /// One point's answer.
    public struct Answer: Hashable, Sendable {
        public var pointKey: String?
        /// `pass`, `fail` or `not_applicable`.
        public var outcome: String?
        public var note: String?
        public init(pointKey: String?, outcome: String?, note: String? = nil) {
            self.pointKey = pointKey
            self.outcome = outcome
            self.note = note
        }
    }

    public var containerNumber: String?
    public var tractorPlate: String?
    public var trailerPlate: String?
    public var unitReference: String?
    public var refrigerated: Bool
    public var site: String?
    /// Where in the yard: a door, a row, a bay.
    public var yardLocation: String?
    public var answers: [Answer]

    public init(containerNumber: String? = nil, tractorPlate: String? = nil, trailerPlate: String? = nil, unitReference: String? = nil,
                refrigerated: Bool = false, site: String? = nil, yardLocation: String? = nil, answers: [Answer] = []) {
        self.containerNumber = containerNumber
        self.tractorPlate = tractorPlate
        self.trailerPlate = trailerPlate
        self.unitReference = unitReference
        self.refrigerated = refrigerated
        self.site = site
        self.yardLocation = yardLocation
        self.answers = answers
    }
}
