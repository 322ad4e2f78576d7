"""Issue 13: axe-core (bundled by axe-playwright-python, no download) finds no violation and no
critical item it could not decide, on the main pages each kind of user reaches, in English,
Bahasa Indonesia and Spanish, at desktop width and on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from test_10_phone_width import PHONE, pages_of, sign_in

DESKTOP = {"width": 1280, "height": 900}
AXE = Axe()
# What axe checks: WCAG 2.1 A and AA and its best practices.
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def problems(page) -> list[str]:
    result = AXE.run(page, options=OPTIONS).response
    found = []
    for item in result["violations"]:
        targets = [" ".join(node["target"]) for node in item["nodes"][:3]]
        found.append(f"{item['id']} ({item['impact']}): {item['help']} at {targets}")
    for item in result["incomplete"]:
        if item.get("impact") == "critical":
            targets = [" ".join(node["target"]) for node in item["nodes"][:3]]
            found.append(f"needs review, critical: {item['id']}: {item['help']} at {targets}")
    return found


@pytest.mark.parametrize("who,language,viewport", [
    ("admin", "en", DESKTOP), ("harborline.officer", "en", PHONE),
    ("batik.officer", "id", PHONE), ("reviewer", "id", DESKTOP),
    ("tfn.coordinator", "es", DESKTOP), ("consultant", "es", PHONE),
])
def test_axe_finds_nothing_on_the_main_pages(browser: Browser, demo_url: str, who: str, language: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale=language, extra_http_headers={"Accept-Language": language})
    try:
        page = context.new_page()
        sign_in(page, demo_url, who)
        paths = pages_of(page, demo_url)
        assert len(paths) >= 8, f"{who} reached only {paths}"
        report = []
        for path in paths:
            response = page.goto(demo_url + path)
            if response is None or response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            report += [f"{path}: {p}" for p in problems(page)]
        assert not report, f"{who} ({language}):\n" + "\n".join(report)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "id", "es"])
def test_axe_finds_nothing_on_the_public_pages(browser: Browser, demo_url: str, language: str):
    context = browser.new_context(viewport=DESKTOP, locale=language, extra_http_headers={"Accept-Language": language})
    try:
        page = context.new_page()
        report = []
        for path in ["/sign-in", "/catalog", "/catalog?entity=HC&level=must", "/catalog/ctpat-msc-2020-r2/criteria/7.37", "/nowhere"]:
            page.goto(demo_url + path)
            report += [f"{path}: {p}" for p in problems(page)]
        assert not report, f"({language}):\n" + "\n".join(report)
    finally:
        context.close()
