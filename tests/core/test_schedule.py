"""Release-window polling decisions in Pakistan time (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tracker.schedule import expected_month, release_overdue, release_source_due

PKT = ZoneInfo("Asia/Karachi")


def at(day: int, month: int = 1, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=PKT)


@pytest.mark.parametrize(
    ("now", "last_success", "have_month", "due"),
    [
        (at(18), None, False, True),  # never polled
        (at(18), at(18) - timedelta(minutes=30), False, True),  # in window, month missing
        (at(18), at(18) - timedelta(minutes=30), True, False),  # month in: back to sparse
        (at(5), at(5) - timedelta(hours=2), False, False),  # outside window: daily
        (at(5), at(4, hour=11), False, True),  # a day passed
        (at(26), at(26) - timedelta(hours=1), False, False),  # after the window
    ],
)
def test_release_source_due(
    now: datetime, last_success: datetime | None, have_month: bool, due: bool
) -> None:
    assert (
        release_source_due(now, last_success, have_expected_month=have_month, first_day=14, last_day=25)
        is due
    )


def test_expected_month_crosses_the_year() -> None:
    assert str(expected_month(at(18, month=1))) == "2025-12"
    assert str(expected_month(at(18, month=7))) == "2026-06"


def test_overdue_only_after_the_last_day_and_while_missing() -> None:
    assert release_overdue(at(25), have_expected_month=False, last_day=25) is None
    assert str(release_overdue(at(26), have_expected_month=False, last_day=25)) == "2025-12"
    assert release_overdue(at(26), have_expected_month=True, last_day=25) is None
