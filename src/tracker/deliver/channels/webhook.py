"""webhook: a signed JSON POST (Standard Webhooks), or Slack's or Discord's shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta, field

from tracker.config import ChannelConfig
from tracker.deliver.registry import ChannelKind, Problem, Secret, register
from tracker.deliver.webhook import WebhookChannel, WebhookSettings
from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.deliver.message import Channel


class WebhookConfig(ChannelConfig, frozen=True):
    """A webhook channel's keys: where to POST (inline or from the environment), how to sign."""

    url: Annotated[  # type: ignore[assignment]  # a field where the base has a neutral property
        str | None, Meta(description="Webhook URL (or use url_env for secret URLs like Slack's).")
    ] = None
    url_env: Annotated[str | None, Meta(description="Environment variable holding the webhook URL.")] = None
    secret_env: Annotated[
        str | None, Meta(description="Environment variable holding the webhook signing secret.")
    ] = None
    style: Annotated[Literal["json", "slack", "discord"], Meta(description="The payload's shape.")] = "json"
    headers: Annotated[  # type: ignore[assignment]
        dict[str, str], Meta(description="Extra HTTP headers sent with every webhook POST.")
    ] = field(default_factory=dict)


@register
class Webhook(ChannelKind):
    name = "webhook"
    description = "HTTP POST with a Standard Webhooks signature; style json, slack or discord"
    config = WebhookConfig

    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        assert isinstance(cfg, WebhookConfig)
        if not (cfg.url or cfg.url_env):
            yield Problem("", "url or url_env for a webhook channel", cfg.name)

    def secret_envs(self, cfg: ChannelConfig) -> list[str]:
        assert isinstance(cfg, WebhookConfig)
        wanted = super().secret_envs(cfg)
        if cfg.style != "json" and cfg.secret_env in wanted:
            wanted.remove(cfg.secret_env)  # Slack/Discord URLs are the secret
        return wanted

    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        assert isinstance(cfg, WebhookConfig)
        url = cfg.url or secret(cfg.url_env)
        if not url:
            raise ConfigError(f"channel {cfg.name}: {cfg.url_env} is not set")
        channel = WebhookChannel(
            WebhookSettings(
                url=url,
                secret=secret(cfg.secret_env),
                style=cfg.style,
                timeout_seconds=cfg.timeout_seconds,
                headers=dict(cfg.headers),
            )
        )
        channel.name = cfg.name
        return channel
