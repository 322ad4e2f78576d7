"""Issue 17, the incident register as the garment maker meets it on the demo data: the officer
turns on the anonymous reporting link; a stranger on a 390-pixel phone, without an account,
reports in Bahasa Indonesia and gets a receipt code; the officer confirms the report, records
that CBP's specialist was told (the register then says the company told CBP first), investigates,
writes findings and a root cause, adds a corrective action and closes it; the printable report and
the API agree; a contributor may report but not read the register."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"


def submit(page, selector: str):
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value


def test_an_anonymous_report_is_confirmed_notified_investigated_and_closed(browser: Browser, demo_url: str):
    officer = browser.new_context()
    stranger = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = officer.new_page()
        sign_in(page, demo_url, "batik.officer")
        company = company_id(page, demo_url, GARMENTS)
        page.click("#incidents-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Incidents")
        submit(page, "#enable-anonymous-link")
        link = page.locator("#anonymous-link").get_attribute("href")
        assert link and "/report/" in link

        # A stranger reports on a phone, in Bahasa Indonesia, without an account.
        phone = stranger.new_page()
        phone.goto(demo_url + link if link.startswith("/") else link)
        expect(phone.locator("html")).to_have_attribute("lang", "id")
        expect(phone.locator("h1")).to_contain_text("Laporkan kekhawatiran")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.select_option("#type", "unauthorized_access")
        phone.fill("#description", "Orang asing membuka kontainer di gerbang 3 tadi malam")
        phone.fill("#location", "Gerbang 3")
        response = submit(phone, "#anonymous-report-form button[type=submit]")
        assert response.status == 201
        code = phone.locator("#receipt-code").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
        phone.screenshot(path="/tmp/trustlane-anonymous-receipt.png", full_page=True)

        # The officer finds it unconfirmed and confirms it.
        page.goto(f"{demo_url}/companies/{company}/incidents?status=unconfirmed")
        page.locator("#incident-list a", has_text="Orang asing").first.click()
        page.wait_for_load_state()
        incident_url = page.url
        expect(page.locator("h1 .tag")).to_have_attribute("data-status", "unconfirmed")
        submit(page, "#confirm-incident")
        expect(page.locator("h1 .tag")).to_have_attribute("data-status", "open")
        expect(page.locator("[data-self-report]").first).to_have_attribute("data-self-report", "not_reported")

        # CBP's specialist told, a minute from now in the officer's zone (UTC for the demo accounts).
        told_at = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
        page.click("#add-notification summary")
        page.select_option("#notify-target", "cbp_scss")
        page.fill("#notify-recipient", "SCSS Ana Ruiz")
        page.fill("#notify-notified_at", told_at)
        page.select_option("#notify-channel", "phone")
        submit(page, "#notification-form button[type=submit]")
        expect(page.locator("#notification-list [data-target=cbp_scss]")).to_contain_text("SCSS Ana Ruiz")
        expect(page.locator("[data-self-report]").first).to_have_attribute("data-self-report", "first")

        # The investigation: a timeline entry starts it; closing is refused until findings and a root cause are written.
        page.fill("#note-text", "CCTV of gate 3 reviewed; the seal of MSCU 778120 checked and intact")
        submit(page, "#note-form button[type=submit]")
        expect(page.locator("h1 .tag")).to_have_attribute("data-status", "investigating")
        expect(page.locator("#close-needs [data-field=findings]")).to_be_visible()
        page.fill("#findings-findings", "A contractor's driver opened the wrong container; nothing taken")
        page.fill("#findings-root_cause", "Contractor drivers were not escorted in the yard")
        submit(page, "#findings-form button[type=submit]")
        page.click("#add-action summary")
        page.fill("#action-title", "Escort every contractor driver in the yard")
        page.fill("#action-owner", "Security coordinator")
        page.fill("#action-due_date", "2027-01-31")
        submit(page, "#action-form button[type=submit]")
        expect(page.locator("#incident-action-list")).to_contain_text("Escort every contractor driver")
        submit(page, "#close-incident")
        expect(page.locator("h1 .tag")).to_have_attribute("data-status", "closed")
        expect(page.locator("#closed-by")).to_be_visible()

        # The printable report and the API agree.
        page.click("#incident-report-link")
        page.wait_for_load_state()
        report = page.locator("#incident-report")
        expect(report).to_contain_text("SCSS Ana Ruiz")
        expect(report).to_contain_text("Contractor drivers were not escorted")
        expect(report).to_contain_text("Escort every contractor driver")
        token = api_token(page, demo_url)
        incident_id = incident_url.rstrip("/").split("/")[-1]
        body = api(demo_url, token, f"/companies/{company}/incidents/{incident_id}")
        assert body["status"] == "closed" and body["source"] == "anonymous" and body["selfReport"] == "reported_first"
        assert [entry["kind"] for entry in body["timeline"]].count("note") == 1 and len(body["correctiveActions"]) == 1
    finally:
        officer.close()
        stranger.close()


def test_a_contributor_reports_an_incident_but_cannot_read_the_register(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        assert page.locator("#incidents-link").count() == 0
        page.click("#report-incident-link")
        page.wait_for_load_state()
        page.select_option("#type", "pest_contamination")
        page.fill("#title", "Soil on the pallets of lot 4")
        page.fill("#description", "Soil found under the pallets before loading")
        page.fill("#discovered_at", (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
        page.fill("#discovered_by", "Budi")
        submit(page, "#incident-form button[type=submit]")
        expect(page.locator(".flash")).to_be_visible()
        assert page.url.endswith("/incidents/new")
        refused = page.goto(f"{demo_url}/companies/{company}/incidents")
        assert refused is not None and refused.status == 403
    finally:
        context.close()


def zbar(png) -> str:
    """What zbarimg (Debian's zbar-tools, installed by .ci/run) reads from a picture."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60)
    return out.stdout.strip()


def test_the_anonymous_link_has_a_qr_code_a_phone_reads_and_a_printable_notice(browser: Browser, demo_url: str, tmp_path):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.officer")
        company = company_id(page, demo_url, GARMENTS)
        page.goto(f"{demo_url}/companies/{company}/incidents")
        if page.locator("#enable-anonymous-link").count():
            submit(page, "#enable-anonymous-link")
        link = page.locator("#anonymous-link").get_attribute("href")
        assert link and link.startswith(demo_url + "/report/"), link
        # The code beside the link, drawn on the server, reads back as the link (rendered by Chromium).
        qr = page.locator("#anonymous-link-qr svg")
        expect(qr).to_be_visible()
        expect(page.locator("#anonymous-link-qr figcaption")).to_contain_text("Pindai dengan kamera ponsel")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("#incident-link").screenshot(path="/tmp/trustlane-anonymous-link-qr.png")
        qr.screenshot(path=tmp_path / "register-qr.png")
        assert zbar(tmp_path / "register-qr.png") == link

        # The notice to print: the address, the same code, a few lines in each of the three languages.
        page.click("#anonymous-link-poster")
        page.wait_for_load_state()
        expect(page.locator("#poster-url")).to_have_text(link)
        for language, headline in (("en", "Report a security concern, anonymously"), ("es", "Denuncie un problema de seguridad"),
                                   ("id", "Laporkan masalah keamanan secara anonim")):
            expect(page.locator(f"#anonymous-poster [lang={language}] h2")).to_contain_text(headline)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/trustlane-anonymous-poster.png", full_page=True)
        page.locator("#poster-qr svg").screenshot(path=tmp_path / "poster-qr.png")
        assert zbar(tmp_path / "poster-qr.png") == link
        # Printed, the navigation and the back link go; the code stays.
        page.emulate_media(media="print")
        expect(page.locator("#main-nav")).to_be_hidden()
        expect(page.locator("#poster-qr svg")).to_be_visible()
    finally:
        context.close()


def test_a_contributor_may_not_open_the_notice(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        refused = page.goto(f"{demo_url}/companies/{company}/incidents/anonymous-link/poster")
        assert refused is not None and refused.status == 403
        assert page.locator("#poster-qr").count() == 0
        page.screenshot(path="/tmp/trustlane-anonymous-poster-refused.png", full_page=True)
    finally:
        context.close()
