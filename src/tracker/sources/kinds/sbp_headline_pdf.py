"""sbp_headline_pdf: SBP's ExportsImports-Goods.pdf headline table."""

from __future__ import annotations

from tracker.sources.registry import SBP_HOSTS, BackfillRole, SourceKind, register


@register
class SbpHeadlinePdf(SourceKind):
    name = "sbp_headline_pdf"
    description = "SBP ExportsImports-Goods.pdf headline table: the item-9 ICT row, integer US$ m"
    formats = ("pdf",)
    target = "tracker.sources.sbp_headline_pdf:parse"
    official = True
    file_copies = True
    hosts = SBP_HOSTS
    release_calendar = True
    backfill = BackfillRole.FILE
    backfill_order = 3
