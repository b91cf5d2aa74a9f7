"""sbp_index: an SBP index page that says where each data file lives and when it changed."""

from __future__ import annotations

from datetime import date

from tracker.sources.base import Document
from tracker.sources.registry import SBP_HOSTS, BackfillRole, SourceKind, register


@register
class SbpIndex(SourceKind):
    name = "sbp_index"
    description = "SBP index page (economic-data or ecodata/index2.asp): file links and Last Updated"
    formats = ("html",)
    target = "tracker.sources.sbp_index:parse"
    official = True
    discovers_files = True
    hosts = SBP_HOSTS
    release_calendar = True
    backfill = BackfillRole.INDEX
    backfill_order = 1

    def files(self, doc: Document) -> dict[str, tuple[str, date | None]]:
        from tracker.sources import sbp_index

        return sbp_index.files(doc)
