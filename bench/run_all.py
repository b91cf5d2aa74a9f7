"""Run every benchmark under bench/ and print one table: benchmark, figure, unit, command.

Quick by default (a few minutes on 2 cores); `--full` uses the sizes quoted in
docs/PERFORMANCE.md (2,000 pages x 3 rounds, 1,000 daemon polls, 3 alert runs each path).
Each benchmark runs as its own process (its --json output is read back), so one's imports
and threads never colour another's figures. All traffic stays on 127.0.0.1/127.0.0.2.

Run:  .venv/bin/python bench/run_all.py [--full] [--only poll,rss,extract,alert,bomb] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import PYTHON, ROOT, machine

BENCH = Path(__file__).resolve().parent
Row = tuple[str, str, str, str]  # benchmark, figure, unit, command


def _rel(cmd: list[str]) -> str:
    text = " ".join(cmd)
    return text.replace(str(ROOT) + "/", "").replace(PYTHON, ".venv/bin/python")


def _json(cmd: list[str], timeout: float) -> dict[str, Any]:
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(
            f"{_rel(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def poll(full: bool) -> list[Row]:
    pages, rounds = (2000, 3) if full else (500, 2)
    cmd = [PYTHON, str(BENCH / "poll_vs_urlwatch.py"), "--pages", str(pages), "--rounds", str(rounds)]
    r = _json(cmd, timeout=1800)
    c = _rel(cmd)
    name = f"poll {pages} unchanged pages"
    return [
        (f"{name}: tracker poll", f"{r['tracker_wall_s']:.2f}", "s wall (median)", c),
        (f"{name}: urlwatch 2.29", f"{r['urlwatch_wall_s']:.2f}", "s wall (median)", c),
        (f"{name}: ratio tracker/urlwatch, wall", f"{r['ratio']:.2f}", "x", c),
        (f"{name}: tracker poll CPU", f"{r['tracker_cpu_s']:.2f}", "s user+sys (median)", c),
        (f"{name}: urlwatch 2.29 CPU", f"{r['urlwatch_cpu_s']:.2f}", "s user+sys (median)", c),
        (f"{name}: ratio tracker/urlwatch, CPU", f"{r['cpu_ratio']:.2f}", "x (goal < 0.5)", c),
        (f"{name}: tracker max RSS", f"{r['tracker_rss_mib']:.0f}", "MiB", c),
        (f"{name}: urlwatch max RSS", f"{r['urlwatch_rss_mib']:.0f}", "MiB", c),
        (f"{name}: bodies re-parsed by tracker", str(r["tracker_documents_added"]), "documents", c),
        (f"{name}: 304 answers", f"{r['server_304s']}/{r['expected_304s']}", "requests", c),
    ]


def rss(full: bool) -> list[Row]:
    cycles = 1000 if full else 200
    cmd = [
        PYTHON,
        str(BENCH / "daemon_rss.py"),
        "--sources",
        "20",
        "--cycles",
        str(cycles),
        "--time-limit",
        "480" if full else "180",
    ]
    r = _json(cmd, timeout=600)
    c = _rel(cmd)
    return [
        ("daemon RSS after first cycle (20 sources)", f"{r['rss_start_mib']:.1f}", "MiB", c),
        (f"daemon RSS after {r['cycles']} polls", f"{r['rss_end_mib']:.1f}", "MiB", c),
        ("daemon RSS growth", f"{r['growth_mib']:+.1f}", "MiB", c),
    ]


def extract(full: bool) -> list[Row]:
    """bench/extract_bench.py is another engineer's; its last line is 'N documents/second'."""
    script = BENCH / "extract_bench.py"
    if not script.exists():
        return [("extract --jsonl on news-dev", "n/a", "", "bench/extract_bench.py missing")]
    cmd = [PYTHON, str(script), "--rounds", "5" if full else "2"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    m = re.search(r"([\d.]+) documents/second", done.stdout)
    if done.returncode != 0 or m is None:
        return [("extract --jsonl on news-dev", "failed", "", _rel(cmd))]
    return [("extract --jsonl on news-dev (best round)", m.group(1), "documents/s", _rel(cmd))]


def alert(full: bool) -> list[Row]:
    runs = 3 if full else 2
    cmd = [PYTHON, str(BENCH / "publish_to_alert.py"), "--runs", str(runs)]
    r = _json(cmd, timeout=900)
    c = _rel(cmd)
    return [
        ("news published (2 outlets) -> signed webhook, median", f"{r['news']['median_s']:.2f}", "s", c),
        ("news published (2 outlets) -> signed webhook, max", f"{r['news']['max_s']:.2f}", "s", c),
        ("import --alert -> signed webhook, median", f"{r['import']['median_s']:.2f}", "s", c),
        ("import --alert -> signed webhook, max", f"{r['import']['max_s']:.2f}", "s", c),
    ]


def bomb(full: bool) -> list[Row]:
    cmd = [PYTHON, str(BENCH / "bomb_rss.py")]
    r = _json(cmd, timeout=300)
    c = _rel(cmd)
    return [
        (f"peak RSS refusing a 200 MB {name} bomb", f"{mib:+.1f}", "MiB over idle (goal < 50)", c)
        for name, mib in r["growth_mib"].items()
    ]


BENCHMARKS: dict[str, Callable[[bool], list[Row]]] = {
    "poll": poll,
    "rss": rss,
    "extract": extract,
    "alert": alert,
    "bomb": bomb,
}


def table(rows: list[Row], markdown: bool) -> str:
    head: Row = ("benchmark", "figure", "unit", "command")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 4]
        lines += ["| " + " | ".join(r[:3]) + f" | `{r[3]}` |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    fmt = "  ".join(f"{{:{'>' if i == 1 else '<'}{w}}}" for i, w in enumerate(widths)) + "  {}"
    return "\n".join(fmt.format(*r) for r in [head, *rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--full", action="store_true", help="The big sizes (takes ~15 min).")
    ap.add_argument("--only", default=",".join(BENCHMARKS), help="Comma-separated subset.")
    ap.add_argument("--markdown", action="store_true", help="Print a Markdown table.")
    args = ap.parse_args()
    rows: list[Row] = []
    failed = False
    for name in args.only.split(","):
        started = time.monotonic()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows += BENCHMARKS[name](args.full)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            failed = True
            rows.append((name, "failed", "", str(exc).splitlines()[0][:200]))
        print(f"  {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"{machine()}; {'full' if args.full else 'quick'} sizes")
    print(table(rows, args.markdown))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
