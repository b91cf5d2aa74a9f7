"""Load and validate config/tracker.toml into typed dataclasses.

The dataclasses below ARE the config reference: every key, its type, default and help text
(`docs/CONFIG.md` is generated from them). Errors name the file, the key and what was
expected, in one line, and raise ConfigError (exit status 2).
"""

from __future__ import annotations

import functools
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from tracker.errors import ConfigError
from tracker.model import Series
from tracker.sources import registry as source_kinds

DEFAULT_CONFIG_PATH = Path("config/tracker.toml")

RECORD_RULES = ("all_time_high", "same_month_high", "fytd_high", "threshold")
EVENT_TOPICS = ("record", "new_month", "revision")


def _help(text: str | typing.Callable[[], str], **kw: Any) -> Any:
    """A field with its reference text (a callable: text read from a registry when asked)."""
    return field(metadata={"help": text}, **kw)


def _channel_kinds() -> str:
    from tracker.deliver import registry

    return registry.reference_help()


@dataclass(frozen=True)
class DatabaseConfig:
    path: Path = _help(
        "SQLite file; created with its directory on first use.", default=Path("data/tracker.db")
    )


@dataclass(frozen=True)
class HttpConfig:
    user_agent: str = _help(
        "User-Agent sent with every request; keep a contact URL in it.",
        default="tracker/0.1 (+https://github.com/tracker-pk/tracker; IT-exports monitor)",
    )
    connect_timeout_seconds: float = _help("TCP/TLS connect timeout.", default=10.0)
    read_timeout_seconds: float = _help("Timeout between bytes while reading.", default=30.0)
    deadline_seconds: float = _help("Overall limit for one request incl. retries.", default=120.0)
    max_retries: int = _help("Retries on timeouts, connection errors, 429 and 5xx.", default=3)
    max_bytes: int = _help("Largest body accepted (streamed; larger is a failure).", default=20_000_000)
    min_host_interval_seconds: float = _help("Minimum gap between requests to one host.", default=2.0)
    respect_robots: bool = _help("Honour robots.txt.", default=True)
    allow_private_networks: bool | None = _help(
        "Allow fetching loopback, private, link-local and other non-global addresses (tests, "
        "intranet mirrors). Unset: the TRACKER_ALLOW_PRIVATE_NETWORKS environment variable "
        "decides, else off.",
        default=None,
    )
    max_compression_ratio: float = _help(
        "Largest decoded/wire size ratio of a compressed body past 1 MB (a bomb beyond).", default=100.0
    )


@dataclass(frozen=True)
class ReconcileConfig:
    min_news_sources: int = _help(
        "Independent news voices (registrable domains; syndicated copy counts once; only "
        "firmly dated statements) that must agree before a news value becomes provisional.",
        default=2,
    )
    max_article_age_days: float = _help(
        "An article published longer ago than this never produces an alert (it is history).",
        default=45.0,
    )
    revision_months: int = _help(
        "Official revisions of this many months before the newest known month may still "
        "correct or confirm an alert that was sent; older ones are history.",
        default=3,
    )


@dataclass(frozen=True)
class RulesConfig:
    series: list[str] = _help("Series the record rules watch.", default_factory=lambda: ["it_exports"])
    all_time_high: bool = _help("Alert on a new all-time monthly high.", default=True)
    same_month_high: bool = _help("Alert on the best value ever for that calendar month.", default=True)
    fytd_high: bool = _help("Alert on the best fiscal-year-to-date total at that month.", default=True)
    thresholds: list[float] = _help(
        "US$ millions; alert the first month at or above each.",
        default_factory=lambda: [500.0],
    )


@dataclass(frozen=True)
class DaemonConfig:
    timezone: str = _help("Time zone for cron schedules and release windows.", default="Asia/Karachi")
    health_enabled: bool = _help("Serve /healthz and /metrics.", default=True)
    health_host: str = _help("Address of the health/metrics endpoint.", default="127.0.0.1")
    health_port: int = _help("Port of the health/metrics endpoint.", default=9311)
    metrics_token_env: str | None = _help(
        "Environment variable holding a bearer token /metrics then requires "
        "(Authorization: Bearer …); unset: /metrics is open to whoever reaches the port.",
        default=None,
    )
    retention_days: int = _help(
        "Prune stored feed/listing documents (and their blobs) that produced no figure after "
        "this many days; documents with observations are never pruned. 0 keeps everything.",
        default=30,
    )
    failure_threshold: int = _help("Consecutive failures before an admin alert.", default=3)
    send_interval_seconds: int = _help("How often the outbox sender runs.", default=60)
    release_day_first: int = _help("Dense SBP polling starts this day of the next month.", default=14)
    release_day_last: int = _help("Dense polling ends (and 'overdue' fires) after this day.", default=25)
    release_window_minutes: int = _help(
        "Polling interval inside the release window (4 + at most 10 % jitter: a new SBP file "
        "is seen within 5 minutes; each unchanged poll is one conditional GET).",
        default=4,
    )
    undelivered_max_age_days: int = _help(
        "Events that arose while no channel was active are sent when one is, unless older.", default=7
    )


@dataclass(frozen=True)
class SourceConfig:
    name: str = _help("Unique name, used in logs, `tracker poll NAME` and the database.")
    kind: str = _help(f"Parser kind: {', '.join(source_kinds.names())}.")
    url: str = _help("What to fetch (http or https).")
    enabled: bool = _help("Poll this source.", default=True)
    fallback_urls: list[str] = _help("Tried in order when `url` fails.", default_factory=list)
    interval_minutes: float | None = _help(
        "Poll every N minutes (fractions allowed, down to 0.0167 = 1 s).", default=None
    )
    cron: str | None = _help("Poll on a crontab expression (in daemon.timezone).", default=None)
    release_window: bool = _help(
        "Dense polling around SBP's release days, sparse otherwise. A kind on SBP's release "
        "calendar (sbp_*) gets this when it sets neither interval_minutes nor cron.",
        default=False,
    )
    api_key_env: str | None = _help("Environment variable holding an API key (EasyData).", default=None)
    series_keys: list[str] = _help("EasyData series keys to pull.", default_factory=list)
    keywords: list[str] = _help("Extra keywords for news discovery.", default_factory=list)
    outlet: str | None = _help(
        "Who this source is, for counting independent news voices (default: the registrable "
        "domain of `url`; never a host named by the content).",
        default=None,
    )
    article_hosts: list[str] = _help(
        "Hosts (and their subdomains) a feed/listing's article links may be fetched from, "
        "besides the source URL's own registrable domain; other links are skipped.",
        default_factory=list,
    )


@dataclass(frozen=True)
class ChannelConfig:
    name: str = _help("Unique channel name.")
    kind: str = _help(_channel_kinds)
    enabled: bool = _help("Deliver to this channel (also needs its secrets set).", default=True)
    admin: bool = _help("Receives operator alerts (and only those).", default=False)
    unconfirmed: bool = _help("Also receive news-only, unconfirmed records.", default=False)
    events: list[str] = _help(
        "What to hear: `record` (records, confirmations, corrections), `new_month` (every "
        "first official value of a month, with its comparisons), `revision` (official "
        "revisions of recent months).",
        default_factory=lambda: ["record"],
    )
    digest: bool = _help("Email once a day instead of per event.", default=False)
    url: str | None = _help("Webhook URL (or use url_env for secret URLs like Slack's).", default=None)
    url_env: str | None = _help("Environment variable holding the webhook/apprise URL.", default=None)
    secret_env: str | None = _help("Environment variable holding the webhook signing secret.", default=None)
    style: str = _help("Webhook payload: json, slack or discord.", default="json")
    smtp_host: str | None = _help("SMTP server.", default=None)
    smtp_port: int = _help("SMTP port.", default=587)
    security: str = _help("starttls, tls or none.", default="starttls")
    username_env: str | None = _help("Environment variable with the SMTP user.", default=None)
    password_env: str | None = _help("Environment variable with the SMTP password.", default=None)
    from_addr: str | None = _help("Sender address.", default=None)
    to: list[str] = _help("Recipients.", default_factory=list)
    timeout_seconds: float = _help("Network timeout for one delivery.", default=20.0)
    max_attempts: int = _help("Attempts before a message is marked dead.", default=8)
    retry_base_seconds: float = _help(
        "First retry delay; doubles per failed attempt (capped at 2 h).", default=30.0
    )
    headers: dict[str, str] = _help("Extra HTTP headers sent with every webhook POST.", default_factory=dict)
    ca_file: str | None = _help("Extra CA bundle (PEM) for an SMTP server's private CA.", default=None)
    templates: dict[str, str] = _help(
        "Template overrides: subject/text/html → file path.", default_factory=dict
    )
    options: dict[str, str] = _help(
        "Settings of a channel kind that declares its own (docs/CHANNELS.md).", default_factory=dict
    )

    def missing_secrets(self, env: typing.Mapping[str, str] | None = None) -> list[str]:
        """Environment variables this channel needs but that are unset (so it stays off)."""
        from tracker.deliver import registry

        return registry.get(self.kind).missing_secrets(self, env)

    def is_active(self, env: typing.Mapping[str, str] | None = None) -> bool:
        return self.enabled and not self.missing_secrets(env)


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = _help("Storage.", default_factory=DatabaseConfig)
    http: HttpConfig = _help("Fetching politeness and limits.", default_factory=HttpConfig)
    reconcile: ReconcileConfig = _help(
        "How news and official values combine.", default_factory=ReconcileConfig
    )
    rules: RulesConfig = _help("Record rules.", default_factory=RulesConfig)
    daemon: DaemonConfig = _help("Scheduler, health endpoint, operator alerts.", default_factory=DaemonConfig)
    sources: list[SourceConfig] = _help("What to poll.", default_factory=list)
    channels: list[ChannelConfig] = _help("Where alerts go.", default_factory=list)
    path: Path | None = field(default=None, metadata={"internal": True})

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"no source named {name!r} (known: {', '.join(self.names())})")

    def names(self) -> list[str]:
        return [s.name for s in self.sources]


# --- generic validation -------------------------------------------------------------------

T = TypeVar("T")


class _Invalid(Exception):
    def __init__(self, key: str, expected: str, got: object) -> None:
        super().__init__(key, expected, got)
        self.key, self.expected, self.got = key, expected, got


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(value: object, tp: Any, key: str) -> Any:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return _convert(value, options[0], key)
    if is_dataclass(tp):
        if not isinstance(value, dict):
            raise _Invalid(key, "a table", value)
        return _build(cast(type, tp), value, key)
    if origin is list:
        (item_tp,) = get_args(tp)
        if not isinstance(value, list):
            raise _Invalid(key, "a list", value)
        return [_convert(v, item_tp, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise _Invalid(key, "a table of strings", value)
        return dict(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise _Invalid(key, "true or false", value)
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(key, "an integer", value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Invalid(key, "a number", value)
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise _Invalid(key, "a string", value)
        return value
    if tp is Path:
        if not isinstance(value, str) or not value:
            raise _Invalid(key, "a path string", value)
        return Path(value)
    raise TypeError(f"unsupported config type {tp!r} for {key}")  # a bug in this module


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """get_type_hints() re-evaluates every annotation string: cache it per class (a config
    with thousands of [[sources]] otherwise spends a noticeable time at start-up here)."""
    return get_type_hints(cls)


@functools.cache
def _known_fields(cls: type) -> dict[str, Any]:
    """The fields a config file may set, by name (cached: built once per class, not per table)."""
    return {f.name: f for f in fields(cls) if not f.metadata.get("internal")}


def _build(cls: type[T], data: dict[str, Any], prefix: str) -> T:
    hints = _hints(cast(type, cls))  # a class is hashable; typeshed's type[T] is not "Hashable"
    known = _known_fields(cast(type, cls))
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{prefix}.{key}" if prefix else key
        if key not in known:
            raise _Invalid(where, f"one of the known keys ({', '.join(known)})", "unknown key")
        kwargs[key] = _convert(value, hints[key], where)
    for name, f in known.items():
        if name not in kwargs and f.default is MISSING and f.default_factory is MISSING:
            raise _Invalid(f"{prefix}.{name}" if prefix else name, "a value", "nothing")
    return cls(**kwargs)


# --- semantic checks ---------------------------------------------------------------------


def _check_url(url: str, key: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Invalid(key, "an http(s) URL", url)


def _check_cron(expr: str, key: str, timezone: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr, timezone=timezone)
    except ValueError as exc:
        raise _Invalid(key, f"a crontab expression ({exc})", expr) from None


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid("daemon.timezone", "an IANA time zone like Asia/Karachi", name) from None


def _validate(cfg: Config) -> None:
    from tracker.deliver import registry as channel_kinds

    _check_timezone(cfg.daemon.timezone)
    if cfg.reconcile.max_article_age_days <= 0 or cfg.reconcile.revision_months < 0:
        raise _Invalid(
            "reconcile",
            "max_article_age_days > 0 and revision_months >= 0",
            (cfg.reconcile.max_article_age_days, cfg.reconcile.revision_months),
        )
    if cfg.reconcile.min_news_sources < 1:
        raise _Invalid("reconcile.min_news_sources", "an integer >= 1", cfg.reconcile.min_news_sources)
    for i, s in enumerate(cfg.rules.series):
        if s not in {m.value for m in Series}:
            raise _Invalid(f"rules.series[{i}]", f"one of {', '.join(Series)}", s)
    seen: set[str] = set()
    for i, src in enumerate(cfg.sources):
        key = f"sources[{i}]"
        if src.name in seen:
            raise _Invalid(f"{key}.name", "a unique name", src.name)
        seen.add(src.name)
        if src.kind not in (known := source_kinds.names()):
            raise _Invalid(f"{key}.kind", f"one of {', '.join(known)}", src.kind)
        _check_url(src.url, f"{key}.url")
        for j, u in enumerate(src.fallback_urls):
            _check_url(u, f"{key}.fallback_urls[{j}]")
        schedules = [src.interval_minutes is not None, src.cron is not None, src.release_window]
        if sum(schedules) != 1:
            raise _Invalid(key, "exactly one of interval_minutes, cron, release_window = true", src.name)
        # One second is the floor: faster than that is a load test, not polling.
        if src.interval_minutes is not None and src.interval_minutes * 60 < 0.999:
            raise _Invalid(f"{key}.interval_minutes", "a number >= 0.0167 (one second)", src.interval_minutes)
        if src.cron is not None:
            _check_cron(src.cron, f"{key}.cron", cfg.daemon.timezone)
    seen = set()
    for i, ch in enumerate(cfg.channels):
        key = f"channels[{i}]"
        if ch.name in seen:
            raise _Invalid(f"{key}.name", "a unique name", ch.name)
        seen.add(ch.name)
        for j, topic in enumerate(ch.events):
            if topic not in EVENT_TOPICS:
                raise _Invalid(f"{key}.events[{j}]", f"one of {', '.join(EVENT_TOPICS)}", topic)
        if ch.url is not None:
            _check_url(ch.url, f"{key}.url")
        for problem in channel_kinds.problems(ch):  # its kind, then the kind's own keys
            raise _Invalid(f"{key}{problem.key}", problem.expected, problem.got)


def _default_schedules(cfg: Config) -> Config:
    """A source with no schedule gets its kind's default: the release window for a kind on
    SBP's release calendar; other kinds must name one (validation says so)."""
    known = source_kinds.kinds()  # an unknown kind is refused by _validate
    sources = [
        replace(s, release_window=True)
        if s.interval_minutes is None
        and s.cron is None
        and not s.release_window
        and getattr(known.get(s.kind), "release_calendar", False)
        else s
        for s in cfg.sources
    ]
    return replace(cfg, sources=sources) if sources != cfg.sources else cfg


def parse_config(text: str, origin: str = "<config>") -> Config:
    """Parse TOML text into a validated Config; errors name `origin` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    try:
        cfg = _default_schedules(_build(Config, data, ""))
        _validate(cfg)
    except _Invalid as exc:
        got = exc.got if exc.got in ("unknown key", "nothing") else _describe(exc.got)
        raise ConfigError(f"{origin}: {exc.key}: expected {exc.expected}, got {got}") from None
    return cfg


def load_config(path: Path | None = None) -> Config:
    """Read the config file (default config/tracker.toml) and validate it."""
    path = path or DEFAULT_CONFIG_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (use --config PATH)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    cfg = parse_config(text, str(path))
    from tracker.redact import register_config_secrets

    register_config_secrets(cfg)  # from here on, no log line or error text can carry them
    return Config(**{f.name: getattr(cfg, f.name) for f in fields(cfg) if f.name != "path"}, path=path)


def iter_reference(cls: type = Config, prefix: str = "") -> typing.Iterator[tuple[str, str, str, str]]:
    """Yield (key, type, default, help) for every config key: the generated reference."""
    hints = get_type_hints(cls)
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        tp = hints[f.name]
        key = f"{prefix}{f.name}"
        origin = get_origin(tp)
        if origin is list and is_dataclass(get_args(tp)[0]):
            yield from iter_reference(get_args(tp)[0], f"{key}[].")
            continue
        if is_dataclass(tp):
            yield from iter_reference(cast(type, tp), f"{key}.")
            continue
        if f.default is not MISSING:
            default = repr(str(f.default) if isinstance(f.default, Path) else f.default)
        elif f.default_factory is not MISSING:
            default = repr(f.default_factory())
        else:
            default = "required"
        name = getattr(tp, "__name__", None) or str(tp).replace("typing.", "")
        text = f.metadata.get("help", "")
        yield key, str(name), default, text() if callable(text) else text
