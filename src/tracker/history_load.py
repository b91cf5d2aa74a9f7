"""Loading history into the store: the bundled series (release by release) and CSV imports.

Everything here is stored as one document per file; `tracker backfill` and `tracker import`
call it, the first start of an empty database too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.errors import UsageError
from tracker.importer import BUNDLED_URL, ImportRow, bundled_csv, bundled_history, parse_import_csv
from tracker.ingest import IngestReport, IngestSettings, NewDocument, ingest_document
from tracker.model import Figure
from tracker.store import Store, utcnow


@dataclass(frozen=True)
class LoadResult:
    rows: int
    report: IngestReport


def load_bundled(store: Store, settings: IngestSettings) -> LoadResult:
    """Store the shipped history once (a second load finds the same document: no-op).

    Each month is stamped with the day it was first published (observations' `observed_at`,
    vintages' `first_seen_at`), one ingest per publication day in date order, so
    `tracker export --as-of DATE` shows what was known on DATE. A database that already holds
    vintages (an upgrade, history loaded after polling) keeps a consistent timeline: nothing
    is stamped before its newest vintage, and this file's rows outrank an older bundle's.
    """
    months = bundled_history()
    by_day: dict[datetime, list[Figure]] = {}
    for m in months:
        by_day.setdefault(m.published, []).append(m.figure)
    total = IngestReport()
    with store.write():
        floor = _newest_vintage_time(store)
        store.ensure_source("bundled", "bundled", BUNDLED_URL)
        document = NewDocument(
            source="bundled",
            url=BUNDLED_URL,
            body=bundled_csv(),
            fetched_at=utcnow(),
            content_type="text/csv",
        )
        for published in sorted(by_day):  # one document, ingested release by release
            at = max(published, floor) if floor else published
            _add(
                total,
                ingest_document(
                    store,
                    document,
                    by_day[published],
                    settings,
                    parser="bundled_csv",
                    found=len(months),
                    historical=True,
                    observed_at=at,
                    now=at,
                ).report,
            )
    return LoadResult(len(months), total)


def _add(total: IngestReport, rep: IngestReport) -> None:
    total.observations += rep.observations
    total.revised += rep.revised
    total.events += rep.events
    total.queued += rep.queued


def _newest_vintage_time(store: Store) -> datetime | None:
    """The latest first_seen_at/superseded_at of any vintage (None: no vintages yet)."""
    row = store.rows("SELECT max(max(first_seen_at), max(ifnull(superseded_at, ''))) AS t FROM vintages")
    text = row[0]["t"] if row else None
    return datetime.fromisoformat(text) if text else None


def import_csv_file(store: Store, path: Path, settings: IngestSettings, *, alert: bool = False) -> LoadResult:
    """Import a CSV of figures as one document; all rows or none are stored."""
    try:
        body = path.read_bytes()
        text = body.decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read as UTF-8 CSV: {exc}") from None
    try:
        rows = parse_import_csv(text, default_source=f"import:{path.name}")
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    url = f"file:{path.resolve()}"
    total = IngestReport()
    with store.write():
        store.ensure_source("import", "import", "file:")
        document = NewDocument(
            source="import", url=url, body=body, fetched_at=utcnow(), content_type="text/csv"
        )
        # Rows sharing an observed_at are one release: ingest them together so a file of
        # history is detected as a whole, never as a sequence of transient records.
        groups: dict[datetime | None, list[ImportRow]] = {}
        for r in rows:
            groups.setdefault(r.observed_at, []).append(r)
        for observed_at, group in sorted(groups.items(), key=lambda kv: str(kv[0] or "")):
            _add(
                total,
                ingest_document(
                    store,
                    document,
                    [r.figure for r in group],
                    settings,
                    parser="import_csv",
                    found=len(rows),
                    historical=not alert,
                    observed_at=observed_at,
                    now=observed_at,
                ).report,
            )
    return LoadResult(len(rows), total)


__all__ = ["LoadResult", "import_csv_file", "load_bundled"]
