"""A toy channel kind, written as a new kind would be: one module, nothing else edited.

Importing it registers kind "toy": it keeps what it is sent in `SENT` (by its `box` option),
and its `fail` option makes it fail permanently or ask to be retried later.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.deliver.message import RenderedMessage
from tracker.deliver.registry import BoundChannel, ChannelKind, register
from tracker.errors import DeliveryError

SENT: dict[str, list[tuple[str, str]]] = {}


@dataclass(frozen=True)
class ToyOptions:
    box: str
    fail: str = ""  # "", "permanent" or "later"
    token_env: str | None = None


@register
class Toy(ChannelKind):
    name = "toy"
    description = "keeps messages in memory (tests)"
    options = ToyOptions

    def send(self, channel: BoundChannel, rendered: RenderedMessage, idempotency_key: str) -> None:
        opts: ToyOptions = channel.options
        if opts.fail == "permanent":
            raise DeliveryError("toy: the box refuses this", permanent=True)
        if opts.fail == "later":
            raise DeliveryError("toy: busy", retry_after=3600)
        SENT.setdefault(opts.box, []).append((idempotency_key, rendered.subject))
