"""Decide the canonical value of one period from all its observations (pure).

Precedence: official SBP values (revised beats provisional, then the latest stated; within
one status a coarser file that agrees within its own rounding is the same figure, and the
more precise value stands) over the bundled history over news. A news value counts only
when at least `min_news_sources` independent *voices* agree on it: an outlet's current
statement is its latest by publication date, only firmly dated statements count, and
syndicated copy of one wire story is one voice (see `voices`). Disagreeing voices are a
conflict, never averaged. The result depends on the set of observations, not their order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from tracker.model import Authority, Status
from tracker.voices import group_voices

_STATUS_RANK = {
    Status.PROVISIONAL.value: 0,
    Status.REPORTED.value: 0,
    Status.REVISED.value: 1,
    Status.FINAL.value: 2,
}


class ObservationLike(Protocol):
    """What reconciliation reads of an observation (store.ObservationRow satisfies it)."""

    @property
    def id(self) -> int: ...

    @property
    def outlet(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def period(self) -> str: ...

    @property
    def value_usd_millions(self) -> float: ...

    @property
    def status(self) -> str: ...

    @property
    def authority(self) -> str: ...

    @property
    def bound(self) -> str | None: ...

    @property
    def quote(self) -> str: ...

    @property
    def observed_at(self) -> str: ...

    @property
    def published_at(self) -> str | None: ...

    @property
    def firm(self) -> int: ...


Obs = TypeVar("Obs", bound=ObservationLike)


@dataclass(frozen=True)
class Decision:
    """The canonical value chosen for a period (None: nothing acceptable yet) and conflicts."""

    value: float | None = None
    status: str | None = None
    authority: str | None = None
    source: str | None = None
    observation_id: int | None = None
    conflict: dict[str, list[str]] | None = field(default=None)  # value -> outlets
    voices: tuple[str, ...] = ()  # the agreeing outlets, for a news value


def same_value(a: float, b: float) -> bool:
    """News rounds: $366m and $366.3m are the same figure, $356m and $366m are not."""
    return abs(a - b) <= max(0.5, 0.005 * max(abs(a), abs(b)))


def stated_at(o: ObservationLike) -> str:
    """When a statement was made: its document's publication date, else when it was seen."""
    return o.published_at or o.observed_at


def rounding_of(value: float) -> float:
    """Half a unit of the last digit a value is given to: 437 -> 0.5, 437.21 -> 0.005."""
    for decimals in range(4):
        scaled = value * 10**decimals
        if abs(scaled - round(scaled)) < 1e-6:
            return 0.5 / 10**decimals
    return 0.0005


def _official(official: Sequence[ObservationLike]) -> ObservationLike:
    """SBP's current value: highest status, latest stated; a coarser copy keeps the precise one.

    The workbook gives item 9 in thousands (437,210 -> 437.21) and the headline PDF whole
    millions (437): for the same status they are one figure, whichever was fetched last.
    """
    top = max(_STATUS_RANK.get(o.status, 0) for o in official)
    same_status = [o for o in official if _STATUS_RANK.get(o.status, 0) == top]
    latest = max(same_status, key=lambda o: (stated_at(o), o.id))
    tolerance = rounding_of(latest.value_usd_millions) + 1e-9
    agreeing = [o for o in same_status if abs(o.value_usd_millions - latest.value_usd_millions) <= tolerance]
    return max(agreeing, key=lambda o: (-rounding_of(o.value_usd_millions), stated_at(o), o.id))


def current_statements(news: Sequence[Obs]) -> list[Obs]:
    """Each outlet's latest statement by publication date (an outlet may correct itself).

    Ties are broken by the statement itself, never by arrival order, so that the result
    does not depend on which feed listed its items first.
    """
    by_outlet: dict[str, Obs] = {}
    for o in sorted(news, key=lambda o: (stated_at(o), o.firm, o.value_usd_millions)):
        by_outlet[o.outlet] = o
    return [by_outlet[k] for k in sorted(by_outlet)]


Voice = tuple[float, str, ObservationLike]  # (value, outlets, representative observation)


def _cluster(values: list[Voice]) -> list[list[Voice]]:
    """Group voices whose values are the same figure."""
    clusters: list[list[Voice]] = []
    for item in sorted(values, key=lambda t: (t[0], t[1])):
        if clusters and same_value(clusters[-1][0][0], item[0]):
            clusters[-1].append(item)
        else:
            clusters.append([item])
    return clusters


def news_voices(news: Sequence[ObservationLike]) -> list[Voice]:
    """Independent, firmly dated voices among news statements (bounds excluded)."""
    statements = [o for o in current_statements([o for o in news if not o.bound]) if o.firm]
    voices: list[Voice] = []
    for group in group_voices([(o.outlet, o.quote) for o in statements]):
        members = [statements[i] for i in group]
        rep = max(members, key=lambda o: (stated_at(o), o.value_usd_millions))
        voices.append((rep.value_usd_millions, "+".join(sorted(o.outlet for o in members)), rep))
    return voices


def decide(observations: Sequence[ObservationLike], min_news_sources: int) -> Decision:
    """Pick the canonical value of a period from its observations."""
    official = [o for o in observations if o.authority == Authority.OFFICIAL.value]
    if official:
        o = _official(official)
        return Decision(o.value_usd_millions, o.status, o.authority, o.source, o.id)
    bundled = [o for o in observations if o.authority == Authority.BUNDLED.value]
    news = [o for o in observations if o.authority == Authority.NEWS.value]

    clusters = _cluster(news_voices(news))
    conflict = None
    if len(clusters) > 1:
        conflict = {
            f"{c[0][0]:g}" if len(c) == 1 else f"{c[0][0]:g}-{c[-1][0]:g}": sorted(
                outlets for _, outlets, _ in c
            )
            for c in clusters
        }
    if bundled:
        o = max(bundled, key=lambda o: (stated_at(o), o.id))
        return Decision(o.value_usd_millions, o.status, o.authority, o.source, o.id, conflict)

    sizes = sorted((len(c) for c in clusters), reverse=True)
    best = max(clusters, key=len, default=None)
    agreed = best is not None and len(best) >= min_news_sources and (len(sizes) == 1 or sizes[0] > sizes[1])
    if not agreed or best is None:
        return Decision(conflict=conflict)
    # Within agreeing voices prefer the most common exact value, then the most precise.
    counts: dict[float, int] = {}
    for v, _, _ in best:
        counts[v] = counts.get(v, 0) + 1
    value = max(counts, key=lambda v: (counts[v], len(f"{v:g}"), v))
    first = min((o for v, _, o in best if v == value), key=lambda o: (stated_at(o), o.outlet))
    return Decision(
        value,
        Status.REPORTED.value,
        Authority.NEWS.value,
        first.source,
        first.id,
        conflict,
        tuple(sorted(outlets for _, outlets, _ in best)),
    )
