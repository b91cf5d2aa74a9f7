"""Health means writable: the database the daemon opened is still the file its path names,
and a real write (a heartbeat row) commits. Also the one-daemon lock, keyed by file identity.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import StoreError
from tracker.store import Store, iso, utcnow

HEARTBEAT_KEY = "daemon.heartbeat"

FileId = tuple[int, int]  # (st_dev, st_ino)


def file_identity(path: Path) -> FileId | None:
    """The (device, inode) `path` names now, symlinks followed; None if nothing is there."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def heartbeat(store: Store) -> None:
    """Write and commit one row: raises StoreError on a full disk, a read-only file or mount."""
    with store.write():
        store.set_state(HEARTBEAT_KEY, iso(utcnow()) or "")


def check_database(path: Path, opened: FileId | None) -> str | None:
    """Why the database at `path` cannot be written now (None: it can).

    `opened` is the identity of the file the daemon opened at start: if the path now names
    another file (restored from a backup, replaced) or nothing (deleted), the daemon's kept
    connections write to an inode nobody will read, so it is unhealthy even if writes work.
    """
    now = file_identity(path)
    if now is None:
        return f"database file {path} was deleted while the daemon runs; restart it"
    if opened is not None and now != opened:
        return f"database file {path} was replaced while the daemon runs; restart it"
    try:
        store = Store.open(path)
    except StoreError as exc:
        return str(exc)
    try:
        heartbeat(store)
    except StoreError as exc:
        return f"database not writable: {exc}"
    except Exception as exc:  # sqlite3 errors not mapped by Store: still unhealthy
        return f"database not writable: {type(exc).__name__}: {exc}"
    finally:
        store.close()
    return None


@dataclass
class DaemonLock:
    """One daemon per database *file*, whatever path names it (symlink, hard link, bind mount).

    The lock is an flock on the database file itself, so it follows the inode. Trap: SQLite
    uses POSIX record locks on the same file and those are dropped when *any* descriptor of the
    file is closed by the process; the flock descriptor is therefore only closed by release(),
    after every connection is idle. The pid goes to a `<db>.lock` file beside the real path for
    the error message.
    """

    db_path: Path
    _fd: int | None = None

    @property
    def path(self) -> Path:
        real = Path(os.path.realpath(self.db_path))
        return real.with_name(real.name + ".lock")

    def acquire(self) -> None:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(os.path.realpath(self.db_path), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(
                f"{self.db_path}: cannot open the database for writing: {exc.strerror or exc}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            try:
                other = self.path.read_text().strip() or "unknown"
            except OSError:
                other = "unknown"
            raise StoreError(
                f"another tracker daemon (pid {other}) is running on "
                f"{self.db_path} (the same database file); stop it first"
            ) from None
        self._fd = fd
        with contextlib.suppress(OSError):  # a read-only directory: the write check says so
            self.path.write_text(str(os.getpid()))

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
