"""Soak: `tracker run` polling 200 loopback sources every second while the server misbehaves.

What it does: a loopback site (127.0.0.1) serves 199 small RSS feeds and one SBP workbook
(dt.xls, the July-2026 release). Every request draws a fault at random: HTTP 500, a
connection reset halfway through the body, a slow answer (1.5 s), or a changed body (a new
feed item the keyword filter skips). A third of the way in, SBP "publishes" August 2026 with a
new all-time high: exactly one record alert is expected, to a local webhook receiver that
itself answers 500 to one POST in five. The daemon (a subprocess, every source on a
`--interval-seconds` interval, default 1)
is stopped with SIGTERM after --minutes; the script then reports fetches, failures, RSS at
start and end, alerts sent vs expected (by webhook-id) and `PRAGMA integrity_check`.

Not part of the test suite. Run:
    .venv/bin/python bench/soak.py [--minutes 10] [--sources 200] [--interval-seconds 1] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from benchlib import ROOT, TRACKER, count, machine, rss_kib, stop_process, tiny_feed, wait_for

sys.path.insert(0, str(ROOT))
from tests.alerts_e2e.test_full_chain import august_release
from tests.fixtures import make_sbp_fixtures as gen
from tests.loopback import LoopbackServer, reply

FAULTS = {"500": 0.05, "reset": 0.03, "slow": 0.03, "change": 0.05}


class FaultyOrigin:
    """Feeds and one workbook on 127.0.0.1, with a random fault drawn for every request."""

    def __init__(self, feeds: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.generation = [0] * feeds
        self.xls = gen.write_xls(gen.XLS_JUL26)
        self.injected = {k: 0 for k in FAULTS}
        self.requests = 0
        self.http = LoopbackServer(self._handle)
        self.base = self.http.base

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        fault, ctype, body = self.answer(h.path)
        if fault == "500":
            reply(h, 500, b"Internal Server Error")
            return
        if fault == "slow":
            time.sleep(1.5)
        if fault == "reset":  # half the body, then an RST (SO_LINGER 0)
            h.send_response(200)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            return
        reply(h, 200 if body else 404, body or b"nope", {"Content-Type": ctype})

    def answer(self, path: str) -> tuple[str | None, str, bytes]:
        """(fault or None, content type, body) for one request."""
        with self.lock:
            self.requests += 1
            fault = None
            if path != "/robots.txt":
                r = self.rng.random()
                for name, p in FAULTS.items():
                    if r < p:
                        fault = name
                        break
                    r -= p
            if fault:
                self.injected[fault] += 1
            if path == "/dt.xls":
                return (None if fault == "change" else fault), "application/vnd.ms-excel", self.xls
            if path.startswith("/feed/"):
                i = int(path.rsplit("/", 1)[1].split(".")[0])
                if fault == "change":
                    self.generation[i] += 1
                items = [
                    (f"Cricket round-up {g}", f"{self.base}/story/{i}/{g}") for g in range(self.generation[i])
                ][-20:]
                return fault, "application/rss+xml", tiny_feed(f"Outlet {i}", items)
            return None, "text/plain", b""

    def close(self) -> None:
        self.http.close()


class Hook:
    """A webhook receiver that answers 500 to one POST in five and counts webhook-ids."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed + 1)
        self.posts: list[tuple[str, int]] = []
        self.http = LoopbackServer(self._handle, methods=("POST",), keep_alive=False)
        self.url = f"{self.http.base}/hook"

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        h.rfile.read(int(h.headers.get("content-length", "0")))
        status = 500 if self.rng.random() < 0.2 else 204
        self.posts.append((h.headers.get("webhook-id", "?"), status))
        reply(h, status)

    def acknowledged(self) -> list[str]:
        return [i for i, s in self.posts if s < 300]


def write_config(path: Path, origin: FaultyOrigin, hook: Hook, sources: int, interval_s: float) -> None:
    minutes = interval_s / 60
    text = f"""
[http]
min_host_interval_seconds = 0
max_retries = 1
read_timeout_seconds = 5
deadline_seconds = 20
allow_private_networks = true

[daemon]
health_enabled = false
send_interval_seconds = 1

[rules]
same_month_high = false
fytd_high = false
thresholds = []

[[channels]]
name = "hook"
kind = "webhook"
url = "{hook.url}"
timeout_seconds = 2
retry_base_seconds = 0.2
max_attempts = 50

[[sources]]
name = "sbp"
kind = "sbp_ebops_xls"
url = "{origin.base}/dt.xls"
interval_minutes = {minutes}
"""
    for i in range(sources - 1):
        text += (
            f'\n[[sources]]\nname = "feed-{i:03d}"\nkind = "news_feed"\n'
            f'url = "{origin.base}/feed/{i}.xml"\ninterval_minutes = {minutes}\n'
        )
    path.write_text(text)


def seed_sources(db: Path, origin: FaultyOrigin, sources: int) -> None:
    """Mark every source as polled just now, as on a restart in steady state: otherwise the
    daemon's catch-up stagger spreads the first polls over up to a minute."""
    from tracker.store import Store, iso, utcnow

    store = Store.open(db)
    try:
        with store.write():
            rows = [("sbp", "sbp_ebops_xls", f"{origin.base}/dt.xls")] + [
                (f"feed-{i:03d}", "news_feed", f"{origin.base}/feed/{i}.xml") for i in range(sources - 1)
            ]
            for name, kind, url in rows:
                store.ensure_source(name, kind, url)
                store.update_source(name, last_success_at=iso(utcnow()))
    finally:
        store.close()


def run(minutes: float, sources: int, seed: int, interval_s: float) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    origin = FaultyOrigin(sources - 1, seed)
    hook = Hook(seed)
    cfg, db = work / "tracker.toml", work / "tracker.db"
    write_config(cfg, origin, hook, sources, interval_s)
    seed_sources(db, origin, sources)
    log = open(work / "daemon.log", "wb")  # noqa: SIM115  (closed below)
    started = time.monotonic()
    proc = subprocess.Popen(
        [*TRACKER, "--config", str(cfg), "--db", str(db), "run", "--no-health"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: count(db, "SELECT COUNT(*) FROM fetches") > 0, 60)
        rss_start = rss_kib(proc.pid)
        rss_samples: list[int | None] = []  # every minute: growth vs warm-up
        next_sample = time.monotonic() + 60
        warm_s = None
        end = started + minutes * 60
        published = False
        while time.monotonic() < end and proc.poll() is None:
            if time.monotonic() >= next_sample:
                rss_samples.append(rss_kib(proc.pid))
                next_sample += 60
            if not published and time.monotonic() > started + minutes * 20:
                origin.xls = august_release()  # the record month appears
                published = True
            if warm_s is None and count(db, "SELECT COUNT(DISTINCT source) FROM fetches") >= sources:
                warm_s = time.monotonic() - started
            time.sleep(0.5)
        rss_end = rss_kib(proc.pid)
        code = stop_process(proc, timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
        origin.close()
        hook.http.close()
    conn = sqlite3.connect(db)
    try:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        fetches = dict(q("SELECT outcome, COUNT(*) FROM fetches GROUP BY outcome"))
        events = [k for (k,) in q("SELECT key FROM events WHERE historical = 0 AND kind != 'admin'")]
        outbox = dict(
            q(
                "SELECT o.status, COUNT(*) FROM outbox o JOIN events e ON e.id = o.event_id "
                "WHERE e.kind != 'admin' GROUP BY o.status"
            )
        )
        integrity = q("PRAGMA integrity_check")[0][0]
        admin = q("SELECT COUNT(*) FROM events WHERE kind = 'admin'")[0][0]
        docs = q("SELECT COUNT(*) FROM documents WHERE source != 'bundled'")[0][0]
    finally:
        conn.close()
    acked = hook.acknowledged()
    text = (work / "daemon.log").read_text(errors="replace")
    result = {
        "machine": machine(),
        "minutes": minutes,
        "sources": sources,
        "seed": seed,
        "interval_seconds": interval_s,
        "every_source_polled_after_seconds": round(warm_s, 1) if warm_s else None,
        "requests_served": origin.requests,
        "faults_injected": origin.injected,
        "fetches": sum(fetches.values()),
        "fetch_outcomes": fetches,
        "documents_stored": docs,
        "admin_events": admin,
        "rss_kib_start": rss_start,
        "rss_kib_each_minute": rss_samples,
        "rss_kib_end": rss_end,
        "polls_scheduled": int(minutes * 60 / interval_s * sources),
        "alerts_expected": 1 if published else 0,
        "alert_events": len(events),
        "webhook_posts": len(hook.posts),
        "alerts_acknowledged": len(acked),
        "distinct_alerts_acknowledged": len(set(acked)),
        "outbox": outbox,
        "tracebacks_in_log": text.count("Traceback"),
        "exit_code": code,
        "integrity_check": integrity,
    }
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--sources", type=int, default=200)
    ap.add_argument("--interval-seconds", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    result = run(args.minutes, args.sources, args.seed, args.interval_seconds)
    print(json.dumps(result, indent=2))
    ok = (
        result["exit_code"] == 0
        and result["integrity_check"] == "ok"
        and result["distinct_alerts_acknowledged"] == result["alerts_expected"]
        and result["alerts_acknowledged"] == result["alerts_expected"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
