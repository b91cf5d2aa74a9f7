"""A test database with history, a revision and a new record, and helpers to serve it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.support.daemon import TrackerProcess
from tests.support.ports import free_port
from tracker.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config" / "tracker.toml"

HISTORY = (
    "series,period,value_usd_millions,authority,status\n"
    "it_exports,2026-08,398,official,R\n"
    "it_exports,2026-09,405,official,P\n"
)
RELEASE = (
    "series,period,value_usd_millions,authority,status\n"
    "it_exports,2026-09,409,official,R\n"
    "it_exports,2026-10,460,official,P\n"
)


def tracker(db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["--config", str(CONFIG), "--db", str(db), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def build_db(path: Path) -> Path:
    """Bundled history, Aug–Sep 2026 (historical), then SBP's release of Oct 2026 (P) with
    September revised: an all-time high, a best October and a best FYTD, alerted."""
    tracker(path, "backfill", "--source", "bundled")
    (path.parent / "history.csv").write_text(HISTORY, encoding="utf-8")
    tracker(path, "import", str(path.parent / "history.csv"))
    (path.parent / "release.csv").write_text(RELEASE, encoding="utf-8")
    tracker(path, "import", str(path.parent / "release.csv"), "--alert")
    tracker(path, "status")  # registers the configured sources
    with sqlite3.connect(path) as conn:  # what polling would have recorded
        conn.execute(
            "UPDATE sources SET last_attempt_at = '2026-11-18T10:00:00+00:00', "
            "last_success_at = '2026-11-18T10:00:00+00:00' "
            "WHERE name LIKE 'sbp-%' AND name != 'sbp-easydata'"
        )
        conn.execute(
            "UPDATE sources SET consecutive_failures = 4, "
            "last_attempt_at = '2026-11-18T10:00:00+00:00', "
            "last_error = 'HTTP 503 Service Unavailable' WHERE name = 'profit'"
        )
        conn.execute(
            "INSERT INTO fetches(source, url, started_at, outcome, error) VALUES "
            "('sbp-easydata', 'https://easydata.sbp.org.pk/', "
            "'2026-11-18T10:00:00+00:00', 'skipped', "
            "'SBP_EASYDATA_API_KEY is not set')"
        )
    return path


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("web") / "tracker.db")


def get(path: Path, url: str) -> Any:
    """GET `url` from a fresh in-process Datasette over `path` (an httpx.Response)."""
    from tracker.web.app import make_datasette

    ds = make_datasette(path)
    return asyncio.run(ds.client.get(url))


@pytest.fixture(scope="module")
def served(web_db: Path) -> Iterator[str]:
    """`tracker serve` as a real process on a free loopback port; yields the base URL."""
    port = free_port()
    proc = TrackerProcess(
        CONFIG, web_db, "serve", "--port", str(port), cwd=ROOT, env={"NO_PROXY": "127.0.0.1"}
    )
    try:
        proc.wait_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop(15)
