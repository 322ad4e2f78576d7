"""Issue 17, the gate's logs as a guard meets them on a 390-pixel tablet in Bahasa Indonesia
without JavaScript: the contributor at the gate checks a visitor in (photo ID ticked, its type,
host, badge) and out in one tap, and a second check-out is refused (409, nothing changed);
records a driver's arrival, flagged as not pre-notified, and the departure with its seal; finds
the visitor by the start of the name. Each page fits the width and its buttons are large. The
viewer is refused the gate; another company's officer finds nothing."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id, signed_in

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} is wider than the phone"


def submit(page, selector: str):
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value


def post(base: str, token: str, path: str) -> int:
    request = urllib.request.Request(base + "/api/v1" + path, method="POST", headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_guard_keeps_the_gate_on_a_tablet_in_bahasa(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"}, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)

        page.goto(f"{demo_url}/companies/{company}")
        page.click("#gate-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Akses gerbang")
        fits(page)

        # Check a visitor in: the form is open on an empty board.
        page.fill("#visit-site", "Gerbang Semarang")
        page.fill("#visit-name", "Rudi Hartono")
        page.fill("#visit-visitor_company", "PT Audit Jaya")
        page.check("#visit-form [name=photo_id_checked]")
        page.select_option("#visit-photo_id_type", "national_id")
        page.fill("#visit-host", "Dewi Lestari")
        page.fill("#visit-purpose", "Audit keamanan")
        # A badge the inventory does not have is refused by name; one of its free visitor badges is handed out.
        page.fill("#visit-badge_number", "V-77")
        response = submit(page, "#check-in-button")
        assert response.status == 400
        expect(page.locator("#visit-badge_number-error")).to_contain_text("bukan kartu tamu dalam inventaris")
        fits(page)
        page.screenshot(path="/tmp/trustlane-gate-badge-refused.png", full_page=True)
        page.fill("#visit-badge_number", "V-07")
        fits(page)
        submit(page, "#check-in-button")
        expect(page.locator(".flash-success")).to_contain_text("Tamu tercatat masuk")
        row = page.locator("#inside-list li", has_text="Rudi Hartono")
        expect(row).to_have_count(1)
        expect(row.locator(".tag.gate-inside")).to_be_visible()
        box = row.locator("button.gate-checkout").bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 120
        fits(page)
        visit = row.get_attribute("data-visit")

        # One tap: out. A second check-out is refused and changes nothing.
        submit(page, f"button.gate-checkout[data-visit='{visit}']")
        expect(page.locator(".flash-success")).to_contain_text("Tamu tercatat keluar")
        expect(page.locator("#inside-empty")).to_be_visible()
        expect(page.locator("#left-list")).to_contain_text("Rudi Hartono")
        assert post(demo_url, token, f"/companies/{company}/gate/visits/{visit}/check-out") == 409
        day = api(demo_url, token, f"/companies/{company}/gate/visits")
        assert [v["name"] for v in day["left"]] == ["Rudi Hartono"] and day["inside"] == []

        # A visitor who left a while ago is checked out late, at the time typed (the account's zone is UTC).
        now = datetime.datetime.now(datetime.timezone.utc)
        came, went = (now - datetime.timedelta(minutes=20)), (now - datetime.timedelta(minutes=10))
        if page.locator("#check-in").get_attribute("open") is None:
            page.click("#check-in summary")
        page.fill("#visit-site", "Gerbang Semarang")
        page.fill("#visit-name", "Sari Wulandari")
        page.fill("#visit-visitor_company", "PT Kurir Cepat")
        page.check("#visit-form [name=photo_id_checked]")
        page.select_option("#visit-photo_id_type", "passport")
        page.fill("#visit-host", "Dewi Lestari")
        page.fill("#visit-purpose", "Antar dokumen")
        page.fill("#visit-checked_in_at", came.strftime("%Y-%m-%dT%H:%M"))
        submit(page, "#check-in-button")
        late = page.locator("#inside-list li", has_text="Sari Wulandari")
        late_id = late.get_attribute("data-visit")
        # Before the time in: refused on the row, with what was typed kept.
        late.locator("details.gate-time-out summary").click()
        late.locator("input[name=checked_out_at]").fill((came - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
        response = submit(page, f"button.gate-checkout[data-visit='{late_id}']")
        assert response.status == 400
        expect(page.locator("#check-out-errors")).to_be_visible()
        late = page.locator("#inside-list li", has_text="Sari Wulandari")
        late.locator("input[name=checked_out_at]").fill(went.strftime("%Y-%m-%dT%H:%M"))
        fits(page)
        page.screenshot(path="/tmp/trustlane-gate-late-checkout.png", full_page=True)
        submit(page, f"button.gate-checkout[data-visit='{late_id}']")
        expect(page.locator("#left-list")).to_contain_text("Sari Wulandari")
        visit_json = api(demo_url, token, f"/companies/{company}/gate/visits/{late_id}")
        assert visit_json["checkedOutAt"] == went.strftime("%Y-%m-%dT%H:%M:00Z"), visit_json

        # A driver arrives without a pre-notification; the departure is recorded with the seal.
        page.click("#gate-tab-pickups")
        page.wait_for_load_state()
        page.fill("#pickup-site", "Gerbang Semarang")
        page.fill("#pickup-truck_plate", "h 8812 kq")
        page.fill("#pickup-driver_name", "Budi Santoso")
        page.check("#pickup-form [name=photo_id_checked]")
        page.select_option("#pickup-photo_id_type", "driver_licence")
        page.fill("#pickup-carrier", "PT Angkut Jaya")
        page.fill("#pickup-trailer_number", "CSQU 305438 3")
        fits(page)
        submit(page, "#arrival-button")
        expect(page.locator(".flash-success")).to_contain_text("Kedatangan tercatat")
        driver = page.locator("#onsite-list li", has_text="H 8812 KQ")
        expect(driver.locator("[data-prenotified=no]")).to_be_visible()
        expect(page.locator("#not-prenotified-count")).to_be_visible()
        fits(page)
        driver.locator("input[name=seal_number]").fill("BN 000 019")
        submit(page, "#onsite-list button.gate-checkout")
        expect(page.locator(".flash-success")).to_contain_text("Keberangkatan tercatat")
        expect(page.locator("#departed-list")).to_contain_text("BN000019")
        fits(page)

        # The search finds the visitor by the start of the name, any case.
        page.fill("#gate-q", "RUDI")
        submit(page, "#gate-search button[type=submit]")
        expect(page.locator("#found-visits")).to_contain_text("Rudi Hartono")
        fits(page)
        page.click("#gate-tab-badges")
        page.wait_for_load_state()
        fits(page)
        # The visitor's badge came from the inventory and went back to it at check-out.
        expect(page.locator("li.gate-entry", has_text="V-07").locator("[data-status]")).to_have_attribute("data-status", "available")
        page.screenshot(path="/tmp/trustlane-gate-badges.png", full_page=True)
    finally:
        context.close()

    # The viewer: no gate link, and the gate refused.
    with signed_in(browser, demo_url, "batik.viewer") as page:
        page.goto(f"{demo_url}/companies/{company}")
        expect(page.locator("#gate-link")).to_have_count(0)
        response = page.goto(f"{demo_url}/companies/{company}/gate")
        assert response is not None and response.status == 403

    # The carrier's officer: the garment maker's gate is not there for it.
    with signed_in(browser, demo_url, "tfn.officer") as page:
        response = page.goto(f"{demo_url}/companies/{company}/gate")
        assert response is not None and response.status == 404
