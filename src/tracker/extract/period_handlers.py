"""Period phrase handlers: turn a grammar match into a `Mention` (absolute, relative or blocker).

The regular expressions that call them live in `period_grammar.py`; resolution rules
(reference date, fiscal year, typo years) in `periods.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from tracker.extract.periods import (
    Mention,
    Ref,
    bare_month,
    count_value,
    fy_number,
    fytd_period,
    month_no,
    month_year_period,
    span_period,
    tail_fy,
)
from tracker.model import Period, fiscal_year_of, month_index

# -- handlers: match -> Mention ---------------------------------------------------------
Handler = Callable[[re.Match[str], Ref], Mention | None]


def _abs(m: re.Match[str], period: Period | None, weak: bool = False, **kw: bool) -> Mention:
    return Mention(m.start(), m.end(), period, weak=weak, **cast(dict[str, Any], kw))


def on_date(m: re.Match[str], ref: Ref) -> Mention | None:
    return None  # a day-date (dateline, "Nov 17"): consumed, never a period


def on_block(m: re.Match[str], ref: Ref) -> Mention | None:
    return Mention(m.start(), m.end())


def relative_mention(kind: str) -> Handler:
    return lambda m, ref: Mention(m.start(), m.end(), rel=kind)


def on_range(m: re.Match[str], ref: Ref) -> Mention | None:
    g = m.groupdict()
    m1, m2 = month_no(g["m1"] or g.get("u1") or ""), month_no(g["m2"] or g.get("u2") or "")
    y1, y2 = g.get("y1"), g.get("y2") or (g.get("yy2") and "20" + g["yy2"])
    fy = fy_number(g.get("fy1"), g.get("fy2")) or fy_number(g.get("fy3"), g.get("fy5"))
    weak = False
    if fy is None and g.get("uprev") and ref.previous_fy:
        fy = ref.previous_fy
    if fy is None and y2:
        fy = fiscal_year_of(int(y2), m2)
    elif fy is None and y1:
        fy = int(y1) + (1 if m1 >= 7 else 0)
    elif fy is None:
        end, weak = bare_month(m2, ref)
        fy = end.fy if end else None
        if fy is not None and g.get("lastyr"):  # "July-October last year"
            fy -= 1
    return _abs(m, span_period(m1, m2, fy), weak)


def on_month_year(m: re.Match[str], ref: Ref) -> Mention | None:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else 2000 + int(g["yy"])
    period, weak = month_year_period(month_no(g.get("mon") or g["um"]), year, ref)
    return _abs(m, period, weak, explicit=True)


def on_bare_month(m: re.Match[str], ref: Ref) -> Mention | None:
    g = m.groupdict()
    month = month_no(g.get("mon") or g["um"])
    rel = g.get("urel")
    if rel and ref.data_month is not None:  # "رواں سال اکتوبر": October of the reference year
        year = ref.data_month // 12 - (1 if rel in ("گزشتہ", "پچھلے") else 0)
        idx = month_index(year, month)
        ok = idx <= ref.data_month
        return _abs(m, Period.from_index(idx) if ok else None, ref.estimated)
    period, weak = bare_month(month, ref)
    return Mention(m.start(), m.end(), period, weak=weak, month=month)


def on_month_last_year(m: re.Match[str], ref: Ref) -> Mention | None:
    """`October last year`, `October a year ago`: that month of the calendar year before."""
    return Mention(m.start(), m.end(), rel="month_last_year", month=month_no(m["mon"]))


def on_last_named_month(m: re.Match[str], ref: Ref) -> Mention | None:
    """`last December`: the newest December before now, or the one before a December just named."""
    return Mention(m.start(), m.end(), rel="last_named_month", month=month_no(m["mon"]))


def on_month_prev_fy(m: re.Match[str], ref: Ref) -> Mention | None:
    """`گزشتہ مالی سال (کے) اکتوبر`: that month in the fiscal year before."""
    return Mention(m.start(), m.end(), rel="month_prev_fy", month=month_no(m["um"]))


def on_first_month(m: re.Match[str], ref: Ref) -> Mention | None:
    """ "The first month of the current fiscal year": its July, once July's figure is out."""
    cur = ref.current_fy
    if cur is None or ref.data_month is None or ref.data_month < month_index(cur - 1, 7):
        return Mention(m.start(), m.end())
    return _abs(m, Period.month(cur - 1, 7))


def on_same_month_of(m: re.Match[str], ref: Ref) -> Mention | None:
    """`the same month of 2024`: the stated month's calendar month, in that year."""
    return Mention(m.start(), m.end(), rel="same_month_of", fy=int(m["y"]))


def on_month_in_fy(m: re.Match[str], ref: Ref) -> Mention | None:
    fy, _ = tail_fy(m, ref)
    month = month_no(m["mon"])
    if fy is None:
        return _abs(m, None)
    return _abs(m, Period.month(fy - 1 if month >= 7 else fy, month))


def on_through(m: re.Match[str], ref: Ref) -> Mention | None:
    g = m.groupdict()
    month = month_no(g["mon"])
    if g.get("y") or g.get("yy"):
        end, weak = month_year_period(month, int(g["y"]) if g.get("y") else 2000 + int(g["yy"]), ref)
    else:
        end, weak = bare_month(month, ref)
    n = 3 if g.get("qtr") else count_value(g["n"].lower()) if g.get("n") else None
    if end is not None and n == 3 and end.fiscal_month % 3 == 0:
        return _abs(m, Period.quarter(end.fy, end.fiscal_month // 3), weak)  # "the quarter ended March"
    if end is None or (n is not None and n != end.fiscal_month):
        return _abs(m, None)  # "the 12 months to December": a rolling window, not a fiscal span
    return _abs(m, span_period(7, month, end.fy), weak)  # Jul–Sep a quarter, Jul–Jun the year


def on_code(m: re.Match[str], ref: Ref) -> Mention | None:
    """`1QFY26`, `Q1 FY26`, `5MFY25`, `1HFY24` / `H1FY24`."""
    g = m.groupdict()
    fy = fy_number(g["cy"], g.get("cy2"))
    if g.get("q"):
        return _abs(m, Period.quarter(fy, int(g["q"])) if fy else None)
    if g.get("n"):
        return _abs(m, fytd_period(fy, int(g["n"]), ref, current=False))
    half = g.get("h") or g.get("h2")
    return _abs(m, fytd_period(fy, 6, ref, current=False) if half == "1" else None)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_UORD = {"پہلی": 1, "دوسری": 2, "تیسری": 3, "چوتھی": 4}


def on_quarter(m: re.Match[str], ref: Ref) -> Mention | None:
    fy, _ = tail_fy(m, ref)
    q = _ORD[m["ord"].lower()]
    explicit = bool(m["fy1"] or m["fy3"] or m["fy5"])
    return _abs(m, _current_quarter(fy, q, ref, current=not explicit))


def _current_quarter(fy: int | None, q: int, ref: Ref, current: bool) -> Period | None:
    """Quarter q of `fy`; one of "the current fiscal year" that has not ended yet is no period."""
    if fy is None:
        return None
    p = Period.quarter(fy, q)
    if current and ref.data_month is not None and not ref.estimated and p.last > ref.data_month:
        return None
    return p


def on_nmonths(m: re.Match[str], ref: Ref) -> Mention | None:
    fy, said = tail_fy(m, ref)
    if not (said or m["first"]):
        return _abs(m, None)
    explicit = bool(m["fy1"] or m["fy3"] or m["fy5"])
    return _abs(m, fytd_period(fy, count_value(m["n"].lower()), ref, current=not explicit))


def on_half(m: re.Match[str], ref: Ref) -> Mention | None:
    fy, _ = tail_fy(m, ref)
    if m["ord"].lower() not in ("first", "1st"):
        return _abs(m, None)
    return _abs(m, fytd_period(fy, 6, ref, current=not (m["fy1"] or m["fy3"])))


def on_fy(m: re.Match[str], ref: Ref) -> Mention | None:
    fy = fy_number(m["fy1"], m.groupdict().get("fy2"))
    return Mention(m.start(), m.end(), _running_year(fy, ref), weak=ref.estimated and fy is not None)


def on_bare_fy(m: re.Match[str], ref: Ref) -> Mention | None:
    """`2019-20` with no FY word: beside a year-to-date figure it names that span's year."""
    mention = on_fy(m, ref)
    return replace(mention, bare_fy=True) if mention is not None else None


def _running_year(fy: int | None, ref: Ref) -> Period | None:
    """A fiscal year not over at the reference date is the year to date (SBP's newest month).

    "IT exports during fiscal year 2021-22 reached $1.3 billion", printed in January 2022, is
    July–December; a year that has not started is no period at all.
    """
    if fy is None:
        return None
    year = Period.fiscal_year(fy)
    if ref.data_month is None or year.last <= ref.data_month:
        return year
    through = ref.fy_month if ref.estimated and ref.fy_month is not None else ref.data_month
    if through < year.first:
        return None
    return span_period(7, through % 12 + 1, fy)


def on_same_fy(m: re.Match[str], ref: Ref) -> Mention | None:
    fy = fy_number(m["fy1"], m["fy2"]) if m["fy1"] else fy_number(m["fy3"], m["fy5"])
    return Mention(m.start(), m.end(), rel="fy_shift", fy=fy)


def on_fy_rel(m: re.Match[str], ref: Ref) -> Mention | None:
    prev = m["w"].lower() in ("previous", "last", "preceding", "prior")
    return Mention(m.start(), m.end(), rel="prev_fy" if prev else "cur_fy")


def on_last_month(m: re.Match[str], ref: Ref) -> Mention | None:
    if ref.data_month is None or ref.estimated:
        return Mention(m.start(), m.end())
    return Mention(m.start(), m.end(), rel="last_month")


def on_urdu_span(m: re.Match[str], ref: Ref) -> Mention | None:
    """`رواں مالی سال کے ابتدائی چار ماہ`, `پہلی ششماہی`, `پہلی سہ ماہی`, `گزشتہ 8 ماہ`."""
    g = m.groupdict()
    cur = ref.current_fy
    fy = fy_number(g.get("fy1"), g.get("fy2")) or cur
    if fy and not (g.get("fy1")) and g.get("urel") in ("گزشتہ", "پچھلے") and g.get("fyword"):
        fy = ref.previous_fy or fy - 1
    current = fy == cur
    if g.get("half"):
        return _abs(m, fytd_period(fy, 6, ref, current) if g["half"] == "پہلی" else None)
    if g.get("uq"):
        return _abs(m, _current_quarter(fy, _UORD[g["uq"]], ref, current))
    return _abs(m, fytd_period(fy, count_value(g["n"]), ref, current))


def two_digit_year(m: re.Match[str]) -> re.Match[str]:
    return _YYMatch(m)  # type: ignore[return-value]


class _YYMatch:
    """A match view that folds the hyphenated two-digit year into `yy`."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def groupdict(self) -> dict[str, str | None]:
        g = self._m.groupdict()
        g["yy"] = g.get("yy") or g.get("yy2")
        return g

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()
