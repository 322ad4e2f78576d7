"""Issue 15, the business-partner registry as its users meet it on the demo data: the importer's
coordinator finds the demo partners, imports a small CSV through the preview (one row refused
with its line), searches, reads it at phone width and in Bahasa Indonesia; another company's
officer is refused."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id, signed_in

PHONE = {"width": 390, "height": 844}
IMPORTER = "Harborline Home Goods, Inc."

CSV = (
    "reference,legal_name,other_names,country,role,identifiers\n"
    "SUP-0100,PT Kayu Jati Lestari,Jati Lestari,ID,manufacturer,duns:600100100\n"
    "SUP-0101,Fabrica de Muebles Sierra,,MX,supplier,\n"
    "SUP-0102,Nowhere Trading,,XX,supplier,\n"
)


def test_the_importer_imports_searches_and_reads_its_partners(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "harborline.coordinator") as page:
        token = api_token(page, demo_url)
        company = company_id(page, demo_url, IMPORTER)
        page.goto(f"{demo_url}/companies/{company}")
        page.click("#partners-link")
        page.wait_for_load_state()
        listed = api(demo_url, token, f"/companies/{company}/business-partners")["items"]
        assert len(listed) == 5
        for partner in listed:
            expect(page.locator("#partner-list")).to_contain_text(partner["legalName"])

        # Import: the preview saves nothing and names the bad row; the valid rows are imported.
        page.click("#import-partners")
        page.set_input_files("#partner-import-form [name=file]", files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": CSV.encode()}])
        page.click("#partner-import-form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("#import-summary")).to_contain_text("3 rows")
        expect(page.locator("#import-rejected")).to_contain_text("Line 4, column 4 (country)")
        assert len(api(demo_url, token, f"/companies/{company}/business-partners")["items"]) == 5
        page.check("#partner-import-confirm [name=mode][value=valid_rows]")
        page.click("#partner-import-confirm button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator(".flash")).to_contain_text("2 partners were imported")
        after = api(demo_url, token, f"/companies/{company}/business-partners")["items"]
        assert len(after) == 7
        assert {"PT Kayu Jati Lestari", "Fabrica de Muebles Sierra"} <= {p["legalName"] for p in after}

        # Search by the start of an alias's word, then open the partner.
        page.fill("#partner-search [name=q]", "lestar")
        page.click("#partner-search button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("#partner-list tbody tr")).to_have_count(1)
        page.get_by_role("link", name="PT Kayu Jati Lestari").click()
        page.wait_for_load_state()
        expect(page.locator("#partner-facts")).to_contain_text("duns:600100100")

    # At phone width and in Bahasa Indonesia: the list reads without sideways scrolling.
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "harborline.officer")
        company = company_id(page, demo_url, IMPORTER)
        page.goto(f"{demo_url}/companies/{company}/partners")
        expect(page.locator("h1")).to_have_text("Mitra bisnis")
        expect(page.locator("#partner-list")).to_contain_text("Produsen")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.goto(f"{demo_url}/companies/{company}/partners/import")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()

    # The garment maker's officer: the importer's registry is not there for it.
    with signed_in(browser, demo_url, "batik.officer") as page:
        response = page.goto(f"{demo_url}/companies/{company}/partners")
        assert response is not None and response.status == 404


PDF = b"%PDF-1.4\n% signed security agreement (test)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_questionnaire_sent_by_link_is_answered_by_the_partner_on_a_phone(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "harborline.coordinator") as page:
        company = company_id(page, demo_url, IMPORTER)
        page.goto(f"{demo_url}/companies/{company}/partners?q=batik")
        page.get_by_role("link", name="PT Batik Nusantara Garmen").click()
        page.wait_for_load_state()
        partner_page = page.url
        page.click("#questionnaire-send summary")
        page.select_option("#partner-questionnaire-form [name=language]", "id")
        page.click("#partner-questionnaire-form button[type=submit]")
        page.wait_for_load_state()
        link = page.locator("#questionnaire-url").inner_text().strip()
        assert "/q/" in link
        # Shown once: reading the partner page again does not show it.
        page.goto(partner_page)
        expect(page.locator("#questionnaire-url")).to_have_count(0)

    # The partner, on a phone, not signed in, in Bahasa Indonesia.
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        partner = context.new_page()
        path = link[link.index("/q/"):]
        partner.goto(demo_url + path)
        expect(partner.locator("#questionnaire-from")).to_contain_text("Harborline Home Goods, Inc.")
        assert partner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        questions = partner.locator("fieldset.questionnaire-question")
        count = questions.count()
        assert count > 10
        for index in range(count):
            answer = "no" if index == 0 else "yes"
            questions.nth(index).locator(f"input[type=radio][value={answer}]").check()
        questions.nth(0).locator("textarea").fill("Pagar belakang sedang diperbaiki.")
        partner.set_input_files("#questionnaire-answer-form [name=file1]", files=[{"name": "perjanjian.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        partner.click("#questionnaire-answer-form button[type=submit]")
        partner.wait_for_load_state()
        expect(partner.locator("#questionnaire-thanks")).to_be_visible()
        # The link is single-use.
        response = partner.goto(demo_url + path)
        assert response is not None and response.status == 410
    finally:
        context.close()

    with signed_in(browser, demo_url, "harborline.coordinator") as page:
        page.goto(partner_page)
        expect(page.locator("#partner-questionnaire-list")).to_contain_text("Answered")
        # The "no" became a corrective action of the partner; the answers an assessment.
        expect(page.locator("#partner-action-list tbody tr")).to_have_count(1)
        expect(page.locator("#partner-assessment-list")).to_contain_text("Security questionnaire")
