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
simply expires. Each channel has its own worker thread, so a hanging channel never delays
another.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.admin import raise_admin
from tracker.config import ChannelConfig, Config
from tracker.deliver import registry as channel_kinds
from tracker.deliver.context import event_from_row, message_context
from tracker.deliver.digest import digest, group_rows
from tracker.deliver.message import Channel, Templates, build_message, load_templates, render
from tracker.deliver.unrouted import route_unrouted
from tracker.errors import ConfigError, DeliveryError
from tracker.ingest import ChannelRoute
from tracker.model import EventKind
from tracker.redact import register_secret, register_secrets, scrub
from tracker.store import Store, iso, utcnow

log = logging.getLogger("tracker.outbox")

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)
LEASE = timedelta(minutes=5)
LEASE_PREFIX = "outbox.lease."


def build_channel(cfg: ChannelConfig, env: Mapping[str, str] | None = None) -> Channel:
    """A sender for one configured channel, built by its kind (tracker.deliver.registry),
    with its secrets read from the environment and registered for scrubbing."""
    env = os.environ if env is None else env

    def secret(name: str | None) -> str | None:
        value = env.get(name) if name else None
        register_secret(value)  # scrubbed from every log line and error text from now on
        return value

    register_secret(cfg.url)
    register_secrets(cfg.headers.values())
    return channel_kinds.get(cfg.kind).build(cfg, secret)


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


def _start_ticks(pid: int) -> str | None:
    """A process's start time (clock ticks since boot, from /proc); None if gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields_ = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    return None if fields_[0] in ("Z", "X") else fields_[19]


def lease_owner() -> str:
    """This process as a lease owner: host, pid and start time (so a reused pid is not it)."""
    pid = os.getpid()
    return f"{socket.gethostname()}/{pid}/{_start_ticks(pid) or '?'}"


def owner_alive(owner: str) -> bool:
    """False only when the owner is known to be dead: a process on this host that is gone."""
    host, _, rest = owner.partition("/")
    pid_text, _, ticks = rest.partition("/")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine (or a format we don't know): wait for the lease to expire
    pid = int(pid_text)
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True
    now = _start_ticks(pid)
    return now is not None and ticks in ("?", now)


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
        sql = "SELECT id, channel FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
        params: list[Any] = [iso(self.clock())]
        if only_ids:
            sql += f" AND id IN ({','.join('?' * len(only_ids))})"
            params = [*params, *only_ids]
        if channel is not None:
            sql, params = sql + " AND channel = ?", [*params, channel]
        store = Store.open(self.db_path)
        try:
            self._reclaim(store)
            if not only_ids and channel is None:  # events from while no channel was active
                route_unrouted(store, self.routes, self.clock(), self.max_age)
            rows = store.rows(sql + " ORDER BY id", tuple(params))
        finally:
            store.close()
        by_channel: dict[str, list[int]] = {}
        for r in rows:
            by_channel.setdefault(r["channel"], []).append(r["id"])
        return by_channel

    def _reclaim(self, store: Store) -> None:
        """Make rows leased by a process that died mid-send due now (the attempt counts)."""
        for lease in store.rows("SELECT key, value FROM state WHERE key LIKE ?", (LEASE_PREFIX + "%",)):
            if owner_alive(lease["value"]):
                continue
            outbox_id = int(lease["key"][len(LEASE_PREFIX) :])
            with store.write():
                same = store.rows(
                    "SELECT 1 FROM state WHERE key = ? AND value = ?", (lease["key"], lease["value"])
                )
                if not same:
                    continue  # someone else reclaimed or re-leased it meanwhile
                store.execute("DELETE FROM state WHERE key = ?", (lease["key"],))
                n = store.execute(
                    "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, "
                    "last_error = ? WHERE id = ? AND status = 'pending'",
                    (iso(self.clock()), f"interrupted: sender {lease['value']} died mid-send", outbox_id),
                ).rowcount
            if n:
                log.warning(
                    "outbox row %d: its sender (%s) died mid-send; sending it again "
                    "with the same idempotency key",
                    outbox_id,
                    lease["value"],
                )

    def _send_ids(self, channel: str, ids: list[int]) -> SendReport:
        """Send a channel's due rows, one message per release (see deliver.digest)."""
        report = SendReport()
        store = Store.open(self.db_path)
        try:
            wanted = set(ids)  # a range, not IN (...): a long outage may leave many rows due
            rows = [
                r
                for r in store.rows(
                    "SELECT o.id, e.kind, e.rule, e.series, e.detected_at FROM outbox o "
                    "JOIN events e ON e.id = o.event_id WHERE o.id BETWEEN ? AND ? "
                    "AND o.channel = ? ORDER BY o.id",
                    (min(ids), max(ids), channel),
                )
                if r["id"] in wanted
            ]
            for group in group_rows(rows):
                if self._closing.is_set():
                    break
                self._send_group(store, channel, [int(r["id"]) for r in group], report)
        finally:
            store.close()
        return report

    def _lease(self, store: Store, outbox_ids: list[int]) -> list[dict[str, Any]]:
        """Lease the rows of a group that are still pending and due, in one transaction."""
        now = self.clock()
        marks = ",".join("?" * len(outbox_ids))
        with store.write():
            rows = store.rows(
                "SELECT o.*, e.key, e.kind, e.rule, e.series, e.period, e.value_usd_millions, "
                "e.previous_period, e.previous_value_usd_millions, e.authority, e.status, "
                "e.vintage_id, e.message, e.detected_at FROM outbox o "
                f"JOIN events e ON e.id = o.event_id WHERE o.id IN ({marks}) "
                "AND o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id",
                (*outbox_ids, iso(now)),
            )
            owner = lease_owner()
            for row in rows:  # rows another sender took, or not due any more, are left out
                store.execute(
                    "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", (iso(now + self.lease), row["id"])
                )
                store.execute(
                    "INSERT OR REPLACE INTO state(key, value, updated_at) VALUES (?,?,?)",
                    (f"{LEASE_PREFIX}{row['id']}", owner, iso(now)),
                )
        order = {i: n for n, i in enumerate(outbox_ids)}
        return sorted(rows, key=lambda r: order[int(r["id"])])

    def _send_group(self, store: Store, channel: str, outbox_ids: list[int], report: SendReport) -> None:
        """One message for a release's rows: all marked sent after it is sent, or all failed."""
        rows = self._lease(store, outbox_ids)
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
        with store.write():
            for row in rows:
                store.execute(
                    "UPDATE outbox SET status = 'sent', sent_at = ?, "
                    "attempts = attempts + 1, last_error = NULL "
                    "WHERE id = ? AND status = 'pending'",
                    (iso(self.clock()), row["id"]),
                )
                store.execute("DELETE FROM state WHERE key = ?", (f"{LEASE_PREFIX}{row['id']}",))
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
            for row in rows:  # the group moves together, so it is regrouped alike next time
                store.execute(
                    "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, "
                    "next_attempt_at = ? WHERE id = ? AND status = 'pending'",
                    (
                        "dead" if dead else "pending",
                        attempts,
                        scrub(str(exc))[:500],
                        iso(now + delay),
                        row["id"],
                    ),
                )
                store.execute("DELETE FROM state WHERE key = ?", (f"{LEASE_PREFIX}{row['id']}",))
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


def make_sender(config: Config, db_path: Path, env: Mapping[str, str] | None = None) -> OutboxSender:
    """An OutboxSender for every active channel; templates are validated now, not at send."""
    active = [c for c in config.channels if c.is_active(env)]
    for c in active:
        if c.retry_base_seconds <= 0 or c.max_attempts < 1:
            raise ConfigError(f"channel {c.name}: retry_base_seconds must be > 0 and max_attempts >= 1")
    return OutboxSender(
        db_path=db_path,
        channels={c.name: build_channel(c, env) for c in active},
        max_attempts={c.name: c.max_attempts for c in active},
        templates={c.name: load_templates(c.templates or None) for c in active},
        routes=tuple(ChannelRoute(c.name, c.admin, c.unconfirmed, frozenset(c.events)) for c in active),
        retry_base={c.name: timedelta(seconds=c.retry_base_seconds) for c in active},
        max_age=timedelta(days=config.daemon.undelivered_max_age_days),
    )
