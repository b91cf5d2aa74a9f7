"""Read-only summaries of the database for the CLI and the health endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tracker.model import Period
from tracker.store import Store

if TYPE_CHECKING:
    from tracker.config import DaemonConfig
    from tracker.nextdue import NextDue


@dataclass(frozen=True)
class CurrentRecord:
    period: str
    value_usd_millions: float
    authority: str
    status: str


def current_record(store: Store, series: str = "it_exports") -> CurrentRecord | None:
    """The highest canonical month of a series (the all-time record)."""
    best = max(store.canonical_months(series), key=lambda v: v.value_usd_millions, default=None)
    if best is None:
        return None
    return CurrentRecord(best.period, best.value_usd_millions, best.authority, best.status)


def latest_month(store: Store, series: str = "it_exports") -> dict[str, Any] | None:
    months = store.canonical_months(series)
    if not months:
        return None
    v = months[-1]
    return {
        "period": v.period,
        "value_usd_millions": v.value_usd_millions,
        "status": v.status,
        "authority": v.authority,
    }


def series_table(store: Store, series: str) -> list[dict[str, Any]]:
    """Every period with a canonical value: value, status, authority, vintage count, URL."""
    return store.rows(
        "SELECT period, value_usd_millions, status, authority, source, vintages, "
        "document_url, first_seen_at FROM latest_series WHERE series = ? ORDER BY period",
        (series,),
    )


def vintage_history(store: Store, series: str, period: str) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT v.id, v.value_usd_millions, v.status, v.authority, v.source, v.first_seen_at, "
        "v.superseded_at, d.url AS document_url FROM vintages v "
        "LEFT JOIN observations o ON o.id = v.observation_id "
        "LEFT JOIN documents d ON d.id = o.document_id "
        "WHERE v.series = ? AND v.period = ? ORDER BY v.id",
        (series, period),
    )


def records(store: Store) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT rule, kind, series, period, value_usd_millions, previous_period, "
        "previous_value_usd_millions, authority, status, historical, detected_at, key "
        "FROM events WHERE kind != 'admin' ORDER BY id"
    )


def held_records(store: Store) -> list[dict[str, Any]]:
    """Record candidates held back, with the reason (evidence, a gap, a conflict ...)."""
    return store.rows(
        "SELECT rule, series, period, value_usd_millions, previous_period, "
        "previous_value_usd_millions, authority, status, reason, first_seen_at, updated_at "
        "FROM held_records"
    )


def sources(store: Store) -> list[dict[str, Any]]:
    """Sources and their last poll; a file polled at several URLs lists its stale copies."""
    out = store.rows(
        "SELECT name, kind, url, last_attempt_at, last_success_at, consecutive_failures, "
        "last_error, state FROM sources ORDER BY name"
    )
    for row in out:
        try:
            copies = json.loads(row.pop("state") or "{}").get("copies", {})
        except (ValueError, AttributeError):
            copies = {}
        stale = [
            {"url": url, "newest": c.get("newest"), "checked_at": c.get("checked_at")}
            for url, c in sorted(copies.items())
            if c.get("stale")
        ]
        if stale:
            row["stale_copies"] = stale
    return out


def outbox_counts(store: Store) -> dict[str, int]:
    return {
        r["status"]: r["n"] for r in store.rows("SELECT status, count(*) AS n FROM outbox GROUP BY status")
    }


def outbox_rows(store: Store, status: str | None = None) -> list[dict[str, Any]]:
    """The outbox, one row per event per channel (optionally only one status), with its event."""
    return store.rows(
        "SELECT o.id, o.channel, o.status, o.attempts, o.next_attempt_at, o.sent_at, "
        "o.last_error, e.key, e.kind, e.rule, e.period, e.value_usd_millions FROM outbox o "
        "JOIN events e ON e.id = o.event_id " + ("WHERE o.status = ? " if status else "") + "ORDER BY o.id",
        (status,) if status else (),
    )


def dead_alerts(store: Store, limit: int = 5) -> list[dict[str, Any]]:
    """The newest outbox rows given up on, shown whether or not an admin channel exists."""
    return store.rows(
        "SELECT o.id, o.channel, o.attempts, o.last_error, e.key, e.kind, e.rule, e.period "
        "FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.status = 'dead' "
        "ORDER BY o.id DESC LIMIT ?",
        (limit,),
    )


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT * FROM open_conflicts")


def next_figure(store: Store, daemon: DaemonConfig, now: datetime | None = None) -> NextDue:
    """The next month SBP should publish, its usual release days and the polling cadence."""
    from zoneinfo import ZoneInfo

    from tracker.nextdue import next_due

    months = store.canonical_months("it_exports")
    official = next((Period.parse(v.period) for v in reversed(months) if v.authority == "official"), None)
    if official is None and months:
        official = Period.parse(months[-1].period)
    local = (now or datetime.now(UTC)).astimezone(ZoneInfo(daemon.timezone))
    return next_due(
        local,
        official,
        window_first_day=daemon.release_day_first,
        window_last_day=daemon.release_day_last,
        window_minutes=daemon.release_window_minutes,
    )
