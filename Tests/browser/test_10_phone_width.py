"""Issue 13: every main page holds at phone width (390x844) and uses each id once, in each
language and for each kind of user, on the demo data set; the stylesheet comes from the binary itself (the servers run a
copy of it from an empty folder)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser

from conftest import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Links that are not pages to look at: downloads, signing out, machine-readable answers.
NOT_A_PAGE = re.compile(r"sign-out|\.csv|/download|/export|openapi|/metrics|format=|/evidence/[^/]+$")
WIDEST = """() => { const vw = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + Math.round(r.right)); }
  return out.slice(0, 5); }"""
PAGES_PER_PERSON = 45
DUPLICATE_IDS = """() => { const seen = {}; const twice = new Set();
  for (const el of document.querySelectorAll('[id]')) { if (seen[el.id]) twice.add(el.id); seen[el.id] = true; }
  return [...twice]; }"""


def sign_in(page, base: str, who: str) -> None:
    page.goto(f"{base}/sign-in")
    page.fill("#sign-in-form [name=email]", f"{who}@demo.trustlane.example")
    page.fill("#sign-in-form [name=password]", DEMO_PASSWORD)
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"{who} could not sign in"


def pages_of(page, base: str) -> list[str]:
    """The pages reachable from home and from the pages it links, one of each kind (ids folded)."""
    seen_kinds: set[str] = set()
    found: list[str] = []
    queue = ["/"]
    while queue and len(found) < PAGES_PER_PERSON:
        path = queue.pop(0)
        kind = ID.sub("ID", urlparse(path).path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        found.append(path)
        if path.count("/") > 3:
            continue  # deep pages are looked at, not followed
        page.goto(base + path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            if href.startswith("/") and not href.startswith("//") and not NOT_A_PAGE.search(href):
                queue.append(href.split("#")[0])
    return found


@pytest.mark.parametrize("who,language", [
    ("admin", "en"), ("reviewer", "id"), ("consultant", "es"), ("batik.officer", "id"), ("tfn.contributor", "es"),
    ("harborline.officer", "en"),
])
def test_every_main_page_fits_a_phone(browser: Browser, demo_url: str, who: str, language: str):
    context = browser.new_context(viewport=PHONE, locale=language, extra_http_headers={"Accept-Language": language})
    try:
        page = context.new_page()
        sign_in(page, demo_url, who)
        paths = pages_of(page, demo_url)
        assert len(paths) >= 8, f"{who} reached only {paths}"
        too_wide = []
        duplicated = []
        for path in paths:
            response = page.goto(demo_url + path)
            if response is None or response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path}: {width}px wide, {page.evaluate(WIDEST)}")
            twice = page.evaluate(DUPLICATE_IDS)
            if twice:
                duplicated.append(f"{path}: {twice}")
        assert not too_wide, f"{who} ({language}) at 390px:\n" + "\n".join(too_wide)
        # A label focuses the field its `for` names: every id once per page.
        assert not duplicated, f"{who}: ids used more than once:\n" + "\n".join(duplicated)
    finally:
        context.close()


def test_the_stylesheet_is_served_by_the_copied_binary(browser: Browser, demo_url: str):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(demo_url + "/catalog")
        link = page.get_attribute("link[rel=stylesheet]", "href")
        assert link and re.fullmatch(r"/css/trustlane\.css\?v=[0-9a-f]{16}", link), link
        response = page.request.get(demo_url + link)
        assert response.status == 200 and response.headers["content-type"].startswith("text/css")
        assert "immutable" in response.headers.get("cache-control", "")
        # Applied, not only served: the navigation bar has the stylesheet's ink colour.
        assert page.evaluate("getComputedStyle(document.getElementById('main-nav')).backgroundColor") == "rgb(28, 36, 48)"
        # A keyboard's first stop is the skip link, which leads to the content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    finally:
        context.close()
