"""Period readings a careful reader would not bet on, so the amount gets no period at all.

Found by the red-team set (tests/extract/redteam_cases.py): each rule names a shape where
two readings are both natural and nothing in the words picks one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract import lexicon as lx
from tracker.model import PeriodKind

if TYPE_CHECKING:
    from tracker.extract.figures import SentenceReader
    from tracker.extract.periods import Mention

# "the July-September period of 2023": a year written after a period phrase that has none
_YEAR_AFTER = re.compile(
    r"\s*,?\s*(?:of|in)\s+(?:the\s+)?(?:(?:calendar|fiscal)\s+year\s+)?(?:FY\s*)?(?:19|20)\d\d\b"
)
_SEMICOLON = re.compile(r"[;؛]")


def deictic_before_anchor(r: SentenceReader, i: int, m: Mention) -> bool:
    """ "$313m last month, down from $348m in December": "last month" (or "last fiscal year")
    comes before any period it could be relative to; relative to now, or to the December named
    after it?"""
    if m.rel not in ("last_month", "prev_fy"):
        return False
    if any(p.period is not None and p.end <= m.start for p in r.mentions):
        return False
    if any(r.amounts[k].end <= m.start and r.absolute(k) for k in range(i)):
        return False
    return any(p.period is not None and p.start >= m.end for p in r.mentions)


def year_before_which(r: SentenceReader, m: Mention) -> bool:
    """ "June's exports were down from $310m in May but up from $236m a year earlier": two
    months are named before "a year earlier"; a year before which?"""
    if m.rel != "prev_year":
        return False
    months = {
        p.period
        for p in r.mentions
        if p.end <= m.start and p.period is not None and p.period.kind is PeriodKind.MONTH
    }
    return len(months) > 1


def year_said_after(r: SentenceReader, m: Mention) -> bool:
    """A period phrase without its year followed by "of 2023": the page date must not date it,
    and whether 2023 is a calendar or a fiscal year is not in the words."""
    return m.period is not None and not m.explicit and bool(_YEAR_AFTER.match(r.s, m.end))


def across_semicolon(r: SentenceReader, i: int, before: Mention, takers: list[int]) -> bool:
    """ "Remittances were $3.2bn in July; IT exports came in at $354m", "A year ago, in October
    2024, they were $330m; now they are $386m": the month before the semicolon belongs to
    another amount; this one's period is not said."""
    taken = bool(takers) or (
        i > 0 and r.amounts[i - 1].end <= r.amounts[i].start and r.took_mention(i - 1, before)
    )
    return taken and bool(_SEMICOLON.search(r.s, before.end, r.amounts[i].start))


def shared_unit_list(r: SentenceReader, i: int) -> bool:
    """ "نومبر اور اکتوبر میں … 383 اور 386 ملین ڈالر": a bare number shares this amount's unit,
    so two values sit beside two periods and which is which needs "respectively"; unread."""
    return bool(_BARE_BEFORE.search(r.s, r.prev_end(i), r.amounts[i].start))


_BARE_BEFORE = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d\b)(?:\d[\d.,]*|[۰-۹]+)\s*(?:and|&|or|اور|یا|,|،)\s*$")


def urdu_change_after_two(r: SentenceReader, i: int) -> bool:
    """ "اکتوبر میں … ستمبر کے 366 ملین ڈالر سے بڑھ کر 386 ملین ڈالر": the amount a change ends
    at, after a base amount and two months; the nearest month is the base's, so which is its?"""
    if not r.urdu or i == 0 or not lx.UR_FROM_CHANGE.match(r.s, r.amounts[i - 1].end):
        return False
    base = r.amounts[i - 1].start
    return sum(1 for m in r.mentions if m.period is not None and m.end <= base) > 1
