"""EasyData dataset meta: the cheap daily "is it out?" probe (Last Refresh Date per series)
and the newest month each series says it holds ("Available Upto").

Meta rows are read one by one: a bare code is keyed under the dataset, a bad row is skipped
with a warning, so one odd row never blocks the probe.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from tracker.errors import ParseError
from tracker.model import Period
from tracker.sources.easydata_json import cell, column_index, read_table

DATASET = "TS_GP_BOP_TRDSER_M"  # monthly trade in services by EBOPS 2010 type (as sbp_easydata)


def parse_dataset_meta(body: bytes) -> dict[str, date]:
    """Dataset-meta JSON → {series key: Last Refresh Date}; the cheap "is it out?" probe."""
    return read_dataset_meta(body)[0]


def read_dataset_meta(body: bytes) -> tuple[dict[str, date], list[str]]:
    """Dataset meta → ({full series key: Last Refresh Date}, warnings).

    A bare code (`SCM009`) is keyed as `TS_GP_BOP_TRDSER_M.SCM009`, so a meta that drops the
    dataset prefix does not stop a key from being pulled. A row with an unreadable date is
    skipped with a warning instead of failing the whole probe."""
    what = "dataset meta"
    columns, rows = read_table(body, what)
    code_col = column_index(columns, "Series Code", what)
    refresh_col = column_index(columns, "Last Refresh Date", what)
    out: dict[str, date] = {}
    warnings: list[str] = []
    for row in rows:
        code = str(cell(row, code_col) or "").strip()
        raw = cell(row, refresh_col)
        if not code or raw in (None, ""):
            continue
        try:
            refreshed = parse_refresh_date(raw)
        except ParseError as exc:
            warnings.append(f"skipped meta row {code!r}: {exc}")
            continue
        out[code if "." in code else f"{DATASET}.{code}"] = refreshed
    if not out:
        raise ParseError(
            "EasyData dataset meta: no series with a Last Refresh Date"
            + (f" ({'; '.join(warnings[:3])})" if warnings else "")
        )
    return out, warnings


def available_upto(body: bytes) -> dict[str, Period]:
    """Dataset meta → {full series key: newest month the series says it holds}.

    "Available Upto" reads `May-2026` (also `31-May-2026` or ISO); unreadable rows are left
    out (the probe itself is `read_dataset_meta`)."""
    columns, rows = read_table(body, "dataset meta")
    code_col, upto_col = columns.get("series code"), columns.get("available upto")
    if code_col is None or upto_col is None:
        return {}
    out: dict[str, Period] = {}
    for row in rows:
        code = str(cell(row, code_col) or "").strip()
        text = re.sub(r"\s+", "", str(cell(row, upto_col) or ""))
        for fmt in ("%b-%Y", "%d-%b-%Y", "%Y-%m-%d", "%B-%Y"):
            try:
                when = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if code:
                out[code if "." in code else f"{DATASET}.{code}"] = Period.month(when.year, when.month)
            break
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


__all__ = ["available_upto", "parse_dataset_meta", "parse_refresh_date", "read_dataset_meta"]
