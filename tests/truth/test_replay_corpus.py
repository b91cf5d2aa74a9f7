"""`tracker replay` over the real labelled articles: every alert it would send must be true."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tracker.backfill import load_bundled
from tracker.cli import main
from tracker.ingest import IngestSettings
from tracker.model import Period
from tracker.replay import final_series, read_documents, replay
from tracker.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "news-dev"
REPORTED = ROOT.parent / "shared" / "data" / "it_exports_monthly_reported.csv"

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replay") / "docs.jsonl"
    made = subprocess.run(
        [sys.executable, str(CORPUS.parent / "score.py"), str(CORPUS), "--make-input"],
        capture_output=True,
        text=True,
        check=True,
    )
    out.write_text(made.stdout, encoding="utf-8")
    return out


def _truth() -> dict[str, float]:
    """Monthly it_exports values: the reported history, then every labelled month figure."""
    values: dict[str, float] = {}
    for lab in (json.loads(line) for line in (CORPUS / "labels.jsonl").open(encoding="utf-8")):
        for f in lab["figures"]:
            if f["series"] == "it_exports" and f["period_kind"] == "month" and not f.get("bound"):
                values.setdefault(f["period"], float(f["value_usd_millions"]))
    with REPORTED.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["confidence"] in ("high", "medium"):
                values[row["month"]] = float(row["value_usd_millions"])
    return values


def _is_true(event: dict[str, Any], truth: dict[str, float]) -> bool:
    """A sent record is true when the labelled/reported value of its month agrees with it and
    beats every earlier month the truth knows (the same calendar month for same_month_high)."""
    period, value, rule = event["period"], event["value_usd_millions"], event["rule"]
    if rule == "fytd_high":
        return _fytd_is_true(Period.parse(period), value, truth)
    if period not in truth:
        return False  # an unknown month cannot be shown true here: flag it
    if abs(truth[period] - value) > max(1.0, 0.01 * value):
        return False
    earlier = [
        v for p, v in truth.items() if p < period and (rule != "same_month_high" or p[5:] == period[5:])
    ]
    if rule.startswith("threshold_"):
        limit = float(rule.removeprefix("threshold_"))
        return value >= limit and all(v < limit for v in earlier)
    return all(v < truth[period] for v in earlier)


def _fytd_total(span: Period, truth: dict[str, float]) -> float | None:
    values = [truth.get(str(m)) for m in span.months()]
    return None if None in values else sum(v for v in values if v is not None)


def _fytd_is_true(span: Period, value: float, truth: dict[str, float]) -> bool:
    """The total agrees with the truth's months and beats every earlier fiscal year whose
    months up to the same position the truth knows."""
    total = _fytd_total(span, truth)
    if total is None or abs(total - value) > max(1.0, 0.005 * value):
        return False
    earlier = [
        _fytd_total(Period(span.first - 12 * k, span.last - 12 * k, span.kind), truth) for k in range(1, 12)
    ]
    return all(t < total for t in earlier if t is not None)


def _run(documents: Path, *extra: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["replay", str(documents), *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.parametrize(
    "mode", [(), ("--history",), ("--history-timeline",)], ids=["empty", "history", "timeline"]
)
def test_replay_sends_no_false_record(documents: Path, mode: tuple[str, ...]) -> None:
    lines = _run(documents, *mode)
    summary = lines[-1]["summary"]
    assert summary["documents"] == 115 and summary["figures"] > 100
    if mode == ("--history-timeline",):
        assert summary["sent"] > 50  # SBP's releases replayed: real records are announced
    truth = _truth()
    records = [e for e in lines[:-1] if e["kind"] in ("record", "unconfirmed", "confirmed")]
    false = [e for e in records if not _is_true(e, truth)]
    assert false == [], f"{len(false)} false alerts: {false[:3]}"
    held = [e for e in lines[:-1] if e["kind"] == "held"]
    assert all(e["reason"] for e in held)
    assert summary["sent"] == len([e for e in lines[:-1] if e["kind"] != "held"])


def test_replay_prints_the_final_series(documents: Path) -> None:
    lines = _run(documents, "--history", "--json-series")
    series = {r["period"]: r["value_usd_millions"] for r in lines[-1]["series"]}
    assert series["2025-12"] == 437  # the bundled record survives a year of news


def test_the_final_series_does_not_depend_on_arrival_order(documents: Path) -> None:
    docs = read_documents(documents.read_text(encoding="utf-8").splitlines())

    def series(order: list[Any]) -> list[dict[str, Any]]:
        store = Store.memory()
        load_bundled(store, IngestSettings())
        list(replay(store, order, IngestSettings(), keep_order=True))
        out = final_series(store)
        store.close()
        return out

    reference = series(docs)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert series(shuffled) == reference
