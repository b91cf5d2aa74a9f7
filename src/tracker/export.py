"""Queries behind `tracker export`: the canonical series or every vintage, optionally as of a date.

Each row joins a vintage to the observation it came from and that observation's document, so
an exported value always carries its provenance (status, authority, source, document URL).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from tracker.errors import UsageError
from tracker.model import Period, PeriodKind
from tracker.store import Store, iso

COLUMNS = (
    "series", "period", "period_kind", "value_usd_millions", "status", "authority", "source",
    "outlet", "first_seen_at", "superseded_at", "vintage_id", "document_url",
)  # fmt: skip

_KIND_ORDER = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.FYTD: 2, PeriodKind.FISCAL_YEAR: 3}

_SELECT = (
    "SELECT v.id AS vintage_id, v.series, v.period, v.value_usd_millions, v.status, "
    "v.authority, v.source, o.outlet, v.first_seen_at, v.superseded_at, d.url AS document_url "
    "FROM vintages v "
    "LEFT JOIN observations o ON o.id = v.observation_id "
    "LEFT JOIN documents d ON d.id = o.document_id "
    "WHERE v.series = :series"
)


def parse_as_of(text: str) -> str:
    """`2026-01-15` (the end of that day, UTC) or an ISO date-time → the stored UTC text form.

    Timestamps are stored as `YYYY-MM-DDTHH:MM:SS+00:00`, so comparing them with a bare date or
    a non-UTC offset as strings is wrong; everything is normalised to that form first.
    """
    s = text.strip()
    try:
        if len(s) == 10:
            return iso(datetime.combine(date.fromisoformat(s), time(23, 59, 59), tzinfo=UTC)) or ""
        ts = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--as-of {text!r}: expected a date like 2026-01-15 or a date-time like 2026-01-15T12:00:00+05:00"
        ) from None
    return iso(ts if ts.tzinfo else ts.replace(tzinfo=UTC)) or ""


def _sort_key(row: dict[str, Any]) -> tuple[int, int, int, int]:
    p = Period.parse(row["period"])
    return (_KIND_ORDER[p.kind], p.first, p.last, int(row["vintage_id"]))


def export_rows(
    store: Store, series: str = "it_exports", *, vintages: bool = False, as_of: str | None = None
) -> list[dict[str, Any]]:
    """The canonical value of each period (or every vintage), as known at `as_of` if given.

    `as_of` is a value from `parse_as_of`. As of a moment, a vintage counts if it was first seen
    by then; a later supersession is not yet known, so `superseded_at` is blank in that view.
    """
    sql, params = _SELECT, {"series": series, "as_of": as_of}
    if as_of is not None:
        sql += " AND v.first_seen_at <= :as_of"
        if not vintages:
            sql += " AND (v.superseded_at IS NULL OR v.superseded_at > :as_of)"
    elif not vintages:
        sql += " AND v.superseded_at IS NULL"
    rows = store.rows(sql + " ORDER BY v.id", params)
    if as_of is not None:
        for r in rows:
            if r["superseded_at"] is not None and r["superseded_at"] > as_of:
                r["superseded_at"] = None
    if not vintages:  # equal timestamps could leave two: the later vintage wins
        latest: dict[str, dict[str, Any]] = {}
        for r in rows:
            latest[r["period"]] = r
        rows = list(latest.values())
    for r in rows:
        r["period_kind"] = Period.parse(r["period"]).kind.value
    rows.sort(key=_sort_key)
    return [{c: r[c] for c in COLUMNS} for r in rows]


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"
