"""Issue 16, the dock without a network: the garment maker's contributor, on a 390-pixel phone in
Bahasa Indonesia with JavaScript, opens a shipment and the new-shipment form while the network is
there, loses it, affixes a seal, records its four VVTT steps and its photo, and records a second
shipment, all kept on the phone and listed as waiting; the network returns and each is recorded
once; the phone sending them all again (its first answers lost) records nothing more."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id
from test_16_seals import receive

PHONE = {"width": 390, "height": 844}
GARMENTS = "PT Batik Nusantara Garmen"
JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF seal photographed at the dock"


def api_post(base: str, token: str, path: str, body: dict):
    request = urllib.request.Request(base + "/api/v1" + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} is wider than the phone"


def shipments_named(base: str, token: str, company: str, reference: str) -> list[dict]:
    return [item for item in api(base, token, f"/companies/{company}/shipments")["items"] if item["reference"] == reference]


def test_a_seal_checked_and_a_shipment_recorded_offline_are_recorded_once_when_the_network_returns(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"}, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)
        received = receive(page, demo_url, company, "OF000001", "OF000020")
        assert received is not None and received.status == 200
        shipment = api_post(demo_url, token, f"/companies/{company}/shipments",
                            {"reference": "OFF-SHP-1", "documentNumbers": "BL SMG-LAX 990001", "containerNumber": "CSQU3054383",
                             "origin": "Semarang", "destination": "Los Angeles"})
        shipment_page = f"{demo_url}/companies/{company}/shipments/{shipment['id'].lower()}"
        new_form = f"{demo_url}/companies/{company}/shipments/new"

        # While the network is there: the pages open once under the service worker, which keeps them.
        page.goto(new_form)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.goto(shipment_page)
        page.reload()
        page.goto(new_form)
        page.goto(shipment_page)
        expect(page.locator("h1")).to_contain_text("OFF-SHP-1")

        # No network: a seal affixed is kept on the phone and shown as waiting, with its VVTT form.
        context.set_offline(True)
        page.fill("#affix-form [name=seal_number]", "of-000 007")
        page.click("#affix-form button[type=submit]")
        expect(page.locator("#offline-saved")).to_be_visible()
        expect(page.locator("#outbox [data-count]")).to_have_text("1")
        expect(page.locator("#outbox li")).to_contain_text("Segel OF000007 pada OFF-SHP-1")
        pending = page.locator("[data-seal=OF000007][data-pending]")
        expect(pending).to_be_visible()
        fits(page)

        # The four VVTT steps in their order, the number read, the bill of lading's seal numbers.
        pending.locator("summary").click()
        steps = pending.locator("fieldset.vvtt-step")
        expect(steps).to_have_count(4)
        box = steps.first.locator("label.choice").first.bounding_box()
        assert box is not None and box["height"] >= 44
        for index in range(4):
            steps.nth(index).locator("input[value=pass]").check()
        pending.locator("[name=number_read]").fill("OF000007")
        pending.locator("[name=document_seal_numbers]").fill("OF000007")
        fits(page)
        pending.locator("form.vvtt-form button[type=submit]").click()
        expect(page.locator("#outbox [data-count]")).to_have_text("2")
        # Its photo, kept with the picture.
        pending.locator("input[type=file]").set_input_files(files=[{"name": "segel.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
        pending.locator("form.photo-form button[type=submit]").click()
        expect(page.locator("#outbox [data-count]")).to_have_text("3")

        # Still offline: the kept shipment page opens again with the seal still waiting.
        page.goto(shipment_page)
        expect(page.locator("#outbox [data-count]")).to_have_text("3")
        expect(page.locator("[data-seal=OF000007][data-pending]")).to_be_visible()

        # A second shipment from the kept form.
        page.goto(new_form)
        page.fill("#reference", "OFF-SHP-2")
        page.fill("#document_numbers", "BL SMG-LAX 990002")
        page.fill("#container_number", "MWCU6059784")
        page.fill("#origin", "Semarang")
        page.fill("#destination", "Long Beach")
        page.click("#shipment-form button[type=submit]")
        expect(page.locator("#offline-saved")).to_be_visible()
        expect(page.locator("#outbox [data-count]")).to_have_text("4")
        expect(page.locator("#outbox li").last).to_contain_text("Pengiriman OFF-SHP-2")
        fits(page)
        # Nothing reached the server.
        detail = api(demo_url, token, f"/companies/{company}/shipments/{shipment['id']}")
        assert detail["seals"] == []
        assert shipments_named(demo_url, token, company, "OFF-SHP-2") == []
        # What the phone keeps, to send it all again later as a phone whose answers were lost would.
        page.evaluate("""() => new Promise((resolve) => {
            const open = indexedDB.open("trustlane-outbox", 1);
            open.onsuccess = () => {
                const all = open.result.transaction("inspections").objectStore("inspections").getAll();
                all.onsuccess = () => { window.keptCopy = all.result; resolve(all.result.length); };
            };
        })""")

        # The network returns: everything is sent, oldest first, and the list empties.
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#outbox")).to_be_hidden(timeout=30000)
        detail = api(demo_url, token, f"/companies/{company}/shipments/{shipment['id']}")
        assert [seal["number"] for seal in detail["seals"]] == ["OF000007"]
        seal = detail["seals"][0]
        assert seal["state"] == "verified" and seal["photoEvidenceId"]
        assert [(check["stage"], check["passed"]) for check in seal["checks"]] == [("departure", True)]
        assert len(shipments_named(demo_url, token, company, "OFF-SHP-2")) == 1

        # The phone sends them all again: each is answered as recorded, and nothing is recorded twice.
        page.evaluate("""() => new Promise((resolve) => {
            const open = indexedDB.open("trustlane-outbox", 1);
            open.onsuccess = () => {
                const tx = open.result.transaction("inspections", "readwrite");
                for (const item of window.keptCopy) tx.objectStore("inspections").put(item);
                tx.oncomplete = () => resolve(true);
            };
        })""")
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#outbox")).to_be_hidden(timeout=30000)
        page.wait_for_timeout(500)
        detail = api(demo_url, token, f"/companies/{company}/shipments/{shipment['id']}")
        assert len(detail["seals"]) == 1 and len(detail["seals"][0]["checks"]) == 1
        assert len(shipments_named(demo_url, token, company, "OFF-SHP-2")) == 1

        # The shipment's page shows the seal as the server has it, no longer waiting.
        page.goto(shipment_page)
        expect(page.locator("[data-seal=OF000007] [data-state=verified]")).to_be_visible()
        expect(page.locator("[data-pending]")).to_have_count(0)
        expect(page.locator("[data-seal=OF000007] .seal-photo-link")).to_be_visible()
    finally:
        context.close()


def test_a_release_without_a_network_is_refused_on_the_page_and_nothing_is_kept(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)
        shipment = api_post(demo_url, token, f"/companies/{company}/shipments",
                            {"reference": "OFF-SHP-3", "documentNumbers": "BL 3", "containerNumber": "CSQU3054383",
                             "origin": "Semarang", "destination": "Oakland"})
        page.goto(f"{demo_url}/companies/{company}/shipments/{shipment['id']}")
        context.set_offline(True)
        page.click("#release-form button[type=submit]")
        expect(page.locator("#offline-needs-network")).to_be_visible()
        expect(page.locator("#outbox")).to_be_hidden()
        context.set_offline(False)
        assert api(demo_url, token, f"/companies/{company}/shipments/{shipment['id']}")["status"] == "open"
    finally:
        context.close()


def test_a_seal_affixed_offline_and_sent_later_shows_when_it_was_done_and_when_it_was_received(browser: Browser, demo_url: str):
    """The seal is affixed at the dock without a network and reaches the server more than a
    minute later: the shipment keeps the phone's time as when it was affixed, the server's as
    when it was received, and its page shows both."""
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"}, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.contributor")
        company = company_id(page, demo_url, GARMENTS)
        token = api_token(page, demo_url)
        received = receive(page, demo_url, company, "OD000001", "OD000010")
        assert received is not None and received.status == 200
        shipment = api_post(demo_url, token, f"/companies/{company}/shipments",
                            {"reference": "OFF-SHP-4", "documentNumbers": "BL SMG-LAX 990004", "containerNumber": "CSQU3054383",
                             "origin": "Semarang", "destination": "Los Angeles"})
        shipment_page = f"{demo_url}/companies/{company}/shipments/{shipment['id'].lower()}"
        page.goto(shipment_page)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        expect(page.locator("h1")).to_contain_text("OFF-SHP-4")

        # No network: the seal is affixed and kept on the phone with the phone's time.
        context.set_offline(True)
        page.fill("#affix-form [name=seal_number]", "OD000003")
        page.click("#affix-form button[type=submit]")
        expect(page.locator("#offline-saved")).to_be_visible()
        expect(page.locator("#outbox [data-count]")).to_have_text("1")
        # The network comes back more than a minute later (the page shows both times from a
        # minute apart, DoneAt.shownApart).
        page.wait_for_timeout(62_000)
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#outbox")).to_be_hidden(timeout=30000)

        # The server keeps both times: affixed when the phone said, received when it arrived.
        seal = api(demo_url, token, f"/companies/{company}/shipments/{shipment['id']}")["seals"][0]
        assert seal["number"] == "OD000003" and seal["receivedAt"]
        affixed = datetime.fromisoformat(seal["affixedAt"].replace("Z", "+00:00"))
        arrived = datetime.fromisoformat(seal["receivedAt"].replace("Z", "+00:00"))
        assert 60 <= (arrived - affixed).total_seconds() < 120, (affixed, arrived)

        # The shipment's page shows when it was done and when it was received, in the phone's language.
        page.goto(shipment_page)
        line = page.locator("[data-seal=OD000003]")
        expect(line).to_contain_text("dilakukan")
        expect(line).to_contain_text("diterima")
        fits(page)
    finally:
        context.close()
