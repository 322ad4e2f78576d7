"""Issue 16, the seal stock as the carrier's people meet it at the dock, on a 390-pixel phone
without JavaScript: the coordinator receives a batch, issues a seal at random, logs it void,
finds it by number and runs the seal audit; a bad receipt names its field; the viewer reads but
cannot issue; another company's officer is refused."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id

PHONE = {"width": 390, "height": 844}
CARRIER = "Transportes Fronterizos del Norte, S.A. de C.V."


def phone(browser: Browser, base: str, who: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, who)
    return context, page


def fits(page) -> None:
    """No sideways scrolling at phone width (Playwright's own evaluation runs with the page's
    scripts off)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} is wider than the phone"


def receive(page, base: str, company: str, first: str, last: str, seal_class: str = "H"):
    page.goto(f"{base}/companies/{company}/seals/batches/new")
    page.fill("#seal-batch-form [name=first_number]", first)
    page.fill("#seal-batch-form [name=last_number]", last)
    page.select_option("#seal-batch-form [name=seal_class]", seal_class)
    page.select_option("#seal-batch-form [name=seal_type]", "bolt")
    page.fill("#seal-batch-form [name=maker]", "Sellos Seguros de Monterrey")
    page.fill("#seal-batch-form [name=storage_place]", "Nuevo Laredo yard, office safe")
    page.select_option("#seal-batch-form [name=custodian]", index=1)
    with page.expect_navigation() as navigation:
        page.click("#seal-batch-form button[type=submit]")
    return navigation.value


def test_the_coordinator_receives_issues_logs_finds_and_audits_seals_on_a_phone(browser: Browser, demo_url: str):
    context, page = phone(browser, demo_url, "tfn.coordinator")
    try:
        company = company_id(page, demo_url, CARRIER)
        page.goto(f"{demo_url}/companies/{company}")
        page.click("#seals-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Seal stock")
        fits(page)

        # A class S batch is refused by name; nothing is recorded.
        refused = receive(page, demo_url, company, "NL000001", "NL000050", seal_class="S")
        assert refused is not None and refused.status == 400
        expect(page.locator("[data-field=seal_class]")).to_be_visible()

        # Receipt of a class H batch: the batch page counts 50 seals in stock.
        received = receive(page, demo_url, company, "NL000001", "NL000050")
        assert received is not None and received.status == 200
        expect(page.locator("#batch-facts")).to_contain_text("Nuevo Laredo yard, office safe")
        expect(page.locator("#batch-counts td").first).to_have_text("50")
        fits(page)

        # Issue one at random for a shipment: the seal page says who has it.
        page.goto(f"{demo_url}/companies/{company}/seals/issue")
        page.fill("#seal-issue-form [name=issued_to]", "Luis Garza")
        page.fill("#seal-issue-form [name=shipment_reference]", "TFN-2026-0042")
        page.click("#seal-issue-form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("h1 .tag")).to_have_attribute("data-state", "issued")
        expect(page.locator("#seal-facts")).to_contain_text("TFN-2026-0042")
        number = page.locator("h1 code").inner_text()
        assert number.startswith("NL0000")
        fits(page)

        # Logged void with its reason, through the seal's own link.
        page.click("#log-this-seal")
        page.wait_for_load_state()
        page.select_option("#seal-log-form [name=event]", "void")
        page.fill("#seal-log-form [name=reason]", "Cut for a customs examination")
        page.click("#seal-log-form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("#seal-history tbody tr")).to_have_count(2)
        expect(page.locator("#seal-history")).to_contain_text("Cut for a customs examination")

        # Found again by number, typed as people copy it.
        page.goto(f"{demo_url}/companies/{company}/seals")
        page.fill("#seal-search [name=number]", number.lower()[:2] + "-" + number[2:])
        page.click("#seal-search button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("h1 code")).to_have_text(number)
        expect(page.locator("h1 .tag")).to_have_attribute("data-state", "void")

        # The audit with storage holding the first ten: the other forty in stock are listed.
        page.goto(f"{demo_url}/companies/{company}/seals/audit")
        page.fill("#seal-audit-form [name=counted]", "NL000001..NL000010")
        page.click("#seal-audit-form button[type=submit]")
        page.wait_for_load_state()
        missing = 40 - (0 if int(number[2:]) <= 10 else 1)
        expect(page.locator("#seal-audit-findings li[data-kind=unaccounted]")).to_have_count(missing)
        fits(page)

        # The API agrees with the page.
        token = api_token(page, demo_url)
        batches = api(demo_url, token, f"/companies/{company}/seal-batches")
        assert [b["firstNumber"] for b in batches] == ["NL000001"]
        assert batches[0]["counts"]["inStock"] == 49 and batches[0]["counts"]["void"] == 1
        assert api(demo_url, token, f"/companies/{company}/seals/{number}")["state"] == "void"
    finally:
        context.close()

    # The viewer reads the stock but is not offered, nor allowed, to issue.
    context, page = phone(browser, demo_url, "tfn.viewer")
    try:
        page.goto(f"{demo_url}/companies/{company}/seals")
        expect(page.locator("#seal-batches")).to_contain_text("NL000001")
        expect(page.locator("#issue-seals")).to_have_count(0)
        response = page.goto(f"{demo_url}/companies/{company}/seals/issue")
        assert response is not None and response.status == 403
    finally:
        context.close()

    # Another company's officer: the carrier's seals are not there for it.
    context, page = phone(browser, demo_url, "batik.officer")
    try:
        response = page.goto(f"{demo_url}/companies/{company}/seals")
        assert response is not None and response.status == 404
        response = page.goto(f"{demo_url}/companies/{company}/seals/{number}")
        assert response is not None and response.status == 404
    finally:
        context.close()
