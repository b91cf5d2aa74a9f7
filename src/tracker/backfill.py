"""Loading history: the bundled series and CSV imports (official sources join later).

Events created here are historical: stored, but queued for delivery only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.errors import UsageError
from tracker.importer import BUNDLED_URL, bundled_csv, bundled_figures, parse_import_csv
from tracker.ingest import IngestReport, IngestSettings, ingest
from tracker.store import Store, utcnow


@dataclass(frozen=True)
class LoadResult:
    rows: int
    report: IngestReport


def load_bundled(store: Store, settings: IngestSettings) -> LoadResult:
    """Store the shipped history once (a second load finds the same document: no-op)."""
    figures = bundled_figures()
    with store.write():
        store.ensure_source("bundled", "bundled", BUNDLED_URL)
        doc_id, _ = store.add_document(source="bundled", url=BUNDLED_URL, body=bundled_csv(),
                                       fetched_at=utcnow(), content_type="text/csv")
        report = ingest(store, figures, settings, document_id=doc_id, historical=True)
        store.mark_parsed(doc_id, "bundled_csv", len(figures))
    return LoadResult(len(figures), report)


def import_csv_file(store: Store, path: Path, settings: IngestSettings, *,
                    alert: bool = False) -> LoadResult:
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
        doc_id, _ = store.add_document(source="import", url=url, body=body,
                                       fetched_at=utcnow(), content_type="text/csv")
        # Rows sharing an observed_at are one release: ingest them together so a file of
        # history is detected as a whole, never as a sequence of transient records.
        groups: dict[object, list] = {}
        for r in rows:
            groups.setdefault(r.observed_at, []).append(r)
        for observed_at, group in sorted(groups.items(), key=lambda kv: str(kv[0] or "")):
            rep = ingest(store, [r.figure for r in group], settings, document_id=doc_id,
                         historical=not alert, observed_at=observed_at,
                         now=observed_at)
            total.observations += rep.observations
            total.revised += rep.revised
            total.events += rep.events
            total.queued += rep.queued
        store.mark_parsed(doc_id, "import_csv", len(rows))
    return LoadResult(len(rows), total)
