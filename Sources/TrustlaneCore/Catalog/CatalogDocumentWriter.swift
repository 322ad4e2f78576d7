import Foundation

/// Builds the document tree of a catalog, the shape `CatalogDocumentReader` reads, for the YAML
/// and JSON exports. Field order follows the bundled files so exports read like them.
enum CatalogDocumentWriter {
    static func document(_ catalog: Catalog) -> CatalogNode {
        let covered = Set(catalog.entityTypes)
        func types(_ set: Set<EntityType>) -> CatalogNode {
            set == covered && !set.isEmpty ? .text("all") : .texts(set.sorted().map(\.code))
        }
        func verified(_ set: Set<EntityType>, of all: Set<EntityType>) -> CatalogNode {
            if set.isEmpty { return .bool(false) }
            return set.isSuperset(of: all) ? .bool(true) : .texts(set.sorted().map(\.code))
        }
        var top: [(String, CatalogNode)] = [
            ("id", .text(catalog.id)), ("program", .text(catalog.program)), ("version", .text(catalog.version)),
            ("title", .text(catalog.title)), ("effective_date", .text(catalog.effectiveDateText)),
        ]
        if !catalog.notes.isEmpty { top.append(("notes", .text(catalog.notes))) }
        if let replaces = catalog.replaces { top.append(("replaces", .text(replaces))) }
        top.append(("entity_types", covered == Set(EntityType.allCases) ? .text("all") : .texts(catalog.entityTypes.map(\.code))))
        if !catalog.sources.isEmpty {
            top.append(("sources", .list(catalog.sources.map { source in
                var pairs: [(String, CatalogNode)] = [("id", .text(source.id)), ("title", .text(source.title))]
                if !source.url.isEmpty { pairs.append(("url", .text(source.url))) }
                pairs.append(("kind", .text(source.kind.rawValue)))
                return .object(pairs)
            }, line: nil)))
        }
        if !catalog.moves.isEmpty {
            top.append(("mapping", .list(catalog.moves.map { move in
                var pairs: [(String, CatalogNode)] = [("from", .text(move.from.rawValue)), ("to", .text(move.to.rawValue)),
                                                      ("change", .text(move.change.rawValue))]
                if !move.reason.isEmpty { pairs.append(("reason", .text(move.reason))) }
                return .object(pairs)
            }, line: nil)))
        }
        top.append(("focus_areas", .list(catalog.focusAreas.map { area in
            .object([("id", .text(area.id)), ("title", .text(area.title))])
        }, line: nil)))
        top.append(("categories", .list(catalog.categories.map { category in
            var pairs: [(String, CatalogNode)] = [
                ("number", .number(category.number)), ("title", .text(category.title)), ("focus_area", .text(category.focusAreaID)),
            ]
            if let restricted = category.entityTypes { pairs.append(("entity_types", types(restricted))) }
            return .object(pairs)
        }, line: nil)))
        if !catalog.conditions.isEmpty {
            top.append(("conditions", .list(catalog.conditions.map { condition in
                .object([("id", .text(condition.id)), ("question", .text(condition.question))])
            }, line: nil)))
        }
        top.append(("criteria", .list(catalog.criteria.map { criterion in
            var pairs: [(String, CatalogNode)] = [
                ("id", .text(criterion.id.rawValue)), ("category", .number(criterion.categoryNumber)),
                ("title", .text(criterion.title)), ("summary", .text(criterion.summary)),
            ]
            if !criterion.guidance.isEmpty { pairs.append(("guidance", .text(criterion.guidance))) }
            pairs.append(("level", .text(criterion.level.rawValue)))
            pairs.append(("entity_types", types(criterion.entityTypes)))
            if let condition = criterion.condition { pairs.append(("condition", .text(condition.id))) }
            pairs.append(("verified", verified(criterion.verifiedEntityTypes, of: criterion.entityTypes)))
            if !criterion.note.isEmpty { pairs.append(("note", .text(criterion.note))) }
            if !criterion.sources.isEmpty { pairs.append(("sources", .texts(criterion.sources))) }
            return .object(pairs)
        }, line: nil)))
        if !catalog.eligibilityQuestions.isEmpty {
            top.append(("eligibility", .list(catalog.eligibilityQuestions.map { question in
                var pairs: [(String, CatalogNode)] = [
                    ("id", .text(question.id.rawValue)), ("text", .text(question.text)),
                    ("effect", .text(question.effect.rawValue)), ("reason", .text(question.reason)),
                    ("entity_types", types(question.entityTypes)),
                    ("verified", verified(question.verifiedEntityTypes, of: question.entityTypes)),
                ]
                if let dependency = question.askedIf {
                    pairs.append(("asked_if", .object([("question", .text(dependency.questionID.rawValue)),
                                                      ("answer", .bool(dependency.answer))])))
                }
                if !question.sources.isEmpty { pairs.append(("sources", .texts(question.sources))) }
                return .object(pairs)
            }, line: nil)))
        }
        return .object(top)
    }
}
