"""Fault-injection harness: the world a scenario runs in (a scripted site, a webhook receiver,
SMTP, the real daemon as a subprocess) and the end-state checks every scenario finishes with."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.alerts_e2e.conftest import ENV, signed_receiver
from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.http import Site
from tests.support.smtp import Smtp
from tests.support.wait import wait_until
from tests.support.webhook import Receiver

INJECT = Path(__file__).resolve().parent / "inject"
# -- the world a scenario runs in ----------------------------------------------------------------

XLS = "application/vnd.ms-excel"


@dataclass
class World:
    """Servers, config and database of one scenario, plus what its end state must show."""

    tmp: Path
    site: Site
    hook: Receiver
    smtp: Smtp
    sources: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    http: dict[str, Any] = field(default_factory=dict)
    use_hook: bool = True
    use_mail: bool = False
    hook_timeout: float = 2.0
    env: dict[str, str] = field(default_factory=dict)
    daemons: list[Daemon] = field(default_factory=list)
    # the end state: bodies that must be stored exactly once, and the alerts expected
    must_store: list[tuple[str, bytes]] = field(default_factory=list)  # (source, body)
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (kind, period)
    dead_alerts: int = 0  # rows a scenario leaves dead on purpose
    resend_same_id: bool = False  # a kill mid-send may repeat a POST with the same webhook-id

    @property
    def db(self) -> Path:
        return self.tmp / "t.db"

    @property
    def config(self) -> Path:
        return self.tmp / "tracker.toml"

    def source(self, name: str, kind: str, path_or_url: str, **extra: Any) -> str:
        """Add a [[sources]] entry polled every 3 s; returns its URL."""
        url = path_or_url if "://" in path_or_url else self.site.base + path_or_url
        lines = [f'name = "{name}"', f'kind = "{kind}"', f'url = "{url}"', "interval_minutes = 0.05"]
        lines += [f"{k} = {_toml(v)}" for k, v in extra.items()]
        self.sources.append("\n[[sources]]\n" + "\n".join(lines) + "\n")
        self.names.append(name)
        return url

    def write_config(self) -> Path:
        from tests.alerts_e2e.conftest import write_config

        http = {
            "min_host_interval_seconds": 0,
            "max_retries": 1,
            "read_timeout_seconds": 2,
            "connect_timeout_seconds": 2,
            "deadline_seconds": 20,
            **self.http,
        }
        extra = "\n[http]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in http.items())
        return write_config(
            self.tmp,
            hook=self.hook if self.use_hook else None,
            smtp=self.smtp if self.use_mail else None,
            hook_timeout=self.hook_timeout,
            max_attempts=50,
            extra=extra + "".join(self.sources),
        )

    def start(self) -> Daemon:
        if not self.config.exists():
            self.write_config()
        d = Daemon(self.config, self.db, log=self.tmp / "daemon.log", env={**ENV, **self.env})
        self.daemons.append(d)
        return d

    def fetches(self, source: str, outcome: str | None = None) -> list[tuple[Any, ...]]:
        sql = "SELECT outcome, error, url FROM fetches WHERE source = ?"
        params: tuple[Any, ...] = (source,)
        if outcome is not None:
            sql, params = sql + " AND outcome = ?", (source, outcome)
        return query(self.db, sql + " ORDER BY id", params)

    def failed_with(self, source: str, text: str) -> bool:
        """A poll of `source` failed with `text` in its error (fetch log or source row)."""
        errors = [r[1] or "" for r in self.fetches(source, "failed")]
        errors += [
            r[0] or "" for r in query(self.db, "SELECT last_error FROM sources WHERE name = ?", (source,))
        ]
        return any(text in e for e in errors)

    def documents(self, source: str) -> list[tuple[Any, ...]]:
        return query(self.db, "SELECT id, url, sha256 FROM documents WHERE source = ?", (source,))

    def polls_since(self, source: str, n: int) -> Callable[[], bool]:
        """A condition: `source` has more than `n` fetch-log rows (a new poll happened)."""
        return lambda: len(self.fetches(source)) > n


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return str(v)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    site = Site()
    hook = signed_receiver().start()
    smtp = Smtp()  # not started: a scenario starts it (or leaves it down)
    w = World(tmp_path, site, hook, smtp)
    yield w
    for d in w.daemons:
        d.close()
    site.close()
    hook.stop()
    smtp.stop()


# -- end-state checks --------------------------------------------------------------------------


def settled(w: World) -> bool:
    """Every expected body stored, every expected alert event present and its rows final."""
    for source, body in w.must_store:
        digest = hashlib.sha256(body).hexdigest()
        if not query(w.db, "SELECT 1 FROM documents WHERE source = ? AND sha256 = ?", (source, digest)):
            return False
    # record alerts (new_month/revision events go only to channels that ask; none does here)
    kinds = query(
        w.db,
        "SELECT kind, period FROM events WHERE historical = 0 AND kind NOT IN "
        "('admin', 'new_month', 'revision')",
    )
    if sorted(kinds) != sorted(w.alerts):
        return False
    pending = query(
        w.db,
        "SELECT count(*) FROM outbox o JOIN events e ON e.id = o.event_id "
        "WHERE e.kind != 'admin' AND o.status = 'pending'",
    )
    return pending == [(0,)]


def restart_and_check(w: World, *, timeout: float = 45) -> dict[str, Any]:
    """Restart the daemon, let it poll every source again, stop it, then check the end state:
    every expected figure stored once, every alert delivered exactly once, integrity ok."""
    for d in w.daemons:
        if d.running:
            assert d.stop() == 0, d.output()
    names = w.names
    before = {n: len(w.fetches(n)) for n in names}
    d = w.start()
    try:
        wait_until(
            lambda: settled(w) and all(len(w.fetches(n)) > before[n] for n in names),
            "the restarted daemon to poll every source and settle",
            timeout,
        )
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{describe(w)}\n{d.output()[-3000:]}") from None
    # the restart re-polled every source and ran the sender (every second) meanwhile; a
    # duplicate would have been sent by now, and SIGTERM lets a send in flight finish
    code = d.stop()
    assert code == 0, d.output()
    assert "Traceback" not in d.output(), d.output()
    return check_end_state(w)


def describe(w: World) -> str:
    """The database state a failed wait reports."""
    return "\n".join(
        f"{sql}: {query(w.db, sql)}"
        for sql in (
            "SELECT source, url, substr(sha256, 1, 12), figures_found FROM documents "
            "WHERE source != 'bundled'",
            "SELECT kind, period, historical, key FROM events WHERE historical = 0",
            "SELECT channel, status, attempts, last_error FROM outbox",
            "SELECT source, outcome, error FROM fetches ORDER BY id DESC LIMIT 6",
        )
    )


def check_end_state(w: World) -> dict[str, Any]:
    """The invariants: 0 lost figures, 0 duplicate alerts by idempotency id, integrity ok."""
    conn = sqlite3.connect(w.db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        lost = []
        for source, body in w.must_store:
            digest = hashlib.sha256(body).hexdigest()
            docs = conn.execute(
                "SELECT id, figures_found FROM documents WHERE source = ? AND sha256 = ?", (source, digest)
            ).fetchall()
            if len(docs) != 1:
                lost.append((source, digest[:12], len(docs)))
                continue
            doc_id, found = docs[0]
            obs = conn.execute(
                "SELECT count(*) FROM observations WHERE document_id = ?", (doc_id,)
            ).fetchone()[0]
            if found is None or obs != found:  # each parsed figure stored once
                lost.append((source, digest[:12], f"{obs} observations for {found} figures"))
        assert lost == [], f"figures lost or stored twice: {lost}"
        assert (
            conn.execute(
                "SELECT series, period, count(*) FROM vintages WHERE superseded_at "
                "IS NULL GROUP BY series, period HAVING count(*) > 1"
            ).fetchall()
            == []
        )
        # orphans: a blob nobody points at means a half-written transaction survived
        assert (
            conn.execute(
                "SELECT count(*) FROM blobs WHERE sha256 NOT IN "
                "(SELECT sha256 FROM documents WHERE sha256 IS NOT NULL)"
            ).fetchone()[0]
            == 0
        )
        events = conn.execute(
            "SELECT id, key, kind, period FROM events WHERE historical = 0 "
            "AND kind NOT IN ('admin', 'new_month', 'revision')"
        ).fetchall()
        assert sorted((k, p) for _, _, k, p in events) == sorted(w.alerts)
        rows = conn.execute(
            "SELECT o.channel, o.status, e.key FROM outbox o JOIN events e "
            "ON e.id = o.event_id WHERE e.kind != 'admin'"
        ).fetchall()
    finally:
        conn.close()
    keys = {k for _, k, _, _ in events}
    dead = [r for r in rows if r[1] == "dead"]
    assert len(dead) == w.dead_alerts, rows
    assert all(status in ("sent", "dead") for _, status, _ in rows), rows
    figures: dict[str, Any] = {"events": len(keys), "outbox": len(rows)}
    if w.use_hook:
        acked = [d.webhook_id for d in w.hook.acknowledged()]
        assert set(acked) == {k for c, s, k in rows if c == "hook" and s == "sent"}
        assert all(d.payload is not None for d in w.hook.deliveries), "unsigned or bad POST"
        assert {d.webhook_id for d in w.hook.deliveries} <= keys  # nothing unexpected sent
        if not w.resend_same_id:
            assert len(acked) == len(set(acked)), f"duplicate webhook deliveries: {acked}"
        figures["hook_posts"] = len(w.hook.deliveries)
    if w.use_mail:
        from tracker.deliver.email import message_id

        ids = [m["Message-ID"] for m in w.smtp.mailbox.messages]
        sent = {message_id(k, "tracker@example.pk") for c, s, k in rows if c == "mail" and s == "sent"}
        assert len(ids) == len(set(ids)) and set(ids) == sent, ids
        figures["mails"] = len(ids)
    return figures
