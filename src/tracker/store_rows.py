"""What the store's mixins share: the clock and timestamp format, the row types they return,
and the two primitives (`rows`, `execute`) each is written against."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def utcnow() -> datetime:
    """Now, aware, in UTC."""
    return datetime.now(UTC)


def iso(ts: datetime | None) -> str | None:
    """How the database stores a timestamp: ISO 8601 in UTC, to the second."""
    return None if ts is None else ts.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ObservationRow:
    id: int
    document_id: int | None
    source: str
    outlet: str
    series: str
    period: str
    period_kind: str
    value_usd_millions: float
    status: str
    authority: str
    bound: str | None
    quote: str
    observed_at: str
    published_at: str | None = None
    firm: int = 1

    @property
    def stated_at(self) -> str:
        """When the outlet said it: publication date, else when we first saw it."""
        return self.published_at or self.observed_at


@dataclass(frozen=True)
class VintageRow:
    id: int
    series: str
    period: str
    value_usd_millions: float
    status: str
    authority: str
    source: str
    observation_id: int | None
    first_seen_at: str
    superseded_at: str | None


class Queries:
    """The primitives a store mixin uses; `Store` implements them over its connection."""

    def rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        raise NotImplementedError

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError


__all__ = ["ObservationRow", "Queries", "VintageRow", "iso", "utcnow"]
