"""Read SBP's real workbooks from ../shared/sbp/real and derive layout variants from them.

The real files are never copied into the project: tests read them from the shared folder
(skipped with the reason when it is absent) and write variants in memory at test time, so a
variant differs from SBP's release only in the one thing it changes.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REAL = Path(
    os.environ.get("TRACKER_SBP_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "sbp" / "real")
)
DT_FEB26 = REAL / "dt_2026-02.xls"


def real_bytes(path: Path = DT_FEB26) -> bytes:
    """The real file's bytes, or skip the test saying why."""
    if not path.is_file():
        pytest.skip(f"real SBP workbook {path} is absent (../shared/sbp/real not mounted)")
    return path.read_bytes()


@dataclass
class Grid:
    """One sheet as plain cells: (row, col) → (xlrd ctype, value, number format)."""

    name: str
    cells: dict[tuple[int, int], tuple[int, object, str]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, r1, c0, c1 (excl.)

    def get(self, row: int, col: int) -> object:
        return self.cells.get((row, col), (0, "", ""))[1]

    def text(self, row: int, col: int, value: str) -> None:
        self.cells[(row, col)] = (1, value, "")

    def date(self, row: int, col: int, serial: float, fmt: str = "mmm-yy") -> None:
        self.cells[(row, col)] = (3, serial, fmt)

    def number(self, row: int, col: int, value: float) -> None:
        self.cells[(row, col)] = (2, value, "")

    def clear(self, row: int, col: int) -> None:
        self.cells.pop((row, col), None)

    def insert_row(self, at: int) -> None:
        """Push row `at` and everything below it down one row (merges too)."""
        self.cells = {((r + 1 if r >= at else r), c): v for (r, c), v in self.cells.items()}
        self.merges = [
            (r0 + (r0 >= at), r1 + (r1 > at or r0 >= at), c0, c1) for r0, r1, c0, c1 in self.merges
        ]

    def unmerge_row(self, row: int) -> None:
        self.merges = [m for m in self.merges if not m[0] <= row < m[1]]


def read_grid(body: bytes, sheet_index: int = 0) -> Grid:
    import xlrd

    book = xlrd.open_workbook(file_contents=body, formatting_info=True)
    sheet = book.sheet_by_index(sheet_index)
    grid = Grid(sheet.name, merges=list(sheet.merged_cells))
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                grid.cells[(r, c)] = (cell.ctype, cell.value, fmt)
    return grid


def real_grid() -> Grid:
    return read_grid(real_bytes())


def write_book(*grids: Grid) -> bytes:
    """Write grids as sheets of one .xls (xlwt), keeping types, merges and date formats."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}

    def style(fmt: str) -> xlwt.XFStyle:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt or "General")
        return styles[fmt]

    for grid in grids:
        sheet = book.add_sheet(grid.name)
        tops = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in grid.merges}
        covered = {(r, c) for r0, r1, c0, c1 in grid.merges for r in range(r0, r1) for c in range(c0, c1)}
        for (r, c), (ctype, value, fmt) in sorted(grid.cells.items()):
            if (r, c) in tops:
                r1, c1 = tops[(r, c)]
                sheet.write_merge(r, r1 - 1, c, c1 - 1, value, style(fmt if ctype == 3 else ""))
            elif (r, c) not in covered:
                sheet.write(r, c, value, style(fmt if ctype == 3 else ""))
        for (r0, c0), (r1, c1) in tops.items():
            if (r0, c0) not in grid.cells:
                sheet.merge(r0, r1 - 1, c0, c1 - 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Every tracked figure of dt_2026-02.xls (credit, thousand US$ as printed → US$ m, 3 dp):
# series → [Feb-25 (date cell), Jan-26 (R), Feb-26 (P), Jul-Feb FY25, Jul-Feb FY26 (P)].
FEB26_PERIODS = [
    ("2025-02", "final"),
    ("2026-01", "R"),
    ("2026-02", "P"),
    ("FY2025:07-02", "final"),
    ("FY2026:07-02", "P"),
]
FEB26_VALUES = {
    "it_exports": [306.294, 373.528, 363.81, 2486.62, 2974.293],
    "telecom_services": [49.711, 47.869, 59.212, 354.974, 461.46],
    "call_centre_services": [26.509, 33.116, 35.425, 207.895, 252.648],
    "computer_services": [255.273, 325.287, 304.267, 2112.775, 2509.747],
    "freelance": [71.592, 93.466, 92.897, 489.012, 743.39],
    "information_services": [1.31, 0.372, 0.331, 18.871, 3.085],
}
EXPECTED_FEB26 = {
    (series, period, status, value)
    for series, values in FEB26_VALUES.items()
    for (period, status), value in zip(FEB26_PERIODS, values, strict=True)
}
HEADER_ROW, CDN_ROW, ITEM9_ROW = 6, 7, 58
BLOCK_COLS = (2, 5, 8, 11, 14)  # first (Credit) column of each period block
