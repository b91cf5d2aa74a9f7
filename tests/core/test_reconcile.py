"""Reconciliation as a data table: official > bundled > agreeing news; conflicts flagged."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.reconcile import decide, same_value


@dataclass
class Obs:
    id: int
    outlet: str
    value_usd_millions: float
    authority: str = "news"
    status: str = "reported"
    source: str = "feed"
    bound: str | None = None
    observed_at: str = "2026-01-20T00:00:00+00:00"
    quote: str = ""
    published_at: str | None = None
    firm: int = 1


def news(i: int, outlet: str, value: float, at: str = "2026-01-20", bound: str | None = None) -> Obs:
    return Obs(i, outlet, value, observed_at=f"{at}T00:00:00+00:00", bound=bound)


CASES = [
    ("one outlet is not enough", [news(1, "dawn.com", 437)], 2, None, False),
    ("two outlets agree", [news(1, "dawn.com", 437), news(2, "brecorder.com", 437)], 2, 437, False),
    (
        "rounding agrees; the more precise value is kept",
        [news(1, "dawn.com", 366), news(2, "brecorder.com", 366.3)],
        2,
        366.3,
        False,
    ),
    ("same outlet twice is one voice", [news(1, "dawn.com", 437), news(2, "dawn.com", 437)], 2, None, False),
    (
        "disagreement is a conflict, not an average",
        [news(1, "dawn.com", 356), news(2, "brecorder.com", 366)],
        2,
        None,
        True,
    ),
    (
        "majority of outlets wins and the conflict is still flagged",
        [news(1, "a.pk", 356), news(2, "b.pk", 356), news(3, "c.pk", 366)],
        2,
        356,
        True,
    ),
    (
        "a tie between clusters decides nothing",
        [news(1, "a.pk", 356), news(2, "b.pk", 356), news(3, "c.pk", 366), news(4, "d.pk", 366)],
        2,
        None,
        True,
    ),
    (
        "an outlet's later correction replaces its earlier figure",
        [news(1, "a.pk", 366, "2026-01-19"), news(2, "a.pk", 356, "2026-01-21"), news(3, "b.pk", 356)],
        2,
        356,
        False,
    ),
    (
        "a lower bound is not a figure",
        [news(1, "a.pk", 230, bound="lower"), news(2, "b.pk", 230, bound="lower")],
        2,
        None,
        False,
    ),
    ("min_news_sources = 1 accepts one outlet", [news(1, "dawn.com", 437)], 1, 437, False),
    (
        "bundled beats news",
        [news(1, "a.pk", 300), news(2, "b.pk", 300), Obs(3, "bundled", 303, authority="bundled")],
        2,
        303,
        False,
    ),
    (
        "official beats everything",
        [
            news(1, "a.pk", 300),
            news(2, "b.pk", 300),
            Obs(3, "bundled", 303, authority="bundled"),
            Obs(4, "sbp", 301, authority="official", status="P"),
        ],
        2,
        301,
        False,
    ),
    (
        "revised beats provisional even if seen earlier",
        [
            Obs(1, "sbp", 373.27, authority="official", status="R", observed_at="2026-07-01T00:00:00+00:00"),
            Obs(2, "sbp", 370.0, authority="official", status="P", observed_at="2026-07-02T00:00:00+00:00"),
        ],
        2,
        373.27,
        False,
    ),
    (
        "the latest revision wins",
        [
            Obs(1, "sbp", 420.0, authority="official", status="R", observed_at="2026-07-01T00:00:00+00:00"),
            Obs(2, "sbp", 422.26, authority="official", status="R", observed_at="2026-08-01T00:00:00+00:00"),
        ],
        2,
        422.26,
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "obs", "min_sources", "value", "conflict"), CASES, ids=[c[0] for c in CASES]
)
def test_decide(name: str, obs: list[Obs], min_sources: int, value: float | None, conflict: bool) -> None:
    d = decide(obs, min_sources)
    assert d.value == value
    assert (d.conflict is not None) is conflict


def test_same_value_tolerance() -> None:
    assert same_value(437, 437.4)
    assert not same_value(356, 366)
    assert same_value(3814, 3830)  # 0.5 % of a fiscal-year total
