"""Sample messages: one of every kind (and a digest) to validate templates, and the clearly
marked TEST message of `tracker alerts test`."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.deliver.digest import digest
from tracker.deliver.message import (
    AlertMessage,
    Comparison,
    MessageContext,
    Source,
    build_message,
)
from tracker.model import Authority, Event, EventKind, Period, Series, Status

_DEC25 = Period.month(2025, 12)
_OCT25 = Period.month(2025, 10)


def make_test_message(detected_at: datetime | None = None) -> AlertMessage:
    """A clearly marked TEST message with realistic numbers, for checking a channel works."""
    event = Event(
        key="test:all_time_high:it_exports:2025-12",
        kind=EventKind.RECORD,
        rule="all_time_high",
        series=Series.IT_EXPORTS,
        period=_DEC25,
        value_usd_millions=437.0,
        previous_period=_OCT25,
        previous_value_usd_millions=386.0,
        authority=Authority.OFFICIAL,
        status=Status.PROVISIONAL,
    )
    ctx = MessageContext(
        month_on_month=Comparison(Period.month(2025, 11), 355.0),
        year_on_year=Comparison(Period.month(2024, 12), 348.0),
        sources=(Source("SBP (test)", "https://www.sbp.org.pk/ecodata/index2.asp"),),
        test=True,
        detected_at=detected_at,
    )
    return build_message(event, ctx)


def sample_messages() -> list[AlertMessage]:
    """One message of every kind, with and without optional fields, to validate templates."""
    at = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
    full = MessageContext(
        month_on_month=Comparison(Period.month(2025, 11), 355.0),
        year_on_year=Comparison(Period.month(2024, 12), 0.0),
        sources=(Source("SBP", "https://www.sbp.org.pk/"), Source("Dawn <news> & co", None)),
        test=True,
        detected_at=at,
    )
    bare = MessageContext(detected_at=at)
    base = Event("k", EventKind.RECORD, "all_time_high", Series.IT_EXPORTS, _DEC25, 437.0,
                 _OCT25, 386.0, Authority.OFFICIAL, Status.PROVISIONAL)  # fmt: skip
    events = [
        base,
        Event("k2", EventKind.UNCONFIRMED, "same_month_high", Series.IT_EXPORTS, _DEC25, 437.0,
              Period.month(2024, 12), 348.0, Authority.NEWS, Status.REPORTED, message="x"),
        Event("k3", EventKind.CONFIRMED, "fytd_high", Series.IT_EXPORTS,
              Period.fytd(2026, 12), 2134.5, Period.fytd(2025, 12), 1860.0, Authority.OFFICIAL,
              Status.REVISED),
        Event("k4", EventKind.CORRECTION, "threshold_500", Series.IT_EXPORTS, _DEC25, 380.0,
              _OCT25, 386.0, Authority.OFFICIAL, Status.FINAL, message="SBP revised"),
        Event("k4b", EventKind.CORRECTION, "all_time_high", Series.IT_EXPORTS, _DEC25, None,
              _OCT25, 386.0, message="December 2025 has no accepted value any more"),
        Event("k5", EventKind.RECORD, "custom_rule", Series.OTHER, _DEC25, 437.0),
        Event("k6", EventKind.ADMIN, "source_failing", Series.IT_EXPORTS, None, None,
              message="sbp_easydata failed 5 times in a row\nlast error: HTTP 503"),
        Event("k7", EventKind.ADMIN, "release_overdue", Series.IT_EXPORTS, None, None),
        Event("k8", EventKind.NEW_MONTH, "new_month", Series.IT_EXPORTS, _DEC25, 437.0,
              authority=Authority.OFFICIAL, status=Status.PROVISIONAL,
              message="December 2025: $437M; month on month +22.8% (vs $356M)"),
        Event("k9", EventKind.REVISION, "revision", Series.IT_EXPORTS, _OCT25, 387.5,
              previous_value_usd_millions=386.0, authority=Authority.OFFICIAL,
              status=Status.REVISED, message="October 2025 revised from $386M to $387.5M"),
    ]  # fmt: skip
    out = [build_message(e, ctx) for e in events for ctx in (full, bare)]
    fixed = MessageContext(
        detected_at=at,
        announced_usd_millions=452.0,
        record_now=Comparison(_DEC25, 437.0),
        sources=(Source("SBP", "https://www.sbp.org.pk/"),),
    )
    release = [build_message(e, fixed) for e in (events[3], events[4], events[2], base, events[8])]
    out += [build_message(events[4], fixed), digest(release), digest(release[2:4])]
    out.append(make_test_message(at))
    return out
