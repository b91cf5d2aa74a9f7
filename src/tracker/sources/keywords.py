"""Which discovered news articles are worth fetching: a keyword filter over title, summary, slug.

A false positive costs one polite fetch; a false negative loses a data point. So matching is
deliberately broad (case-insensitive, plural/"exporters" forms, hyphens and URL slugs, Urdu
spelling variants) and the parsers downstream decide what is really a figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar
from urllib.parse import unquote, urlsplit

from tracker.errors import ConfigError

DEFAULT_KEYWORDS: tuple[str, ...] = (
    # English, as headlines and SBP/ministry releases phrase it
    "IT exports",
    "ICT exports",
    "IT & ITeS",
    "ITeS exports",
    "IT services exports",
    "IT sector exports",
    "tech exports",
    "technology exports",
    "information technology exports",
    "software exports",
    "computer services",
    "telecommunication, computer and information services",
    "telecom, computer and information services",
    "exports of IT",
    "export of IT",
    "IT export remittances",
    # Urdu (matched after spelling normalisation, see normalise())
    "آئی ٹی برآمدات",
    "آئی ٹی کی برآمدات",
    "آئی ٹی ایکسپورٹس",
    "آئی ٹی ایکسپورٹ",
    "آئی سی ٹی برآمدات",
    "انفارمیشن ٹیکنالوجی کی برآمدات",
    "ٹیکنالوجی برآمدات",
    "سافٹ ویئر برآمدات",
    "سافٹ ویئر کی برآمدات",
    "کمپیوٹر سروسز",
)

# Arabic-script code points that Urdu text uses interchangeably (keyboards, CMSs, OCR).
_URDU_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Farsi/Urdu yeh
        "\u0649": "\u06cc",  # alef maksura → Urdu yeh
        "\u0643": "\u06a9",  # Arabic kaf → keheh
        "\u0647": "\u06c1",  # Arabic heh → heh goal
        "\u0640": None,  # tatweel (kashida)
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u200f": None,  # right-to-left mark
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")  # harakat and superscript alef
_SEP = r"[\s\-_/.,:;]+"
_AMP = r"(?:[\s\-_,]*&[\s\-_]*|[\s\-_,]+and[\s\-_]+|[\s\-_,]+)"  # "IT&ITeS", "IT and ITeS", "it-ites"
_EXPORT = r"export(?:s|ers?)?"  # export, exports, exporter(s)
_SLUG_SPLIT = re.compile(r"[-_/.+=]+")


def normalise(text: str) -> str:
    """Case-folded, NFKC, Urdu letter variants unified, diacritics and joiners dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_URDU_FOLD)
    return _DIACRITICS.sub("", text).casefold()


def slug_text(url: str) -> str:
    """The words of a URL's path ("/news/123/it-exports-rise" → "news 123 it exports rise")."""
    path = unquote(urlsplit(url).path)  # Urdu slugs arrive percent-encoded
    return _SLUG_SPLIT.sub(" ", path).strip()


def phrase_pattern(phrase: str) -> str:
    """A regex for a keyword phrase: word-bounded, flexible separators, plural forms."""
    if phrase.startswith("re:"):
        return phrase[3:]
    tokens = [t for t in re.split(r"[\s\-_]+", normalise(phrase).strip()) if t]
    if not tokens:
        raise ConfigError(f"empty keyword phrase {phrase!r}")
    parts: list[str] = []
    for i, token in enumerate(tokens):
        if token in ("&", "and") and 0 < i < len(tokens) - 1:
            parts.append(_AMP)
            continue
        if parts and parts[-1] != _AMP:
            parts.append(_SEP)
        bare = token.rstrip(",")
        parts.append(_EXPORT if bare in ("export", "exports") else re.escape(bare))
    # (?<!\w)/(?!\w) rather than \b: they also work next to "&" and Urdu letters.
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


class Discovered(Protocol):
    """Anything with a URL and a title (FeedEntry, ListingLink); summary is optional."""

    url: str
    title: str


T = TypeVar("T", bound=Discovered)


@dataclass(frozen=True)
class KeywordFilter:
    """Decides from title + summary + URL slug whether an article may carry IT-export figures."""

    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    _compiled: tuple[tuple[str, re.Pattern[str]], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = []
        for phrase in self.keywords:
            try:
                compiled.append((phrase, re.compile(phrase_pattern(phrase))))
            except re.error as exc:
                raise ConfigError(f"news.keywords: bad pattern {phrase!r}: {exc}") from None
        object.__setattr__(self, "_compiled", tuple(compiled))

    @classmethod
    def with_extra(cls, extra: Iterable[str] = ()) -> KeywordFilter:
        """The default keywords plus configured ones (plain phrases, or "re:<regex>")."""
        added = tuple(k for k in extra if k.strip() and k not in DEFAULT_KEYWORDS)
        return cls(DEFAULT_KEYWORDS + added)

    def match(self, title: str = "", summary: str = "", url: str = "") -> str | None:
        """The first keyword found in title, summary or URL slug, or None (for logs: why)."""
        haystack = normalise(f"{title}\n{summary}\n{slug_text(url) if url else ''}")
        for phrase, pattern in self._compiled:
            if pattern.search(haystack):
                return phrase
        return None

    def matches(self, title: str = "", summary: str = "", url: str = "") -> bool:
        """True when any keyword occurs in title, summary or URL slug."""
        return self.match(title, summary, url) is not None

    def select(self, items: Iterable[T]) -> list[T]:
        """The items (feed entries, listing links) worth fetching, in their original order."""
        return [
            item for item in items if self.matches(item.title, getattr(item, "summary", "") or "", item.url)
        ]
