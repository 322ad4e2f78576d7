"""Issue 15, denied-party screening as its users meet it on the demo data: the administrator
imports an OFAC SDN file (invented names, the real format: no header, quoted fields, `-0-` for
empty, CR record ends), the server re-screens every partner in the background, and the
importer's coordinator clears the hit it raised as a false positive, with a reason. A file that
fails the format check is refused with its line, and nothing is imported."""

from __future__ import annotations

import time
from datetime import date

from playwright.sync_api import Browser, expect

from test_13_homes import api, api_token, company_id, signed_in

IMPORTER = "Harborline Home Goods, Inc."


def record(fields: list[str]) -> str:
    return ",".join(f if f == "-0-" else f'"{f}"' for f in fields) + "\r"


SDN = (
    record(["90001", "NINGBO HARBOUR CONSOLIDATION CO., LTD.", "-0-", "[SDGT]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "Invented for tests."])
    + record(["90002", "ZORVATH IMPEX", "-0-", "[IRAN]", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-", "-0-"])
)
ADD = record(["90001", "501", "12 Invented Road", "Ningbo", "China", "-0-"])
BROKEN = record(["90003", "ONLY THREE FIELDS", "-0-"])


def upload(page, base: str, files: dict[str, str]) -> None:
    page.goto(base + "/admin/screening-lists")
    page.select_option("#screening-import-form [name=kind]", "ofac_sdn")
    page.fill("#screening-import-form [name=published_on]", date.today().isoformat())
    for field, text in files.items():
        name = {"primary": "sdn.csv", "addresses": "add.csv"}[field]
        page.set_input_files(f"#screening-import-form [name={field}]", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])
    page.click("#screening-import-form button[type=submit]")
    page.wait_for_load_state()


def test_a_list_import_raises_a_hit_that_the_coordinator_clears(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "admin") as page:
        # A malformed file: refused with its line, nothing imported.
        upload(page, demo_url, {"primary": SDN + BROKEN})
        expect(page.locator("#list-problems")).to_contain_text("sdn.csv line 3")
        expect(page.locator("#snapshots-empty")).to_be_visible()
        # The real file: a snapshot, and a run over every company's partners.
        upload(page, demo_url, {"primary": SDN, "addresses": ADD})
        expect(page.locator("#screening-snapshots")).to_contain_text("2")

    with signed_in(browser, demo_url, "harborline.coordinator") as page:
        token = api_token(page, demo_url)
        company = company_id(page, demo_url, IMPORTER)
        # The background pass runs every few seconds while the server is up.
        hits = []
        for _ in range(40):
            hits = api(demo_url, token, f"/companies/{company}/screening/hits")
            if hits:
                break
            time.sleep(0.5)
        assert [h["listedName"] for h in hits] == ["NINGBO HARBOUR CONSOLIDATION CO., LTD."], hits
        hit = hits[0]["id"].lower()

        page.goto(f"{demo_url}/companies/{company}/screening")
        card = page.locator(f"#hit-{hit}")
        expect(card).to_contain_text("Ningbo Harbour Consolidation")
        # A decision needs a reason.
        card.locator("[name=decision][value=false_positive]").check()
        card.locator("button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator(f"#hit-{hit} .field-error")).to_be_visible()
        card = page.locator(f"#hit-{hit}")
        card.locator("[name=decision][value=false_positive]").check()
        card.locator("[name=reason]").fill("Our consolidator is a different company: other address and registration number.")
        card.locator("button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("#screening-none-open")).to_be_visible()
        assert api(demo_url, token, f"/companies/{company}/screening/hits?status=open") == []
        decided = api(demo_url, token, f"/companies/{company}/screening/hits")
        assert [(h["status"], h["decisionReason"][:27]) for h in decided] == [("false_positive", "Our consolidator is a diffe")]
