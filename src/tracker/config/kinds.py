"""The tables of `[[sources]]` and `[[channels]]`: a tagged union on `kind`, built from the registries.

A kind declares its table as a subclass of `SourceConfig` or `ChannelConfig` (its `config`
attribute; the base when it has no keys of its own). `tagged_union` turns the registered kinds
into one msgspec tagged union, so adding a kind needs no edit here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union, cast, get_args

import msgspec
from msgspec import Meta, field

from tracker.config.sections import Section

EventTopic = Literal["record", "new_month", "revision"]
EVENT_TOPICS: tuple[str, ...] = get_args(EventTopic)


class ByKind(msgspec.StructMeta):
    """`SourceConfig(kind="news_feed", name=...)` builds the struct of that kind: code and
    tests build tables by hand the way a config file spells them. A kind's struct is keyword-
    only like its base (msgspec does not inherit that), so it may add required keys."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kw: Any) -> Any:
        return super().__new__(mcls, name, bases, namespace, **{"kw_only": True, **kw})

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        wanted = kwargs.pop("kind", None)
        own = cls.__struct_config__.tag if cls.__dict__.get("_tagged") else None
        if wanted is None or wanted == own:
            if own is None:
                raise TypeError(f"{cls.__name__} needs kind=...")
            return super().__call__(*args, **kwargs)
        return cls.for_kind(wanted)(*args, **kwargs)  # type: ignore[attr-defined]


class KindTable(Section, frozen=True, tag_field="kind", metaclass=ByKind):
    """A table whose `kind` picks its struct (the tag: not a field of its own)."""

    name: str

    @property
    def kind(self) -> str:
        return str(self.__struct_config__.tag)

    @classmethod
    def registry(cls) -> Any:
        """The registry module of these kinds (its `get(name)` and `names()`)."""
        raise NotImplementedError

    @classmethod
    def for_kind(cls, kind: str) -> type[KindTable]:
        """The tagged struct of kind `kind` (ConfigError naming the known kinds)."""
        declared = getattr(cls.registry().get(kind), "config", None) or cls
        if not (isinstance(declared, type) and issubclass(declared, cls)):
            raise TypeError(f"{kind}: its config {declared!r} is not a {cls.__name__} subclass")
        return tagged(declared, kind)


@functools.cache
def tagged(base: type[KindTable], tag: str) -> type[KindTable]:
    """`base` as the member of a tagged union whose `kind` is `tag` (one class per pair)."""
    namespace = {"__module__": base.__module__, "_tagged": True}
    return cast("type[KindTable]", ByKind(base.__name__, (base,), namespace, tag=tag))


def tagged_union(base: type[KindTable]) -> Any:
    """The union of every registered kind's tagged struct (`kind` picks the member)."""
    members = tuple(base.for_kind(name) for name in base.registry().names())
    return Union[members]  # noqa: UP007 (a runtime tuple of types)


class SourceConfig(KindTable, frozen=True):
    """One `[[sources]]` table: what every kind takes."""

    name: Annotated[str, Meta(description="Unique name, used in logs, `tracker poll NAME` and the database.")]
    url: Annotated[str, Meta(description="What to fetch (http or https).")]
    enabled: Annotated[bool, Meta(description="Poll this source.")] = True
    fallback_urls: Annotated[list[str], Meta(description="Tried in order when `url` fails.")] = field(
        default_factory=list
    )
    interval_minutes: Annotated[
        float | None, Meta(description="Poll every N minutes (fractions allowed, down to 0.0167 = 1 s).")
    ] = None
    cron: Annotated[str | None, Meta(description="Poll on a crontab expression (in daemon.timezone).")] = None
    release_window: Annotated[
        bool,
        Meta(
            description="Dense polling around SBP's release days, sparse otherwise. A kind on SBP's "
            "release calendar (sbp_*) gets this when it sets neither interval_minutes nor cron."
        ),
    ] = False
    outlet: Annotated[
        str | None,
        Meta(
            description="Who this source is, for counting independent news voices (default: the "
            "registrable domain of `url`; never a host named by the content)."
        ),
    ] = None

    @classmethod
    def registry(cls) -> Any:
        from tracker.sources import registry

        return registry

    # What shared code may ask of any source; a kind that takes these keys declares them as
    # fields, which replace these neutral answers.
    @property
    def api_key_env(self) -> str | None:
        return None

    @property
    def series_keys(self) -> list[str]:
        return []

    @property
    def keywords(self) -> list[str]:
        return []

    @property
    def article_hosts(self) -> list[str]:
        return []


class ChannelConfig(KindTable, frozen=True):
    """One `[[channels]]` table: what every kind takes."""

    name: Annotated[str, Meta(description="Unique channel name.")]
    enabled: Annotated[bool, Meta(description="Deliver to this channel (also needs its secrets set).")] = True
    admin: Annotated[bool, Meta(description="Receives operator alerts (and only those).")] = False
    unconfirmed: Annotated[bool, Meta(description="Also receive news-only, unconfirmed records.")] = False
    events: Annotated[
        list[EventTopic],
        Meta(
            description="What to hear: `record` (records, confirmations, corrections), `new_month` "
            "(every first official value of a month, with its comparisons), `revision` (official "
            "revisions of recent months)."
        ),
    ] = field(default_factory=lambda: ["record"])
    timeout_seconds: Annotated[float, Meta(description="Network timeout for one delivery.")] = 20.0
    max_attempts: Annotated[int, Meta(description="Attempts before a message is marked dead.")] = 8
    retry_base_seconds: Annotated[
        float, Meta(description="First retry delay; doubles per failed attempt (capped at 2 h).")
    ] = 30.0
    templates: Annotated[
        dict[str, str], Meta(description="Template overrides: subject/text/html → file path.")
    ] = field(default_factory=dict)
    options: Annotated[
        dict[str, str],
        Meta(description="Settings of a channel kind that declares an `options` struct (docs/CHANNELS.md)."),
    ] = field(default_factory=dict)

    @classmethod
    def registry(cls) -> Any:
        from tracker.deliver import registry

        return registry

    # Read by the outbox for any channel (scrubbed from logs); a kind with them declares fields.
    @property
    def url(self) -> str | None:
        return None

    @property
    def headers(self) -> dict[str, str]:
        return {}

    def env_names(self) -> list[str]:
        """Every environment variable this table names (`*_env` keys, options included)."""
        named = [getattr(self, f) for f in self.__struct_fields__ if f.endswith("_env")]
        named += [v for k, v in self.options.items() if k.endswith("_env")]
        return [n for n in named if n]

    def missing_secrets(self, env: Mapping[str, str] | None = None) -> list[str]:
        """Environment variables this channel needs but that are unset (so it stays off)."""
        from tracker.deliver import registry

        return registry.get(self.kind).missing_secrets(self, env)

    def is_active(self, env: Mapping[str, str] | None = None) -> bool:
        return self.enabled and not self.missing_secrets(env)
