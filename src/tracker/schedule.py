"""When to poll (pure): SBP's release window and overdue releases, in Pakistan time.

SBP posts month M around day 17–22 of month M+1. Inside [release_day_first, release_day_last]
of M+1 an SBP source polls densely until M is stored as official; otherwise once a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.model import Period

SPARSE_INTERVAL = timedelta(hours=24)


def expected_month(now_local: datetime) -> Period:
    """The data month SBP should publish during `now_local`'s month: the previous one."""
    return Period.month(now_local.year, now_local.month).previous()


def in_release_window(now_local: datetime, first_day: int, last_day: int) -> bool:
    return first_day <= now_local.day <= last_day


def release_source_due(
    now_local: datetime,
    last_success: datetime | None,
    *,
    have_expected_month: bool,
    first_day: int,
    last_day: int,
) -> bool:
    """Should a release-window source poll now (the job ticks at the dense interval)?"""
    if last_success is None:
        return True
    dense = in_release_window(now_local, first_day, last_day) and not have_expected_month
    if dense:
        return True
    return now_local - last_success.astimezone(now_local.tzinfo) >= SPARSE_INTERVAL


def release_overdue(now_local: datetime, *, have_expected_month: bool, last_day: int) -> Period | None:
    """The month whose release is overdue (past `last_day` and still not official), else None."""
    if have_expected_month or now_local.day <= last_day:
        return None
    return expected_month(now_local)
