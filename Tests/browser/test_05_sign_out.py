"""After signing out, company pages send the visitor to the sign-in page."""

import trustlane_ui as ui


def test_after_sign_out_a_company_page_redirects_to_sign_in(page, new_page, admin):
    ui.sign_in(page, admin)
    company = ui.create_company(page, f"Sign-out Check {ui.unique('co')}", country="US",
                                entity_types=("IMP",))
    cookies = page.context.cookies()

    ui.sign_out(page)
    page.goto(f"/companies/{company}")
    assert ui.path_of(page) == "/sign-in", f"expected /sign-in, got {page.url}"

    # The old session cookie is worthless now: the session was ended on the server.
    replay = new_page()
    replay.context.add_cookies(cookies)
    replay.goto(f"/companies/{company}")
    assert ui.path_of(replay) == "/sign-in", f"the old session still works: {replay.url}"
