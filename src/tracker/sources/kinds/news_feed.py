"""news_feed: a news site's RSS/Atom feed; matching articles are followed."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, field

from tracker.config import SourceConfig
from tracker.sources.registry import SourceKind, register


class FollowingConfig(SourceConfig, frozen=True):
    """A feed or listing also says which articles it follows (news_listing takes it too)."""

    keywords: Annotated[list[str], Meta(description="Extra keywords for news discovery.")] = field(
        default_factory=list
    )
    article_hosts: Annotated[
        list[str],
        Meta(
            description="Hosts (and their subdomains) the article links may be fetched from, "
            "besides the source URL's own registrable domain; other links are skipped."
        ),
    ] = field(default_factory=list)


@register
class NewsFeed(SourceKind):
    name = "news_feed"
    description = "RSS/Atom feed of a news site: article links and hints"
    formats = ("xml",)
    target = "tracker.sources.news_feed:parse_feed"
    article_kind = "news_article"
    config = FollowingConfig
