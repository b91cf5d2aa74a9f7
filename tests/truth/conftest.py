"""A small world for truth tests: a complete history, outlets that publish, SBP that releases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from tracker.ingest import ChannelRoute, IngestReport, IngestSettings, ingest
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.store import Store

# A complete monthly history from July 2024 to July 2026 (record: December 2025, $437M).
HISTORY = {
    "2024-07": 286,
    "2024-08": 298,
    "2024-09": 292,
    "2024-10": 330,
    "2024-11": 324,
    "2024-12": 348,
    "2025-01": 310,
    "2025-02": 305,
    "2025-03": 342,
    "2025-04": 317,
    "2025-05": 330,
    "2025-06": 339,
    "2025-07": 354,
    "2025-08": 337,
    "2025-09": 366,
    "2025-10": 386,
    "2025-11": 356,
    "2025-12": 437,
    "2026-01": 374,
    "2026-02": 364,
    "2026-03": 414,
    "2026-04": 422.26,
    "2026-05": 373.27,
    "2026-06": 416,
    "2026-07": 417,
}

CHANNELS = (
    ChannelRoute("hook", unconfirmed=True),  # opted into unconfirmed news records
    ChannelRoute("mail"),  # records only (the default)
    ChannelRoute("desk", events=frozenset({"new_month"})),  # every new month only
    ChannelRoute("ops", admin=True),
)


def when(day: str) -> datetime:
    return (
        datetime.fromisoformat(day).replace(tzinfo=UTC)
        if "T" in day
        else datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)
    )


@dataclass
class World:
    """A store plus helpers that publish articles and SBP files through `ingest()`."""

    store: Store
    settings: IngestSettings = field(default_factory=lambda: IngestSettings(channels=CHANNELS))
    reports: list[IngestReport] = field(default_factory=list)

    def load_history(self, months: dict[str, float] = HISTORY) -> None:
        figures = [
            Figure(
                Series.IT_EXPORTS, Period.parse(p), v, Status.REPORTED, Authority.BUNDLED, source="bundled"
            )
            for p, v in months.items()
        ]
        ingest(self.store, figures, self.settings, historical=True, now=when("2026-08-01"))

    def article(
        self,
        url: str,
        published: str,
        *values: tuple[str, float],
        quote: str | None = None,
        firm: bool = True,
        fetched: str | None = None,
        source: str = "news",
        credit: str | None = None,
    ) -> IngestReport:
        """One news article stating `values` ((period, US$ m), ...) published that day."""
        now = when(fetched or published)
        with self.store.write():
            doc_id, _ = self.store.add_document(
                source=source,
                url=url,
                body=f"{url} {published} {values}".encode(),
                fetched_at=now,
                published_at=published,
            )
        figures = [
            Figure(
                Series.IT_EXPORTS,
                Period.parse(p),
                v,
                Status.REPORTED,
                Authority.NEWS,
                source=source,
                document=url,
                quote=quote or f"IT exports were ${v}m in {p}, said {url}.",
                firm=firm,
                credit=credit,
            )
            for p, v in values
        ]
        return self._ingest(figures, doc_id, now)

    def sbp(self, day: str, *values: tuple[str, float, str], name: str = "dt.xls") -> IngestReport:
        """An SBP file seen on `day` with (period, US$ m, P/R) values."""
        now = when(day)
        with self.store.write():
            doc_id, _ = self.store.add_document(
                source=f"sbp-{name}",
                url=f"https://www.sbp.org.pk/{name}",
                body=f"{name} {day} {values}".encode(),
                fetched_at=now,
            )
        figures = [
            Figure(
                Series.IT_EXPORTS,
                Period.parse(p),
                v,
                Status(s),
                Authority.OFFICIAL,
                source=f"sbp-{name}",
                document=f"https://www.sbp.org.pk/{name}",
            )
            for p, v, s in values
        ]
        return self._ingest(figures, doc_id, now)

    def _ingest(self, figures: list[Figure], doc_id: int, now: datetime) -> IngestReport:
        report = ingest(self.store, figures, self.settings, document_id=doc_id, now=now)
        self.reports.append(report)
        return report

    def sent(self) -> list[tuple[str, str, str, str]]:
        """(channel, kind, rule, period) of every outbox row, in order."""
        return [
            (r["channel"], r["kind"], r["rule"], r["period"])
            for r in self.store.rows(
                "SELECT o.channel, e.kind, e.rule, e.period FROM outbox o "
                "JOIN events e ON e.id = o.event_id ORDER BY o.id"
            )
        ]

    def held(self) -> dict[tuple[str, str], str]:
        return {(h["rule"], h["period"]): h["reason"] for h in self.store.held_candidates()}

    def value(self, period: str) -> Any:
        v = self.store.current_vintage("it_exports", period)
        return None if v is None else (v.value_usd_millions, v.authority, v.status)


@pytest.fixture
def world() -> Iterator[World]:
    store = Store.memory()
    yield World(store)
    store.close()
