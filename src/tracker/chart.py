"""`tracker chart`: the monthly series as a PNG/SVG, with fiscal years, records and provisional months.

matplotlib is an optional extra (`pip install 'tracker[chart]'`), imported only when a chart
is drawn. Records are recomputed from the canonical series being drawn (a month above every
earlier month), so the marks always agree with the plotted values, revisions included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError, UsageError
from tracker.export import export_rows
from tracker.model import Period
from tracker.store import Store

FORMATS = (".png", ".svg")
TITLE = "Pakistan IT exports (SBP ICT credit), US$ millions"
CREDIT = "Source: State Bank of Pakistan (SBP) releases and Pakistani news, via tracker."
INSTALL_HINT = "tracker chart needs matplotlib: pip install 'tracker[chart]'"

FIRM, PROVISIONAL, RECORD, BAND = "#1f4e79", "#6f8fb0", "#c0392b", "#eef1f5"


@dataclass(frozen=True)
class Month:
    period: Period
    value: float
    provisional: bool  # SBP's P figure, or a news consensus not yet confirmed

    @property
    def day(self) -> date:
        return date(self.period.year, self.period.month_number, 1)


@dataclass(frozen=True)
class ChartResult:
    path: Path
    months: int
    records: list[Month]


def load_months(store: Store, series: str) -> list[Month]:
    """The canonical monthly values of a series, oldest first."""
    return [
        Month(
            Period.parse(r["period"]),
            float(r["value_usd_millions"]),
            r["status"] == "P" or r["authority"] == "news",
        )
        for r in export_rows(store, series)
        if r["period_kind"] == "month"
    ]


def record_months(months: list[Month]) -> list[Month]:
    """Months above every earlier month (all-time highs), over the whole history."""
    best: float | None = None
    found = []
    for m in months:
        if best is None or m.value > best:
            if best is not None:
                found.append(m)
            best = m.value
    return found


def _matplotlib() -> Any:
    """matplotlib's Figure class, or a one-line error telling how to install it."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return Figure


def _money(v: float) -> str:
    return f"${v:,.0f}M"


def render_chart(
    store: Store, output: Path, *, series: str = "it_exports", since: Period | None = None
) -> ChartResult:
    """Draw the series to `output` (.png or .svg) and say what was drawn."""
    if output.suffix.lower() not in FORMATS:
        raise UsageError(f"{output}: the chart is written as .png or .svg")
    everything = load_months(store, series)
    months = [m for m in everything if since is None or m.period.first >= since.first]
    if not months:
        raise UsageError(f"no monthly {series} values" + (f" since {since}" if since else ""))
    records = [m for m in record_months(everything) if m in months]
    figure_cls = _matplotlib()
    fig = figure_cls(figsize=(12, 5.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    _draw(ax, months, records, max(everything, key=lambda m: m.value), series)
    fig.supxlabel(CREDIT, x=0.01, ha="left", fontsize=8, color="#555555")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(output, format=output.suffix.lower()[1:], metadata={"Title": TITLE})
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the chart: {exc.strerror or exc}") from None
    return ChartResult(output, len(months), records)


def _fiscal_bands(ax: Any, months: list[Month]) -> None:
    """Shade alternate fiscal years (July–June) and name each one along the top."""
    first_fy, last_fy = months[0].period.fy, months[-1].period.fy
    left, right = _month_edge(months[0].period.first), _month_edge(months[-1].period.first + 1)
    for fy in range(first_fy, last_fy + 1):
        start = max(_month_edge(Period.fiscal_year(fy).first), left)
        end = min(_month_edge(Period.fiscal_year(fy).last + 1), right)
        if fy % 2 == 0:
            ax.axvspan(start, end, color=BAND, zorder=0, linewidth=0)
        mid = start + (end - start) / 2
        if (end - start).days > 75:  # no label on a sliver of a year
            ax.text(
                mid,
                1.005,
                f"FY{fy % 100:02d}",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=8.5,
                color="#555555",
            )


def _month_edge(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _labelled(records: list[Month], min_gap_months: int = 4) -> list[Month]:
    """The records that get a value label: the latest, then any far enough from the next one."""
    kept: list[Month] = []
    for m in reversed(records):
        if not kept or kept[-1].period.first - m.period.first >= min_gap_months:
            kept.append(m)
    return kept


def _draw(ax: Any, months: list[Month], records: list[Month], best: Month, series: str) -> None:
    from matplotlib.dates import DateFormatter, MonthLocator, YearLocator

    _fiscal_bands(ax, months)
    xs = [m.day for m in months]
    ys = [m.value for m in months]
    for a, b in pairwise(months):  # no line across a missing month; dashed into a provisional one
        if b.period.first - a.period.first != 1:
            continue
        ax.plot(
            [a.day, b.day],
            [a.value, b.value],
            color=FIRM,
            linewidth=1.6,
            zorder=2,
            linestyle=(0, (3, 2)) if b.provisional else "-",
        )
    firm = [m for m in months if not m.provisional]
    prov = [m for m in months if m.provisional]
    ax.scatter(
        [m.day for m in firm], [m.value for m in firm], s=16, color=FIRM, zorder=3, label="monthly value"
    )
    if prov:
        ax.scatter(
            [m.day for m in prov],
            [m.value for m in prov],
            s=42,
            facecolors="white",
            edgecolors=FIRM,
            linewidths=1.4,
            zorder=4,
            label="provisional (SBP P or news, unconfirmed)",
        )
    firm_rec = [m for m in records if not m.provisional]
    prov_rec = [m for m in records if m.provisional]
    ax.scatter(
        [m.day for m in firm_rec],
        [m.value for m in firm_rec],
        s=80,
        marker="*",
        color=RECORD,
        zorder=5,
        label="new all-time high",
    )
    if prov_rec:  # a hollow star: a record on a provisional value
        ax.scatter(
            [m.day for m in prov_rec],
            [m.value for m in prov_rec],
            s=110,
            marker="*",
            facecolors="white",
            edgecolors=RECORD,
            linewidths=1.3,
            zorder=5,
            label="new all-time high, provisional",
        )
    for m in _labelled(records):
        ax.annotate(
            _money(m.value),
            (m.day, m.value),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=RECORD,
            zorder=6,
        )
    ax.axhline(
        best.value,
        color=RECORD,
        linewidth=0.9,
        linestyle=(0, (6, 3)),
        zorder=1,
        label=f"current record: {_money(best.value)} ({best.period.short_label()})",
    )
    ax.set_xlim(_month_edge(months[0].period.first - 1), _month_edge(months[-1].period.first + 2))
    ax.set_ylim(0, max(ys) * 1.16)
    span_years = (xs[-1] - xs[0]).days / 365
    ax.xaxis.set_major_locator(YearLocator() if span_years > 3 else MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(DateFormatter("%Y" if span_years > 3 else "%b %Y"))
    ax.xaxis.set_minor_locator(MonthLocator())
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("US$ millions per month")
    ax.set_xlabel("month (shaded bands: alternate fiscal years, July–June)")
    name = "IT exports (SBP ICT credit)" if series == "it_exports" else series.replace("_", " ")
    ax.set_title(
        f"Pakistan {name}, monthly, {months[0].period.short_label()} – {months[-1].period.short_label()}",
        loc="left",
        fontsize=12,
        pad=16,
    )
    ax.legend(loc="lower right", fontsize=8.5, frameon=True, framealpha=0.9, edgecolor="#dddddd")
