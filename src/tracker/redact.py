"""Secret scrubbing: one place that knows what must never reach a log, an error text, the
database or an admin message.

Two layers: patterns (`api_key=…`, `user:pass@` in URLs, `Bearer …`) and the process-wide
registry of configured secrets (webhook URLs and every long part of their path and query,
signing secrets, SMTP credentials, API keys). `scrub()` applies both; it is called where text
from a remote server or an exception becomes tracker's own text, and by the log filter.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
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
MIN_SECRET_PART = 6  # shorter path segments ("api", "v1", "hooks") are not secrets
REDACTED = "REDACTED"

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()  # longest first, so a whole URL goes before its parts


def register_secret(value: str | None) -> None:
    """Remember a configured secret (and, for a URL, each path segment and query value)."""
    if not value or len(value) < 4:
        return
    found = {value}
    if "://" in value:
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if parts is not None:
            found |= {p for p in parts.path.split("/") if len(p) >= MIN_SECRET_PART}
            found |= {unquote(p) for p in parts.path.split("/") if len(p) >= MIN_SECRET_PART}
            for _k, v in parse_qsl(parts.query, keep_blank_values=True):
                if len(v) >= 4:
                    found.add(v)
            if parts.password:
                found.add(parts.password)
    global _secrets
    with _lock:
        _secrets = tuple(sorted(set(_secrets) | found, key=len, reverse=True))


def register_secrets(values: Iterable[str | None]) -> None:
    for value in values:
        register_secret(value)


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
