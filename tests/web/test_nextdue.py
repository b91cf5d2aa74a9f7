"""When the next figure is due: the expected month, SBP's release days, the polling cadence."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import tracker
from tracker.model import Period
from tracker.nextdue import next_due

PKT = ZoneInfo("Asia/Karachi")

CASES = [
    # now (PKT),        latest official, expected, window open, overdue, cadence (min)
    ("2026-11-29 10:00", "2026-10", "2026-11", False, False, 1440),
    ("2026-12-15 10:00", "2026-10", "2026-11", True, False, 30),
    ("2026-12-25 23:00", "2026-10", "2026-11", True, False, 30),
    ("2026-12-26 09:00", "2026-10", "2026-11", False, True, 1440),
    ("2026-11-20 10:00", "2026-09", "2026-10", True, False, 30),
    ("2027-01-03 10:00", "2026-10", "2026-11", False, True, 1440),
    ("2026-11-29 10:00", None, "2026-10", False, True, 1440),
]


@pytest.mark.parametrize(("now", "latest", "expected", "open_", "overdue", "cadence"), CASES)
def test_next_due(
    now: str, latest: str | None, expected: str, open_: bool, overdue: bool, cadence: int
) -> None:
    due = next_due(
        datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=PKT),
        Period.parse(latest) if latest else None,
        window_first_day=14,
        window_last_day=25,
        window_minutes=30,
    )
    assert (str(due.period), due.in_window, due.overdue, due.cadence_minutes) == (
        expected,
        open_,
        overdue,
        cadence,
    )
    release = due.period.shift(1)
    assert (due.release_first.month, due.release_first.day, due.release_last.day) == (
        release.month_number,
        17,
        22,
    )


def test_sentence_names_month_days_and_cadence() -> None:
    due = next_due(
        datetime(2026, 12, 15, 10, tzinfo=PKT),
        Period.parse("2026-10"),
        window_first_day=14,
        window_last_day=25,
        window_minutes=5,
    )
    assert due.sentence() == (
        "November 2026 due about 17–22 December 2026 (release window "
        "open; SBP sources polled every 5 minutes)"
    )


def test_status_shows_the_next_figure(web_db: Path) -> None:
    data = json.loads(tracker(web_db, "status", "--json"))
    assert data["next_figure"]["period"] == "2026-11"
    assert data["next_figure"]["release_first"].startswith("2026-12-17")
    assert "next figure: November 2026 due about 17–22 December 2026" in tracker(web_db, "status")


def test_default_release_window_cadence_sees_a_new_sbp_file_within_5_minutes() -> None:
    from types import SimpleNamespace

    from tests.web.conftest import CONFIG
    from tracker.config import load_config
    from tracker.daemon import Daemon

    cfg = load_config(CONFIG)
    windowed = [s for s in cfg.sources if s.release_window and s.enabled]
    assert windowed
    for source in windowed:
        trigger = Daemon._trigger(SimpleNamespace(config=cfg, tz=PKT), source)  # type: ignore[arg-type]
        assert trigger.interval.total_seconds() + trigger.jitter <= 300, source.name
