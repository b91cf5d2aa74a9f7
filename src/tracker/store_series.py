"""The store's figures and what follows from them: observations, vintages, conflicts,
events, outbox rows and the key/value state.

A mixin of `Store`: each method is one or two statements, no reconciliation or record logic.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tracker.model import Event, Figure, Period
from tracker.store_rows import ObservationRow, Queries, VintageRow, iso, utcnow


class SeriesWrites(Queries):
    """Rows of `observations`, `vintages`, `conflicts`, `events`, `outbox` and `state`."""

    # -- observations --------------------------------------------------------------------
    def add_observation(
        self,
        figure: Figure,
        *,
        document_id: int | None,
        outlet: str,
        observed_at: datetime,
        published_at: str | None = None,
    ) -> int | None:
        """Insert one observation; None when the same figure from the same document exists."""
        cur = self.execute(
            "INSERT OR IGNORE INTO observations(document_id, source, outlet, series, period, "
            "period_kind, value_usd_millions, status, authority, bound, quote, observed_at, "
            "published_at, firm) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document_id,
                figure.source,
                outlet,
                figure.series.value,
                str(figure.period),
                figure.period.kind.value,
                figure.value_usd_millions,
                figure.status.value,
                figure.authority.value,
                figure.bound,
                figure.quote,
                iso(observed_at),
                published_at,
                int(figure.firm),
            ),
        )
        return int(cur.lastrowid) if cur.rowcount and cur.lastrowid is not None else None

    def observations(self, series: str, period: str) -> list[ObservationRow]:
        return [
            ObservationRow(**r)
            for r in self.rows(
                "SELECT * FROM observations WHERE series = ? AND period = ? ORDER BY id",
                (series, period),
            )
        ]

    # -- vintages ------------------------------------------------------------------------
    def current_vintage(self, series: str, period: str) -> VintageRow | None:
        found = self.rows(
            "SELECT * FROM vintages WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (series, period),
        )
        return VintageRow(**found[0]) if found else None

    def vintages(self, series: str, period: str) -> list[VintageRow]:
        return [
            VintageRow(**r)
            for r in self.rows(
                "SELECT * FROM vintages WHERE series = ? AND period = ? ORDER BY id",
                (series, period),
            )
        ]

    def add_vintage(
        self,
        *,
        series: str,
        period: str,
        value: float,
        status: str,
        authority: str,
        source: str,
        observation_id: int | None,
        seen_at: datetime,
    ) -> int:
        """Append a canonical value for a month, superseding the previous one."""
        self.execute(
            "UPDATE vintages SET superseded_at = ? WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (iso(seen_at), series, period),
        )
        cur = self.execute(
            "INSERT INTO vintages(series, period, value_usd_millions, status, authority, "
            "source, observation_id, first_seen_at) VALUES (?,?,?,?,?,?,?,?)",
            (series, period, value, status, authority, source, observation_id, iso(seen_at)),
        )
        return int(cur.lastrowid or 0)

    def retire_vintage(self, series: str, period: str, at: datetime) -> None:
        """The month has no acceptable value any more (e.g. news consensus broke)."""
        self.execute(
            "UPDATE vintages SET superseded_at = ? WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (iso(at), series, period),
        )

    def canonical_months(self, series: str, as_of: str | None = None) -> list[VintageRow]:
        """The canonical value of each month (optionally as known at `as_of`), in order."""
        if as_of is None:
            sql = (
                "SELECT * FROM vintages WHERE series = ? AND superseded_at IS NULL "
                "AND period NOT LIKE 'FY%' ORDER BY period"
            )
            params: tuple[Any, ...] = (series,)
        else:
            sql = (
                "SELECT * FROM vintages WHERE series = ? AND period NOT LIKE 'FY%' "
                "AND first_seen_at <= ? AND (superseded_at IS NULL OR superseded_at > ?) "
                "ORDER BY period, id"
            )
            params = (series, as_of, as_of)
        latest: dict[str, VintageRow] = {}
        for r in self.rows(sql, params):
            latest[r["period"]] = VintageRow(**r)
        return list(latest.values())

    # -- conflicts -----------------------------------------------------------------------
    def set_conflict(self, series: str, period: str, detail: dict[str, Any] | None, at: datetime) -> None:
        """Record (detail given) or resolve (None) a disagreement between news values."""
        if detail is None:
            self.execute(
                "UPDATE conflicts SET resolved_at = ? WHERE series = ? AND period = ? "
                "AND resolved_at IS NULL",
                (iso(at), series, period),
            )
            return
        self.execute(
            "INSERT INTO conflicts(series, period, detail, first_seen_at, updated_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT(series, period) DO UPDATE SET "
            "detail = excluded.detail, updated_at = excluded.updated_at, resolved_at = NULL",
            (series, period, json.dumps(detail, sort_keys=True), iso(at), iso(at)),
        )

    # -- events and outbox ---------------------------------------------------------------
    def add_event(self, event: Event, *, historical: bool, at: datetime) -> int | None:
        """Insert an event; None if its key exists already (idempotency)."""
        cur = self.execute(
            "INSERT OR IGNORE INTO events(key, kind, rule, series, period, value_usd_millions, "
            "previous_period, previous_value_usd_millions, authority, status, vintage_id, "
            "historical, message, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event.key,
                event.kind.value,
                event.rule,
                event.series.value,
                _str_or_none(event.period),
                event.value_usd_millions,
                _str_or_none(event.previous_period),
                event.previous_value_usd_millions,
                _value_or_none(event.authority),
                _value_or_none(event.status),
                event.vintage_id,
                int(historical),
                event.message,
                iso(at),
            ),
        )
        return int(cur.lastrowid) if cur.rowcount and cur.lastrowid is not None else None

    def queue(self, event_id: int, channel: str, at: datetime) -> None:
        self.execute(
            "INSERT OR IGNORE INTO outbox(event_id, channel, next_attempt_at, created_at) VALUES (?,?,?,?)",
            (event_id, channel, iso(at), iso(at)),
        )

    def events(self, *, include_admin: bool = False) -> list[dict[str, Any]]:
        """Record events (record, unconfirmed, confirmed, correction); admin ones on request.
        `new_month` and `revision` events are release news, not records: see the outbox."""
        kinds = "'record', 'unconfirmed', 'confirmed', 'correction'" + (", 'admin'" if include_admin else "")
        return self.rows(f"SELECT * FROM events WHERE kind IN ({kinds}) ORDER BY id")

    # -- key/value state -----------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO state(key, value, updated_at) VALUES (?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (key, value, iso(utcnow())),
        )


def _str_or_none(p: Period | None) -> str | None:
    return None if p is None else str(p)


def _value_or_none(v: Any) -> str | None:
    return None if v is None else str(v.value)


__all__ = ["SeriesWrites"]
