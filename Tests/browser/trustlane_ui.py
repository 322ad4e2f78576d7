"""Steps a person takes in Trustlane's pages, written against the page contract
(see README.md in this folder): ids of forms, `name`s of fields, `.flash-error`,
`.field-error[data-field=...]`, `#nav-user`, `#nav-company`."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

from playwright.sync_api import Page, Response, expect

UUID_RE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
COMPANY_PATH_RE = re.compile(rf"^/companies/({UUID_RE})/?$")
INVITATION_PATH_RE = re.compile(r"/invitations/([^\s/?#<>\"']+)")


@dataclass(frozen=True)
class Account:
    name: str
    email: str
    password: str


# The platform administrator created by the first-run set-up (the server's database is new
# for each test session, so the first test to need it creates it).
ADMIN = Account(
    name="Platform Administrator",
    email="admin@example.com",
    password="correct horse battery staple",  # at least 12 characters
)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def person(role: str) -> Account:
    tag = unique(role)
    return Account(name=f"Test {role.title()} {tag[-4:]}", email=f"{tag}@example.com",
                   password=f"pw-{uuid.uuid4().hex[:16]}")


def path_of(page: Page) -> str:
    return urlparse(page.url).path


def submit(page: Page, form: str) -> Response | None:
    """Clicks the form's submit button and waits for the page that the server answers with."""
    with page.expect_navigation(wait_until="load") as nav:
        page.locator(f"{form} button[type=submit]").first.click()
    return nav.value


def skip_client_validation(page: Page, form: str) -> None:
    """Turns off the browser's own checks (required, minlength, ...) so the server's are tested."""
    page.locator(form).evaluate("f => { f.noValidate = true; }")


# --- first-run set-up and sign-in ----------------------------------------------------------

def setup_admin(page: Page, account: Account = ADMIN) -> Response | None:
    page.fill("#setup-form [name=name]", account.name)
    page.fill("#setup-form [name=email]", account.email)
    page.fill("#setup-form [name=password]", account.password)
    page.fill("#setup-form [name=password_confirmation]", account.password)
    return submit(page, "#setup-form")


def ensure_admin(page: Page) -> bool:
    """Does the first-run set-up if /setup is still there. Returns True if it did."""
    response = page.goto("/setup")
    if response is None or response.status != 200 or page.locator("#setup-form").count() == 0:
        return False
    setup_admin(page)
    assert path_of(page) == "/", f"set-up should lead to /, got {page.url}"
    return True


def sign_in(page: Page, account: Account) -> Response | None:
    page.goto("/sign-in")
    page.fill("#sign-in-form [name=email]", account.email)
    page.fill("#sign-in-form [name=password]", account.password)
    return submit(page, "#sign-in-form")


def expect_signed_in_as(page: Page, account: Account) -> None:
    expect(page.locator("nav#main-nav #nav-user")).to_contain_text(account.email)


def expect_not_signed_in_as(page: Page, account: Account) -> None:
    expect(page.locator("nav#main-nav #nav-user", has_text=account.email)).to_have_count(0)


def sign_out(page: Page) -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator("form#sign-out-form button").first.click()
    assert path_of(page) == "/sign-in", f"sign-out should lead to /sign-in, got {page.url}"


# --- companies and invitations --------------------------------------------------------------

def company_id(page: Page) -> str:
    match = COMPANY_PATH_RE.match(path_of(page))
    assert match, f"expected a company page /companies/<uuid>, got {page.url}"
    return match.group(1)


def create_company(page: Page, legal_name: str, country: str = "ID",
                   entity_types: tuple[str, ...] = ("EXP",),
                   identifiers: dict[str, str] | None = None) -> str:
    """Creates a company as the signed-in administrator; returns its id."""
    page.goto("/admin/companies/new")
    page.fill("#company-form [name=legal_name]", legal_name)
    page.select_option("#company-form select[name=country]", country)
    page.fill("#company-form [name=address]", "Jl. Jenderal Sudirman 1\nJakarta 10220")
    for value in entity_types:
        page.check(f"#company-form input[name=entity_types][value={value}]")
    for field, value in (identifiers or {}).items():
        page.fill(f"#company-form [name={field}]", value)
    submit(page, "#company-form")
    cid = company_id(page)
    expect(page.locator("h1").first).to_have_text(legal_name)
    return cid


def invite(page: Page, company: str, email: str, role: str) -> str:
    """As the administrator, invites `email` to the company; returns the invitation's path."""
    page.goto(f"/companies/{company}")
    page.fill("#invite-form [name=email]", email)
    page.select_option("#invite-form select[name=role]", role)
    submit(page, "#invite-form")
    link = page.locator("#invitation-link")
    expect(link).to_be_visible()
    text = link.inner_text().strip()
    assert re.match(r"^https?://", text), f"the invitation link should be an absolute URL: {text!r}"
    match = INVITATION_PATH_RE.search(text)
    assert match, f"no /invitations/<token> in {text!r}"
    # Follow the path on the server under test, whatever host name the link was built with.
    return f"/invitations/{match.group(1)}"


def accept_invitation(page: Page, invitation_path: str, account: Account) -> Response | None:
    page.goto(invitation_path)
    page.fill("#accept-form [name=name]", account.name)
    page.fill("#accept-form [name=password]", account.password)
    page.fill("#accept-form [name=password_confirmation]", account.password)
    return submit(page, "#accept-form")


def expect_not_found(page: Page, response: Response | None) -> None:
    status = response.status if response is not None else None
    heading = page.locator("h1").first.inner_text() if page.locator("h1").count() else ""
    assert status == 404 or "404" in heading, (
        f"expected a 404 page for {page.url}, got status {status} and h1 {heading!r}")
