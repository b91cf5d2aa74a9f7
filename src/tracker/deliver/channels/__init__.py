"""One module per channel kind: each defines a `ChannelKind` subclass and `@register`s it.

The registry (tracker.deliver.registry) imports every module here on first use: the built-in
ones in the order below, then any other module alphabetically. Adding a kind is adding one
module (see docs/CHANNELS.md). Keep these modules light (a config is validated through them):
a heavy sender lives in its own module under `deliver/`, imported in `build`.
"""

from __future__ import annotations

BUILTIN = ("email", "webhook", "apprise")
