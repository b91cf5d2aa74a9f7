"""The one Retry-After parser: delta-seconds or HTTP-date, always capped (default one day)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_AFTER_CAP = 86_400.0  # a server may park us for at most one day
_MAX_DIGITS = 12  # "315360000" is fine; a 20-digit value is nonsense, not an OverflowError


def parse_retry_after(
    value: str | None, now: datetime | None = None, *, cap: float = RETRY_AFTER_CAP
) -> float | None:
    """Seconds to wait, in [0, cap]; None if the header is absent or unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():  # ASCII digits only: str.isdigit also accepts "²", int() does not
        if not value.isascii():
            return None
        return cap if len(value) > _MAX_DIGITS else min(float(int(value)), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; parsedate gives naive for "-0000"
        when = when.replace(tzinfo=UTC)
    try:
        delta = (when - (now or datetime.now(UTC))).total_seconds()
    except OverflowError:
        return cap
    return min(max(0.0, delta), cap)
