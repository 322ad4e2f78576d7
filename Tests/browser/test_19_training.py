"""Issue 17, training as the garment maker's coordinator meets it on the demo data, on a tablet
in Bahasa Indonesia: the dock staff role is half covered (two of four trained on seals and pests);
the coordinator records today's session with a quiz, ticks the two others with their scores, one
passing and one not, and sees the role's coverage change in the chart, the table and the API; a
viewer reads the coverage but cannot record a session."""

from __future__ import annotations

import datetime

from playwright.sync_api import Browser, expect

from test_10_phone_width import sign_in
from test_13_homes import api, api_token, company_id

TABLET = {"width": 800, "height": 1100}
GARMENTS = "PT Batik Nusantara Garmen"


def submit(page, selector: str):
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value


def dock_percent(page) -> str:
    return page.locator("#training-coverage [data-role='Dock staff'] [data-percent]").get_attribute("data-percent")


def test_a_session_moves_the_dock_staff_coverage(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=TABLET, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.coordinator")
        company = company_id(page, demo_url, GARMENTS)
        page.click("#training-link")
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text("Pelatihan")
        assert dock_percent(page) == "50"
        expect(page.locator("#training-coverage-chart")).to_be_visible()

        page.click("#new-training-session")
        page.wait_for_load_state()
        page.fill("#title", "Segel dan hama, gelombang 2")
        page.check("input[name=topic][value=inspections_and_seals]")
        page.check("input[name=topic][value=agricultural_contamination]")
        page.fill("#held_on", datetime.date.today().isoformat())
        page.fill("#trainer", "Ayu Lestari")
        page.fill("#quiz", "Kelas segel untuk kontainer? | A | *H\nApa itu hama? | *tanah dan serangga | kertas")
        page.fill("#pass_mark", "75")
        submit(page, "#session-form button[type=submit]")
        expect(page.locator("h1")).to_have_text("Segel dan hama, gelombang 2")

        # Tick Agus (passes) and Dewi (fails); Budi and Siti were trained 200 days ago.
        for name, score in [("Agus Prasetyo", "100"), ("Dewi Kartika", "50")]:
            row = page.locator(".tick-list li", has_text=name)
            row.locator("input[type=checkbox]").check()
            row.locator("input[type=number]").fill(score)
        submit(page, "#attendance-form button[type=submit]")
        expect(page.locator("#attendance-list li")).to_have_count(2)
        expect(page.locator("#attendance-list [data-passed=false]")).to_contain_text("Dewi Kartika")

        page.goto(f"{demo_url}/companies/{company}/training")
        assert dock_percent(page) == "75"
        token = api_token(page, demo_url)
        coverage = api(demo_url, token, f"/companies/{company}/training/coverage")
        dock = next(role for role in coverage["roles"] if role["role"] == "Dock staff")
        assert dock["people"] == 4 and dock["fullyCurrent"] == 3 and dock["percent"] == 75
    finally:
        context.close()


def test_a_viewer_reads_the_coverage_but_cannot_record(browser: Browser, demo_url: str):
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.viewer")
        company = company_id(page, demo_url, GARMENTS)
        page.click("#training-link")
        page.wait_for_load_state()
        expect(page.locator("#training-coverage")).to_be_visible()
        assert page.locator("#new-training-session").count() == 0
        refused = page.goto(f"{demo_url}/companies/{company}/training/sessions/new")
        assert refused is not None and refused.status == 403
    finally:
        context.close()
