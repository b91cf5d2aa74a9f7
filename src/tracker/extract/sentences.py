"""Sentences and the mention helpers of `figures.py`: splitting, bare months, relative chains."""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.extract.money import Amount
from tracker.extract.periods import Mention
from tracker.model import Period, PeriodKind


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) pairs; keeps `U.S.`, `Mr.` and decimals whole."""
    out: list[tuple[int, str]] = []
    para = 0
    for line in text.split("\n"):
        line = line.strip(" \t۔")
        if not line:
            continue
        parts = _SENT_END.split(line)
        merged: list[str] = []
        for part in parts:
            if merged and (
                _ABBREV.search(merged[-1]) or (_MONTH_ABBREV.search(merged[-1]) and part[:1].isdigit())
            ):
                merged[-1] += " " + part
            else:
                merged.append(part)
        out.extend((para, p.strip(" ۔")) for p in merged if p.strip(" ۔"))
        para += 1
    return out


_SENT_END = re.compile(r"(?<=[.!?؟])[\"'”’)]*\s+(?=[\"'“‘(\[]?[A-Z0-9$\u0600-\u06ff])|(?<=۔)\s*")
_MONTH_ABBREV = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$"
)  # "Jan. 2025", "Sept. 30"
_ABBREV = re.compile(r"(?:\b(?:Mr|Dr|Ms|Mrs|No|Rs|vs|St|Co|Inc|Ltd|Govt|Gen|Lt|Col|Prof)\.|\b[A-Z]\.)$")


def chain_relatives(mentions: list[Mention], amounts: list[Amount]) -> list[Mention]:
    """A "same period" right after a year-ago phrase, with no amount between, is that year-ago
    period ("Last year, he said, for the same period …")."""
    out: list[Mention] = []
    first_amount = amounts[0].start if amounts else 0
    for m in mentions:
        prev = out[-1] if out else None
        lead = [p for p in out if p.rel == "prev_year" and p.end <= first_amount]
        if lead and m.month is not None and m.rel is None and not any(p.explicit for p in out):
            m = replace(m, period=None, month=None)  # "Last year, … in October": which year?
        if (
            prev is not None
            and prev.rel in ("prev_year", "prev_fy")
            and m.rel == "same"
            and not any(prev.end <= a.start < m.start for a in amounts)
        ):
            m = replace(m, rel=prev.rel)
        out.append(m)
    return out


def adjoins(gap: str) -> bool:
    """A relative phrase and a month-year side by side ("a year earlier, in October 2024")."""
    return len(gap) <= 12 and re.fullmatch(r"(?i:[\s,(]*(?:in|of|i\.e\.|namely)?[\s,(]*)", gap) is not None


def date_bare_months(mentions: list[Mention], text: str = "") -> list[Mention]:
    """A bare month after a month-year in the same sentence is the latest such month not
    after it ("in May 2024, up from April"), whatever the page date says; with no comparison
    word between them it may as well be the month after ("…, and in June"): no period."""
    out: list[Mention] = []
    last: Period | None = None
    last_end = 0
    seen: list[Period] = []  # every month so far: two Decembers leave "November" undated
    for m in mentions:
        month = m.month
        if month is not None and m.rel is None and last is not None:
            idxs = {p.first - (p.first % 12 + 1 - month) % 12 for p in seen}
            if (text and not _BACK_CUE.search(text, last_end, m.start)) or len(idxs) > 1:
                m = replace(m, period=None, month=None)
            else:
                m = replace(m, period=Period.from_index(idxs.pop()), weak=False)
        elif m.explicit and m.period is not None and m.period.kind is PeriodKind.MONTH:
            last, last_end = m.period, m.end
            seen.append(m.period)
        elif month is not None and m.rel is None and m.period is not None:
            seen.append(m.period)  # "in November (this year) … November 2024 … October": which?
        out.append(m)
    return out


_BACK_CUE = re.compile(
    r"(?i:\b(?:from|against|compared|comparison|than|versus|vs|over|previous|preceding|prior|earlier"
    r"|last)\b)"
    r"|مقابل|نسبت|گزشتہ|پچھلے|سے\s+(?:کم|زیادہ)"
)


def quote(sentence: str, a: Amount) -> str:
    """The sentence, cut to ~300 characters around the amount when it is long."""
    if len(sentence) <= 300:
        return sentence
    lo = max(0, a.start - 180)
    hi = min(len(sentence), a.end + 120)
    return ("…" if lo else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "")
