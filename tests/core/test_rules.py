"""Record rules over canonical series, and the event state machine."""

from __future__ import annotations

from typing import Any

from tracker.model import EventKind, Period, Series
from tracker.rules import MonthValue, RuleSettings, plan_events, record_facts

ATH_ONLY = RuleSettings(all_time_high=True, same_month_high=False, fytd_high=False, thresholds=())


def series(*pairs: tuple[str, float], authority: str = "official") -> list[MonthValue]:
    return [MonthValue(Period.parse(p), v, authority, "P", i + 1) for i, (p, v) in enumerate(pairs)]


def test_all_time_high_needs_a_previous_best_and_must_beat_it_strictly() -> None:
    facts = record_facts(
        series(
            ("2025-07", 354),
            ("2025-08", 337),
            ("2025-09", 366),
            ("2025-10", 386),
            ("2025-11", 386),
            ("2025-12", 437),
        ),
        ATH_ONLY,
    )
    assert [(str(f.period), f.value, str(f.previous_period), f.previous_value) for f in facts] == [
        ("2025-09", 366, "2025-07", 354),
        ("2025-10", 386, "2025-09", 366),
        ("2025-12", 437, "2025-10", 386),
    ]


def test_same_calendar_month_high() -> None:
    s = RuleSettings(False, True, False, ())
    facts = record_facts(
        series(("2023-12", 303), ("2024-11", 324), ("2024-12", 348), ("2025-12", 437), ("2026-12", 400)), s
    )
    assert [(str(f.period), str(f.previous_period)) for f in facts] == [
        ("2024-12", "2023-12"),
        ("2025-12", "2024-12"),
    ]


def test_fytd_high_sums_complete_fiscal_years_only() -> None:
    s = RuleSettings(False, False, True, ())
    facts = record_facts(
        series(("2024-07", 286), ("2024-08", 298), ("2025-07", 354), ("2025-08", 337), ("2026-08", 500)), s
    )  # FY2027 has no July: unknown, skipped
    assert [(str(f.period), f.value, f.previous_value) for f in facts] == [
        ("FY2026:07-07", 354, 286),
        ("FY2026:07-08", 691, 584),
    ]


def test_threshold_fires_for_the_first_month_only() -> None:
    s = RuleSettings(False, False, False, (400.0,))
    facts = record_facts(series(("2025-10", 386), ("2025-12", 437), ("2026-04", 422.26)), s)
    assert [(f.rule, str(f.period)) for f in facts] == [("threshold_400", "2025-12")]


def _last(events: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (e.rule, str(e.period)): {
            "id": i + 1,
            "kind": e.kind.value,
            "value_usd_millions": e.value_usd_millions,
            "previous_period": str(e.previous_period),
            "previous_value_usd_millions": e.previous_value_usd_millions,
        }
        for i, e in enumerate(events)
    }


def test_news_record_is_unconfirmed_then_confirmed_by_official_data() -> None:
    base = [("2025-10", 386.0)]
    news = series(*base, ("2025-12", 437.0))
    news[-1] = MonthValue(news[-1].period, 437.0, "news", "reported", 9)
    first = plan_events(Series.IT_EXPORTS, record_facts(news, ATH_ONLY), {})
    assert [e.kind for e in first] == [EventKind.UNCONFIRMED]
    official = series(*base, ("2025-12", 436.8))
    second = plan_events(Series.IT_EXPORTS, record_facts(official, ATH_ONLY), _last(first))
    assert [e.kind for e in second] == [EventKind.CONFIRMED]
    assert "differs" in second[0].message
    third = plan_events(Series.IT_EXPORTS, record_facts(official, ATH_ONLY), _last(first + second))
    assert third == []


def test_revision_that_unmakes_a_record_is_a_correction() -> None:
    before = series(("2025-10", 386.0), ("2025-12", 437.0))
    first = plan_events(Series.IT_EXPORTS, record_facts(before, ATH_ONLY), {})
    after = series(("2025-10", 386.0), ("2025-12", 380.0))
    current = {str(m.period): m for m in after}
    second = plan_events(Series.IT_EXPORTS, record_facts(after, ATH_ONLY), _last(first), current)
    assert [e.kind for e in second] == [EventKind.CORRECTION]
    assert "no longer a record" in second[0].message
    assert second[0].key != first[0].key


def test_event_keys_are_stable() -> None:
    s = series(("2025-10", 386.0), ("2025-12", 437.0))
    a = plan_events(Series.IT_EXPORTS, record_facts(s, ATH_ONLY), {})
    b = plan_events(Series.IT_EXPORTS, record_facts(s, ATH_ONLY), {})
    assert [e.key for e in a] == [e.key for e in b] == ["record:all_time_high:it_exports:2025-12:v2"]
