"""EasyData guards from issue 17: scale per series, duplicates, flagged values, meta drift,
lenient but bounded JSON, gaps SBP publishes vs months the parser lost."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.fixtures import make_sbp_fixtures as gen
from tracker.errors import ParseError
from tracker.model import Series, Status
from tracker.sources import sbp_easydata as ed
from tracker.sources.base import Document

SCM093 = "TS_GP_BOP_TRDSER_M.SCM093"
URL = ed.series_data_url(SCM093, "k", date(2025, 7, 1), date(2026, 5, 31))


def body(key: str, rows: list[tuple[str, object]], unit: str = "USD") -> bytes:
    return json.dumps(
        {
            "columns": gen.EASYDATA_COLUMNS,
            "rows": [["Trade in Services", key, "name", d, v, unit, "Normal", ""] for d, v in rows],
        }
    ).encode()


def run(raw: bytes):  # type: ignore[no-untyped-def]
    return ed.parse(Document(url=URL, body=raw))


INFO = [("2026-01-31", "372"), ("2026-02-28", "331"), ("2026-03-31", "444")]


def test_information_services_in_thousand_usd_by_unit_text() -> None:
    got = run(body(SCM093, INFO, unit="Thousand USD"))
    assert {str(f.period): f.value_usd_millions for f in got.figures} == {
        "2026-01": 0.372,
        "2026-02": 0.331,
        "2026-03": 0.444,
    }
    assert {f.series for f in got.figures} == {Series.INFORMATION_SERVICES}
    assert got.warnings == []


def test_information_services_in_thousands_behind_a_bare_usd_unit_is_rescaled_loudly() -> None:
    got = run(body(SCM093, INFO))
    assert sorted(f.value_usd_millions for f in got.figures) == [0.331, 0.372, 0.444]
    assert len(got.warnings) == 3 and "read as thousand US$" in got.warnings[0]


def test_an_ambiguous_sub_series_magnitude_is_refused() -> None:
    with pytest.raises(ParseError, match="outside 0–20"):
        run(body(SCM093, [("2026-01-31", "55")]))  # 55 US$ m or 0.055? neither is safe


def test_item9_in_thousands_is_still_refused_not_rescaled() -> None:
    with pytest.raises(ParseError, match="not rescaled"):
        run(body(gen.SCM009, [("2026-01-31", "373528")]))


def test_duplicate_month_gives_one_value_and_a_warning() -> None:
    got = run(
        body(gen.SCM009, [("2026-01-31", "373.53"), ("2026-01-31", "380.10"), ("2026-02-28", "363.81")])
    )
    assert {str(f.period): f.value_usd_millions for f in got.figures} == {
        "2026-01": 373.53,
        "2026-02": 363.81,
    }
    assert any("listed twice (373.53 and 380.1); kept 373.53" in w for w in got.warnings)


def test_values_with_a_glued_status_flag() -> None:
    got = run(
        body(gen.SCM009, [("2026-01-31", "373.5R"), ("2026-02-28", "413.6P"), ("2025-12-31", "437.2 (R)")])
    )
    by = {str(f.period): (f.value_usd_millions, f.status) for f in got.figures}
    assert by == {
        "2026-02": (413.6, Status.PROVISIONAL),
        "2026-01": (373.5, Status.REVISED),
        "2025-12": (437.2, Status.REVISED),
    }
    assert got.warnings == []


def test_unreadable_value_is_a_warning_not_a_silent_drop() -> None:
    got = run(body(gen.SCM009, [("2026-01-31", "373.5"), ("2026-02-28", "41x.6")]))
    assert [str(f.period) for f in got.figures] == ["2026-01"]
    assert got.warnings == ["EasyData: TS_GP_BOP_TRDSER_M.SCM009 2026-02-28 value '41x.6' is not a number"]
    assert got.expected_gaps == []


def test_na_inside_history_is_an_expected_gap_but_a_trailing_na_is_not() -> None:
    inside = run(body(gen.SCM009, [("2026-01-31", "NA"), ("2026-02-28", "363.81")]))
    assert inside.warnings == inside.expected_gaps == ["EasyData: 1 observation(s) without a value"]
    trailing = run(body(gen.SCM009, [("2026-01-31", "373.5"), ("2026-02-28", "-")]))
    assert trailing.warnings and trailing.expected_gaps == []


def test_meta_with_bare_codes_and_a_bad_row() -> None:
    meta = {
        "columns": gen.DATASET_META_COLUMNS,
        "rows": [
            ["Trade", "SCM009", "n", "d", "Monthly", "USD", "", "Jul-2005", "Jun-2026", "17-Jun-2026"],
            ["Trade", "SCM093", "n", "d", "Monthly", "USD", "", "Jul-2005", "Jun-2026", "someday"],
            ["Trade", "TS_GP_BOP_TRDSER_M.SCM0926", "n", "d", "Monthly", "USD", "", "", "", "18-May-2026"],
        ],
    }
    dates, warnings = ed.read_dataset_meta(json.dumps(meta).encode())
    assert dates == {gen.SCM009: date(2026, 6, 17), gen.SCM0926: date(2026, 5, 18)}
    assert len(warnings) == 1 and "'SCM093'" in warnings[0]


def test_json_is_read_leniently_but_nesting_is_bounded() -> None:
    raw = body(gen.SCM009, [("2026-02-28", "363.81")]).replace(b'"name"', b'"na\tme"')
    assert run(raw).figures[0].value_usd_millions == 363.81  # a raw tab inside a string
    deep = b'{"columns": ' + b"[" * 5000 + b"]" * 5000 + b', "rows": []}'
    with pytest.raises(ParseError, match="nested deeper than 32"):
        run(deep)
    quoted = json.dumps(
        {
            "columns": gen.EASYDATA_COLUMNS,
            "rows": [
                [
                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                    gen.SCM009,
                    "n",
                    "2026-02-28",
                    "363.81",
                    "USD",
                    "",
                    "",
                ]
            ],
        }
    ).encode()
    assert run(quoted).figures[0].value_usd_millions == 363.81  # brackets inside strings
