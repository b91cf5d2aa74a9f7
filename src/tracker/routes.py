"""Which events a channel hears (`ChannelRoute`) and the outbox rows that follow from it.

A neutral module: ingest, admin events and delivery all route events, and none of them
should depend on another to do it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.model import Event, EventKind

if TYPE_CHECKING:
    from tracker.config import ChannelConfig
    from tracker.store import Store

# What a channel hears of each event kind (`events = [...]` in its config, see EVENT_TOPICS).
TOPIC_OF = {
    EventKind.RECORD: "record",
    EventKind.CONFIRMED: "record",
    EventKind.CORRECTION: "record",
    EventKind.UNCONFIRMED: "record",
    EventKind.NEW_MONTH: "new_month",
    EventKind.REVISION: "revision",
}


@dataclass(frozen=True)
class ChannelRoute:
    """Which events a channel takes: admin channels get only admin events."""

    name: str
    admin: bool = False
    unconfirmed: bool = False
    events: frozenset[str] = frozenset({"record"})

    @classmethod
    def of(cls, channel: ChannelConfig) -> ChannelRoute:
        """The route of a configured channel."""
        return cls(channel.name, channel.admin, channel.unconfirmed, frozenset(channel.events))

    def wants(self, event: Event) -> bool:
        if self.admin:
            return event.kind is EventKind.ADMIN
        if event.kind is EventKind.ADMIN:
            return False
        if event.kind is EventKind.UNCONFIRMED and not self.unconfirmed:
            return False
        return TOPIC_OF.get(event.kind, "record") in self.events


def queue_event(
    store: Store, event_id: int, event: Event, channels: Iterable[ChannelRoute], now: datetime
) -> int:
    """One outbox row per channel that wants this event (same transaction as the event)."""
    n = 0
    for ch in channels:
        if ch.wants(event):
            store.queue(event_id, ch.name, now)
            n += 1
    return n


__all__ = ["TOPIC_OF", "ChannelRoute", "queue_event"]
