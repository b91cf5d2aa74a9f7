"""Period grammar: months, fiscal years (July–June), FYTD spans and quarters, as news writes them.

A mention is either absolute (`December 2025`, `1QFY26`, `July-March 2024-25`, `5MFY25`),
relative to another figure's period (`same month last year`, `previous month`, `the period
under review`), or a blocker: a period the extractor cannot use (a calendar year, a 12-month
window), which stops a neighbouring amount from borrowing some other period.
Bare months and "current fiscal year" are resolved against a reference (publication) date;
without one they resolve to nothing rather than to a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.extract.urdu import ENGLISH_COUNTS, URDU_MONTHS, URDU_NUMBER_WORDS
from tracker.model import Period, PeriodKind, fiscal_year_of, month_index

_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


@dataclass(frozen=True)
class Ref:
    """What "now" is for a document: the newest month whose figure can be out, and the FY."""

    data_month: int | None = None  # month index; publication month - 1
    fy_month: int | None = None  # month whose fiscal year is "the current fiscal year"
    estimated: bool = False  # derived from the text's own dates, not a publication date
    explicit: frozenset[int] = field(default_factory=frozenset)
    typos: frozenset[int] = field(default_factory=frozenset)  # month-years typed a year late

    @classmethod
    def published(cls, day: date | None) -> Ref:
        if day is None:
            return cls()
        last = month_index(day.year, day.month) - 1
        return cls(last, last)

    @property
    def previous_fy(self) -> int | None:
        """ "Last fiscal year" at the page date: in July 2025 that is FY2025, just ended, even
        though SBP's newest month (June) still belongs to it."""
        if self.data_month is None:
            return None
        pub = self.data_month + 1
        return fiscal_year_of(pub // 12, pub % 12 + 1) - 1

    @property
    def current_fy(self) -> int | None:
        if self.fy_month is None:
            return None
        return fiscal_year_of(self.fy_month // 12, self.fy_month % 12 + 1)


@dataclass(frozen=True)
class Mention:
    """A period phrase in a sentence; `period` None and `rel` None means a blocker."""

    start: int
    end: int
    period: Period | None = None
    rel: str | None = None  # prev_year, prev_month, last_month, same, fy_shift, prev_fy, cur_fy
    fy: int | None = None  # target fiscal year of fy_shift
    weak: bool = False  # resolved by a guess (typo-corrected year, estimated date)
    explicit: bool = False  # a month written with its year
    bare_fy: bool = False  # a fiscal year written as `2019-20`, without "FY" or "fiscal year"
    month: int | None = None  # calendar month of a bare month name (resolved by the page date)

    @property
    def blocker(self) -> bool:
        return self.period is None and self.rel is None


def fy_number(y1: str | None, y2: str | None = None) -> int | None:
    """Fiscal year from `2024-25`, `FY2021-22`, `FY26`, `2021`, or Urdu's reversed `25-2024`."""
    if y1 is None:
        return None
    a = int(y1) + (2000 if len(y1) == 2 else 0)
    if y2 is None:
        fy = a
    elif len(y1) == 2 and len(y2) == 4:
        fy = int(y2) + 1
    else:
        fy = int(y2) + (a // 100 * 100 if len(y2) == 2 else 0)
        if fy < a:
            fy += 100
    return fy if 1990 <= fy <= 2100 else None


def month_no(name: str) -> int:
    return URDU_MONTHS.get(name) or _EN_MONTHS[name[:3].lower()]


def count_value(word: str) -> int:
    return int(word) if word.isdigit() else ENGLISH_COUNTS.get(word) or URDU_NUMBER_WORDS[word]


def tail_fy(m: re.Match[str], ref: Ref) -> tuple[int | None, bool]:
    """(fiscal year, whether the tail said anything) from a `_FYTAIL` match."""
    g = m.groupdict()
    fy = fy_number(g.get("fy1"), g.get("fy2")) or fy_number(g.get("fy3")) or fy_number(g.get("fy5"))
    if fy:
        return fy, True
    said = bool(g.get("frel") or g.get("fword"))
    cur = ref.current_fy
    if ref.previous_fy and g.get("frel") in ("last", "previous", "preceding"):
        return ref.previous_fy, True
    return cur, said


_ESTIMATE_REACH = 3  # months before an estimated "now" that a bare month may still name


def bare_month(month: int, ref: Ref) -> tuple[Period | None, bool]:
    """The newest such month not after the reference month; weak when the date is estimated."""
    if ref.data_month is None:
        return None, False
    if ref.estimated:
        same = [i for i in ref.explicit if i % 12 + 1 == month]
        if same:
            return Period.from_index(max(same)), True
    idx = ref.data_month - (ref.data_month % 12 + 1 - month) % 12
    if ref.estimated and ref.data_month - idx >= _ESTIMATE_REACH:
        # The page may be months newer than the newest month it dates: "March" after "December
        # 2023" may be March 2024 as well as March 2023.
        return None, False
    return Period.from_index(idx), ref.estimated


def month_year_period(month: int, year: int, ref: Ref) -> tuple[Period | None, bool]:
    """An explicit month; a month after publication is a typo for the year before, if that fits."""
    idx = month_index(year, month)
    if idx in ref.typos:
        return Period.from_index(idx - 12), True
    if ref.data_month is None or ref.estimated or idx <= ref.data_month:
        return Period.from_index(idx), False
    if idx - 12 <= ref.data_month:
        return Period.from_index(idx - 12), True
    return None, False


def fytd_period(fy: int | None, months: int, ref: Ref, current: bool) -> Period | None:
    if fy is None or not 1 <= months <= 12:
        return None
    # Jul–Sep is the first quarter and Jul–Jun the year, however the text counts them.
    p = span_period(7, (7 + months - 1 - 1) % 12 + 1, fy)
    assert p is not None
    if current and ref.data_month is not None and not ref.estimated and p.last > ref.data_month:
        return None
    return p


def span_period(m1: int, m2: int, fy: int | None) -> Period | None:
    """A month range inside a fiscal year: Jul–X is FYTD, Jul–Jun the year, 3 aligned a quarter."""
    if fy is None:
        return None
    if m1 == 7:
        if m2 == 6:
            return Period.fiscal_year(fy)
        if m2 == 9:
            return Period.quarter(fy, 1)
        return Period.fytd(fy, m2)
    start = (m1 - 7) % 12
    if start % 3 == 0 and (m2 - m1) % 12 == 2:
        return Period.quarter(fy, start // 3 + 1)
    return None


def shift(period: Period, months: int) -> Period:
    return Period(period.first + months, period.last + months, period.kind)


def resolve(m: Mention, local: Period | None, doc: Period | None, ref: Ref) -> Period | None:
    """The period a mention names, given the sentence's own anchor and the document's."""
    if m.period is not None or m.rel is None:
        return m.period
    anchor = local or doc
    if m.rel == "prev_fy":
        if local is not None:  # beside a month, "last fiscal year" may be the year or the month
            return None if local.kind is PeriodKind.MONTH else shift(local, -12)
        prev = ref.previous_fy
        return Period.fiscal_year(prev) if prev else None
    if m.rel == "last_month":  # beside another month it is that month's predecessor
        if local is not None and local.kind is PeriodKind.MONTH:
            return local.previous()
        return Period.from_index(ref.data_month) if ref.data_month is not None else None
    if m.rel == "cur_fy":
        return local
    if m.rel == "same_month_of" and m.fy is not None:
        return Period.month(m.fy, anchor.month_number) if anchor and anchor.kind is PeriodKind.MONTH else None
    if m.rel == "month_prev_fy" and m.month is not None:
        base = anchor.last if anchor is not None else ref.fy_month
        if base is None:
            return None
        fy = fiscal_year_of(base // 12, base % 12 + 1) - 1
        return Period.month(fy - 1 if m.month >= 7 else fy, m.month)
    if m.rel == "last_named_month" and m.month is not None:
        named = local or doc
        if named is not None and named.kind is PeriodKind.MONTH and named.month_number == m.month:
            return shift(named, -12)  # "$348m in December versus $259m last December"
        if local is not None:
            return None  # "$312m in November against $280m last December": which December?
        return bare_month(m.month, ref)[0]
    if m.rel == "month_last_year" and m.month is not None:
        now = ref.data_month + 1 if ref.data_month is not None else None
        base = local.last if local is not None else now
        doc_year = doc.last // 12 if doc is not None and doc.kind is PeriodKind.MONTH else None
        if local is None and now is not None and doc_year is not None and doc_year != now // 12:
            return None  # in January: the year before now, or before the December just named?
        return Period.month(base // 12 - 1, m.month) if base is not None else None
    if anchor is None:
        return None
    if m.rel == "prev_year":
        return shift(anchor, -12)
    if m.rel == "same":
        return anchor
    if m.rel == "the_month":  # "during the month": the month last named, never a span
        return anchor if anchor.kind is PeriodKind.MONTH else None
    if m.rel == "prev_month":
        return anchor.previous() if anchor.kind is PeriodKind.MONTH else None
    if m.rel == "fy_shift" and m.fy:
        return shift(anchor, (m.fy - fiscal_year_of(anchor.last // 12, anchor.last % 12 + 1)) * 12)
    return None
