"""Resident memory of `tracker run` over many poll cycles: does the daemon grow?

What it measures: a loopback site (127.0.0.1) serves SOURCES small RSS feeds (ETag, 304 on
conditional requests, robots.txt 404). `tracker run` polls each every 3 s
(`interval_minutes = 0.05`, the smallest the config allows) as a subprocess. VmRSS is read
from /proc/PID/status once the first cycle of every source is stored ("start"), then at every
quarter of the target, and at the end once CYCLES polls are counted in the `fetches` table
(or the time limit passes). The daemon is then stopped with SIGTERM and must exit 0.

With 20 sources at 3 s each the daemon makes ~6.7 polls/s, so 1,000 cycles take ~2.5 min.
Every ~100th poll changes one feed (a new item that the keyword filter skips) so the parse
and store path runs too, not only the 304 path.

Run:  .venv/bin/python bench/daemon_rss.py [--sources 20] [--cycles 1000] [--time-limit 400]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import TRACKER, Site, count, feeds_config, machine, rss_kib, stop_process, tiny_feed, wait_for


def write_config(path: Path, site: Site, sources: int) -> None:
    path.write_text(feeds_config(site, sources, 0.05))


def publish(site: Site, i: int, generation: int) -> None:
    items = [(f"Cricket round-up {g}", f"{site.base}/story/{i}/{g}") for g in range(generation)]
    site.put(f"/feed/{i}.xml", tiny_feed(f"Outlet {i}", items[-20:]), "application/rss+xml")


def run(sources: int, cycles: int, time_limit: float) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-rss-"))
    site = Site()
    proc: subprocess.Popen[bytes] | None = None
    log = open(work / "daemon.log", "wb")  # noqa: SIM115  (closed in finally)
    try:
        for i in range(sources):
            publish(site, i, 0)
        cfg, db = work / "tracker.toml", work / "tracker.db"
        write_config(cfg, site, sources)
        started = time.monotonic()
        proc = subprocess.Popen(
            [*TRACKER, "--config", str(cfg), "--db", str(db), "run", "--no-health"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        polls = lambda: count(db, "SELECT COUNT(*) FROM fetches")  # noqa: E731
        warm = wait_for(
            lambda: count(db, "SELECT COUNT(DISTINCT source) FROM fetches") >= sources, min(120.0, time_limit)
        )
        if not warm or proc.poll() is not None:
            tail = (work / "daemon.log").read_text()[-2000:]
            raise RuntimeError(f"daemon did not poll every source: {tail}")
        base = polls()
        samples: list[tuple[int, int]] = [(0, rss_kib(proc.pid) or 0)]
        marks = [cycles * k // 4 for k in (1, 2, 3, 4)]
        generation = 0
        deadline = started + time_limit
        while time.monotonic() < deadline and proc.poll() is None:
            done = polls() - base
            if done // 100 > generation:  # one changed feed per ~100 polls
                generation = done // 100
                publish(site, generation % sources, generation)
            if marks and done >= marks[0]:
                samples.append((done, rss_kib(proc.pid) or 0))
                marks.pop(0)
                if not marks:
                    break
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"daemon died: {(work / 'daemon.log').read_text()[-2000:]}")
        if marks:  # time limit: record where we got
            samples.append((polls() - base, rss_kib(proc.pid) or 0))
        elapsed = time.monotonic() - started
        code = stop_process(proc, timeout=30)
        start_mib, end_mib = samples[0][1] / 1024, samples[-1][1] / 1024
        return {
            "machine": machine(),
            "sources": sources,
            "target_cycles": cycles,
            "cycles": samples[-1][0],
            "seconds": round(elapsed, 1),
            "rss_start_mib": round(start_mib, 1),
            "rss_end_mib": round(end_mib, 1),
            "growth_mib": round(end_mib - start_mib, 1),
            "samples": [(n, round(k / 1024, 1)) for n, k in samples],
            "documents": count(db, "SELECT COUNT(*) FROM documents WHERE source != 'bundled'"),
            "exit_code": code,
            "time_limited": bool(marks),
        }
    finally:
        if proc is not None and proc.poll() is None:
            stop_process(proc, timeout=10)
        log.close()
        site.close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=20)
    ap.add_argument("--cycles", type=int, default=1000)
    ap.add_argument("--time-limit", type=float, default=400.0, help="Seconds, start-up included.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.sources, args.cycles, args.time_limit)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{r['machine']}; tracker run, {r['sources']} sources every 3 s")
    print(
        f"  RSS after first cycle: {r['rss_start_mib']:.1f} MiB; after {r['cycles']} polls "
        f"({r['seconds']:.0f} s): {r['rss_end_mib']:.1f} MiB; growth {r['growth_mib']:+.1f} MiB"
    )
    print(f"  samples (polls, MiB): {r['samples']}; changed feeds stored: {r['documents']}")
    print(f"  SIGTERM exit code: {r['exit_code']}" + (" (time limit hit)" if r["time_limited"] else ""))
    if r["exit_code"] != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
