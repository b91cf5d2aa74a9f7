"""news_article: one news article, figures extracted from its prose."""

from __future__ import annotations

from tracker.sources.registry import SourceKind, register


@register
class NewsArticle(SourceKind):
    name = "news_article"
    description = "One news article: figures extracted from its prose"
    formats = ("html",)
    target = "tracker.sources.news_article:parse"
