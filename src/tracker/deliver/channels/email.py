"""email: one multipart message per alert over SMTP (tracker.deliver.email)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tracker.deliver.email import SECURITY_MODES, EmailChannel, EmailSettings
from tracker.deliver.registry import ChannelKind, Problem, Secret, register

if TYPE_CHECKING:
    from tracker.config import ChannelConfig
    from tracker.deliver.message import Channel


@register
class Email(ChannelKind):
    name = "email"
    description = "SMTP mail (STARTTLS, implicit TLS or plain): text and HTML alternatives"

    def check(self, cfg: ChannelConfig) -> Iterator[Problem]:
        if cfg.security not in SECURITY_MODES:
            yield Problem(".security", "starttls, tls or none", cfg.security)
        if not (cfg.smtp_host and cfg.from_addr and cfg.to):
            yield Problem("", "smtp_host, from_addr and to for an email channel", cfg.name)

    def build(self, cfg: ChannelConfig, secret: Secret) -> Channel:
        channel = EmailChannel(
            EmailSettings(
                host=str(cfg.smtp_host),
                from_addr=str(cfg.from_addr),
                to=list(cfg.to),
                port=cfg.smtp_port,
                security=cfg.security,  # type: ignore[arg-type]
                username=secret(cfg.username_env),
                password=secret(cfg.password_env),
                timeout_seconds=cfg.timeout_seconds,
                ca_file=cfg.ca_file,
            )
        )
        channel.name = cfg.name
        return channel
