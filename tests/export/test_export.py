"""`tracker export`: canonical series and vintages with provenance, as known at a date."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.errors import UsageError
from tracker.export import export_rows, parse_as_of
from tracker.ingest import IngestSettings, ingest
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.store import Store

XLS = "https://www.sbp.org.pk/ecodata/dt.xls"


def sbp(period: str, value: float, status: str) -> Figure:
    return Figure(
        Series.IT_EXPORTS,
        Period.parse(period),
        value,
        Status(status),
        Authority.OFFICIAL,
        source="sbp-ebops-xls",
        document=XLS,
    )


def ingest_release(store: Store, figures: list[Figure], when: datetime) -> None:
    with store.write():
        store.ensure_source("sbp-ebops-xls", "sbp_ebops_xls", XLS)
        doc, _ = store.add_document(
            source="sbp-ebops-xls", url=XLS, fetched_at=when, body=f"release {when.isoformat()}".encode()
        )
        ingest(store, figures, IngestSettings(), document_id=doc, now=when, historical=True)


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    """December 2025: P $437M seen 2026-01-19 10:00 UTC, revised to R $438M 2026-02-18 10:00."""
    db = tmp_path / "t.db"
    store = Store.open(db)
    ingest_release(store, [sbp("2025-11", 356, "P")], datetime(2025, 12, 18, 10, tzinfo=UTC))
    ingest_release(
        store, [sbp("2025-12", 437, "P"), sbp("2025-11", 357, "R")], datetime(2026, 1, 19, 10, tzinfo=UTC)
    )
    ingest_release(store, [sbp("2025-12", 438, "R")], datetime(2026, 2, 18, 10, tzinfo=UTC))
    store.close()
    return db


def values(db: Path, **kw: object) -> dict[str, tuple[float, str]]:
    store = Store.open(db)
    try:
        return {r["period"]: (r["value_usd_millions"], r["status"]) for r in export_rows(store, **kw)}  # type: ignore[arg-type]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-12-17", {}),
        ("2025-12-18", {"2025-11": (356.0, "P")}),
        ("2026-01-19", {"2025-11": (357.0, "R"), "2025-12": (437.0, "P")}),  # end of the day
        ("2026-02-17", {"2025-11": (357.0, "R"), "2025-12": (437.0, "P")}),
        ("2026-02-18T09:59:59+00:00", {"2025-11": (357.0, "R"), "2025-12": (437.0, "P")}),
        ("2026-02-18T14:30:00+05:00", {"2025-11": (357.0, "R"), "2025-12": (437.0, "P")}),  # 09:30Z
        ("2026-02-18T10:00:00Z", {"2025-11": (357.0, "R"), "2025-12": (438.0, "R")}),
        ("2026-03-01", {"2025-11": (357.0, "R"), "2025-12": (438.0, "R")}),
    ],
)
def test_as_of_gives_the_series_as_known_then(
    revised: Path, as_of: str, expected: dict[str, tuple[float, str]]
) -> None:
    assert values(revised, as_of=parse_as_of(as_of)) == expected


def test_now_is_the_latest_vintage_and_vintages_lists_every_one(revised: Path) -> None:
    assert values(revised) == {"2025-11": (357.0, "R"), "2025-12": (438.0, "R")}
    store = Store.open(revised)
    rows = export_rows(store, vintages=True)
    assert [(r["period"], r["value_usd_millions"], r["superseded_at"] is None) for r in rows] == [
        ("2025-11", 356.0, False),
        ("2025-11", 357.0, True),
        ("2025-12", 437.0, False),
        ("2025-12", 438.0, True),
    ]
    as_then = export_rows(store, vintages=True, as_of=parse_as_of("2026-01-20"))
    assert [(r["period"], r["value_usd_millions"], r["superseded_at"]) for r in as_then] == [
        ("2025-11", 356.0, "2026-01-19T10:00:00+00:00"),
        ("2025-11", 357.0, None),
        ("2025-12", 437.0, None),
    ]  # the February revision was not known yet
    store.close()
    assert all(r["document_url"] == XLS and r["authority"] == "official" for r in rows)


def test_cli_csv_and_json(revised: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(revised), "export", "--as-of", "2026-02-01"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert [(r["period"], r["value_usd_millions"], r["status"], r["document_url"]) for r in rows] == [
        ("2025-11", "357.0", "R", XLS),
        ("2025-12", "437.0", "P", XLS),
    ]
    target = tmp_path / "out" / "v.json"
    out = runner.invoke(
        main, ["--db", str(revised), "export", "--format", "json", "--vintages", "--output", str(target)]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(target.read_text())
    assert len(data) == 4 and data[-1]["value_usd_millions"] == 438.0
    assert set(data[0]) >= {
        "period",
        "value_usd_millions",
        "status",
        "authority",
        "source",
        "document_url",
        "first_seen_at",
    }


def test_cli_bad_as_of_is_one_line_exit_2(revised: Path) -> None:
    out = CliRunner().invoke(main, ["--db", str(revised), "export", "--as-of", "January"])
    assert out.exit_code == 2
    assert out.output.strip().startswith("tracker: error: --as-of 'January'")
    assert len(out.output.strip().splitlines()) == 1


def test_parse_as_of_normalises_to_the_stored_form() -> None:
    assert parse_as_of("2026-01-15") == "2026-01-15T23:59:59+00:00"
    assert parse_as_of("2026-01-15T05:00:00+05:00") == "2026-01-15T00:00:00+00:00"
    assert parse_as_of("2026-01-15T05:00") == "2026-01-15T05:00:00+00:00"  # naive: UTC
    with pytest.raises(UsageError):
        parse_as_of("15/01/2026")
