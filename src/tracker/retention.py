"""Retention: stored feed and listing documents that produced no figure are pruned after
`daemon.retention_days` (issue 16: a feed that changes a timestamp on every poll grew
`documents` and `blobs` without bound). A document with observations is never pruned, nor
the newest document of each source, nor an article (its row is how an article is known to
be fetched already).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tracker.store import Store, iso

log = logging.getLogger("tracker.retention")


@dataclass(frozen=True)
class Pruned:
    documents: int
    blobs: int


def prunable_parsers() -> tuple[str, ...]:
    """The kinds whose pages only lead to articles (feeds, listings): old ones may go."""
    from tracker.sources.registry import with_capability

    return with_capability(lambda k: k.follows_articles)


def prune_documents(store: Store, days: int, now: datetime) -> Pruned:
    """Delete figure-less feed/listing documents older than `days`, then orphaned blobs."""
    if days <= 0:
        return Pruned(0, 0)
    cutoff = iso(now - timedelta(days=days))
    prunable = prunable_parsers()
    marks = ",".join("?" * len(prunable))
    with store.write():
        docs = store.execute(
            f"DELETE FROM documents WHERE parser IN ({marks}) AND fetched_at < ? "
            "AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.document_id = documents.id) "
            "AND id NOT IN (SELECT max(id) FROM documents GROUP BY source)",
            (*prunable, cutoff),
        ).rowcount
        blobs = (
            store.execute(
                "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = blobs.sha256)"
            ).rowcount
            if docs
            else 0
        )
    if docs:
        log.info(
            "retention: pruned %d feed/listing documents without figures older than %d "
            "days and %d unreferenced blobs",
            docs,
            days,
            blobs,
        )
    return Pruned(docs, blobs)
