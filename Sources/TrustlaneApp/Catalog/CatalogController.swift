import TrustlaneCore
import Vapor

/// The public criteria browser.
struct CatalogController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "catalog", action: .browseCatalog, use: browse)
        routes.on(.GET, "catalog", "diff", action: .browseCatalog, use: diff)
        routes.on(.GET, "catalog", ":catalogID", "criteria", ":criterionID", action: .browseCatalog, use: criterion)
    }

    /// Reads the browser's filters; unknown values are ignored rather than refused, as in any search form.
    static func query(_ params: QueryParameters, catalog: Catalog) -> CatalogQuery {
        let types = Set(params.all("entity").compactMap(EntityType.init(code:)))
        let focus = params.first("focus").flatMap { id in catalog.focusAreas.contains { $0.id == id } ? id : nil }
        let categories = Set(params.all("category").compactMap { Int($0) }.filter { number in catalog.categories.contains { $0.number == number } })
        let level = params.first("level").flatMap(CriterionLevel.init(rawValue:))
        let numbering = params.first("numbering").flatMap(CriterionNumbering.init(text:))
        return CatalogQuery(entityTypes: types, focusAreaIDs: focus.map { [$0] } ?? [], categoryNumbers: categories,
                            level: level, text: params.first("q") ?? "", numbering: numbering)
    }

    static func entry(_ req: Request, id: String?) throws -> CatalogRegistry.Entry {
        if let id {
            guard let entry = req.application.catalogs.entry(id) else { throw TrustlaneError.notFound }
            return entry
        }
        guard let entry = req.application.catalogs.latest() else { throw TrustlaneError.notFound }
        return entry
    }

    @Sendable func browse(req: Request) async throws -> HTML {
        let params = QueryParameters(req)
        let entry = try Self.entry(req, id: params.first("catalog"))
        let query = Self.query(params, catalog: entry.catalog)
        let results = entry.index.search(query)
        let total = query.entityTypes.isEmpty ? entry.catalog.criteria.count : entry.index.criteria(for: query.entityTypes).count
        return CatalogViews.browser(PageContext(req), .init(catalogs: req.application.catalogs.all.map(\.catalog), catalog: entry.catalog,
                                                            query: query, results: results, total: total,
                                                            coverage: CatalogCoverage(entry.catalog)))
    }

    @Sendable func criterion(req: Request) async throws -> HTML {
        let entry = try Self.entry(req, id: req.parameters.get("catalogID"))
        guard let raw = req.parameters.get("criterionID"), let id = CriterionID(raw), let criterion = entry.index.criterion(id) else {
            throw TrustlaneError.notFound
        }
        return CatalogViews.criterion(PageContext(req), catalog: entry.catalog, criterion: criterion)
    }

    @Sendable func diff(req: Request) async throws -> HTML {
        let params = QueryParameters(req)
        let registry = req.application.catalogs
        let old = params.first("old").flatMap { registry.entry($0) }
        let new = params.first("new").flatMap { registry.entry($0) }
        let result = (old != nil && new != nil) ? CatalogDiff(old: old!.catalog, new: new!.catalog) : nil
        let upgrade = (old != nil && new != nil) ? CatalogUpgrade(from: old!.catalog, to: new!.catalog) : nil
        return CatalogViews.diff(PageContext(req), catalogs: registry.all.map(\.catalog), diff: result,
                                 upgrade: upgrade?.isDeclared == true ? upgrade : nil,
                                 old: old?.catalog.id, new: new?.catalog.id ?? registry.latest()?.catalog.id)
    }
}
