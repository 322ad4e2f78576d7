"""An officer fills criteria of the security profile, uploads evidence, and submits it."""

import json
import urllib.request

from playwright.sync_api import expect

import trustlane_ui as ui

PDF = b"%PDF-1.4\n% Trustlane browser test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def api(base_url: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base_url}{path}", data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return json.loads(raw) if raw else {}


def test_officer_fills_uploads_and_submits(page, new_page, admin, tmp_path, base_url):
    ui.sign_in(page, admin)
    legal_name = f"Harborline Home Goods {ui.unique('co')}"
    company = ui.create_company(page, legal_name, country="US", entity_types=("IMP",))
    officer = ui.person("officer")
    invitation = ui.invite(page, company, officer.email, "officer")
    officer_page = new_page()
    ui.accept_invitation(officer_page, invitation, officer)

    # Open the profile from the company page.
    officer_page.click("#profile-link")
    officer_page.check("#open-profile-form input[name=entity_types][value=IMP]")
    ui.submit(officer_page, "#open-profile-form")
    expect(officer_page.locator("#open-musts")).to_be_visible()

    # Answer the first criterion in the browser, then attach evidence to it.
    officer_page.locator("table.criteria a").first.click()
    officer_page.check("#answer-form input[name=status][value=meets]")
    officer_page.fill("#answer-form textarea[name=narrative]", "The security manager reviews this every quarter and keeps minutes.")
    ui.submit(officer_page, "#answer-form")
    expect(officer_page.locator(".flash-success")).to_be_visible()
    evidence = tmp_path / "security-policy.pdf"
    evidence.write_bytes(PDF)
    officer_page.fill("#upload-form input[name=title]", "Security policy 2026")
    officer_page.set_input_files("#upload-form input[name=file]", str(evidence))
    ui.submit(officer_page, "#upload-form")
    expect(officer_page.locator("#answer-form input[name=evidence]:checked")).to_have_count(1)
    expect(officer_page.locator("#history li")).to_have_count(2)

    # A file that is not a document is refused with the reason.
    bad = tmp_path / "tool.pdf"
    bad.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    officer_page.goto(f"/companies/{company}/profile/evidence")
    officer_page.fill("#evidence-upload-form input[name=title]", "Not a PDF")
    officer_page.set_input_files("#evidence-upload-form input[name=file]", str(bad))
    ui.submit(officer_page, "#evidence-upload-form")
    expect(officer_page.locator(".field-error")).to_be_visible()

    # Submitting too early names what is missing.
    officer_page.goto(f"/companies/{company}/profile/submit")
    expect(officer_page.locator("#blockers")).to_be_visible()

    # The rest through the API with a personal token, as a script would.
    officer_page.goto("/account")
    officer_page.fill("#token-form input[name=name]", "profile script")
    ui.submit(officer_page, "#token-form")
    token = officer_page.locator("#new-api-token").inner_text().strip()
    profile = api(base_url, token, "GET", f"/api/v1/companies/{company}/profile")
    if profile["pendingConditions"]:
        api(base_url, token, "PUT", f"/api/v1/companies/{company}/profile/conditions",
            {"conditions": {c: False for c in profile["pendingConditions"]}})
        profile = api(base_url, token, "GET", f"/api/v1/companies/{company}/profile")
    for answer in profile["answers"]:
        if answer["status"] == "unanswered":
            api(base_url, token, "PUT", f"/api/v1/companies/{company}/profile/answers/{answer['criterionId']}",
                {"status": "meets", "narrative": "Written procedure in place and followed.", "baseVersion": answer["version"]})

    # Submit in the browser, after the declaration.
    officer_page.goto(f"/companies/{company}/profile/submit")
    expect(officer_page.locator("#blockers")).to_have_count(0)
    officer_page.check("#submit-form input[name=declaration]")
    ui.submit(officer_page, "#submit-form")
    expect(officer_page.locator("#snapshot-list li")).to_have_count(1)
