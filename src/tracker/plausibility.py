"""The plausibility gate every official figure passes before ingest (pure: no I/O).

An official figure decides record alerts, so one that cannot be right is *held* with its
reason instead of stored: a period that has not ended yet, a monthly item 9 far outside the
recent official months, sub-items that do not add up to their parent, a value beyond what the
series can be (information services is well under US$20 M a month). The caller raises the
admin alert; this module only decides.

It also lists a document's *silent misses* (warnings, duplicate periods, a newest month
without item 9) so that the caller turns each into one parser-drift alert per document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.model import Authority, Figure, Period, PeriodKind, Series, month_index

BAND = 0.40  # monthly item 9 may differ at most ±40 % from the recent official months
NEIGHBOURS = 6  # months on each side that make "recent"
# Below US$ 100 m a month (before ~FY2019) the series was small and jumpy (a 12 → 20 swing is
# real), so the band only applies where its neighbours are at today's scale.
BAND_FLOOR = 100.0
# US$ m per month: far above anything SBP has printed (FY26 peak item 9 ≈ 437).
MONTHLY_CEILING: dict[Series, float] = {
    Series.IT_EXPORTS: 1000.0,
    Series.COMPUTER_SERVICES: 900.0,
    Series.TELECOM_SERVICES: 200.0,
    Series.CALL_CENTRE_SERVICES: 150.0,
    Series.FREELANCE: 400.0,
    Series.INFORMATION_SERVICES: 20.0,  # 0.3–19 in 2025–26
}
# parent → the children that must add up to it; and children that can only be a part of it.
SUMS: dict[Series, tuple[Series, ...]] = {
    Series.IT_EXPORTS: (Series.TELECOM_SERVICES, Series.COMPUTER_SERVICES, Series.INFORMATION_SERVICES),
}
PARTS: dict[Series, Series] = {
    Series.CALL_CENTRE_SERVICES: Series.TELECOM_SERVICES,
    Series.FREELANCE: Series.COMPUTER_SERVICES,
}
SUM_TOLERANCE = 0.01  # US$ m: the parsers keep 3 decimals of thousand-US$ values


@dataclass(frozen=True)
class Held:
    """An official figure kept out of the store, and why."""

    figure: Figure
    reason: str


@dataclass
class GateResult:
    passed: list[Figure] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)

    def reasons(self) -> list[str]:
        return [f"{h.figure.series.value} {h.figure.period}: {h.reason}" for h in self.held]


def last_complete_month(today: date) -> Period:
    """The month before `today`'s month: nothing later can have been published."""
    return Period.from_index(month_index(today.year, today.month) - 1)


def check(
    figures: Sequence[Figure], *, today: date, history: Mapping[Period, float] | None = None
) -> GateResult:
    """Split figures into those that may be ingested and those held.

    `history` is the current official item-9 value by month (from the store). Only official
    figures are gated; news figures pass through (reconcile and the rules weigh them).
    """
    history = history or {}
    result = GateResult()
    reasons: dict[int, str] = {}
    last = last_complete_month(today)
    official = [f for f in figures if f.authority is Authority.OFFICIAL]
    for i, f in enumerate(figures):
        if f.authority is not Authority.OFFICIAL:
            continue
        reason = _future(f, last) or _ceiling(f) or _band(f, history)
        if reason:
            reasons[i] = reason
    for reason, bad in _sum_failures(official):
        for i, f in enumerate(figures):
            if any(f is b for b in bad):
                reasons.setdefault(i, reason)
    for i, f in enumerate(figures):
        if i in reasons:
            result.held.append(Held(f, reasons[i]))
        else:
            result.passed.append(f)
    return result


def _months(period: Period) -> int:
    return period.last - period.first + 1


def _future(f: Figure, last: Period) -> str | None:
    if f.period.last > last.last:
        return f"period ends after the last complete month {last}"
    return None


def _ceiling(f: Figure) -> str | None:
    if f.value_usd_millions < 0:
        return f"negative credit {f.value_usd_millions:g} US$ m"
    ceiling = MONTHLY_CEILING.get(f.series)
    if ceiling is not None and f.value_usd_millions > ceiling * _months(f.period):
        return (
            f"{f.value_usd_millions:g} US$ m is above the ceiling of {ceiling:g} US$ m a "
            f"month for {f.series.value}: a unit or row error?"
        )
    return None


def _band(f: Figure, history: Mapping[Period, float]) -> str | None:
    """Monthly item 9 against the median of official months within NEIGHBOURS of it."""
    if f.series is not Series.IT_EXPORTS or f.period.kind is not PeriodKind.MONTH:
        return None
    near = sorted(
        v
        for p, v in history.items()
        if p.kind is PeriodKind.MONTH and p != f.period and abs(p.first - f.period.first) <= NEIGHBOURS
    )
    if not near:
        return None
    median = near[len(near) // 2] if len(near) % 2 else (near[len(near) // 2 - 1] + near[len(near) // 2]) / 2
    if median >= BAND_FLOOR and abs(f.value_usd_millions - median) > BAND * median:
        return (
            f"{f.value_usd_millions:g} US$ m is more than {BAND:.0%} away from the recent "
            f"official months (median {median:g} of {len(near)})"
        )
    return None


def _sum_failures(figures: Sequence[Figure]) -> list[tuple[str, list[Figure]]]:
    """Sub-items that do not add up to (or exceed) their parent, per period: an error."""
    by: dict[tuple[str, Series], Figure] = {}
    for f in figures:
        by.setdefault((f"{f.period.kind}:{f.period}", f.series), f)
    out = []
    periods = {key for key, _ in by}
    for key in sorted(periods):
        for parent, children in SUMS.items():
            total = by.get((key, parent))
            parts = [by.get((key, c)) for c in children]
            if total is None or any(p is None for p in parts):
                continue
            subtotal = sum(p.value_usd_millions for p in parts if p is not None)
            if abs(subtotal - total.value_usd_millions) > SUM_TOLERANCE:
                out.append(
                    (
                        f"sub-items sum to {subtotal:.3f} but {parent.value} is "
                        f"{total.value_usd_millions:.3f}",
                        [total, *(p for p in parts if p)],
                    )
                )
        for child, parent in PARTS.items():
            part, whole = by.get((key, child)), by.get((key, parent))
            if part and whole and part.value_usd_millions > whole.value_usd_millions + SUM_TOLERANCE:
                out.append(
                    (
                        f"{child.value} {part.value_usd_millions:g} exceeds its parent "
                        f"{parent.value} {whole.value_usd_millions:g}",
                        [part, whole],
                    )
                )
    return out


def silent_misses(
    figures: Sequence[Figure],
    warnings: Iterable[str],
    *,
    expected_newest: Period | None = None,
    expected_keys: Iterable[str] = (),
    found_keys: Iterable[str] = (),
) -> list[str]:
    """What a parse lost without failing: each becomes part of one parser-drift alert.

    - every parser warning (a blank cell, a skipped row, an unreadable value);
    - the same series and period given twice with different values;
    - a document with figures but no monthly item 9 for its newest month;
    - no figure for the month the source itself says it holds (`expected_newest`);
    - a configured series key the source no longer lists.
    """
    misses = [f"warning: {w}" for w in warnings]
    values: dict[tuple[Series, str], set[float]] = defaultdict(set)
    for f in figures:
        values[(f.series, f"{f.period.kind}:{f.period}")].add(f.value_usd_millions)
    for (series, key), vals in sorted(values.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        if len(vals) > 1:
            misses.append(f"duplicate period: {series.value} {key.split(':', 1)[1]} has {sorted(vals)}")
    months = [f.period for f in figures if f.period.kind is PeriodKind.MONTH]
    if months:
        newest = max(months)
        if not any(f.series is Series.IT_EXPORTS and f.period == newest for f in figures) and any(
            f.series is Series.IT_EXPORTS for f in figures
        ):
            misses.append(f"no item-9 figure for the newest month {newest}")
    if expected_newest is not None and not any(
        f.period == expected_newest and f.period.kind is PeriodKind.MONTH for f in figures
    ):
        misses.append(f"no figure for the expected newest month {expected_newest}")
    found = set(found_keys)
    misses += [f"series key {k} missing from the source" for k in expected_keys if k not in found]
    return misses


__all__ = ["BAND", "MONTHLY_CEILING", "GateResult", "Held", "check", "last_complete_month", "silent_misses"]
