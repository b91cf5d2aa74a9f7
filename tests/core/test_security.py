"""Secrets stay out of output; files are created owner-only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.config import load_config
from tracker.metrics import render_metrics
from tracker.store import Store

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "TRACKER_SMTP_USER": "desk@example.org",
    "TRACKER_SMTP_PASSWORD": "smtp-pa55word-xyz",
    "TRACKER_WEBHOOK_URL": "http://127.0.0.1:9/hook?token=hook-token-abc",
    "TRACKER_WEBHOOK_SECRET": "whsec_c2VjcmV0LXNpZ25pbmcta2V5",
    "TRACKER_ADMIN_WEBHOOK_URL": "http://127.0.0.1:9/T000/B000/slack-secret-path",
    "SBP_EASYDATA_API_KEY": "easydata-key-123456",
}


def test_secrets_never_appear_in_status_or_metrics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    db = tmp_path / "t.db"
    runner = CliRunner()
    outputs = [
        runner.invoke(main, ["--db", str(db), *args]).output
        for args in (
            ["backfill", "--source", "bundled"],
            ["status"],
            ["status", "--json"],
            ["--help"],
            ["alerts", "list"],
        )
    ]
    store = Store.open(db)
    outputs.append(render_metrics(store, load_config(ROOT / "config" / "tracker.toml")))
    store.close()
    text = "\n".join(outputs)
    assert "current record" in text  # the commands really ran
    for value in SECRETS.values():
        assert value not in text


def test_database_file_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "t.db"
    Store.open(db).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
