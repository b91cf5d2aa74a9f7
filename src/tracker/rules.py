"""Record rules (pure): which months are records now, and which events that state implies.

`record_facts` evaluates every enabled rule over the canonical monthly series; `plan_events`
compares those facts with the last event of each (rule, series, period) so that re-runs,
restarts and revisions never produce the same event twice, and a revision that changes
whether a month is a record produces a correction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.model import Authority, Event, EventKind, Period, PeriodKind, Series, Status


@dataclass(frozen=True)
class MonthValue:
    """One month of the canonical series as the rules see it."""

    period: Period
    value: float
    authority: str
    status: str
    vintage_id: int


@dataclass(frozen=True)
class RecordFact:
    """A rule holds for a period: its value beats `previous` (the best before it)."""

    rule: str
    period: Period
    value: float
    previous_period: Period | None
    previous_value: float | None
    authority: str
    status: str
    vintage_id: int


@dataclass(frozen=True)
class RuleSettings:
    all_time_high: bool = True
    same_month_high: bool = True
    fytd_high: bool = True
    thresholds: tuple[float, ...] = (500.0,)


def threshold_rule(threshold: float) -> str:
    return f"threshold_{threshold:g}"


def _all_time_high(months: Sequence[MonthValue]) -> Iterable[RecordFact]:
    best: MonthValue | None = None
    for m in months:
        if best is not None and m.value > best.value:
            yield RecordFact(
                "all_time_high",
                m.period,
                m.value,
                best.period,
                best.value,
                m.authority,
                m.status,
                m.vintage_id,
            )
        if best is None or m.value > best.value:
            best = m


def _same_month_high(months: Sequence[MonthValue]) -> Iterable[RecordFact]:
    best: dict[int, MonthValue] = {}
    for m in months:
        prior = best.get(m.period.month_number)
        if prior is not None and m.value > prior.value:
            yield RecordFact(
                "same_month_high",
                m.period,
                m.value,
                prior.period,
                prior.value,
                m.authority,
                m.status,
                m.vintage_id,
            )
        if prior is None or m.value > prior.value:
            best[m.period.month_number] = m


def _weakest(ms: Sequence[MonthValue]) -> tuple[str, str]:
    """A sum is only as official as its least official month."""
    news = [m for m in ms if m.authority == Authority.NEWS.value]
    if news:
        return Authority.NEWS.value, Status.REPORTED.value
    bundled = [m for m in ms if m.authority == Authority.BUNDLED.value]
    if bundled:
        return Authority.BUNDLED.value, Status.REPORTED.value
    provisional = any(m.status == Status.PROVISIONAL.value for m in ms)
    return Authority.OFFICIAL.value, (Status.PROVISIONAL if provisional else Status.REVISED).value


def _fytd_high(months: Sequence[MonthValue]) -> Iterable[RecordFact]:
    by_index = {m.period.first: m for m in months}
    # best complete FYTD total per fiscal month position (Jul=1 .. Jun=12)
    best: dict[int, tuple[Period, float]] = {}
    for m in months:
        span = m.period.fytd_through()
        parts = [by_index.get(i) for i in range(span.first, span.last + 1)]
        if any(p is None for p in parts):
            continue  # a gap: the total is unknown, not smaller
        complete = [p for p in parts if p is not None]
        total = round(sum(p.value for p in complete), 3)
        pos = m.period.fiscal_month
        prior = best.get(pos)
        if prior is not None and total > prior[1]:
            authority, status = _weakest(complete)
            yield RecordFact(
                "fytd_high",
                span,
                total,
                prior[0],
                prior[1],
                authority,
                status,
                max(p.vintage_id for p in complete),
            )
        if prior is None or total > prior[1]:
            best[pos] = (span, total)


def _threshold(months: Sequence[MonthValue], threshold: float) -> Iterable[RecordFact]:
    best: MonthValue | None = None
    for m in months:
        if m.value >= threshold:
            prev = (best.period, best.value) if best else (None, None)
            yield RecordFact(
                threshold_rule(threshold),
                m.period,
                m.value,
                prev[0],
                prev[1],
                m.authority,
                m.status,
                m.vintage_id,
            )
            return
        if best is None or m.value > best.value:
            best = m


def record_facts(months: Sequence[MonthValue], settings: RuleSettings) -> list[RecordFact]:
    """Every record that holds over the canonical monthly series, in period order."""
    ordered = sorted((m for m in months if m.period.kind is PeriodKind.MONTH), key=lambda m: m.period)
    facts: list[RecordFact] = []
    if settings.all_time_high:
        facts.extend(_all_time_high(ordered))
    if settings.same_month_high:
        facts.extend(_same_month_high(ordered))
    if settings.fytd_high:
        facts.extend(_fytd_high(ordered))
    for t in settings.thresholds:
        facts.extend(_threshold(ordered, t))
    return facts


ACTIVE_KINDS = {EventKind.RECORD.value, EventKind.UNCONFIRMED.value, EventKind.CONFIRMED.value}


def _event(kind: EventKind, fact: RecordFact, series: Series, token: str, message: str = "") -> Event:
    return Event(
        key=f"{kind.value}:{fact.rule}:{series.value}:{fact.period}:{token}",
        kind=kind,
        rule=fact.rule,
        series=series,
        period=fact.period,
        value_usd_millions=fact.value,
        previous_period=fact.previous_period,
        previous_value_usd_millions=fact.previous_value,
        authority=Authority(fact.authority),
        status=Status(fact.status),
        vintage_id=fact.vintage_id,
        message=message,
    )


def plan_events(
    series: Series,
    facts: Sequence[RecordFact],
    last_events: Mapping[tuple[str, str], Mapping[str, Any]],
    current: Mapping[str, MonthValue] | None = None,
    still_holding: Collection[tuple[str, str]] = (),
) -> list[Event]:
    """Events needed to move from the last announced state to the facts.

    `last_events` maps (rule, period) to the latest event row for that subject; `current`
    maps month strings to their canonical value (for correction messages). Subjects in
    `still_holding` are facts held back for doubt: not announced, and not corrected either
    (doubt is not disproof).
    """
    events: list[Event] = []
    holding = {(f.rule, str(f.period)): f for f in facts}
    for subject, fact in holding.items():
        last = last_events.get(subject)
        token = f"v{fact.vintage_id}"
        if last is None or last["kind"] not in ACTIVE_KINDS:
            kind = EventKind.UNCONFIRMED if fact.authority == Authority.NEWS.value else EventKind.RECORD
            events.append(_event(kind, fact, series, token))
        elif last["kind"] == EventKind.UNCONFIRMED.value and fact.authority != Authority.NEWS.value:
            note = ""
            if (
                last["value_usd_millions"] is not None
                and abs(float(last["value_usd_millions"]) - fact.value) > 1e-9
            ):
                note = (
                    f"official value ${fact.value:g}M differs from reported "
                    f"${float(last['value_usd_millions']):g}M"
                )
            events.append(_event(EventKind.CONFIRMED, fact, series, token, note))
    for subject, last in last_events.items():
        if subject in holding or subject in still_holding or last["kind"] not in ACTIVE_KINDS:
            continue
        rule, period_text = subject
        period = Period.parse(period_text)
        now = (current or {}).get(period_text)
        value = now.value if now else None
        message = (
            f"{period.label()} is no longer a record: its value is now ${value:g}M"
            if value is not None
            else f"{period.label()} has no accepted value any more"
        )
        events.append(
            Event(
                key=f"{EventKind.CORRECTION.value}:{rule}:{series.value}:{period_text}:e{last['id']}",
                kind=EventKind.CORRECTION,
                rule=rule,
                series=series,
                period=period,
                value_usd_millions=value,
                previous_period=Period.parse(last["previous_period"])
                if last.get("previous_period")
                else None,
                previous_value_usd_millions=last.get("previous_value_usd_millions"),
                authority=Authority(now.authority) if now else None,
                status=Status(now.status) if now else None,
                vintage_id=now.vintage_id if now else None,
                message=message,
            )
        )
    return events
