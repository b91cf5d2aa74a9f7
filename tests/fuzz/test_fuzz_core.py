"""Fuzzing the input edges of the core: no input crashes them with anything but our errors.

Bounded in the normal suite; `TRACKER_FUZZ_EXAMPLES=20000 pytest tests/fuzz` runs longer.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.config import Config, parse_config
from tracker.errors import ConfigError, UsageError
from tracker.importer import parse_import_csv
from tracker.model import Period

EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

scalars = st.one_of(st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
KEYS = [
    "database",
    "http",
    "rules",
    "sources",
    "channels",
    "daemon",
    "reconcile",
    "path",
    "name",
    "kind",
    "url",
    "cron",
    "interval_minutes",
    "release_window",
    "thresholds",
    "series",
    "max_bytes",
    "timezone",
    "style",
    "to",
    "templates",
    "bogus",
]
toml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=15,
)


def _to_toml(data: dict[str, Any]) -> str | None:
    """A crude TOML writer for fuzzing; returns None when the value has no TOML form."""
    import json

    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            return None  # tables are covered by the structured fuzzer below
        try:
            lines.append(f"{key} = {json.dumps(value)}")
        except (TypeError, ValueError):
            return None
    return "\n".join(lines)


@FUZZ
@given(st.text(max_size=300))
def test_config_text_only_raises_config_error(text: str) -> None:
    try:
        cfg = parse_config(text, "fuzz.toml")
    except ConfigError as exc:
        assert "\n" not in str(exc).strip() or "TOML" in str(exc)
    else:
        assert isinstance(cfg, Config)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=6))
def test_config_structures_only_raise_config_error(data: dict[str, Any]) -> None:
    from tracker import config as cfgmod

    with contextlib.suppress(cfgmod.Invalid):  # becomes ConfigError at the boundary
        cfgmod.build_config(data)
    text = _to_toml(data)
    if text is not None:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return
        with contextlib.suppress(ConfigError):
            parse_config(text, "fuzz.toml")


@FUZZ
@given(st.text(max_size=40))
def test_period_parse_only_raises_usage_error(text: str) -> None:
    try:
        p = Period.parse(text)
    except UsageError:
        return
    assert Period.parse(str(p)) == p


@FUZZ
@given(st.text(max_size=400))
def test_import_csv_only_raises_usage_error(text: str) -> None:
    try:
        rows = parse_import_csv("series,period,value_usd_millions\n" + text)
    except UsageError:
        return
    assert rows and all(r.figure.value_usd_millions > 0 for r in rows)
