"""An Atom (RFC 4287) feed of the events a reader is told about: a feed reader is a channel.

Entry ids are built from the event's idempotency key, so an entry keeps its id across
restarts, re-runs and re-renders; kinds are read as strings (record, confirmed, correction,
new_month, ... whatever the rules produce).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from tracker.deliver.wording import rule_label, usd
from tracker.model import Period

FEED_PATH = "/feed.atom"
FEED_ID = "tag:tracker.it-exports,2025:feed"


def entry_id(key: str) -> str:
    """A stable, URI-safe id for an event key."""
    return f"tag:tracker.it-exports,2025:event:{quote(key, safe='')}"


def _period(text: str | None) -> Period | None:
    try:
        return Period.parse(text) if text else None
    except Exception:
        return None


def entry_title(ev: dict[str, Any]) -> str:
    """`Record: all-time high, December 2025: $437M (previous $386M, October 2025)`."""
    period = _period(ev.get("period"))
    kind = str(ev.get("kind") or "event").replace("_", " ")
    rule = ev.get("rule") or ""
    what = rule_label(rule, period) if rule else kind
    head = f"{kind.capitalize()}: {what}"
    if period is not None:
        head += f", {period.label()}"
    if ev.get("value_usd_millions") is not None:
        head += f": {usd(ev['value_usd_millions'])}"
    prev = _period(ev.get("previous_period"))
    if prev is not None and ev.get("previous_value_usd_millions") is not None:
        head += f" (previous {usd(ev['previous_value_usd_millions'])}, {prev.label()})"
    if ev.get("status") == "P":
        head += " [SBP provisional]"
    return head


def feed_xml(events: Sequence[dict[str, Any]], *, base_url: str, title: str) -> str:
    """The feed document; `base_url` is the site root (no trailing slash)."""
    updated = max((str(e["detected_at"]) for e in events), default="1970-01-01T00:00:00+00:00")
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>{FEED_ID}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{escape(updated)}</updated>",
        f'<link rel="self" type="application/atom+xml" href="{escape(base_url + FEED_PATH)}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(base_url + "/")}"/>',
        "<author><name>tracker</name></author>",
    ]
    for ev in events:
        period = _period(ev.get("period"))
        link = f"{base_url}/month/{Period.from_index(period.last)}" if period is not None else base_url + "/"
        summary = ev.get("message") or entry_title(ev)
        parts += [
            "<entry>",
            f"<id>{entry_id(str(ev['key']))}</id>",
            f"<title>{escape(entry_title(ev))}</title>",
            f"<updated>{escape(str(ev['detected_at']))}</updated>",
            f"<published>{escape(str(ev['detected_at']))}</published>",
            f'<link rel="alternate" type="text/html" href="{escape(link)}"/>',
            f'<category term="{escape(str(ev["kind"]))}"/>',
            f'<summary type="text">{escape(summary)}</summary>',
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
