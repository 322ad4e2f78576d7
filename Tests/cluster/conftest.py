"""Two `trustlane serve` processes on one PostgreSQL database, evidence in one S3 bucket.

The session starts both processes at the same moment (so they race for the migrations), each
with a data folder of its own (nothing is shared through the disk), the same audit key file and
the same bucket, on two free ports of 127.0.0.1; it stops them by their PIDs at the end. Standard
library only, besides pytest.

Environment (`.ci/run`'s two-instance leg sets them; see Tests/cluster/README.md to run by hand):
  TRUSTLANE_BIN                   the trustlane executable (debug build)
  TRUSTLANE_CLUSTER_DATABASE_URL  a new, empty PostgreSQL database (postgres://...)
  TRUSTLANE_CLUSTER_S3_ENDPOINT   an S3-compatible server, such as moto's (http://127.0.0.1:PORT)
  TRUSTLANE_CLUSTER_PSQL          psql, to read the migrations table (default: psql on PATH, or
                                  the newest /usr/lib/postgresql/*/bin/psql)
Without the first three, every test is skipped, saying what is missing.
"""

from __future__ import annotations

import base64
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import cluster_client as cc

STARTUP_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql() -> str | None:
    explicit = os.environ.get("TRUSTLANE_CLUSTER_PSQL")
    if explicit:
        return explicit
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    return candidates[-1] if candidates else None


@dataclass
class Instance:
    name: str
    base: str
    process: subprocess.Popen
    log: Path
    data: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


@dataclass
class Cluster:
    a: Instance
    b: Instance
    database_url: str
    s3_endpoint: str
    bucket: str
    binary: str
    audit_key_file: Path
    psql: str | None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def instances(self) -> tuple[Instance, Instance]:
        return (self.a, self.b)

    def sql(self, query: str) -> list[str]:
        """Rows of a one-column query, through psql (None when psql is missing)."""
        if self.psql is None:
            pytest.fail("psql is needed to read the database (set TRUSTLANE_CLUSTER_PSQL)")
        out = subprocess.run([self.psql, self.database_url, "-X", "-A", "-t", "-c", query],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return [line for line in out.stdout.splitlines() if line]


def _start(name: str, binary: str, port: int, data: Path, env: dict[str, str], work: Path) -> Instance:
    log = work / f"server-{name}.log"
    data.mkdir(parents=True)
    process = subprocess.Popen(
        [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
        env={**env, "TRUSTLANE_DATA_DIR": str(data)},
        stdout=log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    return Instance(name=name, base=f"http://127.0.0.1:{port}", process=process, log=log, data=data)


def _wait_healthy(instance: Instance, deadline: float) -> None:
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise RuntimeError(f"instance {instance.name} exited with {instance.process.returncode}:\n{instance.tail()}")
        try:
            if cc.call(instance.base, "GET", "/healthz", timeout=3).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"instance {instance.name} did not answer /healthz in {STARTUP_TIMEOUT_S} s:\n{instance.tail()}")


def _stop(instance: Instance) -> None:
    if instance.process.poll() is None:
        instance.process.terminate()
        try:
            instance.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait(timeout=10)


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    binary = os.environ.get("TRUSTLANE_BIN", "")
    database_url = os.environ.get("TRUSTLANE_CLUSTER_DATABASE_URL", "")
    endpoint = os.environ.get("TRUSTLANE_CLUSTER_S3_ENDPOINT", "").rstrip("/")
    missing = [name for name, value in (("TRUSTLANE_BIN", binary), ("TRUSTLANE_CLUSTER_DATABASE_URL", database_url),
                                        ("TRUSTLANE_CLUSTER_S3_ENDPOINT", endpoint)) if not value]
    if missing:
        pytest.skip("needs " + ", ".join(missing) + " (see Tests/cluster/README.md)")
    work = Path(tempfile.mkdtemp(prefix="trustlane-cluster."))
    bucket = f"trustlane-cluster-{uuid.uuid4().hex[:8]}"
    # The bucket is made here, as an operator would beforehand.
    made = cc.s3(endpoint, "PUT", f"/{bucket}")
    assert made.status == 200, f"creating the bucket {bucket}: HTTP {made.status} {made.text[:200]}"
    key_file = work / "audit.key"
    key_file.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(work)),
        "DATABASE_URL": database_url,
        "TRUSTLANE_AUDIT_KEY_FILE": str(key_file),
        "TRUSTLANE_BCRYPT_COST": "4",
        "TRUSTLANE_EVIDENCE_S3_BUCKET": bucket,
        "TRUSTLANE_EVIDENCE_S3_ENDPOINT": endpoint,
        "TRUSTLANE_EVIDENCE_S3_ACCESS_KEY_ID": "testing",
        "TRUSTLANE_EVIDENCE_S3_SECRET_ACCESS_KEY": "testing",
        # Info level: the migrator says which migration it prepares, so the logs show who migrated.
        "LOG_LEVEL": "info",
    }
    a = _start("a", binary, _free_port(), work / "data-a", env, work)
    b = _start("b", binary, _free_port(), work / "data-b", env, work)
    instances = (a, b)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        for instance in instances:
            _wait_healthy(instance, deadline)
    except Exception:
        for instance in instances:
            _stop(instance)
        raise
    result = Cluster(a=a, b=b, database_url=database_url, s3_endpoint=endpoint, bucket=bucket, binary=binary,
                     audit_key_file=key_file, psql=_psql(), env=env)
    yield result
    for instance in instances:
        _stop(instance)
    crashed = [i.name for i in instances if "Fatal error" in i.log_text() or "Thread " in i.log_text() and " crashed" in i.log_text()]
    keep = os.environ.get("TRUSTLANE_CLUSTER_KEEP_LOGS")
    if crashed or keep:
        print(f"\nserver logs kept in {work}" + (f" (crashed: {', '.join(crashed)})" if crashed else ""))
    else:
        shutil.rmtree(work, ignore_errors=True)
    assert not crashed, f"a server process crashed: {crashed}"


@pytest.fixture(scope="session")
def world(cluster: Cluster) -> cc.World:
    """The installation set up through instance A, the people signed in through both."""
    return cc.World.set_up(cluster.a.base, cluster.b.base)
