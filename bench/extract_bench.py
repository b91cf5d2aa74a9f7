"""Documents per second of `tracker extract --jsonl` (in process) on the dev news corpus.

Run: .venv/bin/python bench/extract_bench.py [CORPUS_DIR] [--rounds N]
The corpus is read from ../shared at run time; nothing from it is stored in the project.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from tracker.cli.extract import _batch

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "news-dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    score = args.corpus.parent / "score.py"
    if not score.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    docs = subprocess.run(
        [sys.executable, str(score), str(args.corpus), "--make-input"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    count = sum(1 for line in docs.splitlines() if line.strip())
    _batch(io.StringIO(docs), io.StringIO())  # warm up imports and regex caches
    best = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        _batch(io.StringIO(docs), io.StringIO())
        best = min(best, time.perf_counter() - start)
    chars = sum(len(json.loads(line)["text"]) for line in docs.splitlines() if line.strip())
    print(f"{count} documents ({chars} characters) in {best:.3f} s (best of {args.rounds}):")
    print(f"{count / best:.1f} documents/second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
