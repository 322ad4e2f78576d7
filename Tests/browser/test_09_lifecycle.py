"""An officer and a reviewer walk the membership lifecycle: apply, submit the profile, review,
request information, resubmit, certify, plan a validation, a finding, the answer, validated."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

from playwright.sync_api import Page, expect

import trustlane_ui as ui


def api(base_url: str, token: str, method: str, path: str, body: dict | None = None) -> dict | list | None:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def create_token(page: Page) -> str:
    page.goto("/account")
    page.fill("#token-form [name=name]", ui.unique("token"))
    ui.submit(page, "#token-form")
    token = page.locator("#new-api-token").inner_text().strip()
    assert token
    return token


def answer_eligibility(page: Page, company: str) -> None:
    page.goto(f"/companies/{company}/eligibility/IMP")
    questions = page.locator("#eligibility-form fieldset.question")
    for i in range(questions.count()):
        question = questions.nth(i)
        answer = "yes" if question.get_attribute("data-effect") == "required" else "no"
        question.locator(f"input[value={answer}]").check()
    ui.submit(page, "#eligibility-form")
    expect(page.locator("#eligibility-result [data-status]")).to_have_attribute("data-status", "eligible")


def submit_profile(base_url: str, token: str, company: str) -> str:
    """Fills every applicable Must through the profile API and submits; returns a criterion id."""
    base = f"/api/v1/companies/{company}/profile"
    try:
        api(base_url, token, "POST", base, {"entityTypes": ["IMP"]})
    except urllib.error.HTTPError as error:  # already open
        if error.code not in (400, 409):
            raise
    profile = api(base_url, token, "GET", base)
    if profile["pendingConditions"]:
        api(base_url, token, "PUT", base + "/conditions", {"conditions": {c: False for c in profile["pendingConditions"]}})
        profile = api(base_url, token, "GET", base)
    musts = [a for a in profile["answers"] if a["level"] == "must"]
    for answer in musts:
        if answer["status"] == "meets":
            continue
        api(base_url, token, "PUT", f"{base}/answers/{answer['criterionId']}",
            {"status": "meets", "narrative": "Written procedure, trained staff, checked monthly.", "baseVersion": answer["version"]})
    api(base_url, token, "POST", base + "/submissions", {"declaration": True})
    return musts[0]["criterionId"]


def test_officer_and_reviewer_walk_the_lifecycle_to_validated(page, new_page, admin, base_url):
    ui.sign_in(page, admin)
    name = f"Harborline Lifecycle {ui.unique('co')}"
    company = ui.create_company(page, name, country="US", entity_types=("IMP",), identifiers={"ior_number": "95-7654321-00"})
    officer = ui.person("officer")
    officer_page = new_page()
    ui.accept_invitation(officer_page, ui.invite(page, company, officer.email, "officer"), officer)

    # A reviewer: an account (a viewer elsewhere) given the reviewer role by the administrator.
    home = ui.create_company(page, f"Reviewer Desk {ui.unique('co')}", country="US", entity_types=("IMP",),
                             identifiers={"ior_number": "95-1111111-00"})
    reviewer = ui.person("reviewer")
    reviewer_page = new_page()
    ui.accept_invitation(reviewer_page, ui.invite(page, home, reviewer.email, "viewer"), reviewer)
    reviewer_token = create_token(reviewer_page)
    me = api(base_url, reviewer_token, "GET", "/api/v1/me")
    api(base_url, create_token(page), "PUT", f"/api/v1/users/{me['id']}/roles/reviewer")

    # Eligibility, then the application with the partner agreement.
    answer_eligibility(officer_page, company)
    officer_page.goto(f"/companies/{company}")
    officer_page.click("#membership-link")
    expect(officer_page.locator("#partner-agreement")).to_be_visible()
    officer_page.check("#form-apply input[name=agreement]")
    ui.submit(officer_page, "#form-apply")
    section = officer_page.locator("#membership-IMP")
    expect(section.locator("[data-status]").first).to_have_attribute("data-status", "applied")
    # CBP's 90 days count from the submitted profile (issue 11): no decision clock runs yet.
    expect(section.locator("tr[data-clock=certification_decision]")).to_have_count(0)

    # The profile is submitted (through the API) and the application moves on.
    officer_token = create_token(officer_page)
    criterion = submit_profile(base_url, officer_token, company)
    officer_page.goto(f"/companies/{company}/membership")
    expect(officer_page.locator("#membership-IMP [data-status]").first).to_have_attribute("data-status", "profile_submitted")
    expect(officer_page.locator("#membership-IMP tr[data-clock=certification_decision]")).to_be_visible()

    # The reviewer picks it from the queue, starts the review and asks for information.
    reviewer_page.goto("/review")
    reviewer_page.click(f"#review-queue a:has-text('{name}')")
    ui.submit(reviewer_page, "#form-start_review")
    reviewer_page.fill("#form-request_information textarea[name=items]", "The seal log for the last quarter")
    reviewer_page.fill("#form-request_information textarea[name=internal_note]", "Internal: compare with last year")
    ui.submit(reviewer_page, "#form-request_information")
    expect(reviewer_page.locator("#review-status [data-status]")).to_have_attribute("data-status", "information_requested")

    # The officer sees the request (not the internal note) and resubmits.
    officer_page.goto(f"/companies/{company}/membership")
    expect(officer_page.locator("#membership-IMP")).to_contain_text("The seal log for the last quarter")
    expect(officer_page.locator("#membership-IMP")).not_to_contain_text("compare with last year")
    ui.submit(officer_page, "#form-resubmit")
    expect(officer_page.locator("#membership-IMP [data-status]").first).to_have_attribute("data-status", "resubmitted")

    # Certify, then plan a validation with a foreign site.
    reviewer_page.reload()
    # Certification waits for CBP's background vetting (issue 11).
    ui.submit(reviewer_page, "#form-complete_vetting")
    # Issue 14: the decision panel says what is still open, and certifying needs the box ticked.
    panel = reviewer_page.locator("#decision-panel")
    expect(panel.locator("[data-concern=criteria_not_accepted]")).to_be_visible()
    expect(panel.locator("#submitted-profile")).to_be_visible()
    expect(reviewer_page.locator("#form-certify .despite")).to_contain_text("Criteria not accepted")
    ui.skip_client_validation(reviewer_page, "#form-certify")
    ui.submit(reviewer_page, "#form-certify")
    expect(reviewer_page.locator(".flash-error")).to_contain_text("tick the box")
    expect(reviewer_page.locator("#review-status [data-status]")).to_have_attribute("data-status", "resubmitted")
    reviewer_page.check("#form-certify input[name=confirm]")
    ui.submit(reviewer_page, "#form-certify")
    expect(reviewer_page.locator("#review-status [data-status]")).to_have_attribute("data-status", "certified")
    today = datetime.now(timezone.utc).date()
    start, end = today + timedelta(days=14), today + timedelta(days=16)
    reviewer_page.fill("#form-plan_validation textarea[name=sites]",
                       f"Long Beach warehouse | US | {start}\nShenzhen supplier plant | CN | {end}")
    reviewer_page.fill("#form-plan_validation input[name=starts_on]", str(start))
    reviewer_page.fill("#form-plan_validation input[name=ends_on]", str(end))
    ui.submit(reviewer_page, "#form-plan_validation")
    expect(reviewer_page.locator("#review-status [data-status]")).to_have_attribute("data-status", "validation_planned")

    # A required action on a criterion.
    reviewer_page.fill("#record-finding input[name=criterion]", criterion)
    reviewer_page.fill("#record-finding textarea[name=text]", "Keep a signed log of every seal change")
    ui.submit(reviewer_page, "#record-finding")
    expect(reviewer_page.locator("#findings tr[data-kind=required_action]")).to_have_attribute("data-status", "open")

    # The company answers it.
    officer_page.goto(f"/companies/{company}/membership")
    officer_page.fill(".finding-response textarea[name=response]", "The seal log is signed by the dock supervisor; scan attached.")
    ui.submit(officer_page, ".finding-response")
    expect(officer_page.locator("#membership-IMP tr[data-kind=required_action]")).to_have_attribute("data-status", "responded")

    # The reviewer closes it and records Tier II.
    reviewer_page.reload()
    ui.submit(reviewer_page, ".close-finding")
    expect(reviewer_page.locator("#findings tr[data-kind=required_action]")).to_have_attribute("data-status", "closed")
    reviewer_page.select_option("#form-record_validation select[name=result]", "tier_2")
    ui.submit(reviewer_page, "#form-record_validation")
    expect(reviewer_page.locator("#review-status [data-status]")).to_have_attribute("data-status", "validated")

    officer_page.goto(f"/companies/{company}/membership")
    expect(officer_page.locator("#membership-IMP [data-status]").first).to_have_attribute("data-status", "validated")
    expect(officer_page.locator("#membership-IMP [data-tier]")).to_have_attribute("data-tier", "tier_2")
    expect(officer_page.locator("#unread-count")).to_be_visible()
