"""The daemon against a hostile server and a hostile disk (issue 16, items 3, 8 and 9).

What must not happen: a stuck request outliving the deadline or SIGTERM, a hung GET that is
not a counted failure, /healthz saying ok when nothing can be written (full disk, read-only
mount, deleted or replaced database), a daemon starting on a read-only database, a second
daemon through a symlink or a hard link, /metrics without its token.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.http import Site, trickle
from tests.support.wait import wait_until

INJECT = Path(__file__).resolve().parent / "inject"


def config(tmp: Path, url: str, **http: object) -> Path:
    cfg = tmp / "tracker.toml"
    extra = "".join(f"{k} = {v}\n" for k, v in http.items())
    cfg.write_text(f"""
[http]
min_host_interval_seconds = 0
max_retries = 0
respect_robots = false
{extra}
[daemon]
metrics_token_env = "TRACKER_METRICS_TOKEN"

[[sources]]
name = "news"
kind = "news_feed"
url = "{url}"
interval_minutes = 0.05
""")
    return cfg


def get(url: str, token: str | None = None) -> tuple[int, str] | None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return None


@pytest.fixture
def stuck() -> Iterator[Site]:
    """A server that answers the status line, then trickles header bytes forever."""
    s = Site(default=trickle(b"HTTP/1.1 200 OK\r\n", b"X", interval=0.2))
    yield s
    s.close()


def test_a_trickling_source_is_a_counted_failure_and_sigterm_still_ends_the_daemon(
    tmp_path: Path, stuck: Site
) -> None:
    db = tmp_path / "t.db"
    daemon = Daemon(
        config(tmp_path, stuck.url("/feed.xml"), deadline_seconds=2, read_timeout_seconds=30), db, health=True
    )
    try:
        rows = wait_until(
            lambda: query(
                db, "SELECT consecutive_failures, last_error FROM sources WHERE consecutive_failures > 0"
            ),
            "a counted failure",
            30,
        )
        assert "deadline of 2s exceeded" in rows[0][1]  # issue 16: 0 failures after a 261 s GET
        wait_until(lambda: len(stuck.hits) >= 2, "the next poll, stuck again", 30)
        started = time.monotonic()
    finally:
        code, out = daemon.stop(timeout=30), daemon.output()
    took = time.monotonic() - started
    assert code == 0, out
    assert took < 5.0, out  # issue 16: SIGTERM ignored for over a minute
    assert "maximum number of running instances" not in out


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site(keep_alive=False)
    s.put(
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
        "application/rss+xml",
    )
    yield s
    s.close()


def test_a_symlink_or_hard_link_cannot_run_a_second_daemon(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "t.db"
    cfg = config(tmp_path, f"{site.base}/feed.xml")
    first = Daemon(cfg, db, health=True)
    try:
        wait_until(lambda: get(f"http://127.0.0.1:{first.health_port}/healthz"), "/healthz", 20)
        (tmp_path / "sym.db").symlink_to(db)
        os.link(db, tmp_path / "hard.db")
        for other in ("sym.db", "hard.db"):
            second = Daemon(cfg, tmp_path / other, health=True)
            second.wait(30)
            code, out = second.stop(), second.output()
            assert code == 2 and "another tracker daemon" in out, out  # issue 16: it ran
    finally:
        code, out = first.stop(), first.output()
    assert code == 0, out


def test_healthz_fails_when_the_database_is_replaced_or_deleted(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "t.db"
    daemon = Daemon(config(tmp_path, f"{site.base}/feed.xml"), db, health=True)
    url = f"http://127.0.0.1:{daemon.health_port}/healthz"
    try:
        assert wait_until(lambda: get(url), "/healthz", 20) == (200, "ok\n")
        shutil.copy(db, tmp_path / "copy.db")
        os.replace(tmp_path / "copy.db", db)  # a restore from backup under a running daemon
        status, text = get(url) or (0, "")
        assert status == 503 and "was replaced" in text
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        status, text = get(url) or (0, "")
        assert status == 503 and "was deleted" in text  # issue 16: ok, writes to a dead inode
        assert not db.exists()  # the health check itself must not create a fresh database
    finally:
        daemon.stop()


def test_healthz_fails_on_a_full_disk(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "t.db"
    flag = tmp_path / "disk-full"
    env = {
        "PYTHONPATH": f"{INJECT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "TRACKER_FAULT_DISK_FULL_FILE": str(flag),
        "TRACKER_FAULT_DISK_FULL_SQL": "INTO state",
    }
    daemon = Daemon(config(tmp_path, f"{site.base}/feed.xml"), db, env=env, health=True)
    url = f"http://127.0.0.1:{daemon.health_port}/healthz"
    try:
        assert wait_until(lambda: get(url), "/healthz", 20) == (200, "ok\n")
        flag.touch()
        status, text = get(url) or (0, "")
        assert status == 503 and "database or disk is full" in text
        flag.unlink()
        assert get(url) == (200, "ok\n")
    finally:
        daemon.stop()


def test_metrics_needs_the_bearer_token_when_one_is_configured(tmp_path: Path, site: Site) -> None:
    daemon = Daemon(
        config(tmp_path, f"{site.base}/feed.xml"),
        tmp_path / "t.db",
        env={"TRACKER_METRICS_TOKEN": "m3trics-t0ken"},
        health=True,
    )
    base = f"http://127.0.0.1:{daemon.health_port}"
    try:
        wait_until(lambda: get(base + "/healthz"), "/healthz", 20)
        assert (get(base + "/metrics") or (0,))[0] == 401
        assert (get(base + "/metrics", "wrong") or (0,))[0] == 401
        status, body = get(base + "/metrics", "m3trics-t0ken") or (0, "")
        assert status == 200 and "tracker_" in body
    finally:
        daemon.stop()


def _read_only_mount_works(tmp: Path) -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind -o ro {tmp} {tmp}"], capture_output=True, timeout=10
    )
    return probe.returncode == 0


def test_a_read_only_database_is_one_line_and_exit_2(tmp_path: Path, site: Site) -> None:
    if shutil.which("unshare") is None or not _read_only_mount_works(tmp_path):
        pytest.skip("needs `unshare -m` and a bind mount (root in a container)")
    data = tmp_path / "data"
    data.mkdir()
    db = data / "t.db"
    cfg = config(tmp_path, f"{site.base}/feed.xml")
    tracker = f"{sys.executable} -m tracker --config {cfg} --db {db}"
    subprocess.run([*tracker.split(), "poll"], capture_output=True, timeout=60)  # creates it
    for command in ("run --health-port 0", "poll"):
        done = subprocess.run(
            ["unshare", "-m", "sh", "-c", f"mount --bind -o ro {data} {data} && exec {tracker} {command}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        lines = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if line]
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr  # issue 16: the daemon started; poll crashed
        assert any("tracker: error:" in line and "t.db" in line for line in lines), lines


def test_a_read_only_database_file_is_one_line_and_exit_2(site: Site) -> None:
    """The issue's own case: the database file itself is read-only (mode 444) for the user
    tracker runs as. Root ignores file modes, so the commands run as `nobody` (setpriv)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run tracker as another user")
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="tracker-ro-", dir="/tmp"))
    try:
        top.chmod(0o755)
        data = top / "data"
        data.mkdir()
        os.chown(data, 65534, 65534)
        cfg = config(top, f"{site.base}/feed.xml")
        db = data / "t.db"
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        tracker = [sys.executable, "-m", "tracker", "--config", str(cfg), "--db", str(db)]
        probe = subprocess.run([*as_nobody, sys.executable, "-c", "import tracker"], capture_output=True)
        if probe.returncode != 0:  # e.g. a checkout under a 0700 directory (mktemp -d)
            pytest.skip("`nobody` cannot run this venv's interpreter from where the checkout lives")
        first = subprocess.run([*as_nobody, *tracker, "poll"], capture_output=True, text=True, timeout=60)
        assert db.exists(), first.stderr
        db.chmod(0o444)
        for command in (["run", "--health-port", "0"], ["poll"]):
            done = subprocess.run(
                [*as_nobody, *tracker, *command], capture_output=True, text=True, timeout=60
            )
            assert done.returncode == 2, (command, done.stdout, done.stderr)  # issue 16: ran
            assert "Traceback" not in done.stderr
            errors = [line for line in done.stderr.splitlines() if "tracker: error:" in line]
            assert len(errors) == 1 and ("t.db" in errors[0] or "readonly" in errors[0]), errors
    finally:
        shutil.rmtree(top, ignore_errors=True)
