"""Issue 18: two `trustlane serve` processes on one PostgreSQL, evidence in one bucket.

Every test sends its requests to both processes (A and B): what one process wrote, the other
reads; a step fired at both at once happens once; a change of access made through one is
refused by the other on the very next request: each process compares the stored count of changes
of access before it trusts its cache of sign-ins (PostgreSQL's NOTIFY, which arrives a few
milliseconds later, is not waited for).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import threading
import time
from datetime import date, timedelta

import pytest

import cluster_client as cc


def alternate(world: cc.World):
    """A, B, A, B, ...: each call of the returned function names the next instance."""
    hosts = itertools.cycle([world.a, world.b])
    return lambda: next(hosts)


def at_both_at_once(world: cc.World, send):
    """Calls send(A) and send(B) from two threads released together; returns both replies."""
    barrier = threading.Barrier(2)
    replies: dict[str, cc.Reply] = {}

    def run(host: str) -> None:
        barrier.wait()
        replies[host] = send(host)

    threads = [threading.Thread(target=run, args=(host,)) for host in (world.a, world.b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(replies) == 2, "a request did not come back"
    return [replies[world.a], replies[world.b]]


def membership(person: cc.Person, host: str, member: cc.Member) -> dict:
    entries = person.ok(host, "GET", member.memberships)
    return next(e for e in entries if e["entityType"] == member.entity_type)


def audit_actions(world: cc.World, host: str, company: str) -> list[str]:
    return [entry["action"] for entry in world.admin.ok(host, "GET", f"/companies/{company}/audit")]


def assert_happened_once(world: cc.World, member: cc.Member, kind: str, replies: list[cc.Reply]) -> None:
    """One reply says done; the other already done (200) or a 409 naming the refusal; never a 5xx."""
    for reply in replies:
        assert reply.status in (200, 409), f"{kind}: HTTP {reply.status} {reply.text[:300]}"
        if reply.status == 409:
            assert reply.json()["error"]["code"], reply.text
    done = [r for r in replies if r.status == 200 and r.json().get("result") == "done"]
    assert len(done) == 1, f"{kind} fired at both instances: {[(r.status, r.text[:160]) for r in replies]}"
    # Both instances show one event and one audit entry for it.
    for host in (world.a, world.b):
        events = [e for e in membership(world.admin, host, member)["events"] if e["kind"] == kind]
        assert len(events) == 1, f"{kind}: {len(events)} events seen through {host}"
        assert audit_actions(world, host, member.company).count(f"lifecycle.{kind}") == 1


def fill_and_submit_profile(member: cc.Member, next_host) -> None:
    """Every applicable Must answered through the profile API, each answer through the other instance."""
    officer = member.officer
    base = f"/companies/{member.company}/profile"
    opened = officer.api(next_host(), "POST", base, {"entityTypes": [member.entity_type]})
    assert opened.status in (200, 201), f"opening the profile: HTTP {opened.status} {opened.text[:300]}"
    profile = officer.ok(next_host(), "GET", base)
    if profile["pendingConditions"]:
        officer.ok(next_host(), "PUT", base + "/conditions", {"conditions": {c: False for c in profile["pendingConditions"]}})
        profile = officer.ok(next_host(), "GET", base)
    musts = [a for a in profile["answers"] if a["level"] == "must"]
    assert musts, "the profile has no Must criteria"
    for answer in musts:
        officer.ok(next_host(), "PUT", f"{base}/answers/{answer['criterionId']}",
                   {"status": "meets", "narrative": "Written procedure, trained staff, checked monthly.", "baseVersion": answer["version"]})
    # What A and B read back is what both wrote.
    for host in (next_host(), next_host()):
        saved = officer.ok(host, "GET", base)
        assert all(a["status"] == "meets" for a in saved["answers"] if a["level"] == "must"), f"answers missing through {host}"
    officer.ok(next_host(), "POST", base + "/submissions", {"declaration": True}, status=201)


def prepared_migrations(log: str) -> list[str]:
    """The migrations a server's log says it prepared (text logs: `migration=NAME` before the
    message; JSON or Vapor's console logger: `migration: NAME` or `"migration":"NAME"`)."""
    names = []
    for line in log.splitlines():
        if "[Migrator] Starting prepare" in line:
            found = re.search(r'migration"?\s*[=:]\s*"?([^",\]\s]+)', line)
            assert found, f"a migrator line without the migration's name: {line}"
            names.append(found.group(1))
    return names


def assert_refused_by_the_next_request(send, status: int, what: str) -> None:
    """The request right after the change is refused: no window while a notice travels."""
    reply = send()
    assert reply.status == status, \
        f"{what}: the very next request to B answered HTTP {reply.status}, not {status} ({reply.text[:200]})"


def test_both_instances_are_ready_and_the_migrations_ran_once(cluster):
    for instance in cluster.instances:
        assert cc.call(instance.base, "GET", "/readyz").status == 200, f"{instance.name} is not ready"
    names = cluster.sql("SELECT name FROM _fluent_migrations")
    assert names and len(names) == len(set(names)), "a migration is recorded twice"
    # The migrator logs each migration it prepares: between them the two processes prepared
    # each one exactly once (the other waited on the migration lock and found nothing to do).
    prepared = {i.name: prepared_migrations(i.log_text()) for i in cluster.instances}
    everything = prepared["a"] + prepared["b"]
    assert sorted(everything) == sorted(names), (
        f"prepared by A: {len(prepared['a'])}, by B: {len(prepared['b'])}, recorded: {len(names)}")
    assert not (set(prepared["a"]) & set(prepared["b"])), "both processes prepared the same migration"


def test_the_lifecycle_walks_to_validated_with_requests_alternating_between_the_instances(world):
    member = world.member("Fronteras Carriers")
    officer, reviewer = member.officer, world.reviewer
    next_host = alternate(world)

    def step(person: cc.Person, kind: str, expect: str, **details) -> dict:
        host = next_host()
        entry = person.ok(host, "POST", member.transitions, {"kind": kind, **details})
        assert entry["result"] == "done" and entry["status"] == expect, f"{kind} through {host}: {entry['status']} {entry['result']}"
        # The other instance reads the new state at once.
        seen = membership(person, next_host(), member)
        assert seen["status"] == expect and seen["version"] == entry["version"]
        return entry

    step(officer, "apply", "applied", agreementAccepted=True)
    fill_and_submit_profile(member, next_host)
    assert membership(officer, next_host(), member)["status"] == "profile_submitted"

    # The reviewer starts the review at both instances at once: it happens once.
    replies = at_both_at_once(world, lambda host: reviewer.api(host, "POST", member.transitions, {"kind": "start_review"}))
    assert_happened_once(world, member, "start_review", replies)
    assert membership(reviewer, next_host(), member)["status"] == "under_review"

    step(reviewer, "request_information", "information_requested", items=["The seal log for the last quarter"])
    step(officer, "resubmit", "resubmitted")
    step(reviewer, "complete_vetting", "resubmitted")
    certified = step(reviewer, "certify", "certified")
    assert certified["certifiedAt"]
    starts = date.today() + timedelta(days=14)
    step(reviewer, "plan_validation", "validation_planned", startsOn=str(starts), endsOn=str(starts + timedelta(days=2)),
         siteVisit=True, sites=[{"name": "Monterrey yard", "country": "MX", "visitOn": str(starts)}])
    validated = step(reviewer, "record_validation", "validated", result="tier_2")
    assert validated["tier"] == "tier_2"

    # The history, read through each instance, has each step once, in order.
    expected = ["apply", "submit_profile", "start_review", "request_information", "resubmit", "complete_vetting", "certify",
                "plan_validation", "record_validation"]
    for host in (world.a, world.b):
        kinds = [e["kind"] for e in membership(world.admin, host, member)["events"]]
        assert sorted(kinds) == sorted(expected), f"events through {host}: {kinds}"


def test_the_same_apply_fired_at_both_instances_at_once_happens_once(world):
    for round_ in range(3):
        member = world.member(f"Race Carriers {round_}")
        replies = at_both_at_once(world, lambda host: member.officer.api(host, "POST", member.transitions,
                                                                          {"kind": "apply", "agreementAccepted": True}))
        assert_happened_once(world, member, "apply", replies)
        for host in (world.a, world.b):
            assert membership(member.officer, host, member)["status"] == "applied"


def test_evidence_uploaded_through_a_downloads_byte_identical_through_b(cluster, world):
    member = world.member("Evidence Freight")
    content = b"%PDF-1.4\n% seal policy\n" + os.urandom(150_000) + b"\n%%EOF\n"
    digest = hashlib.sha256(content).hexdigest()
    body, content_type = cc.multipart({"title": "Seal policy"}, "seal-policy.pdf", content, "application/pdf")
    uploaded = cc.call(world.a, "POST", f"/api/v1/companies/{member.company}/evidence", token=member.officer.token,
                       raw=body, content_type=content_type)
    assert uploaded.status == 201, f"upload through A: HTTP {uploaded.status} {uploaded.text[:300]}"
    evidence = uploaded.json()
    assert evidence["sha256"] == digest and evidence["size"] == len(content)

    # B lists it and serves the same bytes; neither process has it on its own disk: it is in the bucket.
    listed = member.officer.ok(world.b, "GET", f"/companies/{member.company}/evidence")
    assert [e["id"] for e in listed] == [evidence["id"]]
    downloaded = cc.call(world.b, "GET", f"/companies/{member.company}/profile/evidence/{evidence['id']}", token=member.officer.token)
    assert downloaded.status == 200, f"download through B: HTTP {downloaded.status}"
    assert downloaded.body == content, "B served other bytes than A stored"
    for instance in cluster.instances:
        on_disk = [p for p in instance.data.rglob("*") if p.is_file() and p.name == digest]
        assert not on_disk, f"the file is on {instance.name}'s disk: {on_disk}"
    stored = cc.s3(cluster.s3_endpoint, "GET", f"/{cluster.bucket}/evidence/{digest[:2]}/{digest[2:4]}/{digest}")
    assert stored.status == 200 and stored.body == content

    # Another company's officer gets nothing through either instance.
    other = world.member("Nosy Freight")
    for host in (world.a, world.b):
        refused = cc.call(host, "GET", f"/companies/{member.company}/profile/evidence/{evidence['id']}", token=other.officer.token)
        assert refused.status == 404, f"another company's officer through {host}: HTTP {refused.status}"


def test_a_token_revoked_through_a_is_refused_by_b_on_the_very_next_request(world):
    person = world.member("Token Freight").officer
    token, token_id = person.create_token(world.a, "to-revoke")
    # B resolves the token and keeps it in its cache (TRUSTLANE_AUTH_CACHE_SECONDS, 10 by default).
    for _ in range(3):
        assert cc.call(world.b, "GET", "/api/v1/me", token=token).status == 200
    revoked = person.revoke_token(world.a, token_id)
    assert revoked.status == 303 and revoked.header("Location").endswith("/account"), \
        f"revoking through A: HTTP {revoked.status} {revoked.text[:200]}"
    assert_refused_by_the_next_request(lambda: cc.call(world.b, "GET", "/api/v1/me", token=token), 401,
                                       "a token revoked through A")
    # The person's other token still works through both, and A refuses the revoked one.
    for host in (world.a, world.b):
        assert cc.call(host, "GET", "/api/v1/me", token=person.token).status == 200
    assert cc.call(world.a, "GET", "/api/v1/me", token=token).status == 401


def test_a_role_withdrawn_through_a_is_refused_by_b_on_the_very_next_request(world):
    # A second reviewer, so the first keeps the role for the other tests.
    admin = world.admin
    desk = admin.ok(world.a, "POST", "/companies", {"legalName": cc.unique("Second Desk"), "country": "US",
                                                    "address": "2 Review Way", "entityTypes": ["HC"]}, status=201)["id"]
    reviewer = cc.Person("Raul Reviewer", f"{cc.unique('reviewer')}@example.com")
    invitation = admin.ok(world.b, "POST", f"/companies/{desk}/invitations", {"email": reviewer.email, "role": "viewer"}, status=201)
    reviewer.accept_invitation(world.a, invitation["link"])
    reviewer.token, _ = reviewer.create_token(world.b, "queue-script")
    reviewer.user_id = reviewer.ok(world.a, "GET", "/me")["id"]
    assert admin.api(world.b, "PUT", f"/users/{reviewer.user_id}/roles/reviewer").status == 200
    for _ in range(3):
        assert reviewer.api(world.b, "GET", "/review/queue").status == 200
    assert admin.api(world.a, "DELETE", f"/users/{reviewer.user_id}/roles/reviewer").status == 200
    assert_refused_by_the_next_request(lambda: reviewer.api(world.b, "GET", "/review/queue"), 403,
                                       "a reviewer role withdrawn through A")


def test_the_audit_chain_both_processes_wrote_verifies(cluster, world):
    # Entries from both processes, interleaved, under one chain (the advisory lock on append).
    before = world.admin.ok(world.a, "GET", "/audit")
    assert before, "no audit entries"
    env = {**cluster.env, "TRUSTLANE_DATA_DIR": str(cluster.a.data), "LOG_LEVEL": "warning"}
    out = subprocess.run([cluster.binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"trustlane audit verify: exit {out.returncode}\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}"
