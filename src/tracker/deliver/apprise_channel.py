"""Apprise channel: subject and text to any Apprise URL (ntfy, Telegram, Matrix, Teams, ...).

Apprise is an optional extra (`pip install 'tracker[apprise]'`), imported only when used.
"""

from __future__ import annotations

import importlib
from typing import Any
from urllib.parse import urlsplit

from tracker.deliver.message import RenderedMessage
from tracker.errors import ConfigError, DeliveryError

MISSING = "apprise channel needs the optional package: pip install 'tracker[apprise]'"


def _apprise() -> Any:
    """Import apprise lazily, so the extra is only needed when an Apprise channel is used."""
    try:
        return importlib.import_module("apprise")
    except ImportError:
        raise DeliveryError(MISSING) from None


class AppriseChannel:
    """Delivers subject + plain text through apprise; the URL (it holds tokens) is never shown."""

    name = "apprise"

    def __init__(self, url: str) -> None:
        if "://" not in url:
            raise ConfigError("apprise url must look like scheme://...")
        self._url = url

    @property
    def scheme(self) -> str:
        return urlsplit(self._url).scheme or "?"

    def __repr__(self) -> str:
        return f"AppriseChannel(url='{self.scheme}://…')"

    def send(self, rendered: RenderedMessage, idempotency_key: str) -> None:
        """Notify once; raise DeliveryError if apprise is missing, rejects the URL or fails."""
        apprise = _apprise()
        app = apprise.Apprise()
        try:
            added = app.add(self._url)
        except Exception as exc:  # apprise plugins may raise anything on a bad URL
            raise DeliveryError(f"apprise {self.scheme}://…: bad URL ({type(exc).__name__})") from None
        if not added:
            raise DeliveryError(f"apprise {self.scheme}://…: URL not recognised by apprise")
        try:
            ok = app.notify(title=rendered.subject, body=rendered.text, body_format=apprise.NotifyFormat.TEXT)
        except Exception as exc:  # one-line error, never the URL
            raise DeliveryError(f"apprise {self.scheme}://…: {type(exc).__name__} while sending") from None
        if not ok:
            raise DeliveryError(f"apprise {self.scheme}://…: delivery failed ({idempotency_key})")
