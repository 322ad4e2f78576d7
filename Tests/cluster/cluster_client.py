"""What the two-instance tests do over HTTP, with the standard library only.

A `Person` has a cookie jar (their browser: the first-run set-up, invitations and API tokens are
pages with CSRF-checked forms) and a bearer token for the JSON API under /api/v1. Sessions live
in the database, so one jar serves both instances; every call names the instance it goes to.
"""

from __future__ import annotations

import hashlib
import hmac
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

TIMEOUT_S = 60
PASSWORD = "two instances, one database 2026"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


def call(base: str, method: str, path: str, *, token: str | None = None, body=None, form: dict | None = None,
         raw: bytes | None = None, content_type: str | None = None, opener=None, timeout: float = TIMEOUT_S) -> Reply:
    """One request; an HTTP error status is an answer too, not an exception."""
    headers: dict[str, str] = {}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    elif form is not None:
        data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    elif raw is not None:
        data, headers["Content-Type"] = raw, content_type or "application/octet-stream"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    open_ = opener.open if opener is not None else urllib.request.urlopen
    try:
        with open_(request, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers or {}), error.read())


def s3(endpoint: str, method: str, path: str, body: bytes = b"", access_key: str = "testing", secret: str = "testing",
       region: str = "us-east-1") -> Reply:
    """A request to the S3-compatible server, signed with AWS Signature Version 4 (what the servers
    are given: access key and secret `testing`), so it works against a store that checks."""
    amz_date = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    payload = hashlib.sha256(body).hexdigest()
    signed_headers = {"host": urllib.parse.urlparse(endpoint).netloc, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
    names = sorted(signed_headers)
    canonical = "\n".join([method, urllib.parse.quote(path, safe="/-_.~"), "",
                           "".join(f"{n}:{signed_headers[n]}\n" for n in names), ";".join(names), payload])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{secret}".encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers = {"x-amz-date": amz_date, "x-amz-content-sha256": payload,
               "Authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={';'.join(names)}, Signature={signature}"}
    request = urllib.request.Request(endpoint + path, data=body if method in ("PUT", "POST") else None, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers or {}), error.read())


def multipart(fields: dict[str, str], file_name: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = f"----trustlane{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the redirect comes back as the answer


class Person:
    def __init__(self, name: str, email: str):
        self.name = name
        self.email = email
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # For a form whose redirect must not be followed, so that the next request is the test's own.
        self.opener_no_redirect = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.token = ""
        self.user_id = ""

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "tl_csrf":
                return cookie.value
        raise AssertionError(f"{self.email}: no tl_csrf cookie yet")

    def page(self, base: str, path: str) -> Reply:
        reply = call(base, "GET", path, opener=self.opener)
        assert reply.status == 200, f"GET {path} on {base}: HTTP {reply.status}"
        return reply

    def post_form(self, base: str, path: str, fields: dict[str, str]) -> Reply:
        return call(base, "POST", path, form={**fields, "_csrf": self.csrf()}, opener=self.opener)

    def api(self, base: str, method: str, path: str, body=None, *, token: str | None = None) -> Reply:
        # No cookies: a bearer call, as a script makes it.
        return call(base, method, "/api/v1" + path, token=token or self.token, body=body)

    def ok(self, base: str, method: str, path: str, body=None, status: int = 200):
        reply = self.api(base, method, path, body)
        assert reply.status == status, f"{method} {path} on {base}: HTTP {reply.status} {reply.text[:400]}"
        return reply.json()

    def create_token(self, base: str, name: str) -> tuple[str, str]:
        """A new API token from the account page (signed in); returns (token, token id)."""
        reply = self.post_form(base, "/account/tokens", {"name": name})
        assert reply.status == 200, f"POST /account/tokens on {base}: HTTP {reply.status}"
        token = re.search(r'<code id="new-api-token">([^<]+)</code>', reply.text)
        assert token, "no new token on the account page"
        row = re.search(rf"<tr><td>{re.escape(name)}</td>(?:(?!</tr>).)*?/account/tokens/([0-9A-Fa-f-]{{36}})/revoke",
                        reply.text, re.S)
        assert row, f"no revoke form for the token {name}"
        return token.group(1), row.group(1)

    def revoke_token(self, base: str, token_id: str) -> Reply:
        """The account page's revoke form, confirmed; its redirect (303 to /account) is not followed."""
        return call(base, "POST", f"/account/tokens/{token_id}/revoke", form={"confirm": "yes", "_csrf": self.csrf()},
                    opener=self.opener_no_redirect)

    def accept_invitation(self, base: str, link: str) -> None:
        path = urllib.parse.urlparse(link).path
        self.page(base, path)
        reply = self.post_form(base, path, {"name": self.name, "password": PASSWORD, "password_confirmation": PASSWORD})
        assert reply.status == 200, f"accepting {path} on {base}: HTTP {reply.status} {reply.text[:300]}"
        assert any(cookie.name == "tl_session" for cookie in self.jar), "not signed in after accepting the invitation"


def unique(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:8]}"


@dataclass
class Member:
    """A company with an officer, eligible as a highway carrier."""
    company: str
    officer: Person
    entity_type: str = "HC"

    @property
    def memberships(self) -> str:
        return f"/companies/{self.company}/memberships"

    @property
    def transitions(self) -> str:
        return f"/companies/{self.company}/memberships/{self.entity_type}/transitions"


@dataclass
class World:
    a: str
    b: str
    admin: Person
    reviewer: Person
    catalog: str
    questions: list = field(default_factory=list)

    @classmethod
    def set_up(cls, a: str, b: str) -> "World":
        # The first administrator, through A (the set-up form, then a token from the account page).
        admin = Person("Cluster Administrator", "cluster-admin@example.com")
        admin.page(a, "/setup")
        reply = admin.post_form(a, "/setup", {"name": admin.name, "email": admin.email, "password": PASSWORD,
                                              "password_confirmation": PASSWORD})
        assert reply.status == 200, f"set-up on A: HTTP {reply.status} {reply.text[:300]}"
        admin.token, _ = admin.create_token(a, "cluster-admin")

        # A reviewer: a viewer of a desk company, given the platform's reviewer role; each step
        # through the other instance than the one before.
        desk = admin.ok(b, "POST", "/companies", {"legalName": unique("Reviewer Desk"), "country": "US",
                                                 "address": "1 Review Way", "entityTypes": ["HC"]}, status=201)["id"]
        reviewer = Person("Rita Reviewer", f"{unique('reviewer')}@example.com")
        invitation = admin.ok(a, "POST", f"/companies/{desk}/invitations", {"email": reviewer.email, "role": "viewer"}, status=201)
        reviewer.accept_invitation(b, invitation["link"])
        reviewer.token, _ = reviewer.create_token(a, "reviewer-script")
        reviewer.user_id = reviewer.ok(b, "GET", "/me")["id"]
        granted = admin.api(a, "PUT", f"/users/{reviewer.user_id}/roles/reviewer")
        assert granted.status in (200, 204), f"granting the reviewer role: HTTP {granted.status} {granted.text[:200]}"

        # The questions of the newest catalog; `member` follows the catalog the check names if another.
        catalogs = admin.ok(b, "GET", "/catalogs")
        catalog = max(catalogs, key=lambda c: (c["effectiveDate"], c["id"]))["id"]
        questions = admin.ok(a, "GET", f"/catalogs/{catalog}/eligibility/HC")
        return cls(a=a, b=b, admin=admin, reviewer=reviewer, catalog=catalog, questions=questions)

    def answer_eligibility(self, officer: Person, host: str, company: str) -> dict:
        """Answers as an eligible highway carrier would (every required question yes, the rest no)."""
        for _ in range(2):
            answers = {q["id"]: q["effect"] == "required" for q in self.questions}
            check = officer.ok(host, "PUT", f"/companies/{company}/eligibility/HC", {"answers": answers})
            if check["catalogId"] == self.catalog:
                return check
            self.catalog = check["catalogId"]
            self.questions = officer.ok(host, "GET", f"/catalogs/{self.catalog}/eligibility/HC")
        return check

    def member(self, name: str) -> Member:
        """A new company with an officer (invited through A, accepted through B) and an eligible check."""
        a, b = self.a, self.b
        company = self.admin.ok(a, "POST", "/companies", {"legalName": unique(name), "country": "MX",
                                                          "address": "Calle 1, Monterrey", "entityTypes": ["HC"]}, status=201)["id"]
        officer = Person("Olga Officer", f"{unique('officer')}@example.com")
        invitation = self.admin.ok(b, "POST", f"/companies/{company}/invitations", {"email": officer.email, "role": "officer"}, status=201)
        officer.accept_invitation(a, invitation["link"])
        officer.token, _ = officer.create_token(b, "officer-script")
        check = self.answer_eligibility(officer, a, company)
        assert check["status"] == "eligible", check
        return Member(company=company, officer=officer)
