"""The monthly series as inline SVG, drawn server-side with no dependency and no script.

All-time records are red dots, provisional or news-only months hollow, fiscal years banded,
the all-time high a dashed line; a source line sits under the plot. Only the latest month and
the record carry value labels, placed so they do not collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tracker.model import Period

W, H = 920, 380
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 28, 70
FIRM, PROVISIONAL, RECORD, BAND, GRID = "#1f4e79", "#6f8fb0", "#c0392b", "#eef1f5", "#d5dbe3"


@dataclass(frozen=True)
class Point:
    period: Period
    value: float
    provisional: bool


def _nice_step(span: float) -> float:
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if span / step <= 6:
            return float(step)
    return 2000.0


def chart_svg(
    points: list[Point], *, credit: str, legend: tuple[str, str], rtl: bool = False, title: str = ""
) -> str:
    """An SVG document (as text) of `points`, oldest first; '' when there is nothing to draw."""
    if not points:
        return ""
    lo_i, hi_i = points[0].period.first, points[-1].period.first
    vmax = max(p.value for p in points)
    step = _nice_step(vmax)
    top = step * (int(vmax // step) + 1)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(p: Period) -> float:
        return LEFT + (p.first - lo_i) / max(1, hi_i - lo_i) * pw

    def y(v: float) -> float:
        return TOP + ph - v / top * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(title)}" class="chart" direction="ltr" '
        'font-family="sans-serif" font-size="12">'
    ]
    # fiscal-year bands (July to June) and their labels
    fy = points[0].period.fy
    while True:
        start = Period.fytd(fy, 7).first
        end = start + 11
        if start > hi_i:
            break
        x0 = LEFT + max(0, start - lo_i) / max(1, hi_i - lo_i) * pw
        x1 = LEFT + min(hi_i - lo_i, end - lo_i + 1) / max(1, hi_i - lo_i) * pw
        if fy % 2 == 0 and x1 > x0:
            out.append(f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{ph}" fill="{BAND}"/>')
        if x1 - x0 > 40:
            out.append(
                f'<text x="{(x0 + x1) / 2:.1f}" y="{TOP + ph + 16}" text-anchor="middle" '
                f'fill="#555">FY{fy % 100:02d}</text>'
            )
        fy += 1
    # value grid
    v = 0.0
    while v <= top:
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{v:g}</text>')
        v += step
    # the line, then the dots
    # a missing month breaks the line instead of bridging the gap
    path = " ".join(
        f"{'M' if i == 0 or p.period.first != points[i - 1].period.first + 1 else 'L'}"
        f"{x(p.period):.1f},{y(p.value):.1f}"
        for i, p in enumerate(points)
    )
    out.append(f'<path d="{path}" fill="none" stroke="{FIRM}" stroke-width="1.8"/>')
    best = None
    records: list[Point] = []
    for p in points:
        if best is None or p.value > best:
            if best is not None:
                records.append(p)
            best = p.value
    record_set = {p.period for p in records}
    for p in points:
        cx, cy = x(p.period), y(p.value)
        tip = f"<title>{p.period.short_label()}: ${p.value:g}M</title>"
        if p.period in record_set:  # a provisional record is a red ring
            fill = "#fff" if p.provisional else RECORD
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" '
                f'stroke="{RECORD}" stroke-width="2" class="record">{tip}</circle>'
            )
        elif p.provisional:
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="#fff" '
                f'stroke="{PROVISIONAL}" stroke-width="1.5" class="provisional">{tip}'
                f"</circle>"
            )
        elif len(points) <= 72:
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2" fill="{FIRM}">{tip}</circle>')
    high = max(points, key=lambda p: p.value)
    out.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(high.value):.1f}" '
        f'y2="{y(high.value):.1f}" stroke="{RECORD}" stroke-dasharray="4 4" '
        f'stroke-width="1"/>'
    )
    # labels: the high above its dot; the latest to its left, below if it would collide
    last = points[-1]
    hx, hy = x(high.period), y(high.value)
    h_anchor = "end" if hx > W - RIGHT - 30 else "middle"
    out.append(
        f'<text x="{hx:.1f}" y="{hy - 10:.1f}" text-anchor="{h_anchor}" fill="{RECORD}" '
        f'font-weight="bold" class="high-label">${high.value:g}M</text>'
    )
    if last is not high:
        lx, ly = x(last.period), y(last.value)
        dy = 18 if abs(ly - hy) < 24 else -10
        out.append(
            f'<text x="{lx - 4:.1f}" y="{ly + dy:.1f}" text-anchor="end" fill="{FIRM}" '
            f'font-weight="bold">${last.value:g}M</text>'
        )
    # legend and source line
    ly = H - 30
    # right-to-left labels: their own direction, anchored at their start (the right edge)
    anchor = 'start" direction="rtl' if rtl else "start"
    lx0 = W - RIGHT if rtl else LEFT
    sign = -1 if rtl else 1
    out.append(f'<circle cx="{lx0 + sign * 6}" cy="{ly - 4}" r="4.5" fill="{RECORD}"/>')
    out.append(f'<text x="{lx0 + sign * 16}" y="{ly}" text-anchor="{anchor}">{escape(legend[0])}</text>')
    out.append(
        f'<circle cx="{lx0 + sign * 126}" cy="{ly - 4}" r="3.5" fill="#fff" '
        f'stroke="{PROVISIONAL}" stroke-width="1.5"/>'
    )
    out.append(f'<text x="{lx0 + sign * 136}" y="{ly}" text-anchor="{anchor}">{escape(legend[1])}</text>')
    out.append(
        f'<text x="{lx0}" y="{H - 10}" text-anchor="{anchor}" fill="#555" '
        f'class="credit">{escape(credit)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
