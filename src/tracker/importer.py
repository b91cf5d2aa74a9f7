"""Read figures from CSV: user files for `tracker import` and the bundled history.

Every row is validated before anything is written, so a bad file is reported by line number
and nothing from it is half-stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from importlib import resources
from typing import TypeVar

from tracker.errors import UsageError
from tracker.model import Authority, Figure, Period, Series, Status

E = TypeVar("E", bound=Enum)

REQUIRED = ("series", "period", "value_usd_millions")
OPTIONAL = ("authority", "status", "source", "observed_at")
BUNDLED_RESOURCE = "it_exports_bundled.csv"
BUNDLED_URL = f"package:tracker/data/{BUNDLED_RESOURCE}"


@dataclass(frozen=True)
class ImportRow:
    line: int
    figure: Figure
    observed_at: datetime | None


def _choice(enum: type[E], value: str, what: str, line: int) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise UsageError(f"line {line}: {what} {value!r} is not one of {allowed}") from None


def _parse_row(row: dict[str, str], line: int, default_source: str) -> ImportRow:
    for col in REQUIRED:
        if not (row.get(col) or "").strip():
            raise UsageError(f"line {line}: column {col!r} is empty")
    series = _choice(Series, row["series"].strip(), "series", line)
    try:
        period = Period.parse(row["period"])
    except UsageError as exc:
        raise UsageError(f"line {line}: {exc}") from None
    try:
        value = float(row["value_usd_millions"].replace(",", ""))
    except ValueError:
        raise UsageError(
            f"line {line}: value_usd_millions {row['value_usd_millions']!r} is not a number"
        ) from None
    if not 0 < value < 1_000_000:
        raise UsageError(f"line {line}: value_usd_millions {value:g} is out of range")
    authority = _choice(Authority, (row.get("authority") or "bundled").strip(), "authority", line)
    status = _choice(Status, (row.get("status") or "reported").strip(), "status", line)
    observed_at = None
    if (row.get("observed_at") or "").strip():
        try:
            observed_at = datetime.fromisoformat(row["observed_at"].strip())
        except ValueError:
            raise UsageError(
                f"line {line}: observed_at {row['observed_at']!r} is not an ISO date/time"
            ) from None
        if observed_at.tzinfo is None:
            observed_at = observed_at.replace(tzinfo=UTC)
    figure = Figure(
        series=series,
        period=period,
        value_usd_millions=value,
        status=status,
        authority=authority,
        source=(row.get("source") or "").strip() or default_source,
        quote=f"{default_source} line {line}",
    )
    return ImportRow(line, figure, observed_at)


def parse_import_csv(text: str, default_source: str = "import") -> list[ImportRow]:
    """Validate a whole CSV (header + rows); raise UsageError naming the first bad line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader, default_source)
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num}: not valid CSV: {exc}") from None


def _parse_rows(reader: csv.DictReader[str], default_source: str) -> list[ImportRow]:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UsageError(
            f"line 1: missing column(s) {', '.join(missing)} "
            f"(need {', '.join(REQUIRED)}; optional {', '.join(OPTIONAL)})"
        )
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise UsageError(f"line 1: unknown column(s) {', '.join(unknown)}")
    rows = []
    seen: dict[tuple[str, ...], ImportRow] = {}
    for row in reader:
        if None in row:
            raise UsageError(f"line {reader.line_num}: more fields than columns")
        parsed = _parse_row(row, reader.line_num, default_source)
        f = parsed.figure
        key = (f.series, str(f.period), f.status, f.authority, f.source)
        if (first := seen.get(key)) is not None:
            raise UsageError(
                f"line {parsed.line}: {f.series} {f.period} ({f.authority}, {f.status}) is "
                f"already on line {first.line} ({first.figure.value_usd_millions:g} then "
                f"{f.value_usd_millions:g}); one value per period, status and source"
            )
        seen[key] = parsed
        rows.append(parsed)
    if not rows:
        raise UsageError("the file has a header but no rows")
    return rows


def bundled_csv() -> bytes:
    return resources.files("tracker.data").joinpath(BUNDLED_RESOURCE).read_bytes()


@dataclass(frozen=True)
class BundledMonth:
    """One row of the shipped history: a figure and the day SBP (or PBS) first published it."""

    figure: Figure
    published: datetime  # when the value was public; a bare date is taken as 12:00 UTC
    published_estimated: bool  # True: no observed release date, an estimate (see the file)
    derivation: str  # "a - b [- c]" for a month derived from reported cumulative totals
    note: str


BUNDLED_CONFIDENCE = ("high", "medium")  # the shipped subset of the reported history
_BUNDLED_NOON = time(12, 0, tzinfo=UTC)  # 17:00 PKT, SBP's usual (evening) release time


def _published(text: str, line: int) -> datetime:
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), _BUNDLED_NOON)
        at = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{BUNDLED_RESOURCE} line {line}: published {text!r} is not a date") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def bundled_history() -> list[BundledMonth]:
    """The shipped history (high/medium-confidence values), each with its publication date.

    A month can have more than one row: a later row (later `published`) is a revision.
    """
    reader = csv.DictReader(io.StringIO(bundled_csv().decode("utf-8")))
    out: list[BundledMonth] = []
    for r in reader:
        if r["confidence"] not in BUNDLED_CONFIDENCE:
            raise ValueError(
                f"{BUNDLED_RESOURCE} line {reader.line_num}: confidence {r['confidence']!r} is not shipped"
            )
        period = Period.parse(r["month"])
        published = _published(r["published"].strip(), reader.line_num)
        after = Period.from_index(period.last + 1)  # a month, or the end of a total's span
        if published.date() < date(after.year, after.month_number, 1):
            raise ValueError(
                f"{BUNDLED_RESOURCE} line {reader.line_num}: {period} published "
                f"{published:%Y-%m-%d}, before the month ended"
            )
        figure = Figure(
            series=Series.IT_EXPORTS,
            period=period,
            value_usd_millions=float(r["value_usd_millions"]),
            status=Status.REPORTED,
            authority=Authority.BUNDLED,
            source="bundled",
            document=BUNDLED_URL,
            quote=f"{r['basis']} ({r['confidence']} confidence)",
        )
        out.append(
            BundledMonth(
                figure,
                published,
                r["published_estimated"].strip() == "yes",
                r.get("derivation", "").strip(),
                r.get("note", "").strip(),
            )
        )
    return out


def bundled_figures() -> list[Figure]:
    """The shipped history (high/medium-confidence reported values) as `bundled` figures."""
    return [m.figure for m in bundled_history()]
