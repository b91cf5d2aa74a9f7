"""`tracker run`: APScheduler wiring, one-daemon lock, signals, health and metrics endpoint.

The scheduler keeps jobs in memory; the database is the source of truth for "when did this
source last succeed", so a restart catches up on overdue sources instead of replaying ticks
(a persistent job store + replace_existing silently drops missed runs: TECH-NOTES §2).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker.admin import raise_admin
from tracker.config import Config, SourceConfig
from tracker.errors import StoreError
from tracker.health import DaemonLock, FileId, check_database, file_identity
from tracker.metrics import render_metrics
from tracker.poll import Poller
from tracker.poll_outcome import PollOutcome
from tracker.poll_urls import file_name
from tracker.runtime import Shutdown
from tracker.schedule import release_overdue, release_source_due
from tracker.sources.registry import get as kind_of
from tracker.sources.registry import with_capability
from tracker.store import Store, utcnow

log = logging.getLogger("tracker.daemon")

STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})
MISFIRE_GRACE_SECONDS = 3600  # APScheduler's default of 1 s silently skips late jobs
CATCH_UP_STAGGER_SECONDS = 0.5  # between overdue sources at start-up ...
CATCH_UP_SPREAD_SECONDS = 60.0  # ... but all of them within a minute


def _parse_ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _ignore(signum: int, frame: Any) -> None:
    """The Python-level handler of SIGTERM/SIGINT: the work happens in Daemon._watch_signals."""


@dataclass
class Daemon:
    """The long-running process: polls on schedule, sends the outbox, serves health."""

    config: Config
    db_path: Path
    poller: Poller
    send_outbox: Callable[[], Any] | None = None
    health: bool = True
    shutdown: Shutdown | None = None
    scheduler: BlockingScheduler = field(init=False)
    _server: ThreadingHTTPServer | None = field(default=None, init=False)
    _stopping: threading.Event = field(default_factory=threading.Event, init=False)
    _triggered: set[str] = field(default_factory=set, init=False)  # polled now by the index
    _opened: FileId | None = field(default=None, init=False)  # the database file we run on

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.config.daemon.timezone)
        self.scheduler = BlockingScheduler(
            timezone=self.tz,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
        )

    def store(self) -> Store:
        return Store.open(self.db_path)

    # -- jobs ----------------------------------------------------------------------------
    def _have_expected_month(self, store: Store, now_local: datetime) -> bool:
        from tracker.schedule import expected_month

        v = store.current_vintage("it_exports", str(expected_month(now_local)))
        return v is not None and v.authority == "official"

    def run_source(self, source: SourceConfig, *, force: bool = False) -> PollOutcome | None:
        """The job body for one source (release-window sources decide here whether to poll)."""
        if self._stopping.is_set():
            return None
        d = self.config.daemon
        if source.name in self._triggered:
            self._triggered.discard(source.name)
            force = True  # the index page says this file changed: poll whatever the window
        if source.release_window and not force:
            store = self.store()
            try:
                now_local = utcnow().astimezone(self.tz)
                row = store.source_row(source.name) or {}
                have = self._have_expected_month(store, now_local)
                if not release_source_due(
                    now_local,
                    _parse_ts(row.get("last_success_at")),
                    have_expected_month=have,
                    first_day=d.release_day_first,
                    last_day=d.release_day_last,
                ):
                    return None
            finally:
                store.close()
        outcome = self.poller.poll(source)
        if outcome.outcome != "failed":  # a failure is logged once, by the poller, with why
            reason = outcome.error or "; ".join(outcome.details)
            log.info(
                "poll %s: %s (%d figures, %d events, %d articles)%s",
                source.name,
                outcome.outcome,
                outcome.figures,
                outcome.events,
                outcome.articles,
                f": {reason}" if reason else "",
            )
        if outcome.changed_files:
            self.trigger_file_sources(outcome.changed_files)
        if kind_of(source.kind).release_calendar:
            self.check_overdue()
        if outcome.events and self.send_outbox is not None:
            self.send_outbox()
        return outcome

    def trigger_file_sources(self, changed: dict[str, str]) -> list[str]:
        """An index page's Last Updated advanced: run the sources fetching those files now."""
        wanted = {name.lower() for name in changed}
        hit = []
        for s in self.config.sources:
            if not s.enabled or kind_of(s.kind).discovers_files:
                continue
            if not {file_name(u) for u in (s.url, *s.fallback_urls)} & wanted:
                continue
            self._triggered.add(s.name)
            try:
                self.scheduler.modify_job(f"source:{s.name}", next_run_time=utcnow())
            except JobLookupError:
                self._triggered.discard(s.name)
                continue
            hit.append(s.name)
        if hit:
            log.info("index changed (%s): polling %s now", ", ".join(sorted(wanted)), ", ".join(hit))
        return hit

    def check_overdue(self) -> None:
        store = self.store()
        try:
            now_local = utcnow().astimezone(self.tz)
            month = release_overdue(
                now_local,
                have_expected_month=self._have_expected_month(store, now_local),
                last_day=self.config.daemon.release_day_last,
            )
            ever = store.any_success(with_capability(lambda k: k.release_calendar))
            if month is not None and ever:
                raise_admin(
                    store,
                    rule="release_overdue",
                    subject=str(month),
                    message=f"SBP has not published {month.label()} by day "
                    f"{self.config.daemon.release_day_last} of the next month",
                    channels=self.poller.settings.channels,
                    now=utcnow(),
                )
        finally:
            store.close()

    def _trigger(self, source: SourceConfig) -> Any:
        minutes = source.interval_minutes or self.config.daemon.release_window_minutes
        jitter = max(1, min(30, int(minutes * 6)))  # at most 10 % of the interval, <= 30 s
        if source.cron:
            trigger = CronTrigger.from_crontab(source.cron, timezone=self.tz)
            trigger.jitter = jitter  # from_crontab() takes no jitter argument
            return trigger
        return IntervalTrigger(minutes=minutes, timezone=self.tz, jitter=jitter)

    def schedule_jobs(self) -> None:
        """One job per enabled source; overdue sources (or never polled) run right away."""
        store = self.store()
        try:
            now = utcnow()
            stagger = 0.0
            step = min(CATCH_UP_STAGGER_SECONDS, CATCH_UP_SPREAD_SECONDS / max(1, len(self.config.sources)))
            for source in self.config.sources:
                if not source.enabled:
                    continue
                row = store.source_row(source.name) or {}
                last = _parse_ts(row.get("last_success_at"))
                interval = timedelta(
                    minutes=source.interval_minutes or self.config.daemon.release_window_minutes
                )
                overdue = last is None or now - last >= interval
                kwargs: dict[str, Any] = {}
                if overdue:
                    stagger += step
                    kwargs["next_run_time"] = now + timedelta(seconds=stagger)
                self.scheduler.add_job(
                    self.run_source,
                    self._trigger(source),
                    args=[source],
                    id=f"source:{source.name}",
                    name=source.name,
                    **kwargs,
                )
            if self.config.daemon.retention_days > 0:
                self.scheduler.add_job(
                    self.prune,
                    IntervalTrigger(hours=6, timezone=self.tz),
                    id="retention",
                    name="retention",
                    next_run_time=now + timedelta(seconds=30),
                )
            if self.send_outbox is not None:
                self.scheduler.add_job(
                    self.send_outbox,
                    IntervalTrigger(seconds=self.config.daemon.send_interval_seconds, timezone=self.tz),
                    id="outbox",
                    name="outbox",
                    next_run_time=now + timedelta(seconds=1),
                )
        finally:
            store.close()

    def prune(self) -> None:
        """The retention job: figure-less feed/listing documents past retention_days go."""
        from tracker.retention import prune_documents

        store = self.store()
        try:
            prune_documents(store, self.config.daemon.retention_days, utcnow())
        finally:
            store.close()

    # -- health --------------------------------------------------------------------------
    def healthy(self) -> tuple[bool, str]:
        """ok only if the scheduler runs and the database can really be written: a heartbeat
        row commits, on the very file the daemon opened (not a replacement or nothing)."""
        if not self.scheduler.running:
            return False, "scheduler not running"
        problem = check_database(self.db_path, self._opened)
        return (False, problem) if problem else (True, "ok")

    def _metrics_allowed(self, header: str | None) -> bool:
        """True without a configured token; else only for `Authorization: Bearer <token>`."""
        name = self.config.daemon.metrics_token_env
        token = os.environ.get(name) if name else None
        if not token:
            return True
        given = (header or "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())

    def start_health_server(self) -> None:
        d = self.config.daemon
        daemon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/healthz":
                    ok, text = daemon.healthy()
                    self._send(200 if ok else 503, text + "\n", "text/plain")
                elif self.path == "/metrics":
                    if not daemon._metrics_allowed(self.headers.get("Authorization")):
                        self._send(401, "bearer token required\n", "text/plain")
                        return
                    store = daemon.store()
                    try:
                        body = render_metrics(store, daemon.config)
                    finally:
                        store.close()
                    self._send(200, body, "text/plain; version=0.0.4")
                else:
                    self._send(404, "not found\n", "text/plain")

            def _send(self, status: int, text: str, ctype: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((d.health_host, d.health_port), Handler)
        threading.Thread(target=self._server.serve_forever, name="health", daemon=True).start()
        log.info("health and metrics on http://%s:%d/healthz", d.health_host, self._server.server_address[1])

    # -- lifecycle -----------------------------------------------------------------------
    def stop(self, signum: int | None = None) -> None:
        """Finish the jobs in flight, then stop (SIGTERM/SIGINT, via _watch_signals).

        Never call this from a signal handler: see run()."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        log.info("stopping (signal %s): finishing the job in flight", signum)
        if self.shutdown is not None:
            self.shutdown.set()  # wakes fetch retry waits: a backing-off poll ends now
        # Waits for the running jobs; BlockingScheduler.shutdown then wakes start() in the main
        # thread, which returns, and the process exits 0.
        with contextlib.suppress(SchedulerNotRunningError):
            self.scheduler.shutdown(wait=True)

    def _watch_signals(self, wakeup: int) -> None:
        """The thread that acts on SIGTERM/SIGINT: reads their numbers from the wakeup pipe."""
        while True:
            try:
                received = os.read(wakeup, 64)
            except OSError:
                return
            for signum in received:
                if signum not in STOP_SIGNALS:
                    continue
                if self._stopping.is_set():
                    log.info("signal %s: already stopping", signum)
                    continue
                self.stop(signum)

    def run(self) -> None:
        lock = DaemonLock(self.db_path)
        lock.acquire()
        self._opened = file_identity(self.db_path)
        problem = check_database(self.db_path, self._opened)
        if problem:  # read-only file or mount, full disk: refuse to start, in one line
            lock.release()
            raise StoreError(f"refusing to start: {problem}")
        # Signals are acted on by a watcher thread, never by the handler: a Python handler
        # runs on the main thread between two bytecodes, possibly while APScheduler's main
        # loop holds its executor lock to submit a job, and shutting down from there waited
        # for a worker that needed that lock: a deadlock (one fault-table restart in a few
        # hundred hung on SIGTERM). Python's C-level handler writes each signal's number to
        # the wakeup pipe (whichever thread the kernel picked, native ones included); the
        # Python-level handler does nothing.
        wakeup_read, wakeup_write = os.pipe()
        os.set_blocking(wakeup_write, False)
        signal.set_wakeup_fd(wakeup_write)
        for signum in STOP_SIGNALS:
            signal.signal(signum, _ignore)
        threading.Thread(target=self._watch_signals, args=(wakeup_read,), name="signals", daemon=True).start()
        try:
            self.schedule_jobs()
            if self.health:
                self.start_health_server()
            enabled = [s.name for s in self.config.sources if s.enabled]
            log.info("tracker daemon started: %d sources (%s)", len(enabled), ", ".join(enabled))
            self.scheduler.start()  # blocks until shutdown
        finally:
            if self._server is not None:
                self._server.shutdown()
            close = getattr(self.send_outbox, "close", None)
            if close is not None:
                close()  # let alerts in flight finish and be marked, so none stays leased
            lock.release()
            log.info("tracker daemon stopped")
