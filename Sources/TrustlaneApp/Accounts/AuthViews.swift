import TrustlaneCore

/// The set-up, sign-in and invitation pages.
enum AuthViews {
    static func setUp(_ c: PageContext, name: String? = nil, email: String? = nil, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("setup.title"), """
        <h1>\(c.t("setup.title"))</h1>
        <p>\(c.t("setup.intro"))</p>
        \(f.errorSummary())
        <form id="setup-form" method="post" action="\(SiteURL.setUp)" class="stack">\(c.csrfField)
        \(f.input("name", label: c.t("field.name"), value: name, required: true, autocomplete: "name", maxLength: 200))
        \(f.input("email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "email"))
        \(f.input("password", label: c.t("field.password"), type: "password", required: true, autocomplete: "new-password",
                  hint: c.t("field.password_hint", ["min": String(PasswordRule.minimumLength)])))
        \(f.input("password_confirmation", label: c.t("field.password_confirmation"), type: "password", required: true, autocomplete: "new-password"))
        <button type="submit">\(c.t("setup.submit"))</button>
        </form>
        """)
    }

    static func signIn(_ c: PageContext, email: String? = nil, next: String? = nil, message: HTML = .empty) -> HTML {
        let f = FormFields(c)
        return Layout.page(c, title: c.t("sign_in.title"), """
        <h1>\(c.t("sign_in.title"))</h1>
        \(message)
        <form id="sign-in-form" method="post" action="\(SiteURL.signIn)" class="stack narrow">\(c.csrfField)
        \(next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" as HTML })
        \(f.input("email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "username"))
        \(f.input("password", label: c.t("field.password"), type: "password", required: true, autocomplete: "current-password"))
        <button type="submit">\(c.t("sign_in.submit"))</button>
        </form>
        <p><a id="forgot-link" href="\(SiteURL.passwordForgot)">\(c.t("password_reset.forgot_link"))</a></p>
        """)
    }

    static func forgot(_ c: PageContext, email: String? = nil, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("password_reset.title"), """
        <h1>\(c.t("password_reset.title"))</h1>
        <p>\(c.t("password_reset.intro"))</p>
        \(f.errorSummary())
        <form id="forgot-form" method="post" action="\(SiteURL.passwordForgot)" class="stack narrow">\(c.csrfField)
        \(f.input("email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "username"))
        <button type="submit">\(c.t("password_reset.send"))</button></form>
        <p><a href="\(SiteURL.signIn)">← \(c.t("sign_in.title"))</a></p>
        """)
    }

    static func reset(_ c: PageContext, token: String, email: String, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        return Layout.page(c, title: c.t("password_reset.new_title"), """
        <h1>\(c.t("password_reset.new_title"))</h1>
        <p>\(c.t("password_reset.for", ["email": email]))</p>
        \(f.errorSummary())
        <form id="reset-form" method="post" action="\(SiteURL.passwordReset(token))" class="stack narrow">\(c.csrfField)
        <input type="hidden" name="username" value="\(email)" autocomplete="username">
        \(f.input("password", label: c.t("field.password"), type: "password", required: true, autocomplete: "new-password",
                  hint: c.t("field.password_hint", ["min": String(PasswordRule.minimumLength)])))
        \(f.input("password_confirmation", label: c.t("field.password_confirmation"), type: "password", required: true, autocomplete: "new-password"))
        <button type="submit">\(c.t("password_reset.save"))</button></form>
        """)
    }

    static func resetGone(_ c: PageContext) -> HTML {
        Layout.page(c, title: c.t("password_reset.title"), """
        <h1>\(c.t("password_reset.title"))</h1>
        <p class="flash flash-error" role="alert">\(c.t("password_reset.invalid"))</p>
        <p><a class="button" href="\(SiteURL.passwordForgot)">\(c.t("password_reset.ask_again"))</a></p>
        """)
    }

    static func acceptInvitation(_ c: PageContext, token: String, companyName: String, email: String, role: CompanyRole,
                                 existingAccount: Bool, name: String? = nil, errors: [FieldError] = []) -> HTML {
        let f = FormFields(c, errors: errors)
        let fields: HTML = existingAccount
            ? "<p>\(c.t("invitation.existing_account", ["email": email]))</p>"
            : """
              \(f.input("name", label: c.t("field.name"), value: name, required: true, autocomplete: "name", maxLength: 200))
              \(f.input("password", label: c.t("field.password"), type: "password", required: true, autocomplete: "new-password",
                        hint: c.t("field.password_hint", ["min": String(PasswordRule.minimumLength)])))
              \(f.input("password_confirmation", label: c.t("field.password_confirmation"), type: "password", required: true, autocomplete: "new-password"))
              """
        return Layout.page(c, title: c.t("invitation.title"), """
        <h1>\(c.t("invitation.title"))</h1>
        <p>\(c.t("invitation.intro", ["company": companyName, "role": c.t(role.nameKey), "email": email]))</p>
        \(f.errorSummary())
        <form id="accept-form" method="post" action="\(SiteURL.invitation(token))" class="stack narrow">\(c.csrfField)
        \(fields)
        <button type="submit">\(c.t("invitation.accept"))</button>
        </form>
        """)
    }

    static func invitationInvalid(_ c: PageContext, message: String) -> HTML {
        Layout.page(c, title: c.t("invitation.title"), """
        <h1>\(c.t("invitation.title"))</h1>
        \(Layout.message(.error, message))
        <p><a href="\(SiteURL.signIn)">\(c.t("nav.sign_in"))</a></p>
        """)
    }
}
