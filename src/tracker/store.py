"""SQLite persistence through sqlite-utils: connection rules, transactions and queries.

Persistence only — no record rules, no reconciliation. Every write that reads first runs
inside `Store.write()` (BEGIN IMMEDIATE): a deferred transaction that reads then writes fails
at once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout (see TECH-NOTES §3).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.model import Event, Figure, Period
from tracker.store_evidence import EvidenceQueries

BUSY_TIMEOUT_SECONDS = 30.0
LOCK_RETRIES = 5  # on top of the busy timeout, for the rare lock escaping it


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime | None) -> str | None:
    return None if ts is None else ts.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ObservationRow:
    id: int
    document_id: int | None
    source: str
    outlet: str
    series: str
    period: str
    period_kind: str
    value_usd_millions: float
    status: str
    authority: str
    bound: str | None
    quote: str
    observed_at: str
    published_at: str | None = None
    firm: int = 1

    @property
    def stated_at(self) -> str:
        """When the outlet said it: publication date, else when we first saw it."""
        return self.published_at or self.observed_at


@dataclass(frozen=True)
class VintageRow:
    id: int
    series: str
    period: str
    value_usd_millions: float
    status: str
    authority: str
    source: str
    observation_id: int | None
    first_seen_at: str
    superseded_at: str | None


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _process_write_lock(path: Path | None) -> threading.RLock | None:
    """One lock per database file and process, taken around BEGIN IMMEDIATE ... COMMIT.

    Threads of one process (the poll pool, the scheduler) then queue on a Python lock that is
    handed over at once, instead of in SQLite's busy handler, which sleeps 1-100 ms between
    retries and made most of a many-source `tracker poll` waiting. Other processes still meet
    SQLite's lock and busy timeout as before. Re-entrant, like a nested `write()`.
    """
    if path is None:
        return None
    key = os.path.realpath(path)
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


class Store(EvidenceQueries):
    """One connection to the tracker database, with WAL, foreign keys and migrations applied."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._write_lock = _process_write_lock(path)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating with owner-only permissions) and migrate the database at `path`."""
        path = Path(path)
        try:
            if path.exists() and path.is_dir():
                raise StoreError(f"{path}: is a directory, expected a SQLite database file")
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
            store = cls(Database(conn), path)
            store._prepare()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open database: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot create database: {exc.strerror or exc}") from None
        return store

    @classmethod
    def memory(cls) -> Store:
        """An in-memory database, for tests and dry runs."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(Database(conn), None)
        store._prepare()
        return store

    def _prepare(self) -> None:
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        # WAL + synchronous=NORMAL: no fsync per commit, still safe against a crash or kill -9;
        # a power cut may roll back the last commits, and since validators, figures and
        # "sent" marks commit together, that only means a re-fetch or a resend with the
        # same idempotency key, never a lost or half-written state.
        conn.execute("PRAGMA synchronous=NORMAL")
        if self.path is not None and self.db.journal_mode != "wal":
            self._retry(self.db.enable_wal)
        from tracker.schema import migrations

        if migrations.pending(self.db):
            with self.write():
                migrations.apply(self.db)  # pending() is re-checked under the write lock

    def close(self) -> None:
        self.db.conn.close()

    # -- transactions --------------------------------------------------------------------
    def _retry(self, fn: Any) -> Any:
        for attempt in range(LOCK_RETRIES + 1):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_locked(exc):
                    raise StoreError(
                        f"{self.path or 'database'}: cannot use it as a database: "
                        f"{exc} (a SQLite file in a writable directory?)"
                    ) from None
                if attempt == LOCK_RETRIES:
                    raise StoreError(f"database busy: {exc}") from None
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def write(self) -> Iterator[Store]:
        """A write transaction taken with BEGIN IMMEDIATE; nested use joins the outer one."""
        conn = self.db.conn
        if conn.in_transaction:
            yield self
            return
        lock = self._write_lock
        if lock is not None and not lock.acquire(timeout=BUSY_TIMEOUT_SECONDS):
            raise StoreError(
                f"database busy: another thread held the write lock for {BUSY_TIMEOUT_SECONDS:g}s"
            )
        try:
            self._retry(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"commit failed: {exc}") from None
        finally:
            if lock is not None:
                lock.release()

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        try:
            return self.db.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise _write_failure(exc) from None

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            self.db.conn.executemany(sql, rows)
        except sqlite3.OperationalError as exc:
            raise _write_failure(exc) from None

    def rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    # -- sources and documents -----------------------------------------------------------
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

    def mark_parsed(self, document_id: int, parser: str, figures_found: int) -> None:
        self.execute(
            "UPDATE documents SET parsed_at = ?, parser = ?, figures_found = ? WHERE id = ?",
            (iso(utcnow()), parser, figures_found, document_id),
        )

    # -- observations --------------------------------------------------------------------
    def add_observation(
        self,
        figure: Figure,
        *,
        document_id: int | None,
        outlet: str,
        observed_at: datetime,
        published_at: str | None = None,
    ) -> int | None:
        """Insert one observation; None when the same figure from the same document exists."""
        cur = self.execute(
            "INSERT OR IGNORE INTO observations(document_id, source, outlet, series, period, "
            "period_kind, value_usd_millions, status, authority, bound, quote, observed_at, "
            "published_at, firm) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document_id,
                figure.source,
                outlet,
                figure.series.value,
                str(figure.period),
                figure.period.kind.value,
                figure.value_usd_millions,
                figure.status.value,
                figure.authority.value,
                figure.bound,
                figure.quote,
                iso(observed_at),
                published_at,
                int(figure.firm),
            ),
        )
        return int(cur.lastrowid) if cur.rowcount and cur.lastrowid is not None else None

    def observations(self, series: str, period: str) -> list[ObservationRow]:
        return [
            ObservationRow(**r)
            for r in self.rows(
                "SELECT * FROM observations WHERE series = ? AND period = ? ORDER BY id",
                (series, period),
            )
        ]

    # -- vintages ------------------------------------------------------------------------
    def current_vintage(self, series: str, period: str) -> VintageRow | None:
        found = self.rows(
            "SELECT * FROM vintages WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (series, period),
        )
        return VintageRow(**found[0]) if found else None

    def vintages(self, series: str, period: str) -> list[VintageRow]:
        return [
            VintageRow(**r)
            for r in self.rows(
                "SELECT * FROM vintages WHERE series = ? AND period = ? ORDER BY id",
                (series, period),
            )
        ]

    def add_vintage(
        self,
        *,
        series: str,
        period: str,
        value: float,
        status: str,
        authority: str,
        source: str,
        observation_id: int | None,
        seen_at: datetime,
    ) -> int:
        """Append a canonical value for a month, superseding the previous one."""
        self.execute(
            "UPDATE vintages SET superseded_at = ? WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (iso(seen_at), series, period),
        )
        cur = self.execute(
            "INSERT INTO vintages(series, period, value_usd_millions, status, authority, "
            "source, observation_id, first_seen_at) VALUES (?,?,?,?,?,?,?,?)",
            (series, period, value, status, authority, source, observation_id, iso(seen_at)),
        )
        return int(cur.lastrowid or 0)

    def retire_vintage(self, series: str, period: str, at: datetime) -> None:
        """The month has no acceptable value any more (e.g. news consensus broke)."""
        self.execute(
            "UPDATE vintages SET superseded_at = ? WHERE series = ? AND period = ? AND superseded_at IS NULL",
            (iso(at), series, period),
        )

    def canonical_months(self, series: str, as_of: str | None = None) -> list[VintageRow]:
        """The canonical value of each month (optionally as known at `as_of`), in order."""
        if as_of is None:
            sql = (
                "SELECT * FROM vintages WHERE series = ? AND superseded_at IS NULL "
                "AND period NOT LIKE 'FY%' ORDER BY period"
            )
            params: tuple[Any, ...] = (series,)
        else:
            sql = (
                "SELECT * FROM vintages WHERE series = ? AND period NOT LIKE 'FY%' "
                "AND first_seen_at <= ? AND (superseded_at IS NULL OR superseded_at > ?) "
                "ORDER BY period, id"
            )
            params = (series, as_of, as_of)
        latest: dict[str, VintageRow] = {}
        for r in self.rows(sql, params):
            latest[r["period"]] = VintageRow(**r)
        return list(latest.values())

    # -- conflicts -----------------------------------------------------------------------
    def set_conflict(self, series: str, period: str, detail: dict[str, Any] | None, at: datetime) -> None:
        """Record (detail given) or resolve (None) a disagreement between news values."""
        if detail is None:
            self.execute(
                "UPDATE conflicts SET resolved_at = ? WHERE series = ? AND period = ? "
                "AND resolved_at IS NULL",
                (iso(at), series, period),
            )
            return
        self.execute(
            "INSERT INTO conflicts(series, period, detail, first_seen_at, updated_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT(series, period) DO UPDATE SET "
            "detail = excluded.detail, updated_at = excluded.updated_at, resolved_at = NULL",
            (series, period, json.dumps(detail, sort_keys=True), iso(at), iso(at)),
        )

    # -- events and outbox ---------------------------------------------------------------
    def last_event(self, rule: str, series: str, period: str) -> dict[str, Any] | None:
        found = self.rows(
            "SELECT * FROM events WHERE rule = ? AND series = ? AND period = ? ORDER BY id DESC LIMIT 1",
            (rule, series, period),
        )
        return found[0] if found else None

    def add_event(self, event: Event, *, historical: bool, at: datetime) -> int | None:
        """Insert an event; None if its key exists already (idempotency)."""
        cur = self.execute(
            "INSERT OR IGNORE INTO events(key, kind, rule, series, period, value_usd_millions, "
            "previous_period, previous_value_usd_millions, authority, status, vintage_id, "
            "historical, message, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event.key,
                event.kind.value,
                event.rule,
                event.series.value,
                _str_or_none(event.period),
                event.value_usd_millions,
                _str_or_none(event.previous_period),
                event.previous_value_usd_millions,
                _value_or_none(event.authority),
                _value_or_none(event.status),
                event.vintage_id,
                int(historical),
                event.message,
                iso(at),
            ),
        )
        return int(cur.lastrowid) if cur.rowcount and cur.lastrowid is not None else None

    def queue(self, event_id: int, channel: str, at: datetime) -> None:
        self.execute(
            "INSERT OR IGNORE INTO outbox(event_id, channel, next_attempt_at, created_at) VALUES (?,?,?,?)",
            (event_id, channel, iso(at), iso(at)),
        )

    def events(self, *, include_admin: bool = False) -> list[dict[str, Any]]:
        """Record events (record, unconfirmed, confirmed, correction); admin ones on request.
        `new_month` and `revision` events are release news, not records: see the outbox."""
        kinds = "'record', 'unconfirmed', 'confirmed', 'correction'" + (", 'admin'" if include_admin else "")
        return self.rows(f"SELECT * FROM events WHERE kind IN ({kinds}) ORDER BY id")

    # -- key/value state -----------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO state(key, value, updated_at) VALUES (?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (key, value, iso(utcnow())),
        )


def _str_or_none(p: Period | None) -> str | None:
    return None if p is None else str(p)


def _value_or_none(v: Any) -> str | None:
    return None if v is None else str(v.value)


def _write_failure(exc: sqlite3.OperationalError) -> Exception:
    """A full or failing disk becomes a StoreError (one line, exit 2); anything else as is."""
    text = str(exc)
    if "disk" in text or "full" in text or "readonly" in text or "unable to open" in text:
        return StoreError(f"database write failed: {exc}")
    return exc
