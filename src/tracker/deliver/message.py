"""Alert messages: an Event plus context becomes an AlertMessage, rendered by Jinja2 templates.

Templates are validated when loaded (by rendering every kind of sample message), so a template
that loads cannot fail at send time with a message built by `build_message`.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from tracker.deliver.wording import (
    PRODUCT,
    CorrectionWords,
    decimals_for,
    fiscal_note,
    headline,
    pct,
    rule_label,
    sbp_status,
    status_of,
    summary,
    usd,
    usd_signed,
)
from tracker.errors import ConfigError, DeliveryError
from tracker.model import Event, EventKind, Period, Series

TEMPLATE_NAMES = ("subject", "text", "html")
_TEMPLATE_FILES = {"subject": "subject.txt.j2", "text": "body.txt.j2", "html": "body.html.j2"}

_SERIES_LABELS = {Series.IT_EXPORTS: "IT exports (SBP telecom, computer & information services)"}


@dataclass(frozen=True)
class Source:
    """A document behind a figure, so readers can check it themselves."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Comparison:
    """A reference value (a month earlier, a year earlier) the alert compares against."""

    period: Period
    value_usd_millions: float


@dataclass(frozen=True)
class MessageContext:
    """What the event alone does not carry: comparisons, sources, test flag, detection time."""

    month_on_month: Comparison | None = None
    year_on_year: Comparison | None = None
    sources: Sequence[Source] = ()
    test: bool = False
    detected_at: datetime | None = None
    announced_usd_millions: float | None = None  # a correction: what the earlier alert said
    record_now: Comparison | None = None  # a correction: who holds that record now


@dataclass(frozen=True)
class Reference:
    """A value in a period, as shown to readers (e.g. who holds a record now)."""

    period: str
    label: str
    value_usd_millions: float


@dataclass(frozen=True)
class Change:
    """A value compared with a reference: absolute and relative difference."""

    period: str  # canonical, e.g. "2025-10"
    label: str  # short human label, e.g. "Oct 2025"
    value_usd_millions: float
    change_usd_millions: float
    change_percent: float | None  # None when the reference is zero


@dataclass(frozen=True)
class AlertMessage:
    """Everything a template or payload needs, in plain strings and numbers."""

    key: str
    kind: str
    rule: str
    rule_label: str
    series: str
    series_label: str
    period: str | None
    period_label: str | None
    period_short: str | None
    value_usd_millions: float | None
    value_text: str | None
    previous_best: Change | None
    previous_best_text: str | None
    month_on_month: Change | None
    year_on_year: Change | None
    status: str | None  # "provisional" (news, or SBP's P) | "official" | None (admin)
    status_wording: str
    sbp_status: str | None  # "P" | "R" | "final" | "none"; None for admin notices
    authority: str | None  # "official" (SBP) | "bundled" (shipped history) | "news"
    sources: tuple[Source, ...]
    headline: str
    summary: str
    detail: str
    test: bool
    detected_at: str  # ISO 8601 UTC
    announced_usd_millions: float | None = None  # a correction: the value first announced
    record_now: Reference | None = None  # a correction: who holds the record now
    fiscal_note: str = ""  # what "FY2027" means, when the message names a fiscal year
    intro: str = ""  # a digest: one sentence naming every alert of the release
    parts: tuple[AlertMessage, ...] = ()  # a digest: every alert of the release, lead first

    def event_payload(self) -> dict[str, Any]:
        """This alert alone as a JSON-ready dict (no digest fields)."""
        data = asdict(self)
        for name in ("parts", "intro", "fiscal_note"):
            data.pop(name)
        data["sources"] = [asdict(s) for s in self.sources]
        return data

    def payload(self) -> dict[str, Any]:
        """The JSON-ready dict sent by webhooks (`data` of the Standard Webhooks envelope):
        the lead alert's fields (for a digest, `key` is the digest's id), plus `events`
        (every alert of the release, lead first) and `keys` (their event keys)."""
        data = self.event_payload()
        events = [m.event_payload() for m in (self.parts or (self,))]
        data["keys"] = [e["key"] for e in events]
        data["events"] = events
        data["intro"] = self.intro
        data["fiscal_note"] = self.fiscal_note
        return data


@dataclass(frozen=True)
class RenderedMessage:
    """A message ready for any channel: subject line, plain text, HTML and JSON payload."""

    subject: str
    text: str
    html: str
    payload: dict[str, Any] = field(default_factory=dict)


def _change(value: float, ref_period: Period, ref_value: float) -> Change:
    diff = round(value - ref_value, 3)
    percent = round(diff / ref_value * 100, 2) if ref_value else None
    return Change(str(ref_period), ref_period.short_label(), ref_value, diff, percent)


def _safe_source(source: Source) -> Source:
    """Keep only http(s) links, so a bad URL cannot become a `javascript:` link in HTML."""
    url = source.url if source.url and re.match(r"https?://", source.url, re.I) else None
    return Source(source.name, url)


def build_message(event: Event, context: MessageContext | None = None) -> AlertMessage:
    """Turn a detected event (plus comparisons and sources) into an AlertMessage."""
    ctx = context or MessageContext()
    value = event.value_usd_millions
    prev_value = event.previous_value_usd_millions
    prev_period = event.previous_period
    decimals = decimals_for(value, prev_value) if value is not None else 0
    value_text = usd(value, decimals) if value is not None else None
    best = None
    prev_text = None
    if prev_value is not None and prev_period is not None:
        prev_text = f"{usd(prev_value, decimals)}, {prev_period.short_label()}"
        if value is not None:
            best = _change(value, prev_period, prev_value)
    mom = yoy = None
    if value is not None and ctx.month_on_month is not None:
        c = ctx.month_on_month
        mom = _change(value, c.period, c.value_usd_millions)
    if value is not None and ctx.year_on_year is not None:
        c = ctx.year_on_year
        yoy = _change(value, c.period, c.value_usd_millions)
    status, wording = status_of(event)
    announced = ctx.announced_usd_millions if event.kind is EventKind.CORRECTION else None
    holder = ctx.record_now if event.kind is EventKind.CORRECTION else None
    words = CorrectionWords(
        usd(announced, decimals_for(announced, value)) if announced is not None else None,
        f"{usd(holder.value_usd_millions)}, {holder.period.short_label()}" if holder else None,
    )
    text = summary(event, value_text, prev_text, words)
    detected = ctx.detected_at or datetime.now(UTC)
    if detected.tzinfo is None:
        detected = detected.replace(tzinfo=UTC)
    series = Series(event.series)
    return AlertMessage(
        key=event.key,
        kind=str(event.kind),
        rule=event.rule,
        rule_label=rule_label(event.rule, event.period),
        series=str(series),
        series_label=_SERIES_LABELS.get(series, series.replace("_", " ")),
        period=str(event.period) if event.period else None,
        period_label=event.period.label() if event.period else None,
        period_short=event.period.short_label() if event.period else None,
        value_usd_millions=value,
        value_text=value_text,
        previous_best=best,
        previous_best_text=prev_text,
        month_on_month=mom,
        year_on_year=yoy,
        status=status,
        status_wording=wording,
        sbp_status=sbp_status(event),
        authority=str(event.authority) if event.authority else None,
        sources=tuple(_safe_source(s) for s in ctx.sources),
        headline=headline(event, value_text, prev_text, words),
        summary=text,
        detail=event.message if event.kind is not EventKind.ADMIN and event.message != text else "",
        test=ctx.test,
        detected_at=detected.astimezone(UTC).isoformat(timespec="seconds"),
        announced_usd_millions=announced,
        record_now=Reference(str(holder.period), holder.period.short_label(), holder.value_usd_millions)
        if holder
        else None,
        fiscal_note=fiscal_note(event.period, event.previous_period),
    )


class Channel(Protocol):
    """What the outbox sender needs from a channel: a name and a send that raises on failure."""

    name: str

    def send(self, rendered: RenderedMessage, idempotency_key: str) -> None:
        """Deliver once; raise DeliveryError (one line, no secrets) on any failure."""
        ...


# -- templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Templates:
    """The three compiled templates (subject, text, html), already validated."""

    subject: jinja2.Template
    text: jinja2.Template
    html: jinja2.Template
    origins: Mapping[str, str]  # template name -> "default" or the override path

    def get(self, name: str) -> jinja2.Template:
        return {"subject": self.subject, "text": self.text, "html": self.html}[name]


def _environment(autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(usd=usd, usd_signed=usd_signed, pct=pct)
    env.globals.update(product=PRODUCT)
    return env


def _default_source(name: str) -> str:
    folder = importlib.resources.files("tracker.deliver").joinpath("templates")
    resource = folder.joinpath(_TEMPLATE_FILES[name])
    return resource.read_text(encoding="utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _render_one(templates: Templates, name: str, message: AlertMessage) -> str:
    out = templates.get(name).render(message=message, m=message)
    return _one_line(out) if name == "subject" else out


def load_templates(overrides: Mapping[str, str] | None = None) -> Templates:
    """Compile the shipped templates, replacing any named in `overrides` by the file at its path.

    Every template is rendered against sample messages of every kind; any failure (missing
    file, syntax error, unknown variable, empty subject) raises ConfigError naming the template.
    """
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(TEMPLATE_NAMES))
    if unknown:
        raise ConfigError(
            f"unknown alert template {unknown[0]!r} (expected one of: {', '.join(TEMPLATE_NAMES)})"
        )
    compiled: dict[str, jinja2.Template] = {}
    origins: dict[str, str] = {}
    for name in TEMPLATE_NAMES:
        path = overrides.get(name)
        origin = str(path) if path else "default"
        try:
            source = Path(path).read_text(encoding="utf-8") if path else _default_source(name)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"alert template {name!r}: cannot read {origin}: {exc.__class__.__name__}"
            ) from None
        try:
            compiled[name] = _environment(autoescape=name == "html").from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(
                f"alert template {name!r} ({origin}) line {exc.lineno}: "
                f"{_one_line(exc.message or 'syntax error')}"
            ) from None
        origins[name] = origin
    templates = Templates(compiled["subject"], compiled["text"], compiled["html"], origins)
    from tracker.deliver.samples import sample_messages  # samples are built from this module

    for message in sample_messages():
        for name in TEMPLATE_NAMES:
            try:
                out = _render_one(templates, name, message)
            except Exception as exc:  # any template failure is a config problem
                raise ConfigError(
                    f"alert template {name!r} ({origins[name]}) fails on a {message.kind} "
                    f"message: {exc.__class__.__name__}: {_one_line(str(exc))[:200]}"
                ) from None
            if not out.strip():
                raise ConfigError(
                    f"alert template {name!r} ({origins[name]}) renders empty for a {message.kind} message"
                )
    return templates


def render(message: AlertMessage, templates: Templates | None = None) -> RenderedMessage:
    """Render subject (one line), text and HTML, and build the JSON payload."""
    tpl = templates or default_templates()
    try:
        subject, text, html = (_render_one(tpl, n, message) for n in TEMPLATE_NAMES)
    except Exception as exc:  # unreachable for validated templates; keep it one line anyway
        raise DeliveryError(f"rendering alert {message.key!r} failed: {exc.__class__.__name__}") from None
    if message.test:  # an override template must not be able to hide that this is a test
        subject = subject if "TEST" in subject else f"[TEST] {subject}"
        text = text if "TEST" in text else f"TEST MESSAGE\n\n{text}"
        html = html if "TEST" in html else f"<p><strong>TEST MESSAGE</strong></p>\n{html}"
    payload: dict[str, Any] = {
        "type": f"tracker.{message.kind}",
        "timestamp": message.detected_at,
        "data": message.payload(),
    }
    payload["data"]["subject"] = subject
    return RenderedMessage(subject=subject, text=text, html=html, payload=payload)


_DEFAULTS: list[Templates] = []


def default_templates() -> Templates:
    """The shipped templates, loaded and validated once per process."""
    if not _DEFAULTS:
        _DEFAULTS.append(load_templates())
    return _DEFAULTS[0]
