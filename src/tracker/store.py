"""SQLite persistence through sqlite-utils: connection rules, migrations and transactions.

The queries are mixins, one per group of tables: store_documents (sources, documents),
store_series (observations, vintages, events, outbox, state), store_evidence (what judging
a record reads). Persistence only — no record rules, no reconciliation. Every write that reads first runs
inside `Store.write()` (BEGIN IMMEDIATE): a deferred transaction that reads then writes fails
at once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout (see TECH-NOTES §3).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.store_documents import SourceDocuments
from tracker.store_evidence import EvidenceQueries
from tracker.store_rows import ObservationRow, VintageRow, iso, utcnow
from tracker.store_series import SeriesWrites

BUSY_TIMEOUT_SECONDS = 30.0
LOCK_RETRIES = 5  # on top of the busy timeout, for the rare lock escaping it


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


class Store(SourceDocuments, SeriesWrites, EvidenceQueries):
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

    def rollback(self) -> None:
        """Abandon the open transaction, if any (a failure inside a caller's own BEGIN)."""
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")

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


def _write_failure(exc: sqlite3.OperationalError) -> Exception:
    """A full or failing disk becomes a StoreError (one line, exit 2); anything else as is."""
    text = str(exc)
    if "disk" in text or "full" in text or "readonly" in text or "unable to open" in text:
        return StoreError(f"database write failed: {exc}")
    return exc


__all__ = ["ObservationRow", "Store", "VintageRow", "iso", "utcnow"]
