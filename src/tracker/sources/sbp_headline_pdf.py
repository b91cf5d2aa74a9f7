"""Parse SBP's ExportsImports-Goods.pdf headline table: the ICT row (item 9) in US$ millions.

The PDF is a grid of loose text, so columns are rebuilt from positions: `pdf_words` reads each
word's box from the font's real glyph widths (within its caps: the PDF is hostile input), two
header rows (period labels `Jul-Jun`/`May`/`Jun`, then fiscal years `FY24`…`FY26`) give each
column a period, and every number of the item-9 row goes to the header column nearest in x
(two numbers under one header are refused, never resolved by a guess).

Statuses (the PDF prints no P/R markers, so they are inferred the way SBP releases work):
latest month PROVISIONAL, the month before it REVISED, the year-ago month and completed fiscal
years FINAL; current-FY FYTD PROVISIONAL, prior-FY FYTD FINAL; a quarter takes the status of its
newest month. A printed `P`/`R` marker, if SBP ever adds one, wins over the inference.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.errors import ParseError
from tracker.model import Authority, Figure, Period, PeriodKind, Series, Status, month_index
from tracker.sources.base import Document, ParseResult
from tracker.sources.pdf_words import NUMBER_TOKEN, Item, read_pages
from tracker.sources.sbp_common import (
    ICT_TOTAL_LABEL,
    MONTH_NUMBER,
    calendar_year,
    fy_from_token,
    normalise_label,
    parse_number,
    status_from_flag,
)
from tracker.sources.validate import PDF, check_document

KIND = "sbp_headline_pdf"
COLUMN_TOLERANCE = 32.0  # pt; 2 pdf2json units, the captured header/value spread is ~0.5
MONTHLY_ICT_RANGE = (100.0, 1000.0)  # US$ m

_FY_TOKEN = re.compile(r"^fy\s*'?(\d{2}|\d{4})\s*(?:\(?\s*([pr])\s*\)?)?$", re.IGNORECASE)
_MONTHS = "|".join(MONTH_NUMBER)
_PERIOD_TOKEN = re.compile(
    rf"^({_MONTHS})[a-z]*\.?(?:\s*-\s*({_MONTHS})[a-z]*\.?)?\s*(?:\(?\s*([pr])\s*\)?)?$",
    re.IGNORECASE,
)
_QUARTER_START = {7: 1, 10: 2, 1: 3, 4: 4}


@dataclass(frozen=True)
class Column:
    """A table column from the two header rows."""

    x: float
    start: int  # first month (1..12) of the period label
    end: int | None  # last month for a range label (`Jul-Jun`), None for a single month
    fy: int
    flag: Status | None
    label: str  # e.g. "May FY26" for quotes


def parse(doc: Document) -> ParseResult:
    """Read the item-9 row of the headline table into ICT Figures, one per header column."""
    check_document(doc, [PDF])
    with contextlib.closing(read_pages(doc.body, "headline PDF")) as pages:
        return _parse_pages(doc, pages)


def _parse_pages(doc: Document, pages: Iterator[list[list[Item]]]) -> ParseResult:
    """The first page with the item-9 row, read into Figures (later pages are never read)."""
    for number, lines in enumerate(pages, start=1):
        row = _find_ict_row(lines)
        if row is None:
            continue
        label_y, label, numbers = row
        columns = _header_columns(lines, label_y)
        result = ParseResult()
        for column, raw, value in _assign(numbers, columns, result):
            period, status = _classify(column, columns)
            if period is None:
                result.warnings.append(f"headline PDF: column {column.label!r} not understood")
                continue
            _add(
                result,
                doc,
                period,
                status or Status.FINAL,
                value,
                f"p{number} {label!r} | {column.label} | {raw}",
            )
        if not result.figures:
            raise ParseError("headline PDF: the item-9 row has no values under the headers")
        return result
    raise ParseError("headline PDF: no row '9. Telecommunications, Computer, and Information Services'")


def _find_ict_row(lines: list[list[Item]]) -> tuple[float, str, list[Item]] | None:
    """The line whose text label is item 9, with its number tokens."""
    for line in lines:
        words = [i for i in line if not NUMBER_TOKEN.match(i.text)]
        label = " ".join(i.text for i in words)
        folded = normalise_label(label)
        if folded == ICT_TOTAL_LABEL or folded.startswith("9 telecommunications, computer"):
            numbers = [i for i in line if NUMBER_TOKEN.match(i.text)]
            return line[0].y, label, numbers
    return None


def _header_columns(lines: list[list[Item]], below_y: float) -> list[Column]:
    """Columns from the FY row nearest above the ICT row and the period row just above it."""
    fy_lines = [
        line
        for line in lines
        if line[0].y > below_y and sum(bool(_FY_TOKEN.match(i.text)) for i in line) >= 2
    ]
    if not fy_lines:
        raise ParseError("headline PDF: no header row of fiscal years (FY25, FY26) above item 9")
    fy_line = min(fy_lines, key=lambda line: line[0].y)
    period_lines = [
        line
        for line in lines
        if fy_line[0].y < line[0].y <= fy_line[0].y + 30 and any(_PERIOD_TOKEN.match(i.text) for i in line)
    ]
    if not period_lines:
        raise ParseError("headline PDF: no header row of periods (Jul-Jun, May, Jun) above FYs")
    period_items = [i for i in min(period_lines, key=lambda ln: ln[0].y) if _PERIOD_TOKEN.match(i.text)]
    columns = []
    for item in fy_line:
        fy_match = _FY_TOKEN.match(item.text)
        if not fy_match:
            continue
        near = min(period_items, key=lambda p: abs(p.x - item.x))
        if abs(near.x - item.x) > COLUMN_TOLERANCE:
            continue
        m = _PERIOD_TOKEN.match(near.text)
        assert m is not None
        columns.append(
            Column(
                x=item.x,
                start=MONTH_NUMBER[m[1].lower()[:3]],
                end=MONTH_NUMBER[m[2].lower()[:3]] if m[2] else None,
                fy=fy_from_token(fy_match[1]),
                flag=status_from_flag(m[3]) or status_from_flag(fy_match[2]),
                label=f"{near.text} {item.text}",
            )
        )
    if not columns:
        raise ParseError("headline PDF: header rows found but no column pairs up")
    return sorted(columns, key=lambda c: c.x)


def _assign(
    numbers: list[Item], columns: list[Column], result: ParseResult
) -> list[tuple[Column, str, float]]:
    """Each number to its nearest header column; stray numbers become warnings."""
    taken: dict[float, tuple[Column, str, float, float]] = {}
    for item in numbers:
        column = min(columns, key=lambda c: abs(c.x - item.x))
        distance = abs(column.x - item.x)
        value = parse_number(item.text)
        if distance > COLUMN_TOLERANCE or value is None:
            result.warnings.append(f"headline PDF: value {item.text!r} is under no header")
            continue
        if column.x in taken:
            raise ParseError(
                f"headline PDF: values {taken[column.x][1]!r} and {item.text!r} both fall under "
                f"{column.label!r}: the row is not set out under its headers"
            )
        taken[column.x] = (column, item.text, value, distance)
    return [(c, raw, v) for c, raw, v, _ in sorted(taken.values(), key=lambda t: t[0].x)]


def _month_of(column: Column) -> int:
    return month_index(calendar_year(column.fy, column.start), column.start)


def _classify(column: Column, columns: list[Column]) -> tuple[Period | None, Status | None]:
    """Period and status of a column, by its labels and its place relative to the latest month."""
    singles = [c for c in columns if c.end is None]
    if not singles:
        return None, None
    latest = max(_month_of(c) for c in singles)
    latest_col = min((c for c in singles if _month_of(c) == latest), key=lambda c: c.x)
    after = column.x > latest_col.x
    latest_fy = latest_col.fy
    latest_month = latest_col.start
    if column.end is None and not (after and column.start == 7):
        index = _month_of(column)
        inferred = (
            Status.PROVISIONAL if index == latest else Status.REVISED if index == latest - 1 else Status.FINAL
        )
        return Period.from_index(index), column.flag or inferred
    end = column.end or 7
    if after:
        # Right of the latest month only FYTDs remain (plain "Jul" at the July roll-over),
        # apart from a quarter that ends with the latest month (SBP's BPM6 table puts Q4 there).
        if column.start == 7 and end == latest_month:
            current = column.fy == latest_fy
            return Period.fytd(column.fy, end), column.flag or (
                Status.PROVISIONAL if current else Status.FINAL
            )
    elif column.start == 7 and end == 6:
        return Period.fiscal_year(column.fy), column.flag or (
            Status.PROVISIONAL if column.fy >= latest_fy else Status.FINAL
        )
    if column.end and column.start in _QUARTER_START and (end - column.start) % 12 == 2:
        period = Period.quarter(column.fy, _QUARTER_START[column.start])
        inferred = (
            Status.PROVISIONAL
            if period.first <= latest <= period.last
            else Status.REVISED
            if period.first <= latest - 1 <= period.last
            else Status.FINAL
        )
        return period, column.flag or inferred
    if not after and column.start == 7 and column.end:
        return Period.fytd(column.fy, end), column.flag or Status.FINAL
    return None, None


def _add(
    result: ParseResult, doc: Document, period: Period, status: Status, value: float, quote: str
) -> None:
    """Append one ICT figure after the unit check; a repeated period keeps the first value."""
    if period.kind is PeriodKind.MONTH and not (MONTHLY_ICT_RANGE[0] <= value <= MONTHLY_ICT_RANGE[1]):
        raise ParseError(
            f"headline PDF: monthly ICT {value:g} US$ m for {period} is outside "
            f"{MONTHLY_ICT_RANGE[0]:g}–{MONTHLY_ICT_RANGE[1]:g}: units or columns changed?"
        )
    for earlier in result.figures:
        # Period equality ignores kind (FYTD Jul == month Jul), so compare the text form.
        if str(earlier.period) == str(period):
            if earlier.value_usd_millions != value:
                result.warnings.append(
                    f"headline PDF: {period} printed twice ({earlier.value_usd_millions:g} "
                    f"and {value:g}); kept the first"
                )
            return
    result.figures.append(
        Figure(
            series=Series.IT_EXPORTS,
            period=period,
            value_usd_millions=value,
            status=status,
            authority=Authority.OFFICIAL,
            source=doc.source or KIND,
            document=doc.url,
            quote=quote,
        )
    )


__all__ = ["KIND", "parse"]
