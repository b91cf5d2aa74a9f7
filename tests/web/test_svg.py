"""The server-side SVG chart: records, provisional months, gaps, the source line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tracker.model import Period
from tracker.web.svg import Point, chart_svg

NS = "{http://www.w3.org/2000/svg}"


def _points(values: dict[str, tuple[float, bool]]) -> list[Point]:
    return [Point(Period.parse(p), v, prov) for p, (v, prov) in values.items()]


def test_records_provisional_months_gap_and_credit() -> None:
    pts = _points(
        {
            "2025-07": (300, False),
            "2025-08": (320, False),
            "2025-09": (310, False),
            "2025-11": (330, False),
            "2025-12": (337, True),
        }
    )
    svg = ET.fromstring(chart_svg(pts, credit="Source: SBP", legend=("record", "provisional")))
    circles = svg.iter(f"{NS}circle")
    records = [c for c in circles if c.get("class") == "record"]
    assert len(records) == 3  # Aug, Nov, Dec beat every earlier month
    assert records[-1].get("fill") == "#fff"  # Dec is provisional: a ring, not a dot
    path = next(svg.iter(f"{NS}path")).get("d")
    assert path.count("M") == 2  # October is missing: the line breaks
    credit = [t for t in svg.iter(f"{NS}text") if t.get("class") == "credit"]
    assert credit and credit[0].text == "Source: SBP"
    assert [t.text for t in svg.iter(f"{NS}text") if t.get("class") == "high-label"] == ["$337M"]


def test_nothing_to_draw() -> None:
    assert chart_svg([], credit="x", legend=("a", "b")) == ""
