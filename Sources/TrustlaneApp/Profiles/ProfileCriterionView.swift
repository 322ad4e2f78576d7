import Foundation
import TrustlaneCore

/// One criterion of the profile: the answer form, evidence, history, the review thread and
/// corrective actions.
enum ProfileCriterionView {
    struct Model: Sendable {
        let company: CompanyID
        /// The profile's catalog, whose wording (translated where Trustlane has it) the page shows.
        let catalogID: String
        let scoped: ScopedCriterion
        /// The criteria before and after this one in the profile's order, for stepping through.
        var previous: CriterionID? = nil
        var next: CriterionID? = nil
        let answer: CriterionAnswer
        let evidence: [ProfileQueries.EvidenceRow]
        let history: [ProfileQueries.HistoryRow]
        let comments: [ProfileQueries.CommentRow]
        /// Accepted, information requested, answered or not reviewed (the latest verdict wins).
        let reviewState: CriterionReviewState
        /// Whether the company submitted the profile at least once (reviewers accept what was submitted).
        let hasSubmission: Bool
        let actions: [ProfileQueries.ActionRow]
        /// Whether the viewer reads the working draft (members) or only what was submitted.
        let readsDraft: Bool
        /// For viewers outside the company: the latest submission's entry, if any.
        let submitted: Submitted?
        let canEdit: Bool
        let canRespond: Bool
        let isReviewer: Bool
        let errors: [FieldError]
        let draft: AnswerEdit?
        let now: Date
        /// The Must's "not applicable to our business model" claim, when the answer shown is one.
        var claim: Claim? = nil
        /// Errors of a refused claim decision (the reviewer's forms).
        var decisionErrors: [FieldError] = []
        /// For a reviewer reading a submission: the change since the previous one and where to go next.
        var review: ReviewAids? = nil
        /// On category 3's criteria, for the company's people: the partner registry as it stands.
        var partnerCoverage: BusinessPartnerQueries.Coverage? = nil
        /// On the conveyance and pest criteria (category 5, 8.1): the inspection record of the last year.
        var inspectionEvidence: InspectionQueries.Evidence? = nil
        /// On the seal criteria (category 6, 7.5, 7.29, 7.30): the seal stock as it stands.
        var sealEvidence: SealEvidence? = nil
        /// On the incident criteria (7.23-7.37 but the seal ones): the incident register as it stands.
        var incidentEvidence: IncidentQueries.EvidenceSummary? = nil
        /// On the training criteria (category 12, 11.5): coverage by role and the latest sessions.
        var trainingEvidence: TrainingEvidence? = nil
        /// On the physical access criteria (category 10): the gate's logs of the last 30 days.
        var gateEvidence: GateQueries.Evidence? = nil
        /// On the personnel screening criteria (11.1, 11.2): the re-screening schedule as it stands.
        var rescreeningEvidence: RescreeningEvidence? = nil
    }

    /// The re-screening schedule beside 11.1 and 11.2: how many people in positions screened
    /// periodically are missing a cleared check, overdue, due soon or current, and the latest
    /// cleared check among them.
    struct RescreeningEvidence: Sendable, Equatable {
        let counts: [RescreeningStatus: Int]
        let lastScreened: ProgramDay?
        /// The schedule read its limit of people (the counts are of those).
        let truncated: Bool

        init(_ schedule: TrainingQueries.Rescreening) {
            counts = schedule.counts
            lastScreened = schedule.entries.compactMap(\.entry.lastCleared).max()
            truncated = schedule.truncated
        }

        var people: Int { counts.values.reduce(0, +) }
    }

    struct TrainingEvidence: Sendable {
        let coverage: TrainingQueries.Coverage
        let sessions: [TrainingQueries.SessionRow]
    }

    /// The seal stock beside a seal criterion: batches, seals received, certificates on file, and
    /// seals by state.
    struct SealEvidence: Sendable {
        let batches: Int
        let received: Int
        let withCertificate: Int
        let byState: [SealState: Int]
    }

    /// Which live record a criterion shows (issue 16): the inspections for category 5 and 8.1,
    /// the seals for category 6 and 7.5, 7.29 and 7.30; the incident register for 7.23-7.37; the
    /// training record for category 12 and 11.5; the gate's logs for category 10; the re-screening
    /// schedule for 11.1 and 11.2 (issue 17).
    enum LiveRecord { case inspections, seals, incidents, training, gate, screening }

    static func liveRecord(for id: CriterionID) -> LiveRecord? {
        if ["11.1", "11.2"].contains(id.rawValue) { return .screening }
        if id.categoryNumber == 5 || id.rawValue == "8.1" { return .inspections }
        if id.categoryNumber == 6 || ["7.5", "7.29", "7.30"].contains(id.rawValue) { return .seals }
        if id.categoryNumber == 12 || id.rawValue == "11.5" { return .training }
        if id.categoryNumber == 7, let minor = Int(id.rawValue.split(separator: ".").last ?? ""), (23...37).contains(minor) { return .incidents }
        if id.categoryNumber == 10 { return .gate }
        return nil
    }

    /// The re-screening schedule beside 11.1 and 11.2 (issue 17): the people in positions
    /// screened periodically by where they stand, and the latest cleared check.
    static func rescreeningEvidence(_ c: PageContext, company: CompanyID, _ e: RescreeningEvidence) -> HTML {
        let items = HTML.join(RescreeningStatus.allCases) { status in
            let count = e.counts[status, default: 0]
            return """
            <li data-status="\(status.rawValue)"\(HTML.when(count > 0 && [.missing, .overdue].contains(status), " class=\"warn\""))>\
            \(c.t(status.nameKey)): \(c.t.number(count))</li>
            """
        }
        return """
        <section id="rescreening-evidence" class="live-evidence"><h2>\(c.t("people.evidence_title"))</h2>
        <p class="hint">\(c.t("people.evidence_intro", ["days": String(RescreeningSchedule.warningDays)]))</p>
        \(e.people == 0 ? "<p id=\"rescreening-evidence-none\">\(c.t("people.evidence_nobody"))</p>" as HTML : "<ul>\(items)</ul>")
        <p id="rescreening-evidence-last">\(e.lastScreened.map { c.t("people.evidence_last", ["day": $0.description]) } ?? c.t("people.evidence_never"))</p>
        \(HTML.when(e.truncated, "<p class=\"hint\">\(c.t("people.rescreening_truncated", ["count": c.t.number(TrainingQueries.rescreeningLimit)]))</p>"))
        <p><a href="\(SiteURL.trainingRescreening(company))">\(c.t("people.rescreening"))</a></p></section>
        """
    }

    /// The gate's logs beside a physical access criterion (category 10): visits and pickups of
    /// the last 30 days, the share with a photo ID checked, arrivals not pre-notified, badges out.
    static func gateEvidence(_ c: PageContext, company: CompanyID, _ e: GateQueries.Evidence) -> HTML {
        let share = e.photoIDShare.map { c.t.percent($0) } ?? "—"
        return """
        <section id="gate-evidence" class="live-evidence"><h2>\(c.t("gate.evidence_title"))</h2>
        <p class="hint">\(c.t("gate.evidence_intro", ["days": String(e.days)]))</p>
        <ul><li>\(c.t("gate.evidence_visits", ["count": c.t.number(e.visits)]))</li>
        <li>\(c.t("gate.evidence_pickups", ["count": c.t.number(e.pickups)]))</li>
        <li\(HTML.when((e.photoIDShare ?? 1) < 1, " class=\"warn\""))>\(c.t("gate.evidence_photo_id", ["share": share]))</li>
        <li\(HTML.when(e.pickupsNotPreNotified > 0, " class=\"warn\""))>\(c.t("gate.evidence_not_prenotified", ["count": c.t.number(e.pickupsNotPreNotified)]))</li>
        <li>\(c.t("gate.evidence_badges_out", ["count": c.t.number(e.badgesIssued)]))</li>
        <li\(HTML.when(e.badgesLost > 0, " class=\"warn\""))>\(c.t("gate.evidence_badges_lost", ["count": c.t.number(e.badgesLost)]))</li></ul>
        <p><a href="\(SiteURL.gate(company))">\(c.t("gate.tab.visitors"))</a> · <a href="\(SiteURL.gatePickups(company))">\(c.t("gate.tab.pickups"))</a> · <a href="\(SiteURL.gateBadges(company))">\(c.t("gate.tab.badges"))</a></p></section>
        """
    }

    static func inspectionEvidence(_ c: PageContext, company: CompanyID, _ e: InspectionQueries.Evidence) -> HTML {
        """
        <section id="inspection-evidence" class="live-evidence"><h2>\(c.t("inspections.evidence_title"))</h2>
        <p class="hint">\(c.t("inspections.evidence_intro"))</p>
        <ul><li>\(c.t("inspections.evidence_done", ["count": c.t.number(e.done), "sites": c.t.number(e.sites)]))</li>
        <li\(HTML.when(e.held > 0, " class=\"warn\""))>\(c.t("inspections.evidence_held", ["count": c.t.number(e.held)]))</li>
        <li>\(e.last.map { c.t("inspections.evidence_last", ["when": c.t.dateTime($0)]) } ?? c.t("inspections.evidence_none"))</li></ul>
        <p><a href="\(SiteURL.inspections(company))">\(c.t("inspections.title"))</a> · <a href="\(SiteURL.inspectionSummary(company))">\(c.t("inspections.summary"))</a></p></section>
        """
    }

    /// The incident register beside an incident criterion (issue 17): how many, how many still
    /// open, how long closing takes, anonymous reports, the latest entries.
    static func incidentEvidence(_ c: PageContext, company: CompanyID, _ e: IncidentQueries.EvidenceSummary) -> HTML {
        let latest = HTML.join(e.latest) { row in
            "<li><a href=\"\(SiteURL.incident(company, row.incidentID))\">\(row.reference) · \(row.title)</a> \(IncidentViews.statusTag(c, row.status))</li>"
        }
        return """
        <section id="incident-evidence" class="live-evidence"><h2>\(c.t("incidents.evidence_title"))</h2>
        <p class="hint">\(c.t("incidents.evidence_intro"))</p>
        <ul><li>\(c.t("incidents.evidence_counts", ["total": c.t.number(e.total), "closed": c.t.number(e.closed), "anonymous": c.t.number(e.anonymous)]))</li>
        <li\(HTML.when(e.active > 0, " class=\"warn\""))>\(c.t("incidents.evidence_active", ["count": c.t.number(e.active)]))</li>
        <li>\(e.medianDaysToClose.map { c.t("incidents.evidence_median", ["days": String(format: "%.1f", $0)]) } ?? c.t("incidents.evidence_none_closed"))</li></ul>
        \(HTML.when(!e.latest.isEmpty, "<ul>\(latest)</ul>"))
        <p><a href="\(SiteURL.incidents(company))">\(c.t("incidents.title"))</a></p></section>
        """
    }

    /// The training record beside a training criterion (issue 17).
    static func trainingEvidence(_ c: PageContext, company: CompanyID, _ e: TrainingEvidence) -> HTML {
        let roles = HTML.join(e.coverage.roles) { role in
            "<li\(HTML.when(role.percent < 100, " class=\"warn\""))>\(c.t("training.evidence_role", ["role": role.role, "percent": String(role.percent), "current": c.t.number(role.fullyCurrent), "people": c.t.number(role.people)]))</li>"
        }
        let sessions = HTML.join(e.sessions) { "<li>\($0.title) · \(c.t.date($0.held_on)) · \(c.t("training.attendee_count", ["count": c.t.number($0.attendees)]))</li>" }
        return """
        <section id="training-evidence" class="live-evidence"><h2>\(c.t("training.evidence_title"))</h2>
        <p class="hint">\(c.t("training.evidence_intro"))</p>
        \(e.coverage.roles.isEmpty ? "<p>\(c.t("training.no_curricula"))</p>" as HTML : "<ul>\(roles)</ul>")
        \(HTML.when(!e.sessions.isEmpty, "<ul>\(sessions)</ul>"))
        <p><a href="\(SiteURL.training(company))">\(c.t("training.title"))</a></p></section>
        """
    }

    static func sealEvidence(_ c: PageContext, company: CompanyID, _ e: SealEvidence) -> HTML {
        let out = SealState.allCases.filter { $0 != .received }.reduce(0) { $0 + e.byState[$1, default: 0] }
        let states = HTML.join(SealState.allCases.filter { $0 != .received && e.byState[$0, default: 0] > 0 }) { state in
            "<li\(HTML.when([.void, .damaged, .lost].contains(state), " class=\"warn\""))>\(c.t("seals.state.\(state.rawValue)")): \(c.t.number(e.byState[state, default: 0]))</li>"
        }
        return """
        <section id="seal-evidence" class="live-evidence"><h2>\(c.t("seals.evidence_title"))</h2>
        <p class="hint">\(c.t("seals.evidence_intro"))</p>
        <ul><li>\(c.t("seals.evidence_batches", ["batches": c.t.number(e.batches), "seals": c.t.number(e.received)]))</li>
        <li\(HTML.when(e.withCertificate < e.batches, " class=\"warn\""))>\(c.t("seals.evidence_certificates", ["count": c.t.number(e.withCertificate), "batches": c.t.number(e.batches)]))</li>
        <li>\(c.t("seals.state.received")): \(c.t.number(e.received - out))</li>\(states)</ul>
        <p><a href="\(SiteURL.seals(company))">\(c.t("seals.title"))</a></p></section>
        """
    }

    /// The business-partner registry's live figures beside a category 3 criterion (issue 15).
    static func partnerCoverage(_ c: PageContext, company: CompanyID, _ coverage: BusinessPartnerQueries.Coverage) -> HTML {
        func item(_ key: String, _ count: Int, warn: Bool = false) -> HTML {
            "<li\(HTML.when(warn && count > 0, " class=\"warn\""))>\(c.t(key, ["count": c.t.number(count)]))</li>"
        }
        return """
        <section id="partner-coverage"><h2>\(c.t("partners.coverage_title"))</h2>
        <p class="hint">\(c.t("partners.coverage_intro"))</p>
        <ul>\(item("partners.coverage.partners", coverage.partners))\(item("partners.coverage.assessed", coverage.assessed))
        \(item("partners.coverage.never_assessed", coverage.neverAssessed, warn: true))\(item("partners.coverage.overdue", coverage.overdue, warn: true))
        \(item("partners.coverage.open_actions", coverage.withOpenActions, warn: true))\(item("partners.coverage.proofs", coverage.withProofs))
        \(item("partners.coverage.open_hits", coverage.openHits, warn: true))</ul>
        <p><a href="\(SiteURL.partners(company))">\(c.t("partners.title"))</a></p></section>
        """
    }

    /// A reviewer's aids on one criterion of the newest submission.
    struct ReviewAids: Sendable {
        /// Media types of the submitted evidence files, by id (images are shown in place).
        let evidenceTypes: [UUID: String]
        /// The submission read (its number).
        let sequence: Int
        /// The submission before it, if any.
        let previousSequence: Int?
        /// The criterion's entry in the previous submission.
        let previousEntry: SnapshotEntry?
        /// What changed since the previous submission (empty: unchanged); `nil` without a previous one.
        let changedFields: [AnswerField]?
        /// The next criterion not accepted on this submission, after this one.
        let nextUnreviewed: CriterionID?
        /// How many criteria of the submission are not accepted on it.
        let notAccepted: Int
        /// The criterion was accepted on this earlier submission, not on the newest.
        let acceptedOnSequence: Int?
    }

    /// The change since the previous submission, the earlier acceptance, the next criterion to
    /// review and the access keys.
    static func reviewAids(_ c: PageContext, _ m: Model, _ aids: ReviewAids) -> HTML {
        let change: HTML
        if let previous = aids.previousSequence, let fields = aids.changedFields {
            if fields.isEmpty {
                change = "<p id=\"change-since\" data-changed=\"none\">\(c.t("review.unchanged_since", ["sequence": String(previous)]))</p>"
            } else {
                let names = fields.map { c.t($0.nameKey) }.joined(separator: ", ")
                let narrative: HTML = fields.contains(.narrative) ? aids.previousEntry.map { before in
                    let after = m.submitted?.entry?.narrative ?? ""
                    return "<p class=\"diff\" id=\"narrative-diff\">\(HTML.join(WordDiff.segments(from: before.narrative, to: after)) { segment($0) })</p>"
                } ?? .empty : .empty
                let status: HTML = fields.contains(.status) ? aids.previousEntry.map { before in
                    "<p>\(ProfileViews.statusTag(c, before.status)) → \(ProfileViews.statusTag(c, m.submitted?.entry?.status ?? .unanswered))</p>"
                } ?? .empty : .empty
                change = """
                <div id="change-since" data-changed="\(fields.map(\.rawValue).joined(separator: " "))"><p><span class="tag changed">\(c.t("profile.changed_since"))</span>
                \(c.t("review.changed_fields", ["sequence": String(previous), "fields": names]))</p>\(status)\(narrative)</div>
                """
            }
        } else {
            change = "<p id=\"change-since\" data-changed=\"first\">\(c.t("review.first_submission"))</p>"
        }
        let earlier: HTML = aids.acceptedOnSequence.map {
            "<p class=\"hint\" id=\"accepted-earlier\">\(c.t("review.accepted_earlier", ["sequence": String($0), "current": String(aids.sequence)]))</p>"
        } ?? .empty
        let next: HTML = aids.nextUnreviewed.map {
            "<p><a id=\"next-unreviewed\" accesskey=\"u\" href=\"\(SiteURL.profileCriterion(m.company, $0))#review-thread\">\(c.t("review.next_unreviewed", ["criterion": $0.rawValue, "count": c.t.number(aids.notAccepted)]))</a></p>"
        } ?? "<p id=\"all-accepted\">\(c.t(aids.notAccepted == 0 ? "review.all_accepted" : "review.only_this_left", ["sequence": String(aids.sequence)]))</p>"
        return """
        <section id="review-aids" class="review-aids"><h2>\(c.t("review.submission_title", ["sequence": String(aids.sequence)]))</h2>
        \(change)\(earlier)\(next)
        <p class="hint" id="access-keys">\(c.t("review.access_keys"))</p></section>
        """
    }

    /// A submitted evidence file: images shown in place (folded), every file a link that opens it.
    static func evidenceItem(_ c: PageContext, company: CompanyID, _ file: EvidenceReference, type: String?) -> HTML {
        let url = SiteURL.profileEvidenceFile(company, file.id.rawValue)
        let isImage = type.flatMap(EvidenceFileType.init(mimeType:)).map { $0.isInlineSafe && $0 != .pdf } ?? false
        guard isImage else { return "<li><a href=\"\(url)\" target=\"_blank\" rel=\"noopener\">\(file.title)</a></li>" }
        return """
        <li><details class="evidence-preview"><summary>\(file.title)</summary><img src="\(url)" alt="\(file.title)" loading="lazy">
        <p><a href="\(url)" target="_blank" rel="noopener">\(c.t("review.open_file"))</a></p></details></li>
        """
    }

    /// A Must claimed not applicable and where the reviewer's decision stands.
    struct Claim: Sendable {
        let state: NotApplicableClaimState
        /// The company's reason, as the viewer reads the answer (draft or submitted).
        let reason: String
        /// The decision in force on this answer, if any.
        let decision: NotApplicableDecision?
        /// A decision made on an earlier version of the answer, which no longer applies.
        let setAside: NotApplicableDecision?
        /// A reviewer reading the submitted claim may accept or reject it.
        let canDecide: Bool
    }

    /// The claim, the decision and, for a reviewer, the accept and reject forms.
    static func claimSection(_ c: PageContext, _ m: Model) -> HTML {
        guard let claim = m.claim else { return .empty }
        let f = FormFields(c, errors: m.decisionErrors)
        let action = SiteURL.profileClaimDecision(m.company, m.scoped.id)
        let decision: HTML = claim.decision.map { decision in
            """
            <p id="claim-decision" data-verdict="\(decision.verdict.rawValue)">\(c.t("profile.claim.decided", ["date": c.t.date(decision.decidedAt), "verdict": c.t(decision.verdict.nameKey)]))</p>
            \(HTML.when(!decision.reason.isEmpty, "<p class=\"pre\" id=\"claim-decision-reason\">\(decision.reason)</p>"))
            \(HTML.when(decision.verdict == .rejected && !m.isReviewer, "<p class=\"flash flash-error\" id=\"claim-answer-again\">\(c.t("profile.claim.answer_again"))</p>"))
            """
        } ?? .empty
        let setAside: HTML = claim.setAside.map { earlier in
            "<p class=\"hint\" id=\"claim-set-aside\">\(c.t("profile.claim.set_aside", ["date": c.t.date(earlier.decidedAt), "verdict": c.t(earlier.verdict.nameKey)]))</p>"
        } ?? .empty
        let forms: HTML = claim.canDecide ? """
            \(f.errorSummary())
            <form id="claim-accept-form" method="post" action="\(action)" class="stack narrow">\(c.csrfField)
            <input type="hidden" name="decision" value="accepted">
            <div class="field"><label for="claim-accept-note">\(c.t("profile.claim.accept_note"))</label>
            <textarea id="claim-accept-note" name="reason" rows="2"></textarea></div>
            <button type="submit">\(c.t("profile.claim.accept"))</button></form>
            <form id="claim-reject-form" method="post" action="\(action)" class="stack narrow">\(c.csrfField)
            <input type="hidden" name="decision" value="rejected">
            \(f.textarea("reason", label: c.t("profile.claim.reject_reason"), rows: 3))
            <button type="submit">\(c.t("profile.claim.reject"))</button></form>
            """ : .empty
        return """
        <section id="not-applicable-claim"><h2>\(c.t("profile.claim.title")) \(ProfileViews.claimTag(c, claim.state))</h2>
        <p class="hint">\(c.t("profile.claim.intro"))</p>
        <p class="pre" id="claim-reason">\(claim.reason)</p>
        \(decision)\(setAside)\(forms)</section>
        """
    }

    /// The criterion's entry in the newest submitted snapshot.
    struct Submitted: Sendable {
        let sequence: Int
        let submittedAt: Date
        let entry: SnapshotEntry?
    }

    /// What someone outside the company sees in place of the answer: the submitted entry, with
    /// its evidence (downloadable, since it is in a snapshot), or a note that nothing was submitted.
    static func submittedAnswer(_ c: PageContext, _ m: Model) -> HTML {
        guard let submitted = m.submitted else { return "<p class=\"hint\" id=\"not-submitted\">\(c.t("profile.not_submitted_yet"))</p>" }
        let heading: HTML = "<p class=\"hint\" id=\"submitted-answer\">\(c.t("profile.snapshot_answer", ["date": c.t.date(submitted.submittedAt), "sequence": String(submitted.sequence)]))</p>"
        guard let entry = submitted.entry else { return heading }
        let files = HTML.join(entry.evidence) { file in
            evidenceItem(c, company: m.company, file, type: m.review?.evidenceTypes[file.id.rawValue])
        }
        return """
            \(heading)<p>\(ProfileViews.statusTag(c, entry.status))</p><p class="pre">\(entry.narrative)</p>
            \(HTML.when(!entry.notApplicableReason.isEmpty, "<p class=\"pre\">\(entry.notApplicableReason)</p>"))
            \(HTML.when(!entry.evidence.isEmpty, "<ul class=\"evidence\">\(files)</ul>"))
            """
    }

    static func render(_ c: PageContext, _ m: Model) -> HTML {
        let criterion = m.scoped.criterion
        let f = FormFields(c, errors: m.errors)
        let status = m.draft?.status ?? m.answer.status
        let statuses = HTML.join(AnswerStatus.allCases) { option in
            """
            <label class="check"><input type="radio" name="status" value="\(option.rawValue)"\(HTML.when(option == status, " checked"))> \(ProfileViews.statusTag(c, option))</label>
            """
        }
        let linked = Set(m.draft?.evidenceIDs.map(\.rawValue) ?? m.answer.evidenceIDs.map(\.rawValue))
        let evidenceChoices = HTML.join(m.evidence) { file in
            let expiry = c.evidencePolicy.expiryStatus(expiryDate: file.expires_at, now: m.now)
            return """
            <label class="check"><input type="checkbox" name="evidence" value="\(file.id.uuidString.lowercased())"\(HTML.when(linked.contains(file.id), " checked"))>
            \(file.title) <small>(\(file.file_name))</small>\(HTML.when(expiry.isFlagged, " <span class=\"tag expiry-\(expiry.name)\">\(c.t(expiry.nameKey, ["days": String(expiry.dayCount)]))</span>"))</label>
            """
        }
        let form: HTML = m.canEdit ? """
            <form id="answer-form" method="post" action="\(SiteURL.profileCriterion(m.company, criterion.id))" class="stack">\(c.csrfField)
            <input type="hidden" name="base_version" value="\(m.draft?.baseVersion ?? m.answer.version)">
            \(f.errorSummary())\(f.error("version"))
            <fieldset class="field"><legend>\(c.t("profile.field.status"))</legend><div class="checks">\(statuses)</div>\(f.error("status"))</fieldset>
            \(f.textarea("narrative", label: c.t("profile.field.narrative"), value: m.draft?.narrative ?? m.answer.narrative, rows: 6, hint: c.t("profile.narrative_hint")))
            \(f.textarea("not_applicable_reason", label: c.t("profile.field.not_applicable_reason"), value: m.draft?.notApplicableReason ?? m.answer.notApplicableReason, rows: 2,
                         hint: criterion.level == .must ? c.t("profile.claim.must_hint") : nil))
            \(f.input("responsible", label: c.t("profile.field.responsible"), value: m.draft?.responsible ?? m.answer.responsible, maxLength: 200))
            <fieldset class="field"><legend>\(c.t("profile.evidence"))</legend><div class="checks">\(evidenceChoices)</div>\(f.error("evidence"))</fieldset>
            <p class="actions"><button type="submit">\(c.t("form.save"))</button>
            <button type="submit" name="next" value="open" class="secondary" id="save-next">\(c.t("profile.save_and_next"))</button></p></form>
            <form id="upload-form" method="post" action="\(SiteURL.profileEvidence(m.company))" enctype="multipart/form-data" class="stack narrow">\(c.csrfField)
            <h3>\(c.t("profile.upload_title"))</h3>
            <input type="hidden" name="criterion_id" value="\(criterion.id.rawValue)">
            \(FormFields(c).input("title", label: c.t("profile.field.evidence_title"), required: true, maxLength: 200))
            <div class="field"><label for="file">\(c.t("profile.field.file"))</label><input id="file" name="file" type="file" required></div>
            \(FormFields(c).input("effective_date", label: c.t("profile.field.effective_date"), type: "date"))
            \(FormFields(c).input("expiry_date", label: c.t("profile.field.expiry_date"), type: "date"))
            <button type="submit">\(c.t("profile.upload"))</button></form>
            """ : m.readsDraft ? """
            <p>\(ProfileViews.statusTag(c, m.answer.status))</p><p class="pre">\(m.answer.narrative)</p>
            """ : submittedAnswer(c, m)
        let history = HTML.join(Array(zip(m.history, m.history.dropFirst().map(Optional.some) + [nil]))) { entry, previous in
            let diff: HTML = previous.map { older in
                let segments = WordDiff.segments(from: older.narrative, to: entry.narrative)
                return "<p class=\"diff\">\(HTML.join(segments) { segment in Self.segment(segment) })</p>"
            } ?? "<p class=\"pre\">\(entry.narrative)</p>"
            let statusChange: HTML = previous.map { older in
                older.status == entry.status ? HTML.empty
                    : "<p>\(ProfileViews.statusTag(c, AnswerStatus(rawValue: older.status) ?? .unanswered)) → \(ProfileViews.statusTag(c, AnswerStatus(rawValue: entry.status) ?? .unanswered))</p>"
            } ?? "<p>\(ProfileViews.statusTag(c, AnswerStatus(rawValue: entry.status) ?? .unanswered))</p>"
            return "<li><strong>v\(entry.version)</strong> · \(entry.changed_by_name ?? "—") · \(c.t.dateTime(entry.changed_at))\(statusChange)\(diff)</li>"
        }
        let comments = HTML.join(m.comments) { comment in
            let kind = ReviewCommentKind(rawValue: comment.kind).map { c.t($0.nameKey) } ?? comment.kind
            let close: HTML = m.isReviewer && comment.kind == ReviewCommentKind.requestForInformation.rawValue && comment.status != "closed" ? """
                <form method="post" action="\(SiteURL.profileCloseComment(m.company, comment.id))" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("review.close"))</button></form>
                """ : .empty
            return """
            <li class="comment kind-\(comment.kind)\(comment.is_internal ? " internal" : "")" id="comment-\(comment.id.uuidString.lowercased())">
            <strong>\(kind)</strong>\(HTML.when(comment.is_internal, " <span class=\"tag\">\(c.t("review.internal"))</span>")) · \(comment.author_name ?? "—") · \(c.t.dateTime(comment.created_at))
            \(HTML.when(comment.kind == ReviewCommentKind.requestForInformation.rawValue, " <span class=\"tag request-\(comment.status)\">\(c.t("review.status.\(comment.status)"))</span>")) \(close)
            <p class="pre">\(comment.body.isEmpty ? ReviewCommentKind(rawValue: comment.kind).map { c.t($0.defaultBodyKey) } ?? "" : comment.body)</p></li>
            """
        }
        let openRequests = m.comments.filter { $0.kind == ReviewCommentKind.requestForInformation.rawValue && $0.status == "open" }
        let respond: HTML = m.canRespond && !openRequests.isEmpty ? """
            <form id="response-form" method="post" action="\(SiteURL.profileComments(m.company, criterion.id))" class="stack narrow">\(c.csrfField)
            <input type="hidden" name="kind" value="response">
            \(FormFields(c, idPrefix: "response-").select("reply_to", label: c.t("review.reply_to"), options: openRequests.map { ($0.id.uuidString.lowercased(), Excerpt.of($0.body)) }, selected: nil))
            \(FormFields(c, idPrefix: "response-").textarea("body", label: c.t("review.response"), rows: 3))
            <button type="submit">\(c.t("review.send"))</button></form>
            """ : .empty
        let reviewerForm: HTML = m.isReviewer ? """
            <form id="review-form" method="post" action="\(SiteURL.profileComments(m.company, criterion.id))" class="stack narrow">\(c.csrfField)
            \(FormFields(c, idPrefix: "review-").select("kind", label: c.t("review.kind"), options: [("comment", c.t("review_comment_kind.comment")), ("request_for_information", c.t("review_comment_kind.request_for_information"))], selected: "request_for_information"))
            \(FormFields(c, idPrefix: "review-").textarea("body", label: c.t("review.body"), rows: 3))
            <label class="check"><input type="checkbox" name="internal" value="true"> \(c.t("review.internal_hint"))</label>
            <button type="submit">\(c.t("review.send"))</button></form>
            """ : .empty
        let acceptNext: HTML = m.review?.nextUnreviewed.map {
            "<button type=\"submit\" name=\"next\" value=\"\($0.rawValue)\" class=\"secondary\" id=\"accept-next\" accesskey=\"a\">\(c.t("review.accept_and_next"))</button>"
        } ?? .empty
        let acceptForm: HTML = m.isReviewer && m.hasSubmission && m.reviewState != .accepted ? """
            <form id="accept-form" method="post" action="\(SiteURL.profileComments(m.company, criterion.id))" class="stack narrow">\(c.csrfField)
            <input type="hidden" name="kind" value="acceptance">
            \(FormFields(c, idPrefix: "accept-").textarea("body", label: c.t("review.acceptance_note"), rows: 2))
            <p class="actions"><button type="submit">\(c.t("review.accept"))</button>\(acceptNext)</p></form>
            """ : .empty
        let actions = HTML.join(m.actions) { action in
            "<li>\(action.title) · \(c.t("corrective_action_status.\(action.status)")) · \(c.t("actions.due", ["date": ProgramDay.text(action.due_date)]))</li>"
        }
        let newAction: HTML = m.canEdit ? """
            <form id="action-form" method="post" action="\(SiteURL.actions(m.company))" class="stack narrow">\(c.csrfField)
            <input type="hidden" name="criteria" value="\(criterion.id.rawValue)">
            \(FormFields(c).input("title", label: c.t("actions.field.title"), required: true, maxLength: 200))
            \(FormFields(c).input("owner", label: c.t("actions.field.owner"), maxLength: 200))
            \(FormFields(c).input("due_date", label: c.t("actions.field.due_date"), type: "date", required: true))
            <button type="submit">\(c.t("actions.open"))</button></form>
            """ : .empty
        let words = c.wording(m.catalogID)
        return Layout.page(c, title: "\(criterion.id.rawValue) \(words.title(criterion).text)", """
        <nav class="pager" aria-label="\(c.t("profile.criterion_pager"))"><a href="\(SiteURL.profile(m.company))#c-\(criterion.id.rawValue)">← \(c.t("profile.title"))</a>
        \(m.previous.map { "<a id=\"previous-criterion\" rel=\"prev\" accesskey=\"p\" href=\"\(SiteURL.profileCriterion(m.company, $0))\">‹ \($0.rawValue)</a>" as HTML })
        \(m.next.map { "<a id=\"next-criterion\" rel=\"next\" accesskey=\"n\" href=\"\(SiteURL.profileCriterion(m.company, $0))\">\($0.rawValue) ›</a>" as HTML })</nav>
        <h1>\(criterion.id.rawValue) \(words.title(criterion))\(CatalogViews.localMark(c, criterion.id))</h1>
        <p>\(CatalogViews.levelTag(c, criterion.level)) \(HTML.join(m.scoped.sortedEntityTypes) { "<span class=\"tag\">\($0.code)</span> " })
        \(criterion.condition.map { "<span class=\"tag condition\">\(words.question($0))</span>" as HTML })</p>
        <details open><summary>\(c.t("catalog.summary"))</summary><p>\(GlossaryView.marked(c, words.summary(criterion)))</p><p class="pre hint">\(GlossaryView.marked(c, words.guidance(criterion)))</p></details>
        \(CatalogViews.englishOriginal(c, words, criterion))
        <section><h2>\(c.t(m.readsDraft ? "profile.answer" : "profile.submitted_answer_title"))</h2>\(form)</section>
        \(m.review.map { reviewAids(c, m, $0) })
        \(m.partnerCoverage.map { partnerCoverage(c, company: m.company, $0) })
        \(m.inspectionEvidence.map { inspectionEvidence(c, company: m.company, $0) })
        \(m.sealEvidence.map { sealEvidence(c, company: m.company, $0) })
        \(m.incidentEvidence.map { incidentEvidence(c, company: m.company, $0) })
        \(m.trainingEvidence.map { trainingEvidence(c, company: m.company, $0) })
        \(m.gateEvidence.map { gateEvidence(c, company: m.company, $0) })
        \(m.rescreeningEvidence.map { rescreeningEvidence(c, company: m.company, $0) })
        \(claimSection(c, m))
        <section id="review-thread"><h2>\(c.t("review.title")) \(ProfilePagesViews.reviewStateTag(c, m.reviewState))</h2>
        <ul class="comments">\(comments)</ul>\(respond)\(acceptForm)\(reviewerForm)</section>
        \(HTML.when(m.readsDraft, """
        <section><h2>\(c.t("actions.title"))</h2><ul>\(actions)</ul>\(newAction)</section>
        <section id="history"><h2>\(c.t("profile.history"))</h2><ol class="history">\(history)</ol></section>
        """))
        """)
    }

    static func segment(_ segment: DiffSegment) -> HTML {
        switch segment.kind {
        case .kept: return "\(segment.text)"
        case .added: return "<ins>\(segment.text)</ins>"
        case .removed: return "<del>\(segment.text)</del>"
        }
    }
}
