"""Fault hook for daemon subprocesses: a 'disk full' SQLite while a signal file exists.

Put this directory on PYTHONPATH and set TRACKER_FAULT_DISK_FULL_FILE=<path>; while <path>
exists, any statement matching TRACKER_FAULT_DISK_FULL_SQL (default: the observations insert,
which runs after the blob and document rows of the same transaction) raises
sqlite3.OperationalError('database or disk is full'), as SQLite does when a write cannot grow
the file. Nothing here is imported by tracker itself.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

_FLAG = os.environ.get("TRACKER_FAULT_DISK_FULL_FILE")
_SQL = os.environ.get("TRACKER_FAULT_DISK_FULL_SQL", "INTO observations")

if _FLAG:
    _connect = sqlite3.connect

    class _FullDiskConnection(sqlite3.Connection):
        """A connection whose matching writes fail as on a full disk while the flag file exists."""

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if _SQL in sql and os.path.exists(_FLAG):  # type: ignore[arg-type]
                with open(f"{_FLAG}.hits", "a") as f:
                    f.write(sql.split("(")[0].strip() + "\n")
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)

    def _faulty_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", _FullDiskConnection)
        return _connect(*args, **kwargs)

    sqlite3.connect = _faulty_connect  # type: ignore[assignment]
