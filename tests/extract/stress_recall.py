"""Stress-corpus templates for the recall pass (docs/EXTRACTION.md): two amounts paired with
two bare months listed latest first ("$277m and $286m in August and July, respectively"), and
the near misses where that pairing must give no figure: no "respectively", targets, averages,
forecasts, deltas, another series, months that are not adjacent, a year written on one month.
"""

from __future__ import annotations

import random

from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    UR_IT,
    UR_MONTHS,
    Case,
    it,
    level,
    mkey,
    my,
    pick_month,
    pub_after,
    template,
    urdu_my,
    urdu_usd,
    usd,
)


@template
def recall_respectively_latest_first(rng: random.Random) -> Case:
    """Latest month first, no year written: each month is read from the page date."""
    idx = pick_month(rng, FIRST + 1)
    v, w = level(rng, idx), level(rng, idx - 1)
    late, early = MONTH_NAMES[idx % 12], MONTH_NAMES[(idx - 1) % 12]
    text = rng.choice([
        f"{it(rng)} were {usd(v, rng)} and {usd(w, rng)} in {late} and {early}, respectively.",
        f"{it(rng)} for {late} and {early} stood at {usd(v, rng)} and {usd(w, rng)}, respectively.",
        f"{it(rng)} in {late} and {early} came in at {usd(v, rng)} and {usd(w, rng)} respectively.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 1), w)}
    return Case("recall_respectively_latest_first", text, pub_after(idx, rng), exp)


@template
def guard_respectively_near_miss(rng: random.Random) -> Case:
    """Shapes next to the latest-first list that must not give a wrong (or any) figure."""
    idx = pick_month(rng, FIRST + 2)
    v, w = level(rng, idx), level(rng, idx - 1)
    late, early, older = (MONTH_NAMES[(idx - k) % 12] for k in (0, 1, 2))
    a, b = usd(v, rng), usd(w, rng)
    right = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 1), w)}
    shape = rng.randrange(8)
    opt: set[tuple[str, str, float]] = set()
    if shape == 0:  # no "respectively": which is which is not said
        text, opt = f"{it(rng)} were {a} and {b} in {late} and {early}.", right
    elif shape == 1:
        text = f"{it(rng)} were targeted at {a} and {b} for {late} and {early}, respectively."
    elif shape == 2:
        text = f"{it(rng)} averaged {a} and {b} a week in {late} and {early}, respectively."
    elif shape == 3:
        text = f"{it(rng)} are expected to reach {a} and {b} in {late} and {early}, respectively."
    elif shape == 4:
        d, e = rng.randint(5, 40), rng.randint(5, 40)
        text = f"{it(rng)} grew by {usd(d, rng)} and {usd(e, rng)} in {late} and {early}, respectively."
    elif shape == 5:
        text = f"Remittances were ${v * 9} million and ${w * 9} million in {late} and {early}, respectively."
        opt = {("other", mkey(idx), v * 9), ("other", mkey(idx - 1), w * 9)}  # read, but not as IT
    elif shape == 6:  # two months apart: the one-month-apart rule does not apply
        u = level(rng, idx - 2)
        text = f"{it(rng)} were {a} and {usd(u, rng)} in {late} and {older}, respectively."
        opt = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 2), u)}
    else:  # a year on the first month only
        y = idx // 12
        text = f"{it(rng)} were {a} and {b} in {late} {y} and {early}, respectively."
        opt = right
    return Case("guard_respectively_near_miss", text, pub_after(idx, rng), set(), opt)


@template
def guard_listed_amounts_share_cue(rng: random.Random) -> Case:
    """ "expected to reach $X and $Y in July and August, respectively": the cue before the first
    amount governs the second too; neither is a level."""
    idx = pick_month(rng, FIRST + 1)
    early, late = MONTH_NAMES[(idx - 1) % 12], MONTH_NAMES[idx % 12]
    a, b = usd(level(rng, idx - 1), rng), usd(level(rng, idx), rng)
    cue = rng.choice(["were targeted at", "are expected to reach", "averaged", "are projected at",
                      "are forecast to touch", "may fall to"])  # fmt: skip
    text = f"{it(rng)} {cue} {a} and {b} in {early} and {late}, respectively."
    return Case("guard_listed_amounts_share_cue", text, pub_after(idx - 2, rng), set())


@template
def guard_bare_month_after_dated_and_page_month(rng: random.Random) -> Case:
    """ "$V in November, up from $W in November 2024 and above October's $U": the first month
    is dated by the page, the second by its year; October of which year is not said."""
    idx = pick_month(rng, FIRST + 13)
    v, w, u = level(rng, idx), level(rng, idx - 12), level(rng, idx - 1)
    now, prev, y = MONTH_NAMES[idx % 12], MONTH_NAMES[(idx - 1) % 12], (idx - 12) // 12
    text = rng.choice([
        f"{it(rng)} rose to {usd(v, rng)} in {now}, up from {usd(w, rng)} in {now} {y} and higher "
        f"than {prev}'s {usd(u, rng)}.",
        f"{it(rng)} were {usd(v, rng)} in {now} against {usd(w, rng)} in {now} {y}, and up from "
        f"{usd(u, rng)} in {prev}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 12), w)}
    return Case("guard_bare_month_after_dated_and_page_month", text, pub_after(idx, rng), exp,
                {("it_exports", mkey(idx - 1), u)})  # fmt: skip


@template
def recall_urdu_last_year_month_year(rng: random.Random) -> Case:
    """Urdu comparison base "جو گزشتہ سال مارچ 2024 میں $W تھیں": the written year dates the
    month, "گزشتہ سال" only repeats it."""
    idx = pick_month(rng, FIRST + 12)
    v, w = level(rng, idx), level(rng, idx - 12)
    rel = rng.choice(["گزشتہ سال", "پچھلے سال", "گزشتہ برس"])
    comma = rng.choice(["", "،"])
    text = (f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} رہیں{comma} جو {rel} {urdu_my(idx - 12)} میں "
            f"{urdu_usd(w, rng)} تھیں۔")  # fmt: skip
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 12), w)}
    return Case("recall_urdu_last_year_month_year", text, rng.choice([None, pub_after(idx, rng)]), exp)


@template
def guard_urdu_year_ago_near_miss(rng: random.Random) -> Case:
    """Urdu bases that must give no (wrong) figure: a revision ("a month earlier reported as"),
    a plain "earlier", "a year ago" after two months (a year before which?), another series,
    a target's base, and "a year ago" itself (read as "earlier": recall left, see EXTRACTION.md)."""
    idx = pick_month(rng, FIRST + 13)
    v, u, w = level(rng, idx), level(rng, idx - 1), level(rng, idx - 12)
    now, prev, then = urdu_my(idx), UR_MONTHS[(idx - 1) % 12], urdu_my(idx - 12)
    shape = rng.randrange(6)
    exp, opt = {("it_exports", mkey(idx), v)}, set()
    if shape == 0:
        text = f"{now} میں {UR_IT} {urdu_usd(v, rng)} رہیں جو ایک ماہ پہلے {urdu_usd(u, rng)} بتائی گئی تھیں۔"
    elif shape == 1:
        text = f"{now} میں {UR_IT} {urdu_usd(v, rng)} رہیں جو پہلے {urdu_usd(u, rng)} بتائی گئی تھیں۔"
    elif shape == 2:
        text = (f"{now} میں {UR_IT} {urdu_usd(v, rng)} رہیں جبکہ {prev} میں {urdu_usd(u, rng)} تھیں اور "
                f"ایک سال پہلے {urdu_usd(w, rng)} تھیں۔")  # fmt: skip
        opt = {("it_exports", mkey(idx - 1), u)}
    elif shape == 3:
        exp = set()
        text = (f"{now} میں ترسیلات زر {urdu_usd(v * 9, rng)} رہیں جو گزشتہ سال {then} میں "
                f"{urdu_usd(w * 9, rng)} تھیں۔")  # fmt: skip
        opt = {("other", mkey(idx), v * 9), ("other", mkey(idx - 12), w * 9)}
    elif shape == 4:
        exp = set()
        text = f"{now} کے لیے {UR_IT} کا ہدف {urdu_usd(v, rng)} تھا جو ایک سال پہلے {urdu_usd(w, rng)} تھا۔"
    else:
        text = f"{now} میں {UR_IT} {urdu_usd(v, rng)} رہیں جو ایک سال پہلے {urdu_usd(w, rng)} تھیں۔"
        opt = {("it_exports", mkey(idx - 12), w)}
    return Case("guard_urdu_year_ago_near_miss", text, pub_after(idx, rng), exp, opt)


@template
def guard_change_verb_runs_forward(rng: random.Random) -> Case:
    """ "$V in April 2025 and rose to $W in May": a change verb may lead to a later month, so it
    does not make the bare month the latest one before the month-year (May 2024)."""
    idx = pick_month(rng, hi=2025 * 12 + 10)
    v, w = level(rng, idx), level(rng, idx + 1)
    nxt = MONTH_NAMES[(idx + 1) % 12]
    verb = rng.choice(["rose", "grew", "jumped", "increased", "fell", "declined"])
    text = rng.choice([
        f"{it(rng)} were {usd(v, rng)} in {my(idx, rng)} and {verb} to {usd(w, rng)} in {nxt}.",
        f"{it(rng)} were {usd(v, rng)} in {my(idx, rng)}; they {verb} to {usd(w, rng)} in {nxt}.",
        f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} رہیں جن میں اضافہ ہوا اور "
        f"{UR_MONTHS[(idx + 1) % 12]} میں یہ {urdu_usd(w, rng)} رہیں۔",
    ])  # fmt: skip
    return Case("guard_change_verb_runs_forward", text, pub_after(idx + 1, rng),
                {("it_exports", mkey(idx), v)}, {("it_exports", mkey(idx + 1), w)})  # fmt: skip
