"""Find dt.xls's period blocks by the sheet's structure, never by cell values.

The header is the stack of rows directly above the Credit/Debit/Net row that sits above
item 9. Each Credit column starts a block; the block's period is read from the texts (and
date cells) stacked above it, so every layout SBP uses reads the same way:

- one header row: `Feb-26 (P)`, `Jul-Feb, FY26 (P)`, a DATE cell for the year-ago month;
- a period row over an FY row (`Mar (P)` over `FY26`, `Jul-Mar` over `FY26P`);
- a separate P/R flag row; P/R spelled out, with footnote marks or superscripts;
- a flag only in a date cell's number format (`mmm-yy" (P)"`).

A number cell in the header that is not DATE-typed is never a period: SBP's data values fall
in the same numeric range as Excel date serials, and that confusion once read FYTD debits as
"Dec-2034". A block whose header cannot be read is a ParseError, not a skipped column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import xlrd

from tracker.errors import ParseError
from tracker.model import Period, PeriodKind, Status
from tracker.sources.sbp_common import MONTH_NUMBER, calendar_year, fy_from_token

HEADER_DEPTH = 4  # rows above the Credit/Debit/Net row that may carry header text
_CREDIT = frozenset({"credit", "cr", "cr.", "receipts"})
_DEBIT = frozenset({"debit", "dr", "dr.", "payments"})
_NET = frozenset({"net", "balance"})
_UNITS = re.compile(r"\b(thousand|million)\b", re.IGNORECASE)

# SBP quirks seen or expected in header texts: superscript flags, footnote marks (`*`, `1/`,
# `†`, superscript digits), NBSPs.
_SUPERSCRIPTS = str.maketrans({"ᴾ": " (P)", "ᴿ": " (R)", "ᵖ": " (P)", "ʳ": " (R)", "\u00a0": " "})
_FOOTNOTES = re.compile(r"\(?\b\d\s*/\)?|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰#]")
# Status words: `(P)`, `(R)`, `(Provisional)`, `Revised`, `FY26P`, a lone `P`.
_STATUS_WORD = re.compile(r"\(\s*(provisional|revised|p|r)\s*\)|\b(provisional|revised)\b", re.I)
_FY = re.compile(r"\bfy\s*'?\s*(\d{4}|\d{2})\s*([pr])?\b", re.I)
_LONE_FLAG = re.compile(r"(?<![a-z0-9])([pr])(?![a-z0-9])", re.I)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_RANGE = re.compile(rf"^{_MONTH}\s*[-–]\s*{_MONTH}$", re.I)
_MONTH_YEAR = re.compile(rf"^{_MONTH}\s*[-'\s]\s*(\d{{4}}|\d{{2}})$", re.I)
_MONTH_ONLY = re.compile(rf"^{_MONTH}$", re.I)


@dataclass(frozen=True)
class Block:
    """One period's [Credit, Debit, Net] column block, as read from the header rows."""

    col: int  # first column of the block
    credit_col: int
    period: Period
    status: Status | None  # None: no P/R marker printed
    header: str  # the header text as printed (or the date) for quotes


@dataclass(frozen=True)
class Header:
    """Where the table is: the Credit/Debit/Net row, the header rows above it, the blocks."""

    cdn_row: int
    header_rows: tuple[int, ...]
    blocks: tuple[Block, ...]
    label_cols: tuple[int, ...]  # columns left of the first block (labels live there)
    thousands: bool  # the units line says thousand US$ (True) or million (False)


def _text(cell: xlrd.sheet.Cell | None) -> str:
    if cell is None or cell.ctype != xlrd.XL_CELL_TEXT:
        return ""
    return " ".join(str(cell.value).translate(_SUPERSCRIPTS).split())


def cell_or_none(sheet: xlrd.sheet.Sheet, row: int, col: int) -> xlrd.sheet.Cell | None:
    """The cell at (row, col), or None outside the sheet (rows are ragged in SBP files)."""
    if row < 0 or row >= sheet.nrows or col >= sheet.row_len(row):
        return None
    return sheet.cell(row, col)


def find_cdn_row(sheet: xlrd.sheet.Sheet, item9_row: int) -> int:
    """The nearest row above item 9 with Credit, Debit and Net sub-headers."""
    for row in range(item9_row - 1, -1, -1):
        words = [_text(sheet.cell(row, c)).casefold() for c in range(sheet.row_len(row))]
        if (
            sum(w in _CREDIT for w in words)
            and sum(w in _DEBIT for w in words)
            and sum(w in _NET for w in words)
        ):
            return row
    raise ParseError(f"dt.xls: no Credit/Debit/Net row above item 9 in sheet {sheet.name!r}")


def read_header(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, item9_row: int) -> Header:
    """Locate the header above item 9 and read one period per Credit column."""
    cdn = find_cdn_row(sheet, item9_row)
    credits = [c for c in range(sheet.row_len(cdn)) if _text(sheet.cell(cdn, c)).casefold() in _CREDIT]
    rows = _header_rows(sheet, cdn, credits[0], item9_row)
    merged = _merged_lookup(sheet)
    blocks = []
    for i, credit in enumerate(credits):
        end = credits[i + 1] if i + 1 < len(credits) else credit + 3
        blocks.append(_block(book, sheet, rows, credit, end, merged))
    check_blocks(blocks, sheet.name)
    return Header(cdn, tuple(rows), tuple(blocks), tuple(range(credits[0])), _thousands(sheet, cdn))


def _header_rows(sheet: xlrd.sheet.Sheet, cdn: int, first_col: int, item9_row: int) -> list[int]:
    """Rows above the C/D/N row with text in the block columns, up to a blank or units row;
    plus flag-only rows just below it (P/R printed on their own row under the sub-headers)."""
    rows: list[int] = []
    for row in range(cdn - 1, max(-1, cdn - 1 - HEADER_DEPTH), -1):
        cells = [sheet.cell(row, c) for c in range(first_col, sheet.row_len(row))]
        filled = [c for c in cells if str(c.value).strip() != "" and c.ctype != xlrd.XL_CELL_BLANK]
        if not filled or any(_UNITS.search(_text(c)) for c in filled):
            break
        rows.insert(0, row)
    for row in range(cdn + 1, min(item9_row, cdn + 3)):
        texts = [_text(c) for c in sheet.row(row)[first_col:] if str(c.value).strip()]
        if texts and all(_only_flag(t) for t in texts):
            rows.append(row)
        else:
            break
    if not any(r < cdn for r in rows):
        raise ParseError(
            f"dt.xls: no period header above the Credit/Debit/Net row (row {cdn + 1}) in sheet {sheet.name!r}"
        )
    return rows


def _only_flag(text: str) -> bool:
    rest = _STATUS_WORD.sub("", _FOOTNOTES.sub("", text))
    rest = _LONE_FLAG.sub("", rest)
    return text.strip() != "" and rest.strip(" ,") == ""


def _merged_lookup(sheet: xlrd.sheet.Sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of every merged cell → its top-left cell, where the value is stored."""
    out = {}
    for r0, r1, c0, c1 in getattr(sheet, "merged_cells", []) or []:
        for r in range(r0, r1):
            for c in range(c0, c1):
                out[(r, c)] = (r0, c0)
    return out


def _block(
    book: xlrd.book.Book,
    sheet: xlrd.sheet.Sheet,
    rows: list[int],
    start: int,
    end: int,
    merged: dict[tuple[int, int], tuple[int, int]],
) -> Block:
    texts: list[str] = []
    dates: list[tuple[Period, Status | None]] = []
    for row in rows:
        seen: set[tuple[int, int]] = set()
        for col in range(start, end):
            origin = merged.get((row, col), (row, col))  # a merged cell is read once
            if origin in seen:
                continue
            seen.add(origin)
            cell = cell_or_none(sheet, *origin)
            if cell is None or cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if cell.ctype == xlrd.XL_CELL_DATE:
                when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                dates.append((Period.month(when.year, when.month), _format_flag(book, cell)))
            elif cell.ctype == xlrd.XL_CELL_TEXT and _text(cell):
                texts.append(_text(cell))
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                # Not a date by type: a data value, a year, or a layout we do not know.
                texts.append(f"{cell.value:g}")
    where = f"sheet {sheet.name!r} column {start + 1}"
    label = " / ".join(texts)
    if dates:
        if len(dates) > 1:
            raise ParseError(f"dt.xls: two date cells head the block at {where}")
        period, fmt_flag = dates[0]
        status = _merge_status(fmt_flag, _status_of(" ".join(texts), where, allow_rest=False), where)
        header = f"{period.short_label()} (date cell)" + (f" {label}" if label else "")
        return Block(start, start, period, status, header)
    if not texts:
        raise ParseError(f"dt.xls: the block at {where} has no period header")
    period, status = parse_period(" ".join(texts), where)
    return Block(start, start, period, status, label)


def _format_flag(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> Status | None:
    """A P/R printed only through the date cell's number format (`mmm-yy" (P)"`)."""
    try:
        fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    except (AttributeError, IndexError, KeyError):
        return None
    literals = " ".join(re.findall(r'"([^"]*)"', fmt)) + " " + " ".join(re.findall(r"\\(.)", fmt))
    return _status_of(literals, "a number format", allow_rest=True)


def _status_of(text: str, where: str, *, allow_rest: bool) -> Status | None:
    """The P/R flags in a text that holds nothing else (or anything, if allow_rest)."""
    text = _FOOTNOTES.sub(" ", text)
    flags = [(m[1] or m[2]) for m in _STATUS_WORD.finditer(text)]
    rest = _STATUS_WORD.sub(" ", text)
    flags += _LONE_FLAG.findall(rest)
    rest = _LONE_FLAG.sub(" ", rest)
    if rest.strip(" ,") and not allow_rest:
        raise ParseError(f"dt.xls: unexpected text {rest.strip()!r} beside a date header at {where}")
    return _one_status(flags, where)


def _one_status(flags: list[str], where: str) -> Status | None:
    found = {Status.PROVISIONAL if f.casefold().startswith("p") else Status.REVISED for f in flags}
    if len(found) > 1:
        raise ParseError(f"dt.xls: both P and R printed for one period at {where}")
    return found.pop() if found else None


def _merge_status(a: Status | None, b: Status | None, where: str) -> Status | None:
    if a and b and a != b:
        raise ParseError(f"dt.xls: both P and R printed for one period at {where}")
    return a or b


def parse_period(text: str, where: str) -> tuple[Period, Status | None]:
    """Read a block's stacked header text as one period and its P/R flag, or ParseError.

    Accepts `Feb-26 (P)`, `March 2026 (Provisional)`, `Mar-26 (P)*`, `Mar-26 (P) 1/`,
    `Mar (P) FY26`, `Jul-Feb, FY26 (P)`, `July-March FY26P`, `Jul-Mar FY25 R`, `Jul, FY27 (P)`.
    """
    clean = _FOOTNOTES.sub(" ", text.translate(_SUPERSCRIPTS))
    flags = [(m[1] or m[2]) for m in _STATUS_WORD.finditer(clean)]
    clean = _STATUS_WORD.sub(" ", clean)
    fy = None
    if m := _FY.search(clean):
        fy = fy_from_token(m[1])
        if m[2]:
            flags.append(m[2])
        clean = clean[: m.start()] + " " + clean[m.end() :]
    flags += _LONE_FLAG.findall(clean)
    clean = " ".join(_LONE_FLAG.sub(" ", clean).replace(",", " ").split())
    status = _one_status(flags, where)
    if fy is not None and (m := _RANGE.match(clean)):
        if MONTH_NUMBER[m[1].lower()] != 7:
            raise ParseError(f"dt.xls: fiscal-year range {text!r} does not start in July at {where}")
        return Period.fytd(fy, MONTH_NUMBER[m[2].lower()]), status
    if fy is not None and (m := _MONTH_ONLY.match(clean)):
        month = MONTH_NUMBER[m[1].lower()]
        if month == 7 and re.search(r"\bjul[a-z]*\s*,", text, re.I):
            return Period.fytd(fy, 7), status  # `Jul, FY27 (P)`: the July-rollover FYTD
        return Period.month(calendar_year(fy, month), month), status
    if fy is None and (m := _MONTH_YEAR.match(clean)):
        month = MONTH_NUMBER[m[1].lower()]
        return Period.month(fy_from_token(m[2]), month), status
    raise ParseError(f"dt.xls: cannot read the period header {text!r} at {where}")


def check_blocks(blocks: list[Block], sheet_name: str) -> None:
    """Blocks must agree: distinct periods, and every FYTD ends in the newest month's month."""
    periods = [(b.period.kind, b.period) for b in blocks]
    if len(set(periods)) != len(periods):
        raise ParseError(
            f"dt.xls: the same period heads two blocks in sheet {sheet_name!r}: {[b.header for b in blocks]}"
        )
    months = [b.period for b in blocks if b.period.kind is PeriodKind.MONTH]
    if not months:
        raise ParseError(f"dt.xls: no monthly block in sheet {sheet_name!r}")
    latest = max(months)
    for b in blocks:
        if b.period.kind is PeriodKind.FYTD and (b.period.last - latest.last) % 12:
            raise ParseError(
                f"dt.xls: FYTD block {b.header!r} ends in a different month than the newest "
                f"month block ({latest}) in sheet {sheet_name!r}"
            )
    fytds = [b.period for b in blocks if b.period.kind is PeriodKind.FYTD]
    if fytds and max(p.last for p in fytds) != latest.last:
        raise ParseError(
            f"dt.xls: the newest FYTD block does not end at the newest month "
            f"({latest}) in sheet {sheet_name!r}"
        )


def _thousands(sheet: xlrd.sheet.Sheet, cdn: int) -> bool:
    """The units line above the header: thousand US$ (dt.xls) unless it says million."""
    for row in range(max(0, cdn - 10), cdn):
        for cell in sheet.row(row):
            if m := _UNITS.search(_text(cell)):
                return m[1].casefold() == "thousand"
    return True


def resolve_statuses(blocks: tuple[Block, ...]) -> tuple[dict[int, Status], list[str]]:
    """Printed P/R markers win; the current FYTD shares the newest month's flag; other
    unmarked blocks are final, except the newest month, which SBP always marks: unmarked it
    is kept provisional (the weaker claim) with a warning."""
    months = [b for b in blocks if b.period.kind is PeriodKind.MONTH]
    latest = max(b.period for b in months)
    latest_block = next(b for b in months if b.period == latest)
    warnings = []
    latest_status = latest_block.status
    if latest_status is None:
        latest_status = Status.PROVISIONAL
        warnings.append(
            f"dt.xls: the newest month {latest} ({latest_block.header!r}) carries no "
            f"P/R marker; kept as provisional"
        )
    out: dict[int, Status] = {}
    for block in blocks:
        status = block.status
        if block is latest_block or (
            status is None and block.period.kind is PeriodKind.FYTD and block.period.last == latest.last
        ):
            status = latest_status
        out[block.col] = status or Status.FINAL
    return out, warnings
