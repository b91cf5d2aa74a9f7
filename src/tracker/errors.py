"""The one exception tree of tracker; the CLI maps it to exit codes at the boundary."""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error tracker raises on purpose."""

    exit_code = 1


class ConfigError(TrackerError):
    """The configuration (file, key or environment) is wrong; the user must fix it."""

    exit_code = 2


class UsageError(TrackerError):
    """A command was given input it cannot use (bad CSV row, bad path, bad period)."""

    exit_code = 2


class PeriodError(UsageError, ValueError):
    """A text or number does not name a period (month 13, "FY2026:03-05"); raised by the model."""


class FetchError(TrackerError):
    """A document could not be fetched (network, HTTP status, size, robots, politeness)."""


class Interrupted(FetchError):
    """A fetch was abandoned because the process is shutting down (not a source failure)."""


class ParseError(TrackerError):
    """A fetched document is not what its source kind expects (wrong file, layout drift)."""


class StoreError(TrackerError):
    """The database could not be opened, migrated or written."""

    exit_code = 2


class DeliveryError(TrackerError):
    """An alert channel refused or failed to take a message (one line, no secrets).

    `permanent`: retrying the same message cannot help (a 4xx, a rejected address), so the
    outbox gives it up at once. `retry_after`: seconds the receiver asked us to wait (at
    least), or None. Every channel kind raises this, and only this, for a failed send.
    """

    def __init__(
        self, message: str = "", *, permanent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
