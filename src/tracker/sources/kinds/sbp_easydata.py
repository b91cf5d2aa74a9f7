"""sbp_easydata: SBP's EasyData API, pulled series by series with a request budget."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from msgspec import Meta, field

from tracker.config import SourceConfig
from tracker.sources.registry import SBP_HOSTS, BackfillRole, SourceKind, register


class EasyDataConfig(SourceConfig, frozen=True):
    """An EasyData source also names its API key's variable and the series it pulls."""

    api_key_env: Annotated[
        str | None, Meta(description="Environment variable holding the EasyData API key.")
    ] = None
    series_keys: Annotated[
        list[str], Meta(description="EasyData series keys to pull (default: every tracked one).")
    ] = field(default_factory=list)


@register
class SbpEasyData(SourceKind):
    name = "sbp_easydata"
    description = "SBP EasyData series-data JSON for TS_GP_BOP_TRDSER_M credit series, US$ m"
    formats = ("json",)
    target = "tracker.sources.sbp_easydata:parse"
    official = True  # gated by the EasyData client per pulled series, and by reparse
    needs_api_key = True
    api = True
    hosts = SBP_HOSTS
    release_calendar = True
    backfill = BackfillRole.SERIES
    backfill_order = 0
    config = EasyDataConfig

    def open_session(self, **context: Any) -> Any:
        from tracker.easydata import EasyDataSession

        return EasyDataSession(**context)

    def poll_session(self, session: Any, series_keys: list[str]) -> Any:
        from tracker.easydata import poll_source

        return poll_source(session, series_keys)

    def default_series(self) -> list[str]:
        from tracker.sources.sbp_easydata import SERIES_KEYS

        return list(SERIES_KEYS)

    def history_chunks(self, since: date, until: date) -> list[tuple[date, date]]:
        from tracker.easydata import history_chunks

        return history_chunks(since, until)
