"""Issue 16, conveyance inspections as the dock meets them on the demo data: the garment maker's
contributor, on a phone in Bahasa Indonesia, reads the log, records a container inspection (a
wrong check digit is caught and named, a failed point holds the unit), and the API agrees; the
viewer reads but cannot record; another company's officer is refused."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id, signed_in

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"


def test_a_contributor_records_an_inspection_on_a_phone_in_bahasa(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"}, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        page.goto(f"{demo_url}/companies/{company}")
        page.click("#inspections-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Inspeksi alat angkut")
        # The demo's two container inspections, the held one marked.
        expect(page.locator("#inspection-log li")).to_have_count(2)
        expect(page.locator("#inspection-log")).to_contain_text("MWCU6059784")
        expect(page.locator("#inspection-log [data-status=on_hold]")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.click("#new-inspection")
        page.wait_for_load_state()
        page.locator("#checklist-choice a[href*='container-7-point']").click()
        page.wait_for_load_state()
        points = page.locator("fieldset.inspection-point")
        expect(points).to_have_count(7)
        # Each answer is a large target: at least 44 px high.
        box = points.first.locator("label.choice").first.bounding_box()
        assert box is not None and box["height"] >= 44
        page.fill("#container_number", "TGHU 123456 0")
        page.fill("#site", "Semarang, Tanjung Emas dock 2")
        for index in range(7):
            points.nth(index).locator("input[value=pass]" if index != 3 else "input[value=fail]").check()
        page.click("#inspection-form button[type=submit]")
        page.wait_for_load_state()
        # Two problems named: the check digit (with the right one) and the failed point's missing note.
        expect(page.locator("#inspection-errors [data-field=container_number]")).to_be_visible()
        expect(page.locator("#inspection-errors [data-field='point.floor']")).to_be_visible()
        expect(page.locator("#container_number")).to_have_value("TGHU 123456 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.fill("#container_number", "CSQU3054383")
        page.fill("textarea[name='note.floor']", "Papan lantai baru dipaku; ada tanah di sudut")
        page.click("#inspection-form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator(".flash-success")).to_contain_text("Inspeksi dicatat")
        expect(page.locator("#inspection-hold")).to_be_visible()
        expect(page.locator("h1 [data-status=on_hold]")).to_be_visible()
        expect(page.locator("tr.result-fail")).to_contain_text("Papan lantai baru dipaku")

        # The API agrees: three inspections, the new one held at the floor.
        token = api_token(page, demo_url)
        items = api(demo_url, token, f"/companies/{company}/inspections")["items"]
        assert len(items) == 3
        newest = items[0]
        assert newest["unit"] == "CSQU3054383" and newest["status"] == "on_hold" and newest["failedPoints"] == 1
    finally:
        context.close()

    # The viewer reads the log but is not offered, nor allowed, a new inspection.
    with signed_in(browser, demo_url, "batik.viewer") as page:
        page.goto(f"{demo_url}/companies/{company}/inspections")
        expect(page.locator("#inspection-log li")).to_have_count(3)
        expect(page.locator("#new-inspection")).to_have_count(0)
        response = page.goto(f"{demo_url}/companies/{company}/inspections/new?checklist=container-7-point")
        assert response is not None and response.status == 403

    # The carrier's officer: the garment maker's log is not there for it.
    with signed_in(browser, demo_url, "tfn.officer") as page:
        response = page.goto(f"{demo_url}/companies/{company}/inspections")
        assert response is not None and response.status == 404


JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF photo taken at the dock"


def test_an_inspection_finished_offline_is_sent_once_with_its_photo_when_the_network_returns(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)
        before = len(api(demo_url, token, f"/companies/{company}/inspections")["items"])
        form = f"{demo_url}/companies/{company}/inspections/new?checklist=container-7-point"
        page.goto(form)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the service worker, which keeps the page
        expect(page.locator("#offline-photos")).to_be_visible()

        context.set_offline(True)
        page.fill("#container_number", "MWCU6059784")
        page.fill("#site", "Semarang, Tanjung Emas dock 2")
        for point in page.locator("fieldset.inspection-point").all():
            point.locator("input[value=pass]").check()
        page.set_input_files("#offline-photo-files", files=[{"name": "pintu.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
        page.click("#inspection-form button[type=submit]")
        expect(page.locator("#offline-saved")).to_be_visible()
        expect(page.locator("#outbox")).to_be_visible()
        expect(page.locator("#outbox [data-count]")).to_have_text("1")
        expect(page.locator("#outbox li")).to_contain_text("MWCU6059784")
        assert len(api(demo_url, token, f"/companies/{company}/inspections")["items"]) == before, "nothing reached the server"

        # Still offline, the page opens again from the phone, and the inspection still waits.
        page.goto(form)
        expect(page.locator("#outbox [data-count]")).to_have_text("1")

        # The network returns: sent once, with its photo; the outbox empties.
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#outbox")).to_be_hidden(timeout=15000)
        items = api(demo_url, token, f"/companies/{company}/inspections")["items"]
        assert len(items) == before + 1
        recorded = api(demo_url, token, f"/companies/{company}/inspections/{items[0]['id']}")
        assert recorded["versions"][-1]["containerNumber"] == "MWCU6059784"
        assert [photo["fileName"] for photo in recorded["photos"]] == ["pintu.jpg"]

        # Going back and forth does not send it again.
        page.reload()
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_timeout(500)
        assert len(api(demo_url, token, f"/companies/{company}/inspections")["items"]) == before + 1
    finally:
        context.close()


def test_without_javascript_the_checklist_still_records(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "tfn.contributor")
        company = company_id(page, demo_url, "Transportes Fronterizos del Norte, S.A. de C.V.")
        page.goto(f"{demo_url}/companies/{company}/inspections/new?checklist=truck-trailer-17-point")
        expect(page.locator("#offline-photos")).to_be_hidden()
        page.fill("#tractor_plate", "NL 45-AB-123")
        page.fill("#trailer_plate", "TX 9KJ 4410")
        page.fill("#site", "Nuevo Laredo yard")
        points = page.locator("fieldset.inspection-point")
        expect(points).to_have_count(17)
        for point in points.all():
            point.locator("input[value=pass]").check()
        page.click("#inspection-form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("h1 [data-status=passed]")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
