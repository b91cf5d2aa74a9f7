"""dt.xls parser on SBP's real Feb-2026 release and on layout variants derived from it.

Each variant changes one thing SBP does (or may do) in its workbooks; the parser must give
exactly the real figures, or refuse with a ParseError. A wrong figure is the one outcome that
fails every test here.
"""

from __future__ import annotations

import pytest

from tests.sources.real_sbp import (
    BLOCK_COLS,
    CDN_ROW,
    EXPECTED_FEB26,
    HEADER_ROW,
    ITEM9_ROW,
    Grid,
    real_bytes,
    real_grid,
    write_book,
)
from tracker.errors import ParseError
from tracker.sources.base import Document, ParseResult
from tracker.sources.sbp_ebops_xls import parse

URL = "https://www.sbp.org.pk/assets/document/dt.xls"


def run(body: bytes) -> ParseResult:
    return parse(Document(url=URL, body=body, source="sbp_dt"))


def as_set(result: ParseResult) -> set[tuple[str, str, str, float]]:
    return {(f.series.value, str(f.period), f.status.value, f.value_usd_millions) for f in result.figures}


def set_headers(grid: Grid, texts: list[str], row: int = HEADER_ROW) -> None:
    for col, text in zip(BLOCK_COLS, texts, strict=True):
        grid.text(row, col, text)


# -- the real file ---------------------------------------------------------------------------
def test_real_feb26_release_every_tracked_figure_exact() -> None:
    result = run(real_bytes())
    assert as_set(result) == EXPECTED_FEB26
    assert len(result.figures) == 30
    assert result.warnings == []
    assert result.provenance["sheet"] == "EBOPS "


def test_real_feb26_quotes_point_at_the_cells() -> None:
    got = {(f.series.value, str(f.period)): f for f in run(real_bytes()).figures}
    feb = got[("it_exports", "2026-02")]
    assert feb.quote.startswith("'EBOPS '!I59 = 363,810 thousand US$ (9. Telecommunications")
    assert "Feb-26 (P)" in feb.quote
    year_ago = got[("it_exports", "2025-02")]
    assert year_ago.quote.startswith("'EBOPS '!C59 = 306,294 thousand US$")
    assert "(date cell)" in year_ago.quote


def test_unchanged_rewrite_of_the_real_file_parses_the_same() -> None:
    """The variant writer itself changes nothing: the baseline for every variant below."""
    assert as_set(run(write_book(real_grid()))) == EXPECTED_FEB26


# -- variants that must give exactly the real figures ---------------------------------------
def _spelled_out(g: Grid) -> None:
    set_headers(
        g,
        [
            "February 2025",
            "January 2026 (Revised)",
            "February 2026 (Provisional)",
            "July-February, FY25",
            "July-February FY26 (Provisional)",
        ],
    )


def _period_over_fy(g: Grid) -> None:
    # SBP's BPM6 layout: a period row over an FY row, flags beside the month or the FY.
    g.unmerge_row(HEADER_ROW)
    g.insert_row(HEADER_ROW + 1)
    set_headers(g, ["Feb", "Jan (R)", "Feb (P)", "Jul-Feb", "Jul-Feb"])
    set_headers(g, ["FY25", "FY26", "FY26", "FY25", "FY26P"], row=HEADER_ROW + 1)


def _flag_row_above_cdn(g: Grid) -> None:
    g.insert_row(HEADER_ROW + 1)
    set_headers(g, ["Feb-25", "Jan-26", "Feb-26", "Jul-Feb, FY25", "Jul-Feb, FY26"])
    for col, flag in ((5, "(R)"), (8, "(P)"), (14, "(P)")):
        g.text(HEADER_ROW + 1, col, flag)


def _flag_row_below_cdn(g: Grid) -> None:
    g.insert_row(CDN_ROW + 1)
    set_headers(g, ["Feb-25", "Jan-26", "Feb-26", "Jul-Feb, FY25", "Jul-Feb, FY26"])
    for col, flag in ((5, "R"), (8, "P"), (14, "P")):
        g.text(CDN_ROW + 1, col, flag)


def _flags_in_date_formats(g: Grid) -> None:
    # 46023 = 2026-01-31, 46081 = 2026-02-28: the P/R shown only through the number format.
    g.date(HEADER_ROW, 5, 46053.0, 'mmm-yy" (R)"')
    g.date(HEADER_ROW, 8, 46081.0, 'mmm-yy" (P)"')


def _footnotes(g: Grid) -> None:
    set_headers(g, ["Feb-25", "Jan-26 (R)*", "Feb-26 (P) 1/", "Jul-Feb, FY25", "Jul-Feb, FY26 (P)*"])


def _superscripts(g: Grid) -> None:
    set_headers(g, ["Feb-25", "Jan-26ᴿ", "Feb-26ᴾ", "Jul-Feb, FY25", "Jul-Feb, FY26ᴾ"])


def _provisional_word(g: Grid) -> None:
    set_headers(
        g,
        [
            "Feb-25",
            "Jan-26 (Revised)",
            "Feb-26 (Provisional)",
            "Jul-Feb, FY25",
            "Jul-Feb, FY26 (Provisional)",
        ],
    )


def _month_p_over_fy(g: Grid) -> None:
    g.unmerge_row(HEADER_ROW)
    g.insert_row(HEADER_ROW + 1)
    set_headers(g, ["Feb", "Jan (R)", "Feb (P)", "Jul-Feb", "Jul-Feb (P)"])
    set_headers(g, ["FY25", "FY26", "FY26", "FY25", "FY26"], row=HEADER_ROW + 1)


def _merged_period_over_two_fy_blocks(g: Grid) -> None:
    # `Jul-Feb` printed once, merged over the FY25 and FY26 blocks.
    g.unmerge_row(HEADER_ROW)
    g.insert_row(HEADER_ROW + 1)
    set_headers(g, ["Feb", "Jan (R)", "Feb (P)", "Jul-Feb", "Jul-Feb"])
    g.clear(HEADER_ROW, 14)
    g.merges.append((HEADER_ROW, HEADER_ROW + 1, 11, 17))
    set_headers(g, ["FY25", "FY26", "FY26", "FY25", "FY26 (P)"], row=HEADER_ROW + 1)


VARIANTS = {
    "spelled_out": _spelled_out,
    "period_row_over_fy_row": _period_over_fy,
    "flag_row_above_credit_row": _flag_row_above_cdn,
    "flag_row_below_credit_row": _flag_row_below_cdn,
    "flag_in_date_number_format": _flags_in_date_formats,
    "footnote_marks": _footnotes,
    "superscript_flags": _superscripts,
    "provisional_spelled": _provisional_word,
    "month_p_over_fy": _month_p_over_fy,
    "merged_period_over_fy_blocks": _merged_period_over_two_fy_blocks,
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_gives_exactly_the_real_figures(name: str) -> None:
    grid = real_grid()
    VARIANTS[name](grid)
    result = run(write_book(grid))
    assert as_set(result) == EXPECTED_FEB26
    assert result.warnings == []


def test_archive_sheet_first_is_skipped_and_named_in_provenance() -> None:
    current = real_grid()
    archive = real_grid()
    archive.name = "EBOPS Arch"
    set_headers(archive, ["Jan-25", "Dec-25 (R)", "Jan-26 (P)", "Jul-Jan, FY25", "Jul-Jan, FY26 (P)"])
    archive.number(ITEM9_ROW, 8, 999_000.0)  # last release's data: must never be read
    result = run(write_book(archive, current))
    assert as_set(result) == EXPECTED_FEB26
    assert result.provenance["sheet"] == "EBOPS "
    assert "skipped archive sheet(s) ['EBOPS Arch']" in result.provenance["sheet_choice"]


def test_newest_month_without_marker_is_provisional_with_a_warning() -> None:
    grid = real_grid()
    set_headers(grid, ["Feb-25", "Jan-26 (R)", "Feb-26", "Jul-Feb, FY25", "Jul-Feb, FY26"])
    result = run(write_book(grid))
    assert as_set(result) == EXPECTED_FEB26  # Feb-26 and FYTD still P, never final
    assert any("carries no P/R marker" in w for w in result.warnings)


# -- variants that must be refused ----------------------------------------------------------
def _two_current_sheets(g: Grid) -> bytes:
    other = real_grid()
    other.name = "EBOPS new"
    return write_book(g, other)


def _unknown_flag(g: Grid) -> bytes:
    set_headers(g, ["Feb-25", "Jan-26 (R)", "Feb-26 (X)", "Jul-Feb, FY25", "Jul-Feb, FY26 (P)"])
    return write_book(g)


def _number_not_date_in_header(g: Grid) -> bytes:
    g.number(HEADER_ROW, 2, 45716.0)  # a date serial typed NUMBER: a value, not a date
    return write_book(g)


def _fytd_disagrees_with_month(g: Grid) -> None:
    set_headers(g, ["Feb-25", "Jan-26 (R)", "Feb-26 (P)", "Jul-Jan, FY25", "Jul-Jan, FY26 (P)"])
    return write_book(g)


def _both_p_and_r(g: Grid) -> bytes:
    set_headers(g, ["Feb-25", "Jan-26 (R)", "Feb-26 (P) (R)", "Jul-Feb, FY25", "Jul-Feb, FY26 (P)"])
    return write_book(g)


def _empty_block_header(g: Grid) -> bytes:
    g.clear(HEADER_ROW, 8)
    return write_book(g)


def _duplicate_period(g: Grid) -> bytes:
    set_headers(g, ["Feb-25", "Feb-26 (R)", "Feb-26 (P)", "Jul-Feb, FY25", "Jul-Feb, FY26 (P)"])
    return write_book(g)


def _units_in_millions(g: Grid) -> bytes:
    g.text(5, 11, "(Amount in Million US$)")  # 363,810 "million" a month: a unit change
    return write_book(g)


def _no_credit_row(g: Grid) -> bytes:
    for col in range(2, 17):
        g.clear(CDN_ROW, col)
    return write_book(g)


def _only_archive_sheet(g: Grid) -> bytes:
    g.name = "EBOPS Arch"
    return write_book(g)


REFUSED = {
    "two_current_sheets": (_two_current_sheets, "several current-looking EBOPS sheets"),
    "unknown_flag": (_unknown_flag, "cannot read the period header"),
    "number_typed_header": (_number_not_date_in_header, "cannot read the period header '45716'"),
    "fytd_disagrees": (_fytd_disagrees_with_month, "ends in a different month"),
    "both_p_and_r": (_both_p_and_r, "both P and R"),
    "empty_block_header": (_empty_block_header, "has no period header"),
    "duplicate_period": (_duplicate_period, "the same period heads two blocks"),
    "units_in_millions": (_units_in_millions, "units changed"),
    "no_credit_row": (_no_credit_row, "no Credit/Debit/Net row"),
    "only_archive_sheet": (_only_archive_sheet, "no current sheet"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_variant_is_refused_loudly(name: str) -> None:
    build, message = REFUSED[name]
    body = build(real_grid())
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(body)


# -- header texts of SBP's other real workbooks ----------------------------------------------
def _stacked_headers(name: str, period_row: int, fy_row: int) -> list[str]:
    """Each column's period-over-FY header text from a real workbook, merges resolved."""
    import xlrd

    from tests.sources.real_sbp import REAL

    book = xlrd.open_workbook(file_contents=real_bytes(REAL / name), formatting_info=True)
    sheet = book.sheet_by_index(0)
    top = {
        (r, c): (r0, c0)
        for r0, r1, c0, c1 in sheet.merged_cells
        for r in range(r0, r1)
        for c in range(c0, c1)
    }
    out = []
    for col in range(1, sheet.row_len(fy_row)):
        fy = str(sheet.cell_value(fy_row, col)).strip()
        if not fy:
            continue
        period = str(sheet.cell_value(*top.get((period_row, col), (period_row, col)))).strip()
        out.append(f"{period} {fy}")
    return out


def test_real_export_receipts_headers_read_as_periods_with_status() -> None:
    from tracker.sources.sbp_ebops_header import parse_period

    texts = _stacked_headers("Export_Receipts_by_all_Countries.xls", 4, 5)
    got = [(t, str(p), s.value if s else None) for t in texts for p, s in [parse_period(t, "t")]]
    assert got == [
        ("Jul-Jun FY24", "FY2024:07-06", None),
        ("Jul-Jun FY25 (R)", "FY2025:07-06", "R"),
        ("Mar (R) FY25", "2025-03", "R"),
        ("Feb (R) FY26", "2026-02", "R"),
        ("Mar (P) FY26", "2026-03", "P"),
        ("Jul-Mar FY25 (R)", "FY2025:07-03", "R"),
        ("Jul-Mar FY26 (P)", "FY2026:07-03", "P"),
    ]


def test_real_bpm6_headers_read_or_refused_never_misread() -> None:
    from tracker.sources.sbp_ebops_header import parse_period

    texts = _stacked_headers("Balancepayment_BPM6.xls", 4, 5)
    read, refused = {}, []
    for text in texts:
        try:
            period, status = parse_period(text, "t")
        except ParseError:
            refused.append(text)
            continue
        read[text] = (str(period), status.value if status else None)
    assert read["Mar FY25R"] == ("2025-03", "R")
    assert read["Feb FY26R"] == ("2026-02", "R") and read["Mar FY26P"] == ("2026-03", "P")
    assert read["Jul-Mar FY25R"] == ("FY2025:07-03", "R")
    assert read["Jul-Mar FY26P"] == ("FY2026:07-03", "P")
    assert read["Jul-Jun FY24"] == ("FY2024:07-06", None)
    # quarters not starting in July are refused; Jul-Sep is the same months as FYTD-Sep
    assert refused == ["Oct-Dec FY26R", "Jan-Mar FY26P"]


@pytest.mark.parametrize("name", ["Balancepayment_BPM6.xls", "Export_Receipts_by_all_Countries.xls"])
def test_other_real_sbp_workbooks_are_refused_by_the_dt_parser(name: str) -> None:
    from tests.sources.real_sbp import REAL

    with pytest.raises(ParseError, match="no current sheet named like 'EBOPS'"):
        run(real_bytes(REAL / name))
