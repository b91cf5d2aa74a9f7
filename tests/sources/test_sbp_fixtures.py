"""The committed SBP fixtures are exactly what make_sbp_fixtures.py generates."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import make_sbp_fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_committed_fixtures_match_the_generator(tmp_path: Path) -> None:
    built = make_sbp_fixtures.build(tmp_path)
    for name, body in built.items():
        assert (FIXTURES / "sbp" / name).read_bytes() == body, f"regenerate {name}"


def test_xls_fixture_looks_like_the_real_file() -> None:
    import xlrd

    gen = make_sbp_fixtures
    book = xlrd.open_workbook(FIXTURES / "sbp" / "dt_2026-06.xls", formatting_info=True)
    sheet = book.sheet_by_name("EBOPS ")  # trailing space
    # Like the real file: column A empty, labels in column B, blocks from column C.
    assert sheet.cell_value(6, 0) == "" and sheet.cell_value(6, 1) == "Trade in Services"
    assert sheet.cell(6, 2).ctype == xlrd.XL_CELL_DATE and sheet.cell_value(6, 2) == 45808
    assert [sheet.cell_value(6, c) for c in (5, 8, 11, 14)] == [
        "Apr-26 (R)",
        "May-26 (P)",
        "Jul-May, FY25",
        "Jul-May, FY26 (P)",
    ]
    assert (6, 7, 5, 8) in sheet.merged_cells  # merged 3-column period header
    assert sheet.cell_value(58, 1) == "9.\u00a0Telecommunications, Computer and information services"
    assert sheet.cell_value(58, 5) == 422_260  # thousand US$
    assert [(r, sheet.cell_value(r, 1)) for r, _ in gen.EBOPS_LABELS] == gen.EBOPS_LABELS
    assert sheet.cell_value(5, 11) == "(Amount in Thousand US$)"  # the units row
    assert sheet.cell_value(67, 6) == "N/A"  # freelance debits are not available
    assert sheet.cell_value(96, 1).startswith("R' for revised")  # notes follow the table
    assert len(gen.EBOPS_LABELS) == 88  # rows 8..95; 91 labels with the 3 title/header rows
