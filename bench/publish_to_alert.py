"""Latency from a publication to a signed webhook POST, with `tracker run` running.

Two paths, each over RUNS fresh daemons (own database, bundled history loaded at start):

- news: two loopback "outlets" (127.0.0.1 and 127.0.0.2, so they count as two independent
  sites) each serve an RSS feed polled every 3 s (`interval_minutes = 0.05`, the smallest
  allowed). Once the daemon has polled both, the same record-breaking article ("IT exports
  hit a record $4xx million in <last month>") is published on both at once; the clock runs
  until the receiver gets the POST for the resulting unconfirmed-record event (the webhook
  channel opts in with `unconfirmed = true`; two outlets agree, `min_news_sources = 2`).
- import: `tracker import CSV --alert` of an official record month while the daemon runs;
  the clock runs from starting the import process until the POST arrives (the daemon's
  outbox sender runs every `send_interval_seconds = 1`).

- sbp: the daemon at its default settings (release-window polling every
  `daemon.release_window_minutes` with jitter, conditional GETs, `send_interval_seconds`)
  watches a loopback `dt.xls`; the previous release is served first, then a new workbook
  whose latest month is a record replaces it, and the clock runs until the POST arrives.
  One deviation, for the calendar: `release_day_first = 1` and `release_day_last = 31`,
  so the window is open whatever today's date (by default it is days 14–25).

The receiver (127.0.0.1) verifies each POST's Standard Webhooks signature before it counts.
The news latency is dominated by the poll interval (3 s + up to 1 s jitter), by design.

Run:  .venv/bin/python bench/publish_to_alert.py [--runs 3] [--path news|import|both|sbp]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchlib import (
    TRACKER,
    Site,
    article_html,
    count,
    machine,
    median,
    stop_process,
    timed_run,
    tiny_feed,
    wait_for,
)

SECRET = "whsec_" + base64.b64encode(b"tracker-bench-signing-key-32byte").decode()
ENV = {"BENCH_HOOK_SECRET": SECRET}


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records (arrival time, payload) of verified POSTs."""

    def __init__(self) -> None:
        from standardwebhooks.webhooks import Webhook

        self.arrivals: list[tuple[float, dict[str, Any]]] = []
        self.rejected = 0
        self.cond = threading.Condition()
        receiver = self
        verifier = Webhook(SECRET)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                at = time.monotonic()
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    payload = verifier.verify(body, headers)
                except Exception:  # a bad signature does not count as an arrival
                    with receiver.cond:
                        receiver.rejected += 1
                    self._answer(401)
                    return
                with receiver.cond:
                    receiver.arrivals.append((at, payload))
                    receiver.cond.notify_all()
                self._answer(204)

            def _answer(self, status: int) -> None:
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def first_after(self, start: float, timeout: float) -> tuple[float, dict[str, Any]] | None:
        with self.cond:
            self.cond.wait_for(lambda: any(a >= start for a, _ in self.arrivals), timeout)
            found = [x for x in self.arrivals if x[0] >= start]
            return found[0] if found else None

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_config(path: Path, hook: Receiver, feeds: list[str]) -> None:
    text = f"""
[http]
min_host_interval_seconds = 0
max_retries = 0
allow_private_networks = true

[reconcile]
min_news_sources = 2

[daemon]
health_enabled = false
send_interval_seconds = 1

[[channels]]
name = "hook"
kind = "webhook"
url = "{hook.url}"
secret_env = "BENCH_HOOK_SECRET"
unconfirmed = true
timeout_seconds = 5
retry_base_seconds = 0.5
"""
    for i, url in enumerate(feeds):
        text += (
            f'\n[[sources]]\nname = "outlet-{i}"\nkind = "news_feed"\nurl = "{url}"\n'
            "interval_minutes = 0.05\n"
        )
    path.write_text(text)


def news_month() -> tuple[str, str]:
    """('2026-08', 'August 2026'): the month after the bundled history's newest month, so the
    record's comparison window is complete (a month after a gap would be held, rightly)."""
    from tracker.importer import bundled_history
    from tracker.model import PeriodKind

    newest = max(m.figure.period for m in bundled_history() if m.figure.period.kind is PeriodKind.MONTH)
    month = newest.shift(1)
    return str(month), month.label()


class Run:
    """One fresh daemon with its sites, receiver and database."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="bench-alert-"))
        self.hook = Receiver()
        self.sites = [Site("127.0.0.1"), Site("127.0.0.2")]
        for site in self.sites:
            site.put(
                "/feed.xml",
                tiny_feed("Business", [("Cricket scores", f"{site.base}/cricket")]),
                "application/rss+xml",
            )
        self.cfg, self.db = self.work / "tracker.toml", self.work / "tracker.db"
        write_config(self.cfg, self.hook, [f"{s.base}/feed.xml" for s in self.sites])
        self.log = (self.work / "daemon.log").open("wb")
        self.proc = subprocess.Popen(
            [*TRACKER, "--config", str(self.cfg), "--db", str(self.db), "run", "--no-health"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **ENV},
        )

    def ready(self, timeout: float = 90) -> None:
        ok = wait_for(
            lambda: (
                count(self.db, "SELECT COUNT(DISTINCT source) FROM fetches WHERE outcome = 'fetched'") >= 2
            ),
            timeout,
        )
        if not ok or self.proc.poll() is not None:
            raise RuntimeError(f"daemon not ready: {(self.work / 'daemon.log').read_text()[-2000:]}")

    def publish_news(self, value: int) -> float:
        now = datetime.now(UTC)
        period, label = news_month()
        # two outlets in their own words: the same sentence twice is one (syndicated) voice
        stories = (
            (
                f"Pakistan's IT exports hit record ${value} million in {label}",
                f"Pakistan's information technology exports rose to a record ${value} "
                f"million in {label}, according to data released by the State Bank.",
            ),
            (
                f"ICT exports at all-time high of ${value}m in {label}",
                f"ICT exports climbed to an all-time high of ${value}m in {label}, central "
                "bank figures showed on the day.",
            ),
        )
        start = time.monotonic()
        for site, (title, text) in zip(self.sites, stories, strict=True):
            site.put(f"/it-exports-{period}", article_html(title, text))
            site.put(
                "/feed.xml",
                _feed(site, title, f"{site.base}/it-exports-{period}", now),
                "application/rss+xml",
            )
        return start

    def close(self) -> int:
        code = stop_process(self.proc, timeout=30)
        self.log.close()
        self.hook.close()
        for site in self.sites:
            site.close()
        shutil.rmtree(self.work, ignore_errors=True)
        return code


def _feed(site: Site, title: str, link: str, when: datetime) -> bytes:
    items = (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{format_datetime(when)}"
        f"</pubDate><description>{title}</description></item>"
        f"<item><title>Cricket scores</title><link>{site.base}/cricket</link></item>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Business</title>{items}</channel></rss>"
    ).encode()


def news_once(value: int, timeout: float) -> dict[str, Any]:
    run = Run()
    try:
        run.ready()
        start = run.publish_news(value)
        got = run.hook.first_after(start, timeout)
        if got is None:
            raise RuntimeError(
                f"no webhook within {timeout}s: {(run.work / 'daemon.log').read_text()[-3000:]}"
            )
        return {
            "latency_s": got[0] - start,
            "type": got[1].get("type"),
            "subject": got[1].get("data", {}).get("subject"),
        }
    finally:
        code = run.close()
        if code != 0:
            raise RuntimeError(f"daemon exited {code} on SIGTERM")


def import_once(value: int, timeout: float) -> dict[str, Any]:
    run = Run()
    try:
        run.ready()
        period, _ = news_month()
        csv = run.work / "official.csv"
        csv.write_text(
            f"series,period,value_usd_millions,authority,status\nit_exports,{period},{value},official,P\n"
        )
        start = time.monotonic()
        t = timed_run(
            [*TRACKER, "--config", str(run.cfg), "--db", str(run.db), "import", str(csv), "--alert"],
            timeout=60,
            env=ENV,
        )
        if t.returncode != 0:
            raise RuntimeError(f"import failed: {t.output}")
        got = run.hook.first_after(start, timeout)
        if got is None:
            raise RuntimeError(
                f"no webhook within {timeout}s: {(run.work / 'daemon.log').read_text()[-3000:]}"
            )
        return {
            "latency_s": got[0] - start,
            "import_s": t.wall,
            "type": got[1].get("type"),
            "subject": got[1].get("data", {}).get("subject"),
        }
    finally:
        code = run.close()
        if code != 0:
            raise RuntimeError(f"daemon exited {code} on SIGTERM")


def _record_release(value_thousands: int) -> bytes:
    """A dt.xls whose latest month (last month) is provisional at `value_thousands` (US$ 000)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.fixtures import make_sbp_fixtures as gen

    period, _ = news_month()
    y, m = int(period[:4]), int(period[5:])
    prev = f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"
    name = datetime(y, m, 1).strftime("%b-%y")
    prev_name = datetime(int(prev[:4]), int(prev[5:]), 1).strftime("%b-%y")
    fy = y + (m >= 7)
    blocks = [
        gen._block(f"{prev_name} (R)", prev, "R", gen.ict_leaves(405_000, prev), 900_000),
        gen._block(f"{name} (P)", period, "P", gen.ict_leaves(value_thousands, period), 950_000),
        gen._block(
            f"Jul-{name[:3]}, FY{(fy - 1) % 100:02d}",
            f"FY{fy - 1}:07-{m:02d}",
            "final",
            gen.ict_leaves(1_443_000, "fytd-prev"),
            3_500_000,
        ),
        gen._block(
            f"Jul-{name[:3]}, FY{fy % 100:02d} (P)",
            f"FY{fy}:07-{m:02d}",
            "P",
            gen.ict_leaves(1_700_000, "fytd-now"),
            3_800_000,
        ),
    ]
    return gen.write_xls(blocks)


def sbp_once(value: int, timeout: float) -> dict[str, Any]:
    """Default polling settings: publish a record dt.xls, time until the signed POST."""
    fixtures = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sbp"
    work = Path(tempfile.mkdtemp(prefix="bench-sbp-"))
    hook, site = Receiver(), Site("127.0.0.1")
    site.put("/ecodata/dt.xls", (fixtures / "dt_2026-07.xls").read_bytes(), "application/vnd.ms-excel")
    cfg, db = work / "tracker.toml", work / "tracker.db"
    cfg.write_text(f"""
[daemon]
health_enabled = false
release_day_first = 1
release_day_last = 31

[[channels]]
name = "hook"
kind = "webhook"
url = "{hook.url}"
secret_env = "BENCH_HOOK_SECRET"

[[sources]]
name = "sbp-ebops-xls"
kind = "sbp_ebops_xls"
url = "{site.base}/ecodata/dt.xls"
release_window = true
""")
    log = (work / "daemon.log").open("wb")
    proc = subprocess.Popen(
        [*TRACKER, "--config", str(cfg), "--db", str(db), "run", "--no-health"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **ENV},
    )
    try:
        if not wait_for(lambda: count(db, "SELECT COUNT(*) FROM fetches") >= 1, 90):
            raise RuntimeError(f"daemon not ready: {(work / 'daemon.log').read_text()[-2000:]}")
        hits_before = site.hits
        body = _record_release(value * 1000)
        start = time.monotonic()
        site.put("/ecodata/dt.xls", body, "application/vnd.ms-excel")
        got = hook.first_after(start, timeout)
        if got is None:
            raise RuntimeError(f"no webhook within {timeout}s: {(work / 'daemon.log').read_text()[-3000:]}")
        return {
            "latency_s": got[0] - start,
            "type": got[1].get("type"),
            "subject": got[1].get("data", {}).get("subject"),
            "requests_while_waiting": site.hits - hits_before,
            "not_modified": site.not_modified,
        }
    finally:
        code = stop_process(proc, timeout=30)
        log.close()
        hook.close()
        site.close()
        shutil.rmtree(work, ignore_errors=True)
        if code != 0:
            raise RuntimeError(f"daemon exited {code} on SIGTERM")


def run(runs: int, path: str, timeout: float = 60) -> dict[str, Any]:
    out: dict[str, Any] = {"machine": machine(), "runs": runs}
    for name, fn in (("news", news_once), ("import", import_once), ("sbp", sbp_once)):
        if path not in (name, "both") or (name == "sbp" and path != "sbp"):
            continue
        if name == "sbp":
            timeout = 600.0  # default cadence: minutes, not seconds
        results = [fn(470 + i, timeout) for i in range(runs)]
        lat = [r["latency_s"] for r in results]
        out[name] = {
            "median_s": round(median(lat), 3),
            "max_s": round(max(lat), 3),
            "all_s": [round(x, 3) for x in lat],
            "subject": results[0]["subject"],
        }
        if name == "import":
            out[name]["import_process_s"] = round(median([r["import_s"] for r in results]), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--path", choices=("news", "import", "both", "sbp"), default="both")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.runs, args.path)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{r['machine']}; {r['runs']} runs per path, fresh daemon each")
    if "news" in r:
        n = r["news"]
        print(
            f"  news (2 outlets, 3 s polls) -> webhook: median {n['median_s']:.2f} s, "
            f"max {n['max_s']:.2f} s {n['all_s']}\n    {n['subject']}"
        )
    if "import" in r:
        i = r["import"]
        print(
            f"  import --alert -> webhook: median {i['median_s']:.2f} s, max {i['max_s']:.2f} s "
            f"{i['all_s']} (the import process itself: {i['import_process_s']:.2f} s)"
            f"\n    {i['subject']}"
        )
    if "sbp" in r:
        s = r["sbp"]
        print(
            f"  SBP dt.xls published -> webhook, default polling: median {s['median_s']:.1f} s, "
            f"max {s['max_s']:.1f} s {s['all_s']}\n    {s['subject']}"
        )


if __name__ == "__main__":
    main()
