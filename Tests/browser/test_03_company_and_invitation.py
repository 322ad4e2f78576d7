"""The administrator creates a company, invites an officer, the officer accepts."""

from playwright.sync_api import expect

import trustlane_ui as ui


def test_create_company_invite_officer_and_accept(page, new_page, admin):
    ui.sign_in(page, admin)
    ui.expect_signed_in_as(page, admin)

    # A missing legal name: the form again, with the error beside that field.
    page.goto("/admin/companies/new")
    ui.skip_client_validation(page, "#company-form")
    page.select_option("#company-form select[name=country]", "ID")
    page.check("#company-form input[name=entity_types][value=EXP]")
    ui.submit(page, "#company-form")
    expect(page.locator("#company-form")).to_be_visible()
    expect(page.locator(".field-error[data-field=legal_name]")).to_be_visible()

    legal_name = f"PT Sinar Ekspor {ui.unique('co')}"
    company = ui.create_company(
        page, legal_name, country="ID", entity_types=("EXP", "FM"),
        identifiers={"mid": "IDSINEXP123JAK"},
    )

    officer = ui.person("officer")
    invitation = ui.invite(page, company, officer.email, "officer")

    # The officer, in a browser of their own, accepts and lands on the company's page.
    officer_page = new_page()
    ui.accept_invitation(officer_page, invitation, officer)
    assert ui.company_id(officer_page) == company
    expect(officer_page.locator("h1").first).to_have_text(legal_name)
    ui.expect_signed_in_as(officer_page, officer)
    expect(officer_page.locator("nav#main-nav #nav-company")).to_contain_text(legal_name)

    ui.sign_out(officer_page)
    ui.expect_not_signed_in_as(officer_page, officer)

    # The token was single-use.
    again = new_page()
    again.goto(invitation)
    expect(again.locator(".flash-error")).to_be_visible()
    expect(again.locator("#accept-form")).to_have_count(0)

    # The officer signs in again with the password they chose.
    ui.sign_in(officer_page, officer)
    ui.expect_signed_in_as(officer_page, officer)
