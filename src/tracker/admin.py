"""Operator events (source failing/recovered, parser drift, release overdue, key expiring).

They travel the same outbox as record events but only to channels marked `admin = true`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tracker.model import Event, EventKind, Series
from tracker.redact import scrub
from tracker.routes import ChannelRoute, queue_event
from tracker.store import Store


def raise_admin(
    store: Store, *, rule: str, subject: str, message: str, channels: Iterable[ChannelRoute], now: datetime
) -> bool:
    """Store (once per key) and queue an admin event; True if it was new.

    `subject` makes the key: the same problem reported twice is one event.
    """
    event = Event(
        key=f"admin:{rule}:{subject}",
        kind=EventKind.ADMIN,
        rule=rule,
        series=Series.IT_EXPORTS,
        period=None,
        value_usd_millions=None,
        message=scrub(message),
    )  # error texts quoted here may echo a secret
    with store.write():
        event_id = store.add_event(event, historical=False, at=now)
        if event_id is None:
            return False
        queue_event(store, event_id, event, channels, now)
    return True
