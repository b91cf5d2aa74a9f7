"""Throughput of `tracker extract --jsonl` as a whole process, next to a bare lxml parse.

Run: .venv/bin/python bench/extract_vs_lxml.py [CORPUS_DIR] [--repeat N] [--rounds R]

Each dev-corpus article (read from ../shared at run time, never stored here) is wrapped in a
plain HTML page; the batch of pages is repeated N times (default 1: repeats flatter the
extractor, whose per-sentence caches then hit). Two numbers are printed, both
documents per second, best of R runs, each a fresh process so interpreter start-up counts:

- `tracker extract --jsonl` on the pages (HTML cleaning + extraction + JSON out);
- a bare `lxml.html.fromstring` + `text_content()` of the same pages, the floor any HTML
  extractor pays.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "news-dev"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LXML = """
import json, sys
import lxml.html
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        doc = json.loads(line)
        n += len(lxml.html.fromstring(doc["html"]).text_content())
print(n)
"""


def page(doc: dict[str, str | None]) -> str:
    """An article as a simple news page: title, date meta, one <p> per paragraph."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in (doc["text"] or "").split("\n") if p.strip())
    date = (
        f'<meta property="article:published_time" content="{doc["published"]}">' if doc["published"] else ""
    )
    title = html.escape(doc["title"] or "")
    return f"<html><head><title>{title}</title>{date}</head><body><article>{paras}</article></body></html>"


def best_of(rounds: int, cmd: list[str]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=600)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    score = args.corpus.parent / "score.py"
    if not score.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    out = subprocess.run(
        [sys.executable, str(score), str(args.corpus), "--make-input"],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k in range(args.repeat):
                for d in docs:
                    row = {
                        "id": f"{k}-{d['id']}",
                        "url": d["url"],
                        "published": d["published"],
                        "html": page(d),
                    }
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        count = len(docs) * args.repeat
        size = path.stat().st_size
        extract = best_of(args.rounds, [PYTHON, "-m", "tracker", "extract", "--jsonl", str(path)])
        bare = best_of(args.rounds, [PYTHON, "-c", LXML, str(path)])
    print(f"{count} pages ({size / 1e6:.1f} MB of JSONL), best of {args.rounds} runs, whole process:")
    print(f"  tracker extract --jsonl : {extract:6.2f} s  {count / extract:8.1f} documents/s")
    print(f"  bare lxml parse         : {bare:6.2f} s  {count / bare:8.1f} documents/s")
    print(f"  extraction costs {extract / bare:.1f}x a bare parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
