"""A feed or listing's articles, for poll and backfill alike: each link that points where the
source may go, passes the keyword filter and is not stored yet is fetched once, parsed as the
source kind's `article_kind` and ingested."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.errors import FetchError, Interrupted, ParseError
from tracker.ingest import NewDocument, ingest_document
from tracker.poll_urls import article_hosts, article_link_problem
from tracker.sources.base import Document, ParseResult

if TYPE_CHECKING:
    from tracker.collect import Reach
    from tracker.config import SourceConfig
    from tracker.poll_outcome import PollOutcome
    from tracker.store import Store

log = logging.getLogger("tracker.poll")


@dataclass
class Followed:
    """What following a page's article links did."""

    articles: int = 0  # fetched and ingested
    figures: int = 0
    events: int = 0
    revised: int = 0  # months whose canonical value changed from an earlier one
    details: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # articles that could not be fetched
    # something is left for next time (a transient failure, the deadline): the page's
    # validators must not be saved yet
    retry: bool = False

    def add_to(self, outcome: PollOutcome) -> None:
        """Count these articles in a poll's outcome."""
        outcome.articles += self.articles
        outcome.figures += self.figures
        outcome.events += self.events
        outcome.revised += self.revised
        outcome.details.extend(self.details)


def follow_articles(
    reach: Reach,
    store: Store,
    source: SourceConfig,
    entries: Sequence[Any],
    article_kind: str,
    stop_reason: Callable[[], str | None],
) -> Followed:
    """Fetch (once each) the linked articles that pass the checks, and ingest them.

    `entries` have url, title, summary and published (FeedEntry, ListingLink). Until no
    article failed transiently the caller keeps the page's validators unsaved: the next
    poll re-reads the page (its stored articles are skipped) and retries the missing ones.
    Saving them first lost an article for good whenever its fetch timed out or the process
    stopped or crashed mid-way.
    """
    from tracker.collect import parse_safely  # collect imports this module; tests patch its parser_for
    from tracker.sources.keywords import KeywordFilter

    wanted = KeywordFilter.with_extra(source.keywords)
    hosts = article_hosts(source)
    out = Followed()
    for entry in entries:
        refused = article_link_problem(entry.url, hosts)
        if refused:
            log.warning("source %s: article link skipped: %s", source.name, refused)
            out.details.append(f"article link skipped: {refused}")
            continue
        if not wanted.matches(entry.title, getattr(entry, "summary", ""), entry.url):
            continue
        if store.has_document(url=entry.url):
            continue
        if (why := stop_reason()) is not None:
            out.details.append(why)
            out.retry = True
            break
        try:
            art = reach.get(store, source, entry.url, hosts=hosts)
        except Interrupted:
            raise
        except FetchError as exc:
            out.details.append(f"article {entry.url}: {exc}")
            out.failed.append(str(exc))
            out.retry = out.retry or bool(getattr(exc, "transient", False))
            continue
        now = reach.clock()
        doc = Document(
            url=art.url if art.url else entry.url,
            body=art.body,
            content_type=art.content_type,
            fetched_at=now,
            published=entry.published,
            title=entry.title,
            source=source.name,
        )
        try:
            found = parse_safely(article_kind, doc)
        except ParseError as exc:
            out.details.append(f"article {entry.url}: {exc}")
            found = ParseResult()
        report = ingest_document(
            store,
            NewDocument.fetched(
                source.name, art, reach.clock(), url=entry.url, published=entry.published, title=entry.title
            ),
            found.figures,
            reach.settings,
            parser=article_kind,
            historical=reach.historical,
        ).report
        out.articles += 1
        out.figures += len(found.figures)
        out.events += len(report.events)
        out.revised += report.revised_values()
    return out


__all__ = ["Followed", "follow_articles"]
