"""The outbox sender: deliver due rows, mark sent only after success, retry with backoff.

No database lock is held while talking to the network: a row is first *leased* (its
next_attempt_at pushed forward with a compare-and-set), then sent, then marked. A crash
after the receiver got a message but before it was marked sent resends it later with the
same idempotency key (the webhook-id), which receivers deduplicate on. Channels run in
their own threads so a hanging channel never delays another.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.admin import raise_admin
from tracker.config import ChannelConfig, Config
from tracker.deliver.email import EmailChannel, EmailSettings
from tracker.deliver.message import (
    Channel,
    Comparison,
    MessageContext,
    Source,
    Templates,
    build_message,
    load_templates,
    render,
)
from tracker.deliver.webhook import WebhookChannel, WebhookHTTPError, WebhookSettings
from tracker.errors import ConfigError, DeliveryError
from tracker.ingest import ChannelRoute
from tracker.model import Authority, Event, EventKind, Period, Series, Status
from tracker.store import Store, iso, utcnow

log = logging.getLogger("tracker.outbox")

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)


def build_channel(cfg: ChannelConfig, env: Mapping[str, str] | None = None) -> Channel:
    """A sender for one configured channel, with its secrets read from the environment."""
    env = os.environ if env is None else env

    def secret(name: str | None) -> str | None:
        return env.get(name) if name else None

    if cfg.kind == "email":
        return _named(EmailChannel(EmailSettings(
            host=str(cfg.smtp_host), from_addr=str(cfg.from_addr), to=list(cfg.to),
            port=cfg.smtp_port, security=cfg.security, username=secret(cfg.username_env),
            password=secret(cfg.password_env), timeout_seconds=cfg.timeout_seconds)), cfg.name)
    if cfg.kind == "webhook":
        url = cfg.url or secret(cfg.url_env)
        if not url:
            raise ConfigError(f"channel {cfg.name}: {cfg.url_env} is not set")
        return _named(WebhookChannel(WebhookSettings(
            url=url, secret=secret(cfg.secret_env), style=cfg.style,
            timeout_seconds=cfg.timeout_seconds)), cfg.name)
    from tracker.deliver.apprise_channel import AppriseChannel

    url = secret(cfg.url_env)
    if not url:
        raise ConfigError(f"channel {cfg.name}: {cfg.url_env} is not set")
    return _named(AppriseChannel(url), cfg.name)


def _named(channel: Any, name: str) -> Channel:
    channel.name = name
    return channel  # type: ignore[no-any-return]


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


def event_from_row(row: Mapping[str, Any]) -> Event:
    return Event(
        key=row["key"], kind=EventKind(row["kind"]), rule=row["rule"], series=Series(row["series"]),
        period=_period(row["period"]), value_usd_millions=row["value_usd_millions"],
        previous_period=_period(row["previous_period"]),
        previous_value_usd_millions=row["previous_value_usd_millions"],
        authority=Authority(row["authority"]) if row["authority"] else None,
        status=Status(row["status"]) if row["status"] else None,
        vintage_id=row["vintage_id"], message=row["message"] or "",
    )


def message_context(store: Store, event: Event, detected_at: str) -> MessageContext:
    """Month-on-month, year-on-year and the documents behind the value, where known."""
    mom = yoy = None
    sources: list[Source] = []
    if event.period is not None and event.period.kind.value == "month":
        for attr, other in (("mom", event.period.previous()),
                            ("yoy", event.period.same_month_last_year())):
            v = store.current_vintage(event.series.value, str(other))
            if v is not None:
                comp = Comparison(other, v.value_usd_millions)
                mom, yoy = (comp, yoy) if attr == "mom" else (mom, comp)
        for r in store.rows(
            "SELECT DISTINCT o.source, d.url FROM observations o "
            "LEFT JOIN documents d ON d.id = o.document_id "
            "WHERE o.series = ? AND o.period = ? ORDER BY o.id DESC LIMIT 5",
            (event.series.value, str(event.period)),
        ):
            url = r["url"] if r["url"] and r["url"].startswith("http") else None
            sources.append(Source(r["source"], url))
    return MessageContext(month_on_month=mom, year_on_year=yoy, sources=sources,
                          detected_at=datetime.fromisoformat(detected_at))


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class OutboxSender:
    """Delivers due outbox rows; safe to run from several processes at once (leases)."""

    db_path: Path
    channels: dict[str, Channel]
    max_attempts: dict[str, int]
    templates: dict[str, Templates]
    routes: tuple[ChannelRoute, ...] = ()
    clock: Callable[[], datetime] = utcnow
    lease: timedelta = timedelta(minutes=5)

    def __call__(self) -> SendReport:
        return self.send_due()

    def send_due(self, only_id: int | None = None) -> SendReport:
        store = Store.open(self.db_path)
        try:
            due = store.rows(
                "SELECT id, channel FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
                + ("AND id = ? " if only_id is not None else "") + "ORDER BY id",
                (iso(self.clock()), only_id) if only_id is not None else (iso(self.clock()),))
        finally:
            store.close()
        by_channel: dict[str, list[int]] = {}
        for r in due:
            by_channel.setdefault(r["channel"], []).append(r["id"])
        report = SendReport()
        if not by_channel:
            return report
        with ThreadPoolExecutor(max_workers=len(by_channel)) as pool:
            parts = list(pool.map(lambda kv: self._send_channel(*kv), by_channel.items()))
        for p in parts:
            report.sent += p.sent
            report.failed += p.failed
            report.dead += p.dead
            report.errors += p.errors
        return report

    def _send_channel(self, channel: str, ids: list[int]) -> SendReport:
        report = SendReport()
        store = Store.open(self.db_path)
        try:
            for outbox_id in ids:
                self._send_one(store, channel, outbox_id, report)
        finally:
            store.close()
        return report

    def _lease(self, store: Store, outbox_id: int) -> dict[str, Any] | None:
        now = self.clock()
        with store.write():
            rows = store.rows(
                "SELECT o.*, e.key, e.kind, e.rule, e.series, e.period, e.value_usd_millions, "
                "e.previous_period, e.previous_value_usd_millions, e.authority, e.status, "
                "e.vintage_id, e.message, e.detected_at FROM outbox o "
                "JOIN events e ON e.id = o.event_id WHERE o.id = ? AND o.status = 'pending' "
                "AND o.next_attempt_at <= ?", (outbox_id, iso(now)))
            if not rows:
                return None  # another sender took it, or it is not due any more
            store.execute("UPDATE outbox SET next_attempt_at = ? WHERE id = ?",
                          (iso(now + self.lease), outbox_id))
        return rows[0]

    def _send_one(self, store: Store, channel: str, outbox_id: int, report: SendReport) -> None:
        row = self._lease(store, outbox_id)
        if row is None:
            return
        sender = self.channels.get(channel)
        try:
            if sender is None:
                raise DeliveryError(f"channel {channel} is not configured or its secrets are unset")
            event = event_from_row(row)
            rendered = render(build_message(event, message_context(store, event,
                                                                   row["detected_at"])),
                              self.templates.get(channel))
            sender.send(rendered, row["key"])  # network: no transaction open here
        except DeliveryError as exc:
            self._failed(store, row, channel, exc, report)
            return
        with store.write():
            store.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                          "last_error = NULL WHERE id = ?", (iso(self.clock()), outbox_id))
        report.sent += 1
        log.info("alert %s sent to %s", row["key"], channel)

    def _failed(self, store: Store, row: Mapping[str, Any], channel: str, exc: DeliveryError,
                report: SendReport) -> None:
        now = self.clock()
        attempts = int(row["attempts"]) + 1
        permanent = isinstance(exc, WebhookHTTPError) and exc.permanent
        dead = permanent or attempts >= self.max_attempts.get(channel, 8)
        delay = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            delay = max(delay, timedelta(seconds=float(retry_after)))
        with store.write():
            store.execute(
                "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? "
                "WHERE id = ?",
                ("dead" if dead else "pending", attempts, str(exc)[:500], iso(now + delay),
                 row["id"]))
        report.errors.append(f"{channel}: {exc}")
        log.warning("alert %s to %s failed (attempt %d%s): %s", row["key"], channel, attempts,
                    ", giving up" if dead else "", exc)
        if dead:
            report.dead += 1
            if row["kind"] != EventKind.ADMIN.value:
                raise_admin(store, rule="delivery_dead", subject=f"{row['id']}",
                            message=f"alert {row['key']} to {channel} was given up after "
                                    f"{attempts} attempts: {exc}",
                            channels=self.routes, now=now)
        else:
            report.failed += 1


def make_sender(config: Config, db_path: Path,
                env: Mapping[str, str] | None = None) -> OutboxSender:
    """An OutboxSender for every active channel; templates are validated now, not at send."""
    active = [c for c in config.channels if c.is_active(env)]
    return OutboxSender(
        db_path=db_path,
        channels={c.name: build_channel(c, env) for c in active},
        max_attempts={c.name: c.max_attempts for c in active},
        templates={c.name: load_templates(c.templates or None) for c in active},
        routes=tuple(ChannelRoute(c.name, c.admin, c.unconfirmed) for c in active),
    )
