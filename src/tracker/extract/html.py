"""Main text of a news page: title, body paragraphs and publication date, without the chrome.

Navigation, related-post lists, comments, share bars and scripts are removed; block elements
become line breaks so that paragraphs (and headlines) stay separate lines.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

# A page is read as HTML whatever it looks like (a feed or sitemap served as an article is
# junk text, not an error): bs4's advice to switch to its XML parser does not apply here.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning, module=__name__)

_JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "header",
)
_JUNK_ATTR = re.compile(
    r"(?i)(?:^|[\s_-])(?:comments?|related|share|sharing|social|sidebar|widget|menu|nav|navbar"
    r"|footer|breadcrumbs?|advert\w*|ads?|promo|newsletter|subscribe|popular|trending"
    r"|recommend\w*|more-stories|read-?more|tags?|author-bio|cookie|modal|popup)(?:$|[\s_-])"
)
_BODY_HINT = re.compile(
    r"(?i)article-?body|story-?(?:body|text|content)|entry-content|post-content"
    r"|content-body|articleBody|news-detail|detail-body"
)
_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "table",
    "figcaption",
    "dd",
    "dt",
    "pre",
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MAX_HTML = 1_500_000  # characters of markup parsed after scripts and styles are cut out
_SCRIPTS = re.compile(r"<(script|style|noscript|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_JSONLD = re.compile(r"<script[^>]*ld\+json[^>]*>(.*?)</script\s*>", re.I | re.S)


@dataclass(frozen=True)
class Page:
    """What the extractor needs from a page."""

    title: str | None
    text: str
    published: date | None


def _date(value: object) -> date | None:
    m = _DATE.search(str(value or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _jsonld_date(html: str) -> date | None:
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block)
        except (ValueError, TypeError, RecursionError):
            continue  # hostile or broken JSON-LD (nesting past the interpreter's limit) dates nothing
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if d := _date(node.get("datePublished")):
                    return d
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return None


def _published(soup: BeautifulSoup, jsonld: date | None) -> date | None:
    candidates: list[dict[str, Any]] = [
        {"property": "article:published_time"},
        {"name": "article:published_time"},
        {"itemprop": "datePublished"},
        {
            "name": re.compile(
                r"(?i)^(pubdate|publishdate|"
                r"publish-date|date|dc\.date\.issued|sailthru\.date|parsely-pub-date)$"
            )
        },
    ]
    for attrs in candidates:
        for tag in soup.find_all(["meta", "time", "span"], attrs=attrs):
            if d := _date(tag.get("content") or tag.get("datetime")):
                return d
    if jsonld:
        return jsonld
    for tag in soup.find_all("time"):
        if d := _date(tag.get("datetime")):
            return d
    return None


def _title(soup: BeautifulSoup) -> str | None:
    og = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(og, Tag) and og.get("content"):
        return str(og["content"]).strip()
    for name in ("h1", "title"):
        tag = soup.find(name)
        if isinstance(tag, Tag) and tag.get_text(strip=True):
            return tag.get_text(" ", strip=True)
    return None


def _main(soup: BeautifulSoup) -> Tag:
    hinted = [t for t in soup.find_all(True, attrs={"class": _BODY_HINT}) if isinstance(t, Tag)]
    hinted += [t for t in soup.find_all(True, attrs={"itemprop": "articleBody"})]
    articles = hinted or list(soup.find_all("article"))
    if articles:
        return max(articles, key=lambda t: len(t.get_text()))
    return soup.body or soup


def read_html(html: str | bytes) -> Page:
    """Title, cleaned main text and publication date of an HTML page (never raises on junk)."""
    if isinstance(html, bytes):
        html = html[: MAX_HTML * 4].decode("utf-8", errors="replace")
    jsonld = _jsonld_date(html[: MAX_HTML * 4])
    html = _SCRIPTS.sub(" ", html[: MAX_HTML * 4])[:MAX_HTML]
    soup = BeautifulSoup(html, "lxml")
    published = _published(soup, jsonld)
    title = _title(soup)
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "article", "main"):
            continue
        attrs = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
        if attrs and _JUNK_ATTR.search(attrs) and not _BODY_HINT.search(attrs):
            tag.decompose()
    main = _main(soup)
    parts: list[str] = []
    for node in main.descendants:  # one pass: a block or <br> starts a new line
        if isinstance(node, Tag):
            if node.name in _BLOCKS or node.name == "br":
                parts.append("\n")
        elif type(node) is NavigableString:
            parts.append(str(node))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    body = "\n".join(line for line in lines if line)
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return Page(title=title, text=body, published=published)
