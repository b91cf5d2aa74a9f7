"""news_feed: a news site's RSS/Atom feed; matching articles are followed."""

from __future__ import annotations

from tracker.sources.registry import SourceKind, register


@register
class NewsFeed(SourceKind):
    name = "news_feed"
    description = "RSS/Atom feed of a news site: article links and hints"
    formats = ("xml",)
    target = "tracker.sources.news_feed:parse_feed"
    article_kind = "news_article"
