"""Fixtures for Trustlane's browser tests.

One `trustlane serve` process (a temporary SQLite database, a free port on 127.0.0.1) is
started for the whole session and stopped by its PID at the end; every test gets fresh
browser contexts from one headless Chromium (Debian's, never a downloaded one).

Environment:
  TRUSTLANE_BIN          the trustlane executable (default: .build/debug/trustlane)
  TRUSTLANE_BASE_URL     use a server that is already running instead of starting one
  TRUSTLANE_CHROMIUM     the Chromium executable (default: /usr/bin/chromium)
  TRUSTLANE_BROWSER_ARTIFACTS  where screenshots of failing tests go (default: a temp dir)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

import trustlane_ui as ui

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60
# The server under test is a debug build (and Bcrypt is slow at -O0): wait generously.
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000

_server_log: Path | None = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path | None, lines: int = 60) -> str:
    if path is None or not path.exists():
        return "(no server log)"
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def _healthz_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=3) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """The URL of a running Trustlane server, started here unless TRUSTLANE_BASE_URL is set."""
    global _server_log
    external = os.environ.get("TRUSTLANE_BASE_URL")
    if external:
        yield external.rstrip("/")
        return

    binary = Path(os.environ.get("TRUSTLANE_BIN") or REPO_ROOT / ".build" / "debug" / "trustlane")
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(
            f"trustlane executable not found at {binary}: build it (`swift build`) and set "
            "TRUSTLANE_BIN to `$(swift build --show-bin-path)/trustlane`",
            pytrace=False,
        )

    workdir = tmp_path_factory.mktemp("trustlane-server")
    # The binary alone, copied into an empty folder and run from there: it must carry its
    # stylesheet, catalogs and translations (self-hosting, issue 13).
    copied = workdir / "trustlane"
    shutil.copy2(binary, copied)
    binary = copied
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    _server_log = workdir / "server.log"
    # Links people pass on (invitations) are absolute only from the configured public address.
    env = dict(os.environ, LOG_LEVEL="warning", TRUSTLANE_PUBLIC_URL=f"http://127.0.0.1:{port}")
    env.pop("DATABASE_URL", None)  # always the temporary SQLite file below
    with open(_server_log, "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port),
             "--database", str(workdir / "t.sqlite")],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthz_ok(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"trustlane serve exited with {proc.returncode} before answering /healthz:\n"
                    + _tail(_server_log),
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"trustlane serve did not answer {url}/healthz within {STARTUP_TIMEOUT_S} s:\n"
                    + _tail(_server_log),
                    pytrace=False,
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop(proc)


def trustlane_binary() -> Path:
    binary = Path(os.environ.get("TRUSTLANE_BIN") or REPO_ROOT / ".build" / "debug" / "trustlane")
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(f"trustlane executable not found at {binary}: build it (`swift build`)", pytrace=False)
    return binary


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory):
    """A second server, loaded with the demo data set (three companies, every role, a reviewer and
    a consultant; every password DEMO_PASSWORD), run like the first from a copied binary."""
    workdir = tmp_path_factory.mktemp("trustlane-demo")
    binary = workdir / "trustlane"
    shutil.copy2(trustlane_binary(), binary)
    database = workdir / "demo.sqlite"
    env = dict(os.environ, LOG_LEVEL="warning", TRUSTLANE_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    log_path = workdir / "server.log"
    loaded = subprocess.run([str(binary), "demo", "--password", DEMO_PASSWORD, "--database", str(database)],
                            cwd=workdir, env=env, capture_output=True, text=True, timeout=300)
    if loaded.returncode != 0:
        pytest.fail(f"trustlane demo failed ({loaded.returncode}):\n{loaded.stdout[-2000:]}\n{loaded.stderr[-2000:]}", pytrace=False)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # Links people pass on (invitations, the anonymous reporting link and its QR code) are
    # absolute only from the configured public address.
    serve_env = dict(env, TRUSTLANE_PUBLIC_URL=url)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port), "--database", str(database)],
                                cwd=workdir, env=serve_env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthz_ok(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the demo server did not start:\n" + _tail(log_path), pytrace=False)
            time.sleep(0.25)
        yield url
    finally:
        _stop(proc)


DEMO_PASSWORD = "demo password for browser tests"


@pytest.fixture(scope="session")
def browser() -> Browser:
    executable = os.environ.get("TRUSTLANE_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("TRUSTLANE_BROWSER_ARTIFACTS")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("browser-artifacts")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def new_page(browser: Browser, base_url: str, request, artifacts_dir: Path):
    """A factory: each call opens a page in a NEW browser context (its own cookies)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        ctx = browser.new_context(base_url=base_url)
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        ctx.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(ctx)
        return ctx.new_page()

    yield make

    call_report = getattr(request.node, "rep_call", None)
    if call_report is not None and call_report.failed:
        for i, ctx in enumerate(contexts):
            for j, pg in enumerate(ctx.pages):
                shot = artifacts_dir / f"{request.node.name}-ctx{i}-page{j}.png"
                try:
                    pg.screenshot(path=str(shot), full_page=True)
                    body = pg.locator("body").inner_text(timeout=5_000)
                except Exception as exc:  # the page may be gone; report what we can
                    body = f"(could not read the page: {exc})"
                print(f"--- context {i} page {j}: {pg.url}\n    screenshot: {shot}\n{body[:1500]}")
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture
def admin(new_page) -> ui.Account:
    """Makes sure the platform administrator exists (doing the first-run set-up if needed)."""
    ui.ensure_admin(new_page())
    return ui.ADMIN


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if exitstatus not in (0, 5) and _server_log is not None:
        terminalreporter.section("trustlane serve log (last lines)")
        terminalreporter.write_line(_tail(_server_log))
