"""The bundled history carries real publication dates, so `export --as-of` is what was known then."""

from __future__ import annotations

import calendar
import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SHARED
from tracker.backfill import load_bundled
from tracker.cli import main
from tracker.export import export_rows
from tracker.importer import BUNDLED_CONFIDENCE, BUNDLED_URL, BundledMonth, bundled_history
from tracker.ingest import IngestSettings, ingest
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.store import Store

# Months no source gives (docs/BACKFILL.md says why each stays empty).
STILL_EMPTY = {
    "2019-08",
    "2019-09",
    "2019-10",
    "2019-11",
    "2020-02",
    "2020-03",
    "2020-04",
    "2020-05",
    "2020-08",
    "2026-03",
}
# Gap months filled: value, the word that says how, and the sources the note must name.
FILLED = {
    "2020-01": (128.0, "FILLED", ["dailytimes.com.pk/728017", "urdu.dunyanews.tv"]),
    "2020-06": (136.1, "DERIVED", ["urdupoint.com/en/business", "nation.com.pk/10-Aug-2020"]),
    "2023-09": (206.0, "FILLED", ["propakistani.pk/2023/11/20", "phoneworld.com.pk"]),
    "2025-01": (313.0, "FILLED", ["app.com.pk", "pakistandigitalpost.com"]),
    "2026-02": (363.81, "FILLED", ["SBP dt.xls", "app.com.pk"]),
}

# Totals that bound the months still missing (March 2026 is at most ~$419M by FY26's total).
TOTALS = {"FY2026:07-02": 2974.293, "FY2026": 4600.0}


def _cli(db: Path, *args: str) -> str:
    out = CliRunner().invoke(main, ["--db", str(db), *args])
    assert out.exit_code == 0, out.output
    return out.output


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database after `tracker backfill --source bundled` (what a fresh install loads)."""
    db = tmp_path_factory.mktemp("bundled") / "t.db"
    _cli(db, "backfill", "--source", "bundled")
    return db


def _as_of(db: Path, day: str) -> dict[str, float]:
    rows = json.loads(_cli(db, "export", "--format", "json", "--as-of", day))
    return {r["period"]: r["value_usd_millions"] for r in rows}


def _month_end(period: str) -> date:
    """Last day of a month, or of the last month of a total's span (FY2026, FY2026:07-02)."""
    last = Period.from_index(Period.parse(period).last)
    y, m = last.year, last.month_number
    return date(y, m, calendar.monthrange(y, m)[1])


def test_as_of_2026_01_15_is_what_sbp_had_published_by_then(fresh: Path) -> None:
    got = _as_of(fresh, "2026-01-15")
    assert "2025-11" in got and got["2025-11"] == 356.0
    assert "2025-12" not in got  # published around 2026-01-19
    assert max(got) == "2025-11"
    cutoff = datetime(2026, 1, 15, 23, 59, 59, tzinfo=UTC)
    assert set(got) == {str(m.figure.period) for m in bundled_history() if m.published <= cutoff}
    assert len(got) == 68


def test_as_of_follows_releases_and_revisions(fresh: Path) -> None:
    assert _as_of(fresh, "2026-01-19")["2025-12"] == 437.0
    before = _as_of(fresh, "2026-03-16")
    assert before["2026-01"] == 374.0 and before["2025-02"] == 305.0 and "2026-02" not in before
    after = _as_of(fresh, "2026-03-17")
    assert after["2026-01"] == 373.528 and after["2025-02"] == 306.294
    assert after["2026-02"] == 363.81
    assert _as_of(fresh, "2019-09-19") == {}
    assert _as_of(fresh, "2019-09-20") == {"2019-07": 114.96}


def test_vintages_carry_the_publication_date(fresh: Path) -> None:
    rows = json.loads(_cli(fresh, "export", "--format", "json", "--vintages"))
    seen = {(r["period"], r["value_usd_millions"]): r["first_seen_at"] for r in rows}
    assert seen[("2025-12", 437.0)] == "2026-01-19T12:00:00+00:00"
    assert seen[("2026-01", 373.528)] == "2026-03-17T12:00:00+00:00"
    for r in rows:
        assert r["superseded_at"] is None or r["superseded_at"] >= r["first_seen_at"]
        assert r["first_seen_at"][:10] > str(_month_end(r["period"]))
    store = Store.open(fresh)
    try:
        obs = store.rows("SELECT period, observed_at FROM observations WHERE period = '2025-11'")
    finally:
        store.close()
    assert obs == [{"period": "2025-11", "observed_at": "2025-12-18T12:00:00+00:00"}]


def test_every_month_is_published_after_it_ends_and_estimates_are_marked() -> None:
    history = bundled_history()
    assert len({str(m.figure.period) for m in history if m.figure.period.kind.value == "month"}) == 75
    assert {str(m.figure.period) for m in history if m.figure.period.kind.value != "month"} == set(TOTALS)
    for m in history:
        end = _month_end(str(m.figure.period))
        assert m.published.date() > end, m
        assert (m.published.date() - end).days <= 400, m  # a year-later revision at most
    estimated = [m for m in history if m.published_estimated]
    assert 0 < len(estimated) < len(history)
    for m in estimated:  # SBP: day 18 of M+1 or the next weekday; PBS-only: 20th of M+2
        last = Period.from_index(m.figure.period.last)
        y, mo = last.year, last.month_number
        d = m.published.date()
        months_after = (d.year - y) * 12 + d.month - mo
        pbs_only = str(m.figure.period) in ("2019-07", "2020-07")
        assert (months_after, d.day) in (
            {(2, day) for day in range(20, 23)} if pbs_only else {(1, day) for day in range(18, 21)}
        ), m
        assert d.weekday() < 5, m


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("2025-12,437,x,high,2025-12-31,no,,,", "before the month ended"),
        ("2025-12,437,x,low,2026-01-19,no,,,", "confidence 'low' is not shipped"),
        ("2025-12,437,x,high,19 Jan 2026,no,,,", "is not a date"),
    ],
)
def test_the_loader_refuses_a_bad_bundle_row(monkeypatch: pytest.MonkeyPatch, row: str, error: str) -> None:
    header = (
        "month,value_usd_millions,basis,confidence,published,published_estimated,"
        "published_evidence,derivation,note\n"
    )
    monkeypatch.setattr("tracker.importer.bundled_csv", lambda: (header + row + "\n").encode())
    with pytest.raises(ValueError, match=error):
        bundled_history()


def _by_period() -> dict[str, list[BundledMonth]]:
    out: dict[str, list[BundledMonth]] = {}
    for m in bundled_history():
        out.setdefault(str(m.figure.period), []).append(m)
    return out


def test_gaps_are_filled_only_where_a_source_gives_the_month(fresh: Path) -> None:
    months = _by_period()
    span = [str(Period.parse("2019-07").shift(i)) for i in range(85)]  # ..2026-07
    assert span[-1] == "2026-07"
    assert {p for p in span if p not in months} == STILL_EMPTY
    now = {
        r["period"]: r["value_usd_millions"] for r in json.loads(_cli(fresh, "export", "--format", "json"))
    }
    for period, (value, how, sources) in FILLED.items():
        (row,) = months[period]
        assert row.figure.value_usd_millions == value and now[period] == value
        assert row.note.startswith(how), row.note
        assert all(s in row.note for s in sources), (period, row.note)


def _evaluate(derivation: str) -> float:
    """`a - b - c` → a − b − c (the only form the file uses)."""
    first, *rest = (float(t) for t in derivation.split(" - "))
    return first - sum(rest)


def test_derived_months_say_so_and_their_arithmetic_holds() -> None:
    derived = [m for m in bundled_history() if "derived" in m.figure.quote]
    assert {str(m.figure.period) for m in derived} == {
        "2020-06",
        "2021-08",
        "2021-10",
        "2022-08",
        "2025-05",
        "2025-08",
    }
    for m in derived:
        assert m.note.startswith("DERIVED") and m.derivation, m
        assert abs(_evaluate(m.derivation) - m.figure.value_usd_millions) <= 1.0, m
    assert all(not m.derivation for m in bundled_history() if m not in derived)


def test_only_high_and_medium_confidence_rows_are_shipped() -> None:
    assert BUNDLED_CONFIDENCE == ("high", "medium")
    assert all(
        m.figure.quote.endswith(("(high confidence)", "(medium confidence)")) for m in bundled_history()
    )


def test_the_reported_history_is_kept_as_the_first_value_of_each_month() -> None:
    path = SHARED / "data" / "it_exports_monthly_reported.csv"
    if not path.exists():
        pytest.skip("../shared is not beside the checkout")
    reported = {
        r["month"]: float(r["value_usd_millions"])
        for r in csv.DictReader(path.open(encoding="utf-8"))
        if r["confidence"] in ("high", "medium")
    }
    first = {p: ms[0].figure.value_usd_millions for p, ms in _by_period().items()}
    assert {p: first[p] for p in reported} == reported
    assert set(first) - set(reported) == set(FILLED) | set(TOTALS)


def test_sbp_values_match_the_real_dt_xls() -> None:
    path = SHARED / "sbp" / "real" / "dt_2026-02.xls"
    if not path.exists():
        pytest.skip("../shared is not beside the checkout")
    from tracker.sources.base import Document
    from tracker.sources.sbp_ebops_xls import parse

    parsed = {
        str(f.period): f.value_usd_millions
        for f in parse(Document(url="https://www.sbp.org.pk/ecodata/dt.xls", body=path.read_bytes())).figures
        if f.series is Series.IT_EXPORTS
    }
    latest = {p: ms[-1] for p, ms in _by_period().items()}
    for period in ("2025-02", "2026-01", "2026-02"):
        assert latest[period].figure.value_usd_millions == parsed[period]
        assert latest[period].published.date() == date(2026, 3, 17)


def test_a_database_with_later_vintages_keeps_a_consistent_timeline() -> None:
    """An upgrade: an older bundle (374 for Jan-2026) and an SBP value were stored in November."""
    store = Store.memory()
    try:
        later = datetime(2026, 11, 1, tzinfo=UTC)
        with store.write():
            store.ensure_source("bundled", "bundled", BUNDLED_URL)
            old, _ = store.add_document(
                source="bundled", url=BUNDLED_URL, body=b"old bundle", fetched_at=later
            )
            ingest(
                store,
                [
                    Figure(
                        Series.IT_EXPORTS,
                        Period.parse("2026-01"),
                        374.0,
                        Status.REPORTED,
                        Authority.BUNDLED,
                        source="bundled",
                        document=BUNDLED_URL,
                    )
                ],
                IngestSettings(),
                document_id=old,
                now=later,
                historical=True,
            )
        ingest(
            store,
            [
                Figure(
                    Series.IT_EXPORTS,
                    Period.parse("2026-08"),
                    430.0,
                    Status.PROVISIONAL,
                    Authority.OFFICIAL,
                    source="sbp-ebops-xls",
                    document="https://www.sbp.org.pk/ecodata/dt.xls",
                )
            ],
            IngestSettings(),
            now=later,
            historical=True,
        )
        load_bundled(store, IngestSettings())
        rows = store.rows("SELECT period, first_seen_at, superseded_at FROM vintages")
        assert len(rows) > 75
        assert all(r["first_seen_at"] >= "2026-11-01" for r in rows)
        assert all(r["superseded_at"] is None or r["superseded_at"] >= r["first_seen_at"] for r in rows)
        current = {r["period"]: r["value_usd_millions"] for r in export_rows(store)}
        assert current["2026-01"] == 373.528  # this bundle's revision beats the older bundle
        assert current["2026-08"] == 430.0 and current["2025-12"] == 437.0
    finally:
        store.close()
