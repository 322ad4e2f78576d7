"""Issue 14, as each role meets it on the demo data: the company's home, the consultant's
portfolio, the reviewer's overview and workbench, the administrator's health list, each checked
against what the API says; the private calendar feed parsed with a calendar library."""

from __future__ import annotations

import json
import urllib.request
from contextlib import contextmanager
from datetime import date

import icalendar
from playwright.sync_api import Browser, Page, expect

from test_10_phone_width import sign_in


@contextmanager
def signed_in(browser: Browser, base: str, who: str):
    """A fresh browser context signed in as a demo account; its page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, base, who)
        yield page
    finally:
        context.close()


def api_token(page: Page, base: str) -> str:
    """An API token made on the account page, as a person would make one for a script."""
    page.goto(base + "/account")
    page.fill("#token-form [name=name]", "home check")
    page.click("#token-form button[type=submit]")
    page.wait_for_load_state()
    return page.locator("#new-api-token").inner_text().strip()


def api(base: str, token: str, path: str):
    request = urllib.request.Request(base + "/api/v1" + path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def company_id(page: Page, base: str, name: str) -> str:
    page.goto(base + "/")
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state()
    return page.url.rstrip("/").split("/companies/")[1].split("/")[0].split("#")[0]


def test_the_carrier_home_matches_the_api_and_its_calendar(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "tfn.officer") as page:
        token = api_token(page, demo_url)
        company = company_id(page, demo_url, "Transportes Fronterizos del Norte, S.A. de C.V.")
        memberships = api(demo_url, token, f"/companies/{company}/memberships")
        by_type = {m["entityType"]: m for m in memberships}
        assert by_type["HC"]["status"] == "certified"

        # Where the company stands: each entity type's status as the API has it.
        for standing in page.locator("li.standing").all():
            code = standing.get_attribute("data-entity-type")
            status = standing.locator("[data-status]").first.get_attribute("data-status")
            expected = by_type.get(code, {}).get("status") or "none"
            assert status == expected, f"{code}: page {status}, API {expected}"
        running = [c for c in by_type["HC"]["clocks"] if c["state"] != "met"]
        for clock in running:
            expect(page.locator(f"#standing [data-clock={clock['kind']}]")).to_contain_text(clock["dueOn"])
        # The overdue corrective action leads the next tasks.
        expect(page.locator("#next-tasks li").first).to_have_attribute("data-task", "overdue_actions")

        # The calendar feed holds every running clock and the overdue action, on their days.
        page.goto(demo_url + "/account")
        page.click("#calendar-create button[type=submit]")
        page.wait_for_load_state()
        link = page.locator("#calendar-link").inner_text().strip()
        with urllib.request.urlopen(link, timeout=30) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
            calendar = icalendar.Calendar.from_ical(response.read())
        events = [e for e in calendar.walk("VEVENT")]
        days = {e.decoded("DTSTART") for e in events}
        for clock in running:
            assert date.fromisoformat(clock["dueOn"]) in days, f"{clock['kind']} due {clock['dueOn']} missing from the feed"
        actions = api(demo_url, token, f"/companies/{company}/corrective-actions")
        items = actions["items"] if isinstance(actions, dict) else actions
        for action in items:
            due = date.fromisoformat(str(action["dueDate"])[:10])
            assert due in days, f"corrective action due {due} missing"
        assert all(str(e.get("SUMMARY")).startswith("Transportes Fronterizos") for e in events)
        assert len({str(e.get("UID")) for e in events}) == len(events), "UIDs are unique"

        # Revoked, the link stops at once.
        page.goto(demo_url + "/account")
        page.click("#calendar-revoke button[type=submit]")
        page.wait_for_load_state()
        try:
            urllib.request.urlopen(link, timeout=30)
            raise AssertionError("a revoked calendar link still answered")
        except urllib.error.HTTPError as error:
            assert error.code == 404


def test_the_consultant_portfolio_lists_every_client_the_api_lists(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "consultant") as page:
        token = api_token(page, demo_url)
        companies = api(demo_url, token, "/companies")["items"]
        page.goto(demo_url + "/portfolio")
        rows = page.locator("#portfolio tbody tr[data-company]")
        expect(rows).to_have_count(len(companies))
        listed = {r.get_attribute("data-company").lower() for r in rows.all()}
        assert listed == {c["id"].lower() for c in companies}
        for company in companies:
            memberships = api(demo_url, token, f"/companies/{company['id']}/memberships")
            row = page.locator(f"#portfolio tr[data-company='{company['id'].lower()}']")
            for membership in memberships:
                if membership.get("status"):
                    expect(row.locator(f"[data-status={membership['status']}]")).to_have_count(1)


def test_the_reviewer_overview_and_decision_panel_match_the_api(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "reviewer") as page:
        token = api_token(page, demo_url)
        overview = api(demo_url, token, "/review/overview")
        page.goto(demo_url + "/review/overview")
        for status, count in overview["byStatus"].items():
            expect(page.locator(f"#chart-states g[data-key={status}]")).to_have_attribute("data-value", str(count))
        for entity_type, count in overview["byEntityType"].items():
            expect(page.locator(f"#chart-entity-types g[data-key={entity_type}]")).to_have_attribute("data-value", str(count))

        # Assigned to me: the importer's application, under review; its decision panel.
        page.goto(demo_url + "/review")
        page.click("#queue-mine")
        page.wait_for_load_state()
        row = page.locator("#review-queue tbody tr", has_text="Harborline Home Goods, Inc.")
        expect(row).to_have_count(1)
        row.get_by_role("link", name="Harborline Home Goods, Inc.").click()
        page.wait_for_load_state()
        panel = page.locator("#decision-panel")
        expect(panel.locator("[data-concern=open_requests]")).to_have_attribute("data-count", "1")
        accepted = panel.locator("#decision-accepted")
        assert accepted.get_attribute("data-accepted") == "0"
        # Reading the submission, criterion by criterion, with the change since the last one.
        page.click("#review-criteria")
        page.wait_for_load_state()
        expect(page.locator("#review-aids #change-since")).to_have_attribute("data-changed", "first")
        expect(page.locator("#next-unreviewed")).to_be_visible()


def test_the_administrator_home_shows_health_and_counts_the_api_gives(browser: Browser, demo_url: str):
    with signed_in(browser, demo_url, "admin") as page:
        token = api_token(page, demo_url)
        users = api(demo_url, token, "/users")
        companies = api(demo_url, token, "/companies")
        page.goto(demo_url + "/")
        counts = page.locator("#admin-counts")
        expect(counts).to_have_attribute("data-people", str(len(users)))
        expect(counts).to_have_attribute("data-companies", str(companies["total"]))
        expect(page.locator("[data-health=migrations]")).to_have_attribute("data-level", "ok")
        expect(page.locator("[data-health=smtp]")).to_have_attribute("data-level", "warning")
        page.click("#audit-verify button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator("[data-health=audit]")).to_have_attribute("data-level", "ok")
