"""The red-team set (tests/extract/redteam_cases.py): precision 1.000 on it_exports; recall reported."""

from __future__ import annotations

from tests.extract.redteam_cases import CASES, Paragraph
from tracker.extract import extract_text

KINDS = {"month", "fytd", "quarter", "fiscal_year"}


def _got(p: Paragraph) -> list[tuple[str, float]]:
    figs = extract_text(p.text, p.published, p.title).figures
    return [
        (str(f.period), f.value_usd_millions)
        for f in figs
        if f.series.value == "it_exports" and f.period.kind.value in KINDS
    ]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.5, 0.005 * abs(b))


def score() -> tuple[int, int, int, list[str]]:
    """(true positives, predicted, labelled, wrong figures described)."""
    tp = pred = true = 0
    wrong: list[str] = []
    for p in CASES:
        true += len(p.truth)
        for period, value in _got(p):
            if period in p.optional and _close(value, p.optional[period]):
                continue
            pred += 1
            if period in p.truth and _close(value, p.truth[period]):
                tp += 1
            else:
                wrong.append(f"{period}={value:g} from {p.text[:90]!r} ({p.published}, {p.title!r})")
    return tp, pred, true, wrong


def test_redteam_precision_is_perfect() -> None:
    assert len(CASES) >= 120
    tp, pred, true, wrong = score()
    print(f"\nred-team set: {len(CASES)} paragraphs, precision {tp}/{pred}, recall {tp}/{true}")
    assert pred > 0 and not wrong, "\n".join(wrong)
    assert tp / true >= 0.5
