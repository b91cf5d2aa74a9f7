"""Shared pieces of the benchmarks: a loopback site, config writing, timed subprocesses.

Not a benchmark itself. Everything here talks to 127.0.0.1 only; every subprocess gets a
timeout and every loop a bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the loopback server is shared with the tests
from tests.loopback import LoopbackServer, reply  # noqa: E402

PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
TRACKER = [PYTHON, "-m", "tracker"]
LAST_MODIFIED = formatdate(1_767_225_600, usegmt=True)  # 2026-01-01 00:00:00 GMT

RSS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    "<title>{title}</title>{items}</channel></rss>"
)
ITEM = (
    "<item><title>{title}</title><link>{link}</link>"
    "<pubDate>Tue, 20 Jan 2026 10:00:00 +0500</pubDate><description>{title}</description>"
    "</item>"
)


def tiny_feed(title: str, items: Sequence[tuple[str, str]] = ()) -> bytes:
    """A small valid RSS 2.0 feed; `items` are (title, absolute link)."""
    body = "".join(ITEM.format(title=t, link=link) for t, link in items)
    return RSS.format(title=title, items=body).encode()


def article_html(title: str, text: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p></article></body></html>"
    ).encode()


class Site:
    """A threaded HTTP/1.1 server on 127.0.0.1 with ETag/Last-Modified and 304 answers.

    Pages are (content type, body); robots.txt is 404 unless put(). `hits` counts requests
    and `not_modified` the 304s sent, so a benchmark can check what the clients did.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, tuple[str, bytes, str]] = {}
        self.lock = threading.Lock()
        self.hits = 0
        self.not_modified = 0
        self.http = LoopbackServer(self._handle, host=host, backlog=256)
        self.base = self.http.base

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.hits += 1
            page = self.pages.get(h.path.split("?", 1)[0])
        if page is None:
            reply(h, 404, b"not found\n")
            return
        ctype, body, etag = page
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        if (inm is not None and etag in [t.strip() for t in inm.split(",")]) or (
            inm is None and ims is not None and _not_modified_since(ims)
        ):
            with self.lock:
                self.not_modified += 1
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Last-Modified", LAST_MODIFIED)
            h.end_headers()
            return
        reply(h, 200, body, {"Content-Type": ctype, "ETag": etag, "Last-Modified": LAST_MODIFIED})

    def put(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        with self.lock:
            self.pages[path] = (ctype, body, etag)

    def close(self) -> None:
        self.http.close()


def _not_modified_since(value: str) -> bool:
    try:
        return parsedate_to_datetime(value) >= parsedate_to_datetime(LAST_MODIFIED)
    except (TypeError, ValueError, IndexError):
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Timed:
    """One finished subprocess: exit code, wall seconds, its max RSS in MiB, output tail."""

    returncode: int
    wall: float
    max_rss_mib: float
    output: str
    cpu: float = 0.0  # user + system seconds of the child


def timed_run(
    cmd: Sequence[str], *, timeout: float, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Timed:
    """Run `cmd` to completion; wall time, and max RSS of that child alone.

    Trap: a child's ru_maxrss (os.wait4) includes the memory of the process it was forked
    from, because Linux carries the old image's high-water mark across exec. A benchmark
    process holding 90 MB made every child "use" 90 MB. So the command runs under GNU time,
    a small process, whose own child's peak (%M) is the real one; wait4 is the fallback.
    """
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    out_path = tmp / f"bench-out-{os.getpid()}.txt"
    rss_path = tmp / f"bench-rss-{os.getpid()}.txt"
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        cmd = [str(gnu_time), "-f", "%M", "-o", str(rss_path), *cmd]
    with open(out_path, "w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )  # a timeout kills time and its child
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise TimeoutError(f"{' '.join(cmd[:4])}... took more than {timeout}s")
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    out_path.unlink(missing_ok=True)
    rss_kib_peak = usage.ru_maxrss
    with contextlib.suppress(OSError, ValueError, IndexError):
        rss_kib_peak = int(rss_path.read_text().split()[-1])
    rss_path.unlink(missing_ok=True)
    return Timed(proc.returncode, wall, rss_kib_peak / 1024, text[-4000:], usage.ru_utime + usage.ru_stime)


def rss_kib(pid: int) -> int | None:
    """VmRSS of a live process from /proc, in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def count(db: Path, sql: str, params: tuple[Any, ...] = ()) -> int:
    """A single integer from the tracker database (0 if it does not exist yet)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=10)
    try:
        row = conn.execute(sql, params).fetchone()
        return int(row[0] or 0) if row else 0
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def wait_for(cond: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    """Poll `cond` until truthy or `timeout` seconds pass; returns the value or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(interval)
    return None


def stop_process(proc: subprocess.Popen[Any], timeout: float = 30) -> int:
    """SIGTERM, then SIGKILL after `timeout`; returns the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    """One line about this machine for the reports."""
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {mem} RAM, Python {sys.version.split()[0]}"


def feeds_config(site: Site, count: int, interval_minutes: float) -> str:
    """A benchmark config: config_header() plus `count` news_feed sources /feed/{i}.xml."""
    lines = [config_header()]
    for i in range(count):
        lines.append(
            f'[[sources]]\nname = "feed-{i:05d}"\nkind = "news_feed"\n'
            f'url = "{site.base}/feed/{i}.xml"\ninterval_minutes = {interval_minutes}\n'
        )
    return "\n".join(lines)


def config_header(*, send_interval: int | None = None) -> str:
    """[http]/[daemon] settings for benchmarks on one loopback host."""
    daemon = "[daemon]\nhealth_enabled = false\n"
    if send_interval is not None:
        daemon += f"send_interval_seconds = {send_interval}\n"
    # allow_private_networks: every benchmark server is on loopback (the SSRF guard, issue 16)
    return (
        "[http]\nmin_host_interval_seconds = 0\nmax_retries = 0\nrespect_robots = true\n"
        "allow_private_networks = true\n\n" + daemon + "\n"
    )
