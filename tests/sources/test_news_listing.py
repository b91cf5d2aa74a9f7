"""news_listing.parse_listing on hand-written listing pages."""

from __future__ import annotations

import pytest

from tracker.errors import ParseError
from tracker.sources.base import Document
from tracker.sources.keywords import KeywordFilter
from tracker.sources.news_listing import ListingLink, parse_listing

LISTING_URL = "https://www.brecorder.com/trends/it-exports"

PAGE = """<!DOCTYPE html>
<html><head>
  <meta charset="utf-8"><title>IT exports | Business Recorder</title>
  <link rel="next" href="/trends/it-exports?page=2">
</head><body>
<header><nav>
  <a href="/">Home</a>
  <a href="/news/40350001/this-is-a-long-menu-link-in-the-header">This is a long menu link in the header</a>
</nav></header>
<main>
  <article>
    <a href="/news/40350010"><img src="/img/a.jpg" alt="IT exports photo"></a>
    <h2><a href="/news/40350010">IT exports rise 28pc to $437m in December</a></h2>
  </article>
  <article>
    <h2><a href="https://brecorder.com/news/40350011/rupee-ends-flat">Rupee ends flat against dollar</a></h2>
  </article>
  <div class="story">
    <a href="https://twitter.com/brecordernews/status/1234567890">Follow this story on X now</a>
    <a href="/news/40350012/ict-exports-record#comments">ICT exports set a new monthly record</a>
    <a href="https://www.dawn.com/news/1960001/it-exports">IT exports on another site entirely</a>
    <a href="/category/business-finance">Business &amp; Finance section of the site</a>
    <a href="/tag/ites">Tag page for ITeS and related news</a>
    <a href="mailto:editor@brecorder.com">Email the editor about this story</a>
    <a href="javascript:void(0)">Load comments for this story now</a>
    <a href="/img/chart-it-exports.png">Chart: monthly IT exports since 2020</a>
    <a href="/news/40350013/urdu">آئی ٹی برآمدات میں اضافہ ریکارڈ</a>
    <a href="/news/40350014">Short</a>
  </div>
  <div class="pagination"><a class="page-numbers" href="?page=3">3</a></div>
</main>
<footer><a href="/privacy-policy">Privacy policy and terms of use</a></footer>
</body></html>
"""


def doc(body: str | bytes, url: str = LISTING_URL, content_type: str | None = None) -> Document:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Document(url=url, body=data, content_type=content_type)


def test_article_links_with_titles_same_site_only():
    result = parse_listing(doc(PAGE))
    assert result.links == [
        ListingLink("https://www.brecorder.com/news/40350010", "IT exports rise 28pc to $437m in December"),
        ListingLink("https://brecorder.com/news/40350011/rupee-ends-flat", "Rupee ends flat against dollar"),
        ListingLink(
            "https://www.brecorder.com/news/40350012/ict-exports-record",
            "ICT exports set a new monthly record",
        ),
        ListingLink("https://www.brecorder.com/news/40350013/urdu", "آئی ٹی برآمدات میں اضافہ ریکارڈ"),
    ]
    assert result.discovered_urls == [link.url for link in result.links]
    assert result.entries is result.links  # same attribute name as FeedParseResult
    assert result.warnings == []


def test_head_rel_next_is_the_next_page():
    assert parse_listing(doc(PAGE)).next_page == "https://www.brecorder.com/trends/it-exports?page=2"


@pytest.mark.parametrize(
    "pagination",
    [
        '<a rel="next nofollow" href="/trends/it-exports/page/2/">2</a>',
        '<a class="nextpostslink" href="/trends/it-exports/page/2/">»</a>',
        '<a class="pagination__next" href="/trends/it-exports/page/2/">Go</a>',
        '<a href="/trends/it-exports/page/2/">Older posts</a>',
        '<a href="/trends/it-exports/page/2/">اگلا صفحہ</a>',
    ],
)
def test_next_page_from_anchors(pagination):
    page = f"<html><body><a href='/trends/it-exports/page/1/'>1</a>{pagination}</body></html>"
    result = parse_listing(doc(page))
    assert result.next_page == "https://www.brecorder.com/trends/it-exports/page/2/"


def test_no_next_page_and_no_links():
    result = parse_listing(doc("<html><body><p>Nothing to see</p></body></html>"))
    assert result.next_page is None and result.links == []
    assert result.warnings == ["no article links found on the listing page"]


def test_base_href_and_declared_charset():
    page = (
        '<html><head><base href="https://www.brecorder.com/archive/"></head><body>'
        '<h3><a href="2026/11/it-exports-cross-3bn.html">IT exports cross 3bn in five months</a>'
        "</h3></body></html>"
    ).encode("cp1252")
    result = parse_listing(doc(page, content_type="text/html; charset=windows-1252"))
    assert result.discovered_urls == ["https://www.brecorder.com/archive/2026/11/it-exports-cross-3bn.html"]


def test_listing_links_feed_the_keyword_filter():
    selected = KeywordFilter().select(parse_listing(doc(PAGE)).links)
    assert [link.url.rsplit("/", 2)[-2:] for link in selected] == [
        ["news", "40350010"],
        ["40350012", "ict-exports-record"],
        ["40350013", "urdu"],
    ]


@pytest.mark.parametrize("body", [b"", b"%PDF-1.7 binary", b'<?xml version="1.0"?><rss version="2.0"></rss>'])
def test_non_listings_raise_parse_error(body):
    with pytest.raises(ParseError, match=LISTING_URL):
        parse_listing(doc(body))
