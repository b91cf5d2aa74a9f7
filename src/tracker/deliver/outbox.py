"""The outbox sender: deliver due rows, mark sent only after success, retry with backoff.

No database lock is held while talking to the network: a row is first *leased* (its
next_attempt_at pushed forward with a compare-and-set, and the lease's owner recorded in the
`state` table), then sent, then marked sent in one transaction that also drops the lease.
A crash after the receiver got a message but before it was marked sent resends it with the
same idempotency key (the webhook-id, the email Message-ID), which receivers deduplicate on.
The rows of one release (same series, same detection instant) go to a channel as one message
(deliver.digest); they are leased, marked sent or failed together, so a retry regroups them
alike and carries the same id.
A lease whose owner process has died on this host is taken back at once; any other lease
simply expires (deliver.leases). Building the channels from the config is deliver.senders.
Each channel has its own worker thread, so a hanging channel never delays
another.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.admin import raise_admin
from tracker.deliver import leases
from tracker.deliver.context import event_from_row, message_context
from tracker.deliver.digest import digest, group_rows
from tracker.deliver.leases import LEASE
from tracker.deliver.message import Channel, Templates, build_message, render
from tracker.deliver.unrouted import route_unrouted
from tracker.errors import DeliveryError
from tracker.model import EventKind
from tracker.redact import scrub
from tracker.routes import ChannelRoute
from tracker.store import Store, utcnow

log = logging.getLogger("tracker.outbox")

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)


@dataclass
class SendReport:
    """What one pass of the sender did."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendReport) -> None:
        """Fold another report into this one."""
        self.sent += other.sent
        self.failed += other.failed
        self.dead += other.dead
        self.errors += other.errors


@dataclass
class OutboxSender:
    """Delivers due outbox rows; safe to run from several processes at once (leases).

    `send_due()` makes one pass and waits (the CLI); calling the sender (the daemon's job)
    starts a worker per channel that has due rows and no worker yet, and returns at once.
    """

    db_path: Path
    channels: dict[str, Channel]
    max_attempts: dict[str, int]
    templates: dict[str, Templates]
    routes: tuple[ChannelRoute, ...] = ()
    retry_base: dict[str, timedelta] = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow
    lease: timedelta = LEASE
    max_age: timedelta = timedelta(days=7)  # unrouted events older than this are not sent
    _busy: set[str] = field(default_factory=set, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _closing: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    def __call__(self) -> list[str]:
        return self.dispatch()

    # -- the daemon: background workers, one per channel ---------------------------------
    def dispatch(self) -> list[str]:
        """Start a worker for each channel with due rows that has none running; don't wait."""
        if self._closing.is_set():
            return []
        started = []
        with self._lock:
            for channel in self._due():
                if channel in self._busy:
                    continue
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=32, thread_name_prefix="outbox")
                self._busy.add(channel)
                self._pool.submit(self._worker, channel)
                started.append(channel)
        return started

    def _worker(self, channel: str) -> None:
        report = SendReport()
        try:
            while not self._closing.is_set():
                ids = self._due(channel=channel).get(channel)
                if not ids:
                    break
                report.add(self._send_ids(channel, ids))
        except Exception:  # a worker must never die silently: log, the next dispatch retries
            log.exception("outbox worker for %s failed", channel)
        finally:
            with self._lock:
                self._busy.discard(channel)
        if report.sent or report.failed or report.dead:
            log.info(
                "outbox %s: sent %d, failed %d, dead %d", channel, report.sent, report.failed, report.dead
            )

    def close(self) -> None:
        """Stop taking new rows and wait for the sends in flight (bounded by their timeouts)."""
        self._closing.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    # -- the CLI: one pass, waiting for every channel ------------------------------------
    def send_due(self, only_id: int | None = None, only_ids: tuple[int, ...] = ()) -> SendReport:
        """Send every due row once (channels in parallel) and report; `only_id(s)`: just those
        rows (still one message per release)."""
        due = self._due(only_ids=(only_id,) if only_id is not None else only_ids)
        report = SendReport()
        if not due:
            return report
        with ThreadPoolExecutor(max_workers=len(due), thread_name_prefix="outbox") as pool:
            for part in pool.map(lambda kv: self._send_ids(*kv), due.items()):
                report.add(part)
        return report

    # -- shared ----------------------------------------------------------------------------
    def _due(self, *, only_ids: tuple[int, ...] = (), channel: str | None = None) -> dict[str, list[int]]:
        store = Store.open(self.db_path)
        try:
            for outbox_id, owner in leases.reclaim(store, self.clock()):
                log.warning(
                    "outbox row %d: its sender (%s) died mid-send; sending it again "
                    "with the same idempotency key",
                    outbox_id,
                    owner,
                )
            if not only_ids and channel is None:  # events from while no channel was active
                route_unrouted(store, self.routes, self.clock(), self.max_age)
            return leases.due(store, self.clock(), only_ids=only_ids, channel=channel)
        finally:
            store.close()

    def _send_ids(self, channel: str, ids: list[int]) -> SendReport:
        """Send a channel's due rows, one message per release (see deliver.digest)."""
        report = SendReport()
        store = Store.open(self.db_path)
        try:
            rows = leases.release_keys(store, channel, ids)
            for group in group_rows(rows):
                if self._closing.is_set():
                    break
                self._send_group(store, channel, [int(r["id"]) for r in group], report)
        finally:
            store.close()
        return report

    def _send_group(self, store: Store, channel: str, outbox_ids: list[int], report: SendReport) -> None:
        """One message for a release's rows: all marked sent after it is sent, or all failed."""
        rows = leases.take(store, outbox_ids, self.clock(), self.lease)
        if not rows:
            return
        sender = self.channels.get(channel)
        keys = ", ".join(r["key"] for r in rows)
        try:
            if sender is None:
                raise DeliveryError(f"channel {channel} is not configured or its secrets are unset")
            message = digest(
                [
                    build_message(e, message_context(store, e, r["detected_at"]))
                    for r in rows
                    for e in (event_from_row(r),)
                ]
            )
            rendered = render(message, self.templates.get(channel))
            sender.send(rendered, message.key)  # network: no transaction open here
        except DeliveryError as exc:
            self._failed(store, rows, channel, exc, report)
            return
        except Exception as exc:  # a bug or bad data must cost an attempt, not loop forever
            log.exception("alert %s to %s: unexpected error", keys, channel)
            self._failed(store, rows, channel, DeliveryError(f"{type(exc).__name__}: {exc}"), report)
            return
        leases.mark_sent(store, [int(r["id"]) for r in rows], self.clock())
        report.sent += len(rows)
        log.info(
            "alert %s sent to %s%s",
            keys,
            channel,
            f" as one message ({message.key})" if len(rows) > 1 else "",
        )

    def _failed(
        self, store: Store, rows: list[dict[str, Any]], channel: str, exc: DeliveryError, report: SendReport
    ) -> None:
        now = self.clock()
        attempts = max(int(r["attempts"]) for r in rows) + 1
        permanent = exc.permanent
        dead = permanent or attempts >= self.max_attempts.get(channel, 8)
        base = self.retry_base.get(channel, BACKOFF_BASE)
        delay = min(base * 2 ** (attempts - 1), BACKOFF_MAX)
        if exc.retry_after:
            delay = max(delay, min(timedelta(seconds=float(exc.retry_after)), BACKOFF_MAX))
        keys = ", ".join(r["key"] for r in rows)
        with store.write():
            leases.mark_failed(  # the group moves together, so it is regrouped alike next time
                store,
                [int(r["id"]) for r in rows],
                dead=dead,
                attempts=attempts,
                error=scrub(str(exc))[:500],
                next_at=now + delay,
            )
            if dead and any(r["kind"] != EventKind.ADMIN.value for r in rows):
                why = "a permanent error" if permanent else f"{attempts} attempts"
                raise_admin(
                    store,
                    rule="delivery_dead",
                    subject=f"{rows[0]['id']}",
                    message=f"alert {keys} to {channel} was given up after {why}: {exc}",
                    channels=self.routes,
                    now=now,
                )
        report.errors.append(f"{channel}: {exc}")
        log.warning(
            "alert %s to %s failed (attempt %d%s): %s",
            keys,
            channel,
            attempts,
            ", giving up" if dead else "",
            exc,
        )
        if dead:
            report.dead += len(rows)
        else:
            report.failed += len(rows)
