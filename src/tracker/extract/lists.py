"""Lists of amounts beside lists of periods: "in FY23 and FY24 were $2.6bn and $3.2bn".

Each amount takes the period in the same place of the other list only when the text says
"respectively" (or بالترتیب) and the two lists are the same length; otherwise which amount
belongs to which period is not in the words, and none of them gets a period.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract import lexicon as lx
from tracker.extract.period_grammar import find_mentions
from tracker.model import PeriodKind

if TYPE_CHECKING:
    from tracker.extract.figures import SentenceReader
    from tracker.extract.periods import Mention

RESPECTIVELY = re.compile(r"(?i:\brespectively\b)|بالترتیب")


def amount_run(r: SentenceReader, i: int) -> tuple[int, int]:
    """First and last index of the amounts listed together with amount i ("$X, $Y and $Z")."""
    lo = hi = i
    while lo > 0 and lx.LIST_GAP.fullmatch(r.s, r.amounts[lo - 1].end, r.amounts[lo].start):
        lo -= 1
    while hi + 1 < len(r.amounts) and lx.LIST_GAP.fullmatch(r.s, r.amounts[hi].end, r.amounts[hi + 1].start):
        hi += 1
    return lo, hi


def period_run(r: SentenceReader, m: Mention, forward: bool) -> list[Mention]:
    """The mentions listed together with m ("October, November and December"), in order."""
    ms = r.mentions
    k = ms.index(m)
    lo = hi = k
    if forward:
        while hi + 1 < len(ms) and lx.LIST_GAP.fullmatch(r.s, ms[hi].end, ms[hi + 1].start):
            hi += 1
    else:
        while lo > 0 and lx.LIST_GAP.fullmatch(r.s, ms[lo - 1].end, ms[lo].start):
            lo -= 1
    return ms[lo : hi + 1]


def _split(r: SentenceReader, m: Mention) -> list[Mention] | None:
    """ "November and December 2024", read as one span by the grammar, as its two months."""
    cut = lx.AND.search(r.s, m.start, m.end)
    if cut is None:
        return [m]
    first, second = r.s[m.start : cut.start()], r.s[cut.end() : m.end]
    late = find_mentions(second, r.state.ref)
    year = _YEAR.search(second)
    undated = not year and not _YEAR.search(first)
    if year and not _YEAR.search(first):
        first = f"{first} {year.group()}"
    early = find_mentions(first, r.state.ref)
    if len(early) != 1 or len(late) != 1 or early[0].period is None or late[0].period is None:
        return None
    a, b = early[0].period, late[0].period
    if undated and a.kind is b.kind is PeriodKind.MONTH and a.first == b.first + 1:
        return [early[0], late[0]]  # "August and July": latest first, each read from the page date
    if not a < b:
        return None  # "December and January 2025": the year of December is not written
    return [early[0], late[0]]


def respective(r: SentenceReader, i: int, m: Mention, forward: bool) -> tuple[bool, Mention | None]:
    """(amount i and mention m are in two lists, the mention that is i's if the text pairs them)."""
    lo, hi = amount_run(r, i)
    run: list[Mention] | None = period_run(r, m, forward)
    joined = lx.AND.search(r.s, m.start, m.end) is not None  # "July and August, 2020": one mention
    if lo == hi or (run is not None and len(run) < 2 and not joined):
        return False, None
    if not RESPECTIVELY.search(r.s):
        return True, None
    parts = [_split(r, p) for p in run or []]
    run = None if any(p is None for p in parts) else [x for p in parts for x in p or []]
    if run is None or len(run) != hi - lo + 1:
        return True, None
    kinds = {p.period.kind if p.period is not None else None for p in run}
    if len(kinds) != 1:
        return True, None  # "FY24 and FY25" with FY25 still running (a year to date): unlike items

    return True, run[i - lo]


_YEAR = re.compile(r"(?:19|20)\d\d")


def list_period(r: SentenceReader, i: int) -> tuple[bool, Mention | None]:
    """(amount i is in a list of amounts beside a list of periods, the mention that is its own)."""
    lo, hi = amount_run(r, i)
    if lo == hi:
        return False, None
    end = r.amounts[hi].end
    after = [m for m in r.mentions if end <= m.start < r.next_start(hi)]
    if after and r.gap_ok(end, after[0]):
        return respective(r, i, after[0], forward=True)
    before, intervening = r.before(lo)
    if before is not None and not intervening:
        return respective(r, i, before, forward=False)
    return False, None
