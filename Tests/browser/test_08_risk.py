"""An officer maps a two-node supply chain through the forms, rates threats and
vulnerabilities, and sees the risk matrix on the assessment page."""

import re

from playwright.sync_api import expect

import trustlane_ui as ui


def test_officer_maps_a_chain_rates_it_and_sees_the_matrix(page, new_page, admin):
    ui.sign_in(page, admin)
    company = ui.create_company(page, f"Sepatu Nusantara {ui.unique('co')}", country="ID", entity_types=("FM",))
    officer = ui.person("officer")
    invitation = ui.invite(page, company, officer.email, "officer")
    p = new_page()
    ui.accept_invitation(p, invitation, officer)

    # Start the first assessment.
    p.goto(f"/companies/{company}/risk")
    p.fill("#new-assessment-form [name=title]", "2026 risk assessment")
    ui.submit(p, "#new-assessment-form")
    assert re.search(rf"/companies/{company}/risk/{ui.UUID_RE}$", ui.path_of(p)), p.url
    assessment = ui.path_of(p)

    # Step 1: map factory (ID) -> port (ID) with the form.
    p.click("#new-chain-link")
    form = "#chain-form"
    p.fill(f"{form} [name=name]", "Shoes Bandung to Jakarta")
    p.fill(f"{form} [name=node_key_0]", "F1")
    p.select_option(f"{form} select[name=node_kind_0]", "origin_factory")
    p.fill(f"{form} [name=node_name_0]", "PT Sepatu Jaya")
    p.fill(f"{form} [name=node_country_0]", "ID")
    p.fill(f"{form} [name=node_region_0]", "West Java")
    p.fill(f"{form} [name=node_key_1]", "P1")
    p.select_option(f"{form} select[name=node_kind_1]", "port")
    p.fill(f"{form} [name=node_name_1]", "Tanjung Priok")
    p.fill(f"{form} [name=node_country_1]", "ID")
    p.fill(f"{form} [name=leg_from_0]", "F1")
    p.fill(f"{form} [name=leg_to_0]", "P1")
    p.select_option(f"{form} select[name=leg_mode_0]", "truck")
    ui.submit(p, form)
    expect(p.locator("h1").first).to_contain_text("Shoes Bandung to Jakarta")
    expect(p.locator(".chain-diagram svg")).to_be_visible()
    chain = ui.path_of(p)

    # Step 2: rate the threats where the chain runs (two places: West Java and Indonesia).
    p.goto(assessment)
    threats = p.locator("#threat-form")
    for place in (0, 1):
        threats.locator(f"select[name=threat_{place}_terrorism]").select_option("high")
        threats.locator(f"[name=source_{place}]").fill("Government travel advisory")
    ui.submit(p, "#threat-form")
    expect(p.locator(".flash-success")).to_be_visible()

    # Step 3: rate physical security (9) at both nodes.
    p.goto(chain)
    vulnerabilities = p.locator("#vulnerability-form")
    vulnerabilities.locator("select[name=level_0_9]").select_option("high")
    vulnerabilities.locator("select[name=level_1_9]").select_option("medium")
    ui.submit(p, "#vulnerability-form")
    expect(p.locator("#chain-nodes [data-band=high]").first).to_be_visible()

    # The assessment page draws the matrix, and the action plan proposes an action.
    p.goto(assessment)
    matrix = p.locator("svg#risk-matrix")
    expect(matrix).to_be_visible()
    # F1: high threat x high vulnerability; P1: high threat x medium vulnerability.
    expect(matrix.locator("g", has_text="1")).to_have_count(2)
    expect(p.locator("#chain-ranking [data-band=high]")).to_contain_text("9")
    expect(p.locator("#action-plan .action-proposal").first).to_be_visible()

    # The plan is one form: nothing ticked is refused in words; the ticked proposal is added
    # with the owner given and leaves the plan.
    proposals = p.locator("#action-plan .action-proposal").count()
    ui.submit(p, "#action-plan-form")
    expect(p.locator("#form-errors")).to_contain_text("Action plan")
    p.locator("#action-plan input[type=checkbox]").first.check()
    p.locator("#action-plan-form input[name=owner]").fill("Dewi")
    ui.submit(p, "#action-plan-form")
    expect(p.locator(".flash").first).to_contain_text("corrective actions")
    expect(p.locator("#action-plan .action-proposal")).to_have_count(proposals - 1)
