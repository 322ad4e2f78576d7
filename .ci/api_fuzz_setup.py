#!/usr/bin/env python3
"""Prepares a fresh `trustlane serve` for the schemathesis leg of `.ci/run`.

Usage: api_fuzz_setup.py BASE_URL

Does what a person would do on a new installation: the first-run set-up form (with its CSRF
token), then an API token from the account page, then through the API one company with a
corrective action and a risk assessment holding one supply chain, so that operations on them
reach their handlers instead of answering 404 for a random id.
Prints `TOKEN COMPANY_ID ACTION_ID ASSESSMENT_ID CHAIN_ID` on one line. Standard library only (it runs before any venv exists).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

ADMIN = {
    "name": "Fuzz Administrator",
    "email": "fuzz-admin@example.com",
    "password": "schemathesis fuzzing passphrase 42",
}


def main(base: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf() -> str:
        for cookie in jar:
            if cookie.name == "tl_csrf":
                return cookie.value
        raise SystemExit("no tl_csrf cookie after GET /setup")

    def post_form(path: str, fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode({**fields, "_csrf": csrf()}).encode()
        request = urllib.request.Request(base + path, data=data, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with opener.open(request, timeout=60) as response:
            return response.read().decode("utf-8", "replace")

    with opener.open(base + "/setup", timeout=60) as response:
        if response.status != 200:
            raise SystemExit(f"GET /setup answered {response.status}")
    post_form("/setup", {**ADMIN, "password_confirmation": ADMIN["password"]})
    page = post_form("/account/tokens", {"name": "schemathesis"})
    match = re.search(r'<code id="new-api-token">([^<]+)</code>', page)
    if not match:
        raise SystemExit("no API token on the account page after POST /account/tokens")
    token = match.group(1)

    def post_json(path: str, body: dict) -> dict:
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    company = post_json("/api/v1/companies", {"legalName": "Fuzz Freight", "country": "MX",
                                               "address": "Calle 1", "entityTypes": ["HC"]})["id"]
    action = post_json(f"/api/v1/companies/{company}/corrective-actions",
                       {"title": "Fix the yard gate", "owner": "Ana Ruiz", "dueDate": "2031-01-31"})["id"]
    risk = f"/api/v1/companies/{company}/risk-assessments"
    assessment = post_json(risk, {"title": "Fuzz assessment"})["assessment"]["id"]
    chain = post_json(f"{risk}/{assessment}/chains", {
        "name": "Monterrey to Laredo",
        "nodes": [{"key": "F1", "kind": "origin_factory", "name": "Planta Norte", "country": "MX"},
                  {"key": "D1", "kind": "destination", "name": "Laredo DC", "country": "US"}],
        "legs": [{"from": "F1", "to": "D1", "mode": "truck"}],
    })["chainId"]
    print(token, company, action, assessment, chain)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1].rstrip("/"))
