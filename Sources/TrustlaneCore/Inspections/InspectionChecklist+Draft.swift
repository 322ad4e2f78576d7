import Foundation

extension InspectionChecklist {
    /// A checklist as written in a YAML file, a form or an API body: every field optional and
    /// unchecked. `InspectionChecklistValidator` turns it into an `InspectionChecklist`.
    public struct Draft: Hashable, Sendable, Codable {
        public struct Text: Hashable, Sendable, Codable {
            public var en: String?
            public var es: String?
            public var id: String?
            public init(en: String? = nil, es: String? = nil, id: String? = nil) {
                self.en = en
                self.es = es
                self.id = id
            }
        }

        public struct Point: Hashable, Sendable, Codable {
            public var key: String?
            public var order: Int?
            public var title: Text?
            public var security: Text?
            public var agriculture: Text?
            public init(key: String? = nil, order: Int? = nil, title: Text? = nil, security: Text? = nil, agriculture: Text? = nil) {
                self.key = key
                self.order = order
                self.title = title
                self.security = security
                self.agriculture = agriculture
            }
        }

        public struct Source: Hashable, Sendable, Codable {
            public var title: String?
            public var url: String?
            public var kind: String?
            public init(title: String? = nil, url: String? = nil, kind: String? = nil) {
                self.title = title
                self.url = url
                self.kind = kind
            }
        }

        public var key: String?
        public var version: Int?
        public var title: Text?
        public var conveyance: String?
        public var criteria: [String]?
        public var unverified: Bool?
        public var checkedOn: String?
        public var sources: [Source]?
        public var note: String?
        public var points: [Point]?

        public init(key: String? = nil, version: Int? = nil, title: Text? = nil, conveyance: String? = nil, criteria: [String]? = nil,
                    unverified: Bool? = nil, checkedOn: String? = nil, sources: [Source]? = nil, note: String? = nil, points: [Point]? = nil) {
            self.key = key
            self.version = version
            self.title = title
            self.conveyance = conveyance
            self.criteria = criteria
            self.unverified = unverified
            self.checkedOn = checkedOn
            self.sources = sources
            self.note = note
            self.points = points
        }

        enum CodingKeys: String, CodingKey {
            case key, version, title, conveyance, criteria, unverified, sources, note, points
            case checkedOn = "checked_on"
        }
    }

    /// The checklist as a draft: to copy a CBP list into a company's own, or to edit one.
    public var draft: Draft {
        func text(_ value: LocalizedText) -> Draft.Text { Draft.Text(en: value.english, es: value.spanish, id: value.indonesian) }
        return Draft(key: key, version: version, title: text(title), conveyance: conveyance.rawValue, criteria: criteria.map(\.rawValue),
                     unverified: unverified, checkedOn: checkedOn?.description,
                     sources: sources.map { Draft.Source(title: $0.title, url: $0.url, kind: $0.kind.rawValue) }, note: note,
                     points: points.map { Draft.Point(key: $0.key, order: $0.order, title: text($0.title), security: text($0.security),
                                                      agriculture: text($0.agriculture)) })
    }
}
