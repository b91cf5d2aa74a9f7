"""One module per channel kind: each defines a `ChannelKind` subclass and `@register`s it.

The registry (tracker.deliver.registry) imports every module here on first use: the built-in
ones in the order below, then any other module alphabetically. Adding a kind is adding one
module (see docs/CHANNELS.md). A config is validated through these modules, so a kind whose
sender needs an optional package (apprise) imports it in `build` or `send`, not at the top.
"""

from __future__ import annotations

BUILTIN = ("email", "webhook", "apprise")
