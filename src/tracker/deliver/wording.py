"""Wording of alerts: money and percent formats, rule names, headlines and summaries.

Kept apart from message.py so the phrasing can be read (and reviewed) in one place.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tracker.model import Authority, Event, EventKind, Period, PeriodKind, Status

PRODUCT = "Pakistan IT exports"
UNCONFIRMED_WORDING = "reported by news, not yet confirmed by SBP"


class CorrectionWords(NamedTuple):
    """What a correction says besides its event: the value first announced, the holder now."""

    announced: str | None = None  # "$452M"
    record_now: str | None = None  # "$437M, Dec 2025"


NO_WORDS = CorrectionWords()


def fiscal_note(*periods: Period | None) -> str:
    """One sentence explaining the first fiscal year named (`FY2027`), else empty."""
    for p in periods:
        if p is not None and p.kind is not PeriodKind.MONTH:
            return (
                f"FY{p.fy} is Pakistan's fiscal year {p.fy - 1}-{str(p.fy)[2:]}: July "
                f"{p.fy - 1} to June {p.fy}, named by the year it ends."
            )
    return ""


def sbp_status(event: Event) -> str | None:
    """SBP's own marker for the figure: `P`, `R`, `final`, or `none` (news, bundled history,
    derived); None for an operator notice."""
    if event.kind is EventKind.ADMIN:
        return None
    if event.authority is Authority.OFFICIAL and event.status in (
        Status.PROVISIONAL,
        Status.REVISED,
        Status.FINAL,
    ):
        return str(event.status)
    return "none"


def usd(value: float | None, decimals: int = 0) -> str:
    """`$437M` (thousands separated); empty for an unknown value."""
    if value is None:
        return ""
    return f"${value:,.{decimals}f}M"


def usd_signed(value: float | None, decimals: int = 0) -> str:
    """`+$51M` / `−$3M` for a change."""
    if value is None:
        return ""
    sign = "+" if value >= 0 else "−"
    return f"{sign}{usd(abs(value), decimals)}"


def pct(value: float | None) -> str:
    """`+13.2%` for a relative change; empty when unknown."""
    if value is None:
        return ""
    sign = "+" if value >= 0 else "−"
    return f"{sign}{abs(value):.1f}%"


def decimals_for(a: float, b: float | None) -> int:
    """0 decimals unless that would print two different values the same."""
    if b is None or round(a) != round(b) or a == b:
        return 0
    return 1


def _threshold(rule: str) -> float | None:
    m = re.fullmatch(r"threshold_(\d+(?:\.\d+)?)", rule)
    return float(m[1]) if m else None


def _rule_words(rule: str, period: Period | None) -> tuple[str, str, str]:
    """(label, headline noun, sentence phrase) for a rule, e.g. `all-time high`, `record`, ..."""
    month = period.label().split()[0] if period is not None and period.length == 1 else None
    if rule == "all_time_high":
        return "all-time high", "record", "a new all-time high"
    if rule == "new_month":
        return "new month", "new figure", "SBP's first figure for the month"
    if rule == "revision":
        return "revision", "revised", "a revision by SBP"
    if rule == "same_month_high" and month:
        return f"best {month} on record", f"{month} record", f"the best {month} on record"
    if rule == "fytd_high":
        return ("best fiscal year to date on record", "fiscal-year-to-date record",
                "the best fiscal year to date on record")  # fmt: skip
    if (limit := _threshold(rule)) is not None:
        text = f"above {usd(limit)}"
        return f"{usd(limit)} threshold", f"first month {text}", f"the first month {text}"
    label = rule.replace("_", " ")
    return label, "record", f"a new record ({label})"


def rule_label(rule: str, period: Period | None) -> str:
    """Human name of a record rule, e.g. `all-time high` or `best December on record`."""
    return _rule_words(rule, period)[0]


def status_of(event: Event) -> tuple[str | None, str]:
    """(`official`/`provisional`, a sentence saying how firm the figure is).

    `provisional` means the figure may still change: news not yet confirmed by SBP, or SBP's
    own provisional (P) figure. Who stands behind it is `authority`, SBP's marker `sbp_status`.
    """
    if event.kind is EventKind.ADMIN:
        return None, "operator notice"
    if event.authority is None and event.kind is not EventKind.UNCONFIRMED:
        return None, "no accepted value" if event.value_usd_millions is None else "source unknown"
    if event.kind is EventKind.UNCONFIRMED or event.authority is Authority.NEWS:
        return "provisional", UNCONFIRMED_WORDING
    if event.authority is Authority.BUNDLED:
        return "official", "SBP historical data"
    if event.status is Status.PROVISIONAL:
        return "provisional", "official SBP figure, provisional: SBP may revise it next month"
    if event.status is Status.REVISED:
        return "official", "official SBP figure, revised"
    if event.status is Status.FINAL:
        return "official", "official SBP figure, final"
    return "official", "official SBP figure"


def _is_provisional(event: Event) -> bool:
    """SBP's figure is its provisional (P) one (news-only figures say so in other words)."""
    return (
        event.status is Status.PROVISIONAL
        and event.authority is not Authority.NEWS
        and event.kind is not EventKind.UNCONFIRMED
    )


def _correction_headline(
    event: Event, m_value: str | None, prev_text: str | None, words: CorrectionWords
) -> str:
    assert event.period is not None
    noun = _rule_words(event.rule, event.period)[1]
    limit = _threshold(event.rule)
    what = f"above {usd(limit)}" if limit is not None else f"a {noun}"
    who = "SBP now" if event.authority is Authority.OFFICIAL else "now"
    now = f"{who} {m_value}" if m_value else "no accepted value any more"
    if m_value and _is_provisional(event):
        now += ", provisional"
    parts = [f"announced {words.announced}"] if words.announced else []
    parts.append(now)
    if words.record_now and limit is None:
        parts.append(f"record now {words.record_now}")
    elif prev_text and limit is None:
        parts.append(f"earlier best {prev_text}")
    return f"CORRECTION: {event.period.label()} is not {what} after all ({'; '.join(parts)})"


def _release_status(event: Event) -> str:
    return (
        "provisional"
        if event.status is Status.PROVISIONAL
        else "revised"
        if event.status is Status.REVISED
        else "official"
    )


def headline(
    event: Event, m_value: str | None, prev_text: str | None, words: CorrectionWords = NO_WORDS
) -> str:
    """The subject's core, e.g. `record $437M in December 2025 (previous $386M, Oct 2025)`;
    `(provisional; previous ...)` when SBP's figure is provisional."""
    if event.kind is EventKind.CORRECTION and event.period is not None:
        return _correction_headline(event, m_value, prev_text, words)
    if event.kind is EventKind.NEW_MONTH and event.period is not None and m_value:
        return f"SBP: {m_value} in {event.period.label()} ({_release_status(event)})"
    if event.kind is EventKind.REVISION and event.period is not None and m_value:
        was = (
            f", was {usd(event.previous_value_usd_millions)}"
            if event.previous_value_usd_millions is not None
            else ""
        )
        return f"SBP revises {event.period.label()} to {m_value}{was}"
    if event.kind is EventKind.ADMIN or event.period is None or m_value is None:
        return event.message.splitlines()[0] if event.message else f"{event.rule} notice"
    label = event.period.label()
    _, noun, _ = _rule_words(event.rule, event.period)
    sep = " " if noun == "record" else ": "
    core = f"{noun}{sep}{m_value} in {label}"
    notes = (["provisional"] if _is_provisional(event) else []) + (
        [f"previous {prev_text}"] if prev_text else []
    )
    prev = f" ({'; '.join(notes)})" if notes else ""
    if event.kind is EventKind.UNCONFIRMED:
        return f"unconfirmed {core}{prev}, {UNCONFIRMED_WORDING}"
    if event.kind is EventKind.CONFIRMED:
        return f"SBP confirms {core}{prev}"
    return f"{core}{prev}"


def _correction_summary(
    event: Event, msg_value: str | None, prev_text: str | None, words: CorrectionWords
) -> str:
    assert event.period is not None
    label = event.period.label()
    phrase = _rule_words(event.rule, event.period)[2]
    if msg_value:
        who = "SBP now puts them at" if event.authority is Authority.OFFICIAL else "they now stand at"
        firm = " (provisional)" if _is_provisional(event) else ""
        now = f"{who} {msg_value}{firm}"
    else:
        now = "they have no accepted value any more"
    if words.announced:
        lead = (
            f"Correction to an earlier alert: we announced {PRODUCT} for {label} at "
            f"{words.announced} as {phrase}; {now}, so it is not."
        )
    else:
        lead = (
            f"Correction to an earlier alert: {PRODUCT} for {label} "
            f"{'are now ' + msg_value if msg_value else 'have no accepted value any more'}"
            f", so it is not {phrase} as announced."
        )
    if words.record_now and _threshold(event.rule) is None:
        label_now = _rule_words(event.rule, event.period)[0]
        return f"{lead} The {label_now} is now {words.record_now}."
    earlier = f" The earlier alert compared it with {prev_text}." if prev_text else ""
    return f"{lead}{earlier}"


def summary(
    event: Event, msg_value: str | None, prev_text: str | None, words: CorrectionWords = NO_WORDS
) -> str:
    """One or two plain sentences for the top of the body."""
    if event.kind is EventKind.CORRECTION and event.period is not None:
        return _correction_summary(event, msg_value, prev_text, words)
    if event.kind is EventKind.ADMIN or event.period is None or msg_value is None:
        return event.message or f"Operator notice: {event.rule}."
    if event.kind in (EventKind.NEW_MONTH, EventKind.REVISION):
        # the comparisons (month on month, year on year, FYTD) were worked out at detection
        return event.message or f"{PRODUCT} for {event.period.label()} were {msg_value}."
    label = event.period.label()
    phrase = _rule_words(event.rule, event.period)[2]
    prev = f", above the previous best of {prev_text}" if prev_text else ""
    if event.kind is EventKind.UNCONFIRMED:
        return (
            f"News reports put {PRODUCT} for {label} at {msg_value}{prev}: {phrase}. "
            f"This is {UNCONFIRMED_WORDING}; you will get a confirmation or a correction "
            "when SBP publishes."
        )
    if event.kind is EventKind.CONFIRMED:
        return (
            f"SBP's official figure confirms the earlier news report: {PRODUCT} for {label} "
            f"were {msg_value}{prev}, {phrase}."
        )
    return f"{PRODUCT} for {label} were {msg_value}{prev}: {phrase}."
