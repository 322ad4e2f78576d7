import Foundation
import TrustlaneCore

/// The criteria browser, a criterion's page, and the differences between two versions.
enum CatalogViews {
    struct BrowserModel: Sendable {
        let catalogs: [Catalog]
        let catalog: Catalog
        let query: CatalogQuery
        let results: [ApplicableCriterion]
        let total: Int
        let coverage: CatalogCoverage
    }

    /// Must or Should, with what the word means as its hint.
    static func levelTag(_ c: PageContext, _ level: CriterionLevel) -> HTML {
        "<span class=\"tag level-\(level.rawValue)\" title=\"\(c.t("glossary.level_hint.\(level.rawValue)"))\">\(c.t(level.nameKey))</span>"
    }

    /// How far the criterion's number can be trusted: confirmed by a CBP source, CBP's number as
    /// seen in public material (unverified), or a Trustlane-local id.
    static func verifiedTag(_ c: PageContext, _ criterion: Criterion, for types: [EntityType]) -> HTML {
        if criterion.id.isLocal { return numberingTag(c, .local) }
        let verified = types.isEmpty ? criterion.verified : types.allSatisfy(criterion.isVerified(for:))
        return numberingTag(c, verified ? .confirmed : .publicMaterial)
    }

    /// The Trustlane-id badge after a local criterion id; nothing after a CBP number.
    static func localMark(_ c: PageContext, _ id: CriterionID) -> HTML {
        id.isLocal ? " \(numberingTag(c, .local))" : .empty
    }

    static func numberingTag(_ c: PageContext, _ numbering: CriterionNumbering) -> HTML {
        switch numbering {
        case .confirmed: "<span class=\"tag verified\">\(c.t("catalog.verified"))</span>"
        case .publicMaterial: "<span class=\"tag unverified\" title=\"\(c.t("catalog.unverified_hint"))\">\(c.t("catalog.unverified"))</span>"
        case .local: "<span class=\"tag local-id\" title=\"\(c.t("numbering.local_hint"))\">\(c.t("numbering.local"))</span>"
        }
    }

    static func browser(_ c: PageContext, _ m: BrowserModel) -> HTML {
        let catalog = m.catalog
        let f = FormFields(c)
        let catalogOptions = m.catalogs.map { ($0.id, "\($0.title) (\($0.id))") }
        let types = EntityType.allCases.map { ($0.code, "\(c.t($0.nameKey)) (\($0.code))") }
        let words = c.wording(catalog.id)
        let focus = catalog.focusAreas.map { ($0.id, words.title($0).text) }
        let categories = catalog.categories.map { (String($0.number), "\($0.number). \(words.title($0).text)") }
        let levels = CriterionLevel.allCases.map { ($0.rawValue, c.t($0.nameKey)) }
        let numberings = CriterionNumbering.allCases.map { ($0.rawValue, c.t($0.labelKey)) }
        let selectedTypes = m.query.entityTypes.sorted()
        var grouped: [(CriterionCategory, [ApplicableCriterion])] = []
        for category in catalog.categories {
            let rows = m.results.filter { $0.criterion.categoryNumber == category.number }
            if !rows.isEmpty { grouped.append((category, rows)) }
        }
        let sections = HTML.join(grouped) { category, rows in
            let items = HTML.join(rows) { item in
                let criterion = item.criterion
                let typeTags: HTML = selectedTypes.count > 1
                    ? "<span class=\"types\">\(HTML.join(item.sortedEntityTypes) { "<span class=\"tag\">\($0.code)</span>" })</span>" : .empty
                return """
                <li class="criterion"><a href="\(SiteURL.criterion(catalog.id, criterion.id))"><strong>\(criterion.id.rawValue)</strong> \(words.title(criterion))</a>
                \(levelTag(c, criterion.level)) \(verifiedTag(c, criterion, for: selectedTypes)) \(typeTags)
                \(criterion.condition.map { "<span class=\"tag condition\" title=\"\(words.question($0).text)\">\(c.t("catalog.conditional"))</span>" as HTML })
                <p>\(words.summary(criterion))</p></li>
                """
            }
            return "<section class=\"category\"><h2>\(category.number). \(words.title(category)) <small>(\(c.t.number(rows.count)))</small></h2><ul class=\"criteria\">\(items)</ul></section>"
        }
        let coverageRows = HTML.join(m.coverage.rows) { row in
            "<tr><td>\(row.entityType.code)</td><td>\(c.t(row.entityType.nameKey))</td><td class=\"num\">\(c.t.number(row.listed))</td><td class=\"num\">\(c.t.number(row.verified))</td><td class=\"num\">\(c.t.number(row.publicNumber))</td><td class=\"num\">\(c.t.number(row.local))</td></tr>"
        }
        return Layout.page(c, title: c.t("catalog.title"), """
        <h1>\(c.t("catalog.title"))</h1>
        <p>\(catalog.title) · \(c.t("catalog.effective", ["date": c.t.date(catalog.effectiveDate)]))</p>
        <p class="notice">\(c.t("catalog.provenance_notice"))</p>
        \(translationNotice(c, words))
        <form id="catalog-filter" method="get" action="\(SiteURL.catalog)" class="filters">
        \(f.select("catalog", label: c.t("catalog.version"), options: catalogOptions, selected: catalog.id))
        \(f.checkboxes("entity", legend: c.t("company.entity_types"), options: types, checked: Set(selectedTypes.map(\.code))))
        \(f.select("focus", label: c.t("catalog.focus_area"), options: focus, selected: m.query.focusAreaIDs.first, includeBlank: c.t("catalog.any")))
        \(f.select("category", label: c.t("catalog.category"), options: categories, selected: m.query.categoryNumbers.first.map(String.init), includeBlank: c.t("catalog.any")))
        \(f.select("level", label: c.t("catalog.level"), options: levels, selected: m.query.level?.rawValue, includeBlank: c.t("catalog.any")))
        \(f.select("numbering", label: c.t("catalog.numbering"), options: numberings, selected: m.query.numbering?.rawValue, includeBlank: c.t("catalog.any")))
        \(f.input("q", label: c.t("catalog.search"), value: m.query.text, type: "search", maxLength: 200))
        <button type="submit">\(c.t("catalog.filter"))</button>
        </form>
        <p id="result-count">\(c.t("catalog.result_count", ["shown": c.t.number(m.results.count), "total": c.t.number(m.total)]))</p>
        \(sections)
        <details class="coverage"><summary>\(c.t("catalog.coverage_title"))</summary>
        <div class="table-scroll"><table tabindex="0"><thead><tr><th><span class="visually-hidden">\(c.t("table.code"))</span></th><th>\(c.t("company.entity_types"))</th><th>\(c.t("catalog.listed"))</th><th>\(c.t("catalog.verified"))</th><th>\(c.t("numbering.public"))</th><th>\(c.t("numbering.local"))</th></tr></thead>
        <tbody>\(coverageRows)</tbody></table></div></details>
        """)
    }

    static func criterion(_ c: PageContext, catalog: Catalog, criterion: Criterion) -> HTML {
        let category = catalog.category(number: criterion.categoryNumber)
        let focus = catalog.focusArea(ofCategory: criterion.categoryNumber)
        let types = HTML.join(criterion.sortedEntityTypes) { type in
            "<li><span class=\"tag\">\(type.code)</span> \(c.t(type.nameKey)) \(criterion.isVerified(for: type) ? "<span class=\"tag verified\">\(c.t("catalog.verified"))</span>" as HTML : "<span class=\"tag unverified\">\(c.t("catalog.unverified"))</span>")</li>"
        }
        let words = c.wording(catalog.id)
        return Layout.page(c, title: "\(criterion.id.rawValue) \(words.title(criterion).text)", """
        <p><a href="\(SiteURL.catalog)?catalog=\(catalog.id)">← \(c.t("catalog.title"))</a></p>
        <h1>\(criterion.id.rawValue) \(words.title(criterion))</h1>
        <p>\(levelTag(c, criterion.level)) \(verifiedTag(c, criterion, for: []))</p>
        <dl class="facts">
        <dt>\(c.t("catalog.version"))</dt><dd>\(catalog.title)</dd>
        <dt>\(c.t("catalog.focus_area"))</dt><dd>\(focus.map { words.title($0) } ?? Worded("—", c.t.language))</dd>
        <dt>\(c.t("catalog.category"))</dt><dd>\(category.map { "\($0.number). \(words.title($0))" as HTML } ?? "—")</dd>
        <dt>\(c.t("catalog.condition"))</dt><dd>\(criterion.condition.map { words.question($0) } ?? Worded(c.t("catalog.always"), c.t.language))</dd>
        </dl>
        <section><h2>\(c.t("catalog.summary"))</h2><p>\(GlossaryView.marked(c, words.summary(criterion)))</p></section>
        <section><h2>\(c.t("catalog.guidance"))</h2><p class="pre">\(GlossaryView.marked(c, criterion.guidance.isEmpty ? Worded("—", c.t.language) : words.guidance(criterion)))</p></section>
        \(criterion.note.isEmpty ? HTML.empty : "<section><h2>\(c.t("catalog.note"))</h2><p>\(words.note(criterion))</p></section>")
        \(englishOriginal(c, words, criterion))
        \(sources(c, catalog: catalog, ids: criterion.sources))
        <section><h2>\(c.t("catalog.applies_to"))</h2><ul class="plain">\(types)</ul></section>
        """)
    }

    /// On a translated page: that the translation is Trustlane's own and CBP reads English.
    static func translationNotice(_ c: PageContext, _ words: CatalogWording) -> HTML {
        guard let translation = words.translation else { return .empty }
        return "<p class=\"notice translation-note\" id=\"translation-note\">\(translation.note)</p>"
    }

    /// The English text a translated criterion rests on, folded, for checking a translation.
    static func englishOriginal(_ c: PageContext, _ words: CatalogWording, _ criterion: Criterion) -> HTML {
        guard words.translation != nil, !words.title(criterion).isFallback else { return .empty }
        return """
        <details id="english-original"><summary>\(c.t("catalog.english_original"))</summary><div lang="en">
        <p><strong>\(criterion.title)</strong></p><p>\(criterion.summary)</p><p class="pre">\(criterion.guidance)</p></div></details>
        """
    }

    /// The sources an item rests on, each with its kind (a CBP publication, the statute, or a
    /// secondary source that points but does not confirm) and a link where one is known.
    static func sources(_ c: PageContext, catalog: Catalog, ids: [String]) -> HTML {
        let known = ids.compactMap(catalog.source)
        guard !known.isEmpty else { return .empty }
        let items = HTML.join(known) { source in
            let title: HTML = source.url.hasPrefix("https://") || source.url.hasPrefix("http://")
                ? "<a href=\"\(source.url)\" rel=\"noopener noreferrer\">\(source.title)</a>" : "\(source.title)"
            return "<li><span class=\"tag source-\(source.kind.rawValue)\">\(c.t("catalog.source_kind.\(source.kind.rawValue)"))</span> \(title)</li>"
        }
        return "<section id=\"sources\"><h2>\(c.t("catalog.sources"))</h2><ul class=\"plain sources\">\(items)</ul></section>"
    }

    static func diff(_ c: PageContext, catalogs: [Catalog], diff: CatalogDiff?, upgrade: CatalogUpgrade? = nil, old: String?, new: String?) -> HTML {
        let f = FormFields(c)
        let options = catalogs.map { ($0.id, "\($0.title) (\($0.id))") }
        var body: HTML = .empty
        if let diff {
            let added = HTML.join(diff.added) { "<li><strong>\($0.id.rawValue)</strong> \($0.title)</li>" }
            let removed = HTML.join(diff.removed) { "<li><strong>\($0.id.rawValue)</strong> \($0.title)</li>" }
            let changed = HTML.join(diff.changed) { change in
                "<li><strong>\(change.id.rawValue)</strong> \(change.new.title) <small>(\(change.fields.map(\.rawValue).joined(separator: ", ")))</small></li>"
            }
            body = """
            <p id="diff-summary">\(c.t("catalog.diff_summary", ["added": c.t.number(diff.added.count), "removed": c.t.number(diff.removed.count), "changed": c.t.number(diff.changed.count)]))</p>
            <h2>\(c.t("catalog.diff_added"))</h2><ul>\(added)</ul>
            <h2>\(c.t("catalog.diff_removed"))</h2><ul>\(removed)</ul>
            <h2>\(c.t("catalog.diff_changed"))</h2><ul>\(changed)</ul>
            """
            if let upgrade {
                let moves = HTML.join(upgrade.renumbered.map { ($0.from, $0.to, "renumbered") } + upgrade.folded.map { ($0.from, $0.into, "folded") }) { from, to, kind in
                    "<tr><td><strong>\(from.rawValue)</strong></td><td>\(c.t("catalog.move.\(kind)"))</td><td><strong>\(to.rawValue)</strong>\(localMark(c, to))</td></tr>"
                }
                body = """
                \(body)
                <section id="mapping"><h2>\(c.t("catalog.diff_mapping", ["old": upgrade.old.id, "new": upgrade.new.id]))</h2>
                <div class="table-scroll"><table tabindex="0"><tbody>\(moves)</tbody></table></div></section>
                """
            }
        }
        return Layout.page(c, title: c.t("catalog.diff_title"), """
        <h1>\(c.t("catalog.diff_title"))</h1>
        <form method="get" action="\(SiteURL.catalogDiff)" class="filters">
        \(f.select("old", label: c.t("catalog.diff_old"), options: options, selected: old))
        \(f.select("new", label: c.t("catalog.diff_new"), options: options, selected: new))
        <button type="submit">\(c.t("catalog.diff_compare"))</button></form>
        \(body)
        """)
    }
}
