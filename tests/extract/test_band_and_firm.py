"""The plausibility band's edges and how they age; `firm` says whether the text states the period."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extract import extract_text
from tracker.extract.band import CALIBRATED_THROUGH, plausible, typical_monthly
from tracker.model import Period, Series


def test_band_rejects_unit_typos_and_keeps_todays_levels() -> None:
    dec = Period.month(2025, 12)
    assert plausible(Series.IT_EXPORTS, dec, 437)
    assert not plausible(Series.IT_EXPORTS, dec, 20)  # "$20mn" for $201m
    assert not plausible(Series.IT_EXPORTS, dec, 2761)  # all goods exports
    assert plausible(Series.OTHER, dec, 2761)  # the band only judges the ICT series


def test_band_lets_a_flat_or_booming_future_through() -> None:
    later = CALIBRATED_THROUGH + 6
    month = Period.month(later, 1)
    flat = typical_monthly(CALIBRATED_THROUGH)  # no growth at all for six years
    boom = typical_monthly(CALIBRATED_THROUGH) * 1.25**6  # 25% a year for six years
    assert plausible(Series.IT_EXPORTS, month, flat)
    assert plausible(Series.IT_EXPORTS, month, boom)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("IT exports were $437 million in December 2025.", True),
        ("IT exports were $437 million in December.", False),  # the page date supplies the year
        ("IT exports rose to $437 million last month.", False),
        ("IT exports were $1.2 billion in the first four months of the current fiscal year.", False),
        ("IT exports were $1.2 billion in 4MFY26.", True),
        ("IT exports were $437m in December 2025, up from $348m a year earlier.", True),
    ],
)
def test_firm_means_the_text_alone_names_the_period(text: str, firm: bool) -> None:
    figs = extract_text(text, date(2026, 1, 20)).figures
    assert figs and all(f.firm is firm for f in figs)


def test_typed_year_corrected_by_the_page_date_is_not_firm() -> None:
    figs = extract_text("IT exports were $212 million for October 2021.", date(2020, 12, 5)).figures
    assert [(str(f.period), f.firm) for f in figs] == [("2020-10", False)]
