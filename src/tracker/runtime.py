"""Assemble the long-lived pieces (HTTP client, poller, sender) from a Config."""

from __future__ import annotations

import json
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from tracker.config import Config
from tracker.errors import Interrupted
from tracker.fetch import FetchSettings, HttpClient
from tracker.ingest import IngestSettings
from tracker.poll import Poller
from tracker.redact import ScrubFilter
from tracker.store import Store


class Shutdown:
    """A process-wide stop signal that wakes every retry/pacing wait of the HTTP client,
    so SIGTERM ends a daemon in seconds even while a source is backing off."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def sleep(self, seconds: float) -> None:
        if self.event.wait(max(0.0, seconds)):
            raise Interrupted("interrupted: tracker is shutting down")

    def set(self) -> None:
        self.event.set()


def build_client(
    config: Config, shutdown: Shutdown | None = None, *, abort_requests: bool = True
) -> HttpClient:
    """The process's HTTP client. With `shutdown`, its retry and pacing waits wake on the
    stop signal; `abort_requests` also ends a request in flight (the daemon), while
    `tracker backfill` lets the item in flight finish on the first Ctrl-C."""
    h = config.http
    kwargs: dict[str, Any] = {}
    if shutdown is not None:
        kwargs = {"sleep": shutdown.sleep, **({"stop": shutdown.event} if abort_requests else {})}
    return HttpClient(
        FetchSettings(
            user_agent=h.user_agent,
            connect_timeout=h.connect_timeout_seconds,
            read_timeout=h.read_timeout_seconds,
            deadline_seconds=h.deadline_seconds,
            max_retries=h.max_retries,
            max_bytes=h.max_bytes,
            min_host_interval_seconds=h.min_host_interval_seconds,
            respect_robots=h.respect_robots,
            allow_private_networks=h.allow_private_networks,
            max_compression_ratio=h.max_compression_ratio,
        ),
        **kwargs,
    )


class _KeptStore(Store):
    """A Store whose close() keeps the connection for the next poll on the same thread."""

    def close(self) -> None:
        if self.db.conn.in_transaction:  # never hand a half-done transaction to the next poll
            self.db.conn.execute("ROLLBACK")


class ThreadStores:
    """A store factory giving each thread one connection, opened (and migrated) once.

    Store.open runs its PRAGMAs and the migrations check; per poll that was a visible share
    of a many-source `tracker poll`. A thread's connection closes when the thread ends.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()

    def __call__(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = _KeptStore.open(self.db_path)
            self._local.store = store
        return store


def build_poller(
    config: Config,
    db_path: Path,
    client: HttpClient | None = None,
    shutdown: Shutdown | None = None,
    batch_successes: int = 0,
) -> Poller:
    return Poller(
        store_factory=ThreadStores(db_path),
        client=client or build_client(config, shutdown),
        config=config,
        settings=IngestSettings.from_config(config),
        batch_successes=batch_successes,
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers (`--log-json`)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:  # ScrubFilter has already formatted (and scrubbed) it
            data["exc"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)


def setup_logging(*, json_logs: bool = False, verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ScrubFilter())  # configured secrets never reach a log line
    handler.setFormatter(
        JsonFormatter() if json_logs else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Third-party INFO lines (APScheduler logs ~27 at start-up: "Adding job tentatively",
    # "Added job ...") bury tracker's own; their warnings and errors still show.
    for noisy in ("httpx", "httpcore", "apscheduler", "uvicorn", "datasette"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
