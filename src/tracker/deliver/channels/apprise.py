"""apprise: subject and text to any Apprise URL (ntfy, Matrix, Teams, ...); optional extra."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from msgspec import Meta

from tracker.config import ChannelConfig
from tracker.deliver.registry import ChannelKind, Problem, Secret, register
from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.deliver.message import Channel


class AppriseConfig(ChannelConfig, frozen=True):
    """An apprise channel's one key: the variable holding its Apprise URL (a secret)."""

    url_env: Annotated[str | None, Meta(description="Environment variable holding the Apprise URL.")] = None


@register
class Apprise(ChannelKind):
    name = "apprise"
    description = "any Apprise URL, read from url_env (pip install 'tracker[apprise]')"
    config = AppriseConfig

    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        assert isinstance(cfg, AppriseConfig)
        if not cfg.url_env:
            yield Problem("", "url_env for an apprise channel", cfg.name)

    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        assert isinstance(cfg, AppriseConfig)
        from tracker.deliver.apprise_channel import AppriseChannel

        url = secret(cfg.url_env)
        if not url:
            raise ConfigError(f"channel {cfg.name}: {cfg.url_env} is not set")
        channel = AppriseChannel(url)
        channel.name = cfg.name
        return channel
