"""One fetch-and-follow routine for poll and backfill: fetch a source's document (its URLs in
order, or the freshest of its copies), check it is the file its kind expects, parse it, store
it through `ingest_document`, then what its kind adds (an index page's file dates, a feed's
articles: follow.py).

The caller says how requests go out and whether what it stores is history (`Reach`): the
poller logs every fetch, keeps a job deadline and alerts; backfill fetches unconditionally,
stores history only and raises no stale-copy or parser-drift alert (the plausibility gate
still reports what it holds back).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from tracker.admin import raise_admin
from tracker.config import SourceConfig
from tracker.errors import FetchError, Interrupted, ParseError, TrackerError
from tracker.fetch import FetchResult
from tracker.follow import follow_articles
from tracker.ingest import IngestSettings, NewDocument, ingest_document
from tracker.poll_outcome import PollOutcome
from tracker.poll_urls import candidate_urls, index_changes
from tracker.redact import scrub
from tracker.sources.base import Document, ParseResult
from tracker.sources.registry import get as kind_of
from tracker.store import Store, iso

log = logging.getLogger("tracker.poll")

Parser = Callable[[Document], ParseResult]


class Reach(Protocol):
    """How a caller of `collect` reaches the network and what it stores."""

    @property
    def settings(self) -> IngestSettings: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    @property
    def historical(self) -> bool:
        """True (backfill): unconditional GETs, figures stored as history (never alerted),
        no stale-copy or parser-drift operator alerts."""
        ...

    def get(
        self,
        store: Store,
        source: SourceConfig,
        url: str,
        *,
        validators: dict[str, Any] | None = None,
        hosts: tuple[str, ...] | None = None,
    ) -> FetchResult:
        """GET `url` for `source` (conditional on `validators`; `hosts`: where it may go,
        default the source's own allowed hosts)."""
        ...

    def stop_reason(self) -> str | None:
        """Why no further article may be fetched now (None: go on)."""
        ...


def parser_for(kind: str) -> Parser:
    """The pure parser of a source kind (looked up lazily so kinds can land independently)."""
    from tracker.sources.registry import parser_for as lookup

    return lookup(kind)


def parse_safely(kind: str, doc: Document) -> ParseResult:
    """Run a source kind's parser; whatever it raises on hostile bytes (RecursionError from
    deeply nested JSON, a parser bug) is a ParseError naming the document, never a crash."""
    try:
        return parser_for(kind)(doc)
    except TrackerError:
        raise
    except RecursionError:
        raise ParseError(f"{scrub(doc.url)}: parse error: too deeply nested") from None
    except Exception as exc:  # untrusted input must not crash a poll
        log.warning("parser %s crashed on %s", kind, scrub(doc.url), exc_info=True)
        raise ParseError(f"{scrub(doc.url)}: parse error ({type(exc).__name__}: {exc})") from None


def as_document(source: SourceConfig, res: FetchResult, fetched_at: datetime | None = None) -> Document:
    """What a parser reads of a fetched source document."""
    return Document(
        url=res.url, body=res.body, content_type=res.content_type, fetched_at=fetched_at, source=source.name
    )


def collect(reach: Reach, store: Store, source: SourceConfig, row: dict[str, Any]) -> PollOutcome:
    """Fetch a source's document and store what is new in it; `row` is its stored row."""
    kind = kind_of(source.kind)
    urls = candidate_urls(store, source)
    if kind.file_copies and len(urls) > 1:
        from tracker.freshest import collect_freshest  # issue 17: the freshest copy wins

        return collect_freshest(reach, store, source, row, urls)
    res = fetch_first(reach, store, source, row, urls)
    if res.not_modified:
        return PollOutcome(source.name, "not_modified")
    digest = hashlib.sha256(res.body).hexdigest()
    if digest == row.get("last_sha256"):
        with store.write():
            store.update_source(source.name, etag=res.etag, last_modified=res.last_modified)
        return PollOutcome(source.name, "unchanged")  # same bytes: never parsed twice
    if kind.file_copies:
        check_file(source, res, row.get("last_size"))
    doc = as_document(source, res, reach.clock())
    return store_parsed(reach, store, source, row, res, doc, parse_safely(source.kind, doc), [])


def fetch_first(
    reach: Reach, store: Store, source: SourceConfig, row: dict[str, Any], urls: list[str]
) -> FetchResult:
    """The first of `urls` that answers (the configured URL conditionally, unless history)."""
    errors = []
    for url in urls:
        conditional = not reach.historical and url == source.url
        try:
            return reach.get(store, source, url, validators=row if conditional else None)
        except Interrupted:
            raise  # shutting down: not one more URL
        except FetchError as exc:
            errors.append(str(exc))
    raise FetchError("; ".join(errors))


def check_file(source: SourceConfig, res: FetchResult, last_size: int | None) -> None:
    """A data file is what its kind's formats say, whole, and not much smaller than the last
    good copy (ParseError otherwise)."""
    from tracker.sources import validate

    validate.check_document(as_document(source, res), kind_of(source.kind).formats)
    if last_size and validate.much_smaller(len(res.body), int(last_size)):
        raise ParseError(
            f"{res.url}: body of {len(res.body)} bytes is much smaller than "
            f"the previous {last_size}; keeping the previous file"
        )


def store_parsed(
    reach: Reach,
    store: Store,
    source: SourceConfig,
    row: dict[str, Any],
    res: FetchResult,
    doc: Document,
    parsed: ParseResult,
    details: list[str],
) -> PollOutcome:
    """Store a parsed body (unless it is the stored one), then what its kind adds: an index
    page's file dates, a feed's articles."""
    digest = hashlib.sha256(res.body).hexdigest()
    if details and digest == row.get("last_sha256"):  # freshest copy: same bytes as stored
        with store.write():
            store.update_source(source.name, etag=res.etag, last_modified=res.last_modified)
        return PollOutcome(source.name, "unchanged", details=details)
    kind = kind_of(source.kind)
    # a feed's validators wait until its articles are in (see follow_articles)
    outcome = _store(reach, store, source, res, doc, parsed, digest, validators=not kind.follows_articles)
    if kind.discovers_files:
        outcome.changed_files = index_changes(store, source.name, doc, kind)
    if kind.article_kind is not None:
        entries = getattr(parsed, "entries", None) or []
        followed = follow_articles(reach, store, source, entries, kind.article_kind, reach.stop_reason)
        followed.add_to(outcome)
        if not followed.retry:
            with store.write():
                store.update_source(
                    source.name,
                    etag=res.etag,
                    last_modified=res.last_modified,
                    last_sha256=digest,
                    last_size=len(res.body),
                )
        return outcome
    provenance = [f"{k}: {v}" for k, v in parsed.provenance.items()]  # e.g. which sheet
    outcome.details = details + provenance + outcome.details
    return outcome


def _store(
    reach: Reach,
    store: Store,
    source: SourceConfig,
    res: FetchResult,
    doc: Document,
    parsed: ParseResult,
    digest: str,
    *,
    validators: bool,
) -> PollOutcome:
    """The document and its (gated) figures in one transaction with the source's validators;
    parser drift reported."""
    now = reach.clock()
    settings = reach.settings
    figures, gate_details = parsed.figures, []
    gated = kind_of(source.kind).gated
    if gated:  # issue 17: hold implausible official figures
        from tracker.official_gate import gate

        held = gate(
            store,
            parsed,
            source=source.name,
            document=digest[:16],
            url=res.url,
            now=now,
            channels=settings.channels,
        )
        figures, gate_details = held.figures, held.details()
    with store.write():
        done = ingest_document(
            store,
            NewDocument.fetched(source.name, res, now, published=doc.published, title=doc.title),
            figures,
            settings,
            parser=source.kind,
            found=len(parsed.figures),
            historical=reach.historical,
        )
        row = store.source_row(source.name) or {}
        seen = (
            {
                "etag": res.etag,
                "last_modified": res.last_modified,
                "last_sha256": digest,
                "last_size": len(res.body),
            }
            if validators
            else {}
        )
        store.update_source(source.name, **seen, **({"last_figures_at": iso(now)} if parsed.figures else {}))
    drift = gated and not parsed.figures and row.get("last_figures_at")
    if drift and not reach.historical:
        raise_admin(
            store,
            rule="parser_drift",
            subject=f"{source.name}:{digest[:16]}",
            message=f"{source.name}: the parser found no figures in a new "
            f"{len(res.body)}-byte body from {res.url} (it found figures "
            f"before, last at {row.get('last_figures_at')})",
            channels=settings.channels,
            now=now,
        )
    report = done.report
    return PollOutcome(
        source.name,
        "new",
        figures=len(figures),
        events=len(report.events),
        details=parsed.warnings + gate_details,
        stored=done.is_new or bool(report.observations),
        revised=report.revised_values(),
    )


__all__ = [
    "Reach",
    "as_document",
    "check_file",
    "collect",
    "fetch_first",
    "parse_safely",
    "parser_for",
    "store_parsed",
]
