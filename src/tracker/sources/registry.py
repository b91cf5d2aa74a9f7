"""Source kinds by name: what the config's `kind = "..."` means and which parser it runs.

Parsers are imported lazily by dotted path, so a kind whose module is not written yet (the
news kinds) is listed, and only using it fails, with a ConfigError naming the kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from tracker.errors import ConfigError
from tracker.sources.base import Document, ParseResult

ParseFn = Callable[[Document], ParseResult]


@dataclass(frozen=True)
class SourceKind:
    """A kind of document the pipeline can fetch and parse."""

    name: str
    target: str  # "package.module:function" of the pure parse(doc) -> ParseResult
    description: str
    formats: tuple[str, ...]  # what the body should be: pdf, xls, xlsx, json, html, xml
    official: bool  # figures carry Authority.OFFICIAL (SBP) rather than NEWS

    def load(self) -> ParseFn:
        """Import and return the parse function."""
        module_name, _, attr = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise ConfigError(
                f"source kind {self.name!r} is not available: {module_name} is missing"
            ) from exc
        fn = getattr(module, attr, None)
        if not callable(fn):
            raise ConfigError(f"source kind {self.name!r}: {self.target} is not a function")
        return fn  # type: ignore[no-any-return]


_KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    """Add (or replace) a kind; other modules may register their own."""
    _KINDS[kind.name] = kind
    return kind


for _kind in (
    SourceKind(
        "sbp_ebops_xls",
        "tracker.sources.sbp_ebops_xls:parse",
        "SBP dt.xls, Trade in Services (EBOPS 2010): item 9 and sub-items, thousand US$",
        ("xls",),
        True,
    ),
    SourceKind(
        "sbp_headline_pdf",
        "tracker.sources.sbp_headline_pdf:parse",
        "SBP ExportsImports-Goods.pdf headline table: the item-9 ICT row, integer US$ m",
        ("pdf",),
        True,
    ),
    SourceKind(
        "sbp_easydata",
        "tracker.sources.sbp_easydata:parse",
        "SBP EasyData series-data JSON for TS_GP_BOP_TRDSER_M credit series, US$ m",
        ("json",),
        True,
    ),
    SourceKind(
        "sbp_index",
        "tracker.sources.sbp_index:parse",
        "SBP index page (economic-data or ecodata/index2.asp): file links and Last Updated",
        ("html",),
        True,
    ),
    # News kinds belong to other modules; listed so config validation knows the names.
    SourceKind(
        "news_feed",
        "tracker.sources.news_feed:parse_feed",
        "RSS/Atom feed of a news site: article links and hints",
        ("xml",),
        False,
    ),
    SourceKind(
        "news_listing",
        "tracker.sources.news_listing:parse_listing",
        "HTML listing page of a news site: article links",
        ("html",),
        False,
    ),
    SourceKind(
        "news_article",
        "tracker.sources.news_article:parse",
        "One news article: figures extracted from its prose",
        ("html",),
        False,
    ),
):
    register(_kind)


def kinds() -> dict[str, SourceKind]:
    """All known kinds by name (a copy)."""
    return dict(_KINDS)


def get(name: str) -> SourceKind:
    """The kind called `name`; a ConfigError lists the valid names."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ConfigError(f"unknown source kind {name!r} (known: {', '.join(sorted(_KINDS))})") from None


def parser_for(name: str) -> ParseFn:
    """The parse function of kind `name`."""
    return get(name).load()


def parse(name: str, doc: Document) -> ParseResult:
    """Parse `doc` as kind `name`."""
    return parser_for(name)(doc)
