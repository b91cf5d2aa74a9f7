"""Parse SBP's dt.xls (Trade in Services, EBOPS 2010) into ICT credit Figures in US$ millions.

Layout (June-2026 release): sheet "EBOPS " (trailing space), header row 6 with one merged
3-column block [Credit, Debit, Net] per period, labels in column 0, values in thousand US$.
Rows and columns are found by label, never by position, because both shift between releases.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import xlrd

from tracker.errors import ParseError
from tracker.model import Authority, Figure, Period, PeriodKind, Series, Status
from tracker.sources.base import Document, ParseResult
from tracker.sources.sbp_common import (
    ICT_ROWS,
    ICT_TOTAL_LABEL,
    MONTH_NUMBER,
    cell_ref,
    fy_from_token,
    normalise_label,
    parse_number,
    status_from_flag,
)
from tracker.sources.validate import XLS, check_document

KIND = "sbp_ebops_xls"
SHEET_PATTERN = re.compile(r"ebops", re.IGNORECASE)
HEADER_SEARCH_ROWS = 40  # the header sits at row 6 today; search generously for drift
MONTHLY_ICT_RANGE = (100.0, 1000.0)  # US$ m; outside this the unit has changed

# `Apr-26 (R)`, `May-26 (P)`, `Jun-25`, `May 2026 (P)`
_MONTH_HEADER = re.compile(
    r"^([a-z]{3})[a-z]*\.?\s*[-'\s]\s*(\d{2}|\d{4})\s*(?:\(?\s*([rp])\s*\)?)?$", re.IGNORECASE
)
# `Jul-May, FY26 (P)`, `Jul-May, FY25`, `July-June FY26 (P)`, `Jul, FY27 (P)`, `Jul-Jun FY26R`
_FYTD_HEADER = re.compile(
    r"^(jul)[a-z]*(?:\s*-\s*([a-z]{3})[a-z]*)?\s*,?\s*fy\s*'?(\d{2}|\d{4})"
    r"\s*(?:\(?\s*([rp])\s*\)?)?$",
    re.IGNORECASE,
)
_CREDIT = frozenset({"credit", "cr", "cr.", "receipts", "exports"})
_EXCEL_SERIAL_RANGE = (20000.0, 80000.0)  # 1954..2119: a header number in here is a date


@dataclass(frozen=True)
class Block:
    """One period's [Credit, Debit, Net] column block, as read from the header row."""

    col: int  # first column of the block (where the merged header text sits)
    credit_col: int
    period: Period
    status: Status | None  # None: no P/R marker printed
    header: str  # the header text (or the date serial) for quotes


def parse(doc: Document) -> ParseResult:
    """Read item 9 and its tracked sub-items (credit only) from every period block of dt.xls."""
    check_document(doc, [XLS])
    book = _open(doc.body)
    sheet = _find_sheet(book)
    header_row = find_header_row(sheet, book.datemode)
    blocks = read_blocks(sheet, header_row, book.datemode)
    result = ParseResult()
    rows = _find_rows(sheet, header_row, result)
    if Series.IT_EXPORTS not in rows:
        raise ParseError(
            f"dt.xls: no row labelled '9. Telecommunications, Computer and information services'"
            f" below the header in sheet {sheet.name!r}"
        )
    statuses = _resolve_statuses(blocks)
    for series, row in rows.items():
        for block in blocks:
            figure = _figure(doc, sheet, series, row, block, statuses[block.col], result)
            if figure is not None:
                result.figures.append(figure)
    _check_ict(result)
    return result


def _open(body: bytes) -> xlrd.book.Book:
    """Open the workbook, turning every xlrd/struct failure into a one-line ParseError."""
    try:
        return xlrd.open_workbook(file_contents=body, logfile=io.StringIO(), on_demand=False)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError...
        raise ParseError(f"dt.xls: not a readable .xls workbook ({type(exc).__name__}: {exc})") from exc


def _find_sheet(book: xlrd.book.Book) -> xlrd.sheet.Sheet:
    """The EBOPS sheet; SBP names it "EBOPS " with a trailing space, so match loosely."""
    try:
        names = book.sheet_names()
        for index, name in enumerate(names):
            if SHEET_PATTERN.search(name):
                return book.sheet_by_index(index)
    except Exception as exc:
        raise ParseError(f"dt.xls: cannot read sheets ({type(exc).__name__}: {exc})") from exc
    raise ParseError(f"dt.xls: no sheet named like 'EBOPS' (sheets: {names})")


def _cell(sheet: xlrd.sheet.Sheet, row: int, col: int) -> xlrd.sheet.Cell | None:
    if row >= sheet.nrows or col >= sheet.row_len(row):
        return None
    return sheet.cell(row, col)


def header_period(cell: xlrd.sheet.Cell, datemode: int) -> tuple[Period, Status | None] | None:
    """Read one header cell as a period: a month token, a FYTD token or a date serial."""
    if cell.ctype in (xlrd.XL_CELL_DATE, xlrd.XL_CELL_NUMBER):
        value = float(cell.value)
        if not _EXCEL_SERIAL_RANGE[0] <= value <= _EXCEL_SERIAL_RANGE[1]:
            return None
        # SBP prints the year-ago month as a bare date serial (45808 → 2025-05-31), no marker.
        when = xlrd.xldate.xldate_as_datetime(value, datemode)
        return Period.month(when.year, when.month), None
    if cell.ctype != xlrd.XL_CELL_TEXT:
        return None
    text = " ".join(str(cell.value).replace("\u00a0", " ").split())
    if m := _FYTD_HEADER.match(text):
        fy = fy_from_token(m[3])
        through = MONTH_NUMBER.get(m[2].lower()[:3]) if m[2] else 7
        if through is None:
            return None
        return Period.fytd(fy, through), status_from_flag(m[4])
    if m := _MONTH_HEADER.match(text):
        month = MONTH_NUMBER.get(m[1].lower())
        if month is None:
            return None
        return Period.month(fy_from_token(m[2]), month), status_from_flag(m[3])
    return None


def find_header_row(sheet: xlrd.sheet.Sheet, datemode: int) -> int:
    """The first row with at least two period headers (row 6 in 2026; searched, not fixed)."""
    for row in range(min(sheet.nrows, HEADER_SEARCH_ROWS)):
        found = 0
        for col in range(sheet.row_len(row)):
            if header_period(sheet.cell(row, col), datemode) is not None:
                found += 1
        if found >= 2:
            return row
    raise ParseError(
        f"dt.xls: no header row with period labels like 'May-26 (P)' in the first "
        f"{HEADER_SEARCH_ROWS} rows of sheet {sheet.name!r}"
    )


def read_blocks(sheet: xlrd.sheet.Sheet, header_row: int, datemode: int) -> list[Block]:
    """Period blocks of the header row; merged header cells are forward-filled to the right."""
    starts: list[tuple[int, Period, Status | None, str]] = []
    for col in range(sheet.row_len(header_row)):
        cell = sheet.cell(header_row, col)
        parsed = header_period(cell, datemode)
        if parsed is None:
            continue
        header = str(cell.value).strip()
        if cell.ctype != xlrd.XL_CELL_TEXT:  # the year-ago month is a bare date serial
            header = f"{parsed[0].short_label()} (date serial {cell.value:g})"
        starts.append((col, parsed[0], parsed[1], header))
    blocks = []
    for i, (col, period, status, header) in enumerate(starts):
        # A merged header covers its block: every column up to the next header belongs to it.
        end = starts[i + 1][0] if i + 1 < len(starts) else col + 3
        blocks.append(Block(col, _credit_column(sheet, header_row, col, end), period, status, header))
    return blocks


def _credit_column(sheet: xlrd.sheet.Sheet, header_row: int, start: int, end: int) -> int:
    """The block's Credit column from the sub-header row if printed, else the first column."""
    for row in (header_row + 1, header_row + 2):
        for col in range(start, end):
            cell = _cell(sheet, row, col)
            if cell is not None and str(cell.value).strip().casefold() in _CREDIT:
                return col
    return start  # SBP's order is [Credit, Debit, Net]


def _resolve_statuses(blocks: list[Block]) -> dict[int, Status]:
    """Printed P/R markers win; unmarked year-ago months and prior-year FYTDs are final."""
    months = [b for b in blocks if b.period.kind is PeriodKind.MONTH]
    latest = max((b.period for b in months), default=None)
    latest_status = next((b.status for b in months if b.period == latest and b.status), None)
    out: dict[int, Status] = {}
    for block in blocks:
        status = block.status
        # An unmarked current-year FYTD ending at the latest month shares its status.
        if (
            status is None
            and latest is not None
            and block.period.kind is PeriodKind.FYTD
            and block.period.last == latest.first
        ):
            status = latest_status
        out[block.col] = status or Status.FINAL
    return out


def _find_rows(sheet: xlrd.sheet.Sheet, header_row: int, result: ParseResult) -> dict[Series, int]:
    """Rows of the tracked ICT items, found by normalised label in column 0 (or the first
    text column), below the header."""
    rows: dict[Series, int] = {}
    for row in range(header_row + 1, sheet.nrows):
        for col in range(min(2, sheet.row_len(row))):
            cell = sheet.cell(row, col)
            if cell.ctype != xlrd.XL_CELL_TEXT:
                continue
            series = ICT_ROWS.get(normalise_label(str(cell.value)))
            if series is None:
                continue
            if series in rows:
                result.warnings.append(
                    f"dt.xls: label {str(cell.value).strip()!r} appears again in row {row + 1}; "
                    f"kept row {rows[series] + 1}"
                )
            else:
                rows[series] = row
            break
    for series in ICT_ROWS.values():
        if series not in rows:
            result.warnings.append(f"dt.xls: no row for {series.value}")
    return rows


def _figure(
    doc: Document,
    sheet: xlrd.sheet.Sheet,
    series: Series,
    row: int,
    block: Block,
    status: Status,
    result: ParseResult,
) -> Figure | None:
    """The credit value of one item in one period block, thousand US$ → US$ millions."""
    cell = _cell(sheet, row, block.credit_col)
    ref = cell_ref(sheet.name, row, block.credit_col)
    raw = None if cell is None else cell.value
    value = parse_number(raw) if cell is None or cell.ctype != xlrd.XL_CELL_ERROR else None
    if value is None:
        result.warnings.append(f"dt.xls: {ref} ({series.value}, {block.header}) is blank: {raw!r}")
        return None
    millions = value / 1000.0  # dt.xls is in thousand US$
    if (
        series is Series.IT_EXPORTS
        and block.period.kind is PeriodKind.MONTH
        and not MONTHLY_ICT_RANGE[0] <= millions <= MONTHLY_ICT_RANGE[1]
    ):
        raise ParseError(
            f"dt.xls: {ref} gives monthly ICT credit {millions:g} US$ m for {block.period}, "
            f"outside {MONTHLY_ICT_RANGE[0]:g}–{MONTHLY_ICT_RANGE[1]:g}: units changed?"
        )
    label = str(sheet.cell(row, 0).value).replace("\u00a0", " ").strip()
    return Figure(
        series=series,
        period=block.period,
        value_usd_millions=millions,
        status=status,
        authority=Authority.OFFICIAL,
        source=doc.source or KIND,
        document=doc.url,
        quote=f"{ref} = {value:,.0f} thousand US$ ({label}; {block.header}; credit)",
    )


def _check_ict(result: ParseResult) -> None:
    """Warn when 9.1 + 9.2 + 9.3 does not add up to item 9 (a shifted or mislabelled row)."""
    # Keyed by str(period): Period equality ignores kind, so FYTD-to-July == the July month.
    by_key = {(f.series, str(f.period)): f.value_usd_millions for f in result.figures}
    parts = (Series.TELECOM_SERVICES, Series.COMPUTER_SERVICES, Series.INFORMATION_SERVICES)
    for (series, period), total in by_key.items():
        if series is not Series.IT_EXPORTS:
            continue
        values = [by_key.get((p, period)) for p in parts]
        if any(v is None for v in values):
            continue
        subtotal = sum(v for v in values if v is not None)
        if abs(subtotal - total) > 0.01:
            result.warnings.append(f"dt.xls: {period}: 9.1+9.2+9.3 = {subtotal:.3f} but item 9 = {total:.3f}")


__all__ = [
    "ICT_TOTAL_LABEL",
    "KIND",
    "Block",
    "find_header_row",
    "header_period",
    "parse",
    "read_blocks",
]
