"""Decide the canonical value of one period from all its observations (pure).

Precedence: official SBP values (revised beats provisional, then the latest seen) over the
bundled history over news. A news value counts only when at least `min_news_sources`
distinct outlets agree on it; disagreeing news values are a conflict, never averaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tracker.model import Authority, Status

_STATUS_RANK = {Status.PROVISIONAL.value: 0, Status.REPORTED.value: 0,
                Status.REVISED.value: 1, Status.FINAL.value: 2}


class ObservationLike(Protocol):
    id: int
    outlet: str
    source: str
    value_usd_millions: float
    status: str
    authority: str
    bound: str | None
    observed_at: str


@dataclass(frozen=True)
class Decision:
    """The canonical value chosen for a period (None: nothing acceptable yet) and conflicts."""

    value: float | None = None
    status: str | None = None
    authority: str | None = None
    source: str | None = None
    observation_id: int | None = None
    conflict: dict[str, list[str]] | None = field(default=None)  # value -> outlets


def same_value(a: float, b: float) -> bool:
    """News rounds: $366m and $366.3m are the same figure, $356m and $366m are not."""
    return abs(a - b) <= max(0.5, 0.005 * max(abs(a), abs(b)))


def _latest(obs: Sequence[ObservationLike], *, by_status: bool) -> ObservationLike:
    def rank(o: ObservationLike) -> tuple[int, str, int]:
        return (_STATUS_RANK.get(o.status, 0) if by_status else 0, o.observed_at, o.id)

    return max(obs, key=rank)


Voice = tuple[float, str, ObservationLike]  # (value, outlet, observation)


def _cluster(values: list[Voice]) -> list[list[Voice]]:
    """Group (value, outlet, obs) triples whose values are the same figure."""
    clusters: list[list[Voice]] = []
    for item in sorted(values, key=lambda t: t[0]):
        if clusters and same_value(clusters[-1][0][0], item[0]):
            clusters[-1].append(item)
        else:
            clusters.append([item])
    return clusters


def decide(observations: Sequence[ObservationLike], min_news_sources: int) -> Decision:
    """Pick the canonical value of a period from its observations."""
    official = [o for o in observations if o.authority == Authority.OFFICIAL.value]
    if official:
        o = _latest(official, by_status=True)
        return Decision(o.value_usd_millions, o.status, o.authority, o.source, o.id)
    bundled = [o for o in observations if o.authority == Authority.BUNDLED.value]
    news = [o for o in observations if o.authority == Authority.NEWS.value and not o.bound]

    # Each outlet counts once, with its latest statement (an outlet may correct itself).
    by_outlet: dict[str, ObservationLike] = {}
    for o in sorted(news, key=lambda o: (o.observed_at, o.id)):
        by_outlet[o.outlet] = o
    clusters = _cluster([(o.value_usd_millions, outlet, o) for outlet, o in by_outlet.items()])
    conflict = None
    if len(clusters) > 1:
        conflict = {
            f"{c[0][0]:g}" if len(c) == 1 else f"{c[0][0]:g}-{c[-1][0]:g}":
                sorted(outlet for _, outlet, _ in c)
            for c in clusters
        }
    if bundled:
        o = _latest(bundled, by_status=False)
        return Decision(o.value_usd_millions, o.status, o.authority, o.source, o.id, conflict)

    sizes = sorted((len(c) for c in clusters), reverse=True)
    best = max(clusters, key=len, default=None)
    agreed = (
        best is not None
        and len(best) >= min_news_sources
        and (len(sizes) == 1 or sizes[0] > sizes[1])
    )
    if not agreed or best is None:
        return Decision(conflict=conflict)
    # Within agreeing outlets prefer the most common exact value, then the most precise.
    counts: dict[float, int] = {}
    for v, _, _ in best:
        counts[v] = counts.get(v, 0) + 1
    value = max(counts, key=lambda v: (counts[v], len(f"{v:g}")))
    first = min((o for v, _, o in best if v == value), key=lambda o: (o.observed_at, o.id))
    return Decision(value, Status.REPORTED.value, Authority.NEWS.value, first.source, first.id,
                    conflict)
