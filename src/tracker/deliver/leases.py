"""The outbox rows' states: which are due, leasing them to one sender, marking them sent or
failed, taking back the rows of a sender that died, and making a release due again.

A lease is the row's next_attempt_at pushed forward (compare-and-set, in one transaction) and
its owner (host/pid/start time) in the `state` table, so no database lock is held while a
message is on the network and a dead owner's lease can be told from a live one.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.errors import UsageError
from tracker.store import Store, iso

LEASE = timedelta(minutes=5)
LEASE_PREFIX = "outbox.lease."


def _start_ticks(pid: int) -> str | None:
    """A process's start time (clock ticks since boot, from /proc); None if gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields_ = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    return None if fields_[0] in ("Z", "X") else fields_[19]


def lease_owner() -> str:
    """This process as a lease owner: host, pid and start time (so a reused pid is not it)."""
    pid = os.getpid()
    return f"{socket.gethostname()}/{pid}/{_start_ticks(pid) or '?'}"


def owner_alive(owner: str) -> bool:
    """False only when the owner is known to be dead: a process on this host that is gone."""
    host, _, rest = owner.partition("/")
    pid_text, _, ticks = rest.partition("/")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine (or a format we don't know): wait for the lease to expire
    pid = int(pid_text)
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True
    now = _start_ticks(pid)
    return now is not None and ticks in ("?", now)


def due(
    store: Store, now: datetime, *, only_ids: tuple[int, ...] = (), channel: str | None = None
) -> dict[str, list[int]]:
    """Pending rows whose time has come, by channel (optionally only these ids or one channel)."""
    sql = "SELECT id, channel FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
    params: list[Any] = [iso(now)]
    if only_ids:
        sql += f" AND id IN ({','.join('?' * len(only_ids))})"
        params = [*params, *only_ids]
    if channel is not None:
        sql, params = sql + " AND channel = ?", [*params, channel]
    by_channel: dict[str, list[int]] = {}
    for r in store.rows(sql + " ORDER BY id", tuple(params)):
        by_channel.setdefault(r["channel"], []).append(r["id"])
    return by_channel


def release_keys(store: Store, channel: str, ids: list[int]) -> list[dict[str, Any]]:
    """What groups a channel's rows into releases (deliver.digest): kind, rule, series and
    detection time of each row's event."""
    wanted = set(ids)  # a range, not IN (...): a long outage may leave many rows due
    return [
        r
        for r in store.rows(
            "SELECT o.id, e.kind, e.rule, e.series, e.detected_at FROM outbox o "
            "JOIN events e ON e.id = o.event_id WHERE o.id BETWEEN ? AND ? "
            "AND o.channel = ? ORDER BY o.id",
            (min(ids), max(ids), channel),
        )
        if r["id"] in wanted
    ]


def take(store: Store, outbox_ids: list[int], now: datetime, lease: timedelta) -> list[dict[str, Any]]:
    """Lease the rows of a group that are still pending and due, in one transaction; each with
    its event's columns, in the order given."""
    marks = ",".join("?" * len(outbox_ids))
    with store.write():
        rows = store.rows(
            "SELECT o.*, e.key, e.kind, e.rule, e.series, e.period, e.value_usd_millions, "
            "e.previous_period, e.previous_value_usd_millions, e.authority, e.status, "
            "e.vintage_id, e.message, e.detected_at FROM outbox o "
            f"JOIN events e ON e.id = o.event_id WHERE o.id IN ({marks}) "
            "AND o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id",
            (*outbox_ids, iso(now)),
        )
        owner = lease_owner()
        for row in rows:  # rows another sender took, or not due any more, are left out
            store.execute("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", (iso(now + lease), row["id"]))
            store.execute(
                "INSERT OR REPLACE INTO state(key, value, updated_at) VALUES (?,?,?)",
                (f"{LEASE_PREFIX}{row['id']}", owner, iso(now)),
            )
    order = {i: n for n, i in enumerate(outbox_ids)}
    return sorted(rows, key=lambda r: order[int(r["id"])])


def mark_sent(store: Store, ids: list[int], now: datetime) -> None:
    """The rows were delivered: sent, attempt counted, lease dropped (one transaction)."""
    with store.write():
        for row_id in ids:
            store.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, "
                "attempts = attempts + 1, last_error = NULL "
                "WHERE id = ? AND status = 'pending'",
                (iso(now), row_id),
            )
            store.execute("DELETE FROM state WHERE key = ?", (f"{LEASE_PREFIX}{row_id}",))


def mark_failed(
    store: Store, ids: list[int], *, dead: bool, attempts: int, error: str, next_at: datetime
) -> None:
    """The rows failed: given up (`dead`) or due again at `next_at`; lease dropped."""
    with store.write():
        for row_id in ids:
            store.execute(
                "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, "
                "next_attempt_at = ? WHERE id = ? AND status = 'pending'",
                ("dead" if dead else "pending", attempts, error, iso(next_at), row_id),
            )
            store.execute("DELETE FROM state WHERE key = ?", (f"{LEASE_PREFIX}{row_id}",))


def reclaim(store: Store, now: datetime) -> list[tuple[int, str]]:
    """Make rows leased by a process that died mid-send due now (the attempt counts); the
    (row id, dead owner) of each row taken back."""
    taken = []
    for lease in store.rows("SELECT key, value FROM state WHERE key LIKE ?", (LEASE_PREFIX + "%",)):
        if owner_alive(lease["value"]):
            continue
        outbox_id = int(lease["key"][len(LEASE_PREFIX) :])
        with store.write():
            same = store.rows(
                "SELECT 1 FROM state WHERE key = ? AND value = ?", (lease["key"], lease["value"])
            )
            if not same:
                continue  # someone else reclaimed or re-leased it meanwhile
            store.execute("DELETE FROM state WHERE key = ?", (lease["key"],))
            n = store.execute(
                "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, "
                "last_error = ? WHERE id = ? AND status = 'pending'",
                (iso(now), f"interrupted: sender {lease['value']} died mid-send", outbox_id),
            ).rowcount
        if n:
            taken.append((outbox_id, str(lease["value"])))
    return taken


def requeue(store: Store, outbox_id: int, now: datetime) -> list[int]:
    """Make an unsent row due now, with the unsent, unleased rows of the same release on the
    same channel (they were one message); their ids. A UsageError when the row was sent, does
    not exist, or is being sent right now."""
    with store.write():
        row = store.rows("SELECT status FROM outbox WHERE id = ?", (outbox_id,))
        if not row or row[0]["status"] == "sent":
            raise UsageError(
                f"no unsent outbox row with id {outbox_id}" + (" (it was sent already)" if row else "")
            )
        lease = store.rows("SELECT value FROM state WHERE key = ?", (f"{LEASE_PREFIX}{outbox_id}",))
        if lease and owner_alive(lease[0]["value"]):
            raise UsageError(
                f"outbox row {outbox_id} is being sent right now by "
                f"{lease[0]['value']}; try again when that attempt has finished"
            )
        ids = [
            int(r["id"])
            for r in store.rows(
                "SELECT o.id FROM outbox o JOIN events e ON e.id = o.event_id "
                "JOIN outbox me ON me.id = ? JOIN events mine ON mine.id = me.event_id "
                "WHERE o.id = me.id OR (o.channel = me.channel AND o.status != 'sent' "
                "AND e.kind != 'admin' AND mine.kind != 'admin' AND e.series = mine.series "
                "AND e.detected_at = mine.detected_at AND NOT EXISTS (SELECT 1 FROM state s "
                "WHERE s.key = ? || o.id)) ORDER BY o.id",
                (outbox_id, LEASE_PREFIX),
            )
        ]
        for row_id in ids:
            store.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ?", (iso(now), row_id)
            )
    return ids


__all__ = [
    "LEASE",
    "LEASE_PREFIX",
    "due",
    "lease_owner",
    "mark_failed",
    "mark_sent",
    "owner_alive",
    "reclaim",
    "release_keys",
    "requeue",
    "take",
]
