"""Issue 16, shipments and the release gate as the garment maker's dock meets them on the demo
data, on a 390-pixel phone in Bahasa Indonesia without JavaScript: the contributor receives seals,
records a shipment after the demo's passed container inspection, is refused the release while no
seal is on it, affixes a seal, is refused a VVTT check whose bill of lading names another seal,
checks it in order, photographs it and releases the shipment; the API agrees; the viewer reads but
cannot record; another company's officer is refused."""

from __future__ import annotations


from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id, signed_in
from test_16_seals import receive

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) + bytes([7] * 64)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} is wider than the phone"


def submit(page, selector: str):
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value


def test_a_contributor_ships_a_sealed_container_on_a_phone_in_bahasa(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"}, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)
        passed = [item for item in api(demo_url, token, f"/companies/{company}/inspections")["items"]
                  if item["unit"] == "CSQU3054383" and item["status"] == "passed"]
        assert passed, "the demo's passed container inspection"
        # Seals for the dock.
        received = receive(page, demo_url, company, "BN000001", "BN000020")
        assert received is not None and received.status == 200

        page.goto(f"{demo_url}/companies/{company}")
        page.click("#shipments-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Pengiriman")
        fits(page)
        page.click("#new-shipment")
        page.wait_for_load_state()
        page.fill("#reference", "BN-SHP-0420")
        page.fill("#document_numbers", "BL SMG-LAX 778120")
        page.select_option("#inspection_id", passed[0]["id"].lower())
        page.fill("#origin", "Semarang")
        page.fill("#destination", "Los Angeles")
        page.fill("#consignee_name", "Harborline Imports")
        page.fill("#consignee_email", "receiving@harborline.example")
        fits(page)
        submit(page, "#shipment-form button[type=submit]")
        expect(page.locator(".flash-success")).to_contain_text("Pengiriman dicatat")
        expect(page.locator("h1 [data-status=open]")).to_be_visible()
        expect(page.locator(".facts")).to_contain_text("CSQU3054383")
        shipment = page.url

        # No seal yet: the release is refused, every reason named.
        refused = submit(page, "#release-form button[type=submit]")
        assert refused is not None and refused.status == 409
        expect(page.locator("#release-blocks [data-field=seals]")).to_be_visible()

        page.fill("#affix-form [name=seal_number]", "bn-000 005")
        submit(page, "#affix-form button[type=submit]")
        expect(page.locator("[data-seal=BN000005] [data-state=affixed]")).to_be_visible()
        fits(page)

        # VVTT: the four steps, large answers; a bill of lading naming another seal is refused.
        page.click("#check-BN000005")
        page.wait_for_load_state()
        steps = page.locator("fieldset.vvtt-step")
        expect(steps).to_have_count(4)
        box = steps.first.locator("label.choice").first.bounding_box()
        assert box is not None and box["height"] >= 44
        for index in range(4):
            steps.nth(index).locator("input[value=pass]").check()
        page.fill("#number_read", "BN000005")
        page.fill("#document_seal_numbers", "BN000006")
        wrong = submit(page, "#check-form button[type=submit]")
        assert wrong is not None and wrong.status == 400
        expect(page.locator("#check-errors [data-field=number_read]")).to_be_visible()
        fits(page)
        for index in range(4):
            steps.nth(index).locator("input[value=pass]").check()
        page.fill("#number_read", "BN000005")
        page.fill("#document_seal_numbers", "BN000005")
        submit(page, "#check-form button[type=submit]")
        expect(page.locator("[data-seal=BN000005] [data-state=verified]")).to_be_visible()
        expect(page.locator("[data-check=departure-passed]")).to_be_visible()

        # The photo, from the phone's camera (a file input here).
        page.set_input_files("#photo-file-BN000005", files=[{"name": "segel.png", "mimeType": "image/png", "buffer": PNG}])
        submit(page, "#photo-BN000005 button[type=submit]")
        expect(page.locator(".flash-success")).to_contain_text("Foto segel disimpan")
        expect(page.locator("[data-seal=BN000005] .seal-photo-link")).to_be_visible()

        expect(page.locator("#release-ready")).to_be_visible()
        submit(page, "#release-form button[type=submit]")
        expect(page.locator(".flash-success")).to_contain_text("Pengiriman dilepas")
        expect(page.locator("h1 [data-status=released]")).to_be_visible()
        expect(page.locator("#consignee-notified")).to_contain_text("BN000005")
        fits(page)

        # The API agrees.
        items = api(demo_url, token, f"/companies/{company}/shipments")["items"]
        assert items[0]["reference"] == "BN-SHP-0420" and items[0]["status"] == "released" and items[0]["seals"] == 1
        detail = api(demo_url, token, f"/companies/{company}/shipments/{items[0]['id']}")
        assert detail["seals"][0]["state"] == "verified" and detail["seals"][0]["photoEvidenceId"]
        assert detail["consigneeNotifiedSeals"] == "BN000005"
    finally:
        context.close()

    # The viewer reads the shipment but is offered no write, and is refused one.
    with signed_in(browser, demo_url, "batik.viewer") as page:
        page.goto(shipment)
        expect(page.locator("h1")).to_contain_text("BN-SHP-0420")
        expect(page.locator("#affix-form")).to_have_count(0)
        page.goto(f"{demo_url}/companies/{company}/shipments")
        expect(page.locator("#new-shipment")).to_have_count(0)
        response = page.goto(f"{demo_url}/companies/{company}/shipments/new")
        assert response is not None and response.status == 403

    # The carrier's officer: the garment maker's shipments are not there for it.
    with signed_in(browser, demo_url, "tfn.officer") as page:
        response = page.goto(shipment)
        assert response is not None and response.status == 404
