"""`tracker alerts list --status dead`, `alerts retry ID` and `alerts test CHANNEL` on real servers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.alerts_e2e.conftest import Cli, outbox_rows, write_config
from tests.support.smtp import Smtp
from tests.support.webhook import Receiver


def test_list_dead_then_retry_delivers_it(tmp_path: Path, hook: Receiver) -> None:
    hook.default = 404
    cli = Cli(write_config(tmp_path, hook=hook), tmp_path / "t.db")
    cli.history(tmp_path)
    cli.record(tmp_path)
    cli("alerts", "send", code=1)
    ((row_id, *_),) = outbox_rows(cli.db)

    table = cli("alerts", "list", "--status", "dead")
    assert f"│ {row_id} " in table and "dead" in table and "HTTP 404" in table
    (dead,) = json.loads(cli("alerts", "list", "--status", "dead", "--json"))
    assert (dead["id"], dead["channel"], dead["status"]) == (row_id, "hook", "dead")
    assert cli("alerts", "list", "--status", "pending", "--json").strip() == "[]"

    hook.default = 204  # the receiver's URL is fixed
    assert cli("alerts", "retry", str(row_id)) == "sent 1, failed 0\n"
    assert [d.answered for d in hook.deliveries] == [404, 204]
    assert hook.deliveries[0].webhook_id == hook.deliveries[1].webhook_id
    assert cli("alerts", "list", "--status", "dead", "--json").strip() == "[]"
    assert [r[2:] for r in outbox_rows(cli.db)] == [("sent", 2)]

    out = cli("alerts", "retry", str(row_id), code=2)
    assert f"no unsent outbox row with id {row_id} (it was sent already)" in out
    assert len(hook.deliveries) == 2


def test_retry_that_fails_again_exits_1_and_says_why(tmp_path: Path, hook: Receiver) -> None:
    hook.default = 404
    cli = Cli(write_config(tmp_path, hook=hook), tmp_path / "t.db")
    cli.history(tmp_path)
    cli.record(tmp_path)
    cli("alerts", "send", code=1)
    ((row_id, *_),) = outbox_rows(cli.db)
    out = cli("alerts", "retry", str(row_id), code=1)
    assert out.startswith("sent 0, failed 1\n") and "HTTP 404" in out
    assert [r[2:] for r in outbox_rows(cli.db)] == [("dead", 2)]
    assert "no unsent outbox row with id 999" in cli("alerts", "retry", "999", code=2)


def test_alerts_test_success_and_exact_failure_lines(tmp_path: Path, hook: Receiver, smtp_down: Smtp) -> None:
    cli = Cli(write_config(tmp_path, hook=hook, smtp=smtp_down), tmp_path / "t.db")

    assert cli("alerts", "test", "hook") == "hook: sent\n"
    (post,) = hook.deliveries
    assert post.payload is not None and post.payload["data"]["test"] is True
    assert post.payload["data"]["subject"].startswith("[TEST]")
    assert post.webhook_id.startswith("test-")

    hook.default = 500
    assert cli("alerts", "test", "hook", code=1) == (
        f"hook: FAILED: webhook http://127.0.0.1:{hook.port}/…: HTTP 500 ok\n"
    )
    assert cli("alerts", "test", "mail", code=1) == (
        f"mail: FAILED: smtp 127.0.0.1:{smtp_down.port}: ConnectionRefusedError: "
        "[Errno 111] Connection refused\n"
    )

    smtp_down.start()
    assert cli("alerts", "test", "mail") == "mail: sent\n"
    (mail,) = smtp_down.mailbox.wait_for(1)
    assert mail["Subject"].strip().startswith("[TEST]")
    assert "no channel named 'nope'" in cli("alerts", "test", "nope", code=2)
    assert outbox_rows(cli.db) == []  # a test message never touches the outbox


def test_dead_alerts_are_in_status_without_an_admin_channel(tmp_path: Path, hook: Receiver) -> None:
    hook.default = 404  # a permanent error: the row is given up at once
    cli = Cli(write_config(tmp_path, hook=hook), tmp_path / "t.db")
    cli.history(tmp_path)
    cli.record(tmp_path)
    cli("alerts", "send", code=1)
    ((row_id, _, status, _),) = outbox_rows(cli.db)
    assert status == "dead"
    out = cli("status")
    assert "dead alerts: given up, never delivered; `tracker alerts retry ID` tries again" in out
    assert f"#{row_id} hook: record all_time_high 2025-12 (webhook" in out and "HTTP 404" in out
    (dead,) = json.loads(cli("status", "--json"))["dead_alerts"]
    assert (dead["id"], dead["channel"], dead["kind"]) == (row_id, "hook", "record")
