"""Stress-corpus templates for the shapes the red-team set (redteam_cases.py) caught.

Each shape has two natural readings and nothing in the words picks one, so the amount must
get no period (it is `optional`: a reader who guesses right is not punished) rather than the
wrong one: "last month" before the only month named, "a year earlier" after two months, a
bare month after two month-years, "the July-September period of 2023", a month across a
semicolon, "is expected", July named as "the first month of FY26", Urdu's "383 اور 386 ملین ڈالر" and
a change's end after two months (`اکتوبر میں … ستمبر کے $W سے بڑھ کر $V`).
"""

from __future__ import annotations

import random

from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    UR_IT,
    UR_MONTHS,
    Case,
    fy_of,
    it,
    level,
    mkey,
    my,
    pick_month,
    pub_after,
    template,
    usd,
    ym,
)


@template
def rt_last_month_before_named(rng: random.Random) -> Case:
    """'$X last month, down from $Y in <the month before>': last month is the page's."""
    idx = pick_month(rng, FIRST + 1)
    v, w = level(rng, idx), level(rng, idx - 1)
    prev = MONTH_NAMES[(idx - 1) % 12]
    text = rng.choice([
        f"{it(rng)} were {usd(v, rng)} last month, down from {usd(w, rng)} in {prev}.",
        f"{it(rng)} stood at {usd(v, rng)} last month, against {usd(w, rng)} in {prev}.",
    ])  # fmt: skip
    return Case("rt_last_month_before_named", text, pub_after(idx, rng),
                {("it_exports", mkey(idx - 1), w)}, {("it_exports", mkey(idx), v)})  # fmt: skip


@template
def rt_last_fy_before_named(rng: random.Random) -> Case:
    """'Last fiscal year … $X, below the $Y of FY22': last fiscal year is the page's."""
    idx = rng.randint(2021, 2025) * 12 + rng.randint(6, 8)  # July to September: a year just closed
    fy = fy_of(idx) - 1
    x, y = level(rng, idx) * 12, level(rng, idx - 12) * 12
    than = rng.choice(["slightly below", "above", "compared with"])
    text = (f"Last fiscal year the country earned {usd(x, rng)} from {it(rng)}, "
            f"{than} the {usd(y, rng)} of FY{(fy - 1) % 100}.")  # fmt: skip
    return Case("rt_last_fy_before_named", text, pub_after(idx, rng),
                {("it_exports", f"FY{fy - 1}", y)}, {("it_exports", f"FY{fy}", x)})  # fmt: skip


@template
def rt_year_earlier_two_months(rng: random.Random) -> Case:
    """'<Month>'s exports were down from $Y in <month before> but up from $Z a year earlier'."""
    idx = pick_month(rng, FIRST + 13)
    w, z = level(rng, idx - 1), level(rng, idx - 12)
    name, prev = MONTH_NAMES[idx % 12], MONTH_NAMES[(idx - 1) % 12]
    text = (f"{name}'s {it(rng)} were down from {usd(w, rng)} in {prev} but up from "
            f"{usd(z, rng)} {rng.choice(['a year earlier', 'a year ago'])}.")  # fmt: skip
    return Case("rt_year_earlier_two_months", text, pub_after(idx, rng),
                {("it_exports", mkey(idx - 1), w)}, {("it_exports", mkey(idx - 12), z)})  # fmt: skip


@template
def rt_bare_month_after_two_years(rng: random.Random) -> Case:
    """'$X in <Month Year>, up from $Y in <Month Year-1> and above <month before>'s $U'."""
    idx = pick_month(rng, FIRST + 13)
    v, w, u = level(rng, idx), level(rng, idx - 12), level(rng, idx - 1)
    prev = MONTH_NAMES[(idx - 1) % 12]
    text = rng.choice([
        f"{it(rng)} climbed to {usd(v, rng)} in {my(idx, rng)}, up 20% from {usd(w, rng)} in "
        f"{my(idx - 12, rng)} and higher than {prev}'s {usd(u, rng)}.",
        f"{it(rng)} were {usd(v, rng)} in {my(idx, rng)} against {usd(w, rng)} in "
        f"{my(idx - 12, rng)}, and up from {usd(u, rng)} in {prev}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 12), w)}
    return Case("rt_bare_month_after_two_years", text, pub_after(idx, rng), exp,
                {("it_exports", mkey(idx - 1), u)})  # fmt: skip


@template
def rt_span_of_year(rng: random.Random) -> Case:
    """'… from $Q0 in the July-September period of 2023': the page date must not date it."""
    idx = pick_month(rng, FIRST + 12)
    idx -= (idx % 12 - 8) % 12  # a September
    fy = fy_of(idx)
    v, q, q0 = level(rng, idx), level(rng, idx) * 3, level(rng, idx - 12) * 3
    text = (f"{it(rng)} rose to {usd(v, rng)} in {my(idx, rng)}. That took first-quarter exports "
            f"to {usd(q, rng)}, up from {usd(q0, rng)} in the July-September period of "
            f"{ym(idx)[0] - 1}.")  # fmt: skip
    exp = {("it_exports", mkey(idx), v), ("it_exports", f"FY{fy}:Q1", q)}
    return Case("rt_span_of_year", text, pub_after(idx, rng), exp, {("it_exports", f"FY{fy - 1}:Q1", q0)})


@template
def rt_semicolon(rng: random.Random) -> Case:
    """A month before a semicolon that another amount took: 'Remittances … $B in <month before>;
    IT exports came in at $X', 'A year ago, in <Month Year>, … $W; now they are $X'."""
    idx = pick_month(rng, FIRST + 12)
    v, w, big = level(rng, idx), level(rng, idx - 12), rng.randint(2500, 3500)
    name, prev = MONTH_NAMES[idx % 12], MONTH_NAMES[(idx - 1) % 12]
    if rng.random() < 0.5:
        text = (f"A year ago, in {my(idx - 12, rng)}, {it(rng)} were {usd(w, rng)}; now they are "
                f"{usd(v, rng)}.")  # fmt: skip
        return Case("rt_semicolon", text, pub_after(idx, rng), {("it_exports", mkey(idx - 12), w)},
                    {("it_exports", mkey(idx), v)})  # fmt: skip
    text = (f"Remittances stood at {usd(big, rng)} in {name}, down from {usd(big + 100, rng)} in {prev}; "
            f"{it(rng)} came in at {usd(v, rng)}.")  # fmt: skip
    return Case("rt_semicolon", text, pub_after(idx, rng), set(), {("it_exports", mkey(idx), v)})


@template
def rt_expected_after(rng: random.Random) -> Case:
    """'… $Q in July-September, and a further $X of IT exports is expected in October'."""
    idx = pick_month(rng, FIRST + 12)
    idx -= (idx % 12 - 8) % 12  # a September
    q, t = level(rng, idx) * 3, level(rng, idx + 1)
    text = (f"The ministry said {it(rng)} contributed {usd(q, rng)} in July-September, and a further "
            f"{usd(t, rng)} of IT exports {rng.choice(['is expected', 'is projected', 'is likely'])} "
            "in October.")  # fmt: skip
    return Case("rt_expected_after", text, pub_after(idx, rng), {("it_exports", f"FY{fy_of(idx)}:Q1", q)})


@template
def rt_first_month_of_fy(rng: random.Random) -> Case:
    """'… for July, the first month of FY26, stood at $X': July's monthly figure."""
    idx = pick_month(rng)
    idx -= (idx % 12 - 6) % 12  # a July
    if idx < FIRST:
        idx += 12
    v = level(rng, idx)
    text = f"{it(rng)} for July, the first month of FY{fy_of(idx) % 100}, stood at {usd(v, rng)}."
    return Case("rt_first_month_of_fy", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def rt_urdu_shared_unit(rng: random.Random) -> Case:
    """ "نومبر اور اکتوبر میں … 383 اور 386 ملین ڈالر": two values, two months, one unit."""
    idx = pick_month(rng, FIRST + 1)
    v, w = level(rng, idx), level(rng, idx - 1)
    resp = rng.choice(["", "بالترتیب "])
    text = (f"{UR_MONTHS[idx % 12]} اور {UR_MONTHS[(idx - 1) % 12]} میں {UR_IT} {resp}{v} اور {w} "
            "ملین ڈالر رہیں۔")  # fmt: skip
    optional = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 1), w)} if resp else set()
    return Case("rt_urdu_shared_unit", text, pub_after(idx, rng), set(), optional)


@template
def rt_urdu_change_two_months(rng: random.Random) -> Case:
    """ "اکتوبر میں … ستمبر کے $W سے بڑھ کر $V": the base's month sits nearest the change's end."""
    idx = pick_month(rng, FIRST + 1)
    v, w = level(rng, idx), level(rng, idx - 1)
    verb = "بڑھ کر" if v >= w else "کم ہو کر"
    text = (f"{UR_MONTHS[idx % 12]} میں {UR_IT} {UR_MONTHS[(idx - 1) % 12]} کے {w} ملین ڈالر سے {verb} "
            f"{v} ملین ڈالر ہو گئیں۔")  # fmt: skip
    return Case("rt_urdu_change_two_months", text, pub_after(idx, rng), set(),
                {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 1), w)})  # fmt: skip
