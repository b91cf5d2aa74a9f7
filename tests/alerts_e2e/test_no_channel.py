"""Nothing is lost for lack of a channel; status and `alerts test` check every channel."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.alerts_e2e.conftest import Cli, write_config
from tests.support.webhook import Receiver


def _dir(tmp: Path, name: str) -> Path:
    (tmp / name).mkdir()
    return tmp / name


def test_events_pending_with_no_channel_are_sent_when_one_is_configured(
    tmp_path: Path, hook: Receiver
) -> None:
    db = tmp_path / "t.db"
    lonely = Cli(write_config(_dir(tmp_path, "none")), db)
    lonely.history(tmp_path)
    assert "1 events, 0 alerts queued" in lonely.record(tmp_path)
    assert "1 events waiting for a channel" in lonely("status")
    assert "1 events waiting for a channel" in lonely("alerts", "list")

    wired = Cli(write_config(_dir(tmp_path, "hook"), hook=hook), db)
    assert wired("alerts", "send").startswith("sent 1")
    (delivery,) = hook.wait_for(1)
    assert delivery.payload is not None and delivery.payload["data"]["period"] == "2025-12"
    assert "waiting for a channel" not in wired("status")
    wired("alerts", "send")
    assert len(hook.deliveries) == 1  # once


def test_events_older_than_the_limit_are_not_sent_and_status_says_so(tmp_path: Path, hook: Receiver) -> None:
    db = tmp_path / "t.db"
    lonely = Cli(write_config(_dir(tmp_path, "none")), db)
    lonely.history(tmp_path)
    lonely.record(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET detected_at = '2020-01-01T00:00:00+00:00' WHERE historical = 0")
    wired = Cli(write_config(_dir(tmp_path, "hook"), hook=hook), db)
    wired("alerts", "send")
    assert hook.deliveries == []
    assert "1 events older than 7 days were never sent" in wired("status")


EMAIL_WITH_PASSWORD_ONLY = """
[[channels]]
name = "mail"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = 2525
username_env = "TEST_SMTP_USER_UNSET"
password_env = "TEST_SMTP_PASSWORD"
from_addr = "tracker@example.pk"
to = ["desk@example.pk"]
"""


def test_status_checks_every_secret_and_alerts_test_reports_every_channel(
    tmp_path: Path, hook: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "app-password")
    monkeypatch.delenv("TEST_SMTP_USER_UNSET", raising=False)
    cli = Cli(write_config(tmp_path, hook=hook, extra=EMAIL_WITH_PASSWORD_ONLY), tmp_path / "t.db")
    status = json.loads(cli("status", "--json"))
    mail = next(c for c in status["channels"] if c["name"] == "mail")
    assert (mail["active"], mail["missing_env"]) == (False, ["TEST_SMTP_USER_UNSET"])
    out = cli("alerts", "test")
    assert "hook: sent" in out and "mail: skipped (inactive: TEST_SMTP_USER_UNSET)" in out
    assert len(hook.wait_for(1)) == 1


def test_alerts_list_piped_keeps_every_value_whole(tmp_path: Path, hook: Receiver) -> None:
    hook.default = 500
    cli = Cli(write_config(tmp_path, hook=hook, max_attempts=3), tmp_path / "t.db")
    cli.history(tmp_path)
    cli.record(tmp_path)
    cli("alerts", "send", code=1)
    from click.testing import CliRunner

    from tests.alerts_e2e.conftest import ENV
    from tracker.cli import main

    out = (
        CliRunner()
        .invoke(
            main,
            ["--config", str(cli.config), "--db", str(cli.db), "alerts", "list"],
            env={**ENV, "COLUMNS": "80"},
        )
        .output
    )
    assert max(len(line) for line in out.splitlines()) <= 80
    rows = [line for line in out.splitlines() if line.startswith("│")]
    error = "".join(line.split("│")[-2].strip() for line in rows).replace(" ", "")
    event = "".join(line.split("│")[5].strip() for line in rows).replace(" ", "")
    assert "HTTP500" in error and "…" not in error.split("HTTP500")[1]
    assert event == "recordall_time_high2025-12$437M"
