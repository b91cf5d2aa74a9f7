"""HTML listing pages (section fronts, tag pages, SBP press indexes) → article links + next page.

Pure: a fetched Document in, same-site article links (URL + title) and the pagination "next"
URL out. For sites without a usable feed; the keyword filter then picks what to fetch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from tracker.errors import ParseError
from tracker.sources.base import Document, ParseResult

_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(r"charset=([\w-]+)", re.I)
# Paths that are navigation, not articles.
_NOT_ARTICLE = re.compile(
    r"/(tags?|categor(y|ies)|authors?|page|feeds?|rss|search|login|register|signup|subscribe|"
    r"about(-us)?|contact(-us)?|privacy(-policy)?|terms|advertise|cdn-cgi|wp-login\.php|"
    r"wp-admin|epaper|videos?|photos?|gallery|live-tv)(/|$)",
    re.I,
)
_STATIC = re.compile(r"\.(jpe?g|png|gif|svg|webp|css|js|xml|zip|mp[34]|ico)$", re.I)
# An article path usually carries a numeric id or a hyphenated slug, or is a .html/.asp page.
_ARTICLE_PATH = re.compile(r"\d{4,}|[^/]+-[^/]+-[^/]+|\.(s?html?|aspx?|php)$", re.I)
_NEXT_TEXTS = {
    "next", "next page", "next »", "next ›", "next >", "»", "›", "older posts", "older",
    "older entries", "load more", "اگلا", "اگلا صفحہ", "اگلے",
}  # fmt: skip
_NEXT_CLASS = re.compile(r"(^|[-_ ])next([-_ ]|$)|nextpostslink", re.I)
_SKIP_PARENTS = {"nav", "header", "footer"}
_MIN_TITLE_CHARS = 15
_MIN_TITLE_WORDS = 3


@dataclass(frozen=True)
class ListingLink:
    """An article link found on a listing page (summary kept for KeywordFilter symmetry)."""

    url: str
    title: str
    summary: str = ""
    published: date | None = None  # listings rarely date links reliably; same shape as FeedEntry


@dataclass
class ListingParseResult(ParseResult):
    """ParseResult plus the links; discovered_urls holds their URLs, next_page the pagination."""

    links: list[ListingLink] = field(default_factory=list)
    next_page: str | None = None

    @property
    def entries(self) -> list[ListingLink]:
        """The links under the name FeedParseResult uses, so callers treat both alike."""
        return self.links


def parse_listing(doc: Document) -> ListingParseResult:
    """Same-site article links with titles, and the "next page" URL, from an HTML listing."""
    if not doc.body.strip():
        raise ParseError(f"{doc.url}: empty body where an HTML listing was expected")
    head = doc.body[:512].lstrip().lower()
    if head.startswith((b"%pdf", b"pk\x03\x04", b"\xd0\xcf\x11\xe0")) or b"<rss" in head:
        raise ParseError(f"{doc.url}: not an HTML listing page (binary file or feed)")
    soup = BeautifulSoup(doc.body, "lxml", from_encoding=_charset(doc.content_type))
    base_tag = soup.find("base", href=True)
    base = (_resolve(doc.url, str(base_tag["href"])) or doc.url) if isinstance(base_tag, Tag) else doc.url
    site = _site(doc.url)
    here = _canonical(doc.url)

    result = ListingParseResult()
    best: dict[str, str] = {}  # url → longest title seen (a teaser image + a headline link)
    for anchor in soup.find_all("a", href=True):
        url = _resolve(base, str(anchor["href"]))
        if url is None or url == here or not _same_site(url, site):
            continue
        title = _title(anchor)
        if not _looks_like_article(anchor, url, title):
            continue
        if len(title) > len(best.get(url, "")):
            best[url] = title
    for url, title in best.items():  # dicts keep first-seen order
        result.links.append(ListingLink(url=url, title=title))
        result.discovered_urls.append(url)
    result.next_page = _next_page(soup, base, site, here)
    if not result.links:
        result.warnings.append("no article links found on the listing page")
    return result


def _looks_like_article(anchor: Tag, url: str, title: str) -> bool:
    path = urlsplit(url).path
    if not path.strip("/") or _NOT_ARTICLE.search(path) or _STATIC.search(path):
        return False
    if len(title) < _MIN_TITLE_CHARS and len(title.split()) < _MIN_TITLE_WORDS:
        return False
    if any(parent.name in _SKIP_PARENTS for parent in anchor.parents):
        return False
    in_headline = anchor.find_parent(["article", "h1", "h2", "h3", "h4", "li"]) is not None
    return in_headline or bool(_ARTICLE_PATH.search(path))


def _title(anchor: Tag) -> str:
    """Visible anchor text, else its title attribute, else the alt text of an image in it."""
    text = _SPACE.sub(" ", anchor.get_text(" ")).strip()
    if text:
        return text
    for candidate in (anchor.get("title"), anchor.get("aria-label")):
        if isinstance(candidate, str) and candidate.strip():
            return _SPACE.sub(" ", candidate).strip()
    img = anchor.find("img", alt=True)
    if isinstance(img, Tag):
        return _SPACE.sub(" ", str(img["alt"])).strip()
    return ""


def _next_page(soup: BeautifulSoup, base: str, site: str, here: str) -> str | None:
    """rel=next (head link or anchor), else an anchor whose class or text says "next"."""
    candidates: list[Tag] = []
    candidates += [t for t in soup.find_all("link", href=True) if _has_rel(t, "next")]
    anchors = soup.find_all("a", href=True)
    candidates += [a for a in anchors if _has_rel(a, "next")]
    candidates += [a for a in anchors if _NEXT_CLASS.search(" ".join(_classes(a)))]
    candidates += [a for a in anchors if _SPACE.sub(" ", a.get_text(" ")).strip().lower() in _NEXT_TEXTS]
    for tag in candidates:
        url = _resolve(base, str(tag["href"]))
        if url and url != here and _same_site(url, site):
            return url
    return None


def _has_rel(tag: Tag, value: str) -> bool:
    rel: str | list[str] = tag.get("rel") or []  # bs4: a list (multi-valued attribute)
    rels = rel.split() if isinstance(rel, str) else rel
    return value in (r.lower() for r in rels)


def _classes(tag: Tag) -> list[str]:
    cls: str | list[str] = tag.get("class") or []
    return cls.split() if isinstance(cls, str) else list(cls)


def _resolve(base: str, href: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for mailto:, javascript:, "#top" …"""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError:  # "http://[::1", "http://x:99999": one bad link, not a failed page
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit(parts._replace(fragment=""))


def _canonical(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _same_site(url: str, site: str) -> bool:
    """Same host, ignoring "www.", or a subdomain of it (www.dawn.com ~ dawn.com ~ x.dawn.com)."""
    host = _site(url)
    return host == site or host.endswith("." + site)


def _charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None
