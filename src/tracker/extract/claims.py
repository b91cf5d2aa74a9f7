"""Record claims: does the article say a month set an all-time high?

A claim needs record words tied to a single month ("monthly record", "highest-ever monthly",
"a record $437 million in December", "نیا ریکارڈ" beside a month) and must not be about a
growth rate, a multi-month total, a fiscal year or an N-month high.
"""

from __future__ import annotations

import re

from tracker.extract.urdu import URDU_MONTHS

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|" + "|".join(URDU_MONTHS) + ")"
)
_RECORD = re.compile(
    r"(?i:\brecord(?:-breaking)?\b(?!ed|ing)|all[- ]time\s+(?:monthly\s+)?high|highest[- ]ever"
    r"|highest\s+(?:monthly|month)|historic\s+(?:high|milestone)|never\s+before|first\s+time\s+ever)"
    r"|نیا\s+ریکارڈ|ریکارڈ\s+(?:سطح|بلند)|تاریخ\s+(?:کی|میں)\s+(?:بلند\s*ترین|پہلا|پہلی|نیا)"
    r"|بلند\s*ترین\s+ماہانہ|ملکی\s+تاریخ"
    r"|(?i:(?:surpass\w*|broke|breaking|beat\w*)\s+the\s+previous\s+(?:monthly\s+)?record)"
)
_MONTHLY = re.compile(rf"(?i:monthly|\bmonth\b|single\s+month|{_MONTHS})|ماہانہ|ایک\s+(?:ہی\s+)?ماہ")
_NOT_LEVEL = re.compile(
    r"(?i:record\s+(?:increase|growth|rise|jump|surge|decline|fall|percent|\d)"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d+)[- ]months?"
    r"|quarter|fiscal\s+year|financial\s+year|annual|FY\s?\d|half|\bprevious\s+(?:monthly\s+)?"
    r"(?:record|high)|peak\b|(?:was|were|had\s+been)\s+(?:the\s+)?(?:previous|earlier)"
    r"|third\s+consecutive|consecutive)"
    r"|ریکارڈ\s+اضافہ|ماہ\s+کی\s+بلند\s*ترین|سہ\s*ماہی|مالی\s+سال|ششماہی"
)


def claims_monthly_record(sentences: list[str]) -> bool:
    """True when some sentence claims an all-time monthly high for the series."""
    for s in sentences:
        for m in _RECORD.finditer(s):
            window = s[max(0, m.start() - 80) : m.end() + 80]
            if not _MONTHLY.search(window):
                continue
            near = s[max(0, m.start() - 25) : m.end() + 40]
            if _NOT_LEVEL.search(near) and not re.match(r"(?i:surpass|broke|breaking|beat)", m[0]):
                continue
            return True
    return False
