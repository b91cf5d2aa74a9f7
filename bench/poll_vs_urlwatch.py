"""Whole-process `tracker poll` vs urlwatch 2.29 over N unchanged pages on loopback.

What it measures: a local ThreadingHTTPServer (127.0.0.1) serves N small RSS feeds with
ETag/Last-Modified and answers 304 to conditional requests (robots.txt is 404). A tracker
config with N `news_feed` sources (interval 60 min, min_host_interval_seconds = 0 since all
sources share one host) and a urlwatch urls.yaml with the same N `url:` jobs are warmed by
one run each (validators/cache filled); then the two tools run alternately, ROUNDS times
each, as fresh processes. Reported: median wall time and median CPU time (user + system,
from wait4) of each, both ratios, max RSS of each process, 304s seen by the server, and the
bodies tracker re-parsed during the timed runs (documents rows added, `fetches` rows with
outcome 'fetched'): must be 0. The CPU ratio is the goal's measure (issue 13: under 0.5); it
is steadier than wall time on a machine shared with other work.

urlwatch lives in its own venv (not a project dependency):

    python3 -m venv /tmp/urlwatch-venv && /tmp/urlwatch-venv/bin/pip install urlwatch==2.29

Run:  .venv/bin/python bench/poll_vs_urlwatch.py [--pages 2000] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import TRACKER, Site, Timed, count, feeds_config, machine, median, timed_run, tiny_feed

URLWATCH = Path("/tmp/urlwatch-venv/bin/urlwatch")
RUN_TIMEOUT = 600.0


def write_tracker_config(path: Path, site: Site, pages: int) -> None:
    path.write_text(feeds_config(site, pages, 60))


def write_urlwatch_files(work: Path, site: Site, pages: int) -> list[str]:
    """urls.yaml, urlwatch.yaml (stdout reporter only) and the command line."""
    urls = work / "urls.yaml"
    urls.write_text("\n---\n".join(f"url: {site.base}/feed/{i}.xml" for i in range(pages)) + "\n")
    cfg = work / "urlwatch.yaml"
    cfg.write_text(
        "display:\n  new: true\n  error: true\n  unchanged: false\n"
        "report:\n  text:\n    details: false\n    footer: false\n"
        "  stdout:\n    enabled: true\n    color: false\n"
        "  email:\n    enabled: false\n"
    )
    return [
        str(URLWATCH),
        "--urls",
        str(urls),
        "--config",
        str(cfg),
        "--hooks",
        str(work / "hooks.py"),
        "--cache",
        str(work / "cache.db"),
    ]


def tracker_parsed(db: Path) -> tuple[int, int]:
    """(documents rows, fetches that transferred a body)."""
    return (
        count(db, "SELECT COUNT(*) FROM documents"),
        count(db, "SELECT COUNT(*) FROM fetches WHERE outcome = 'fetched'"),
    )


def check(t: Timed, what: str) -> Timed:
    if t.returncode != 0:
        sys.exit(f"{what} exited {t.returncode}:\n{t.output}")
    return t


def profile(cmd: list[str], out: Path) -> None:
    """One more tracker poll under py-spy (all threads, native off), raw folded stacks to `out`."""
    spy = shutil.which("py-spy") or "/tmp/pyspy-venv/bin/py-spy"
    t = timed_run(
        [spy, "record", "--format", "raw", "--rate", "250", "--subprocesses", "-o", str(out), "--", *cmd],
        timeout=RUN_TIMEOUT,
    )
    print(f"profiled run: {t.wall:.2f} s wall, folded stacks in {out}", file=sys.stderr)


def run(pages: int, rounds: int, keep: bool = False, profile_to: Path | None = None) -> dict[str, Any]:
    if not URLWATCH.exists():
        sys.exit(
            f"{URLWATCH} missing: python3 -m venv /tmp/urlwatch-venv && "
            "/tmp/urlwatch-venv/bin/pip install urlwatch==2.29"
        )
    work = Path(tempfile.mkdtemp(prefix="bench-poll-"))
    site = Site()
    try:
        for i in range(pages):
            site.put(f"/feed/{i}.xml", tiny_feed(f"Outlet {i} business"), "application/rss+xml")
        cfg, db = work / "tracker.toml", work / "tracker.db"
        write_tracker_config(cfg, site, pages)
        tracker_cmd = [*TRACKER, "--config", str(cfg), "--db", str(db), "poll"]
        urlwatch_cmd = write_urlwatch_files(work, site, pages)
        uw_env = {"HOME": str(work)}  # no keyring or ~/.config from the user

        warm_t = check(timed_run(tracker_cmd, timeout=RUN_TIMEOUT), "tracker warm-up poll")
        warm_u = check(timed_run(urlwatch_cmd, timeout=RUN_TIMEOUT, env=uw_env), "urlwatch warm-up")
        if profile_to is not None:
            profile(tracker_cmd, profile_to)
        before = tracker_parsed(db)
        t_runs: list[Timed] = []
        u_runs: list[Timed] = []
        site.not_modified = 0
        for _ in range(rounds):
            t_runs.append(check(timed_run(tracker_cmd, timeout=RUN_TIMEOUT), "tracker poll"))
            u_runs.append(check(timed_run(urlwatch_cmd, timeout=RUN_TIMEOUT, env=uw_env), "urlwatch"))
        after = tracker_parsed(db)
        t_wall = median([r.wall for r in t_runs])
        u_wall = median([r.wall for r in u_runs])
        t_cpu = median([r.cpu for r in t_runs])
        u_cpu = median([r.cpu for r in u_runs])
        return {
            "pages": pages,
            "rounds": rounds,
            "machine": machine(),
            "tracker_warmup_s": round(warm_t.wall, 3),
            "urlwatch_warmup_s": round(warm_u.wall, 3),
            "tracker_wall_s": round(t_wall, 3),
            "urlwatch_wall_s": round(u_wall, 3),
            "tracker_walls": [round(r.wall, 3) for r in t_runs],
            "urlwatch_walls": [round(r.wall, 3) for r in u_runs],
            "ratio": round(t_wall / u_wall, 3),
            "tracker_cpu_s": round(t_cpu, 3),
            "urlwatch_cpu_s": round(u_cpu, 3),
            "tracker_cpus": [round(r.cpu, 3) for r in t_runs],
            "urlwatch_cpus": [round(r.cpu, 3) for r in u_runs],
            "cpu_ratio": round(t_cpu / u_cpu, 3),
            "tracker_rss_mib": round(max(r.max_rss_mib for r in t_runs), 1),
            "urlwatch_rss_mib": round(max(r.max_rss_mib for r in u_runs), 1),
            "server_304s": site.not_modified,
            "expected_304s": 2 * rounds * pages,
            "tracker_documents_added": after[0] - before[0],
            "tracker_bodies_fetched": after[1] - before[1],
            "workdir": str(work) if keep else None,
        }
    finally:
        site.close()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="Keep the work directory.")
    ap.add_argument("--json", action="store_true", help="Print one JSON object.")
    ap.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="Also run one tracker poll under py-spy, folded stacks to FILE.",
    )
    args = ap.parse_args()
    r = run(args.pages, args.rounds, keep=args.keep, profile_to=args.profile)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{r['machine']}; {r['pages']} unchanged pages, {r['rounds']} alternating rounds")
    print(
        f"  tracker poll : median {r['tracker_wall_s']:.2f} s {r['tracker_walls']}, "
        f"max RSS {r['tracker_rss_mib']:.0f} MiB (warm-up {r['tracker_warmup_s']:.2f} s)"
    )
    print(
        f"  urlwatch 2.29: median {r['urlwatch_wall_s']:.2f} s {r['urlwatch_walls']}, "
        f"max RSS {r['urlwatch_rss_mib']:.0f} MiB (warm-up {r['urlwatch_warmup_s']:.2f} s)"
    )
    print(
        f"  CPU (user+sys): tracker median {r['tracker_cpu_s']:.2f} s {r['tracker_cpus']}, "
        f"urlwatch median {r['urlwatch_cpu_s']:.2f} s {r['urlwatch_cpus']}"
    )
    print(f"  ratio tracker/urlwatch: wall {r['ratio']:.2f}, CPU {r['cpu_ratio']:.2f} (goal: CPU < 0.5)")
    print(
        f"  304s answered: {r['server_304s']} of {r['expected_304s']}; tracker re-parsed "
        f"{r['tracker_documents_added']} documents, fetched {r['tracker_bodies_fetched']} bodies"
    )


if __name__ == "__main__":
    main()
