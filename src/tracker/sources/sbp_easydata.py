"""Pure parts of SBP EasyData: series-data and dataset-meta JSON, series keys, endpoint URLs.

EasyData (`/api/v1/...`) serves `{"columns": [...], "rows": [...]}`; values may be strings,
blanks, `NA` or `-`. Its unit string for TS_GP_BOP_TRDSER_M is an unreliable "USD", so the scale
is checked by magnitude and a wrong one raises ParseError rather than being silently rescaled.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tracker.errors import ParseError
from tracker.model import Authority, Figure, Period, Series, Status, month_index
from tracker.sources.base import Document, ParseResult
from tracker.sources.sbp_common import parse_number
from tracker.sources.validate import looks_like_html

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


def _table(
    body: bytes, what: str, content_type: str | None = None
) -> tuple[dict[str, int], list[list[object]]]:
    """Decode `{"columns": [...], "rows": [...]}` and index its columns by name."""
    if looks_like_html(body, content_type):
        raise ParseError(f"EasyData {what}: got an HTML page (login, Cloudflare or error page)")
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except RecursionError:  # a hostile answer nested 100k deep: a parse error, not a crash
        raise ParseError(f"EasyData {what}: JSON nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"EasyData {what}: not JSON ({exc})") from exc
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("columns"), list)
        or not (isinstance(data.get("rows"), list))
    ):
        raise ParseError(f'EasyData {what}: expected {{"columns": [...], "rows": [...]}}')
    columns = {str(name).strip().casefold(): i for i, name in enumerate(data["columns"])}
    rows = [row for row in data["rows"] if isinstance(row, list)]
    if len(rows) != len(data["rows"]):
        raise ParseError(f"EasyData {what}: a row is not a list")
    return columns, rows


def _column(columns: dict[str, int], name: str, what: str) -> int:
    index = columns.get(name.casefold())
    if index is None:
        raise ParseError(f"EasyData {what}: no column {name!r} (columns: {sorted(columns)})")
    return index


def _cell(row: list[object], index: int) -> object:
    return row[index] if index < len(row) else None


def parse_observation_date(text: object) -> date:
    """`2026-05-31` (API) or `31-May-2026` (web CSV) → date; anything else is a ParseError."""
    value = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d-%b-%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"EasyData: observation date {value!r} is not YYYY-MM-DD")


def parse(doc: Document) -> ParseResult:
    """Series-data JSON → monthly Figures in US$ millions for the tracked SCM keys."""
    what = "series data"
    columns, rows = _table(doc.body, what, doc.content_type)
    key_col = _column(columns, "Series Key", what)
    date_col = _column(columns, "Observation Date", what)
    value_col = _column(columns, "Observation Value", what)
    status_col = columns.get("observation status")
    result = ParseResult()
    observations: list[tuple[Series, int, float, str, object]] = []
    skipped: dict[str, int] = {}
    blanks = 0
    for row in rows:
        key = str(_cell(row, key_col) or "").strip()
        series = series_for_key(key)
        if series is None:
            skipped[key] = skipped.get(key, 0) + 1
            continue
        raw = _cell(row, value_col)
        value = parse_number(raw)
        if value is None:
            blanks += 1
            continue
        when = parse_observation_date(_cell(row, date_col))
        index = month_index(when.year, when.month)
        _check_magnitude(series, index, value, key, when)
        flag = _cell(row, status_col) if status_col is not None else None
        observations.append((series, index, value, key, flag))
    if skipped:
        result.warnings.append(f"EasyData: ignored untracked series {sorted(skipped)}")
    if blanks:
        result.warnings.append(f"EasyData: {blanks} observation(s) without a value")
    if not observations and not blanks:
        raise ParseError("EasyData series data: no observations of a tracked series")
    newest = {s: max(i for s2, i, *_ in observations if s2 is s) for s, *_ in observations}
    seen = doc.fetched_at.date() if doc.fetched_at else doc.published
    current = month_index(seen.year, seen.month) if seen else None
    url = redact_url(doc.url)
    for series, index, value, key, flag in observations:
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


def _check_magnitude(series: Series, index: int, value: float, key: str, when: date) -> None:
    """Refuse values whose scale is not US$ millions (e.g. thousand US$ or plain US$)."""
    if series is Series.IT_EXPORTS:
        low = ICT_RANGE[0] if index >= ICT_RANGE_FROM else 0.0
        ok = low <= value <= ICT_RANGE[1] and value > 0
        limits = f"{low:g}–{ICT_RANGE[1]:g}"
    else:
        ok = 0 <= value <= SUB_SERIES_CEILING
        limits = f"0–{SUB_SERIES_CEILING:g}"
    if not ok:
        raise ParseError(
            f"EasyData: {key} {when.isoformat()} = {value:g} is outside {limits} US$ m; "
            "unit scale changed? (not rescaled)"
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


def parse_dataset_meta(body: bytes) -> dict[str, date]:
    """Dataset-meta JSON → {series code: Last Refresh Date}; the cheap "is it out?" probe."""
    what = "dataset meta"
    columns, rows = _table(body, what)
    code_col = _column(columns, "Series Code", what)
    refresh_col = _column(columns, "Last Refresh Date", what)
    out: dict[str, date] = {}
    for row in rows:
        code = str(_cell(row, code_col) or "").strip()
        raw = _cell(row, refresh_col)
        if not code or raw in (None, ""):
            continue
        out[code] = parse_refresh_date(raw)
    if not out:
        raise ParseError("EasyData dataset meta: no series with a Last Refresh Date")
    return out


_REFRESH_FORMATS = ("%d-%b-%Y", "%Y-%m-%d", "%d-%b-%y", "%d/%m/%Y")


def parse_refresh_date(raw: object) -> date:
    """`19-Jan-2026` (also ISO) → date."""
    text = re.sub(r"\s+", "", str(raw))
    for fmt in _REFRESH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"EasyData dataset meta: Last Refresh Date {raw!r} is not like 19-Jan-2026")


__all__ = [
    "BASE_URL", "DATASET", "KIND", "SERIES_KEYS", "dataset_meta_url", "parse",
    "parse_dataset_meta", "parse_observation_date", "parse_refresh_date", "redact_url",
    "series_data_url", "series_for_key", "series_meta_url",
]  # fmt: skip
