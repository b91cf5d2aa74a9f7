"""Which series an amount belongs to: the series words around it in its sentence.

A specific word (remittances, computer services, IT exports) before the amount wins over one
after it; a bare "exports" falls back to the article's series; PSEB's "IT and ITeS" is another
series than SBP's IT exports.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract import lexicon as lx
from tracker.model import Series

if TYPE_CHECKING:
    from tracker.extract.figures import Candidate, SentenceReader


def series_of(r: SentenceReader, i: int, done: list[Candidate]) -> Series | None:
    """The series of amount i: the nearest specific series word before it, else after it,
    else the previous figure's or the article's."""
    a = r.amounts[i]
    lo = r.prev_end(i)
    before = [(p, k) for p, k in r.words if lo <= p < a.start]
    specific = [k for _, k in before if k != "generic"]
    hi = a.end + len(r.clause_after(i))
    after = [k for p, k in r.words if a.end <= p < min(hi, a.end + 60)]
    right_after = [
        k for p, k in r.words if a.end <= p <= a.end + 3 and not _CLAUSE_MARK.search(r.s, a.end, p)
    ]
    if right_after and right_after[0] == Series.OTHER.value:  # "$972 million surplus"
        return Series.OTHER
    if after and after[0] == "drop" and r.urdu:  # "… ڈالر کی سرمایہ کاری": an investment
        return None
    if specific:
        word = specific[-1]
    elif [k for k in after if k != "generic"]:
        word = next(k for k in after if k != "generic")
    elif any(k == "generic" for _, k in before) or "generic" in after:
        return r.state.default_series
    elif done and done[-1].series is not None:
        return done[-1].series
    elif r.state.last is Series.OTHER and _PRONOUN.match(r.s):
        return None  # "Workers' remittances … They stood at $X": not IT's
    else:
        return r.state.running or r.state.default_series
    if word == "drop":
        return None
    series = Series(word)
    if series is Series.IT_EXPORTS and (lx.PSEB_SERIES.search(r.s) or _pseb_ites(r, i)):
        return Series.OTHER
    return series


def _pseb_ites(r: SentenceReader, i: int) -> bool:
    """ "IT and ITeS exports" in an article that names PSEB, with no telecom beside them."""
    head = r.s[r.prev_end(i) : r.amounts[i].start]
    return r.state.pseb and bool(lx.ITES.search(head)) and not lx.TELECOM.search(r.s)


_CLAUSE_MARK = re.compile(r"[،,;]")
_PRONOUN = re.compile(r"\W*(?:They|These|Those|Their|It|Its|This|The\s+figure|یہ|ان\s+کی)\b")
