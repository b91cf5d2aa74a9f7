"""`tracker reparse`: run today's parsers over every stored raw body (the `blobs` table).

A better parser can then fix history without fetching anything again. Observations are
deduplicated by a unique index, so re-ingesting what an older parser already found is a no-op;
new or corrected figures go through the normal ingest path as historical (never alerted), with
the document's original fetch time so "latest seen" ordering in reconcile is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from tracker.errors import ConfigError, ParseError
from tracker.ingest import IngestSettings, ingest
from tracker.sources.base import Document, ParseResult
from tracker.store import Store, utcnow


@dataclass
class ReparseStats:
    """Per source: documents read, figures found before and now, what changed."""

    source: str
    documents: int = 0
    figures_before: int = 0
    figures_after: int = 0
    new_observations: int = 0
    canonical_changes: int = 0
    failed: int = 0
    skipped: int = 0  # documents with no parser (bundled CSV, imports)


def _parser(name: str | None) -> tuple[Callable[[Document], ParseResult], bool] | None:
    """The parse function of the kind `name` and whether its figures are gated (None: no
    such kind, e.g. the bundled CSV or an import)."""
    from tracker.sources.registry import kinds

    kind = kinds().get(name or "")
    if kind is None:
        return None
    try:
        return kind.load(), kind.gated
    except ConfigError:
        return None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def reparse(
    store: Store,
    settings: IngestSettings,
    source: str | None = None,
    on_document: Callable[[ReparseStats], None] | None = None,
) -> list[ReparseStats]:
    """Re-parse every stored document (of one source), ingest, and count the differences."""
    docs = store.stored_documents(source)
    if source and not docs and store.source_row(source) is None:
        raise ConfigError(f"no stored documents for source {source!r}")
    stats: dict[str, ReparseStats] = {}
    for d in docs:
        st = stats.setdefault(d["source"], ReparseStats(d["source"]))
        name = d["parser"] or d["kind"]
        found = _parser(name)
        if found is None or d["sha256"] is None:
            st.skipped += 1
            continue
        parse, gated = found
        st.documents += 1
        st.figures_before += int(d["figures_found"] or 0)
        fetched = _when(d["fetched_at"])
        doc = Document(
            url=d["url"],
            body=store.blob(d["sha256"]),
            content_type=d["content_type"],
            fetched_at=fetched,
            published=_day(d["published_at"]),
            title=d["title"],
            source=d["source"],
        )
        try:
            parsed = parse(doc)
        except ParseError:
            st.failed += 1
            continue
        st.figures_after += len(parsed.figures)
        figures = parsed.figures
        if gated:
            from tracker.official_gate import gate  # issue 17: the plausibility gate

            figures = gate(
                store,
                parsed,
                source=d["source"],
                document=d["sha256"][:16],
                url=d["url"],
                now=utcnow(),
                channels=settings.channels,
            ).figures
        with store.write():
            report = ingest(
                store,
                figures,
                settings,
                document_id=d["id"],
                historical=True,
                now=utcnow(),
                observed_at=fetched,
            )
            store.mark_parsed(d["id"], str(name), len(parsed.figures))
        st.new_observations += report.observations
        st.canonical_changes += len(report.revised)
        if on_document is not None:
            on_document(st)
    return list(stats.values())
