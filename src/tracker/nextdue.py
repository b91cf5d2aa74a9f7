"""When is the next figure due (pure): the month expected next, its release days, the cadence.

SBP publishes month M around day 17–22 of month M+1 (../shared/sbp/SBP-SOURCES.md, "Release
timing"), on a working day, often in the evening Pakistan time. The daemon polls SBP sources
every `release_window_minutes` from `release_day_first` to `release_day_last` of M+1 until M
is official, and once a day otherwise (tracker.schedule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.model import Period
from tracker.schedule import SPARSE_INTERVAL, in_release_window

# SBP's usual release days for month M, in month M+1 (SBP-SOURCES.md "Release timing").
RELEASE_DAY_FIRST = 17
RELEASE_DAY_LAST = 22


@dataclass(frozen=True)
class NextDue:
    """The next figure SBP should publish and how often the tracker is looking for it."""

    period: Period  # the data month expected next
    release_first: date  # SBP's usual first release day for it
    release_last: date  # ... and last
    window_first: date  # dense polling starts
    window_last: date  # dense polling ends; 'overdue' after this day
    cadence_minutes: int  # SBP polling interval right now
    in_window: bool  # is the dense window open now
    overdue: bool  # past the window and still not official

    def as_dict(self) -> dict[str, object]:
        return {
            "period": str(self.period),
            "label": self.period.label(),
            "release_first": self.release_first.isoformat(),
            "release_last": self.release_last.isoformat(),
            "window_first": self.window_first.isoformat(),
            "window_last": self.window_last.isoformat(),
            "cadence_minutes": self.cadence_minutes,
            "in_window": self.in_window,
            "overdue": self.overdue,
        }

    def sentence(self) -> str:
        """One line for `tracker status` and the front page."""
        first, last = self.release_first, self.release_last
        days = f"{first.day}–{last.day} {last.strftime('%B %Y')}"
        if self.overdue:
            state = f"overdue since {self.window_last.isoformat()}"
        elif self.in_window:
            state = "release window open"
        else:
            state = f"window opens {self.window_first.isoformat()}"
        return (
            f"{self.period.label()} due about {days} ({state}; SBP sources polled every "
            f"{cadence_text(self.cadence_minutes)})"
        )


def cadence_text(minutes: int) -> str:
    if minutes % 1440 == 0:
        n = minutes // 1440
        return "day" if n == 1 else f"{n} days"
    if minutes % 60 == 0:
        n = minutes // 60
        return "hour" if n == 1 else f"{n} hours"
    return f"{minutes} minutes"


def next_due(
    now_local: datetime,
    latest_official: Period | None,
    *,
    window_first_day: int,
    window_last_day: int,
    window_minutes: int,
) -> NextDue:
    """The month after the latest official one (or, with none, last calendar month)."""
    this_month = Period.month(now_local.year, now_local.month)
    expected = latest_official.shift(1) if latest_official is not None else this_month.previous()
    release_month = expected.shift(1)
    y, m = release_month.year, release_month.month_number

    def day(d: int) -> date:
        return date(y, m, min(d, 28))

    release_index = release_month.first
    now_index = this_month.first
    window_open = now_index == release_index and in_release_window(
        now_local, window_first_day, window_last_day
    )
    overdue = now_index > release_index or (now_index == release_index and now_local.day > window_last_day)
    cadence = window_minutes if window_open else int(SPARSE_INTERVAL.total_seconds() // 60)
    return NextDue(
        expected,
        day(RELEASE_DAY_FIRST),
        day(RELEASE_DAY_LAST),
        day(window_first_day),
        day(window_last_day),
        cadence,
        window_open,
        overdue,
    )
