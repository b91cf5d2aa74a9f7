"""The ingest path end to end on a real SQLite store: vintages, events, outbox, atomicity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.errors import StoreError
from tracker.ingest import ChannelRoute, IngestSettings, ingest
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.rules import RuleSettings
from tracker.store import Store

ATH = RuleSettings(True, False, False, ())
CHANNELS = (ChannelRoute("mail"), ChannelRoute("hook", unconfirmed=True), ChannelRoute("ops", admin=True))
SETTINGS = IngestSettings(min_news_sources=2, rules=ATH, channels=CHANNELS)


def official(period: str, value: float, status: str = "P") -> Figure:
    return Figure(
        Series.IT_EXPORTS,
        Period.parse(period),
        value,
        Status(status),
        Authority.OFFICIAL,
        source="sbp-ebops-xls",
        document="https://sbp.example/dt.xls",
    )


def news(period: str, value: float, site: str) -> Figure:
    return Figure(
        Series.IT_EXPORTS,
        Period.parse(period),
        value,
        Status.REPORTED,
        Authority.NEWS,
        source="feed",
        document=f"https://{site}/story",
    )


def at(day: int) -> datetime:
    return datetime(2026, 1, day, tzinfo=UTC)


def outbox(store: Store) -> list[tuple[str, str]]:
    return [
        (r["channel"], r["kind"])
        for r in store.rows(
            "SELECT o.channel, e.kind FROM outbox o JOIN events e ON e.id = o.event_id ORDER BY o.id"
        )
    ]


def test_news_then_official_gives_unconfirmed_then_confirmed(store: Store) -> None:
    ingest(
        store,
        [official("2025-10", 386, "R"), official("2025-11", 356, "R")],
        SETTINGS,
        historical=True,
        now=at(1),
    )
    rep = ingest(store, [news("2025-12", 437, "dawn.com")], SETTINGS, now=at(19))
    assert rep.events == []  # one outlet is not enough
    rep = ingest(store, [news("2025-12", 437, "www.brecorder.com")], SETTINGS, now=at(20))
    assert [e.kind.value for e in rep.events] == ["unconfirmed"]
    assert outbox(store) == [("hook", "unconfirmed")]  # only the opted-in channel
    rep = ingest(store, [official("2025-12", 437)], SETTINGS, now=at(21))
    assert [e.kind.value for e in rep.events] == ["confirmed"]
    assert outbox(store)[1:] == [("mail", "confirmed"), ("hook", "confirmed")]
    again = ingest(store, [official("2025-12", 437)], SETTINGS, now=at(22))
    assert again.observations == 0 and again.events == []


def test_revision_is_a_new_vintage_and_can_correct_a_record(store: Store) -> None:
    ingest(
        store,
        [official("2025-10", 386, "R"), official("2025-11", 356, "R"), official("2025-12", 437)],
        SETTINGS,
        now=at(1),
    )
    ingest(store, [official("2025-12", 380, "R")], SETTINGS, now=at(2))
    vintages = store.vintages("it_exports", "2025-12")
    assert [(v.value_usd_millions, v.status, v.superseded_at is None) for v in vintages] == [
        (437.0, "P", False),
        (380.0, "R", True),
    ]
    kinds = [r["kind"] for r in store.events()]
    assert kinds == ["record", "correction"]


def test_status_change_alone_is_a_new_vintage_without_events(store: Store) -> None:
    ingest(store, [official("2025-10", 386, "R"), official("2025-12", 437)], SETTINGS, now=at(1))
    rep = ingest(store, [official("2025-12", 437, "R")], SETTINGS, now=at(2))
    assert len(store.vintages("it_exports", "2025-12")) == 2
    assert rep.events == []


def test_official_value_replaces_bundled(store: Store) -> None:
    bundled = Figure(
        Series.IT_EXPORTS, Period.parse("2026-05"), 373, Status.REPORTED, Authority.BUNDLED, source="bundled"
    )
    june = datetime(2026, 6, 20, tzinfo=UTC)  # after May 2026 has ended
    ingest(store, [bundled], SETTINGS, historical=True, now=june)
    ingest(store, [official("2026-05", 373.27, "R")], SETTINGS, now=june)
    v = store.current_vintage("it_exports", "2026-05")
    assert v is not None and (v.value_usd_millions, v.authority) == (373.27, "official")


def test_conflicting_news_is_recorded_and_resolved_by_official(store: Store) -> None:
    ingest(store, [news("2025-11", 356, "a.pk"), news("2025-11", 366, "b.pk")], SETTINGS, now=at(1))
    assert store.rows("SELECT period FROM open_conflicts") == [{"period": "2025-11"}]
    assert store.current_vintage("it_exports", "2025-11") is None
    ingest(store, [official("2025-11", 356.1)], SETTINGS, now=at(2))
    assert store.rows("SELECT period FROM open_conflicts") == []


def test_historical_events_are_not_queued(store: Store) -> None:
    ingest(
        store,
        [official("2025-10", 386), official("2025-11", 356), official("2025-12", 437)],
        SETTINGS,
        historical=True,
        now=at(1),
    )
    assert len(store.events()) == 1
    assert outbox(store) == []


def test_failure_inside_ingest_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(store, [official("2025-10", 386), official("2025-11", 356)], SETTINGS, now=at(1))

    def boom(*args: object, **kwargs: object) -> None:
        raise StoreError("disk full (injected)")

    monkeypatch.setattr(store, "queue", boom)
    with pytest.raises(StoreError):
        ingest(store, [official("2025-12", 437)], SETTINGS, now=at(2))
    assert store.rows("SELECT count(*) AS n FROM observations") == [{"n": 2}]
    assert store.events() == []
    assert store.current_vintage("it_exports", "2025-12") is None
