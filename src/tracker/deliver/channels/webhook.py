"""webhook: a signed JSON POST (Standard Webhooks), or Slack's or Discord's shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tracker.deliver.registry import ChannelKind, Problem, Secret, register
from tracker.deliver.webhook import STYLES, WebhookChannel, WebhookSettings
from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.config import ChannelConfig
    from tracker.deliver.message import Channel


@register
class Webhook(ChannelKind):
    name = "webhook"
    description = "HTTP POST with a Standard Webhooks signature; style json, slack or discord"

    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        if cfg.style not in STYLES:
            yield Problem(".style", "json, slack or discord", cfg.style)
        if not (cfg.url or cfg.url_env):
            yield Problem("", "url or url_env for a webhook channel", cfg.name)

    def secret_envs(self, cfg: ChannelConfig) -> list[str]:
        wanted = super().secret_envs(cfg)
        if cfg.style != "json" and cfg.secret_env in wanted:
            wanted.remove(cfg.secret_env)  # Slack/Discord URLs are the secret
        return wanted

    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        url = cfg.url or secret(cfg.url_env)
        if not url:
            raise ConfigError(f"channel {cfg.name}: {cfg.url_env} is not set")
        channel = WebhookChannel(
            WebhookSettings(
                url=url,
                secret=secret(cfg.secret_env),
                style=cfg.style,  # type: ignore[arg-type]
                timeout_seconds=cfg.timeout_seconds,
                headers=dict(cfg.headers),
            )
        )
        channel.name = cfg.name
        return channel
