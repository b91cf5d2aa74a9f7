"""Load and validate config/tracker.toml into typed msgspec Structs.

The structs ARE the config reference: every key, its type, default and help text (the README's
reference is generated from them, `tracker.configdoc`). `sections.py` holds the fixed tables,
`kinds.py` the `[[sources]]`/`[[channels]]` bases whose `kind` picks a struct declared by the
kind's class in its registry, `load.py` converts and checks, `explain.py` words the errors.
"""

from __future__ import annotations

from tracker.config.explain import Invalid
from tracker.config.kinds import EVENT_TOPICS, ChannelConfig, EventTopic, SourceConfig
from tracker.config.load import DEFAULT_CONFIG_PATH, build_config, load_config, parse_config
from tracker.config.reference import iter_reference
from tracker.config.root import Config
from tracker.config.sections import (
    DaemonConfig,
    DatabaseConfig,
    HttpConfig,
    ReconcileConfig,
    RulesConfig,
)

RECORD_RULES = ("all_time_high", "same_month_high", "fytd_high", "threshold")

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "EVENT_TOPICS",
    "RECORD_RULES",
    "ChannelConfig",
    "Config",
    "DaemonConfig",
    "DatabaseConfig",
    "EventTopic",
    "HttpConfig",
    "Invalid",
    "ReconcileConfig",
    "RulesConfig",
    "SourceConfig",
    "build_config",
    "iter_reference",
    "load_config",
    "parse_config",
]
