"""`tracker export` (the series or every vintage, as CSV/JSON) and `tracker chart` (PNG/SVG)."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.base import AppContext, main, pass_app
from tracker.errors import UsageError
from tracker.model import Period, PeriodKind, Series

SERIES_CHOICE = click.Choice([s.value for s in Series])


def _write(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option("--vintages", is_flag=True, help="Every vintage, not only the canonical value.")
@click.option("--series", type=SERIES_CHOICE, default="it_exports", show_default=True)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="The series as known then: 2026-01-15 (end of that day, UTC) or an ISO date-time with offset.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout)."
)
@pass_app
def export(
    app: AppContext, fmt: str, vintages: bool, series: str, as_of: str | None, output: Path | None
) -> None:
    """The canonical series (or every vintage) with status, authority, source and document URL."""
    from tracker.export import export_rows, parse_as_of, to_csv, to_json

    rows = export_rows(app.store, series, vintages=vintages, as_of=parse_as_of(as_of) if as_of else None)
    _write(to_csv(rows) if fmt == "csv" else to_json(rows), output)
    if output is not None and str(output) != "-":
        click.echo(f"wrote {len(rows)} rows to {output}", err=True)


def _month(text: str | None) -> Period | None:
    if text is None:
        return None
    period = Period.parse(text)
    if period.kind is not PeriodKind.MONTH:
        raise UsageError(f"--since {text!r}: expected a month like 2021-07")
    return period


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.png or FILE.svg (default: SERIES.png beside the database, not in the current directory).",
)
@click.option("--since", metavar="MONTH", help="First month drawn, e.g. 2021-07.")
@click.option("--series", type=SERIES_CHOICE, default="it_exports", show_default=True)
@pass_app
def chart(app: AppContext, output: Path | None, since: str | None, series: str) -> None:
    """Draw the monthly series: fiscal years shaded, records marked, provisional months hollow."""
    from tracker.chart import render_chart

    if output is None:
        db = app.database_path
        output = Path(db).parent / f"{series}.png"

    result = render_chart(app.store, output, series=series, since=_month(since))
    click.echo(f"wrote {result.path} ({result.months} months, {len(result.records)} records)")
