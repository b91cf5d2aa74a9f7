"""What the types cannot say: unique names, URLs, one schedule per source, time zones and
crontab expressions, and each channel kind's own rules. Each raises `Invalid` for one key."""

from __future__ import annotations

from urllib.parse import urlsplit

from tracker.config.explain import Invalid
from tracker.config.root import Config


def check_url(url: str, key: str, *, credentials: bool = True) -> None:
    """An http(s) URL; with `credentials=False` (sources) no user:password@ in it: the fetch
    seam refuses such URLs, as they would reach every host and every stored copy of the URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(key, "an http(s) URL", url)
    if not credentials and (parts.username is not None or parts.password is not None):
        from tracker.redact import redact_url

        raise Invalid(key, "a URL without user:password@ (send credentials as headers)", redact_url(url))


def check_timezone(name: str) -> None:
    """An IANA time zone name that zoneinfo knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("daemon.timezone", "an IANA time zone like Asia/Karachi", name) from None


def check_cron(expr: str, key: str, timezone: str) -> None:
    """A five-field crontab expression that APScheduler accepts in `timezone`."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr, timezone=timezone)
    except ValueError as exc:
        raise Invalid(key, f"a crontab expression ({exc})", expr) from None


def check_unique(names: list[str], table: str) -> None:
    """No two tables of `table` share a name (names key the database and the logs)."""
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise Invalid(f"{table}[{i}].name", "a unique name", name)
        seen.add(name)


def check_sources(cfg: Config) -> None:
    """Unique names, plain http(s) URLs, exactly one schedule, a floor on the interval."""
    check_unique([s.name for s in cfg.sources], "sources")
    for i, src in enumerate(cfg.sources):
        key = f"sources[{i}]"
        check_url(src.url, f"{key}.url", credentials=False)
        for j, url in enumerate(src.fallback_urls):
            check_url(url, f"{key}.fallback_urls[{j}]", credentials=False)
        schedules = [src.interval_minutes is not None, src.cron is not None, src.release_window]
        if sum(schedules) != 1:
            raise Invalid(key, "exactly one of interval_minutes, cron, release_window = true", src.name)
        # One second is the floor: faster than that is a load test, not polling.
        if src.interval_minutes is not None and src.interval_minutes * 60 < 0.999:
            raise Invalid(f"{key}.interval_minutes", "a number >= 0.0167 (one second)", src.interval_minutes)
        if src.cron is not None:
            check_cron(src.cron, f"{key}.cron", cfg.daemon.timezone)


def check_channels(cfg: Config) -> None:
    """Unique names, http(s) URLs, and each channel kind's own rules."""
    from tracker.deliver import registry as channel_kinds

    check_unique([c.name for c in cfg.channels], "channels")
    for i, ch in enumerate(cfg.channels):
        if ch.url is not None:
            check_url(ch.url, f"channels[{i}].url")
        for problem in channel_kinds.get(ch.kind).problems(ch):  # options, then the kind's rules
            raise Invalid(f"channels[{i}]{problem.key}", problem.expected, problem.got)


def check(cfg: Config) -> None:
    """Every check above, in the order of the file's sections."""
    check_timezone(cfg.daemon.timezone)
    check_sources(cfg)
    check_channels(cfg)
