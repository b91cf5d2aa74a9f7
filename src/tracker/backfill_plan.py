"""What `tracker backfill` will do and did: the plan (sources, items, requests) printed before
it runs, and the per-source tallies printed after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class ItemOutcome:
    """What one backfill item did: new (stored something), unchanged, or failed."""

    status: str
    revised: int = 0  # months whose canonical value changed from an earlier one
    error: str | None = None
    detail: str = ""


def ignore_stop(run: Callable[[], ItemOutcome], _should_stop: Callable[[], bool]) -> ItemOutcome:
    """An item that runs to its end once started (one request): the stop is checked between
    items."""
    return run()


def done_before() -> ItemOutcome:
    """An item a previous run finished."""
    return ItemOutcome("unchanged", detail="done before")


@dataclass
class BackfillItem:
    source: str
    label: str
    requests: int  # HTTP requests it will send (a lower bound for news archives)
    run: Callable[[Callable[[], bool]], ItemOutcome]  # gets should_stop


@dataclass
class SourcePlan:
    source: str
    kind: str
    what: str
    items: list[BackfillItem] = field(default_factory=list)
    skipped: str | None = None  # why the source is left out

    @property
    def requests(self) -> int:
        return sum(i.requests for i in self.items)


@dataclass
class BackfillPlan:
    since: date
    until: date
    sources: list[SourcePlan]

    def items(self) -> list[BackfillItem]:
        return [i for s in self.sources for i in s.items]

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.sources)

    def lines(self) -> list[str]:
        """The plan as printed before anything runs."""
        used = [s for s in self.sources if not s.skipped]
        out = [
            f"plan: {len(used)} sources, {self.since:%Y-%m}..{self.until:%Y-%m}, "
            f"{len(self.items())} items, {self.requests} requests"
        ]
        for s in self.sources:
            text = (
                f"skipped: {s.skipped}"
                if s.skipped
                else f"{s.what}: {len(s.items)} items, {s.requests} requests"
            )
            out.append(f"  {s.source:<24} {s.kind:<16} {text}")
        return out


@dataclass
class Tally:
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    failed: int = 0


@dataclass
class BackfillReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return sum(t.failed for t in self.tallies.values())


__all__ = [
    "BackfillItem",
    "BackfillPlan",
    "BackfillReport",
    "ItemOutcome",
    "SourcePlan",
    "Tally",
    "done_before",
    "ignore_stop",
]
