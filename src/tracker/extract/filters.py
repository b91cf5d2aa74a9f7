"""Why an amount is not a figure: other currencies and countries, deltas, averages, rates,
targets, thresholds, approximations, superseded values and old records (or a lower bound)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.extract import lexicon as lx
from tracker.extract.lists import amount_run

if TYPE_CHECKING:
    from tracker.extract.figures import SentenceReader


def foreign(r: SentenceReader, i: int) -> bool:
    """The nearest place named before amount i is another country (India, Bangladesh …)."""
    head = r.s[: r.amounts[i].start]
    places = [(m.start(), "f") for m in lx.FOREIGN.finditer(head)]
    places += [(m.start(), "p") for m in lx.PAKISTAN.finditer(head)]
    return bool(places) and max(places)[1] == "f"


def in_range(r: SentenceReader, i: int) -> bool:
    """Amount i is an end of a range ("$340m-$350m", "between $340m and $350m", Urdu "X سے Y
    کے درمیان"; "$340m to $350m" when the two are close and no "from" opens it: "rose $36m to
    $348m" is no range)."""
    if lx.BETWEEN_AFTER.match(r.s, r.amounts[i].end):
        return True
    for k in (i - 1, i):
        if k < 0 or k + 1 >= len(r.amounts):
            continue
        lo, hi = r.amounts[k], r.amounts[k + 1]
        if lx.RANGE_UR_GAP.fullmatch(r.s, lo.end, hi.start) and lx.BETWEEN_AFTER.match(r.s, hi.end):
            return True
        head = r.s[r.prev_end(k) : lo.start]
        if lx.BETWEEN_BEFORE.search(head) and lx.RANGE_AND_GAP.fullmatch(r.s, lo.end, hi.start):
            return True
        if lx.PAIR_FROM.search(head):
            continue
        if lx.RANGE_GAP.fullmatch(r.s, lo.end, hi.start):
            return True
        close = 0 < lo.value < hi.value <= 1.3 * lo.value
        if close and lx.RANGE_TO_GAP.fullmatch(r.s, lo.end, hi.start):
            return True
    return False


def reject(r: SentenceReader, i: int) -> tuple[str | None, str | None]:
    """(reason to drop, bound) for amount i; a listed amount ("expected to reach $X and $Y")
    shares the reason of the list's first amount, whose cue words govern the whole list."""
    lo, _ = amount_run(r, i)
    if lo < i:
        why, _ = _reject(r, lo)
        if why is not None and why != "not dollars":
            return why, None
    return _reject(r, i)


def _reject(r: SentenceReader, i: int) -> tuple[str | None, str | None]:
    a = r.amounts[i]
    if a.currency != "USD":
        prev = r.amounts[i - 1] if i else None
        joined = prev is not None and prev.currency == "USD" and r.is_pair_first(i - 1)
        if not (joined and a.has_scale):
            return "not dollars", None
    before = r.s[r.prev_end(i) : a.start]
    cuts = list(lx.CLAUSE.finditer(before))
    clause = before[cuts[-1].end() :] if cuts else before
    after = r.s[a.end : r.next_start(i)]
    near_after = r.clause_after(i)
    if foreign(r, i):
        return "another country", None
    if lx.SUPERSEDED_BEFORE.search(before):
        return "superseded", None
    if lx.PREV_RECORD_BEFORE.search(before) and not lx.RECORD_SET_IN.match(after):
        return "old record", None
    if lx.DELTA_BEFORE.search(before) or lx.DELTA_AFTER.search(after):
        return "delta", None
    if lx.AVERAGE.search(clause) or lx.AVERAGE.search(near_after[:40]):
        return "average", None
    if lx.PER_UNIT_AFTER.search(after):
        return "rate", None
    if lx.TARGET.search(clause) or lx.TARGET_AFTER.search(near_after) or lx.CONDITION_BEFORE.search(before):
        return "target", None
    if lx.THRESHOLD_AFTER.search(after):
        return "threshold", None
    if lx.APPROX_BEFORE.search(before) or lx.UPPER_AFTER.search(after) or in_range(r, i):
        return "approximate", None
    if lx.LOWER_BEFORE.search(before) or lx.LOWER_AFTER.search(after):
        _, _, own = r.period(i)
        round_ = a.value % 100 == 0
        if not own or (round_ and (r.headline or lx.FIRST_TIME.search(r.s))):
            return "threshold", None
        return None, "lower"
    return None, None
