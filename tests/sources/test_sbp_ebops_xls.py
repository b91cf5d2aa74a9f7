"""dt.xls parser: exact values from realistic fixtures, revisions, moved rows, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures
from tracker.errors import ParseError
from tracker.model import Period, Series, Status
from tracker.sources.base import Document
from tracker.sources.sbp_ebops_xls import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SBP = FIXTURES / "sbp"
URL = "https://archive.sbp.org.pk/ecodata/dt.xls"


gen = make_sbp_fixtures


def parse_file(name: str) -> list:
    result = parse(Document(url=URL, body=(SBP / name).read_bytes(), source="sbp_dt"))
    assert result.warnings == []
    return result.figures


def as_set(figures: list) -> set[tuple[str, str, str, float]]:
    return {(f.series.value, str(f.period), f.status.value, f.value_usd_millions) for f in figures}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dt_2026-06.xls", gen.EXPECTED_XLS_JUN26),
        ("dt_2026-07.xls", gen.EXPECTED_XLS_JUL26),
        ("dt_2026-06_moved.xls", gen.EXPECTED_XLS_JUN26),
    ],
)
def test_parses_exactly_the_values_written(name: str, expected: set) -> None:
    figures = parse_file(name)
    assert as_set(figures) == expected
    assert len(figures) == len(expected) == 5 * 6  # 5 period blocks x 6 tracked rows


def test_published_values_and_flags_of_the_june_release() -> None:
    got = {(f.series, str(f.period)): f for f in parse_file("dt_2026-06.xls")}
    apr = got[(Series.IT_EXPORTS, "2026-04")]
    assert apr.value_usd_millions == 422.26 and apr.status is Status.REVISED
    may = got[(Series.IT_EXPORTS, "2026-05")]
    assert may.value_usd_millions == 373.27 and may.status is Status.PROVISIONAL
    year_ago = got[(Series.IT_EXPORTS, "2025-05")]  # header is the date serial 45808
    assert year_ago.status is Status.FINAL
    assert got[(Series.IT_EXPORTS, "FY2026:07-05")].status is Status.PROVISIONAL
    assert got[(Series.IT_EXPORTS, "FY2025:07-05")].status is Status.FINAL
    assert apr.document == URL and apr.source == "sbp_dt"
    assert apr.quote.startswith("'EBOPS '!F59 = 422,260 thousand US$")


def test_sub_items_sum_to_item_nine() -> None:
    got = {(f.series, f.period): f.value_usd_millions for f in parse_file("dt_2026-06.xls")}
    may = Period.month(2026, 5)
    parts = [Series.TELECOM_SERVICES, Series.COMPUTER_SERVICES, Series.INFORMATION_SERVICES]
    assert sum(got[(s, may)] for s in parts) == pytest.approx(got[(Series.IT_EXPORTS, may)])
    assert got[(Series.CALL_CENTRE_SERVICES, may)] < got[(Series.TELECOM_SERVICES, may)]
    assert got[(Series.FREELANCE, may)] < got[(Series.COMPUTER_SERVICES, may)]


def test_may_is_revised_between_releases() -> None:
    def may(name: str) -> dict[Series, tuple[float, Status]]:
        return {
            f.series: (f.value_usd_millions, f.status)
            for f in parse_file(name)
            if f.period == Period.month(2026, 5)
        }

    first, second = may("dt_2026-06.xls"), may("dt_2026-07.xls")
    assert first[Series.IT_EXPORTS] == (373.27, Status.PROVISIONAL)
    assert second[Series.IT_EXPORTS] == (373.412, Status.REVISED)
    assert second[Series.FREELANCE][0] - first[Series.FREELANCE][0] == pytest.approx(0.31)


def test_moved_rows_give_other_cell_references() -> None:
    quotes = {
        f.quote.split(" = ")[0] for f in parse_file("dt_2026-06_moved.xls") if f.series is Series.IT_EXPORTS
    }
    assert "'EBOPS '!F62" in quotes  # item 9 moved from row 59 to row 62


def test_html_error_page_and_truncated_file_raise_parse_error() -> None:
    for name in ("dt_html_error.xls", "dt_truncated.xls"):
        with pytest.raises(ParseError):
            parse(Document(url=URL, body=(SBP / name).read_bytes()))


def test_a_workbook_without_the_ict_row_is_rejected() -> None:
    blocks = gen.XLS_JUN26
    labels = gen.EBOPS_LABELS
    try:
        gen.EBOPS_LABELS = [(r, "9. Something else") if r == 58 else (r, t) for r, t in labels]
        body = gen.write_xls(blocks)
    finally:
        gen.EBOPS_LABELS = labels
    with pytest.raises(ParseError, match=r"9\. Telecommunications"):
        parse(Document(url=URL, body=body))


def test_values_in_the_wrong_unit_are_rejected() -> None:
    blocks = [
        gen._block(
            b.header,
            b.period,
            b.status,
            {k: v // 1000 for k, v in b.ict_leaves.items()},
            b.services // 1000,
        )
        for b in gen.XLS_JUN26
    ]
    with pytest.raises(ParseError, match="units changed"):
        parse(Document(url=URL, body=gen.write_xls(blocks)))
