import Foundation
import TrustlaneCore

/// The profile's secondary pages: evidence, gaps, corrective actions, submission, snapshots and
/// the printable profile.
enum ProfilePagesViews {
    static func back(_ c: PageContext, _ company: CompanyID) -> HTML {
        "<p><a href=\"\(SiteURL.profile(company))\">← \(c.t("profile.title"))</a></p>"
    }

    static func evidence(_ c: PageContext, company: CompanyID, files: [ProfileQueries.EvidenceRow], canUpload: Bool, now: Date,
                         policy: EvidencePolicy, errors: [FieldError] = []) -> HTML {
        let rows = HTML.join(files) { file in
            let expiry = policy.expiryStatus(expiryDate: file.expires_at, now: now)
            return """
            <tr><td><a href="\(SiteURL.profileEvidenceFile(company, file.id))">\(file.title)</a><br><small>\(file.file_name)</small></td>
            <td>\(file.content_type)</td><td class="num">\(c.t.number(Int(file.size / 1024))) KB</td>
            <td>\(file.effective_date.map(ProgramDay.text) ?? "—")</td>
            <td>\(file.expires_at.map(ProgramDay.text) ?? "—") \(HTML.when(expiry.isFlagged, "<span class=\"tag expiry-\(expiry.name)\">\(c.t(expiry.nameKey, ["days": String(expiry.dayCount)]))</span>"))</td>
            <td class="num">\(c.t.number(file.links))</td><td><code title="SHA-256">\(String(file.sha256.prefix(12)))…</code></td></tr>
            """
        }
        let f = FormFields(c, errors: errors)
        let upload: HTML = canUpload ? """
            <form id="evidence-upload-form" method="post" action="\(SiteURL.profileEvidence(company))" enctype="multipart/form-data" class="stack narrow">\(c.csrfField)
            <h2>\(c.t("profile.upload_title"))</h2>\(f.errorSummary())
            \(f.input("title", label: c.t("profile.field.evidence_title"), required: true, maxLength: 200))
            <div class="field"><label for="file">\(c.t("profile.field.file"))</label><input id="file" name="file" type="file" required>\(f.error("file"))
            <p class="hint">\(c.t("profile.upload_hint", ["types": policy.allowedExtensions.joined(separator: ", "), "mb": String(policy.maxBytes / 1024 / 1024)]))</p></div>
            \(f.input("effective_date", label: c.t("profile.field.effective_date"), type: "date"))
            \(f.input("expiry_date", label: c.t("profile.field.expiry_date"), type: "date"))
            <button type="submit">\(c.t("profile.upload"))</button></form>
            """ : .empty
        return Layout.page(c, title: c.t("profile.evidence"), """
        \(back(c, company))<h1>\(c.t("profile.evidence"))</h1>
        <table tabindex="0" class="stack" id="evidence-list"><thead><tr><th>\(c.t("profile.field.evidence_title"))</th><th>\(c.t("profile.type"))</th><th>\(c.t("profile.size"))</th>
        <th>\(c.t("profile.field.effective_date"))</th><th>\(c.t("profile.field.expiry_date"))</th><th>\(c.t("profile.linked"))</th><th>SHA-256</th></tr></thead>
        <tbody>\(rows.labellingCells([c.t("profile.field.evidence_title"), c.t("profile.type"), c.t("profile.size"), c.t("profile.field.effective_date"),
                                      c.t("profile.field.expiry_date"), c.t("profile.linked"), "SHA-256"]))</tbody></table>
        \(upload)
        """)
    }

    static func gaps(_ c: PageContext, company: CompanyID, catalogID: String, analysis: GapAnalysis) -> HTML {
        let words = c.wording(catalogID)
        let rows = HTML.join(analysis.items) { item in
            """
            <tr class="\(item.criterion.isMust ? "open-must" : "")"><td><a href="\(SiteURL.profileCriterion(company, item.id))"><strong>\(item.id.rawValue)</strong></a>\(CatalogViews.localMark(c, item.id))</td>
            <td>\(words.title(item.criterion.criterion))</td><td>\(CatalogViews.levelTag(c, item.criterion.criterion.level))</td>
            <td>\(ProfileViews.statusTag(c, item.status)) \(item.claim.map { ProfileViews.claimTag(c, $0) })</td><td class="pre">\(item.narrative)</td>
            <td class="num">\(c.t.number(item.openCorrectiveActions))/\(c.t.number(item.correctiveActions))</td></tr>
            """
        }
        return Layout.page(c, title: c.t("profile.gaps"), """
        \(back(c, company))<h1>\(c.t("profile.gaps"))</h1>
        <p>\(c.t("profile.gaps_intro", ["count": c.t.number(analysis.items.count), "musts": c.t.number(analysis.musts.count)]))
        <a href="\(SiteURL.profileGapsCSV(company))">CSV</a></p>
        <table tabindex="0" class="stack" id="gap-list"><thead><tr><th><span class="visually-hidden">\(c.t("table.number"))</span></th><th>\(c.t("catalog.title"))</th><th>\(c.t("catalog.level"))</th><th>\(c.t("profile.field.status"))</th>
        <th>\(c.t("profile.field.narrative"))</th><th>\(c.t("actions.title"))</th></tr></thead><tbody>\(rows.labellingCells([c.t("table.number"), c.t("catalog.title"),
            c.t("catalog.level"), c.t("profile.field.status"), c.t("profile.field.narrative"), c.t("actions.title")]))</tbody></table>
        \(HTML.when(!analysis.awaitingReview.isEmpty, """
        <section id="claims-awaiting"><h2>\(c.t("profile.claims_awaiting_title"))</h2><p>\(c.t("profile.claims_awaiting_intro"))</p>
        <table tabindex="0"><tbody>\(HTML.join(analysis.awaitingReview) { item in
            """
            <tr id="claim-\(item.id.rawValue)"><td><a href="\(SiteURL.profileCriterion(company, item.id))"><strong>\(item.id.rawValue)</strong></a></td>
            <td>\(words.title(item.criterion.criterion))</td><td>\(ProfileViews.claimTag(c, .awaitingReview))</td><td class="pre">\(item.notApplicableReason)</td></tr>
            """
        })</tbody></table></section>
        """))
        """)
    }

    static func actions(_ c: PageContext, company: CompanyID, actions: [ProfileQueries.ActionRow], filter: String?, overdueOnly: Bool,
                        now: Date, canEdit: Bool) -> HTML {
        let rows = HTML.join(actions) { action in
            let status = CorrectiveActionStatus(rawValue: action.status) ?? .open
            let overdue = CorrectiveAction.isOverdue(status: status, dueDate: action.due_date, now: now)
            let moves: HTML = canEdit ? HTML.join(CorrectiveActionStatus.allCases.filter(status.allowedNext.contains)) { next in
                """
                <form method="post" action="\(SiteURL.actionStatus(company, action.id))" class="inline">\(c.csrfField)
                <input type="hidden" name="status" value="\(next.rawValue)"><input type="hidden" name="base_version" value="\(action.version)">
                <button type="submit" class="toggle">\(c.t("corrective_action_status.\(next.rawValue)"))</button></form>
                """
            } : .empty
            let criteria = HTML.join(action.criteria.split(separator: ",").compactMap { CriterionID(String($0)) }) {
                "<a href=\"\(SiteURL.profileCriterion(company, $0))\">\($0.rawValue)</a> "
            }
            return """
            <tr class="\(overdue ? "overdue" : "")"><td>\(action.title)</td><td>\(action.owner ?? "—")</td>
            <td>\(ProgramDay.text(action.due_date))\(HTML.when(overdue, " <span class=\"tag overdue\">\(c.t("actions.overdue"))</span>"))</td>
            <td>\(c.t("corrective_action_status.\(action.status)"))</td><td>\(criteria)</td><td>\(c.t("actions.source.\(action.source)"))</td><td>\(moves)</td></tr>
            """
        }
        let statuses = [("", c.t("catalog.any"))] + CorrectiveActionStatus.allCases.map { ($0.rawValue, c.t("corrective_action_status.\($0.rawValue)")) }
        return Layout.page(c, title: c.t("actions.title"), """
        \(back(c, company))<h1>\(c.t("actions.title"))</h1>
        <form method="get" action="\(SiteURL.actions(company))" class="filters">
        \(FormFields(c).select("status", label: c.t("profile.field.status"), options: statuses, selected: filter ?? ""))
        <label class="check"><input type="checkbox" name="overdue" value="1"\(HTML.when(overdueOnly, " checked"))> \(c.t("actions.overdue_only"))</label>
        <button type="submit">\(c.t("form.apply_filter"))</button></form>
        <table tabindex="0" class="stack" id="action-list"><thead><tr><th>\(c.t("actions.field.title"))</th><th>\(c.t("actions.field.owner"))</th><th>\(c.t("actions.field.due_date"))</th>
        <th>\(c.t("profile.field.status"))</th><th>\(c.t("catalog.title"))</th><th>\(c.t("actions.source"))</th><th><span class="visually-hidden">\(c.t("table.actions"))</span></th></tr></thead><tbody>\(rows.labellingCells([
            c.t("actions.field.title"), c.t("actions.field.owner"), c.t("actions.field.due_date"), c.t("profile.field.status"), c.t("catalog.title"), c.t("actions.source")]))</tbody></table>
        """)
    }

    static func submit(_ c: PageContext, company: CompanyID, blockers: [SubmissionBlocker], progress: ProfileProgress, errors: [FieldError] = []) -> HTML {
        let list = HTML.join(blockers) { blocker in
            let ids = blocker.criterionIDs
            let links = HTML.join(ids.prefix(20)) { "<a href=\"\(SiteURL.profileCriterion(company, $0))\">\($0.rawValue)</a> " }
            return "<li>\(c.t(blocker.fieldError.messageKey, blocker.fieldError.arguments)) \(links)</li>"
        }
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("profile.submit"), """
        \(back(c, company))<h1>\(c.t("profile.submit"))</h1>
        <p>\(c.t("profile.progress_detail", ["answered": c.t.number(progress.overall.answered), "total": c.t.number(progress.overall.total), "complete": c.t.number(progress.overall.complete)]))</p>
        \(HTML.when(!blockers.isEmpty, "<div class=\"flash flash-error\" role=\"alert\"><p>\(c.t("profile.submit_blocked"))</p><ul id=\"blockers\">\(list)</ul></div>"))
        \(HTML.when(!progress.awaitingReview.isEmpty, "<p class=\"hint\" id=\"claims-awaiting\">\(c.t("profile.submit_claims_awaiting", ["count": c.t.number(progress.awaitingReview.count), "criteria": progress.awaitingReview.map(\.id.rawValue).joined(separator: ", ")]))</p>"))
        \(f.errorSummary())
        <form id="submit-form" method="post" action="\(SiteURL.profileSubmit(company))" class="stack">\(c.csrfField)
        <p class="declaration">\(c.t("profile.declaration_text"))</p>
        <label class="check"><input type="checkbox" name="declaration" value="yes"> \(c.t("profile.declaration_confirm"))</label>\(f.error("declaration"))
        <button type="submit">\(c.t("profile.submit"))</button></form>
        """)
    }

    static func snapshots(_ c: PageContext, company: CompanyID, companyName: String, rows: [ProfileSnapshotModel]) -> HTML {
        let items = HTML.join(rows) { snapshot in
            "<li><a href=\"\(SiteURL.profileSnapshot(company, snapshot.id!))\">#\(snapshot.sequence) · \(c.t.dateTime(snapshot.submittedAt))</a> <code>\(String(snapshot.digest.prefix(12)))</code></li>"
        }
        return Layout.page(c, title: c.t("profile.snapshots"), """
        <p><a href="\(SiteURL.company(company))" id="back-to-company">← \(companyName)</a></p><h1>\(c.t("profile.snapshots"))</h1>
        \(rows.isEmpty ? "<p>\(c.t("profile.no_snapshots"))</p>" as HTML : "<ul id=\"snapshot-list\">\(items)</ul>")
        """)
    }

    /// A frozen submission, as reviewers read it, in the catalog's section order.
    static func snapshot(_ c: PageContext, company: CompanyID, snapshot: ProfileSnapshot, sequence: Int, catalog: Catalog,
                         changed: SnapshotComparison?, isReviewer: Bool, review: CriterionReviewSummary,
                         unchanged: [CriterionID]? = nil) -> HTML {
        let rows = HTML.join(snapshot.entries) { entry in
            let criterion = catalog.criterion(id: entry.criterionID)
            let evidence = HTML.join(entry.evidence) { "<li>\($0.title) <code>\(String($0.sha256.prefix(12)))</code></li>" }
            return """
            <article class="snapshot-entry" id="s-\(entry.criterionID.rawValue)"><h3>\(entry.criterionID.rawValue) \(criterion?.title ?? "")
            \(ProfileViews.statusTag(c, entry.status))\(HTML.when(changed?.isChanged(entry.criterionID) ?? false, " <span class=\"tag changed\">\(c.t("profile.changed_since"))</span>"))
            \(reviewStateTag(c, review.state(of: entry.criterionID)))</h3>
            <p class="pre">\(entry.narrative)</p>\(HTML.when(!entry.notApplicableReason.isEmpty, "<p><em>\(entry.notApplicableReason)</em></p>"))
            \(HTML.when(!entry.evidence.isEmpty, "<ul class=\"evidence\">\(evidence)</ul>"))
            \(HTML.when(isReviewer, "<p><a href=\"\(SiteURL.profileCriterion(company, entry.criterionID))#review-thread\">\(c.t("review.comment_here"))</a></p>"))
            </article>
            """
        }
        return Layout.page(c, title: "\(c.t("profile.snapshot")) #\(sequence)", """
        <p><a href="\(SiteURL.profileSnapshots(company))">← \(c.t("profile.snapshots"))</a></p>
        <h1>\(c.t("profile.snapshot")) #\(sequence)</h1>
        <p>\(c.t.dateTime(snapshot.submittedAt)) · \(catalog.title) · <code>\(snapshot.digest)</code></p>
        \(reviewSummary(c, review))
        \(unchanged.map { reviewStart(c, company: company, snapshot: snapshot, review: review, unchanged: $0) })
        \(rows)
        """)
    }

    /// On the newest submission, for a reviewer: where to start (the first criterion not accepted
    /// on it) and "accept all unchanged since the last accepted submission" with its count.
    static func reviewStart(_ c: PageContext, company: CompanyID, snapshot: ProfileSnapshot, review: CriterionReviewSummary,
                            unchanged: [CriterionID]) -> HTML {
        let first = snapshot.entries.first { review.state(of: $0.criterionID) != .accepted }?.criterionID
        let start: HTML = first.map {
            "<p><a id=\"review-first\" class=\"button\" href=\"\(SiteURL.profileCriterion(company, $0))#review-aids\">\(c.t("review.start_at", ["criterion": $0.rawValue]))</a></p>"
        } ?? "<p id=\"all-accepted\">\(c.t("review.all_accepted", ["sequence": ""]))</p>"
        let carry: HTML = unchanged.isEmpty ? "<p class=\"hint\" id=\"nothing-unchanged\">\(c.t("review.nothing_unchanged"))</p>" : """
            <form method="post" action="\(SiteURL.profileAcceptUnchanged(company))" id="accept-unchanged" class="stack narrow">\(c.csrfField)
            <p>\(c.t("review.unchanged_explained", ["count": c.t.number(unchanged.count)]))</p>
            <p class="hint">\(unchanged.map(\.rawValue).joined(separator: ", "))</p>
            <button type="submit" data-count="\(unchanged.count)">\(c.t("review.accept_unchanged", ["count": c.t.number(unchanged.count)]))</button></form>
            """
        return "<section id=\"review-start\">\(start)\(carry)</section>"
    }

    /// A criterion's review state as a tag.
    static func reviewStateTag(_ c: PageContext, _ state: CriterionReviewState) -> HTML {
        "<span class=\"tag review-\(state.rawValue)\" data-review-state=\"\(state.rawValue)\">\(c.t(state.nameKey))</span>"
    }

    /// The counts of the review of a snapshot: accepted, information requested (with the open
    /// requests), answered, not reviewed yet.
    static func reviewSummary(_ c: PageContext, _ review: CriterionReviewSummary) -> HTML {
        let items = HTML.join(CriterionReviewState.allCases) { state in
            "<li data-review-count=\"\(state.rawValue)\" data-count=\"\(review.count(state))\">\(reviewStateTag(c, state)) \(c.t.number(review.count(state)))</li>"
        }
        return """
        <section id="review-summary"><h2>\(c.t("review.summary_title"))</h2><ul class="inline-list">\(items)</ul>
        <p data-open-requests="\(review.openRequests)">\(c.t("review.summary_open_requests", ["count": c.t.number(review.openRequests)]))</p></section>
        """
    }
}
