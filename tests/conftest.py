"""Shared fixtures: paths, an in-memory store, the reported-history rows."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.daemon import TrackerProcess
from tests.support.http import Site
from tests.support.smtp import Smtp
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent

# Every test server lives on 127.0.0.1, which the fetch address policy refuses by default
# (issue 16, SSRF). Tests allow it here, once, for this process and the daemons/CLIs it
# starts; the hostile-server tests turn the policy back on explicitly
# (allow_private_networks=False / `allow_private_networks = false`).
os.environ.setdefault("TRACKER_ALLOW_PRIVATE_NETWORKS", "1")
SHARED = ROOT.parent / "shared"

# TRACKER_FUZZ_EXAMPLES=N also lengthens every property test without its own settings (the
# amount and period round trips in tests/extract and tests/core); fuzz targets read it too.
if os.environ.get("TRACKER_FUZZ_EXAMPLES"):
    settings.register_profile("long", max_examples=int(os.environ["TRACKER_FUZZ_EXAMPLES"]), deadline=None)
    settings.load_profile("long")


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    """tracker.redact keeps a process-wide registry of configured secrets; one test's
    webhook URL must not be scrubbed out of the next test's output."""
    yield
    from tracker.redact import clear_secrets

    clear_secrets()


@pytest.fixture
def site() -> Iterator[Site]:
    """A local web site (127.0.0.1) whose pages a test can change while tracker polls it."""
    s = Site(keep_alive=False)
    yield s
    s.close()


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    """Plain SMTP on 127.0.0.1 at a free port (tests/support/smtp.py)."""
    with Smtp() as s:
        yield s


@pytest.fixture
def daemons() -> Iterator[list[TrackerProcess]]:
    """Started tracker processes are appended here; any still running is killed at the end."""
    started: list[TrackerProcess] = []
    yield started
    for process in started:
        process.close()


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def reported_history() -> list[tuple[str, float]]:
    """High- and medium-confidence rows of the shared reported history, in month order."""
    path = SHARED / "data" / "it_exports_monthly_reported.csv"
    if not path.exists():
        pytest.skip("../shared is not beside the checkout")
    rows = csv.DictReader(path.open(encoding="utf-8"))
    return sorted(
        (r["month"], float(r["value_usd_millions"])) for r in rows if r["confidence"] in ("high", "medium")
    )


# Slow tests (real servers, the daemon as a subprocess, the browser, whole-corpus replays,
# long fuzz runs) carry the `integration` mark, so that
# `python3 scripts/dev.py test -m "not integration"` is a quick loop while editing.
SLOW_DIRS = {"alerts_e2e", "faults", "integration", "container", "fuzz"}
SLOW_FILES = {
    "test_browser.py",
    "test_serve_cli.py",
    "test_replay_corpus.py",
    "test_concurrency.py",
    "test_backfill_stop.py",
    "test_backfill.py",
    "test_hostile.py",
    "test_hostile_feed.py",
    "test_stress.py",
    "test_fetch_server.py",
    "test_garbage_html_cli.py",
    "test_history_replay.py",
    "test_first_hour.py",
    "test_chart.py",
    "test_extract_url.py",
    "test_sbp_fuzz.py",
    "test_properties.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if SLOW_DIRS & set(path.parts) or path.name in SLOW_FILES:
            item.add_marker(pytest.mark.integration)
