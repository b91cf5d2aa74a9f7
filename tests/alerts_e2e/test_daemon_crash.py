"""The daemon as a subprocess: kill -9 before and during a send, restarts, channel independence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alerts_e2e.conftest import ENV, Cli, csv_file, outbox_rows, write_config
from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.smtp import Smtp
from tests.support.wait import wait_until
from tests.support.webhook import Receiver

# Every month from the October 2025 record to July 2026: an August record is verifiable.
HISTORY = [
    ("2025-10", 386),
    ("2025-11", 356),
    ("2025-12", 437),
    ("2026-01", 374),
    ("2026-02", 364),
    ("2026-03", 414),
    ("2026-04", 422.26),
    ("2026-05", 373.27),
    ("2026-06", 416),
    ("2026-07", 417),
]
AUG_SUBJECT = "Pakistan IT exports: record $455M in August 2026 (provisional; previous $437M, Dec 2025)"


@pytest.fixture
def start(tmp_path: Path, daemons: list[Daemon]):  # type: ignore[no-untyped-def]
    """Start a `tracker run` on the test's config and database."""

    def _start() -> Daemon:
        d = Daemon(tmp_path / "tracker.toml", tmp_path / "t.db", log=tmp_path / "daemon.log", env=ENV)
        daemons.append(d)
        return d

    return _start


def setup_cli(tmp: Path, **kw: object) -> Cli:
    """Config plus official history up to July 2026, record $437M in Dec 2025 (no alerts)."""
    cli = Cli(write_config(tmp, max_attempts=50, **kw), tmp / "t.db")  # type: ignore[arg-type]
    cli("import", str(csv_file(tmp, "history.csv", HISTORY)))
    return cli


def row_of(db: Path, period: str, channel: str = "hook") -> tuple[str, int] | None:
    """(status, attempts) of the outbox row for the record of `period`, if it exists."""
    rows = query(
        db,
        "SELECT o.status, o.attempts FROM outbox o JOIN events e ON e.id = o.event_id "
        "WHERE e.period = ? AND o.channel = ?",
        (period, channel),
    )
    return rows[0] if rows else None  # type: ignore[return-value]


def test_kill9_before_the_send_then_restart_delivers_exactly_once(
    tmp_path: Path, hook_down: Receiver, start
) -> None:  # type: ignore[no-untyped-def]
    cli = setup_cli(tmp_path, hook=hook_down)
    first = start()
    cli.record(tmp_path, "2026-08", 455)  # stored while the receiver is down
    wait_until(lambda: (r := row_of(cli.db, "2026-08")) and r[1] >= 1, "the daemon's first (refused) attempt")
    first.kill9()
    assert row_of(cli.db, "2026-08")[0] == "pending"  # type: ignore[index]

    hook_down.start()
    second = start()
    (post,) = hook_down.wait_for(1)
    wait_until(
        lambda: row_of(cli.db, "2026-08")[0] == "sent",  # type: ignore[index]
        "the row marked sent",
    )
    assert post.payload is not None and post.payload["data"]["subject"] == AUG_SUBJECT

    # a re-run sends nothing: the CLI, then a daemon restart (proven by a later alert arriving)
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert second.stop() == 0
    start()
    cli.record(tmp_path, "2026-09", 470)
    hook_down.wait_for(2)
    wait_until(
        lambda: row_of(cli.db, "2026-09")[0] == "sent",  # type: ignore[index]
        "the September row marked sent",
    )
    ids = [d.webhook_id for d in hook_down.deliveries]
    assert len(ids) == 2 and ids[0] != ids[1]
    assert post.webhook_id == ids[0]


def test_kill9_while_the_receiver_holds_the_request_resends_with_the_same_webhook_id(
    tmp_path: Path, hook: Receiver, start
) -> None:  # type: ignore[no-untyped-def]
    hook.script = ["block"]  # record the delivery, then hold the request open
    cli = setup_cli(tmp_path, hook=hook)
    first = start()
    cli.record(tmp_path, "2026-08", 455)
    hook.wait_for(1)
    first.kill9()  # the receiver has the message; the daemon never learns it arrived
    hook.release.set()
    assert row_of(cli.db, "2026-08") == ("pending", 0)

    second = start()
    got, again = hook.wait_for(2)
    wait_until(
        lambda: row_of(cli.db, "2026-08")[0] == "sent",  # type: ignore[index]
        "the row marked sent",
    )
    assert got.webhook_id == again.webhook_id  # receivers deduplicate on it
    assert got.body == again.body and again.payload is not None  # same bytes, still signed
    assert again.payload["data"]["subject"] == AUG_SUBJECT
    assert row_of(cli.db, "2026-08") == ("sent", 2)  # the interrupted attempt counts
    assert second.stop() == 0
    assert "died mid-send" in second.output()

    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(hook.deliveries) == 2


def test_daemon_keeps_mailing_while_a_webhook_hangs(
    tmp_path: Path, smtp: Smtp, hook: Receiver, start
) -> None:  # type: ignore[no-untyped-def]
    hook.default = "hang"
    cli = setup_cli(tmp_path, hook=hook, smtp=smtp, hook_timeout=30)
    daemon = start()
    cli.record(tmp_path, "2026-08", 455)
    (aug,) = smtp.mailbox.wait_for(1)
    hook.wait_for(1)
    cli.record(tmp_path, "2026-09", 470)  # a later alert, while the webhook is still held
    _, sep = smtp.mailbox.wait_for(2)
    assert aug["Subject"].strip() == AUG_SUBJECT
    assert "$470M in September 2026" in sep["Subject"]
    assert len(hook.deliveries) == 1 and hook.deliveries[0].answered is None
    assert row_of(cli.db, "2026-08") == ("pending", 0)  # still in flight

    hook.release.set()
    hook.wait_for(2)
    wait_until(lambda: [r[2] for r in outbox_rows(cli.db)] == ["sent"] * 4, "every row sent")
    assert daemon.stop() == 0
    assert [d.answered for d in hook.deliveries] == [204, 204]
    assert len({d.webhook_id for d in hook.deliveries}) == 2


def test_kill9_mid_send_of_a_release_resends_the_whole_group_with_the_same_id(
    tmp_path: Path, hook: Receiver, start
) -> None:  # type: ignore[no-untyped-def]
    hook.script = ["block"]  # the receiver has the message; the daemon never learns it
    cli = setup_cli(tmp_path, hook=hook, all_rules=True)
    cli("import", str(csv_file(tmp_path, "fy26.csv", [("2025-07", 300), ("2025-08", 320), ("2025-09", 330)])))
    first = start()
    cli.record(tmp_path, "2026-08", 455)  # all-time high, best August, best Jul-Aug: one message
    hook.wait_for(1)
    first.kill9()
    hook.release.set()
    assert [r[2:] for r in outbox_rows(cli.db)] == [("pending", 0)] * 3

    second = start()
    got, again = hook.wait_for(2)
    wait_until(lambda: [r[2] for r in outbox_rows(cli.db)] == ["sent"] * 3, "all rows sent")
    assert got.webhook_id == again.webhook_id and got.webhook_id.startswith("digest_")
    assert got.body == again.body and again.payload is not None
    assert len(again.payload["data"]["events"]) == 3
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 2)] * 3  # the interrupted try counts
    assert second.stop() == 0
    assert cli("alerts", "send") == "sent 0, failed 0, dead 0\n"
    assert len(hook.deliveries) == 2
