"""Pure parts of SBP EasyData: series-data and dataset-meta JSON, series keys, endpoint URLs.

EasyData (`/api/v1/...`) serves `{"columns": [...], "rows": [...]}`; values may be strings,
blanks, `NA` or `-`. Its unit string for TS_GP_BOP_TRDSER_M is an unreliable "USD", so the scale
is checked by magnitude and a wrong one raises ParseError rather than being silently rescaled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tracker.errors import ParseError
from tracker.model import Authority, Figure, Period, Series, Status, month_index
from tracker.sources.base import Document, ParseResult
from tracker.sources.easydata_json import cell, column_index, read_table
from tracker.sources.sbp_common import NULL_TOKENS, parse_number

KIND = "sbp_easydata"
BASE_URL = "https://easydata.sbp.org.pk/api/v1"
DATASET = "TS_GP_BOP_TRDSER_M"  # monthly trade in services by EBOPS 2010 type
# Credit ("SCM") series tracked. EasyData numbers freelance 0926 and "other computer services"
# 0925: the reverse of dt.xls, where freelance is 9.2.5.
SERIES_KEYS: dict[str, Series] = {
    f"{DATASET}.SCM009": Series.IT_EXPORTS,
    f"{DATASET}.SCM091": Series.TELECOM_SERVICES,
    f"{DATASET}.SCM0911": Series.CALL_CENTRE_SERVICES,
    f"{DATASET}.SCM092": Series.COMPUTER_SERVICES,
    f"{DATASET}.SCM0926": Series.FREELANCE,
    f"{DATASET}.SCM093": Series.INFORMATION_SERVICES,
}
# Monthly ICT credit has been US$ 100–1,000 m since FY2021; earlier months were smaller (about
# US$ 10–90 m in 2005–2014), so older history only has to stay under the ceiling.
ICT_RANGE = (100.0, 1000.0)
ICT_RANGE_FROM = month_index(2020, 7)
SUB_SERIES_CEILING = 1000.0  # no sub-item can exceed the ICT total in US$ m
# Tighter monthly ceilings (US$ m) where a series is small: information services is 0.3–19.
SUB_SERIES_CEILINGS: dict[Series, float] = {
    Series.INFORMATION_SERVICES: 20.0,
    Series.CALL_CENTRE_SERVICES: 150.0,
    Series.TELECOM_SERVICES: 200.0,
    Series.FREELANCE: 400.0,
}
_REQUIRED = ("Series Key", "Observation Date", "Observation Value")
_SECRET_PARAMS = frozenset({"api_key", "apikey", "key"})


def series_for_key(series_key: str) -> Series | None:
    """The tracked Series for an EasyData key (full `DATASET.CODE` or bare `SCM009`)."""
    key = series_key.strip()
    return SERIES_KEYS.get(key) or SERIES_KEYS.get(f"{DATASET}.{key}")


def _query(api_key: str, **params: str | None) -> str:
    return urlencode({"api_key": api_key, **{k: v for k, v in params.items() if v}})


def series_data_url(
    series_key: str,
    api_key: str,
    start: date | None = None,
    end: date | None = None,
    fmt: str = "json",
) -> str:
    """GET URL for series data; without start/end EasyData returns only the latest value."""
    query = _query(
        api_key,
        start_date=start.isoformat() if start else None,
        end_date=end.isoformat() if end else None,
        format=fmt,
    )
    # Keys must be percent-encoded: some contain `&`, and unencoded ones give HTTP 500.
    return f"{BASE_URL}/series/{quote(series_key, safe='')}/data?{query}"


def series_meta_url(series_key: str, api_key: str) -> str:
    """GET URL for one series' metadata."""
    return f"{BASE_URL}/series/{quote(series_key, safe='')}/meta?{_query(api_key, format='json')}"


def dataset_meta_url(dataset_code: str, api_key: str) -> str:
    """GET URL for a dataset's metadata: one row per series with its Last Refresh Date."""
    code = quote(dataset_code, safe="")
    return f"{BASE_URL}/dataset/{code}/meta?{_query(api_key, format='json')}"


def redact_url(url: str) -> str:
    """The URL with its API key replaced, so it can be stored and shown in alerts."""
    parts = urlsplit(url)
    query = [
        (k, "REDACTED" if k.lower() in _SECRET_PARAMS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_observation_date(text: object) -> date:
    """`2026-05-31` (API) or `31-May-2026` (web CSV) → date; anything else is a ParseError."""
    value = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d-%b-%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"EasyData: observation date {value!r} is not YYYY-MM-DD")


# `413.6P`, `413.6 (R)`: a value with SBP's status flag glued on.
_FLAGGED = re.compile(r"^\s*([-+]?[\d,]*\.?\d+)\s*\(?\s*([PR])\s*\)?\s*$", re.IGNORECASE)
_UNIT_SCALE = (("billion", 1000.0), ("million", 1.0), ("thousand", 0.001), ("mn", 1.0))


def read_value(raw: object) -> tuple[float | None, str | None, bool]:
    """(value, P/R flag, readable): `413.6P` → (413.6, "P", True); `NA` → (None, None, True);
    text that is no number at all → (None, None, False)."""
    value = parse_number(raw)
    if value is not None or raw is None:
        return value, None, True
    text = str(raw).replace("\u00a0", " ").strip()
    if text.casefold() in NULL_TOKENS:
        return None, None, True
    if m := _FLAGGED.match(text):
        return float(m[1].replace(",", "")), m[2].upper(), True
    return None, None, False


def unit_scale(unit: object) -> float | None:
    """Multiplier to US$ m from EasyData's Unit text; None when it names no scale ("USD")."""
    text = str(unit or "").casefold()
    for word, factor in _UNIT_SCALE:
        if re.search(rf"\b{word}\b", text):
            return factor
    return None


def parse(doc: Document) -> ParseResult:
    """Series-data JSON → monthly Figures in US$ millions for the tracked SCM keys."""
    what = "series data"
    columns, rows = read_table(doc.body, what, doc.content_type)
    key_col = column_index(columns, "Series Key", what)
    date_col = column_index(columns, "Observation Date", what)
    value_col = column_index(columns, "Observation Value", what)
    status_col = columns.get("observation status")
    unit_col = columns.get("unit")
    result = ParseResult()
    found: dict[tuple[Series, int], tuple[float, str, object]] = {}
    skipped: dict[str, int] = {}
    blanks: list[tuple[Series, int]] = []
    for row in rows:
        key = str(cell(row, key_col) or "").strip()
        series = series_for_key(key)
        if series is None:
            skipped[key] = skipped.get(key, 0) + 1
            continue
        when = parse_observation_date(cell(row, date_col))
        index = month_index(when.year, when.month)
        raw = cell(row, value_col)
        value, glued, readable = read_value(raw)
        if not readable:
            result.warnings.append(f"EasyData: {key} {when.isoformat()} value {raw!r} is not a number")
            continue
        if value is None:
            blanks.append((series, index))
            continue
        scale = unit_scale(cell(row, unit_col)) if unit_col is not None else None
        value = _scaled(series, index, value, scale, key, when, result)
        flag = glued or (cell(row, status_col) if status_col is not None else None)
        if (series, index) in found:
            # The same month listed twice: keep the first, say so (a drift alert follows).
            first = found[(series, index)][0]
            result.warnings.append(
                f"EasyData: {key} {when.isoformat()} listed twice ({first:g} and {value:g}); kept {first:g}"
            )
            continue
        found[(series, index)] = (value, key, flag)
    _note_blanks(blanks, found, result)
    if skipped:
        result.warnings.append(f"EasyData: ignored untracked series {sorted(skipped)}")
    if not found and not blanks:
        raise ParseError("EasyData series data: no observations of a tracked series")
    newest: dict[Series, int] = {}
    for series, index in found:
        newest[series] = max(index, newest.get(series, index))
    seen = doc.fetched_at.date() if doc.fetched_at else doc.published
    current = month_index(seen.year, seen.month) if seen else None
    url = redact_url(doc.url)
    for (series, index), (value, key, flag) in found.items():
        period = Period.from_index(index)
        result.figures.append(
            Figure(
                series=series,
                period=period,
                value_usd_millions=value,
                status=_status(flag, index, newest[series], current),
                authority=Authority.OFFICIAL,
                source=doc.source or KIND,
                document=url,
                quote=f"{key} {period} = {value:g}",
            )
        )
    return result


def _note_blanks(
    blanks: list[tuple[Series, int]], found: Mapping[tuple[Series, int], object], result: ParseResult
) -> None:
    """Blank/NA/- values: SBP's "not available". One inside a series' history is a known gap;
    one at or after its newest value means the newest month was lost (parser drift)."""
    if not blanks:
        return
    message = f"EasyData: {len(blanks)} observation(s) without a value"
    result.warnings.append(message)
    newest: dict[Series, int] = {}
    for series, index in found:
        newest[series] = max(index, newest.get(series, index))
    if all(series in newest and index < newest[series] for series, index in blanks):
        result.expected_gaps.append(message)


def _scaled(
    series: Series, index: int, value: float, scale: float | None, key: str, when: date, result: ParseResult
) -> float:
    """US$ m from the Unit text when it names a scale; otherwise check by magnitude.

    Item 9 in the wrong scale is refused (never silently rescaled). A sub-series whose values
    are a thousand times its ceiling is in thousand US$ (information services is published
    as 372 for US$ 0.372 m): it is rescaled, with a warning so the operator hears of it."""
    if scale is not None:
        value *= scale
    ceiling = SUB_SERIES_CEILINGS.get(series, SUB_SERIES_CEILING)
    if series is Series.IT_EXPORTS:
        low = ICT_RANGE[0] if index >= ICT_RANGE_FROM else 0.0
        if not (low <= value <= ICT_RANGE[1] and value > 0):
            raise ParseError(
                f"EasyData: {key} {when.isoformat()} = {value:g} is outside {low:g}–"
                f"{ICT_RANGE[1]:g} US$ m; unit scale changed? (not rescaled)"
            )
        return value
    if 0 <= value <= ceiling:
        return value
    # Only far above the ceiling (≥5×) is it unambiguous; in between is refused.
    if scale is None and 5 * ceiling <= value and value / 1000.0 <= ceiling:
        result.warnings.append(
            f"EasyData: {key} {when.isoformat()} = {value:g} is above "
            f"{ceiling:g} US$ m: read as thousand US$ ({value / 1000:g} US$ m)"
        )
        return value / 1000.0
    raise ParseError(
        f"EasyData: {key} {when.isoformat()} = {value:g} is outside 0–{ceiling:g} "
        f"US$ m; unit scale changed? (not rescaled)"
    )


def _status(flag: object, index: int, newest: int, current: int | None) -> Status:
    """A P/R flag if EasyData ever sends one; else SBP's release pattern: newest month P,
    the one before R, older months final. A range that ends long before the fetch (a backfill
    of old years) is all final."""
    text = str(flag or "").strip().casefold()
    if text in {"p", "provisional"}:
        return Status.PROVISIONAL
    if text in {"r", "revised"}:
        return Status.REVISED
    if current is not None and current - newest > 3:
        return Status.FINAL
    if index == newest:
        return Status.PROVISIONAL
    return Status.REVISED if index == newest - 1 else Status.FINAL


# Dataset meta lives in its own module; re-exported here, where callers have always found it.
from tracker.sources.sbp_easydata_meta import (  # noqa: E402
    available_upto,
    parse_dataset_meta,
    parse_refresh_date,
    read_dataset_meta,
)

__all__ = [
    "BASE_URL", "DATASET", "KIND", "SERIES_KEYS", "available_upto", "dataset_meta_url", "parse",
    "parse_dataset_meta", "parse_observation_date", "parse_refresh_date", "read_dataset_meta",
    "read_value", "redact_url", "series_data_url", "series_for_key", "series_meta_url",
    "unit_scale",
]  # fmt: skip
