"""Whole-article checks on fiscal-year figures: a "fiscal year" that the article itself
shows to be a part of the year (an 11-month total printed as "the fiscal year")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.model import PeriodKind

if TYPE_CHECKING:
    from tracker.extract.figures import Candidate

_NEARLY_WHOLE = 10  # months: July–April or longer


def loose_fiscal_years(kept: list[Candidate]) -> set[int]:
    """Fiscal years whose whole-year figures are doubtful, with their comparison year.

    When an article gives a figure "during the fiscal year 2019-20" and another figure "during
    July-May (2019-20)", the "fiscal year" total is most likely the same 10- or 11-month span
    (a whole year and its nearly-whole part are rarely reported side by side); which one is
    meant is not in the words, so the fiscal-year figures of that year, and of the year
    before (their comparison base), are dropped. Shorter spans (July–November beside last
    year's total) are ordinary and leave the year alone.
    """
    whole = {c.period.fy for c in kept if c.period is not None and c.period.kind is PeriodKind.FISCAL_YEAR}
    part = {
        c.period.fy
        for c in kept
        if c.period is not None
        and c.period.kind is PeriodKind.FYTD
        and _NEARLY_WHOLE <= c.period.last - c.period.first + 1 < 12
    }
    loose = whole & part
    return loose | {fy - 1 for fy in loose}
