"""What one poll of one source did, and the one line `tracker poll` prints for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.errors import TrackerError
from tracker.redact import scrub


@dataclass
class PollOutcome:
    """What one poll of one source did; `outcome` is new/unchanged/not_modified/failed/skipped."""

    source: str
    outcome: str
    figures: int = 0
    events: int = 0
    articles: int = 0
    error: str | None = None
    details: list[str] = field(default_factory=list)
    # an index page (a kind that discovers files): file name -> current URL of the files
    # whose "Last Updated" date advanced
    changed_files: dict[str, str] = field(default_factory=dict)
    stored: bool = False  # a new document body or new observations went in (backfill's "new")
    revised: int = 0  # months whose canonical value changed from an earlier one

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


def failure_reason(exc: BaseException) -> str:
    """One line saying why a poll failed, for the source row, the log and `tracker poll`."""
    if isinstance(exc, TrackerError):
        text = str(exc)
    elif isinstance(exc, RecursionError):
        text = "parse error: document too deeply nested"
    else:
        text = f"internal error: {type(exc).__name__}: {exc}"
    return scrub(" ".join(text.split()))[:500]


def poll_error_line(outcome: PollOutcome) -> str:
    """One line per source for `tracker poll`."""
    extra = f", {outcome.articles} articles" if outcome.articles else ""
    text = f"{outcome.source}: {outcome.outcome} ({outcome.figures} figures, {outcome.events} events{extra})"
    reason = outcome.error or ("; ".join(outcome.details) if outcome.outcome == "skipped" else "")
    if reason:
        text += f": {reason}"
    return text


__all__ = ["PollOutcome", "failure_reason", "poll_error_line"]
