"""Period phrase grammar: the regular expressions that find period mentions.

Their handlers (match → Mention) live in `period_handlers.py`; resolution rules (reference
date, fiscal year, typo years) in `periods.py`.
"""

from __future__ import annotations

import re

from tracker.extract.period_handlers import (
    Handler,
    on_bare_fy,
    on_bare_month,
    on_block,
    on_code,
    on_date,
    on_first_month,
    on_fy,
    on_fy_rel,
    on_half,
    on_last_month,
    on_last_named_month,
    on_month_in_fy,
    on_month_last_year,
    on_month_prev_fy,
    on_month_year,
    on_nmonths,
    on_quarter,
    on_range,
    on_same_fy,
    on_same_month_of,
    on_through,
    on_urdu_span,
    relative_mention,
    two_digit_year,
)
from tracker.extract.periods import Mention, Ref
from tracker.extract.urdu import ENGLISH_COUNTS, URDU_MONTHS, URDU_NUMBER_WORDS


def _mon(name: str) -> str:
    return (
        rf"(?P<{name}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
        rf"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])\.?"
    )


_URMON = "(?P<um>" + "|".join(URDU_MONTHS) + ")"
_MONANY = _mon("x")
_Y4 = r"(?:19|20)\d\d(?!\d)"
_COUNT = r"\d{1,2}|" + "|".join(ENGLISH_COUNTS)
_UCOUNT = r"\d{1,2}|" + "|".join(w for w, v in URDU_NUMBER_WORDS.items() if v <= 12)
_BRACKET_MONTHS = r"\([A-Z][a-z]+\.?\s*[-–—]\s*[A-Z][a-z]+\.?\)"  # "(Oct-Dec)" beside a quarter
_FYTAIL = r"""(?:\s*(?:\(Q[1-4]\)\s*|\([A-Z][a-z]+\.?\s*[-–—]\s*[A-Z][a-z]+\.?\)\s*)?
  (?:of|in|for|during)?\s*(?:the\s+)?
  (?:(?P<frel>current|this|ongoing|present|last|previous|preceding|outgoing)\s+)?
  (?P<fword>(?i:fiscal\s+year|financial\s+year|fiscal)|FY)\s*(?:\(FY\)\s*)?
  (?:'?(?P<fy1>\d{4}|\d{2})(?!\d)(?:\s*[-–/]\s*(?P<fy2>\d{4}|\d{2})(?!\d))?)?
  (?:\s*\(\s*(?:FY\s?'?(?P<fy3>\d{2,4})|[A-Z][a-z]+\s*[-–—]\s*[A-Z][a-z]+|
     \d{4}\s*[-–]\s*(?P<fy5>\d{2,4}))\s*\))?)?"""


_UREL = r"(?:(?P<urel>رواں|موجودہ|جاری|اس|گزشتہ|پچھلے)\s+)?"
_UFY = r"(?:(?P<fyword>مالی\s+سال)(?:\s*(?P<fy1>\d{2,4})\s*[-–/]\s*(?P<fy2>\d{2,4}))?\s+(?:کے|کی)\s+)?"
_PATTERNS: list[tuple[str, Handler]] = [
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_mon('mon')}(?:,?\s*{_Y4})?", on_date),
    (rf"\b{_mon('mon')}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d:])(?:\s*,?\s*{_Y4})?", on_date),
    (rf"\d{{1,2}}\s*{_URMON}(?:\s*{_Y4})?", on_date),
    (
        rf"(?:\b(?:from|between)\s+)?{_mon('m1')}(?:\s*,?\s*(?P<y1>{_Y4}))?\s*"
        rf"(?:-|–|—|to|till|through|until|and|&)?\s*{_mon('m2')}"
        rf"(?:\s*,?\s*(?P<y2>{_Y4})(?!\s*[-–/]\s*\d)|\s*['’‘`-]\s*(?P<yy2>\d\d)(?!\d))?"
        r"(?:\s+(?i:quarter|period))?"  # "the Oct-Dec quarter of FY25"
        rf"(?:\s*,?\s*(?:of\s+|during\s+|in\s+)?(?:the\s+)?(?:(?:(?i:(?:fiscal|financial)\s+year)|FY)"
        rf"\s*(?:\(FY\)\s*)?'?(?P<fy1>\d{{4}}|\d\d)(?:\s*[-–/]\s*(?P<fy2>\d{{4}}|\d\d))?(?!\d)"
        rf"|\(?\s*(?P<fy3>{_Y4})\s*[-–/]\s*(?P<fy5>\d\d)(?!\d)\s*\)?))?"
        r"(?P<lastyr>\s+(?:of\s+)?(?i:(?:last|the\s+previous|previous|the\s+preceding)\s+(?:fiscal\s+)?year"
        r"|a\s+year\s+(?:ago|earlier|before))\b)?",
        on_range,
    ),
    (
        rf"(?:(?P<uprev>گزشتہ|پچھلے)\s+مالی\s+سال|مالی\s+سال\s*(?P<fy1>\d{{2,4}})\s*[-–/]\s*(?P<fy2>\d{{2,4}}))"
        rf"\s*(?:(?:کے|کی|میں)\s+)?(?:دوران\s+)?(?P<u1>{'|'.join(URDU_MONTHS)})\s*(?:تا|سے|-|–)\s*"
        rf"(?P<u2>{'|'.join(URDU_MONTHS)})(?:\s*\(\s*(?P<fy3>\d{{2,4}})\s*[-–/]\s*(?P<fy5>\d{{2,4}})\s*\))?"
        rf"(?P<m1>)(?P<m2>)",
        on_range,
    ),
    (
        rf"(?P<u1>{'|'.join(URDU_MONTHS)})(?:\s*(?P<y1>{_Y4}))?\s*(?:تا|سے|-|–)\s*"
        rf"(?P<u2>{'|'.join(URDU_MONTHS)})(?:\s*(?P<y2>{_Y4}))?(?P<m1>)(?P<m2>)",
        on_range,
    ),
    (
        rf"(?i:\b(?:as\s+(?:of|at)|till|until|up\s*to|through)\s+(?:the\s+end\s+of\s+|end[- ])?)"
        rf"{_mon('mon')}(?:\s*,?\s*(?P<y>{_Y4})|\s*['’‘`-]\s*(?P<yy>\d\d)(?!\d))?",
        on_through,
    ),
    (
        rf"(?i:\b(?:the\s+)?)(?:(?P<n>{_COUNT})\s*[- ]?months?|(?P<qtr>(?i:quarter)))"
        r"\s+(?i:ended|ending|through|till|to|up\s+to)\s+"
        rf"{_mon('mon')}(?:\s*,?\s*(?P<y>{_Y4})|\s*['’‘`-]\s*(?P<yy>\d\d)(?!\d))?",
        on_through,
    ),
    (
        r"\b(?:(?P<q>[1-4])Q|(?P<n>\d{1,2})M|(?P<h>[12])H|H(?P<h2>[12]))\s?FY\s?'?"
        r"(?P<cy>\d{4}|\d\d)(?:\s*[-–]\s*(?P<cy2>\d\d))?(?!\d)",
        on_code,
    ),
    (
        rf"\bQ(?P<q>[1-4])\s?,?\s?(?:{_BRACKET_MONTHS}\s*)?(?:of\s+)?FY\s?'?(?P<cy>\d{{4}}|\d\d)"
        r"(?:\s*[-–]\s*(?P<cy2>\d\d))?(?!\d)",
        on_code,
    ),
    (
        rf"(?i:\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b){_FYTAIL}",
        on_quarter,
    ),
    (
        rf"(?i:\b(?:the\s+)?(?:(?P<first>first|initial|opening)\s+)?(?P<n>{_COUNT})[- ]months?\b)"
        rf"{_FYTAIL}",
        on_nmonths,
    ),
    (rf"(?i:\b(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half\b){_FYTAIL}", on_half),
    (rf"(?i:\b(?:past|last|previous|preceding|trailing|rolling)\s+(?:{_COUNT})[- ]months?\b)", on_block),
    (rf"\b(?:{_COUNT})[- ]month\b", on_block),
    (
        rf"\(?{_mon('mon')}\)?(?:\s+(?:of|in)\s+(?:the\s+)?|,?\s+(?=FY\s?'?\d))"
        rf"(?:(?P<frel>current|this|ongoing|last|previous|preceding)\s+)?"
        rf"(?P<fword>(?i:(?:fiscal|financial)\s+year)|FY)(?:\s*(?:\(FY\)\s*)?'?"
        rf"(?P<fy1>\d{{4}}|\d\d)(?:\s*[-–/]\s*(?P<fy2>\d{{4}}|\d\d))?(?!\d))?",
        on_month_in_fy,
    ),
    (
        rf"\b{_mon('mon')}(?:\s*,?\s*(?:of\s+)?(?P<y>{_Y4})|\s*['’‘`]\s*(?P<yy>\d\d)(?!\d)"
        rf"|-(?P<yy2>\d\d)(?![\d-]))",
        lambda m, r: on_month_year(two_digit_year(m), r),
    ),
    (rf"{_URMON}\s*(?P<y>{_Y4})", on_month_year),
    (rf"(?P<y>{_Y4})\s+(?:کے|کی|کا)\s+{_URMON}", on_month_year),  # "2024 کے اکتوبر"
    (
        rf"(?i:\b(?:the\s+)?(?:same|corresponding)\s+month\s+(?:of|in)\s+(?:the\s+)?(?:year\s+)?)(?P<y>{_Y4})(?!\s*[-–/]\s*\d)",
        on_same_month_of,
    ),
    (rf"(?i:\b(?:last|this\s+past)\s+){_mon('mon')}(?!\s*,?\s*\d)", on_last_named_month),  # "last December"
    (
        rf"\b{_mon('mon')}\s+(?:of\s+)?(?i:(?:last|the\s+previous|the\s+preceding|previous|the\s+prior)\s+year"
        r"|a\s+year\s+(?:ago|earlier|before|back))\b",
        on_month_last_year,
    ),
    (
        r"(?i:\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|months?|quarter|time)"
        r"\s+(?:of|in|during)\s+(?:the\s+)?(?:(?:fiscal|financial)\s+year\s*|FY\s?))"
        r"(?P<fy1>\d{4}|\d\d)(?:\s*[-–/]\s*(?P<fy2>\d{4}|\d\d))?(?!\d)"
        r"|(?i:\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|months?|quarter|time)"
        r"\s+(?:of|in|during)\s+(?:the\s+)?)\(?(?P<fy3>(?:19|20)\d\d)\s*[-–/]\s*(?P<fy5>\d\d)(?!\d)\)?",
        on_same_fy,
    ),
    (
        r"(?i:\b(?:(?:last|previous|preceding)\s+(?:fiscal\s+|financial\s+)?year,?\s+"
        r"(?:for|in|during)\s+the\s+same\s+period"
        r"|(?:the|a)?\s*(?:same|corresponding|comparable)\s+(?:period|month|months|quarter|time)"
        r"\s+(?:of\s+|in\s+|during\s+)?(?:the\s+)?(?:(?:last|previous|preceding|prior)\s+"
        r"(?:fiscal\s+|financial\s+|calendar\s+)?year|(?:a|one|the\s+previous)\s+year"
        r"(?:\s+(?:earlier|ago|before|back))?)"
        r"|(?:a|one)\s+year\s+(?:earlier|ago|before|back)|year[- ]ago"
        r"|(?:last|previous|preceding|prior)\s+year(?:'s)?|the\s+year\s+before))",
        relative_mention("prev_year"),
    ),
    (
        r"(?i:\b(?:the\s+)?(?P<w>previous|last|preceding|prior|current|this|ongoing|present|"
        r"outgoing)\s+(?:fiscal|financial)\s+year\b)(?!\s*\(?(?:FY|\d))",
        on_fy_rel,
    ),
    (r"\bFY\s?'?(?P<fy1>\d{4}|\d\d)(?:\s*[-–/]\s*(?P<fy2>\d{4}|\d\d))?(?![\d:])", on_fy),
    (
        rf"(?i:\b(?:fiscal|financial)\s+(?:year\s+)?(?:\(FY\)\s*)?)(?P<fy1>{_Y4})"
        rf"(?:\s*[-–/]\s*(?P<fy2>\d{{4}}|\d\d)(?!\d))?",
        on_fy,
    ),
    (r"(?i:\b(?:fiscal|financial)\s+year\s+)(?P<fy1>\d\d)\s*[-–/]\s*(?P<fy2>\d\d)(?!\d)", on_fy),
    (rf"(?i:\b(?:survey|budget|plan|vision|report)\s+){_Y4}(?:\s*[-–/]\s*\d\d)?", on_date),
    # "the October 2025 SBP report", "SBP's October 2025 bulletin": when it came out, not the data
    (
        rf"{_mon('mon')}\s*,?\s*{_Y4}\s+(?i:(?:(?:SBP|State\s+Bank|PBS|central\s+bank|monthly)(?:'s)?\s+)?"
        r"(?:reports?|bulletins?|review|statement|survey|publication|newsletter|press\s+release|edition|issue))\b",
        on_date,
    ),
    (rf"\(?(?P<fy1>{_Y4})\s*[-–/]\s*(?P<fy2>\d\d)(?!\d)\)?", on_bare_fy),
    (rf"(?i:\b(?:the\s+)?(?P<fy1>{_Y4})\s+(?:fiscal|financial)\s+year)", on_fy),
    (r"(?i:\b(?:the\s+)?(?:same|corresponding)\s+(?:period|months?|quarter))(?!\s+(?:of|in))", on_block),
    (
        r"(?i:\b(?:during|in|for|over|of)\s+(?:the|this|that|current)\s+(?:same\s+)?(?:period|time)"
        r"(?:\s+under\s+(?:review|consideration))?\b)"
        r"(?!\s+(?:of|from|between|July|Jul\b|last|previous|a\s+year|one\s+year|in\s+(?:FY|fiscal)))",
        relative_mention("same"),
    ),
    (
        r"(?i:\bthe\s+(?:period|months?)\s+under\s+review|\bcurrent\s+period|\bthis\s+year"
        r"(?:\s+so\s+far)?)",
        relative_mention("same"),
    ),
    (
        rf"(?i:\b(?:the\s+)?(?:previous|preceding|prior)\s+month\b)(?!\s*(?:of\s+|,\s*)?{_MONANY})"
        r"|(?i:\b(?:a|one)\s+month\s+(?:earlier|ago|before)|\bthe\s+month\s+before)",
        relative_mention("prev_month"),
    ),
    (
        r"(?i:\b(?:during|in|for|over|of)\s+the\s+(?:same\s+)?month(?:\s+under\s+review)?\b)"
        r"(?!\s*(?:of|in|last|a\s+year|previous|before|earlier)\b)",
        relative_mention("the_month"),
    ),
    (r"(?i:\b(?:last|the\s+outgoing)\s+month\b)(?!\s*(?:of\s+)?[A-Z])", on_last_month),
    (
        rf"{_UREL}{_UFY}(?:(?:پہلے|ابتدائی|پہلی|گزشتہ|پچھلے|ان)\s+)?(?P<n>{_UCOUNT})\s*(?:ماہ|مہینوں|مہینے)"
        r"(?!\s*(?:بہ|کی\s+بلند))",
        on_urdu_span,
    ),
    (rf"{_UREL}{_UFY}(?P<half>پہلی|دوسری)\s+ششماہی", on_urdu_span),
    (rf"{_UREL}{_UFY}(?P<uq>پہلی|دوسری|تیسری|چوتھی)\s+سہ\s*ماہی", on_urdu_span),
    (
        r"(?:گزشتہ|پچھلے)\s+(?:مالی\s+)?(?:سال|برس)(?:\s+(?:کے|کی))?\s+(?:اسی|اِسی)\s+(?:مدت|عرصے|عرصہ|ماہ|مہینے|مہینہ)"
        r"|(?:گزشتہ|پچھلے)\s+(?:سال|برس)(?!\s+(?:کے\s+)?(?:" + "|".join(URDU_MONTHS) + "))"
        r"|ایک\s+(?:سال|برس)\s+(?:قبل|پہلے)",
        relative_mention("prev_year"),
    ),
    (rf"(?:گزشتہ|پچھلے)\s+مالی\s+سال(?:\s+(?:کے|کی|میں))?\s+{_URMON}", on_month_prev_fy),
    (
        r"(?:رواں|موجودہ|جاری)\s+مالی\s+سال\s+(?:کے|کی)\s+(?:پہلے|ابتدائی)\s+(?:مہینے|ماہ)(?!\s*\d)"
        r"|(?i:\bthe\s+first\s+month\s+of\s+the\s+(?:current|ongoing|present)\s+(?:fiscal|financial)\s+year)",
        on_first_month,
    ),
    (r"(?:گزشتہ|پچھلے)\s+مالی\s+سال", relative_mention("prev_fy")),
    (r"(?:رواں|موجودہ|جاری)\s+مالی\s+سال", relative_mention("cur_fy")),
    (r"مالی\s+سال\s*(?P<fy1>\d{2,4})\s*[-–/]\s*(?P<fy2>\d{2,4})", on_fy),
    (
        r"اس\s+سے\s+(?:پچھلے|پہلے|گزشتہ)\s+(?:ماہ|مہینے)|ایک\s+(?:ماہ|مہینہ|مہینے)\s+(?:قبل|پہلے)",
        relative_mention("prev_month"),
    ),  # "the month before that"
    (r"(?:گزشتہ|پچھلے)\s+(?:ماہ|مہینے)(?!\s*بہ)", on_last_month),
    # "گزشتہ سال مارچ 2024": the written year dates the month; the month-year pattern reads it
    (
        rf"(?:(?P<urel>رواں|اس|موجودہ|گزشتہ|پچھلے)\s+(?:سال|برس)(?:\s+کے)?\s+)?{_URMON}(?!\s*[\d۰-۹])",
        on_bare_month,
    ),
    (rf"\b{_mon('mon')}(?!\s*\d)", on_bare_month),
    (rf"\b(?:calendar\s+year\s+)?{_Y4}", on_block),
]


_COMPILED = [(re.compile(p, re.VERBOSE if "\n  " in p else 0), h) for p, h in _PATTERNS]


def find_mentions(text: str, ref: Ref) -> list[Mention]:
    """Period mentions in `text`, longest first where they overlap, in text order."""
    found: list[tuple[int, int, int, Handler, re.Match[str]]] = []
    for rank, (rx, handler) in enumerate(_COMPILED):
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), rank, handler, m))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[Mention] = []
    taken_until = -1
    for start, neg_len, _, handler, m in found:
        if start < taken_until:
            continue
        taken_until = start - neg_len
        mention = handler(m, ref)
        if mention is not None:
            out.append(mention)
    return out
