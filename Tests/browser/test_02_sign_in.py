"""Signing in: a wrong password shows an error, the right one signs the person in."""

from playwright.sync_api import expect

import trustlane_ui as ui
from trustlane_ui import Account


def test_wrong_password_shows_an_error_and_right_password_signs_in(page, admin):
    ui.sign_in(page, Account(admin.name, admin.email, "not the right password"))
    expect(page.locator(".flash-error")).to_be_visible()
    expect(page.locator("#sign-in-form")).to_be_visible()
    # The password typed is never sent back in the page.
    expect(page.locator("#sign-in-form [name=password]")).to_have_value("")
    ui.expect_not_signed_in_as(page, admin)

    ui.sign_in(page, admin)
    assert ui.path_of(page) != "/sign-in", f"still on the sign-in page: {page.url}"
    ui.expect_signed_in_as(page, admin)
