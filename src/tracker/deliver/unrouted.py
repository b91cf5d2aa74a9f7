"""Events that arose while no channel wanted them: kept, and delivered when one appears.

An event is *unrouted* when it is not loaded history and has no outbox row at all (it was
detected while no active channel took it, e.g. before any secret was set). When a channel
becomes active, the sender queues such events to it, unless they are older than
`daemon.undelivered_max_age_days`: those are counted by `tracker status`, never sent (a
months-old "record" is not news).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tracker.model import Event, EventKind, Period, Series
from tracker.routes import ChannelRoute
from tracker.store import Store, iso

# Record events only: release news (new_month, revision) goes to the channels that asked for
# it when it happens and is not kept for one configured later; events the pipeline judged
# history (the frontier, a correction nobody needs) are historical = 1 and never sent.
_UNROUTED = (
    "SELECT id, key, kind, rule, series, period, value_usd_millions, detected_at "
    "FROM events e WHERE historical = 0 "
    "AND kind IN ('record', 'unconfirmed', 'confirmed', 'correction') "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id) ORDER BY id"
)


@dataclass(frozen=True)
class Unrouted:
    waiting: int  # will be delivered once a channel that wants them is active
    expired: int  # older than the limit: kept, never sent


def _event(row: dict[str, Any]) -> Event | None:
    try:
        return Event(
            key=row["key"],
            kind=EventKind(row["kind"]),
            rule=row["rule"],
            series=Series(row["series"]),
            period=Period.parse(row["period"]) if row["period"] else None,
            value_usd_millions=row["value_usd_millions"],
        )
    except Exception:  # a kind or series this version does not know: leave it alone
        return None


# With no channel configured at all, what a first channel would take by default (records;
# news-only records too, as a channel may opt in to them).
ANY_CHANNEL = ChannelRoute("(any)", unconfirmed=True)


def unrouted(
    store: Store, now: datetime, max_age: timedelta, routes: tuple[ChannelRoute, ...] = ()
) -> Unrouted:
    """Events no channel has taken that a configured channel (active or not; with none, a
    default one) would: a `new_month` no channel subscribes to is not waiting for anything."""
    wanting = routes or (ANY_CHANNEL,)
    rows = [
        r
        for r in store.rows(_UNROUTED)
        if (e := _event(r)) is not None and any(route.wants(e) for route in wanting)
    ]
    cutoff = iso(now - max_age) or ""
    fresh = sum(1 for r in rows if str(r["detected_at"]) >= cutoff)
    return Unrouted(waiting=fresh, expired=len(rows) - fresh)


def route_unrouted(store: Store, routes: tuple[ChannelRoute, ...], now: datetime, max_age: timedelta) -> int:
    """Queue recent unrouted events to the active channels that want them; rows queued."""
    if not routes or not store.rows(_UNROUTED + " LIMIT 1"):
        return 0
    cutoff = iso(now - max_age) or ""
    queued = 0
    with store.write():
        for row in store.rows(_UNROUTED):
            event = _event(row)
            if event is None or str(row["detected_at"]) < cutoff:
                continue
            for route in routes:
                if route.wants(event):
                    store.queue(row["id"], route.name, now)
                    queued += 1
    return queued
