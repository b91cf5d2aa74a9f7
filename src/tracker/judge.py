"""Judge a candidate record against everything known about earlier months (pure).

A record rule over the accepted series says "month M beats the best before it". That is only
true if no earlier month was higher, and the accepted series is not all we know: a single
outlet, a conflict, a lower bound ("more than $400M") or a month derived from fiscal-year
totals may say otherwise, and a gap may hide a higher month. A candidate that any evidence
contradicts, or that a gap leaves unverifiable, is *held* with its reason and never sent.

Comparison windows. An *anchor* is a month that was the highest of the accepted series when it
came and is backed by SBP or the bundled history (or was itself sent as a verified record):
every month before an anchor was at most its value. For a candidate of value V the window is
every month after the latest anchor below V, up to the candidate:
- all-time high (and thresholds): every month in the window must be known;
- same-month high: that calendar month of every year in the window must be known;
- FYTD high: every complete earlier fiscal-year-to-date in the window must be known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tracker.model import Authority, Period
from tracker.reconcile import rounding_of
from tracker.rules import MonthValue, RecordFact


@dataclass(frozen=True)
class Claim:
    """The highest value anyone states for an earlier month, and who states it."""

    value: float
    who: str
    official: bool = False  # SBP's own value: no other statement about the month counts


@dataclass(frozen=True)
class Knowledge:
    """What the database knows about a series, beyond its canonical months."""

    months: Mapping[int, MonthValue]  # accepted months by month index
    claims: Mapping[int, Claim]  # highest statement per month (incl. accepted values)
    derived: Mapping[int, float]  # months derived from fiscal-year-to-date totals
    fytd_claims: Mapping[tuple[int, int], float]  # (fiscal year, fiscal month) -> highest total
    verified: frozenset[int] = frozenset()  # months sent earlier as verified all-time highs
    conflicts: frozenset[int] = frozenset()  # months whose news voices disagree
    totals: tuple[tuple[int, int, float], ...] = ()  # accepted (first, last, total) spans


CONFIRMED_AUTHORITIES = {Authority.OFFICIAL.value, Authority.BUNDLED.value}


def anchors(k: Knowledge) -> list[tuple[int, float]]:
    """Running-maximum months of the accepted series that SBP, the bundle or a sent verified
    record stand behind, in month order."""
    found: list[tuple[int, float]] = []
    best: float | None = None
    for index in sorted(k.months):
        m = k.months[index]
        if best is None or m.value > best:
            best = m.value
            if m.authority in CONFIRMED_AUTHORITIES or index in k.verified:
                found.append((index, m.value))
    return found


def _window_start(k: Knowledge, before: int, bound: float) -> int | None:
    """First month index of the window: after the latest anchor before `before` whose value is
    below `bound` (every month up to it was at most that value). None: nothing anchors it."""
    start = None
    for index, value in anchors(k):
        if index < before and value < bound:
            start = index + 1
    return start


def _known(k: Knowledge, index: int) -> bool:
    return index in k.months or index in k.derived


def upper_bound(k: Knowledge, index: int) -> float | None:
    """The most an unknown month can have been, from an accepted total over a span holding
    it (a fiscal year, a year to date): the total less every other month known in the span,
    each taken at the low end of its rounding. None when no total covers the month."""
    best: float | None = None
    for first, last, total in k.totals:
        if not first <= index <= last:
            continue
        others = 0.0
        for i in range(first, last + 1):
            if i == index:
                continue
            v = k.months[i].value if i in k.months else k.derived.get(i)
            others += 0.0 if v is None else v - rounding_of(v)
        bound = total + rounding_of(total) - others
        best = bound if best is None else min(best, bound)
    return best


def _month_label(index: int) -> str:
    return Period.from_index(index).label()


def _gap_reason(k: Knowledge, indexes: Iterable[int], value: float) -> str | None:
    """Unknown months in the window that could have reached `value` (no total bounds them
    below it) leave the candidate unverifiable."""
    missing = [
        i for i in indexes if not _known(k, i) and ((bound := upper_bound(k, i)) is None or bound >= value)
    ]
    if not missing:
        return None
    shown = ", ".join(_month_label(i) for i in missing[:3]) + (" …" if len(missing) > 3 else "")
    return f"unverifiable: no value known for {shown}"


def _evidence_reason(k: Knowledge, indexes: Iterable[int], value: float, value_rounding: float) -> str | None:
    """An earlier month stated at least as high (within both roundings) contradicts it."""
    for i in sorted(indexes):
        claim = k.claims.get(i)
        derived = k.derived.get(i)
        for v, who in (
            (claim.value, claim.who) if claim else (None, ""),
            (derived, "fiscal-year-to-date totals"),
        ):
            if v is not None and v + rounding_of(v) > value - value_rounding:
                return (
                    f"evidence: {_month_label(i)} was stated as ${v:g}M by {who}, "
                    f"at least as high as ${value:g}M"
                )
    return None


def _months_reason(
    k: Knowledge, month: int, value: float, bound: float, same_calendar_month: bool
) -> str | None:
    earlier = [
        i
        for i in k.claims.keys() | k.derived.keys()
        if i < month and (not same_calendar_month or (month - i) % 12 == 0)
    ]
    if (reason := _evidence_reason(k, earlier, value, rounding_of(value))) is not None:
        return reason
    start = _window_start(k, month, bound)
    if start is None:
        return "unverifiable: no confirmed history before it to compare with"
    return _gap_reason(
        k, [i for i in range(start, month) if not same_calendar_month or (month - i) % 12 == 0], bound
    )


def _fytd_reason(k: Knowledge, fact: RecordFact) -> str | None:
    fiscal_month = fact.period.fiscal_month
    fy = fact.period.fy
    for (other_fy, pos), total in sorted(k.fytd_claims.items()):
        if pos == fiscal_month and other_fy < fy and total + rounding_of(total) >= fact.value:
            return (
                f"evidence: Jul–{Period.from_index(fact.period.last - 12 * (fy - other_fy))}"
                f" FY{other_fy} was stated as ${total:g}M, at least as high"
            )
    # Every fiscal year in the window must have its months up to the same position known.
    per_month = fact.value / fiscal_month
    start = _window_start(k, fact.period.first, per_month)
    if start is None:
        return "unverifiable: no confirmed history before it to compare with"
    for other_fy in range(Period.from_index(start).fy, fy):
        first = Period.fiscal_year(other_fy).first
        span = range(max(first, start), first + fiscal_month)
        if (other_fy, fiscal_month) not in k.fytd_claims and (reason := _gap_reason(k, span, per_month)):
            return reason
    return None


def _margin_reason(fact: RecordFact) -> str | None:
    if fact.previous_value is None:
        return None
    margin = fact.value - fact.previous_value
    rounding = rounding_of(fact.value) + rounding_of(fact.previous_value)
    if margin < rounding:
        return (
            f"margin of ${margin:.2f}M is within the rounding of the values compared; "
            f"waiting for a more precise source"
        )
    return None


def hold_reason(fact: RecordFact, k: Knowledge) -> str | None:
    """Why a candidate record cannot be announced yet, or None if it stands on the evidence."""
    month = fact.period.last
    if fact.authority == Authority.NEWS.value and month in k.conflicts:
        return "open conflict: news outlets disagree about this month"
    if (reason := _margin_reason(fact)) is not None:
        return reason
    if fact.rule == "fytd_high":
        return _fytd_reason(k, fact)
    if fact.rule == "same_month_high":
        return _months_reason(k, month, fact.value, fact.value, same_calendar_month=True)
    # all-time high, and thresholds (no earlier month may have reached it)
    bound = fact.value
    if fact.rule.startswith("threshold_"):
        bound = float(fact.rule.removeprefix("threshold_"))
    return _months_reason(
        k, month, fact.value if bound == fact.value else bound - 1e-9, bound, same_calendar_month=False
    )


def first_month_candidates(months: Sequence[MonthValue], after: int | None) -> list[RecordFact]:
    """Months past the frontier that top everything accepted before them but have no earlier
    accepted month at all: the rules cannot call them records, yet a reader would expect to
    see why nothing was said (an empty database, a series starting late)."""
    ordered = sorted(months, key=lambda m: m.period.first)
    if not ordered:
        return []
    first = ordered[0]
    if after is not None and first.period.first <= after:
        return []
    return [
        RecordFact(
            "all_time_high",
            first.period,
            first.value,
            None,
            None,
            first.authority,
            first.status,
            first.vintage_id,
        )
    ]
