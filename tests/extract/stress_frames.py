"""Stress-corpus templates for frames: which period and which series a total really is (an
11-month total called "the fiscal year"; PSEB's IT and ITeS series; quarters named by their
months; "the N months to <Month>"; typed years and bare months on undated pages).

Our own phrasings. The guards beside each class are the ordinary shapes the rule must leave
alone (a short span beside last year's total; "IT and ITeS" that names telecom, or no PSEB).
Attachment and refusal templates of the same pass are in `stress_attach.py`.
"""

from __future__ import annotations

import random
from datetime import date

from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    Case,
    Fig,
    fy_of,
    fytd_key,
    it,
    level,
    mkey,
    my,
    pick_month,
    pub_after,
    template,
    typical_monthly,
    usd,
)


def _fy_words(fy: int, rng: random.Random) -> str:
    return rng.choice([f"fiscal year {fy - 1}-{fy % 100}", f"FY{fy - 1}-{fy % 100}", f"the fiscal year {fy}"])


@template
def fiscal_year_called_for_part(rng: random.Random) -> Case:
    """A 'fiscal year' total beside a July–May (or July–April) span of the same year."""
    fy, last = rng.randint(2019, 2025), rng.choice([4, 5])
    months = 10 if last == 4 else 11
    x = round(typical_monthly(fy) * months * rng.uniform(0.9, 1.05))
    w = round(x / rng.uniform(1.1, 1.25))
    a, b = round(x * 0.7), round(w * 0.7)
    span = f"July-{MONTH_NAMES[last - 1]} ({fy - 1}-{fy % 100})"
    text = (
        f"Pakistan earned {usd(x, rng)} by selling IT services abroad during {_fy_words(fy, rng)}. "
        f"That is {rng.randint(10, 25)} percent more than the {usd(w, rng)} earned in the "
        f"corresponding period of fiscal year {fy - 2}-{(fy - 1) % 100}, the statistics bureau said.\n"
        f"Within that, computer services went up from {usd(b, rng)} last year to {usd(a, rng)} "
        f"during {span}."
    )
    part = f"FY{fy}:07-{last:02d}"
    # What the fiscal-year words mean is not in the text: the part-year readings may pass.
    optional: set[Fig] = {("it_exports", part, x), ("it_exports", f"FY{fy - 1}:07-{last:02d}", w)}
    expected = {("computer_services", part, a), ("computer_services", f"FY{fy - 1}:07-{last:02d}", b)}
    pub = rng.choice([None, date(fy, rng.choice([7, 8]), rng.randint(1, 28))])
    return Case("fiscal_year_called_for_part", text, pub, expected, optional)


@template
def fiscal_year_beside_short_span(rng: random.Random) -> Case:
    """Guard: last year's total and this year's first months, or a year and its early months."""
    fy = rng.randint(2020, 2025)
    total = round(typical_monthly(fy) * 12 * rng.uniform(0.95, 1.05))
    last = rng.choice([9, 10, 11, 12, 1, 2, 3])
    n = (last - 7) % 12 + 1
    key = f"FY{fy + 1}:Q1" if n == 3 else f"FY{fy + 1}:07-{last:02d}"
    part = round(typical_monthly(fy + 1) * n * rng.uniform(0.95, 1.05))
    text = (
        f"{it(rng)} were {usd(total, rng)} in FY{fy % 100}. In July-{MONTH_NAMES[last - 1]} "
        f"FY{(fy + 1) % 100}, {it(rng)} stood at {usd(part, rng)}."
    )
    pub = pub_after((fy if last >= 7 else fy + 1) * 12 + last - 1, rng)
    expected = {("it_exports", f"FY{fy}", total), ("it_exports", key, part)}
    return Case("fiscal_year_beside_short_span", text, pub, expected)


@template
def pseb_ites_series(rng: random.Random) -> Case:
    """PSEB's 'IT and ITeS export remittances' (computer + call centres) is not the ICT total."""
    fy = rng.randint(2019, 2025)
    v = round(typical_monthly(fy) * 12 * rng.uniform(0.75, 0.85))
    w = round(v / rng.uniform(1.08, 1.2))
    name = rng.choice(
        [
            "IT and ITeS export remittances",
            "IT & ITeS exports",
            "Information Technology (IT) and IT-enabled Services (ITeS) export remittances",
        ]
    )
    text = (
        f"Pakistan's {name} grew {rng.randint(8, 20)}% to {usd(v, rng)} during the fiscal year "
        f"{fy}, compared with {usd(w, rng)} in the fiscal year {fy - 1}.\n"
        f"{rng.choice(['The Pakistan Software Export Board (PSEB)', 'PSEB'])} has been asked to draw "
        f"up a marketing plan for the sector."
    )
    pub = rng.choice([None, date(fy, 8, rng.randint(1, 28))])
    return Case("pseb_ites_series", text, pub, {("other", f"FY{fy}", v), ("other", f"FY{fy - 1}", w)})


@template
def ites_total_guard(rng: random.Random) -> Case:
    """Guard: 'IT & ITeS' that names telecom, or an article that does not name PSEB, is the total."""
    fy = rng.randint(2019, 2025)
    v = round(typical_monthly(fy) * 12 * rng.uniform(0.95, 1.1))
    if rng.random() < 0.5:
        text = (
            f"IT & IT-enabled Services (ITeS) export remittances, including telecommunication, "
            f"computer and information services, reached {usd(v, rng)} in FY{fy % 100}, PSEB said."
        )
    else:
        text = f"Pakistan's IT and ITeS exports reached {usd(v, rng)} in FY{fy % 100}, the central bank said."
    return Case("ites_total_guard", text, date(fy, 8, 20), {("it_exports", f"FY{fy}", v)})


_Q_MONTHS = {1: ("Jul", "Sep"), 2: ("Oct", "Dec"), 3: ("Jan", "Mar"), 4: ("Apr", "Jun")}


@template
def quarter_named_by_months(rng: random.Random) -> Case:
    """A quarter with its months in brackets or in its name, while the fiscal year still runs."""
    fy, q = rng.randint(2020, 2026), rng.randint(1, 3)
    v = round(typical_monthly(fy) * 3 * rng.uniform(0.9, 1.1))
    a, b = _Q_MONTHS[q]
    if rng.random() < 0.5:
        a, b = (next(m for m in MONTH_NAMES if m.startswith(x)) for x in (a, b))
    ords = ["first", "second", "third"]
    phrase = rng.choice(
        [
            f"the {ords[q - 1]} quarter ({a}-{b}) of FY{fy % 100}",
            f"Q{q} ({a}-{b}) FY{fy % 100}",
            f"the {a}-{b} quarter of FY{fy % 100}",
            f"the {ords[q - 1]} quarter ({a}-{b}) of fiscal year {fy - 1}-{fy % 100}",
        ]
    )
    text = rng.choice(
        [f"{it(rng)} rose to {usd(v, rng)} in {phrase}.", f"In {phrase}, {it(rng)} were {usd(v, rng)}."]
    )
    last = (fy - 1) * 12 + 5 + 3 * q  # index of the quarter's last month
    pub = pub_after(last + rng.randint(0, 2), rng)
    return Case("quarter_named_by_months", text, pub, {("it_exports", f"FY{fy}:Q{q}", v)})


@template
def undated_far_bare_month(rng: random.Random) -> Case:
    """No page date: a bare month far before the newest month the text dates is not resolved
    (the page may be a year newer), and a headline amount beside it is not given another month."""
    old = pick_month(rng, FIRST, 2025 * 12)
    gap = rng.randint(3, 9)
    new = old + gap  # the month the article is really about, named without its year
    v, w = level(rng, new), level(rng, old, 0.7, 0.9)
    text = (
        f"Pakistan posted record monthly {it(rng)} of {usd(v, rng)} in {MONTH_NAMES[new % 12]}, "
        f"{rng.randint(20, 40)}% up on the corresponding month last year.\n"
        f"The previous highest monthly figure was {usd(w, rng)} in {my(old, rng)}, officials said."
    )
    opt = {("it_exports", mkey(new), v)}
    return Case("undated_far_bare_month", text, None, {("it_exports", mkey(old), w)}, opt)


@template
def frame_typo_last_month(rng: random.Random) -> Case:
    """No page date, title names Q1: 'October <year+1> … down from September <year+1>' are both
    typed a year late (September is the frame's own last month)."""
    fy = rng.randint(2020, 2025)
    oct_idx, sep_idx = (fy - 1) * 12 + 9, (fy - 1) * 12 + 8
    a, b = level(rng, oct_idx), level(rng, sep_idx)
    title = f"ICT exports at a high in Q1 FY {fy - 1}-{fy % 100}"
    text = (
        f"The export of ICT services was {usd(a, rng)} for October {fy}, down from September {fy} "
        f"when exports stood at {usd(b, rng)}.\nThe ministry shared the data on Monday."
    )
    opt = {("it_exports", mkey(oct_idx), a), ("it_exports", mkey(sep_idx), b)}
    return Case("frame_typo_last_month", text, None, set(), opt, title)


@template
def months_to_month(rng: random.Random) -> Case:
    """'the N months to <Month>' is the fiscal year to date only when N counts from July; 'the
    three months (the quarter) ended March' is that quarter; 'the 12 months to March' is a
    rolling window."""
    idx = pick_month(rng, FIRST + 12, no_july=True)
    n = (idx % 12 + 1 - 7) % 12 + 1  # months from July through idx
    v = round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.9, 1.1))
    words = {3: "three", 4: "four", 5: "five", 6: "six", 8: "eight", 10: "ten", 12: "12"}
    count = words.get(n, str(n))
    if n != 12 and rng.random() < 0.3:  # (the 12 months to June are the fiscal year)
        rolling = round(typical_monthly(fy_of(idx)) * 12 * rng.uniform(0.85, 0.95))
        text = f"{it(rng)} in the 12 months to {my(idx, rng)} stood at {usd(rolling, rng)}."
        return Case("months_to_month", text, pub_after(idx, rng), set())
    link = rng.choice(["to", "ended", "ending"])
    if n % 3 == 0 and rng.random() < 0.4:  # "the quarter ended March 2025": that quarter alone
        q = round(typical_monthly(fy_of(idx)) * 3 * rng.uniform(0.9, 1.1))
        span = rng.choice(["quarter", "three months"])
        text = f"{it(rng)} in the {span} {link} {my(idx, rng)} were {usd(q, rng)}."
        return Case(
            "months_to_month", text, pub_after(idx, rng), {("it_exports", f"FY{fy_of(idx)}:Q{n // 3}", q)}
        )
    text = f"{it(rng)} in the {count} months {link} {my(idx, rng)} were {usd(v, rng)}."
    return Case("months_to_month", text, pub_after(idx, rng), {("it_exports", fytd_key(idx), v)})
