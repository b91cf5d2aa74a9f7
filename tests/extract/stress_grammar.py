"""Stress-corpus templates in English, and `render`, which draws cases from every template.

See `stress_base.py` for what a case is; the Urdu templates are in `stress_urdu.py`.
"""

from __future__ import annotations

import random
from datetime import date

from tests.extract import (  # noqa: F401  (register their templates)
    stress_attach,
    stress_confusers,
    stress_frames,
    stress_recall,
    stress_redteam,
    stress_urdu,
)
from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    TEMPLATES,
    Case,
    fy_of,
    fytd_key,
    it,
    level,
    mkey,
    mname,
    my,
    pick_month,
    pub_after,
    template,
    typical_monthly,
    usd,
)

__all__ = ["TEMPLATES", "Case", "render"]


# -- English levels -------------------------------------------------------------------------
@template
def level_explicit(rng: random.Random) -> Case:
    idx, v = (i := pick_month(rng)), level(rng, i)
    verb = rng.choice(["stood at", "were", "rose to", "amounted to", "came in at", "reached", "totalled"])
    text = rng.choice([f"{it(rng)} {verb} {usd(v, rng)} in {my(idx, rng)}.",
                       f"In {my(idx, rng)}, {it(rng)} {verb} {usd(v, rng)}."])  # fmt: skip
    return Case(
        "level_explicit", text, rng.choice([None, pub_after(idx, rng)]), {("it_exports", mkey(idx), v)}
    )


@template
def level_bare_month(rng: random.Random) -> Case:
    idx, v = (i := pick_month(rng)), level(rng, i)
    text = rng.choice([f"{it(rng)} were {usd(v, rng)} in {mname(idx, rng)}, the central bank said.",
                       f"During {mname(idx, rng)}, {it(rng)} amounted to {usd(v, rng)}."])  # fmt: skip
    return Case("level_bare_month", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def yoy_same_month(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(["the same month last year", "the corresponding month of the previous year",
                      "a year earlier", f"the same month of {(idx - 12) // 12}"])  # fmt: skip
    text = f"{it(rng)} stood at {usd(a, rng)} in {my(idx, rng)}, up from {usd(b, rng)} in {rel}."
    return Case(
        "yoy_same_month",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)},
    )


@template
def mom_previous_month(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng)), level(rng, i), level(rng, i - 1)
    text = (
        f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, compared with {usd(b, rng)} in the previous month."
    )
    return Case(
        "mom_previous_month",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)},
    )


# Issue class: two explicit months in one comparison ("from X to Y" after both months).
@template
def two_months_from_to(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng)), level(rng, i), level(rng, i - 1)
    prev = MONTH_NAMES[(idx - 1) % 12]
    text = rng.choice([
        f"{it(rng)} posted an increase in {my(idx, rng)} from the preceding month of {prev}, "
        f"from {usd(b, rng)} to {usd(a, rng)}.",
        f"{it(rng)} climbed in {my(idx, rng)} over {prev}, going from {usd(b, rng)} to {usd(a, rng)}.",
    ])  # fmt: skip
    return Case(
        "two_months_from_to",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)},
    )


# Issue class: an explicit month-year beats a relative phrase beside it.
@template
def explicit_beats_relative(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(
        ["during the previous year in", "a year earlier in", "last year in", "in the previous year, in"]
    )
    then = my(idx - 12, rng)
    text = rng.choice([
        f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, compared to {usd(b, rng)} {rel} {then}.",
        f"{it(rng)} stood at {usd(a, rng)} in {my(idx, rng)}. They were {usd(b, rng)} {rel} {then}.",
    ])  # fmt: skip
    return Case(
        "explicit_beats_relative",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)},
    )


# Issue class: "during the month" after a year-to-date sentence is the last named month.
@template
def fytd_then_during_the_month(rng: random.Random) -> Case:
    idx = pick_month(rng, FIRST + 12, no_july=True, no_june=True)
    a, c = level(rng, idx), level(rng, idx, 0.6, 0.75)
    n = (idx % 12 - 6) % 12 + 1
    f = round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.9, 1.1))
    g = round(f / rng.uniform(1.05, 1.4))
    yy = fy_of(idx) % 100
    span = f"July-{MONTH_NAMES[idx % 12]} FY{yy}"
    text = (f"{it(rng)} rose to {usd(a, rng)} in {my(idx, rng)}. "
            f"In {span}, IT exports stood at {usd(f, rng)}, "
            f"up {rng.randint(5, 30)}% from {usd(g, rng)} in the same period last year. "
            f"Computer services exports were {usd(c, rng)} during the month.")  # fmt: skip
    exp = {("it_exports", mkey(idx), a), ("it_exports", fytd_key(idx), f),
           ("it_exports", fytd_key(idx - 12), g), ("computer_services", mkey(idx), c)}  # fmt: skip
    return Case("fytd_then_during_the_month", text, rng.choice([None, pub_after(idx, rng)]), exp)


# Issue class: a typo year that the article's own fiscal-year frame contradicts (no page date).
@template
def fy_frame_vetoes_typo_year(rng: random.Random) -> Case:
    fy = rng.randint(2020, 2025)
    q = round(typical_monthly(fy) * 3 * rng.uniform(0.9, 1.1))
    oct_idx = (fy - 1) * 12 + 9  # October of the fiscal year
    a = level(rng, oct_idx)
    title = f"IT exports grow in Q1 FY{fy - 1}-{fy % 100}"
    text = (f"{it(rng)} were {usd(q, rng)} in the first quarter of FY{fy % 100}.\n"
            f"In October {fy}, IT exports were {usd(a, rng)}, the ministry said.")  # fmt: skip
    return Case("fy_frame_vetoes_typo_year", text, None, {("it_exports", f"FY{fy}:Q1", q)},
                {("it_exports", mkey(oct_idx), a)}, title)  # fmt: skip


# Issue class: plain shapes that recall used to miss.
@template
def recall_shapes(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    mon = mname(idx, rng, short=False)
    first = rng.choice([
        f"{mon} alone brought in {usd(a, rng)} of IT exports.",
        f"IT exports kept climbing in {mon}, reaching {usd(a, rng)}.",
        f"IT exports were recorded at {a} million U.S. dollars in {mon}, "
        f"against {b} million U.S. dollars during the corresponding month last year.",
        f"The country earned {usd(a, rng)} by providing IT services during {my(idx, rng)}.",
        f"{usd(a, rng)} of IT exports were generated in {my(idx, rng)}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), a)}
    if "corresponding" in first:
        exp.add(("it_exports", mkey(idx - 12), b))
    return Case("recall_shapes", first, pub_after(idx, rng), exp)


@template
def record_headline(rng: random.Random) -> Case:
    idx, a = (i := pick_month(rng)), level(rng, i, 1.2, 1.4)
    if rng.random() < 0.5:
        head = f"IT exports hit record {usd(a, rng)} in {mname(idx, rng, short=False)}"
        body = f"The State Bank said exports of IT services grew {rng.randint(5, 40)}% year on year."
        return Case("record_headline", f"{head}\n{body}", pub_after(idx, rng), {("it_exports", mkey(idx), a)})
    # The headline's amount is the newest month the body names, even one named without an amount.
    b = level(rng, idx - 1)
    head = f"Pakistan's IT exports hit an all-time high of {usd(a, rng)}"
    body = (f"IT exports rose {rng.randint(5, 40)}% year-on-year in {my(idx, rng)}, SBP data showed.\n"
            f"In {MONTH_NAMES[(idx - 1) % 12]}, exports were {usd(b, rng)}.")  # fmt: skip
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)}
    return Case("record_headline", f"{head}\n{body}", pub_after(idx, rng), exp)


# -- year-to-date spans, quarters, fiscal years ------------------------------------------------
@template
def fytd_span(rng: random.Random) -> Case:
    idx = pick_month(rng, FIRST + 1, no_july=True)
    n = (idx % 12 - 6) % 12 + 1
    f = round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.9, 1.1))
    words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    yy = fy_of(idx) % 100
    phrase = rng.choice([f"July-{MONTH_NAMES[idx % 12]} FY{yy}", f"the first {words[n - 2]} months of FY{yy}",
                         f"{n}MFY{yy}", f"July-{MONTH_NAMES[idx % 12]} {fy_of(idx) - 1}-{yy}"])  # fmt: skip
    text = f"{it(rng)} totalled {usd(f, rng)} in {phrase}."
    kind = fytd_key(idx)
    return Case("fytd_span", text, pub_after(idx, rng), {("it_exports", kind, f)})


@template
def quarter(rng: random.Random) -> Case:
    fy, qn = rng.randint(2020, 2025), rng.randint(1, 4)
    v = round(typical_monthly(fy) * 3 * rng.uniform(0.9, 1.1))
    ords = ["first", "second", "third", "fourth"]
    phrase = rng.choice(
        [f"the {ords[qn - 1]} quarter of FY{fy % 100}", f"{qn}QFY{fy % 100}", f"Q{qn} FY{fy}"]
    )
    text = f"{it(rng)} came in at {usd(v, rng)} in {phrase}."
    last = (fy - 1) * 12 + 6 + 3 * qn
    return Case("quarter", text, pub_after(last, rng), {("it_exports", f"FY{fy}:Q{qn}", v)})


@template
def fiscal_year_vs(rng: random.Random) -> Case:
    fy = rng.randint(2020, 2025)
    a = round(typical_monthly(fy) * 12 * rng.uniform(0.9, 1.1))
    b = round(a / rng.uniform(1.05, 1.3))
    text = f"{it(rng)} were {usd(a, rng)} in FY{fy % 100} against {usd(b, rng)} in FY{(fy - 1) % 100}."
    pub = date(fy, 7, rng.randint(18, 28))
    return Case("fiscal_year_vs", text, pub, {("it_exports", f"FY{fy}", a), ("it_exports", f"FY{fy - 1}", b)})


# -- not figures -------------------------------------------------------------------------------
@template
def not_figures(rng: random.Random) -> Case:
    idx, v = (i := pick_month(rng)), level(rng, i)
    d = rng.randint(10, 90)
    text = rng.choice([
        f"{it(rng)} rose by {usd(d, rng)} in {my(idx, rng)} from a year earlier.",
        f"{it(rng)} averaged {usd(v, rng)} a month during July-{MONTH_NAMES[idx % 12]}.",
        f"The government aims to take {it(rng)} to {usd(v * 30, rng)} by FY{(fy_of(idx) + 4) % 100}.",
        f"{it(rng)} in {my(idx, rng)} were {usd(d, rng)} higher than in the previous month.",
        f"India's IT exports were {usd(v * 40, rng)} in {my(idx, rng)}.",
        f"Workers' remittances were {usd(v * 9, rng)} in {my(idx, rng)}.",
        f"{it(rng)} crossed the {usd(round(v, -2) or 100, rng)} mark in {my(idx, rng)} for the first time.",
    ])  # fmt: skip
    exp = {("other", mkey(idx), v * 9)} if "remittances" in text else set()  # another series, rightly
    return Case("not_figures", text, pub_after(idx, rng), exp)


@template
def month_last_year(rng: random.Random) -> Case:
    """`… against $Y in October last year`: the month of the year before, not this one."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    mon = MONTH_NAMES[idx % 12]
    rel = rng.choice([f"{mon} last year", f"{mon} of the previous year", f"{mon} a year ago"])
    text = f"{it(rng)} for {my(idx, rng)} stood at {usd(a, rng)} against {usd(b, rng)} in {rel}."
    return Case(
        "month_last_year",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)},
    )


@template
def month_on_month_pair(rng: random.Random) -> Case:
    """`Month-on-month, … rose from $X to $Y in <Month>`: X is the month before."""
    idx, a, b = (i := pick_month(rng)), level(rng, i), level(rng, i - 1)
    text = f"Month-on-month, {it(rng)} rose from {usd(b, rng)} to {usd(a, rng)} in {my(idx, rng)}."
    return Case(
        "month_on_month_pair",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)},
    )


def render(n: int, seed: int = 15) -> list[Case]:
    """`n` cases, cycling through the templates, reproducible from `seed`."""
    rng = random.Random(seed)
    names = sorted(TEMPLATES)
    return [TEMPLATES[names[k % len(names)]](rng) for k in range(n)]


@template
def last_month_and_list(rng: random.Random) -> Case:
    """`last month` by the page date; a list of three periods after one level."""
    idx = pick_month(rng, FIRST + 12)
    a, b, c = level(rng, idx), level(rng, idx - 1), level(rng, idx - 12)
    text = rng.choice([
        f"{it(rng)} rose to {usd(a, rng)} last month, the central bank said.",
        f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, up from {usd(b, rng)} in "
        f"{MONTH_NAMES[(idx - 1) % 12]} and {usd(c, rng)} in {my(idx - 12, rng)}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), a)}
    if "last month" not in text:
        exp |= {("it_exports", mkey(idx - 1), b), ("it_exports", mkey(idx - 12), c)}
    return Case("last_month_and_list", text, pub_after(idx, rng), exp)


@template
def context_and_odd_forms(rng: random.Random) -> Case:
    """The series named one sentence earlier; unusual amount and month spellings."""
    idx, a = (i := pick_month(rng)), level(rng, i)
    amount = rng.choice(
        [f"US$ {a} mln", f"${a / 1000:.3f} billion", f"{a}.0 million dollars", f"Rs{a * 280} million"]
    )
    month = rng.choice(
        [f"{MONTH_NAMES[idx % 12]} {idx // 12}", f"{MONTH_NAMES[idx % 12][:3]}'{idx // 12 % 100:02d}"]
    )
    text = rng.choice([
        f"{it(rng)} kept growing this year.\n{MONTH_NAMES[idx % 12]} alone brought in {amount}.",
        f"{it(rng)} kept growing this year.\nThe sector earned {amount} in {month}.",
    ])  # fmt: skip
    exp = set() if amount.startswith("Rs") else {("it_exports", mkey(idx), a)}
    return Case("context_and_odd_forms", text, pub_after(idx, rng), exp)


@template
def labels_and_shared_anchor(rng: random.Random) -> Case:
    """`Oct-25: $X (Sep-25: $Y)` labels; "a year ago and … a month ago" both refer to the month."""
    idx = pick_month(rng, FIRST + 12)
    a, b, c = level(rng, idx), level(rng, idx - 1), level(rng, idx - 12)

    def lab(k: int) -> str:
        return f"{MONTH_NAMES[k % 12][:3]}-{k // 12 % 100:02d}"

    text = rng.choice([
        f"{lab(idx)} IT exports: {usd(a, rng)} ({lab(idx - 1)}: {usd(b, rng)}; "
        f"{lab(idx - 12)}: {usd(c, rng)}).",
        f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, compared to {usd(c, rng)} a year ago "
        f"and {usd(b, rng)} a month ago.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b), ("it_exports", mkey(idx - 12), c)}
    return Case("labels_and_shared_anchor", text, pub_after(idx, rng), exp)


@template
def span_comparisons(rng: random.Random) -> Case:
    """`July-<Month> last year`, a quarter with its months in brackets, two halves in one sentence."""
    fy = rng.randint(2021, 2025)
    kind = rng.randrange(3)
    if kind == 0:
        idx = pick_month(rng, (fy - 1) * 12 + 7, (fy - 1) * 12 + 11)  # August-December
        n = (idx % 12 - 6) % 12 + 1
        f, g = (round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.95, 1.1)) for _ in range(2))
        mon = MONTH_NAMES[idx % 12]
        text = f"During July-{mon} of the current fiscal year, {it(rng)} were {usd(f, rng)} compared with "
        text += f"{usd(g, rng)} in July-{mon} last year."
        exp = {("it_exports", fytd_key(idx), f), ("it_exports", fytd_key(idx - 12), g)}
        return Case("span_comparisons", text, pub_after(idx, rng), exp)
    q, p = (round(typical_monthly(fy) * 3 * rng.uniform(0.9, 1.1)) for _ in range(2))
    if kind == 1:
        text = f"{it(rng)} for the first quarter (July-September) of FY{fy % 100} were {usd(q, rng)}, "
        text += f"up from {usd(p, rng)} in Q1 FY{(fy - 1) % 100}."
        exp = {("it_exports", f"FY{fy}:Q1", q), ("it_exports", f"FY{fy - 1}:Q1", p)}
        return Case("span_comparisons", text, date(fy - 1, 10, 20), exp)
    h1, h2 = q * 2, p * 2
    text = f"{it(rng)} in the first half of FY{fy % 100} were {usd(h1, rng)}, "
    text += f"and in the second half {usd(h2, rng)}."
    return Case("span_comparisons", text, date(fy, 7, 25), {("it_exports", f"FY{fy}:07-12", h1)})


@template
def last_fiscal_year(rng: random.Random) -> Case:
    """ "Last fiscal year" is the one before the page date's: in July, the year that just ended."""
    fy = rng.randint(2020, 2025)
    v = round(typical_monthly(fy) * 12 * rng.uniform(0.9, 1.1))
    pub = date(fy, rng.choice([7, 7, 8, 10, 12]), rng.randint(1, 28))
    phrase = rng.choice(
        ["in the last fiscal year", "during the previous fiscal year", "in the preceding fiscal year"]
    )
    text = rng.choice(
        [
            f"{it(rng)} reached {usd(v, rng)} {phrase}.",
            f"گزشتہ مالی سال میں آئی ٹی برآمدات {v} ملین ڈالر رہیں",
        ]
    )
    return Case("last_fiscal_year", text, pub, {("it_exports", f"FY{fy}", v)})


@template
def year_typo_twin(rng: random.Random) -> Case:
    """A later sentence repeats this year's total under last year's label (a typed year)."""
    fy = rng.randint(2021, 2026)
    q = round(typical_monthly(fy) * 3 * rng.uniform(1.0, 1.1))
    p = round(q / rng.uniform(1.12, 1.3))
    text = (f"{it(rng)} reached {usd(q, rng)} during the first quarter of FY{fy % 100}. "
            f"This is up from {usd(p, rng)} in the same period last year.\n"
            f"A brokerage said total IT exports for the first quarter of FY{(fy - 1) % 100} stood at "
            f"${q / 1000:.2f} billion.")  # fmt: skip
    exp = {("it_exports", f"FY{fy}:Q1", q), ("it_exports", f"FY{fy - 1}:Q1", p)}
    return Case("year_typo_twin", text, rng.choice([None, date(fy - 1, 10, 25)]), exp)
