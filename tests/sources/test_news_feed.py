"""news_feed.parse_feed on hand-written RSS 2.0, RSS 1.0 and Atom samples, and on non-feeds."""

from __future__ import annotations

from datetime import date, timedelta, timezone

import pytest

from tracker.errors import ParseError
from tracker.sources.base import Document
from tracker.sources.news_feed import FeedEntry, parse_feed, parse_feed_date

FEED_URL = "https://www.dawn.com/feeds/business"

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Dawn - Business</title>
  <link>https://www.dawn.com</link>
  <item>
    <title>IT exports rise 28pc to $437m in December</title>
    <link>https://www.dawn.com/news/1960001/it-exports-rise-28pc</link>
    <description><![CDATA[<p>Sales of <b>computer services</b> &amp; more.</p>]]></description>
    <pubDate>Thu, 01 Jan 2026 02:37:41 +0500</pubDate>
    <media:content url="https://i.dawn.com/large/x.jpg" medium="image"/>
    <guid isPermaLink="false">1960001</guid>
  </item>
  <item>
    <title>Rupee gains &amp; stocks rally</title>
    <link>/news/1960002/rupee-gains</link>
    <description>Markets</description>
    <pubDate>Fri, 02 Jan 2026 20:15:00 +0500</pubDate>
  </item>
  <item>
    <title>آئی ٹی برآمدات میں اضافہ</title>
    <guid>https://www.dawn.com/news/1960003/urdu</guid>
    <content:encoded><![CDATA[<div>آئی ٹی کی برآمدات</div>]]></content:encoded>
  </item>
  <item>
    <title>Duplicate of the first</title>
    <link>https://www.dawn.com/news/1960001/it-exports-rise-28pc</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">ProPakistani Tech</title>
  <link rel="self" href="https://propakistani.pk/feed/atom/"/>
  <updated>2026-11-19T10:00:00Z</updated>
  <entry>
    <title type="html">ICT exports hit &lt;em&gt;record&lt;/em&gt; high</title>
    <link rel="enclosure" href="https://propakistani.pk/img/1.jpg"/>
    <link rel="alternate" type="text/html" href="https://propakistani.pk/2026/11/19/ict-exports-record/"/>
    <id>tag:propakistani.pk,2026:1</id>
    <published>2026-11-19T23:30:00+05:00</published>
    <updated>2026-11-20T08:00:00+05:00</updated>
    <summary type="html">&lt;p&gt;Telecom, computer and information services.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://propakistani.pk/2026/11/18/other/"/>
    <id>tag:propakistani.pk,2026:2</id>
    <updated>2026-11-18T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Body <b>text</b></div></content>
  </entry>
</feed>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.pk/"><title>Example RDF</title></channel>
  <item rdf:about="https://example.pk/a">
    <title>Software exports</title>
    <link>https://example.pk/a</link>
    <dc:date>2026-10-21</dc:date>
  </item>
</rdf:RDF>
"""


def doc(body: str | bytes, url: str = FEED_URL) -> Document:
    return Document(url=url, body=body.encode() if isinstance(body, str) else body)


def test_rss2_entries():
    result = parse_feed(doc(RSS2))
    first, second, urdu, _dup = result.entries
    pkt = timezone(timedelta(hours=5))

    assert result.feed_title == "Dawn - Business"
    assert first == FeedEntry(
        url="https://www.dawn.com/news/1960001/it-exports-rise-28pc",
        title="IT exports rise 28pc to $437m in December",
        published=date(2026, 1, 1),  # PKT date kept: in UTC it would be 31 Dec 2025
        summary="Sales of computer services & more.",
        published_at=first.published_at,
    )
    assert first.published_at is not None and first.published_at.utcoffset() == pkt.utcoffset(None)
    assert second.url == "https://www.dawn.com/news/1960002/rupee-gains"  # relative resolved
    assert second.title == "Rupee gains & stocks rally"
    assert urdu.url == "https://www.dawn.com/news/1960003/urdu"  # permalink guid as link
    assert urdu.summary == "آئی ٹی کی برآمدات"
    assert urdu.published is None
    assert result.discovered_urls == [
        "https://www.dawn.com/news/1960001/it-exports-rise-28pc",
        "https://www.dawn.com/news/1960002/rupee-gains",
        "https://www.dawn.com/news/1960003/urdu",
    ]
    assert result.figures == []


def test_atom_entries():
    result = parse_feed(doc(ATOM, "https://propakistani.pk/feed/atom/"))
    record, other = result.entries

    assert result.feed_title == "ProPakistani Tech"
    assert record.url == "https://propakistani.pk/2026/11/19/ict-exports-record/"
    assert record.title == "ICT exports hit record high"
    assert record.published == date(2026, 11, 19)  # <published>, not <updated>
    assert record.summary == "Telecom, computer and information services."
    assert other.published == date(2026, 11, 18)  # falls back to <updated>
    assert other.summary == "Body text"


def test_rss1_entries():
    (entry,) = parse_feed(doc(RSS1)).entries
    assert (entry.url, entry.title, entry.published) == (
        "https://example.pk/a",
        "Software exports",
        date(2026, 10, 21),
    )


def test_malformed_feed_falls_back_to_feedparser_with_the_same_entries():
    broken = RSS2.replace("Rupee gains &amp; stocks", "Rupee gains & stocks")  # bare & : not XML
    clean = parse_feed(doc(RSS2))
    forgiving = parse_feed(doc(broken))
    assert [(e.url, e.title, e.published) for e in forgiving.entries] == [
        (e.url, e.title, e.published) for e in clean.entries
    ]
    assert forgiving.discovered_urls == clean.discovered_urls


ERROR_PAGE = b"""<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1><a href="/">home</a></body></html>"""

XHTML_PAGE = b"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Not Found</title></head><body/></html>"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ERROR_PAGE, "HTML page where a feed was expected (title: '503 Service Temporarily"),
        (XHTML_PAGE, "HTML page where a feed was expected (title: 'Not Found')"),
        (b"   \n", "empty body"),
        (b'{"error": "rate limited"}', "not an RSS/Atom feed"),
    ],
)
def test_non_feeds_raise_parse_error(body, message):
    with pytest.raises(ParseError) as info:
        parse_feed(doc(body))
    assert message in str(info.value)
    assert FEED_URL in str(info.value)


def test_empty_feed_is_not_an_error_but_warns():
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    result = parse_feed(doc(empty))
    assert result.entries == [] and result.warnings == ["feed has no entries"]


def test_entity_expansion_is_not_performed():
    xxe = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><item><title>a&xxe;b</title>
<link>https://x.pk/1</link></item></channel></rss>"""
    (entry,) = parse_feed(doc(xxe)).entries
    assert entry.title == "a&xxe;b"  # the reference stays text; the file is never read


def test_ten_thousand_items():
    items = "".join(
        f"<item><title>Item {i}</title><link>https://www.dawn.com/news/{i}/slug</link>"
        f"<description>&lt;p&gt;summary {i}&lt;/p&gt;</description>"
        f"<pubDate>Wed, 01 May 2024 07:37:41 +0500</pubDate></item>"
        for i in range(10_000)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    result = parse_feed(doc(body))
    assert len(result.entries) == 10_000 == len(result.discovered_urls)
    assert result.entries[-1].summary == "summary 9999"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed, 01 May 2024 07:37:41 +0500", (2024, 5, 1, 5)),
        ("2026-11-19T23:30:00+05:00", (2026, 11, 19, 5)),
        ("2026-11-19T18:30:00Z", (2026, 11, 19, 0)),
        ("Thu, 19 Nov 2026 18:30:00 GMT", (2026, 11, 19, 0)),
    ],
)
def test_parse_feed_date(text, expected):
    parsed = parse_feed_date(text)
    assert parsed is not None
    offset = parsed.utcoffset()
    hours = offset.total_seconds() / 3600 if offset else 0
    assert (parsed.year, parsed.month, parsed.day, hours) == expected


@pytest.mark.parametrize("text", [None, "", "yesterday", "32/13/2026"])
def test_parse_feed_date_unreadable(text):
    assert parse_feed_date(text) is None
