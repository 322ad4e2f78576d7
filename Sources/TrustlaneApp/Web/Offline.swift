import Foundation
import TrustlaneCore

/// What a page carries for `offline.js` (issue 16): the dock's forms work as plain forms; with
/// JavaScript a form marked `queued` is kept on the phone when there is no network and sent
/// when it returns, under the client key it carries (the server records it once however often
/// it arrives), and a form marked `onlineOnly` says so instead of failing. Nothing here is seen
/// without JavaScript: the list of what waits and its notes are hidden until the script shows them.
enum Offline {
    /// The client key of one submission of a form (`ClientKey`): the key the form was refused
    /// with when it is shown again, a fresh one otherwise. The script gives each form it keeps a
    /// fresh key of its own too, so two forms answered from one kept page never share one.
    static func keyField(_ key: String? = nil) -> HTML {
        let value = key.flatMap { try? ClientKey.parse($0) } ?? UUID().uuidString.lowercased()
        return "<input type=\"hidden\" name=\"client_key\" value=\"\(value)\">"
    }

    /// The time the work was done, which `offline.js` fills with the phone's clock when the form
    /// is submitted or kept (`DoneAt`); left empty without JavaScript, when the server's time is used.
    static let doneAtField: HTML = "<input type=\"hidden\" name=\"done_at\" value=\"\" data-done-at>"

    /// When work was done, and when it reached the server if that was later ("done 10:42, received 11:05").
    static func doneTime(_ c: PageContext, done: Date, received: Date?) -> String {
        guard let received, abs(received.timeIntervalSince(done)) >= DoneAt.shownApart else { return c.t.dateTime(done) }
        return c.t("offline.done_received", ["done": c.t.dateTime(done), "received": c.t.dateTime(received)])
    }

    /// A form's attributes when it may wait on the phone: `label` names it in the list of what
    /// waits (`[[field]]` stands for what was typed in that field).
    static func queued(label: String) -> HTML {
        " data-offline=\"queue\" data-outbox-label=\"\(label)\""
    }

    /// A form that needs the network (the server decides at once: a release through the gate,
    /// seals drawn at random): without one the page says so and nothing is kept.
    static let onlineOnly: HTML = " data-offline=\"online\""

    /// What waits on this phone (hidden until the script fills it), the note shown when a form
    /// was kept, the note for a form that needs the network, and the words the script uses. The
    /// signed-in person's id: what one person kept is sent under their session only, never
    /// under a colleague's who signs in on the same phone.
    static func outbox(_ c: PageContext, intro: String? = nil, saved: String? = nil) -> HTML {
        """
        <p id="offline-saved" class="flash offline-saved" role="status" tabindex="-1" hidden>\(saved ?? c.t("offline.saved"))</p>
        <p id="offline-needs-network" class="flash offline-refused" role="alert" tabindex="-1" hidden>\(c.t("offline.needs_network"))</p>
        <div id="outbox-words" hidden data-user="\(c.user?.id?.uuidString.lowercased() ?? "")" data-waiting="\(c.t("offline.waiting"))" \
        data-refused="\(c.t("offline.refused"))" \
        data-sign_in="\(c.t("offline.sign_in"))" data-photo_refused="\(c.t("offline.photo_refused"))" data-discard="\(c.t("offline.discard"))" \
        data-retry="\(c.t("offline.retry"))"></div>
        <section id="outbox" class="outbox" hidden aria-live="polite"><h2>\(c.t("offline.title"))</h2>
        <p>\(intro ?? c.t("offline.intro")) <strong data-count>0</strong></p><ul></ul></section>
        """
    }
}
