"""Period arithmetic and text forms, with the July/December/June fiscal edges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import UsageError
from tracker.model import Authority, Figure, Period, PeriodKind, Series, Status, fiscal_year_of


@pytest.mark.parametrize(
    ("year", "month", "fy"),
    [(2025, 6, 2025), (2025, 7, 2026), (2025, 12, 2026), (2026, 1, 2026), (2026, 6, 2026)],
)
def test_fiscal_year_of_a_month(year: int, month: int, fy: int) -> None:
    assert fiscal_year_of(year, month) == fy
    assert Period.month(year, month).fy == fy


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2025-12", PeriodKind.MONTH, "2025-12", "2025-12"),
        ("FY2026", PeriodKind.FISCAL_YEAR, "2025-07", "2026-06"),
        ("FY2026:07-11", PeriodKind.FYTD, "2025-07", "2025-11"),
        ("FY2026:07-07", PeriodKind.FYTD, "2025-07", "2025-07"),
        ("FY2026:07-03", PeriodKind.FYTD, "2025-07", "2026-03"),
        ("FY2026:07-06", PeriodKind.FYTD, "2025-07", "2026-06"),
        ("FY2026:Q1", PeriodKind.QUARTER, "2025-07", "2025-09"),
        ("FY2026:Q3", PeriodKind.QUARTER, "2026-01", "2026-03"),
        ("FY2026:Q4", PeriodKind.QUARTER, "2026-04", "2026-06"),
    ],
)
def test_parse_round_trips_and_spans(text: str, kind: PeriodKind, first: str, last: str) -> None:
    p = Period.parse(text)
    assert p.kind is kind
    assert str(p) == text
    months = list(p.months())
    assert str(months[0]) == first and str(months[-1]) == last


@pytest.mark.parametrize("bad", ["2025-13", "2025-00", "FY26", "FY2026:08-11", "FY2026:Q5", "", "Dec"])
def test_parse_rejects_bad_text(bad: str) -> None:
    with pytest.raises(UsageError):
        Period.parse(bad)


def test_month_arithmetic_across_year_end() -> None:
    dec = Period.month(2025, 12)
    assert str(dec.shift(1)) == "2026-01"
    assert str(Period.month(2026, 1).previous()) == "2025-12"
    assert str(dec.same_month_last_year()) == "2024-12"
    assert str(Period.month(2025, 7).fytd_through()) == "FY2026:07-07"
    assert str(Period.month(2026, 6).fytd_through()) == "FY2026:07-06"
    assert str(Period.month(2026, 1).fytd_through()) == "FY2026:07-01"


def test_fiscal_month_position() -> None:
    assert Period.month(2025, 7).fiscal_month == 1
    assert Period.month(2025, 12).fiscal_month == 6
    assert Period.month(2026, 6).fiscal_month == 12
    assert Period.fytd(2026, 11).fiscal_month == 5


def test_labels() -> None:
    assert Period.month(2025, 12).label() == "December 2025"
    assert Period.month(2025, 10).short_label() == "Oct 2025"
    assert Period.fytd(2026, 11).label() == "Jul–Nov FY2026"
    assert Period.quarter(2026, 1).label() == "Q1 FY2026"


def test_ordering_is_chronological() -> None:
    ps = [Period.parse(t) for t in ("2026-01", "2025-07", "2025-12")]
    assert [str(p) for p in sorted(ps)] == ["2025-07", "2025-12", "2026-01"]


def test_shift_only_for_months() -> None:
    with pytest.raises(UsageError):
        Period.fiscal_year(2026).shift(1)


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_every_month_lies_in_its_fiscal_year(year: int, month: int) -> None:
    m = Period.month(year, month)
    fy = Period.fiscal_year(m.fy)
    assert fy.contains(m)
    assert fy.length == 12
    assert m.fytd_through().contains(m)
    assert Period.parse(str(m)) == m


def test_figure_normalises_enums_and_rounding() -> None:
    f = Figure("it_exports", Period.month(2025, 12), 437.00001, "P", "official")  # type: ignore[arg-type]
    assert f.series is Series.IT_EXPORTS
    assert f.status is Status.PROVISIONAL
    assert f.authority is Authority.OFFICIAL
    assert f.value_usd_millions == 437.0
