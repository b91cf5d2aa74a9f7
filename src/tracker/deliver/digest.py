"""One message per release: the alerts one ingest raised, grouped for a channel.

An SBP file that sets an all-time high, the best August and the best fiscal year to date raises
three events in one transaction (same `detected_at`). A channel gets them as one *digest*:
one subject naming them all, a body with each in turn, and one webhook whose id is derived
from the sorted event keys, so a retry of the same group is recognisably the same message.
Within a release, corrections come first, then records, then release news (new month,
revision). Operator notices are never grouped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from tracker.deliver.message import AlertMessage
from tracker.deliver.wording import UNCONFIRMED_WORDING

_ORDER = {
    "correction": 0,
    "confirmed": 1,
    "record": 1,
    "unconfirmed": 1,
    "new_month": 2,
    "revision": 3,
    "admin": 4,
}
_RULE_ORDER = {"all_time_high": 0, "same_month_high": 1, "fytd_high": 2}
_RECORDS = ("record", "confirmed", "unconfirmed")


def release_of(row: Mapping[str, Any]) -> tuple[str, ...]:
    """Which release an outbox row belongs to: same series, same detection instant.
    An admin notice is its own release."""
    if row["kind"] == "admin":
        return ("admin", str(row["id"]))
    return ("release", str(row["series"]), str(row["detected_at"]))


def group_rows(rows: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Rows (in outbox order) grouped by release; groups in order of their first row, rows
    within a group in reading order (see `sort_key`)."""
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(release_of(row), []).append(row)
    return [sorted(g, key=lambda r: sort_key(r["kind"], r["rule"], int(r["id"]))) for g in groups.values()]


def sort_key(kind: str, rule: str, tiebreak: int = 0) -> tuple[int, int, int]:
    """Corrections first, then records (all-time, same month, FYTD, thresholds), then news."""
    return _ORDER.get(kind, 4), _RULE_ORDER.get(rule, 3), tiebreak


def group_id(keys: Sequence[str]) -> str:
    """The idempotency id of a message: the event key alone, or `digest_<sha256>` of the
    sorted keys (stable whatever order the rows are read in)."""
    if len(keys) == 1:
        return keys[0]
    joined = "\n".join(sorted(keys)).encode("utf-8")
    return "digest_" + hashlib.sha256(joined).hexdigest()[:40]


def _where(m: AlertMessage) -> str:
    return m.period_label or ""


def _records_phrase(records: Sequence[AlertMessage]) -> str:
    """`3 records in August 2026 (provisional): all-time high $455M, best August on record,
    best fiscal year to date on record $892M (Jul–Aug FY2027)`."""
    month = next((r for r in records if r.period and ":" not in r.period), records[0])
    kinds = {r.kind for r in records}
    prefix = (
        "SBP confirms " if kinds == {"confirmed"} else "unconfirmed: " if kinds == {"unconfirmed"} else ""
    )
    if kinds == {"unconfirmed"}:
        firm = f" ({UNCONFIRMED_WORDING})"
    elif any(r.sbp_status == "P" for r in records):
        firm = " (provisional)"
    else:
        firm = ""
    items: list[str] = []
    for r in records:
        item = r.rule_label
        if r.value_text and r.period == month.period:
            item += f" {r.value_text}" if not items else ""
        elif r.value_text:
            item += f" {r.value_text} ({_where(r)})"
        items.append(item)
    return f"{prefix}{len(records)} records in {_where(month)}{firm}: {', '.join(items)}"


def digest_headline(messages: Sequence[AlertMessage]) -> str:
    """The subject's core for several alerts of one release, naming every one."""
    corrections = [m for m in messages if m.kind == "correction"]
    records = [m for m in messages if m.kind in _RECORDS]
    news = [m for m in messages if m.kind not in _RECORDS and m.kind != "correction"]
    parts = [m.headline for m in corrections]
    if len(records) == 1:
        parts.append(records[0].headline)
    elif records:
        parts.append(_records_phrase(records))
    recorded = {r.period for r in records}
    parts += [m.headline for m in news if m.period not in recorded]
    return "; ".join(parts) or messages[0].headline


def _intro(messages: Sequence[AlertMessage]) -> str:
    names = []
    for m in messages:
        what = {"correction": "a correction", "new_month": "the new month", "revision": "a revision"}.get(
            m.kind, m.rule_label
        )
        where = f" ({m.period_short})" if m.period_short else ""
        names.append(f"{what}{where}")
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return f"One release, {len(messages)} alerts in this message: {listed}. Each is set out below."


def digest(messages: Sequence[AlertMessage]) -> AlertMessage:
    """One AlertMessage for a release: the lead alert's fields, a headline naming them all,
    and every alert in `parts`. A single alert is returned as it is."""
    ordered = sorted(messages, key=lambda m: sort_key(m.kind, m.rule))
    if len(ordered) == 1:
        return ordered[0]
    lead = ordered[0]
    note = next((m.fiscal_note for m in ordered if m.fiscal_note), "")
    return replace(
        lead,
        key=group_id([m.key for m in ordered]),
        headline=digest_headline(ordered),
        intro=_intro(ordered),
        fiscal_note=note,
        parts=tuple(ordered),
    )
