"""Sentence → Figure: tie each dollar amount to its series and period, or reject it.

Precision comes first: an amount becomes a figure only when its period is stated (or firmly
implied) and nothing marks it as a target, average, delta, threshold or another series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract import doubts
from tracker.extract import lexicon as lx
from tracker.extract.filters import reject
from tracker.extract.lists import list_period
from tracker.extract.money import find_amounts
from tracker.extract.period_grammar import find_mentions
from tracker.extract.periods import Mention, Ref, resolve, shift
from tracker.extract.sentences import adjoins, chain_relatives, date_bare_months, quote
from tracker.extract.series_of import series_of
from tracker.extract.urdu import is_urdu
from tracker.model import Period, PeriodKind, Series


@dataclass
class Candidate:
    """An amount on its way to becoming a Figure, with why it might not."""

    value: float
    quote: str
    period: Period | None = None
    series: Series | None = None
    bound: str | None = None
    weak: bool = False
    explicit: bool = False  # period from a mention of its own (not inherited)
    relative: bool = False  # ... from a mention without its year ("last year's December")
    took: tuple[int, int] | None = None  # (the mention's start, its distance from the amount)
    headline: bool = False
    reject: str | None = None
    named: bool = False  # a period phrase is attached but names no period we can resolve


@dataclass
class DocState:
    """What one sentence leaves to the next: the last stated period and series."""

    ref: Ref
    default_series: Series | None
    anchor: Period | None = None
    month: Period | None = None  # the month last named outright ("during the month")
    running: Series | None = None
    last: Series | None = None  # series of the last figure read (a pronoun's subject)
    pseb: bool = False  # the article names PSEB, whose "IT and ITeS" series excludes telecom


class SentenceReader:
    """Reads the amounts of one sentence against the document state."""

    def __init__(self, text: str, state: DocState, headline: bool) -> None:
        self.s = text
        self.state = state
        self.headline = headline
        self.urdu = is_urdu(text)
        self.amounts = find_amounts(text)
        found = find_mentions(text, state.ref) if self.amounts else []
        self.mentions = chain_relatives(date_bare_months(found, text), self.amounts)
        self.masked = lx.mask_names(text)
        self.words = lx.series_words(self.masked)
        self._periods: dict[int, tuple[Period | None, bool, bool]] = {}
        self._busy: set[int] = set()
        self._used: dict[int, Mention | None] = {}  # the mention each amount's period came from
        self.mom = bool(lx.MOM.search(text))
        self.yoy = bool(lx.YOY.search(text))

    # -- periods ------------------------------------------------------------------------
    def gap_ok(self, a_end: int, m: Mention) -> bool:
        gap = self.s[a_end : m.start]
        return len(gap.split()) <= 12 and not lx.ATTACH_BREAK.search(gap)

    def next_start(self, i: int) -> int:
        return self.amounts[i + 1].start if i + 1 < len(self.amounts) else len(self.s)

    def prev_end(self, i: int) -> int:
        return self.amounts[i - 1].end if i > 0 else 0

    def _after(self, i: int) -> Mention | None:
        a = self.amounts[i]
        following = [m for m in self.mentions if a.end <= m.start < self.next_start(i)]
        if not following or not self.gap_ok(a.end, following[0]):
            return None
        first = following[0]
        if _LABEL_AFTER.match(self.s, first.end):
            return None  # "(Sep-25: $366mn)": a label of the next amount, not this one's period
        # "$X a year earlier in October 2024": the written month-year wins over the phrase.
        for m in following[1:2]:
            if first.rel and m.period is not None and adjoins(self.s[first.end : m.start]):
                return m
        return first

    def before(self, i: int) -> tuple[Mention | None, bool]:
        """Last mention before amount i, and whether other amounts stand between them."""
        a = self.amounts[i]
        best = None
        for m in self.mentions:
            if m.end <= a.start:
                best = m
        if best is None:
            return None, False
        return best, best.end <= self.prev_end(i)

    def _own_before(self, i: int, before: Mention, after: Mention) -> bool:
        """A stated period just before the amount wins over one after a clause break."""
        if before.period is None or before.rel is not None or self.urdu or self.is_comparison(i):
            return False
        first = min(m.start for m in self.mentions if m.start >= self.amounts[i].end)
        return bool(lx.CLAUSE.search(self.s, self.amounts[i].end, min(first, after.start)))

    def is_from(self, i: int) -> bool:
        return bool(lx.PAIR_FROM.search(self.s[: self.amounts[i].start]))

    def is_pair_first(self, i: int) -> bool:
        a = self.amounts[i]
        if i + 1 >= len(self.amounts) or not lx.PAIR_FROM.search(self.s[: a.start]):
            return False
        return bool(lx.PAIR_TO.search(self.s[a.end : self.amounts[i + 1].start]))

    def _pair_periods(self, i: int) -> tuple[Period, Period] | None:
        """`… in May 2024 from April, from $X to $Y`: two periods named before a from/to pair.

        The earlier period is the `from` amount's, the later one the `to` amount's.
        """
        if not self.is_pair_first(i) or self._after(i) or self._after(i + 1):
            return None
        a = self.amounts[i]
        named = [m.period for m in self.mentions if m.end <= a.start and m.period is not None]
        named = [p for p in named if p.kind is named[-1].kind][-2:] if named else []
        if len(named) < 2 or named[0] == named[1]:
            return None
        return (min(named), max(named))

    def is_comparison(self, i: int) -> bool:
        a = self.amounts[i]
        if lx.COMPARE_BEFORE.search(self.s[self.prev_end(i) : a.start]):
            return True
        return bool(lx.COMPARE_AFTER.search(self.s[a.end : a.end + 30]))

    def local_anchor(self, i: int, until: int | None = None) -> Period | None:
        """The period a relative phrase refers back to: that of an earlier amount (ending
        before `until`, the phrase's own start), else the sentence's first stated period."""
        for k in range(i - 1, -1, -1):
            if until is not None and self.amounts[k].end > until:
                continue
            p = self.period(k)[0]
            if p is not None and self.absolute(k):  # "… a year ago and $Y a month ago": both
                return p  # refer to the stated period, not to each other
        for m in self.mentions:
            if m.period is not None:
                return m.period
        return None

    def _amount_list(self, i: int) -> bool:
        """Amount i stands in a list of amounts ("$X and $Y", "$X, $Y and $Z")."""
        near = [
            (self.amounts[k].end, self.amounts[k + 1].start)
            for k in (i - 1, i)
            if 0 <= k < len(self.amounts) - 1
        ]
        return any(lx.LIST_GAP.fullmatch(self.s, lo, hi) for lo, hi in near)

    def _listed(self, m: Mention) -> bool:
        """The mention closes a list of periods ("September and October 2025")."""
        if lx.AND.search(self.s, m.start, m.end):
            return True  # "July and August, 2020 were $X and $Y": one span or two months?
        month = m.period.kind is PeriodKind.MONTH if m.period is not None else None
        return any(
            lx.LIST_GAP.fullmatch(self.s, p.end, m.start)
            and (p.period is None or month is None or (p.period.kind is PeriodKind.MONTH) == month)
            for p in self.mentions
            if p.end <= m.start
        )

    def _two_stated(self, i: int, until: int) -> bool:
        """Earlier amounts, ending before `until`, took two different months named outright."""
        months = {
            p
            for k in range(i)
            if self.amounts[k].end <= until
            and self.absolute(k)
            and (p := self.period(k)[0]) is not None
            and p.kind is PeriodKind.MONTH
        }
        return len(months) > 1

    def _stated_before(self, i: int, until: int) -> bool:
        """An earlier amount, ending before `until`, took a period named outright."""
        return any(self.amounts[k].end <= until and self.absolute(k) for k in range(i))

    def _resolve(self, m: Mention, i: int, anchor: Period | None) -> Period | None:
        """Resolve mention m for amount i; a relative phrase refers to what was said before it."""
        st = self.state
        if m.bare_fy and m.period is not None and m.period.kind is PeriodKind.FISCAL_YEAR:
            # "$1.1bn during July-January (2020-21) against $811m during (2019-20)"
            local = self.local_anchor(i, m.start) if i else None
            if local is not None and _is_span(local):
                return shift(local, (m.period.fy - local.fy) * 12)
        if m.rel == "same" and lx.THIS_YEAR.match(self.s, m.start) and self._stated_before(i, m.start):
            return None  # "$X in October 2024; this year $Y": not October 2024 again
        if anchor is None and m.rel == "prev_year" and self._two_stated(i, m.start):
            return None  # "$X in October, up from $Y in September and $Z a year earlier": of which?
        if doubts.year_said_after(self, m):
            return None
        if anchor is None and (doubts.deictic_before_anchor(self, i, m) or doubts.year_before_which(self, m)):
            return None
        if anchor is None and m.rel is not None:
            anchor = self.local_anchor(i, m.start)
        if m.rel == "the_month":
            local = anchor if anchor is not None and anchor.kind is PeriodKind.MONTH else None
            return resolve(m, local, st.month, st.ref)
        return resolve(m, anchor, st.anchor, st.ref)

    def period(self, i: int) -> tuple[Period | None, bool, bool]:
        """(period, weak, own) of amount i; memoised, cycle-safe for from/to pairs."""
        if i in self._periods:
            return self._periods[i]
        if i in self._busy:
            return None, False, False
        self._busy.add(i)
        result = self._period(i)
        self._busy.discard(i)
        self._periods[i] = result
        return result

    def _period(self, i: int) -> tuple[Period | None, bool, bool]:
        st = self.state
        if i > 0 and (two := self._pair_periods(i - 1)) is not None:
            self._used[i] = self.before(i)[0]
            return two[1], False, True
        if (two := self._pair_periods(i)) is not None:
            self._used[i] = self.before(i)[0]
            return two[0], False, True
        if doubts.shared_unit_list(self, i) or doubts.urdu_change_after_two(self, i):
            return None, False, False
        if self.urdu and lx.UR_FROM_CHANGE.match(self.s, self.amounts[i].end):
            return None, False, False  # "… میں 312 ملین ڈالر سے بڑھ کر 348 ملین ڈالر": 312 is a base
        handled, m = list_period(self, i)
        if handled:
            if m is None:
                return None, False, False  # "in FY24 and FY25 were $X and $Y": which is which?
            self._used[i] = m
            return self._resolve(m, i, None), m.weak, True
        pair = self.is_pair_first(i)
        anchor = self.period(i + 1)[0] if pair else None
        after = None if self.urdu else self._after(i)
        before, intervening = self.before(i)
        if before is not None and _LABEL.fullmatch(self.s, before.end, self.amounts[i].start):
            after = None  # "Sep-25: $366mn": a period label binds the amount after it
        if self.urdu and before is None:
            after = self._after(i)
        if (
            after is not None
            and before is not None
            and not intervening
            and self._own_before(i, before, after)
        ):
            after = None  # "in October 2025 were $386m, the most since October 2024's $320m"
        if after is not None:
            self._used[i] = after
            return self._resolve(after, i, anchor), after.weak, True
        if pair:  # "from $X to $Y in October": a year before, unless the text says month-on-month
            p, weak, own = self.period(i + 1)
            if p is None or (self.mom and (self.yoy or p.kind is not PeriodKind.MONTH)):
                return None, False, False
            return (p.previous() if self.mom else shift(p, -12)), weak, own
        if self.is_comparison(i) and not (before is not None and not intervening and self.urdu):
            base = self.local_anchor(i) or st.anchor
            if base is None or self.mom == self.yoy:
                return None, False, False
            if self.yoy:
                return shift(base, -12), False, False
            return (base.previous() if base.kind is PeriodKind.MONTH else None), False, False
        if before is not None:
            if intervening and any(self._after(k) for k in range(i)):
                return None, False, False
            took = [k for k in range(i) if self._after(k) is before and self.took_mention(k, before)]
            if doubts.across_semicolon(self, i, before, took):
                return None, False, False
            a = self.amounts[i]
            tail = 0 if self.urdu else len(self.clause_after(i))  # Urdu states the time first
            if lx.FORWARD.search(self.s, before.end, a.end + tail):
                return None, False, False  # "$X in October 2024; this year $Y", "… the next month"
            if (
                intervening
                and before.rel
                and _CLAUSE_MARK.search(self.s, self.prev_end(i), self.amounts[i].start)
            ):
                return None, False, False  # "… last year X earned $A، the total was $B": not B's
            a_start = self.amounts[i].start
            compared = lx.BASE_BEFORE.search(self.s, 0, before.start) and not lx.WHEN.match(
                self.s, before.end
            )
            if compared and _CLAUSE_MARK.search(self.s, before.end, a_start):
                return None, False, False  # "Compared with October 2024, … rose to $Y"
            # earlier amounts that took this mention as their trailing period
            takers = [k for k in range(i) if self._after(k) is before and self.took_mention(k, before)]
            verb = lx.CHANGE_VERB.search(self.s, before.end, a_start)
            if takers and (verb or (before.rel and _CLAUSE_MARK.search(self.s, before.end, a_start))):
                return None, False, False  # "which were $X in October 2024, rose to $Y"
            if takers and _TO_END.search(self.s, before.end, a_start) and self.is_from(takers[-1]):
                return None, False, False  # "from $X in December 2023 to $Y": Y's period is unsaid
            if self._listed(before) and self._amount_list(i):
                return None, False, False  # "in FY24 and FY25 were $X and $Y": which is which?
            self._used[i] = before
            return self._resolve(before, i, None), before.weak, not intervening
        if not self.mentions and st.anchor is not None and st.anchor.kind is not PeriodKind.MONTH:
            return st.anchor, False, False
        return None, False, False

    def took_mention(self, k: int, m: Mention) -> bool:
        """Whether amount k took its period from mention m."""
        self.period(k)
        return self._used.get(k) is m

    def absolute(self, i: int) -> bool:
        """True when amount i took its period from a mention that names it outright."""
        self.period(i)
        m = self._used.get(i)
        return m is not None and m.period is not None and m.rel is None

    # -- series -------------------------------------------------------------------------
    def clause_after(self, i: int) -> str:
        a = self.amounts[i]
        text = self.s[a.end : self.next_start(i)]
        cut = lx.CLAUSE.search(text)
        return text[: cut.start()] if cut else text

    def read(self) -> list[Candidate]:
        done: list[Candidate] = []
        for i, a in enumerate(self.amounts):
            reason, bound = reject(self, i)
            period, weak, own = self.period(i)
            if period is not None and period.kind is PeriodKind.FYTD and period.first == period.last:
                period = Period.from_index(period.first)  # "July, the first month of FY26": a month
            used = self._used.get(i)
            series = series_of(self, i, done) if reason is None else None
            if reason is None and series is None:
                reason = "no series"
            if reason is None and i and done[-1].reject in _INHERITED and self.is_comparison(i):
                reason = done[-1].reject  # "average … stood at $16m versus $14m": also an average
            cand = Candidate(
                value=a.value,
                quote=quote(self.s, a),
                period=period,
                series=series,
                bound=bound,
                weak=weak,
                explicit=own,
                relative=own and used is not None and not used.explicit,
                took=(used.start, abs(used.start - a.start)) if own and used is not None else None,
                headline=self.headline,
                reject=reason,
                named=period is None and self._used.get(i) is not None,
            )
            done.append(cand)
        return done


def _is_span(p: Period) -> bool:
    """A year-to-date span or a quarter: part of a fiscal year, longer than a month."""
    return p.kind is PeriodKind.FYTD or p.kind is PeriodKind.QUARTER


_CLAUSE_MARK = re.compile(r"[،,;]")
_TO_END = re.compile(r"(?i:\bto\s+(?:the\s+)?$)")
_LABEL = re.compile(r"\s*[:=]\s*")
_LABEL_AFTER = re.compile(r"\s*[:=]")
_INHERITED = ("average", "rate", "delta")  # not "target": its base is a real past figure
