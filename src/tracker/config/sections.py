"""The fixed sections of config/tracker.toml as msgspec Structs: every key, its type, default
and help text (`Meta(description=...)`), which the README reference is generated from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta, field

from tracker import defaults
from tracker.model import Series


class Section(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A table of the config: unknown keys are refused, values are never coerced."""


class DatabaseConfig(Section, frozen=True):
    path: Annotated[Path, Meta(description="SQLite file; created with its directory on first use.")] = Path(
        "data/tracker.db"
    )


class HttpConfig(Section, frozen=True):
    user_agent: Annotated[
        str, Meta(description="User-Agent sent with every request; keep a contact URL in it.")
    ] = defaults.USER_AGENT
    connect_timeout_seconds: Annotated[float, Meta(gt=0, description="TCP/TLS connect timeout.")] = (
        defaults.CONNECT_TIMEOUT_SECONDS
    )
    read_timeout_seconds: Annotated[float, Meta(gt=0, description="Timeout between bytes while reading.")] = (
        defaults.READ_TIMEOUT_SECONDS
    )
    deadline_seconds: Annotated[
        float, Meta(gt=0, description="Overall limit for one request incl. retries.")
    ] = defaults.DEADLINE_SECONDS
    max_retries: Annotated[
        int, Meta(ge=0, description="Retries on timeouts, connection errors, 429 and 5xx.")
    ] = defaults.MAX_RETRIES
    max_bytes: Annotated[
        int, Meta(gt=0, description="Largest body accepted (streamed; larger is a failure).")
    ] = defaults.MAX_BYTES
    min_host_interval_seconds: Annotated[
        float, Meta(description="Minimum gap between requests to one host.")
    ] = defaults.MIN_HOST_INTERVAL_SECONDS
    respect_robots: Annotated[bool, Meta(description="Honour robots.txt.")] = True
    allow_private_networks: Annotated[
        bool | None,
        Meta(
            description="Allow fetching loopback, private, link-local and other non-global addresses "
            "(tests, intranet mirrors). Unset: the TRACKER_ALLOW_PRIVATE_NETWORKS environment "
            "variable decides, else off."
        ),
    ] = None
    max_compression_ratio: Annotated[
        float,
        Meta(
            description="Largest decoded/wire size ratio of a compressed body past 1 MB (a bomb beyond).",
        ),
    ] = defaults.MAX_COMPRESSION_RATIO


class ReconcileConfig(Section, frozen=True):
    min_news_sources: Annotated[
        int,
        Meta(
            ge=1,
            description="Independent news voices (registrable domains; syndicated copy counts once; "
            "only firmly dated statements) that must agree before a news value becomes provisional.",
        ),
    ] = 2
    max_article_age_days: Annotated[
        float,
        Meta(
            gt=0,
            description="An article published longer ago than this never produces an alert (it is history).",
        ),
    ] = 45.0
    revision_months: Annotated[
        int,
        Meta(
            ge=0,
            description="Official revisions of this many months before the newest known month may "
            "still correct or confirm an alert that was sent; older ones are history.",
        ),
    ] = 3


class RulesConfig(Section, frozen=True):
    series: Annotated[list[Series], Meta(description="Series the record rules watch.")] = field(
        default_factory=lambda: [Series.IT_EXPORTS]
    )
    all_time_high: Annotated[bool, Meta(description="Alert on a new all-time monthly high.")] = True
    same_month_high: Annotated[
        bool, Meta(description="Alert on the best value ever for that calendar month.")
    ] = True
    fytd_high: Annotated[
        bool, Meta(description="Alert on the best fiscal-year-to-date total at that month.")
    ] = True
    thresholds: Annotated[
        list[float], Meta(description="US$ millions; alert the first month at or above each.")
    ] = field(default_factory=lambda: [500.0])


class DaemonConfig(Section, frozen=True):
    timezone: Annotated[str, Meta(description="Time zone for cron schedules and release windows.")] = (
        "Asia/Karachi"
    )
    health_enabled: Annotated[bool, Meta(description="Serve /healthz and /metrics.")] = True
    health_host: Annotated[str, Meta(description="Address of the health/metrics endpoint.")] = "127.0.0.1"
    health_port: Annotated[int, Meta(description="Port of the health/metrics endpoint.")] = 9311
    metrics_token_env: Annotated[
        str | None,
        Meta(
            description="Environment variable holding a bearer token /metrics then requires "
            "(Authorization: Bearer …); unset: /metrics is open to whoever reaches the port."
        ),
    ] = None
    retention_days: Annotated[
        int,
        Meta(
            description="Prune stored feed/listing documents (and their blobs) that produced no figure "
            "after this many days; documents with observations are never pruned. 0 keeps everything.",
        ),
    ] = 30
    failure_threshold: Annotated[int, Meta(description="Consecutive failures before an admin alert.")] = 3
    send_interval_seconds: Annotated[int, Meta(description="How often the outbox sender runs.")] = 60
    release_day_first: Annotated[
        int, Meta(description="Dense SBP polling starts this day of the next month.")
    ] = 14
    release_day_last: Annotated[
        int, Meta(description="Dense polling ends (and 'overdue' fires) after this day.")
    ] = 25
    release_window_minutes: Annotated[
        int,
        Meta(
            description="Polling interval inside the release window (4 + at most 10 % jitter: a new "
            "SBP file is seen within 5 minutes; each unchanged poll is one conditional GET).",
        ),
    ] = 4
    undelivered_max_age_days: Annotated[
        int,
        Meta(
            description="Events that arose while no channel was active are sent when one is, unless older.",
        ),
    ] = 7
