"""Alert delivery: message building and rendering, and the email, webhook and Apprise channels.

The outbox sender groups a channel's due alerts by release (`digest`), calls `build_message`
per event and `render` once per group, then `send` on a channel. A channel kind is one class
in `deliver/channels/`, found by name through `deliver.registry` (docs/CHANNELS.md).
"""

from __future__ import annotations

from tracker.deliver.email import EmailChannel, EmailSettings
from tracker.deliver.message import (
    AlertMessage,
    Channel,
    Comparison,
    MessageContext,
    RenderedMessage,
    Source,
    Templates,
    build_message,
    default_templates,
    load_templates,
    render,
)
from tracker.deliver.samples import make_test_message
from tracker.deliver.webhook import WebhookChannel, WebhookHTTPError, WebhookSettings

__all__ = [
    "AlertMessage",
    "Channel",
    "Comparison",
    "EmailChannel",
    "EmailSettings",
    "MessageContext",
    "RenderedMessage",
    "Source",
    "Templates",
    "WebhookChannel",
    "WebhookHTTPError",
    "WebhookSettings",
    "build_message",
    "default_templates",
    "load_templates",
    "make_test_message",
    "render",
]
