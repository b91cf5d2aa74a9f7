"""Channel kinds by name: what a channel's `kind = "..."` means, which keys it needs, how it sends.

A kind is one subclass of `ChannelKind`, registered with `@register`, usually one module in
`tracker/deliver/channels/` (every module there is imported on first use of the registry). It
says which config keys it needs (`check`), which environment variables hold its secrets
(`secret_envs`: unset ones keep the channel off), and how a configured channel is built and
sends. The config, the outbox sender and the CLI ask the kind, never compare its name.

A kind's keys are a `ChannelConfig` subclass (`config`): the channel's table is validated
against it, like every other table. A kind may instead take its settings from the channel's
`options` table as a dataclass (`options`): unknown keys are refused and missing ones named.
Failures are one `DeliveryError` with `permanent` and `retry_after` (tracker.errors).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields
from typing import TYPE_CHECKING, Any

from tracker.plugins import KindRegistry

if TYPE_CHECKING:
    from tracker.config import ChannelConfig
    from tracker.deliver.message import Channel, RenderedMessage

Secret = Callable[[str | None], str | None]
"""Reads an environment variable (None for None) and registers its value for scrubbing."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a channel's config: `key` under `channels[i]` ("" is the table)."""

    key: str
    expected: str
    got: object


@dataclass
class BoundChannel:
    """A configured channel of a kind that sends itself (`ChannelKind.send`): its config, its
    `options` struct and its secrets by environment variable name."""

    kind: ChannelKind
    config: ChannelConfig
    options: Any
    secrets: dict[str, str | None]
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or self.config.name

    def __repr__(self) -> str:
        return f"<{self.kind.name} channel {self.name}>"  # never the secrets

    def send(self, rendered: RenderedMessage, idempotency_key: str) -> None:
        """Deliver once through the kind; DeliveryError on failure."""
        self.kind.send(self, rendered, idempotency_key)


class ChannelKind:
    """One kind of alert channel. Subclass it, set `name`, and `@register` it."""

    name: str = ""
    description: str = ""
    config: type | None = None  # a ChannelConfig subclass: the kind's own keys in its table
    options: type | None = None  # a dataclass: the kind's own settings (`channels[].options`)

    def __repr__(self) -> str:
        return f"<channel kind {self.name}>"

    # -- config ----------------------------------------------------------------------------
    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        """Kind-specific problems with a channel's config (after the generic key checks)."""
        return iter(())

    def problems(self, cfg: ChannelConfig) -> list[Problem]:
        """The `options` table against the kind's struct, then `check`."""
        found: list[Problem] = []
        if self.options is None:
            if cfg.options:
                found.append(Problem(".options", f"no options for a {self.name} channel", cfg.options))
        else:
            known = {f.name: f for f in fields(self.options)}
            for key in cfg.options:
                if key not in known:
                    found.append(
                        Problem(
                            f".options.{key}", f"one of the known keys ({', '.join(known)})", "unknown key"
                        )
                    )
            for key, f in known.items():
                if key not in cfg.options and f.default is MISSING and f.default_factory is MISSING:
                    found.append(Problem(f".options.{key}", "a value", "nothing"))
        return found + list(self.check(cfg))

    def read_options(self, cfg: ChannelConfig) -> Any:
        """The channel's `options` as the kind's struct (None for a kind without one)."""
        return None if self.options is None else self.options(**cfg.options)

    def secret_envs(self, cfg: ChannelConfig) -> list[str]:
        """Environment variables the channel needs set to be active: by default every `*_env`
        key it names (its options' included)."""
        return cfg.env_names()

    def missing_secrets(self, cfg: ChannelConfig, env: Mapping[str, str] | None = None) -> list[str]:
        """The channel's secret variables that are unset (so it stays off)."""
        env = os.environ if env is None else env
        return [n for n in self.secret_envs(cfg) if not env.get(n)]

    # -- sending ---------------------------------------------------------------------------
    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        """A sender for one configured channel. The default binds config, options and
        secrets to this kind's `send`; a kind with its own channel class overrides this."""
        return BoundChannel(self, cfg, self.read_options(cfg), {n: secret(n) for n in self.secret_envs(cfg)})

    def send(self, channel: BoundChannel, rendered: RenderedMessage, idempotency_key: str) -> None:
        """Deliver one rendered message; raise DeliveryError (one line, no secrets)."""
        raise NotImplementedError(f"channel kind {self.name!r} defines neither build nor send")


_REGISTRY: KindRegistry[ChannelKind] = KindRegistry("channel kind", "tracker.deliver.channels")
register = _REGISTRY.register
unregister = _REGISTRY.unregister


def kinds() -> dict[str, ChannelKind]:
    """All known kinds by name (a copy): the built-in ones in their listed order, then the
    others in registration order (whoever imported a kind module first)."""
    return _REGISTRY.kinds()


def names() -> tuple[str, ...]:
    """The valid values of `channels[].kind`."""
    return _REGISTRY.names()


def get(name: str) -> ChannelKind:
    """The kind called `name`; a ConfigError lists the valid names."""
    return _REGISTRY.get(name)


__all__ = [
    "BoundChannel",
    "ChannelKind",
    "Problem",
    "Secret",
    "get",
    "kinds",
    "names",
    "register",
    "unregister",
]
