"""The production setup, as deployed: gunicorn with two workers and a Celery worker,
against PostgreSQL and Redis on this machine (docs/deployment.md).

Creates its own PostgreSQL database and Celery queue (so parallel runs do not meet),
fills the demo county, starts the servers, logs in, imports a plan through the import
wizard, runs 全部重新审核 as a background job and reads its result from the page the
browser would poll. Runs in ``make test``; needs the PostgreSQL server and Redis that
the test suite's PostgreSQL run needs (``SMOKE_PG``, ``SMOKE_REDIS`` point elsewhere).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379/6")
PASSWORD = "jixiao-demo-2024"  # the demo accounts' (demo_data.DEMO_PASSWORD)

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    name = f"jixiao_smoke_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    tmp = tmp_path_factory.mktemp("smoke")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "CELERY_BROKER_URL": REDIS,
        "CELERY_QUEUE": name,
        "SECRET_KEY": "smoke-" + uuid.uuid4().hex,
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "JIXIAO_DATA_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
    }
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for cmd in (["migrate", "-v0"], ["demo_data", "-v0"]):
            subprocess.run([sys.executable, "-m", "django", *cmd], env=env, check=True, cwd=tmp)
        logs = {k: (tmp / f"{k}.log").open("wb") for k in ("web", "worker")}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
            env=env, cwd=tmp, stdout=logs["web"], stderr=subprocess.STDOUT,
        ))  # fmt: skip
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "jixiao.web.jobs.queue", "worker", "-P",
             "solo", "-Q", name, "--without-mingle", "--without-gossip", "-l", "info"],
            env=env, cwd=tmp, stdout=logs["worker"], stderr=subprocess.STDOUT,
        ))  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError((tmp / "web.log").read_text()) from None
                time.sleep(0.3)
        yield {"base": base, "db": f"{PG}/{name}", "tmp": str(tmp)}
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """Cookies, CSRF and forms over urllib: what a browser does, without one."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value or "" for c in self.jar if c.name == "csrftoken")

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[str, str]:
        req = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(req, timeout=60) as r:
            return r.geturl(), r.read().decode()

    def post(
        self, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[str, str]:
        headers = {"Referer": self.base + path, "X-CSRFToken": self.csrf()}
        fields = {"csrfmiddlewaretoken": self.csrf(), **data}
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            ]
            for k, (filename, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                    f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        with self.opener.open(req, timeout=60) as r:
            return r.geturl(), r.read().decode()

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        url, html = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert "/accounts/login/" not in url, html[:2000]


def test_production_stack_imports_and_rechecks_in_the_background(stack: dict[str, str]) -> None:
    with psycopg.connect(stack["db"]) as conn:
        row = conn.execute("SELECT id FROM orgs_unit WHERE code = '301001'").fetchone()
        assert row is not None
        unit_id = row[0]

    # An administrator imports a plan for 2026 through the wizard (upload → preview → confirm).
    admin = Browser(stack["base"])
    admin.login("admin")
    url, html = admin.post(
        "/plans/import/", {"unit": str(unit_id), "year": "2026"},
        files={"file": ("plan.json", FIXTURE.read_bytes())},
    )  # fmt: skip
    token = re.search(r"/plans/import/([^/]+)/$", urllib.parse.urlparse(url).path)
    assert token, html[:3000]
    url, html = admin.post(f"/plans/import/{token.group(1)}/confirm/", {})
    assert re.search(r"/plans/\d+/$", url), html[:3000]
    assert "已导入" in html

    # The finance bureau re-checks everything: a job for the queue worker, not the web.
    finance = Browser(stack["base"])
    finance.login("czj_jxk")
    with psycopg.connect(stack["db"], autocommit=True) as conn:
        conn.execute("UPDATE plans_plan SET checked_at = NULL, error_count = 0, warning_count = 0")
        n_plans = conn.execute("SELECT count(*) FROM plans_plan WHERE is_current").fetchone()
    assert n_plans is not None
    url, html = finance.post("/finance/check/", {"query": ""})
    job = re.search(r'id="job-(\d+)"', html)
    assert job, html[:3000]
    deadline = time.monotonic() + 90
    while True:
        _u, fragment = finance.get(f"/jobs/{job.group(1)}/", headers={"HX-Request": "true"})
        if "hx-trigger" not in fragment:
            break
        assert time.monotonic() < deadline, (Path(stack["tmp"]) / "worker.log").read_text()
        time.sleep(0.5)
    assert f"已重新审核 {n_plans[0]} 份绩效目标" in fragment, fragment
    with psycopg.connect(stack["db"]) as conn:
        unchecked = conn.execute(
            "SELECT count(*) FROM plans_plan WHERE is_current AND checked_at IS NULL"
        ).fetchone()
    assert unchecked == (0,)
    # The worker ran it (the web process has a broker, so it never runs jobs itself).
    assert "jixiao.run_job" in (Path(stack["tmp"]) / "worker.log").read_text()
