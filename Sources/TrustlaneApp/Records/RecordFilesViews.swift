import Foundation
import TrustlaneCore

/// A record's attached files as a list of downloads, and the form that adds some (a file input
/// taking several, without JavaScript); shared by incidents and training sessions.
enum RecordFilesViews {
    /// `1.2 MB`, `340 KB`.
    static func size(_ c: PageContext, _ bytes: Int64) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(c.t.number(Int(max(1, bytes / 1024)))) KB"
    }

    /// The files as downloads; with `remove` (the supervisors, no legal hold), each with a button
    /// that posts to its removal (`remove(fileID)`), a form of its own with the CSRF token.
    static func list(_ c: PageContext, _ files: [RecordFiles.Row], id: String, remove: ((UUID) -> String)? = nil, url: (UUID) -> String) -> HTML {
        let items = HTML.join(files) { f in
            let button: HTML = remove.map { action -> HTML in
                """
                 <form method="post" action="\(action(f.id))" class="inline">\(c.csrfField)<button type="submit" class="link" \
                aria-label="\(c.t("record_files.remove_named", ["name": f.file_name]))">\(c.t("record_files.remove"))</button></form>
                """
            } ?? .empty
            return """
            <li data-file="\(f.id.uuidString.lowercased())"><a href="\(url(f.id))" download>\(f.file_name)</a> \
            <small>\(size(c, f.size)) · \(f.uploaded_by_name ?? c.t(f.uploaded_by == nil ? "record_files.anonymous" : "incidents.system")) · \(c.t.dateTime(f.uploaded_at))</small>\(button)</li>
            """
        }
        return "<ul class=\"record-list\" id=\"\(id)\">\(items)</ul>"
    }

    /// Said under the files when the supervisors could remove them but a legal hold keeps them.
    static func holdNote(_ c: PageContext, show: Bool) -> HTML {
        HTML.when(show, "<p class=\"hint\" id=\"files-on-hold\">\(c.t("record_files.on_hold"))</p>")
    }

    /// The upload form: `file` (several at once), checked on the server whatever `accept` lets through.
    static func form(_ c: PageContext, action: String, id: String, label: String, button: String, policy: EvidencePolicy, errors: [FieldError],
                     extra: HTML = .empty) -> HTML {
        let f = FormFields(c, errors: errors)
        return """
        <form method="post" action="\(action)" enctype="multipart/form-data" id="\(id)">\(c.csrfField)\(extra)
        <div class="field"><label for="\(id)-file">\(label)</label>
        <input id="\(id)-file" name="file" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">
        <p class="hint">\(c.t("record_files.hint", ["count": String(RecordFiles.maxPerUpload), "size": "\(policy.maxBytes / (1024 * 1024)) MB"]))</p>\(f.error("file"))</div>
        <button type="submit">\(button)</button></form>
        """
    }
}
