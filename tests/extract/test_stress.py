"""The generated stress corpus: precision must be 1.000; recall is reported and has a floor."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.extract.stress_grammar import TEMPLATES, Case, render
from tracker.extract import extract_text

N = 3000


def _got(case: Case) -> set[tuple[str, str, float]]:
    figs = extract_text(case.text, case.published, case.title).figures
    return {(f.series.value, str(f.period), f.value_usd_millions) for f in figs}


def score(cases: list[Case]) -> tuple[int, int, int, Counter[str], list[str]]:
    """(true positives, predicted, expected, wrong per template, examples of wrong figures)."""
    tp = pred = true = 0
    wrong: Counter[str] = Counter()
    examples: list[str] = []
    for case in cases:
        got = _got(case) - case.optional
        ok = got & case.expected
        tp, pred, true = tp + len(ok), pred + len(got), true + len(case.expected)
        for fig in sorted(got - case.expected):
            wrong[case.template] += 1
            if len(examples) < 20:
                examples.append(f"{case.template}: {fig} from {case.text!r} ({case.published})")
    return tp, pred, true, wrong, examples


def test_stress_corpus_precision_is_perfect() -> None:
    tp, pred, true, wrong, examples = score(render(N))
    recall = tp / true
    print(
        f"\nstress corpus: {N} cases, precision {tp / pred:.3f} ({tp}/{pred}),"
        f" recall {recall:.3f} ({tp}/{true})"
    )
    assert pred > 0 and not wrong, "\n".join(examples)
    assert recall >= 0.95


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_each_template_is_read(name: str) -> None:
    """Per template: no wrong figure and at least 90% of its figures found."""
    cases = [c for c in render(40 * len(TEMPLATES)) if c.template == name]
    assert cases, f"{name} renders no case (template name and Case name differ?)"
    tp, _, true, wrong, examples = score(cases)
    assert not wrong, "\n".join(examples)
    assert true == 0 or tp / true >= 0.9, f"{name}: recall {tp}/{true}"
