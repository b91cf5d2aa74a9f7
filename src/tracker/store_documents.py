"""The store's sources, fetch log and raw documents (bodies kept once, by SHA-256).

A mixin of `Store`: each method is one or two statements, no policy.
"""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from typing import Any

from tracker.errors import StoreError
from tracker.store_rows import Queries, iso, utcnow


class SourceDocuments(Queries):
    """Rows of `sources`, `fetches`, `blobs` and `documents`."""

    def ensure_source(self, name: str, kind: str, url: str) -> None:
        self.execute(
            "INSERT INTO sources(name, kind, url) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url "
            # no row change when nothing changed: the commit then writes no WAL frame (no fsync)
            "WHERE kind IS NOT excluded.kind OR url IS NOT excluded.url",
            (name, kind, url),
        )

    def source_row(self, name: str) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM sources WHERE name = ?", (name,))
        return found[0] if found else None

    def source_rows(self) -> dict[str, dict[str, Any]]:
        """Every source row by name (one query where a cycle would make one per source)."""
        return {r["name"]: r for r in self.rows("SELECT * FROM sources")}

    def source_states(self, kinds: tuple[str, ...]) -> list[str | None]:
        """The `state` JSON of every source of these kinds, by name."""
        marks = ", ".join("?" * len(kinds))
        rows = self.rows(f"SELECT state FROM sources WHERE kind IN ({marks}) ORDER BY name", kinds)
        return [r["state"] for r in rows]

    def any_success(self, kinds: tuple[str, ...]) -> bool:
        """Whether a source of these kinds was ever polled successfully."""
        marks = ", ".join("?" * len(kinds))
        return bool(
            self.rows(
                f"SELECT 1 FROM sources WHERE kind IN ({marks}) AND last_success_at IS NOT NULL LIMIT 1",
                kinds,
            )
        )

    def update_source(self, name: str, **values: Any) -> None:
        if not values:
            return
        cols = ", ".join(f"{k} = ?" for k in values)
        self.execute(f"UPDATE sources SET {cols} WHERE name = ?", (*values.values(), name))

    def log_fetches(self, rows: list[tuple[Any, ...]]) -> None:
        """Fetch-log rows: (source, url, started_at, duration_ms, outcome, http_status, bytes,
        error)."""
        if rows:
            self.executemany(
                "INSERT INTO fetches(source, url, started_at, duration_ms, outcome, "
                "http_status, bytes, error) VALUES (?,?,?,?,?,?,?,?)",
                rows,
            )

    def mark_successes(self, polls: list[tuple[str, str]]) -> None:
        """(source, when) for polls that succeeded: stamp them and clear the failure count."""
        self.executemany(
            "UPDATE sources SET last_attempt_at = ?2, last_success_at = ?2, "
            "consecutive_failures = 0, last_error = NULL WHERE name = ?1",
            polls,
        )

    def put_blob(self, body: bytes) -> str:
        digest = hashlib.sha256(body).hexdigest()
        self.execute(
            "INSERT OR IGNORE INTO blobs(sha256, size, body) VALUES (?, ?, ?)",
            (digest, len(body), zlib.compress(body, 6)),
        )
        return digest

    def blob(self, sha256: str) -> bytes:
        row = self.execute("SELECT body FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise StoreError(f"no stored body with sha256 {sha256}")
        return zlib.decompress(row[0])

    def add_document(
        self,
        *,
        source: str,
        url: str,
        body: bytes,
        fetched_at: datetime,
        published_at: str | None = None,
        title: str | None = None,
        http_status: int | None = None,
        content_type: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> tuple[int, bool]:
        """Store a raw body once (deduplicated by SHA-256); returns (document id, is_new)."""
        digest = self.put_blob(body)
        found = self.execute(
            "SELECT id FROM documents WHERE source = ? AND url = ? AND sha256 = ?",
            (source, url, digest),
        ).fetchone()
        if found:
            return int(found[0]), False
        cur = self.execute(
            "INSERT INTO documents(source, url, sha256, fetched_at, published_at, title, "
            "http_status, content_type, etag, last_modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                source,
                url,
                digest,
                iso(fetched_at),
                published_at,
                title,
                http_status,
                content_type,
                etag,
                last_modified,
            ),
        )
        return int(cur.lastrowid or 0), True

    def has_document(self, *, url: str, source: str | None = None, sha256: str | None = None) -> bool:
        """Whether a document was stored from `url` (by `source`, with body `sha256`, if given)."""
        sql, params = "SELECT 1 FROM documents WHERE url = ?", [url]
        for column, value in (("source", source), ("sha256", sha256)):
            if value is not None:
                sql, params = f"{sql} AND {column} = ?", [*params, value]
        return bool(self.rows(sql + " LIMIT 1", tuple(params)))

    def has_source_documents(self, source: str) -> bool:
        """Whether any document of `source` is stored (e.g. the bundled history)."""
        return bool(self.rows("SELECT 1 FROM documents WHERE source = ? LIMIT 1", (source,)))

    def stored_documents(self, source: str | None = None) -> list[dict[str, Any]]:
        """Every stored document (of one source), oldest first, with its source's kind and
        the parser that read it last: what `tracker reparse` reads again."""
        where, params = ("WHERE d.source = ?", (source,)) if source else ("", ())
        return self.rows(
            "SELECT d.id, d.source, d.url, d.sha256, d.fetched_at, d.published_at, d.title, "
            "d.content_type, d.parser, d.figures_found, s.kind FROM documents d "
            f"LEFT JOIN sources s ON s.name = d.source {where} ORDER BY d.id",
            params,
        )

    def mark_parsed(self, document_id: int, parser: str, figures_found: int) -> None:
        self.execute(
            "UPDATE documents SET parsed_at = ?, parser = ?, figures_found = ? WHERE id = ?",
            (iso(utcnow()), parser, figures_found, document_id),
        )


__all__ = ["SourceDocuments"]
