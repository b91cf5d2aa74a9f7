"""news_listing: a news site's HTML listing; matching articles are followed, pages walked back."""

from __future__ import annotations

from tracker.sources.kinds.news_feed import FollowingConfig
from tracker.sources.registry import BackfillRole, SourceKind, register


@register
class NewsListing(SourceKind):
    name = "news_listing"
    description = "HTML listing page of a news site: article links"
    formats = ("html",)
    target = "tracker.sources.news_listing:parse_listing"
    article_kind = "news_article"
    backfill = BackfillRole.ARCHIVE
    config = FollowingConfig
