"""Building the delivery side from the config: a channel's sender (by its kind, with its
secrets from the environment) and the outbox sender over every active channel."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from tracker.config import ChannelConfig, Config
from tracker.deliver import registry as channel_kinds
from tracker.deliver.message import Channel, load_templates
from tracker.deliver.outbox import OutboxSender
from tracker.errors import ConfigError
from tracker.redact import register_secret, register_secrets
from tracker.routes import ChannelRoute


def build_channel(cfg: ChannelConfig, env: Mapping[str, str] | None = None) -> Channel:
    """A sender for one configured channel, built by its kind (tracker.deliver.registry),
    with its secrets read from the environment and registered for scrubbing."""
    env = os.environ if env is None else env

    def secret(name: str | None) -> str | None:
        value = env.get(name) if name else None
        register_secret(value)  # scrubbed from every log line and error text from now on
        return value

    register_secret(cfg.url)
    register_secrets(cfg.headers.values())
    return channel_kinds.get(cfg.kind).build(cfg, secret)


def make_sender(config: Config, db_path: Path, env: Mapping[str, str] | None = None) -> OutboxSender:
    """An OutboxSender for every active channel; templates are validated now, not at send."""
    active = [c for c in config.channels if c.is_active(env)]
    for c in active:
        if c.retry_base_seconds <= 0 or c.max_attempts < 1:
            raise ConfigError(f"channel {c.name}: retry_base_seconds must be > 0 and max_attempts >= 1")
    return OutboxSender(
        db_path=db_path,
        channels={c.name: build_channel(c, env) for c in active},
        max_attempts={c.name: c.max_attempts for c in active},
        templates={c.name: load_templates(c.templates or None) for c in active},
        routes=tuple(ChannelRoute.of(c) for c in active),
        retry_base={c.name: timedelta(seconds=c.retry_base_seconds) for c in active},
        max_age=timedelta(days=config.daemon.undelivered_max_age_days),
    )


__all__ = ["build_channel", "make_sender"]
