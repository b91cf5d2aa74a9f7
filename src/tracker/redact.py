"""Secret scrubbing: one place that knows what must never reach a log, an error text, the
database or an admin message.

Two layers: patterns (`api_key=…`, `user:pass@` in URLs, `Bearer …`) and the process-wide
registry of configured secrets (webhook URLs and every long part of their path and query,
signing secrets, SMTP credentials, API keys). `scrub()` applies both; it is called where text
from a remote server or an exception becomes tracker's own text, and by the log filter.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

SECRET_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "secret", "password", "signature", "sig"}
)
_SECRET_IN_TEXT = re.compile(
    r"(?i)\b(api_key|apikey|access_token|token|secret|password|signature|sig|key)=[^&\s#\"']*"
)
# scheme://user:password@host: proxy URLs (HTTPS_PROXY) and credentials in any URL.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@:]*(?::[^/\s@]*)?@")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}")
REDACTED = "REDACTED"

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()  # longest first, so a whole URL goes before its parts


def _tokenish(part: str) -> bool:
    """A URL part that looks like a credential (Slack's T0…/B0…/token, Discord's id/token),
    not a word like "services" or "webhooks" that would then vanish from every message."""
    return len(part) >= 8 and (any(c.isdigit() for c in part) or len(part) >= 20)


def secret_parts(value: str) -> set[str]:
    """A secret and, for a URL, its credential-looking path segments, the path from the
    first of them on, secret query values and any password."""
    found = {value}
    if "://" not in value:
        return found
    try:
        parts = urlsplit(value)
        password = parts.password
    except ValueError:
        return found
    segments = parts.path.split("/")
    for i, seg in enumerate(segments):
        for form in {seg, unquote(seg)}:
            if _tokenish(form):
                found.add(form)
                found.add("/".join(segments[i:]))
    for key, val in parse_qsl(parts.query, keep_blank_values=True):
        if len(val) >= 4 and (key.lower() in SECRET_PARAMS or _tokenish(val)):
            found.add(val)
    if password:
        found.add(password)
    return found


def register_secret(value: str | None) -> None:
    """Remember a configured secret (and, for a URL, its credential-looking parts)."""
    if not value or len(value) < 4:
        return
    found = {p for p in secret_parts(value) if len(p) >= 4}
    global _secrets
    with _lock:
        _secrets = tuple(sorted(set(_secrets) | found, key=len, reverse=True))


def register_secrets(values: Iterable[str | None]) -> None:
    for value in values:
        register_secret(value)


def register_config_secrets(config: Any, env: Mapping[str, str] | None = None) -> None:
    """Register every secret a Config names: channel URLs (inline or from the environment),
    signing secrets, SMTP credentials, extra header values, source API keys."""
    env = os.environ if env is None else env
    for ch in getattr(config, "channels", ()):
        register_secret(ch.url)
        register_secrets(ch.headers.values())
        for name in ch.env_names():  # every `*_env` key of its kind, options included
            register_secret(env.get(name))
    daemon = getattr(config, "daemon", None)
    if daemon is not None and getattr(daemon, "metrics_token_env", None):
        register_secret(env.get(daemon.metrics_token_env))
    for src in getattr(config, "sources", ()):
        if src.api_key_env:
            register_secret(env.get(src.api_key_env))


def clear_secrets() -> None:
    """Forget every registered secret (tests)."""
    global _secrets
    with _lock:
        _secrets = ()


def redact_text(text: str) -> str:
    """Free text with secret-looking values (`api_key=…`, `user:pass@`, `Bearer …`) replaced."""
    text = _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    text = _USERINFO.sub(lambda m: f"{m.group(1)}{REDACTED}@", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def scrub(text: str | None) -> str:
    """`redact_text` plus every registered secret replaced, wherever it appears."""
    if not text:
        return text or ""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return redact_text(text)


def redact_url(url: str) -> str:
    """The URL with secret-looking query values and any user:password replaced."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return scrub(url)
    if parts.query:
        pairs = [
            (k, REDACTED if k.lower() in SECRET_PARAMS else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        parts = parts._replace(query=urlencode(pairs, safe="/:,"))
    if "@" in parts.netloc:
        parts = parts._replace(netloc=f"{REDACTED}@" + parts.netloc.rsplit("@", 1)[1])
    return scrub(urlunsplit(parts))


class ScrubFilter(logging.Filter):
    """A log filter that scrubs the formatted message (and the traceback text) of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets or record.args or isinstance(record.msg, str):
            try:
                message = record.getMessage()
            except (TypeError, ValueError):
                return True
            record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
