"""Issue 13, as a person uses it: an Indonesian officer on a phone answers the security profile
in Bahasa Indonesia (criteria and categories translated, nothing left in English on the current
catalog, English marked lang="en" on the old one), filters the list, and a refused answer keeps
everything typed; save-and-next moves on."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from test_10_phone_width import PHONE, sign_in


def test_an_indonesian_officer_answers_on_a_phone(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE, locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        sign_in(page, demo_url, "batik.officer")
        page.goto(demo_url + "/")
        page.locator("a[href^='/companies/']").first.click()
        page.click("#profile-link")
        if page.locator("#open-profile-form").count():
            page.locator("#open-profile-form button[type=submit]").click()
        expect(page.locator("#translation-note")).to_be_visible()
        # The current catalog is translated: no criterion title or category falls back to English.
        assert page.locator("table.criteria").count() > 5
        assert page.locator("main section.category [lang=en]").count() == 0
        assert "Keamanan Segel" in page.locator("main").inner_text()

        # Only the open Musts.
        page.select_option("#filter-show", "open_musts")
        page.click("#profile-filter button[type=submit]")
        rows = page.locator("table.criteria tr")
        assert rows.count() > 0
        assert rows.count() == page.locator("table.criteria tr.open-must").count()
        expect(page.locator("#filter-count")).to_contain_text("dari")

        # A refused answer keeps the status, the person responsible, and names the problem.
        rows.first.locator("a").first.click()
        first_url = page.url
        page.check("#answer-form input[name=status][value=meets]")
        page.fill("#answer-form input[name=responsible]", "Dewi Lestari")
        page.locator("#answer-form button[type=submit]").first.click()
        expect(page.locator(".field-error").first).to_be_visible()
        expect(page.locator("#answer-form input[name=status][value=meets]")).to_be_checked()
        expect(page.locator("#answer-form input[name=responsible]")).to_have_value("Dewi Lestari")

        # Save and go on to the next open criterion.
        page.fill("#answer-form textarea[name=narrative]", "Prosedur tertulis ditinjau setiap kuartal oleh manajer keamanan.")
        page.click("#save-next")
        page.wait_for_load_state()
        assert page.url != first_url and re.search(r"/profile/criteria/[^/]+$", page.url)
        expect(page.locator(".flash-success")).to_be_visible()
    finally:
        context.close()


def test_untranslated_catalog_text_is_marked_english(browser: Browser, demo_url: str):
    context = browser.new_context(locale="id", extra_http_headers={"Accept-Language": "id"})
    try:
        page = context.new_page()
        page.goto(demo_url + "/catalog?catalog=ctpat-msc-2020-r2")
        assert page.locator("main .criterion [lang=en]").count() == 0
        page.goto(demo_url + "/catalog?catalog=ctpat-msc-2020")
        assert page.locator("main .criterion [lang=en]").count() > 50
        assert page.get_attribute("html", "lang") == "id"
    finally:
        context.close()
