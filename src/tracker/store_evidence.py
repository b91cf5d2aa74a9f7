"""The store's reads and writes for judging records: frontier, evidence, held candidates.

A mixin of `Store` (kept apart so store.py stays about persistence mechanics): each method is
one query over the tables, no record logic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.store_rows import ObservationRow, Queries, VintageRow, iso


class EvidenceQueries(Queries):
    """Queries `detect` and `judge` need; `Store` provides `rows` and `execute`."""

    def document_meta(self, document_id: int | None) -> dict[str, Any]:
        """The url, source and publication date of a stored document ({} for none)."""
        if document_id is None:
            return {}
        found = self.rows("SELECT url, source, published_at FROM documents WHERE id = ?", (document_id,))
        return found[0] if found else {}

    def newest_month(self, series: str, *, official_only: bool = False) -> str | None:
        """The newest month with an accepted (non-derived) value: the *frontier*."""
        extra = " AND authority = 'official'" if official_only else ""
        row = self.execute(
            "SELECT max(period) FROM vintages WHERE series = ? AND superseded_at IS NULL "
            f"AND period NOT LIKE 'FY%' AND status != 'derived'{extra}",
            (series,),
        ).fetchone()
        return row[0] if row and row[0] else None

    def series_observations(self, series: str, kind: str) -> list[ObservationRow]:
        """Every observation of one series and period kind (evidence for the rules)."""
        return [
            _observation(r)
            for r in self.rows(
                "SELECT * FROM observations WHERE series = ? AND period_kind = ? ORDER BY id", (series, kind)
            )
        ]

    def canonical_fytd(self, series: str) -> list[VintageRow]:
        """Current accepted fiscal-year-to-date totals of a series."""
        return [
            _vintage(r)
            for r in self.rows(
                "SELECT * FROM vintages WHERE series = ? AND superseded_at IS NULL "
                "AND period LIKE 'FY%:07-%' ORDER BY period",
                (series,),
            )
        ]

    def canonical_totals(self, series: str) -> list[VintageRow]:
        """Current accepted multi-month totals (fiscal years, years to date, quarters)."""
        return [
            _vintage(r)
            for r in self.rows(
                "SELECT * FROM vintages WHERE series = ? AND superseded_at IS NULL "
                "AND period LIKE 'FY%' ORDER BY period",
                (series,),
            )
        ]

    def open_conflict_periods(self, series: str) -> set[str]:
        return {
            r["period"]
            for r in self.rows(
                "SELECT period FROM conflicts WHERE series = ? AND resolved_at IS NULL", (series,)
            )
        }

    def sent_record_periods(self, series: str, rule: str) -> set[str]:
        """Periods announced to at least one channel as records under `rule`."""
        return {
            r["period"]
            for r in self.rows(
                "SELECT DISTINCT e.period FROM events e JOIN outbox o ON o.event_id = e.id "
                "WHERE e.series = ? AND e.rule = ? AND e.kind IN ('record', 'unconfirmed', "
                "'confirmed')",
                (series, rule),
            )
        }

    def last_record_events(self, series: str) -> list[dict[str, Any]]:
        """The latest record event (record, unconfirmed, confirmed, correction) of each
        (rule, period) of a series: the state alerts last announced."""
        return self.rows(
            "SELECT e.* FROM events e JOIN (SELECT max(id) AS id FROM events WHERE series = ? "
            "AND kind IN ('record', 'unconfirmed', 'confirmed', 'correction') "
            "GROUP BY rule, period) m ON e.id = m.id",
            (series,),
        )

    def mark_history(self, event_id: int) -> None:
        """An event judged history: never to be sent, by any channel, now or later."""
        self.execute("UPDATE events SET historical = 1 WHERE id = ?", (event_id,))

    def recipients(self, event_id: int) -> list[str]:
        """Channels an event was queued to (a correction follows its original)."""
        return [
            r["channel"]
            for r in self.rows("SELECT channel FROM outbox WHERE event_id = ? ORDER BY channel", (event_id,))
        ]

    # -- held candidates -----------------------------------------------------------------
    def hold_candidate(
        self,
        *,
        rule: str,
        series: str,
        period: str,
        value: float,
        previous_period: str | None,
        previous_value: float | None,
        authority: str,
        status: str,
        reason: str,
        at: datetime,
    ) -> None:
        self.execute(
            "INSERT INTO candidates(rule, series, period, value_usd_millions, previous_period, "
            "previous_value_usd_millions, authority, status, reason, first_seen_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(rule, series, period) DO "
            "UPDATE SET value_usd_millions = excluded.value_usd_millions, previous_period = "
            "excluded.previous_period, previous_value_usd_millions = "
            "excluded.previous_value_usd_millions, authority = excluded.authority, status = "
            "excluded.status, reason = excluded.reason, updated_at = excluded.updated_at, "
            "released_at = NULL",
            (
                rule,
                series,
                period,
                value,
                previous_period,
                previous_value,
                authority,
                status,
                reason,
                _iso(at),
                _iso(at),
            ),
        )

    def release_candidates(self, series: str, keep: set[tuple[str, str]], at: datetime) -> None:
        """Candidates of `series` not in `keep` (rule, period) are no longer held."""
        for r in self.rows(
            "SELECT rule, period FROM candidates WHERE series = ? AND released_at IS NULL", (series,)
        ):
            if (r["rule"], r["period"]) not in keep:
                self.execute(
                    "UPDATE candidates SET released_at = ? WHERE rule = ? AND series = ? AND period = ?",
                    (_iso(at), r["rule"], series, r["period"]),
                )

    def held_candidates(self) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM held_records")


def _observation(row: dict[str, Any]) -> ObservationRow:
    return ObservationRow(**row)


def _vintage(row: dict[str, Any]) -> VintageRow:
    return VintageRow(**row)


def _iso(ts: datetime) -> str | None:
    return iso(ts)
