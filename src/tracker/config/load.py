"""Read config/tracker.toml: TOML → msgspec conversion (types, unknown keys) → semantic
checks. Every mistake is one ConfigError line naming the file and the key (exit status 2)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import msgspec

from tracker.config.checks import check
from tracker.config.explain import Invalid, explain
from tracker.config.kinds import SourceConfig
from tracker.config.root import INTERNAL, Config, document_type
from tracker.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("config/tracker.toml")


def _decode(tp: type, value: Any) -> Any:
    """msgspec's hook for the types it does not know: a path is a non-empty string."""
    if tp is Path:
        if isinstance(value, str) and value:
            return Path(value)
        raise ValueError("expected a path string")
    raise NotImplementedError(tp)


def build_config(data: dict[str, Any]) -> Config:
    """A parsed TOML document as a checked Config; Invalid names the first wrong key."""
    root = document_type()
    for key in INTERNAL & data.keys():
        known = ", ".join(f.name for f in msgspec.structs.fields(Config) if f.name not in INTERNAL)
        raise Invalid(key, f"one of the known keys ({known})", "unknown key")
    try:
        cfg = msgspec.convert(data, root, strict=True, dec_hook=_decode)
    except msgspec.ValidationError as exc:
        raise explain(exc, root, data, INTERNAL) from None
    cfg = _default_schedules(cfg)
    check(cfg)
    return cfg


def _default_schedules(cfg: Config) -> Config:
    """A source with no schedule gets its kind's default: the release window for a kind on
    SBP's release calendar; other kinds must name one (the checks say so)."""
    from tracker.sources import registry as source_kinds

    def default(s: SourceConfig) -> SourceConfig:
        unscheduled = s.interval_minutes is None and s.cron is None and not s.release_window
        if unscheduled and source_kinds.get(s.kind).release_calendar:
            return msgspec.structs.replace(s, release_window=True)
        return s

    sources = [default(s) for s in cfg.sources]
    return msgspec.structs.replace(cfg, sources=sources) if sources != cfg.sources else cfg


def parse_config(text: str, origin: str = "<config>") -> Config:
    """Parse TOML text into a validated Config; errors name `origin` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    try:
        return build_config(data)
    except Invalid as exc:
        raise ConfigError(f"{origin}: {exc}") from None


def load_config(path: Path | None = None) -> Config:
    """Read the config file (default config/tracker.toml) and validate it."""
    path = path or DEFAULT_CONFIG_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (use --config PATH)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    cfg = parse_config(text, str(path))
    from tracker.redact import register_config_secrets

    register_config_secrets(cfg)  # from here on, no log line or error text can carry them
    return msgspec.structs.replace(cfg, path=path)
