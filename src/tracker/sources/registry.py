"""Source kinds by name: what the config's `kind = "..."` means, what it can do, how it parses.

A kind is one subclass of `SourceKind`, registered with `@register`, usually one module in
`tracker/sources/kinds/` (every module there is imported on first use of the registry). It
declares its capabilities as class attributes; poll, backfill, daemon and config ask the kind
object, never compare its name. Parsers are imported lazily by dotted path (`target`), so
validating a config does not import xlrd or lxml; a kind may instead override `parse`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from tracker.errors import ConfigError
from tracker.plugins import KindRegistry
from tracker.sources.base import Document, ParseResult

ParseFn = Callable[[Document], ParseResult]

SBP_HOSTS = ("sbp.org.pk", "www.sbp.org.pk", "archive.sbp.org.pk", "easydata.sbp.org.pk")


class BackfillRole(StrEnum):
    """What `tracker backfill` does with a source of this kind."""

    NONE = "none"  # no archive to walk: left out of the plan
    SERIES = "series"  # an API pulled series by series, a few years per request
    INDEX = "index"  # read once so the file sources find their current URLs
    FILE = "file"  # the current file, which holds the recent history
    ARCHIVE = "archive"  # listing pages walked back to --since, matching articles stored


class SourceKind:
    """One kind of source. Subclass it, set the attributes that differ, and `@register` it."""

    name: str = ""
    description: str = ""
    formats: tuple[str, ...] = ()  # what the body should be: pdf, xls, xlsx, json, html, xml
    target: str = ""  # "package.module:function" of the pure parse(doc); or override parse
    official: bool = False  # figures carry Authority.OFFICIAL and so pass the gate (`gated`)
    article_kind: str | None = None  # a feed/listing: links are followed, parsed as this kind
    discovers_files: bool = False  # an index page: `files(doc)` says where files live now
    file_copies: bool = False  # a file at several URLs: every copy polled, the freshest used
    needs_api_key: bool = False  # skipped (not failed) while `api_key_env` is unset
    api: bool = False  # pulled through `open_session`/`poll_session`, not fetched by URL
    hosts: tuple[str, ...] | None = None  # the only hosts it may reach (None: any public host)
    # follows SBP's monthly release: the release window unless the source names a schedule,
    # and each poll checks whether the release is overdue
    release_calendar: bool = False
    backfill: BackfillRole = BackfillRole.NONE
    backfill_order: int = 9  # lower runs first (an index before the files it locates)
    # the struct of a [[sources]] table of this kind: a SourceConfig subclass declaring the
    # kind's own keys (None: the keys every source takes, nothing more)
    config: type | None = None

    def __init__(
        self,
        name: str | None = None,
        target: str | None = None,
        description: str | None = None,
        formats: tuple[str, ...] | None = None,
        official: bool | None = None,
    ) -> None:
        """Subclasses need no arguments; the arguments build a one-off kind (tests)."""
        for attr, value in (
            ("name", name),
            ("target", target),
            ("description", description),
            ("formats", formats),
            ("official", official),
        ):
            if value is not None:
                setattr(self, attr, value)

    def __repr__(self) -> str:
        return f"<source kind {self.name}>"

    @property
    def gated(self) -> bool:
        """Official figures pass the plausibility gate (official_gate.py: implausible ones are
        held), and a new body with none where there were some is parser drift. An index page
        carries no figures, so it is not gated."""
        return self.official and not self.discovers_files

    @property
    def follows_articles(self) -> bool:
        """A feed or listing: its entries are fetched as articles."""
        return self.article_kind is not None

    def load(self) -> ParseFn:
        """The pure parse function (imported from `target` on first use)."""
        if not self.target:
            return self.parse
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

    def parse(self, doc: Document) -> ParseResult:
        """Turn a document into Figures: pure, no I/O."""
        if not self.target:
            raise NotImplementedError(f"source kind {self.name!r} defines neither target nor parse")
        return self.load()(doc)

    def files(self, doc: Document) -> dict[str, tuple[str, Any]]:
        """An index page's files: name -> (current URL, Last Updated date or None)."""
        raise NotImplementedError(f"source kind {self.name!r} does not discover files")

    # -- a kind pulled through an API session instead of one GET per poll ----------------
    def open_session(self, **context: Any) -> Any:
        """A session for a kind that talks to an API (`api = True`).

        `context`: source_name, base_url, api_key, store, shared_client, settings, clock,
        allowed_hosts.
        """
        raise NotImplementedError(f"source kind {self.name!r} has no API session")

    def poll_session(self, session: Any, series_keys: list[str]) -> Any:
        """One poll through `session`: an object with outcome, figures, events, details."""
        raise NotImplementedError(f"source kind {self.name!r} has no API session")

    def default_series(self) -> list[str]:
        """The series an API kind pulls when the source names none."""
        return []

    def history_chunks(self, since: Any, until: Any) -> list[tuple[Any, Any]]:
        """The (from, to) date ranges a series backfill pulls, one request each."""
        return [(since, until)]


_REGISTRY: KindRegistry[SourceKind] = KindRegistry("source kind", "tracker.sources.kinds")
register = _REGISTRY.register
unregister = _REGISTRY.unregister


def kinds() -> dict[str, SourceKind]:
    """All known kinds by name (a copy): the built-in ones in their listed order, then the
    others in registration order (whoever imported a kind module first)."""
    return _REGISTRY.kinds()


def names() -> tuple[str, ...]:
    """The valid values of `sources[].kind`."""
    return _REGISTRY.names()


def get(name: str) -> SourceKind:
    """The kind called `name`; a ConfigError lists the valid names."""
    return _REGISTRY.get(name)


def with_capability(test: Callable[[SourceKind], bool]) -> tuple[str, ...]:
    """Names of the kinds for which `test(kind)` holds (for SQL over the sources table)."""
    return tuple(n for n, k in kinds().items() if test(k))


def parser_for(name: str) -> ParseFn:
    """The parse function of kind `name`."""
    return get(name).load()


def parse(name: str, doc: Document) -> ParseResult:
    """Parse `doc` as kind `name`."""
    return get(name).parse(doc)


__all__ = [
    "SBP_HOSTS",
    "BackfillRole",
    "ParseFn",
    "SourceKind",
    "get",
    "kinds",
    "names",
    "parse",
    "parser_for",
    "register",
    "unregister",
    "with_capability",
]
