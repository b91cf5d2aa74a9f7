"""Properties over random arrival orders: the same series, and nothing old announced."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.truth.conftest import World
from tracker.detect import Frontier
from tracker.model import Period
from tracker.store import Store


@dataclass(frozen=True)
class Doc:
    """An article (url, published, values, firm) or an SBP file (name, values with status)."""

    kind: str
    name: str
    day: str
    values: tuple[tuple[str, float, str], ...]
    firm: bool = True


POOL = (
    Doc("news", "https://a.pk/aug", "2026-09-14", (("2026-08", 452, ""),)),
    Doc("news", "https://b.pk/aug", "2026-09-15", (("2026-08", 452, ""),)),
    Doc("news", "https://c.pk/aug", "2026-09-15", (("2026-08", 425, ""),)),
    Doc("news", "https://c.pk/aug-fix", "2026-09-17", (("2026-08", 452, ""),)),
    Doc("news", "https://f.pk/guess", "2026-09-17", (("2026-08", 470, ""),), firm=False),
    Doc("news", "https://old.pk/2024", "2024-04-28", (("2024-03", 306, ""), ("2024-02", 257, ""))),
    Doc("sbp", "dt.xls", "2026-09-18T10:00:00", (("2026-08", 452.3, "P"),)),
    Doc("sbp", "ExportsImports-Goods.pdf", "2026-09-18T10:00:05", (("2026-08", 452, "P"),)),
    Doc("news", "https://d.pk/sep", "2026-10-19", (("2026-09", 461, ""),)),
    Doc("news", "https://e.pk/sep", "2026-10-20", (("2026-09", 461, ""),)),
    Doc("sbp", "dt.xls", "2026-10-18T10:00:00", (("2026-08", 450, "R"), ("2026-09", 461.4, "P"))),
)

HISTORY_FRONTIER = Period.parse("2026-07").first


def _play(order: list[Doc]) -> tuple[list[tuple[str, float, str, str]], World]:
    world = World(Store.memory())
    world.load_history()
    for i, doc in enumerate(order):
        # processed in the given order, each fetched a few hours after publication
        day = doc.day if "T" in doc.day else f"{doc.day}T09:00:00"
        fetched = day[:11] + f"{10 + i:02d}" + day[13:]
        before = Frontier.of(world.store, "it_exports")
        rows_before = len(world.sent())
        if doc.kind == "news":
            world.article(
                doc.name, doc.day, *((p, v) for p, v, _ in doc.values), firm=doc.firm, fetched=fetched
            )
        else:
            world.sbp(fetched, *doc.values, name=doc.name)
        for _, kind, _rule, period in world.sent()[rows_before:]:
            if kind in ("record", "unconfirmed"):
                # never an announcement about a month at or before the frontier
                assert before.is_news(Period.parse(period), world.settings.revision_months)
                assert Period.parse(period).last > HISTORY_FRONTIER
    series = [
        (v.period, v.value_usd_millions, v.status, v.authority)
        for v in world.store.canonical_months("it_exports")
    ]
    return series, world


REFERENCE, _ = _play(sorted(POOL, key=lambda d: d.day))


@settings(max_examples=25, deadline=None)
@given(st.permutations(POOL))
def test_any_arrival_order_gives_the_same_series_and_announces_nothing_old(order: list[Doc]) -> None:
    series, world = _play(order)
    assert series == REFERENCE
    assert dict((p, v) for p, v, *_ in series)["2026-08"] == 450  # SBP's revision stands
    world.store.close()


def test_the_reference_order_sends_true_records_only() -> None:
    _, world = _play(sorted(POOL, key=lambda d: d.day))
    announced = {
        (rule, period)
        for _, kind, rule, period in world.sent()
        if kind in ("record", "unconfirmed", "confirmed")
    }
    assert ("all_time_high", "2026-08") in announced  # 452/450 beat December 2025's 437
    assert ("all_time_high", "2026-09") in announced
    assert all(period > "2026-07" for _, period in announced)
