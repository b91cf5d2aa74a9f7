"""`tracker replay`: a backtest of the whole pipeline over a set of news documents.

Documents (the `extract --jsonl` input: id, url, published, title, text or html) are fed in
publication order through the same parser and the same `ingest()` as polled articles, with
the clock set to each document's publication time plus a fetch lag. What would have been
sent goes to one virtual channel that takes everything (unconfirmed records, new months,
revisions), so the output is exactly what an opted-in reader would have received, and every
held candidate is reported with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.errors import UsageError
from tracker.importer import BUNDLED_URL, BundledMonth
from tracker.ingest import IngestSettings, NewDocument, ingest_document
from tracker.model import Event, Figure
from tracker.reconcile import decide
from tracker.routes import ChannelRoute
from tracker.sources.base import Document
from tracker.sources.news_article import parse as parse_article
from tracker.store import Store

REPLAY_CHANNEL = ChannelRoute(
    "replay", unconfirmed=True, events=frozenset({"record", "new_month", "revision"})
)


@dataclass(frozen=True)
class ReplayDocument:
    """One input line: an article with its publication date (None: unknown, replayed last)."""

    id: str
    url: str
    published: date | None
    title: str | None
    body: bytes
    content_type: str


@dataclass
class ReplaySummary:
    documents: int = 0
    figures: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    held: int = 0

    def line(self) -> dict[str, Any]:
        total = sum(self.sent.values())
        return {
            "summary": {
                "documents": self.documents,
                "figures": self.figures,
                "sent": total,
                "sent_by_kind": dict(sorted(self.sent.items())),
                "held": self.held,
            }
        }


def read_documents(lines: Iterable[str]) -> list[ReplayDocument]:
    """Parse JSONL documents; a bad line is a UsageError naming its line number."""
    docs: list[ReplayDocument] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict) or "id" not in raw:
                raise ValueError('not a JSON object with an "id"')
            docs.append(_document(raw))
        except (ValueError, TypeError) as exc:
            raise UsageError(f"line {number}: {exc}") from None
    return docs


def _document(raw: dict[str, Any]) -> ReplayDocument:
    published = raw.get("published")
    day = date.fromisoformat(str(published)[:10]) if published not in (None, "", "unknown") else None
    if isinstance(raw.get("html"), str):
        body, ctype = raw["html"].encode("utf-8"), "text/html"
    elif isinstance(raw.get("text"), str):
        body, ctype = raw["text"].encode("utf-8"), "text/plain"
    else:
        raise ValueError('needs a "text" or "html" string')
    url = str(raw["url"]) if isinstance(raw.get("url"), str) else f"replay:{raw['id']}"
    title = raw.get("title") if isinstance(raw.get("title"), str) else None
    return ReplayDocument(str(raw["id"]), url, day, title, body, ctype)


def publication_order(docs: Iterable[ReplayDocument]) -> list[ReplayDocument]:
    """Oldest first; undated documents last; ties by id so the order is reproducible."""
    return sorted(docs, key=lambda d: (d.published is None, d.published or date.max, d.id))


def _clock(doc: ReplayDocument, previous: datetime, lag: timedelta) -> datetime:
    if doc.published is None:
        return previous + lag
    start = datetime(doc.published.year, doc.published.month, doc.published.day, tzinfo=UTC)
    return max(start + lag, previous)


def _sources(store: Store, event: Event, settings: IngestSettings) -> list[str]:
    """Who stands behind an event's value: the agreeing voices, or the official source."""
    if event.period is None:
        return []
    decision = decide(store.observations(event.series.value, str(event.period)), settings.min_news_sources)
    if decision.voices:
        return list(decision.voices)
    return [decision.source] if decision.source else []


def _event_line(
    store: Store, event: Event, settings: IngestSettings, label: str, at: datetime
) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "rule": event.rule,
        "period": str(event.period),
        "value_usd_millions": event.value_usd_millions,
        "previous_period": str(event.previous_period) if event.previous_period else None,
        "previous_value_usd_millions": event.previous_value_usd_millions,
        "sources": _sources(store, event, settings),
        "reason": None,
        "document": label,
        "at": at.isoformat(),
    }


def _held(store: Store) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(h["rule"], h["series"], h["period"]): h for h in store.held_candidates()}


def replay(
    store: Store,
    docs: Iterable[ReplayDocument],
    settings: IngestSettings,
    *,
    lag: timedelta = timedelta(hours=6),
    keep_order: bool = False,
    timeline: Sequence[BundledMonth] = (),
) -> Iterator[dict[str, Any]]:
    """Ingest documents in publication order (or as given, to test order independence);
    yield what would have been sent and what was held, then a summary line.

    `timeline`: bundled months released at their publication dates, between the articles,
    as SBP published them (the official side of a backtest).
    """
    settings = replace(settings, channels=(REPLAY_CHANNEL,))
    summary = ReplaySummary()
    with store.write():
        store.ensure_source("replay", "news_article", "replay:")
    state = _Held(_held(store))
    releases = sorted(timeline, key=lambda m: m.published)
    clock = datetime(1970, 1, 1, tzinfo=UTC)
    for doc in list(docs) if keep_order else publication_order(docs):
        clock = _clock(doc, clock, lag)
        while releases and releases[0].published <= clock:
            day = releases[0].published
            batch = [m.figure for m in releases if m.published == day]
            releases = [m for m in releases if m.published != day]
            yield from _ingest(
                store,
                settings,
                summary,
                state,
                batch,
                day,
                url=f"{BUNDLED_URL}#{day:%Y-%m-%d}",
                label=f"bundled:{day:%Y-%m-%d}",
                body=repr(batch).encode(),
            )
        parsed = parse_article(
            Document(
                url=doc.url,
                body=doc.body,
                content_type=doc.content_type,
                fetched_at=clock,
                published=doc.published,
                title=doc.title,
                source="replay",
            )
        )
        summary.documents += 1
        summary.figures += len(parsed.figures)
        yield from _ingest(
            store,
            settings,
            summary,
            state,
            parsed.figures,
            clock,
            url=doc.url,
            label=doc.id,
            body=doc.body,
            published=doc.published,
            title=doc.title,
            content_type=doc.content_type,
        )
    summary.held = len(state.held)
    yield summary.line()


@dataclass
class _Held:
    held: dict[tuple[str, str, str], dict[str, Any]]


def _ingest(
    store: Store,
    settings: IngestSettings,
    summary: ReplaySummary,
    state: _Held,
    figures: Sequence[Figure],
    now: datetime,
    *,
    url: str,
    label: str,
    body: bytes,
    published: date | None = None,
    title: str | None = None,
    content_type: str = "text/plain",
) -> Iterator[dict[str, Any]]:
    """One document through the poller's path; the lines it adds to the replay's output."""
    source = "bundled" if label.startswith("bundled:") else "replay"
    report = ingest_document(
        store,
        NewDocument(
            source=source,
            url=url,
            body=body,
            fetched_at=now,
            published_at=published.isoformat() if published else None,
            title=title,
            content_type=content_type,
        ),
        figures,
        settings,
        parser="news_article" if source == "replay" else "bundled_csv",
    ).report
    for event in report.events + report.releases:
        if store.rows(
            "SELECT 1 FROM outbox o JOIN events e ON e.id = o.event_id WHERE e.key = ? LIMIT 1", (event.key,)
        ):
            summary.sent[event.kind.value] = summary.sent.get(event.kind.value, 0) + 1
            yield _event_line(store, event, settings, label, now)
    held_now = _held(store)
    for key, h in held_now.items():
        if key not in state.held or state.held[key]["reason"] != h["reason"]:
            yield {
                "kind": "held",
                "rule": h["rule"],
                "period": h["period"],
                "value_usd_millions": h["value_usd_millions"],
                "previous_period": h["previous_period"],
                "previous_value_usd_millions": h["previous_value_usd_millions"],
                "sources": [],
                "reason": h["reason"],
                "document": label,
                "at": now.isoformat(),
            }
    state.held = held_now


def final_series(store: Store, series: str = "it_exports") -> list[dict[str, Any]]:
    """The canonical monthly series at the end of a replay."""
    return [
        {
            "period": v.period,
            "value_usd_millions": v.value_usd_millions,
            "status": v.status,
            "authority": v.authority,
        }
        for v in store.canonical_months(series)
    ]
