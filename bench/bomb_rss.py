"""Peak memory of the HTTP client while it refuses decompression bombs (issue 16).

What it measures: a child process serves, on 127.0.0.1, (a) `Content-Encoding: gzip, gzip`
of 200 MB of zeros (~1 KB on the wire), (b) single gzip of 200 MB of zeros (~200 KB), (c) the
same under `deflate`, and (d) an honest 2 MB gzip page. This process reads VmHWM (peak RSS)
after building the client and one honest fetch ("idle"), then after each bomb is refused,
and prints the growth. The server runs in its own process so building the bombs does not
count. The issue's target: under ~50 MB above idle (before: 2.1 GB for 1,827 bytes).

Run:  .venv/bin/python bench/bomb_rss.py [--cap 20000000] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["TRACKER_ALLOW_PRIVATE_NETWORKS"] = "1"  # the bomb server is on loopback

from tests.loopback import LoopbackServer, reply

from tracker.fetch import FetchSettings, HttpClient, HttpFetchError


def hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def serve(port_out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    zeros = b"\0" * (200 * 1024 * 1024)
    single = gzip.compress(zeros, compresslevel=9)
    bodies = {
        "/double": (gzip.compress(single, compresslevel=9), "gzip, gzip"),
        "/gzip": (single, "gzip"),
        "/deflate": (zlib.compress(zeros, 9), "deflate"),
        "/honest": (gzip.compress(os.urandom(1024 * 1024).hex().encode()), "gzip"),
    }
    del zeros
    srv = LoopbackServer(lambda h: reply(h, 200, bodies[h.path][0], {"Content-Encoding": bodies[h.path][1]}))
    port_out.put(srv.port)
    srv._thread.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cap", type=int, default=20_000_000, help="max_bytes of the client")
    ap.add_argument("--json", action="store_true", help="Print one JSON object at the end.")
    args = ap.parse_args()
    ports: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{ports.get(timeout=60)}"
    client = HttpClient(
        FetchSettings(max_bytes=args.cap, max_retries=0, respect_robots=False, min_host_interval_seconds=0)
    )
    honest = client.get(base + "/honest")
    idle = hwm_kib()
    print(f"idle peak RSS after an honest {len(honest.body)}-byte page: {idle / 1024:.1f} MiB")
    growth: dict[str, float] = {}
    for path in ("/double", "/gzip", "/deflate"):
        try:
            client.get(base + path)
            outcome = "ACCEPTED (wrong)"
        except HttpFetchError as exc:
            outcome = f"refused: {exc.reason}"
        peak = hwm_kib()
        growth[path.strip("/")] = (peak - idle) / 1024
        print(f"{path:9} {outcome}")
        print(f"          peak RSS now {peak / 1024:.1f} MiB (+{(peak - idle) / 1024:.1f} MiB over idle)")
    if args.json:
        print(
            json.dumps(
                {"idle_mib": idle / 1024, "growth_mib": growth, "max_growth_mib": max(growth.values())}
            )
        )
    server.terminate()


if __name__ == "__main__":
    main()
