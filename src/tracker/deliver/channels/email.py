"""email: one multipart message per alert over SMTP (tracker.deliver.email)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta, field

from tracker.config import ChannelConfig
from tracker.deliver.email import EmailChannel, EmailSettings
from tracker.deliver.registry import ChannelKind, Problem, Secret, register

if TYPE_CHECKING:
    from tracker.deliver.message import Channel


class EmailConfig(ChannelConfig, frozen=True):
    """An email channel's keys: the SMTP server, how to reach it, and the addresses."""

    smtp_host: Annotated[str | None, Meta(description="SMTP server.")] = None
    smtp_port: Annotated[int, Meta(description="SMTP port.")] = 587
    security: Annotated[
        Literal["starttls", "tls", "none"], Meta(description="How the connection is secured.")
    ] = "starttls"
    username_env: Annotated[str | None, Meta(description="Environment variable with the SMTP user.")] = None
    password_env: Annotated[str | None, Meta(description="Environment variable with the SMTP password.")] = (
        None
    )
    from_addr: Annotated[str | None, Meta(description="Sender address.")] = None
    to: Annotated[list[str], Meta(description="Recipients.")] = field(default_factory=list)
    ca_file: Annotated[
        str | None, Meta(description="Extra CA bundle (PEM) for an SMTP server's private CA.")
    ] = None


@register
class Email(ChannelKind):
    name = "email"
    description = "SMTP mail (STARTTLS, implicit TLS or plain): text and HTML alternatives"
    config = EmailConfig

    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        assert isinstance(cfg, EmailConfig)
        if not (cfg.smtp_host and cfg.from_addr and cfg.to):
            yield Problem("", "smtp_host, from_addr and to for an email channel", cfg.name)

    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        assert isinstance(cfg, EmailConfig)
        channel = EmailChannel(
            EmailSettings(
                host=str(cfg.smtp_host),
                from_addr=str(cfg.from_addr),
                to=list(cfg.to),
                port=cfg.smtp_port,
                security=cfg.security,
                username=secret(cfg.username_env),
                password=secret(cfg.password_env),
                timeout_seconds=cfg.timeout_seconds,
                ca_file=cfg.ca_file,
            )
        )
        channel.name = cfg.name
        return channel
