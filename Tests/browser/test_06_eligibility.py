"""An officer walks the eligibility check for an importer to its result, and back."""

from playwright.sync_api import expect

import trustlane_ui as ui


def test_officer_walks_eligibility_check_to_result(page, new_page, admin):
    ui.sign_in(page, admin)
    legal_name = f"Harborline Imports {ui.unique('co')}"
    company = ui.create_company(page, legal_name, country="US", entity_types=("IMP",), identifiers={"ior_number": "95-1234567-00"})
    officer = ui.person("officer")
    invitation = ui.invite(page, company, officer.email, "officer")
    officer_page = new_page()
    ui.accept_invitation(officer_page, invitation, officer)

    # From the company page to the importer questionnaire.
    officer_page.click("#eligibility-link")
    expect(officer_page.locator("#eligibility-overview")).to_contain_text("IMP")
    officer_page.click("#eligibility-overview a")
    form = officer_page.locator("#eligibility-form")
    expect(form).to_be_visible()

    # Answer every question the way an eligible importer would: yes to requirements, no to the rest.
    questions = form.locator("fieldset.question")
    count = questions.count()
    assert count >= 4
    for i in range(count):
        question = questions.nth(i)
        answer = "yes" if question.get_attribute("data-effect") == "required" else "no"
        question.locator(f"input[value={answer}]").check()
    ui.submit(officer_page, "#eligibility-form")
    result = officer_page.locator("#eligibility-result")
    expect(result).to_be_visible()
    expect(result.locator("[data-status]")).to_have_attribute("data-status", "eligible")

    # Now say "no" to the first question (an active importer in the last 12 months): not eligible,
    # with the reason, and who answered.
    questions.nth(0).locator("input[value=no]").check()
    ui.submit(officer_page, "#eligibility-form")
    expect(officer_page.locator("#eligibility-result [data-status]")).to_have_attribute("data-status", "not_eligible")
    expect(officer_page.locator("#eligibility-result .reasons li").first).to_be_visible()
    expect(officer_page.locator("#eligibility-result")).to_contain_text(officer.email)

    # The answers are kept: reopening shows the same choices.
    officer_page.reload()
    expect(questions.nth(0).locator("input[value=no]")).to_be_checked()
