"""A feed or listing's articles: each new one that passes the keyword filter is fetched once,
parsed as the source kind's `article_kind` and ingested."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from tracker.errors import FetchError, Interrupted, ParseError
from tracker.ingest import NewDocument, ingest_document
from tracker.poll_urls import article_hosts, article_link_problem
from tracker.sources.base import Document, ParseResult

if TYPE_CHECKING:
    from tracker.config import SourceConfig
    from tracker.fetch import FetchResult
    from tracker.poll import Poller
    from tracker.poll_outcome import PollOutcome
    from tracker.store import Store

log = logging.getLogger("tracker.poll")


def follow_articles(
    poller: Poller,
    store: Store,
    source: SourceConfig,
    res: FetchResult,
    outcome: PollOutcome,
    parsed: ParseResult,
    digest: str,
    article_kind: str,
) -> PollOutcome:
    """Fetch (once each) the discovered articles that pass the keyword filter.

    The feed's validators and hash are saved only once no article failed transiently:
    until then the next poll re-reads the feed (its stored articles are skipped) and
    retries the missing ones. Saving them first lost an article for good whenever its
    fetch timed out or the process stopped or crashed mid-way.
    """
    from tracker.poll import parse_safely  # the poller's seam (tests replace parser_for)
    from tracker.sources.keywords import KeywordFilter

    wanted = KeywordFilter.with_extra(source.keywords)
    entries = getattr(parsed, "entries", None) or []
    retry = False
    hosts = article_hosts(source)
    for entry in entries:
        refused = article_link_problem(entry.url, hosts)
        if refused:
            log.warning("source %s: article link skipped: %s", source.name, refused)
            outcome.details.append(f"article link skipped: {refused}")
            continue
        if not wanted.matches(entry.title, entry.summary, entry.url):
            continue
        if store.rows("SELECT 1 FROM documents WHERE url = ? LIMIT 1", (entry.url,)):
            continue
        if poller.job_deadline() <= poller.client_clock():
            outcome.details.append("poll deadline reached; remaining articles next poll")
            retry = True
            break
        started = time.monotonic()
        try:
            art = poller.client.get(entry.url, allowed_hosts=hosts, deadline_at=poller.job_deadline())
        except Interrupted:
            raise
        except FetchError as exc:
            poller.log_fetch(store, source.name, entry.url, started, "failed", error=str(exc))
            outcome.details.append(f"article {entry.url}: {exc}")
            retry = retry or bool(getattr(exc, "transient", False))
            continue
        poller.log_fetch(
            store, source.name, entry.url, started, "fetched", status=art.status, size=art.bytes_read
        )
        doc = Document(
            url=art.url if art.url else entry.url,
            body=art.body,
            content_type=art.content_type,
            fetched_at=poller.clock(),
            published=entry.published,
            title=entry.title,
            source=source.name,
        )
        try:
            found = parse_safely(article_kind, doc)
        except ParseError as exc:
            outcome.details.append(f"article {entry.url}: {exc}")
            found = ParseResult()
        report = ingest_document(
            store,
            NewDocument.fetched(
                source.name, art, poller.clock(), url=entry.url, published=entry.published, title=entry.title
            ),
            found.figures,
            poller.settings,
            parser=article_kind,
        ).report
        outcome.articles += 1
        outcome.figures += len(found.figures)
        outcome.events += len(report.events)
    if not retry:
        with store.write():
            store.update_source(
                source.name,
                etag=res.etag,
                last_modified=res.last_modified,
                last_sha256=digest,
                last_size=len(res.body),
            )
    return outcome


__all__ = ["follow_articles"]
