"""A member of one company cannot open another company's page: 404, as for no company."""

import uuid

from playwright.sync_api import expect

import trustlane_ui as ui


def test_member_of_one_company_gets_404_for_another(page, new_page, admin):
    ui.sign_in(page, admin)
    name_a = f"Transportes Norte {ui.unique('a')}"
    name_b = f"Acme Imports {ui.unique('b')}"
    company_a = ui.create_company(page, name_a, country="MX", entity_types=("HC",),
                                  identifiers={"scac": "TNRT"})
    company_b = ui.create_company(page, name_b, country="US", entity_types=("IMP",),
                                  identifiers={"ein": "12-3456789"})

    member = ui.person("contributor")
    invitation = ui.invite(page, company_a, member.email, "contributor")
    member_page = new_page()
    ui.accept_invitation(member_page, invitation, member)
    assert ui.company_id(member_page) == company_a

    # Their own company opens.
    response = member_page.goto(f"/companies/{company_a}")
    assert response is not None and response.status == 200
    expect(member_page.locator("h1").first).to_have_text(name_a)

    # The other one does not exist for them, and looks like an id that exists nowhere.
    response = member_page.goto(f"/companies/{company_b}")
    ui.expect_not_found(member_page, response)
    assert name_b not in member_page.content()

    response = member_page.goto(f"/companies/{uuid.uuid4()}")
    ui.expect_not_found(member_page, response)
