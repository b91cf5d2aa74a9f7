"""EasyData pure parts: series data by column name, magnitude check, meta, keys and URLs."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures
from tracker.errors import ParseError
from tracker.model import Series, Status
from tracker.sources import sbp_easydata as ed
from tracker.sources.base import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SBP = FIXTURES / "sbp"


gen = make_sbp_fixtures

URL = ed.series_data_url("TS_GP_BOP_TRDSER_M.SCM009", "SECRET-KEY", date(2025, 7, 1), date(2026, 5, 31))


def parse_file(name: str, **kw: object) -> list:
    return ed.parse(Document(url=URL, body=(SBP / name).read_bytes(), **kw)).figures  # type: ignore[arg-type]


def test_series_data_gives_exactly_the_values_written() -> None:
    got = parse_file("easydata_scm009.json")
    assert {str(f.period): f.value_usd_millions for f in got} == gen.EXPECTED_EASYDATA_SCM009
    assert {f.series for f in got} == {Series.IT_EXPORTS}


def test_statuses_follow_the_release_pattern() -> None:
    got = {str(f.period): f.status for f in parse_file("easydata_scm009.json")}
    assert got["2026-05"] is Status.PROVISIONAL
    assert got["2026-04"] is Status.REVISED
    assert got["2025-07"] is Status.FINAL


def test_an_old_range_is_all_final() -> None:
    got = parse_file("easydata_scm009.json", fetched_at=datetime(2027, 3, 1))
    assert {f.status for f in got} == {Status.FINAL}


def test_blanks_na_and_dash_are_skipped_with_a_warning() -> None:
    result = ed.parse(Document(url=URL, body=(SBP / "easydata_scm009.json").read_bytes()))
    assert "2025-11" not in {str(f.period) for f in result.figures}
    assert any("without a value" in w for w in result.warnings)


def test_freelance_is_0926() -> None:
    got = parse_file("easydata_scm0926.json")
    assert {f.series for f in got} == {Series.FREELANCE}
    assert {str(f.period): f.value_usd_millions for f in got} == gen.EXPECTED_EASYDATA_SCM0926
    assert ed.series_for_key("SCM0926") is Series.FREELANCE
    assert ed.series_for_key("TS_GP_BOP_TRDSER_M.SCM0925") is None  # other computer services


def test_api_key_never_reaches_a_figure() -> None:
    assert all("SECRET" not in (f.document or "") for f in parse_file("easydata_scm009.json"))


def test_wrong_magnitude_raises_and_is_not_rescaled() -> None:
    with pytest.raises(ParseError, match="outside 100"):
        parse_file("easydata_scm009_thousands.json")


def test_columns_are_found_by_name_not_position() -> None:
    data = json.loads((SBP / "easydata_scm009.json").read_bytes())
    order = list(reversed(range(len(data["columns"]))))
    shuffled = {
        "columns": [data["columns"][i] for i in order],
        "rows": [[row[i] for i in order] for row in data["rows"]],
    }
    got = ed.parse(Document(url=URL, body=json.dumps(shuffled).encode())).figures
    assert {str(f.period): f.value_usd_millions for f in got} == gen.EXPECTED_EASYDATA_SCM009


def test_old_history_below_100_is_allowed_but_recent_is_not() -> None:
    def body(day: str, value: str) -> bytes:
        return json.dumps(
            {
                "columns": gen.EASYDATA_COLUMNS,
                "rows": [["Trade in Services", gen.SCM009, gen.SCM009_NAME, day, value, "USD", "Normal", ""]],
            }
        ).encode()

    old = ed.parse(Document(url=URL, body=body("2008-01-31", "18.5"))).figures
    assert old[0].value_usd_millions == 18.5
    with pytest.raises(ParseError):
        ed.parse(Document(url=URL, body=body("2026-01-31", "18.5")))


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><title>Just a moment...</title>",
        b"not json",
        b"[1, 2]",
        b'{"columns": ["Series Key"], "rows": []}',
        b'{"columns": [], "rows": [[1]]}',
    ],
)
def test_unexpected_bodies_raise_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        ed.parse(Document(url=URL, body=body))


def test_dataset_meta() -> None:
    got = ed.parse_dataset_meta((SBP / "easydata_dataset_meta.json").read_bytes())
    assert got == {
        code: datetime.strptime(text, "%d-%b-%Y").date() for code, text in gen.EXPECTED_DATASET_META.items()
    }
    assert ed.parse_refresh_date("19-Jan-2026") == date(2026, 1, 19)


def test_urls_percent_encode_keys() -> None:
    url = ed.series_data_url("A&B.C/D", "k")
    assert "/series/A%26B.C%2FD/data?" in url and "format=json" in url
    assert "start_date" not in url  # latest observation only
    ranged = ed.series_data_url("X", "k", date(2026, 1, 1), date(2026, 5, 31), fmt="csv")
    assert "start_date=2026-01-01&end_date=2026-05-31&format=csv" in ranged
    assert ed.series_meta_url("X.Y", "k").endswith("/series/X.Y/meta?api_key=k&format=json")
    assert "/dataset/TS_GP_BOP_TRDSER_M/meta?" in ed.dataset_meta_url(ed.DATASET, "k")
    assert "api_key=REDACTED" in ed.redact_url(url)
