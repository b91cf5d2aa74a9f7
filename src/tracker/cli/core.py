"""Core commands: status, show, import, records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tracker import views
from tracker.backfill import import_csv_file
from tracker.cli.base import AppContext, main, pass_app
from tracker.ingest import IngestSettings
from tracker.model import Period, Series

SERIES_CHOICE = click.Choice([s.value for s in Series])
EMPTY_HINT = (
    "none yet: the database is empty; load history with `tracker backfill` "
    "(or `tracker run`, which loads it first)"
)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _money(v: float | None) -> str:
    return "" if v is None else f"${v:,.2f}M".replace(".00M", "M")


def _table(title: str, columns: list[str], rows: list[list[Any]], *, fold: bool = False) -> Table:
    """A rich table; `fold` wraps long cells instead of cutting them off with an ellipsis."""
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold" if fold else "ellipsis")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


def _minute(ts: str | None) -> str:
    """`2026-11-29 05:32` from an ISO timestamp (UTC), so tables fit 80 columns."""
    return (ts or "")[:16].replace("T", " ")


def _short(text: str | None, limit: int = 60) -> str:
    """The first line of an error, cut to `limit` characters (status stays one screen)."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _unrouted(app: AppContext) -> dict[str, int]:
    from datetime import timedelta

    from tracker.deliver.unrouted import unrouted
    from tracker.ingest import ChannelRoute
    from tracker.store import utcnow

    days = app.config.daemon.undelivered_max_age_days
    routes = tuple(
        ChannelRoute(c.name, c.admin, c.unconfirmed, frozenset(c.events)) for c in app.config.channels
    )
    u = unrouted(app.store, utcnow(), timedelta(days=days), routes)
    return {"waiting": u.waiting, "expired": u.expired, "max_age_days": days}


def _unrouted_line(u: dict[str, int]) -> str:
    """Events no channel took: they wait for one (or are too old to send)."""
    parts = []
    if u["waiting"]:
        parts.append(f"{u['waiting']} events waiting for a channel (sent when one is active)")
    if u["expired"]:
        parts.append(
            f"{u['expired']} events older than {u['max_age_days']} days were never "
            "sent (no channel was active) and will not be"
        )
    return "; ".join(parts)


def _dead_alerts(store: Any, limit: int = 5) -> list[dict[str, Any]]:
    """The newest outbox rows given up on, shown whether or not an admin channel exists."""
    return store.rows(  # type: ignore[no-any-return]
        "SELECT o.id, o.channel, o.attempts, o.last_error, e.key, e.kind, e.rule, e.period "
        "FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.status = 'dead' "
        "ORDER BY o.id DESC LIMIT ?",
        (limit,),
    )


def _settings(app: AppContext) -> IngestSettings:
    return IngestSettings.from_config(app.config)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@pass_app
def status(app: AppContext, as_json: bool) -> None:
    """Sources and their last poll, the latest month, the current record, alerts."""
    store = app.store
    for s in app.config.sources:
        store.ensure_source(s.name, s.kind, s.url)
    due = views.next_figure(store, app.config.daemon)
    data: dict[str, Any] = {
        "config": str(app.config.path),
        "database": str(store.path),
        "latest_month": views.latest_month(store),
        "next_figure": due.as_dict() | {"text": due.sentence()},
        "current_record": (r.__dict__ if (r := views.current_record(store)) else None),
        "sources": views.sources(store),
        "outbox": views.outbox_counts(store),
        "unrouted": _unrouted(app),
        "dead_alerts": _dead_alerts(store),
        "open_conflicts": views.open_conflicts(store),
        "held_records": [
            {k: h[k] for k in ("rule", "period", "value_usd_millions", "reason")}
            for h in views.held_records(store)
        ],
        "channels": [
            {"name": c.name, "kind": c.kind, "active": c.is_active(), "missing_env": c.missing_secrets()}
            for c in app.config.channels
        ],
    }
    if as_json:
        _echo_json(data)
        return
    con = _console()
    con.print(f"config: {data['config']}")
    con.print(f"database: {data['database']}")
    lm, rec = data["latest_month"], data["current_record"]
    con.print(
        "latest month: "
        + (
            f"{lm['period']} {_money(lm['value_usd_millions'])} ({lm['authority']}, {lm['status']})"
            if lm
            else EMPTY_HINT
        )
    )
    con.print(
        "current record: "
        + (f"{rec['period']} {_money(rec['value_usd_millions'])} ({rec['authority']})" if rec else "none yet")
    )
    con.print(f"next figure: {data['next_figure']['text']}")
    con.print(
        _table(
            "sources",
            ["name", "kind", "last success", "failures", "last error"],
            [
                [
                    s["name"],
                    s["kind"],
                    s["last_success_at"] or "never",
                    s["consecutive_failures"],
                    _short(s["last_error"]),
                ]
                for s in data["sources"]
                if s["kind"] not in ("bundled", "import")
            ],
        )
    )
    con.print(
        _table(
            "channels",
            ["name", "kind", "active", "missing env"],
            [
                [c["name"], c["kind"], "yes" if c["active"] else "no", ", ".join(c["missing_env"])]
                for c in data["channels"]
            ],
        )
    )
    ob = data["outbox"]
    con.print(
        f"alerts: {ob.get('pending', 0)} pending, {ob.get('sent', 0)} sent, "
        f"{ob.get('dead', 0)} dead; open conflicts: {len(data['open_conflicts'])}"
    )
    recent = [h for h in data["held_records"] if lm and h["period"][:7] >= lm["period"][:7]]
    con.print(
        f"held record candidates: {len(data['held_records'])} "
        f"(never sent; `tracker records` says why)"
        + "".join(
            f"\n  {h['rule']} {h['period']} {_money(h['value_usd_millions'])}: {h['reason']}" for h in recent
        )
    )
    if line := _unrouted_line(data["unrouted"]):
        con.print(line)
    if dead := data["dead_alerts"]:
        more = f" ({ob['dead']} in all)" if ob.get("dead", 0) > len(dead) else ""
        con.print(
            "dead alerts: given up, never delivered; `tracker alerts retry ID` tries "
            f"again{more}"
            + "".join(
                f"\n  #{d['id']} {d['channel']}: {d['kind']} {d['rule']} "
                f"{d['period'] or ''} ({_short(d['last_error'])})"
                for d in dead
            ),
            markup=False,
            highlight=False,
        )


@main.command()
@click.argument("series", type=SERIES_CHOICE, default="it_exports")
@click.option(
    "--vintages", "vintages_of", metavar="PERIOD", help="Show every vintage of one period, e.g. 2025-12."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def show(app: AppContext, series: str, vintages_of: str | None, as_json: bool) -> None:
    """The canonical series: value, status, authority and number of vintages per period."""
    store = app.store
    if vintages_of:
        period = str(Period.parse(vintages_of))
        rows = views.vintage_history(store, series, period)
        if as_json:
            _echo_json(rows)
            return
        _console().print(
            _table(
                f"{series} {period}: vintages",
                ["#", "value", "status", "authority", "source", "first seen UTC", "superseded", "document"],
                [
                    [
                        i + 1,
                        _money(r["value_usd_millions"]),
                        r["status"],
                        r["authority"],
                        r["source"],
                        _minute(r["first_seen_at"]),
                        _minute(r["superseded_at"]),
                        r["document_url"],
                    ]
                    for i, r in enumerate(rows)
                ],
                fold=True,
            )
        )
        return
    rows = views.series_table(store, series)
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        click.echo(f"tracker: {series}: {EMPTY_HINT} [database: {store.path}]", err=True)
    _console().print(
        _table(
            series,
            ["period", "value", "status", "authority", "vintages", "source"],
            [
                [
                    r["period"],
                    _money(r["value_usd_millions"]),
                    r["status"],
                    r["authority"],
                    r["vintages"],
                    r["document_url"] or r["source"],
                ]
                for r in rows
            ],
        )
    )


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--alert", is_flag=True, help="Queue alerts for the events it creates (default: historical, no alerts)."
)
@pass_app
def import_(app: AppContext, file: Path, alert: bool) -> None:
    """Import figures from a CSV (series,period,value_usd_millions[,authority,status,source,
    observed_at]); every row goes through store → reconcile → detect; all or nothing."""
    result = import_csv_file(app.store, file, _settings(app), alert=alert)
    rep = result.report
    click.echo(
        f"imported {result.rows} rows: {rep.observations} new observations, "
        f"{len(rep.revised)} canonical changes, {len(rep.events)} events, "
        f"{rep.queued} alerts queued"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def records(app: AppContext, as_json: bool) -> None:
    """Every record event (rule, period, value, previous best, key), then the candidates held
    back and why (evidence of a higher earlier month, a gap, a conflict, rounding)."""
    rows = views.records(app.store)
    held = views.held_records(app.store)
    if as_json:
        _echo_json(
            [
                {
                    k: r[k]
                    for k in (
                        "rule",
                        "kind",
                        "series",
                        "period",
                        "value_usd_millions",
                        "previous_period",
                        "previous_value_usd_millions",
                        "detected_at",
                        "key",
                    )
                }
                for r in rows
            ]
            + [
                {
                    "rule": h["rule"],
                    "kind": "held",
                    "series": h["series"],
                    "period": h["period"],
                    "value_usd_millions": h["value_usd_millions"],
                    "previous_period": h["previous_period"],
                    "previous_value_usd_millions": h["previous_value_usd_millions"],
                    "detected_at": h["updated_at"],
                    "key": None,
                    "reason": h["reason"],
                }
                for h in held
            ]
        )
        return
    _console().print(
        _table(
            "record events",
            ["rule", "kind", "period", "value", "previous", "historical", "detected"],
            [
                [
                    r["rule"],
                    r["kind"],
                    r["period"],
                    _money(r["value_usd_millions"]),
                    f"{r['previous_period'] or ''} {_money(r['previous_value_usd_millions'])}".strip(),
                    "yes" if r["historical"] else "no",
                    r["detected_at"],
                ]
                for r in rows
            ],
        )
    )
    if held:
        _console().print(
            _table(
                "held candidates (never sent until the evidence allows)",
                ["rule", "period", "value", "reason"],
                [[h["rule"], h["period"], _money(h["value_usd_millions"]), h["reason"]] for h in held],
            )
        )


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def init(directory: Path, force: bool) -> None:
    """Write an editable DIRECTORY/config/tracker.toml and a tracker.env secrets template."""
    from tracker.configfile import init as write_init

    for path in write_init(directory, force=force):
        click.echo(f"wrote {path}")
    click.echo(
        "next: fill in the secrets you use in tracker.env (export them), then "
        "`tracker status`; run it from this directory or pass --config"
    )
