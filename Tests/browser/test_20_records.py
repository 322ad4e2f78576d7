"""Issue 17, the validation pack of the daily records and their retention, on a phone in Bahasa
Indonesia: the garment maker's officer opens the hub (each kind's count, retention, pack), a
kind's printable pack, and puts the visitor log under a legal hold; a contributor is refused."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import company_id

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"


def phone_context(browser: Browser):
    return browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})


def test_the_officer_opens_the_packs_and_holds_the_visitor_log_on_a_phone(browser: Browser, demo_url: str):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.officer")
        company = company_id(page, demo_url, GARMENTS)
        page.goto(f"{demo_url}/companies/{company}/gate")
        page.click("#records-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Paket validasi dan retensi")
        for kind in ("incidents", "training", "visits", "pickups", "seals", "shipments"):
            expect(page.locator(f"#records-{kind}")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/trustlane-records-hub.png", full_page=True)

        # The visitor log under a legal hold.
        page.click("#records-visits details summary")
        page.check("#retention-visits [name=legal_hold]")
        page.fill("#retention-visits [name=legal_hold_reason]", "Kasus bea cukai 2027-04")
        with page.expect_navigation():
            page.click("#retention-visits button[type=submit]")
        expect(page.locator("#records-visits [data-hold=yes]")).to_contain_text("Kasus bea cukai 2027-04")

        # A kind's pack: printable, its table scrolls inside the page rather than widening it.
        page.click("#pack-visits")
        page.wait_for_load_state()
        expect(page.locator("#record-pack")).to_have_attribute("data-kind", "visits")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/trustlane-records-pack.png", full_page=True)
        page.goto(f"{demo_url}/companies/{company}/records/incidents/pack")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/trustlane-records-incidents-pack.png", full_page=True)
        page.emulate_media(media="print")
        expect(page.locator("#main-nav")).to_be_hidden()
        expect(page.locator("#record-pack h1")).to_be_visible()
    finally:
        context.close()


def test_a_contributor_is_refused_the_packs(browser: Browser, demo_url: str):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        page.goto(f"{demo_url}/companies/{company}/gate")
        assert page.locator("#records-link").count() == 0
        refused = page.goto(f"{demo_url}/companies/{company}/records/visits/pack")
        assert refused is not None and refused.status == 403
        page.screenshot(path="/tmp/trustlane-records-refused.png", full_page=True)
    finally:
        context.close()
