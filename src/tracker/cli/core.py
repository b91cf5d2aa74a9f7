"""Core commands: status, show, import, records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker import views
from tracker.backfill import import_csv_file
from tracker.cli.base import AppContext, main, pass_app
from tracker.cli.output import (
    console,
    echo_json,
    minute,
    money,
    short,
    table,
    unrouted_counts,
    unrouted_line,
)
from tracker.ingest import IngestSettings
from tracker.model import Period, Series

SERIES_CHOICE = click.Choice([s.value for s in Series])
EMPTY_HINT = (
    "none yet: the database is empty; load history with `tracker backfill` "
    "(or `tracker run`, which loads it first)"
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
        "unrouted": unrouted_counts(app),
        "dead_alerts": views.dead_alerts(store),
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
        echo_json(data)
        return
    con = console()
    con.print(f"config: {data['config']}")
    con.print(f"database: {data['database']}")
    lm, rec = data["latest_month"], data["current_record"]
    con.print(
        "latest month: "
        + (
            f"{lm['period']} {money(lm['value_usd_millions'])} ({lm['authority']}, {lm['status']})"
            if lm
            else EMPTY_HINT
        )
    )
    con.print(
        "current record: "
        + (f"{rec['period']} {money(rec['value_usd_millions'])} ({rec['authority']})" if rec else "none yet")
    )
    con.print(f"next figure: {data['next_figure']['text']}")
    con.print(
        table(
            "sources",
            ["name", "kind", "last success", "failures", "last error"],
            [
                [
                    s["name"],
                    s["kind"],
                    s["last_success_at"] or "never",
                    s["consecutive_failures"],
                    short(s["last_error"]),
                ]
                for s in data["sources"]
                if s["kind"] not in ("bundled", "import")
            ],
        )
    )
    con.print(
        table(
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
            f"\n  {h['rule']} {h['period']} {money(h['value_usd_millions'])}: {h['reason']}" for h in recent
        )
    )
    if line := unrouted_line(data["unrouted"]):
        con.print(line)
    if dead := data["dead_alerts"]:
        more = f" ({ob['dead']} in all)" if ob.get("dead", 0) > len(dead) else ""
        con.print(
            "dead alerts: given up, never delivered; `tracker alerts retry ID` tries "
            f"again{more}"
            + "".join(
                f"\n  #{d['id']} {d['channel']}: {d['kind']} {d['rule']} "
                f"{d['period'] or ''} ({short(d['last_error'])})"
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
            echo_json(rows)
            return
        console().print(
            table(
                f"{series} {period}: vintages",
                ["#", "value", "status", "authority", "source", "first seen UTC", "superseded", "document"],
                [
                    [
                        i + 1,
                        money(r["value_usd_millions"]),
                        r["status"],
                        r["authority"],
                        r["source"],
                        minute(r["first_seen_at"]),
                        minute(r["superseded_at"]),
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
        echo_json(rows)
        return
    if not rows:
        click.echo(f"tracker: {series}: {EMPTY_HINT} [database: {store.path}]", err=True)
    console().print(
        table(
            series,
            ["period", "value", "status", "authority", "vintages", "source"],
            [
                [
                    r["period"],
                    money(r["value_usd_millions"]),
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
        echo_json(
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
    console().print(
        table(
            "record events",
            ["rule", "kind", "period", "value", "previous", "historical", "detected"],
            [
                [
                    r["rule"],
                    r["kind"],
                    r["period"],
                    money(r["value_usd_millions"]),
                    f"{r['previous_period'] or ''} {money(r['previous_value_usd_millions'])}".strip(),
                    "yes" if r["historical"] else "no",
                    r["detected_at"],
                ]
                for r in rows
            ],
        )
    )
    if held:
        console().print(
            table(
                "held candidates (never sent until the evidence allows)",
                ["rule", "period", "value", "reason"],
                [[h["rule"], h["period"], money(h["value_usd_millions"]), h["reason"]] for h in held],
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
