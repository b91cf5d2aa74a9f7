"""What the ingest path is configured with: the reconcile threshold, the record rules, the
channels' routes and each source's outlet (built once from the config)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.model import Series
from tracker.routes import ChannelRoute
from tracker.rules import RuleSettings, threshold_rule
from tracker.voices import outlet_of_url

if TYPE_CHECKING:
    from tracker.config import Config


@dataclass(frozen=True)
class IngestSettings:
    min_news_sources: int = 2
    rules: RuleSettings = field(default_factory=RuleSettings)
    rule_series: tuple[Series, ...] = (Series.IT_EXPORTS,)
    channels: tuple[ChannelRoute, ...] = ()
    max_article_age_days: float = 45.0  # older news is history, never an alert
    revision_months: int = 3  # official revisions of this many months before the frontier
    outlets: Mapping[str, str] = field(default_factory=dict)  # source name -> outlet

    @classmethod
    def from_config(cls, config: Config) -> IngestSettings:
        r = config.rules
        return cls(
            min_news_sources=config.reconcile.min_news_sources,
            rules=RuleSettings(r.all_time_high, r.same_month_high, r.fytd_high, tuple(r.thresholds)),
            rule_series=tuple(Series(s) for s in r.series),
            channels=tuple(ChannelRoute.of(c) for c in config.channels if c.is_active()),
            max_article_age_days=config.reconcile.max_article_age_days,
            revision_months=config.reconcile.revision_months,
            outlets={s.name: source_outlet(s.url, s.outlet) for s in config.sources},
        )

    def enabled_rules(self) -> set[str]:
        names = {
            name
            for name, on in (
                ("all_time_high", self.rules.all_time_high),
                ("same_month_high", self.rules.same_month_high),
                ("fytd_high", self.rules.fytd_high),
            )
            if on
        }
        return names | {threshold_rule(t) for t in self.rules.thresholds}


def source_outlet(url: str, configured: str | None = None) -> str:
    """A configured source's outlet: its `outlet` name, else the registrable domain of its URL.

    The outlet is who the *source* is, never a host chosen by the content it serves: one
    hostile feed linking to two hosts is still one outlet.
    """
    return configured or outlet_of_url(url)


__all__ = ["IngestSettings", "source_outlet"]
