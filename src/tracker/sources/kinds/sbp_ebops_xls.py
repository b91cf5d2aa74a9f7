"""sbp_ebops_xls: SBP's dt.xls, Trade in Services by EBOPS 2010 type."""

from __future__ import annotations

from tracker.sources.registry import SBP_HOSTS, BackfillRole, SourceKind, register


@register
class SbpEbopsXls(SourceKind):
    name = "sbp_ebops_xls"
    description = "SBP dt.xls, Trade in Services (EBOPS 2010): item 9 and sub-items, thousand US$"
    formats = ("xls",)
    target = "tracker.sources.sbp_ebops_xls:parse"
    official = True
    file_copies = True
    hosts = SBP_HOSTS
    release_calendar = True
    backfill = BackfillRole.FILE
    backfill_order = 2
