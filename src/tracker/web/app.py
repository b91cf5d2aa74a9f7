"""The front page on Datasette: tracker's routes as a plugin beside Datasette's own pages.

`/` (home), `/month/YYYY-MM` (a month's provenance), `/feed.atom` (events) and `/chart.svg`
are ours; `/<db>/latest_series.json|csv` and every table are Datasette's. The database is
opened read-only by Datasette (mode=ro, not immutable), so the daemon keeps writing while the
page is served and every request sees the latest commit.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlite_utils import Database

from tracker.deliver.wording import rule_label
from tracker.errors import UsageError
from tracker.model import Period, PeriodKind
from tracker.nextdue import NextDue, next_due
from tracker.store import Store
from tracker.web import data
from tracker.web.atom import FEED_PATH, feed_xml
from tracker.web.i18n import (
    LANGS,
    RTL,
    cadence_text,
    kind_label,
    month_name,
    period_label,
    rule_label_ur,
    translator,
)
from tracker.web.svg import Point, chart_svg

PLUGIN_NAME = "tracker-web"
CHART_SINCE = "2021-07"


@dataclass(frozen=True)
class WebSettings:
    """What the pages need besides the database (from the config)."""

    timezone: str = "Asia/Karachi"
    window_first_day: int = 14
    window_last_day: int = 25
    window_minutes: int = 30


_env = Environment(loader=PackageLoader("tracker.web", "templates"), autoescape=select_autoescape(["html"]))


def _settings(datasette: Datasette) -> WebSettings:
    return getattr(datasette, "tracker_settings", WebSettings())


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _rule_label(rule: str, period: str | None) -> str:
    try:
        return rule_label(rule, Period.parse(period) if period else None)
    except UsageError:
        return rule


def _change(now: float, before: float) -> str:
    if not before:
        return ""
    return f"{(now / before - 1) * 100:+.1f}%"


async def _read(datasette: Datasette, fn: Any) -> Any:
    """Run fn(Store) on one of Datasette's read-only connections."""
    db = datasette.get_database()
    return await db.execute_fn(lambda conn: fn(Store(Database(conn), None)))


def _context(datasette: Datasette, request: Any) -> dict[str, Any]:
    lang = request.args.get("lang") or "en"
    lang = lang if lang in LANGS else "en"
    q = "?lang=ur" if lang == "ur" else ""
    db = datasette.get_database().name
    series_q = "series=it_exports&period__notlike=FY%25"  # the monthly series
    return {
        "lang": lang,
        "rtl": lang in RTL,
        "t": translator(lang),
        "fmt": _fmt,
        "change": _change,
        "plabel": lambda p: period_label(p, lang),
        "rlabel": lambda rule, p: (lang == "ur" and rule_label_ur(rule, p)) or _rule_label(rule, p),
        "klabel": lambda kind: kind_label(kind, lang),
        "last_month": lambda p: str(Period.from_index(Period.parse(p).last)),
        "mname": lambda p: month_name(Period.parse(p).month_number, lang),
        "month_url": lambda p: datasette.urls.path(f"/month/{p}{q}"),
        "home_url": datasette.urls.path(f"/{q}"),
        "feed_url": datasette.urls.path(FEED_PATH),
        "db_url": datasette.urls.database(db),
        "data_json": datasette.urls.table(db, "latest_series", format="json")
        + "?"
        + series_q
        + "&_shape=array&_size=max",
        "data_csv": datasette.urls.table(db, "latest_series", format="csv") + "?" + series_q + "&_size=max",
    }


def _points(months: list[Any]) -> list[Point]:
    return [
        Point(Period.parse(v.period), v.value_usd_millions, v.status == "P" or v.authority == "news")
        for v in months
        if v.period >= CHART_SINCE
    ]


def _due(datasette: Datasette, months: list[Any]) -> NextDue:
    s = _settings(datasette)
    return next_due(
        datetime.now(ZoneInfo(s.timezone)),
        data.latest_official(months),
        window_first_day=s.window_first_day,
        window_last_day=s.window_last_day,
        window_minutes=s.window_minutes,
    )


async def home(datasette: Datasette, request: Any) -> Response:
    ctx = _context(datasette, request)
    home_data = await _read(datasette, data.home)
    t = ctx["t"]
    due = _due(datasette, home_data.months)
    chart = chart_svg(
        _points(home_data.months),
        credit=t("credit"),
        legend=(t("legend_record"), t("legend_prov")),
        rtl=ctx["rtl"],
        title=t("chart"),
    )
    html = _env.get_template("home.html").render(
        home=home_data, chart=chart, due=due, cadence=cadence_text(due.cadence_minutes, ctx["lang"]), **ctx
    )
    return Response.html(html)


async def month(datasette: Datasette, request: Any) -> Response:
    ctx = _context(datasette, request)
    text = request.url_vars["period"]
    try:
        period = Period.parse(text)
    except UsageError:
        period = None
    if period is None or period.kind is not PeriodKind.MONTH:
        return Response.text(f"not a month: {text} (expected YYYY-MM)", status=404)
    md = await _read(datasette, lambda s: data.month(s, period))
    if not md.vintages and not md.observations:
        return Response.text(f"nothing is known about {text}", status=404)
    return Response.html(_env.get_template("month.html").render(md=md, **ctx))


async def feed(datasette: Datasette, request: Any) -> Response:
    events = await _read(datasette, data.feed_events)
    base = datasette.absolute_url(request, "/").rstrip("/")
    xml = feed_xml(events, base_url=base, title="Pakistan IT exports: records and releases")
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


async def chart(datasette: Datasette, request: Any) -> Response:
    months = await _read(datasette, lambda s: s.canonical_months(data.SERIES))
    t = translator("en")
    svg = chart_svg(
        _points(months), credit=t("credit"), legend=(t("legend_record"), t("legend_prov")), title=t("chart")
    )
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


class _Plugin:
    """Datasette hook implementations (registered once per process)."""

    @staticmethod
    @hookimpl
    def register_routes() -> list[tuple[str, Any]]:
        return [
            (r"^/$", home),
            (r"^/month/(?P<period>[^/]+)$", month),
            (r"^/feed\.atom$", feed),
            (r"^/chart\.svg$", chart),
        ]


def _register() -> None:
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(_Plugin, name=PLUGIN_NAME)


def check_database(path: Path) -> None:
    """Fail early, in one line, on a path that is not an existing tracker database."""
    if not path.is_file():
        raise UsageError(f"{path}: no such database (create one with `tracker backfill` or `tracker run`)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT 1 FROM vintages LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{path}: not a tracker database ({exc})") from None


def load_metadata(file: Path, db_path: Path) -> dict[str, Any]:
    """Datasette metadata (metadata.yml) with its `tracker` database renamed after `db_path`."""
    import yaml

    try:
        meta = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"{file}: cannot read Datasette metadata: {exc}") from None
    dbs = meta.get("databases") or {}
    if "tracker" in dbs and db_path.stem != "tracker":
        dbs[db_path.stem] = dbs.pop("tracker")
    return meta


def make_datasette(
    path: Path, settings: WebSettings | None = None, metadata: dict[str, Any] | None = None
) -> Datasette:
    """A Datasette over the database at `path` (read-only) with tracker's pages."""
    _register()
    ds = Datasette(
        files=[str(path)],
        metadata=metadata or {},
        settings={"default_page_size": 100, "sql_time_limit_ms": 3000},
    )
    ds.tracker_settings = settings or WebSettings()  # type: ignore[attr-defined]
    return ds
