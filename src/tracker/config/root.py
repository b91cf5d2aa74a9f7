"""The whole config: the fixed sections, then the sources and channels (tagged by `kind`)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, cast

import msgspec
from msgspec import Meta, field

from tracker.config.kinds import ChannelConfig, SourceConfig, tagged_union
from tracker.config.sections import (
    DaemonConfig,
    DatabaseConfig,
    HttpConfig,
    ReconcileConfig,
    RulesConfig,
    Section,
)
from tracker.errors import ConfigError

INTERNAL = frozenset({"path"})


class Config(Section, frozen=True):
    database: Annotated[DatabaseConfig, Meta(description="Storage.")] = field(default_factory=DatabaseConfig)
    http: Annotated[HttpConfig, Meta(description="Fetching politeness and limits.")] = field(
        default_factory=HttpConfig
    )
    reconcile: Annotated[ReconcileConfig, Meta(description="How news and official values combine.")] = field(
        default_factory=ReconcileConfig
    )
    rules: Annotated[RulesConfig, Meta(description="Record rules.")] = field(default_factory=RulesConfig)
    daemon: Annotated[DaemonConfig, Meta(description="Scheduler, health endpoint, operator alerts.")] = field(
        default_factory=DaemonConfig
    )
    sources: Annotated[list[SourceConfig], Meta(description="What to poll.")] = field(default_factory=list)
    channels: Annotated[list[ChannelConfig], Meta(description="Where alerts go.")] = field(
        default_factory=list
    )
    # The file it was read from (None: parsed from text). Not a key of the file: the loader
    # refuses it there (INTERNAL).
    path: Path | None = None

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"no source named {name!r} (known: {', '.join(self.names())})")

    def names(self) -> list[str]:
        return [s.name for s in self.sources]


def document_type() -> type[Config]:
    """Config with `sources` and `channels` typed as the registered kinds' tagged unions: the
    type a parsed TOML document is converted to (rebuilt when a kind is (un)registered)."""
    return _document_type(tagged_union(SourceConfig), tagged_union(ChannelConfig))


@functools.cache
def _document_type(sources: Any, channels: Any) -> type[Config]:
    tables: list[tuple[str, Any, Any]] = [
        ("sources", list[sources], field(default_factory=list)),  # type: ignore[valid-type]
        ("channels", list[channels], field(default_factory=list)),  # type: ignore[valid-type]
    ]
    return cast(
        "type[Config]", msgspec.defstruct("Config", tables, bases=(Config,), module=Config.__module__)
    )
