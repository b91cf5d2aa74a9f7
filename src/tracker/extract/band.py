"""The plausibility band: the last check on an IT-export figure, after the grammar has spoken.

The grammar decides what a sentence states; the band only catches what no grammar can see: a
unit typo ("$20mn" for $201m), a country's total exports called just "exports", a multi-month
total behind "during this time". docs/EXTRACTION.md says what it catches on news-dev and how
it ages.
"""

from __future__ import annotations

from tracker.model import Period, Series

# The last fiscal year the curve was checked against SBP's series (FY2026: ~$308m a month
# expected, $354–437m reported). Past it the lower edge stops rising and the upper edge
# widens by 30% a year, so an unforeseen boom or slump is let through rather than dropped.
CALIBRATED_THROUGH = 2026
LOW, HIGH = 0.45, 2.2
WIDEN_PER_YEAR = 1.3


def typical_monthly(fy: int) -> float:
    """Coarse order of magnitude of a month of Pakistan's ICT exports: ~$120m in FY2020, +17%/yr.

    Frozen after `CALIBRATED_THROUGH`; only used to reject impossible values, never to choose
    between plausible ones.
    """
    return 120.0 * 1.17 ** (min(fy, CALIBRATED_THROUGH) - 2020)


def plausible(series: Series, period: Period, value: float) -> bool:
    """A wide band around the expected size; outside it the text has a typo or a misreading."""
    if value <= 0.001 or value >= 100_000:
        return False
    if series is not Series.IT_EXPORTS:
        return True
    expected = typical_monthly(period.fy) * period.length
    widen = WIDEN_PER_YEAR ** max(0, period.fy - CALIBRATED_THROUGH)
    return LOW * expected <= value <= HIGH * expected * widen
