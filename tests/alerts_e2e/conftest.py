"""End-to-end alert fixtures: a signing webhook receiver, SMTP, a config writer, the CLI and a daemon."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.support.daemon import TrackerProcess
from tests.support.db import query
from tests.support.smtp import Smtp
from tests.support.webhook import Receiver
from tracker.cli import main

SECRET = "whsec_" + base64.b64encode(b"tracker-e2e-signing-key-32-bytes").decode()
ENV = {"TEST_HOOK_SECRET": SECRET}
RECORD_SUBJECT = "Pakistan IT exports: record $437M in December 2025 (provisional; previous $386M, Oct 2025)"


# -- SMTP and webhook receiver (tests/support) ----------------------------------------------


@pytest.fixture
def smtp_down() -> Iterator[Smtp]:
    """An SMTP server that is not running yet (connections are refused until start())."""
    s = Smtp()
    yield s
    s.stop()


def signed_receiver() -> Receiver:
    """A receiver that checks signatures with the channel's secret (not started)."""
    return Receiver(secret=SECRET, reply=b"ok")


@pytest.fixture
def hook() -> Iterator[Receiver]:
    r = signed_receiver().start()
    yield r
    r.stop()


@pytest.fixture
def hook_down() -> Iterator[Receiver]:
    """A receiver whose port is closed until start()."""
    r = signed_receiver()
    yield r
    r.stop()


# -- config, data, CLI ----------------------------------------------------------------------


def write_config(
    tmp: Path,
    *,
    hook: Receiver | None = None,
    smtp: Smtp | None = None,
    hook_timeout: float = 2.0,
    max_attempts: int = 8,
    unconfirmed: bool = False,
    extra: str = "",
    all_rules: bool = False,
) -> Path:
    """A config with only the all-time-high rule (`all_rules`: also the best same month and
    the best fiscal year to date) and the given channels (fast retries)."""
    on = str(all_rules).lower()
    text = f"""
[rules]
same_month_high = {on}
fytd_high = {on}
thresholds = []

[daemon]
send_interval_seconds = 1
"""
    if hook is not None:
        text += f"""
[[channels]]
name = "hook"
kind = "webhook"
url = "{hook.url}"
secret_env = "TEST_HOOK_SECRET"
timeout_seconds = {hook_timeout}
retry_base_seconds = 0.2
max_attempts = {max_attempts}
headers = {{ "X-Team" = "exports-desk" }}
unconfirmed = {str(unconfirmed).lower()}
"""
    if smtp is not None:
        text += f"""
[[channels]]
name = "mail"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
from_addr = "tracker@example.pk"
to = ["desk@example.pk"]
timeout_seconds = 2
retry_base_seconds = 0.2
max_attempts = {max_attempts}
"""
    cfg = tmp / "tracker.toml"
    cfg.write_text(text + extra)
    return cfg


def csv_file(tmp: Path, name: str, rows: list[tuple[str, float]]) -> Path:
    """Official monthly figures as an import CSV."""
    path = tmp / name
    path.write_text(
        "series,period,value_usd_millions,authority,status\n"
        + "".join(f"it_exports,{p},{v},official,P\n" for p, v in rows)
    )
    return path


@dataclass
class Cli:
    """`tracker --config CFG --db DB ...` in-process, with the channel secret in the env."""

    config: Path
    db: Path

    def __call__(self, *args: str, code: int | None = 0) -> str:
        result = CliRunner().invoke(
            main, ["--config", str(self.config), "--db", str(self.db), *args], env=ENV, catch_exceptions=False
        )
        if code is not None:
            assert result.exit_code == code, result.output
        return result.output

    def popen(self, *args: str) -> TrackerProcess:
        """The same command as a subprocess (for one that must run while the test acts)."""
        return TrackerProcess(self.config, self.db, *args, env=ENV)

    def history(self, tmp: Path) -> None:
        """Oct and Nov 2025 as official history (no alerts)."""
        self("import", str(csv_file(tmp, "history.csv", [("2025-10", 386), ("2025-11", 356)])))

    def record(self, tmp: Path, period: str = "2025-12", value: float = 437) -> str:
        """Import one official month with --alert: the record event and its outbox rows."""
        return self("import", str(csv_file(tmp, f"{period}.csv", [(period, value)])), "--alert")


def outbox_rows(db: Path) -> list[tuple[Any, ...]]:
    """(id, channel, status, attempts) for every outbox row, read straight from SQLite."""
    return query(db, "SELECT id, channel, status, attempts FROM outbox ORDER BY id")
