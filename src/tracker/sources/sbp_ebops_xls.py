"""Parse SBP's dt.xls (Trade in Services, EBOPS 2010) into ICT credit Figures in US$ millions.

Layout (June-2026 release): sheet "EBOPS " (trailing space), header row 6 with one merged
3-column block [Credit, Debit, Net] per period, labels in column 0, values in thousand US$.
Rows and columns are found by label, never by position, because both shift between releases.
"""

from __future__ import annotations

import io
import re

import xlrd

from tracker.errors import ParseError
from tracker.model import Authority, Figure, PeriodKind, Series, Status
from tracker.sources.base import Document, ParseResult
from tracker.sources.sbp_common import ICT_ROWS, ICT_TOTAL_LABEL, cell_ref, normalise_label, parse_number
from tracker.sources.sbp_ebops_header import Block, cell_or_none, read_header, resolve_statuses
from tracker.sources.validate import XLS, check_document

KIND = "sbp_ebops_xls"
SHEET_PATTERN = re.compile(r"ebops", re.IGNORECASE)
# Sheets that hold an older release or history: never the current figures.
ARCHIVE_PATTERN = re.compile(r"arch|old|hist|prev|back|copy|\(\d+\)", re.IGNORECASE)
MONTHLY_ICT_RANGE = (100.0, 1000.0)  # US$ m; outside this the unit has changed


def parse(doc: Document) -> ParseResult:
    """Read item 9 and its tracked sub-items (credit only) from every period block of dt.xls."""
    check_document(doc, [XLS])
    book = _open(doc.body)
    result = ParseResult()
    sheet, why = choose_sheet(book)
    result.provenance["sheet"] = sheet.name
    result.provenance["sheet_choice"] = why
    rows = _find_rows(sheet, result)
    if Series.IT_EXPORTS not in rows:
        raise ParseError(
            f"dt.xls: no row labelled '9. Telecommunications, Computer and information services'"
            f" in sheet {sheet.name!r}"
        )
    header = read_header(book, sheet, rows[Series.IT_EXPORTS])
    if any(row < header.cdn_row for row in rows.values()):
        raise ParseError(f"dt.xls: an ICT row sits above the Credit/Debit/Net row in sheet {sheet.name!r}")
    statuses, notes = resolve_statuses(header.blocks)
    result.warnings.extend(notes)
    scale = 1000.0 if header.thousands else 1.0
    for series, row in rows.items():
        for block in header.blocks:
            figure = _figure(doc, sheet, series, row, block, statuses[block.col], scale, result)
            if figure is not None:
                result.figures.append(figure)
    # Sub-items vs item 9 are checked by the plausibility gate (an error there, for every
    # official source), not here.
    return result


def _open(body: bytes) -> xlrd.book.Book:
    """Open the workbook, turning every xlrd/struct failure into a one-line ParseError.

    formatting_info=True: merged header cells and number formats (a P/R flag can live only
    in a date cell's format) are part of the layout."""
    try:
        return xlrd.open_workbook(
            file_contents=body, logfile=io.StringIO(), on_demand=False, formatting_info=True
        )
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError...
        raise ParseError(f"dt.xls: not a readable .xls workbook ({type(exc).__name__}: {exc})") from exc


def choose_sheet(book: xlrd.book.Book) -> tuple[xlrd.sheet.Sheet, str]:
    """The one current EBOPS sheet and why it was chosen.

    SBP names it "EBOPS " (trailing space). A workbook may also carry an archive sheet
    ("EBOPS Arch", an older release) placed first: it is never read. Two current-looking
    EBOPS sheets are ambiguous and refused rather than guessed."""
    try:
        names = book.sheet_names()
    except Exception as exc:
        raise ParseError(f"dt.xls: cannot read sheets ({type(exc).__name__}: {exc})") from exc
    ebops = [(i, n) for i, n in enumerate(names) if SHEET_PATTERN.search(n)]
    current = [(i, n) for i, n in ebops if not ARCHIVE_PATTERN.search(n)]
    if not current:
        raise ParseError(f"dt.xls: no current sheet named like 'EBOPS' (sheets: {names})")
    if len(current) > 1:
        raise ParseError(
            f"dt.xls: several current-looking EBOPS sheets {[n for _, n in current]}; refusing to guess"
        )
    index, name = current[0]
    skipped = [n for _, n in ebops if n != name]
    why = f"sheet {index + 1} of {len(names)} {name!r}" + (
        f"; skipped archive sheet(s) {skipped}" if skipped else ""
    )
    try:
        return book.sheet_by_index(index), why
    except Exception as exc:
        raise ParseError(f"dt.xls: cannot read sheet {name!r} ({type(exc).__name__}: {exc})") from exc


LABEL_COLS = 3  # SBP puts labels in column B (A is empty); allow A..C


def _find_rows(sheet: xlrd.sheet.Sheet, result: ParseResult) -> dict[Series, int]:
    """Rows of the tracked ICT items, found by normalised label in the label columns."""
    rows: dict[Series, int] = {}
    for row in range(sheet.nrows):
        for col in range(min(LABEL_COLS, sheet.row_len(row))):
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
    scale: float,
    result: ParseResult,
) -> Figure | None:
    """The credit value of one item in one period block, thousand US$ → US$ millions."""
    cell = cell_or_none(sheet, row, block.credit_col)
    ref = cell_ref(sheet.name, row, block.credit_col)
    raw = None if cell is None else cell.value
    value = parse_number(raw) if cell is None or cell.ctype != xlrd.XL_CELL_ERROR else None
    if value is None:
        result.warnings.append(f"dt.xls: {ref} ({series.value}, {block.header}) is blank: {raw!r}")
        return None
    millions = value / scale  # dt.xls is in thousand US$
    if (
        series is Series.IT_EXPORTS
        and block.period.kind is PeriodKind.MONTH
        and not MONTHLY_ICT_RANGE[0] <= millions <= MONTHLY_ICT_RANGE[1]
    ):
        raise ParseError(
            f"dt.xls: {ref} gives monthly ICT credit {millions:g} US$ m for {block.period}, "
            f"outside {MONTHLY_ICT_RANGE[0]:g}–{MONTHLY_ICT_RANGE[1]:g}: units changed?"
        )
    label = next(
        (
            str(c.value).replace("\u00a0", " ").strip()
            for c in sheet.row(row)[:LABEL_COLS]
            if c.ctype == xlrd.XL_CELL_TEXT and str(c.value).strip()
        ),
        "",
    )
    unit = "thousand" if scale == 1000.0 else "million"
    return Figure(
        series=series,
        period=block.period,
        value_usd_millions=millions,
        status=status,
        authority=Authority.OFFICIAL,
        source=doc.source or KIND,
        document=doc.url,
        quote=f"{ref} = {value:,.0f} {unit} US$ ({label}; {block.header}; credit)",
    )


__all__ = ["ICT_TOTAL_LABEL", "KIND", "Block", "choose_sheet", "parse"]
