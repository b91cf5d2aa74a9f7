"""Webhook channel: a signed JSON POST (Standard Webhooks), in our shape or Slack's or Discord's.

The body is serialised once and those exact bytes are signed and sent. Anything but a 2xx reply
(3xx included; redirects are not followed) is a DeliveryError, as is a timeout.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from tracker import __version__
from tracker.deliver.message import RenderedMessage
from tracker.errors import ConfigError, DeliveryError
from tracker.fetch import DeliveryClient, PostFailed
from tracker.redact import scrub, secret_parts

Style = Literal["json", "slack", "discord"]
STYLES: tuple[str, ...] = ("json", "slack", "discord")
SECRET_PREFIX = "whsec_"
_RESERVED = {"webhook-id", "webhook-timestamp", "webhook-signature", "content-type"}
_SAFE_ID = re.compile(r"[\x21-\x7e]{1,200}")
_DISCORD_COLORS = {"record": 0x2E7D32, "confirmed": 0x1565C0, "unconfirmed": 0xF9A825,
                   "correction": 0xC62828, "admin": 0x6D4C41}  # fmt: skip


class WebhookHTTPError(DeliveryError):
    """The receiver answered with a non-2xx status; carries it so a sender can decide to retry."""

    def __init__(self, message: str, status_code: int, retry_after: float | None = None) -> None:
        # 4xx other than 408/409/425/429: retrying the same request will not help
        permanent = 400 <= status_code < 500 and status_code not in (408, 409, 425, 429)
        super().__init__(message, permanent=permanent, retry_after=retry_after)
        self.status_code = status_code


def redact_url(url: str) -> str:
    """`https://hooks.slack.com/…`: webhook URLs often carry their token in the path."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{parts.hostname or '?'}{port}/…"


def secret_key(secret: str) -> bytes:
    """HMAC key: base64-decoded after `whsec_` (the spec's form), else the raw secret's UTF-8."""
    if not secret.startswith(SECRET_PREFIX):
        return secret.encode("utf-8")
    b64 = secret[len(SECRET_PREFIX) :]
    try:
        key = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError("webhook secret starts with whsec_ but is not valid base64") from None
    if not key:
        raise ConfigError("webhook secret is empty after whsec_")
    return key


def sign(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks v1 signature of `{id}.{timestamp}.{body}`."""
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, to_sign, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def webhook_id(idempotency_key: str) -> str:
    """The key itself when it is header-safe printable ASCII, else a stable `msg_<sha256>`."""
    if _SAFE_ID.fullmatch(idempotency_key):
        return idempotency_key
    return "msg_" + hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:40]


@dataclass(frozen=True)
class WebhookSettings:
    """Where to POST, how to shape and sign it; `secret` is already resolved from the env."""

    url: str
    secret: str | None = field(default=None, repr=False)
    style: Style = "json"
    timeout_seconds: float = 10.0
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ConfigError(f"webhook style must be one of {', '.join(STYLES)}, got {self.style!r}")
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"webhook url must be http(s)://host/...: {redact_url(self.url)}")
        if self.timeout_seconds <= 0:
            raise ConfigError("webhook timeout_seconds must be > 0")
        for name, value in self.headers.items():
            if name.lower() in _RESERVED:
                raise ConfigError(f"webhook header {name!r} is set by tracker and cannot be overridden")
            if any(c in f"{name}{value}" for c in "\r\n"):
                raise ConfigError(f"webhook header {name!r} contains a line break")
        if self.secret is not None:
            secret_key(self.secret)  # validate now, not at send time

    def __repr__(self) -> str:
        return (
            f"WebhookSettings(url={redact_url(self.url)!r}, "
            f"secret={'***' if self.secret else None}, "
            f"style={self.style!r}, timeout_seconds={self.timeout_seconds}, "
            f"headers={sorted(self.headers)!r})"
        )


# -- payload styles ----------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    """Slack mrkdwn control characters as entities: no `<!channel>`, `<@U…>` or `<url|…>` can
    come out of text, only its characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Slack has no escape for its formatting characters: in third-party labels they become
# look-alikes that format nothing (∗ U+2217, ˍ U+02CD, ∼ U+223C, ˋ U+02CB).
_MRKDWN_LOOKALIKE = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ", "|": "¦"})
_ZWSP = "\u200b"


def _slack_label(text: str) -> str:
    """Third-party text (a source or outlet name) for mrkdwn: escaped, formatting disarmed,
    and without `|`, which would end a link label early."""
    return _slack_escape(text.translate(_MRKDWN_LOOKALIKE))


_URL_UNSAFE = {
    "|": "%7C",
    "<": "%3C",
    ">": "%3E",
    " ": "%20",
    '"': "%22",
    "`": "%60",
    "[": "%5B",
    "]": "%5D",
    "(": "%28",
    ")": "%29",
    "*": "%2A",
    "_": "%5F",
    "~": "%7E",
    "\\": "%5C",
    "@": "%40",
}


def _safe_url(url: str | None) -> str | None:
    """A third-party URL safe inside `<url|label>` (Slack) or markdown (Discord): http(s)
    only, and percent-encoded wherever it could close the link or start formatting. The
    issue-16 link `http://x>|…<!channel>` becomes one harmless (dead) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    url = "".join(_URL_UNSAFE.get(c, c) for c in url.strip() if c >= " " and c != "\x7f")
    return url.replace("&", "&amp;")


# What formats or links in Discord markdown: *_~`| and \\ anywhere, [ (masked links), < when
# it opens a mention, channel, role, emoji, timestamp or an autolink (<@…>, <#…>, <t:…>,
# <http…>), > and # only at a line start (quote, heading). Discord does not decode HTML
# entities, so & needs nothing; "SBP <EasyData>" stays as it is.
_DISCORD_SPECIAL = re.compile(
    r"[\\*~`|\[\]]|(?<!\w)_|_(?!\w)|<(?=[@#:/!]|a:|t:|https?:)|^[>#]",  # a_b_c is no italics
    re.MULTILINE | re.IGNORECASE,
)


def _discord_escape(text: str) -> str:
    """Discord markdown as literal text: formatting characters backslash-escaped and `@`
    followed by a zero-width space (belt and braces with allowed_mentions.parse = [])."""
    escaped = _DISCORD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return escaped.replace("@", "@" + _ZWSP)


def _sources(rendered: RenderedMessage) -> list[dict[str, Any]]:
    return list(rendered.payload.get("data", {}).get("sources", []))


def slack_payload(rendered: RenderedMessage) -> dict[str, Any]:
    """Slack incoming-webhook shape: fallback `text` plus header, body and sources blocks."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": rendered.subject[:150]}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _slack_escape(rendered.text)[:3000]},
        },
    ]
    links = []
    for src in _sources(rendered):
        url = _safe_url(src.get("url"))
        label = _slack_label(str(src.get("name") or "source"))
        links.append(f"<{url}|{label}>" if url else label)
    if links:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "Sources: " + ", ".join(links)}],
            }
        )
    return {"text": _slack_escape(rendered.subject), "blocks": blocks}


def discord_payload(rendered: RenderedMessage) -> dict[str, Any]:
    """Discord webhook shape: `content` plus one embed, markdown escaped, mentions disabled."""
    data = rendered.payload.get("data", {})
    fields = [
        {
            "name": _discord_escape(str(s.get("name") or "source"))[:256],
            "value": (_safe_url(s.get("url")) or "(no link)").replace("&amp;", "&")[:1024],
            "inline": False,
        }
        for s in _sources(rendered)[:25]
    ]
    embed: dict[str, Any] = {
        "title": _discord_escape(rendered.subject)[:256],
        "description": _discord_escape(rendered.text)[:4096],
        "color": _DISCORD_COLORS.get(str(data.get("kind")), 0x607D8B),
    }
    if fields:
        embed["fields"] = fields
    return {
        "content": _discord_escape(rendered.subject)[:2000],
        "username": "tracker",
        "embeds": [embed],
        "allowed_mentions": {"parse": []},
    }


def body_for(rendered: RenderedMessage, style: str) -> bytes:
    """Serialise the payload for a style once; these bytes are both signed and sent."""
    if style == "slack":
        payload = slack_payload(rendered)
    elif style == "discord":
        payload = discord_payload(rendered)
    else:
        payload = rendered.payload
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


# -- channel -----------------------------------------------------------------------------


class WebhookChannel:
    """POSTs rendered alerts to one URL with Standard Webhooks headers."""

    name = "webhook"

    def __init__(self, settings: WebhookSettings, *, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self._key = secret_key(settings.secret) if settings.secret else None
        self._clock = clock

    def __repr__(self) -> str:
        return f"WebhookChannel({self.settings!r})"

    def _fail(self, what: str) -> DeliveryError:
        """A DeliveryError whose text carries none of this channel's secrets, even when the
        receiver echoes its own path (`Cannot POST /services/T0…/B0…/TOKEN`)."""
        text = " ".join(what.split())
        for secret in sorted(
            {
                p
                for v in (self.settings.secret, self.settings.url, *self.settings.headers.values())
                if v
                for p in secret_parts(v)
                if len(p) >= 4
            },
            key=len,
            reverse=True,
        ):
            text = text.replace(secret, "***")
        return DeliveryError(f"webhook {redact_url(self.settings.url)}: {scrub(text)[:300]}")

    def request_headers(self, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
        """Content type, Standard Webhooks id/timestamp/signature, then the configured extras."""
        headers = {
            "user-agent": f"tracker/{__version__} (alerts)",
            **dict(self.settings.headers),
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
        }
        if self._key is not None:
            headers["webhook-signature"] = sign(self._key, msg_id, timestamp, body)
        return headers

    def send(
        self,
        rendered: RenderedMessage,
        idempotency_key: str,
        *,
        client: DeliveryClient | None = None,
    ) -> None:
        """POST one alert; return on 2xx, else raise DeliveryError (redirects are not followed)."""
        body = body_for(rendered, self.settings.style)
        msg_id = webhook_id(idempotency_key)
        headers = self.request_headers(msg_id, int(self._clock()), body)
        own = client is None
        http = client if client is not None else DeliveryClient()
        try:
            reply = http.post(
                self.settings.url, content=body, headers=headers, timeout=self.settings.timeout_seconds
            )
            if reply.ok:
                return
            location = reply.headers.get("location")
            where = f" -> {redact_url(location)}" if location else ""
            text = reply.head.decode("utf-8", "replace")
            failure = self._fail(f"HTTP {reply.status}{where} {text}".strip())
            raise WebhookHTTPError(str(failure), reply.status, reply.retry_after)
        except PostFailed as exc:
            if exc.timeout:
                raise self._fail(f"timed out after {self.settings.timeout_seconds:g}s ({exc.kind})") from None
            raise self._fail(exc.detail) from None
        finally:
            if own:
                http.close()
