"""What several commands print alike: the console, tables, money, timestamps, JSON, and the
line about events no channel took."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tracker.cli.base import AppContext


def console() -> Console:
    """A console that prints text as given (no highlighting, no hard wrapping)."""
    return Console(highlight=False, soft_wrap=True)


def money(v: float | None) -> str:
    """`$437M`, `$1,657.5M`; empty for None."""
    return "" if v is None else f"${v:,.2f}M".replace(".00M", "M")


def table(title: str, columns: list[str], rows: list[list[Any]], *, fold: bool = False) -> Table:
    """A rich table; `fold` wraps long cells instead of cutting them off with an ellipsis."""
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold" if fold else "ellipsis")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


def minute(ts: str | None) -> str:
    """`2026-11-29 05:32` from an ISO timestamp (UTC), so tables fit 80 columns."""
    return (ts or "")[:16].replace("T", " ")


def short(text: str | None, limit: int = 60) -> str:
    """The first line of an error, cut to `limit` characters (status stays one screen)."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


def echo_json(data: Any) -> None:
    """`data` as indented JSON on stdout (dates and the like as strings)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def unrouted_counts(app: AppContext) -> dict[str, int]:
    """Events no configured channel took: how many still wait, how many are too old to send."""
    from datetime import timedelta

    from tracker.deliver.unrouted import unrouted
    from tracker.routes import ChannelRoute
    from tracker.store import utcnow

    days = app.config.daemon.undelivered_max_age_days
    routes = tuple(ChannelRoute.of(c) for c in app.config.channels)
    u = unrouted(app.store, utcnow(), timedelta(days=days), routes)
    return {"waiting": u.waiting, "expired": u.expired, "max_age_days": days}


def unrouted_line(u: dict[str, int]) -> str:
    """Events no channel took: they wait for one (or are too old to send)."""
    parts = []
    if u["waiting"]:
        parts.append(f"{u['waiting']} events waiting for a channel (sent when one is active)")
    if u["expired"]:
        parts.append(
            f"{u['expired']} events older than {u['max_age_days']} days were never "
            "sent (no channel was active) and will not be"
        )
    return "; ".join(parts)


__all__ = ["console", "echo_json", "minute", "money", "short", "table", "unrouted_counts", "unrouted_line"]
