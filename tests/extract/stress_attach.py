"""Stress-corpus templates for attachment and refusals (issue 15, third pass): lists under
"respectively", from/to with one dated end, "last <Month>", comparison bases that must not
anchor later sentences, pronouns after another series, and amounts that are not figures
(conditions, requirements, estimates, negations, ranges, a city's exports).

Our own phrasings; see `stress_frames.py` for the period and series frames of the same pass.
"""

from __future__ import annotations

import random
from datetime import date

from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    UR_IT,
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
    urdu_my,
    urdu_usd,
    usd,
)


@template
def month_abbreviated_with_dot(rng: random.Random) -> Case:
    """'Jan. 2025', 'Sept. 2024': the dot of an abbreviated month does not end the sentence."""
    idx = pick_month(rng)
    v = level(rng, idx)
    y, m = idx // 12, idx % 12 + 1
    name = MONTH_NAMES[m - 1]
    short = "Sept" if m == 9 else name[:3]
    if m in (5, 6, 7):
        short = name  # May, June, July are not abbreviated with a dot
    written = f"{short}. {y}" if short != name else f"{name} {y}"
    text = rng.choice(
        [
            f"{it(rng)} for the month of {written} were {usd(v, rng)}.",
            f"In {written}, {it(rng)} stood at {usd(v, rng)}.",
        ]
    )
    return Case(
        "month_abbreviated_with_dot",
        text,
        rng.choice([None, pub_after(idx, rng)]),
        {("it_exports", mkey(idx), v)},
    )


@template
def earned_from_source(rng: random.Random) -> Case:
    """'earned $X from IT exports in <Month>': 'from' names the source, not a comparison base."""
    idx = pick_month(rng, no_july=True)
    v, b = level(rng, idx), level(rng, idx - 1)
    src = rng.choice(
        ["IT exports", "ICT exports", "the export of IT services", "information technology services"]
    )
    verb = rng.choice(["earned", "fetched", "brought in", "received"])
    text = f"Pakistan {verb} {usd(v, rng)} from {src} in {my(idx, rng)}"
    exp = {("it_exports", mkey(idx), v)}
    if rng.random() < 0.5:
        text += f", up from {usd(b, rng)} in {MONTH_NAMES[(idx - 1) % 12]}"
        exp.add(("it_exports", mkey(idx - 1), b))
    return Case("earned_from_source", text + ".", rng.choice([None, pub_after(idx, rng)]), exp)


@template
def respectively_lists(rng: random.Random) -> Case:
    """Two lists paired by 'respectively'; without the word, which is which is not said."""
    idx = pick_month(rng, FIRST + 2)
    while idx % 12 < 2:  # keep the listed months in one calendar year ("November and December 2024")
        idx = pick_month(rng, FIRST + 2)
    a, b, c = level(rng, idx - 2), level(rng, idx - 1), level(rng, idx)
    y, n = idx // 12, MONTH_NAMES
    pub = pub_after(idx, rng)
    fy = rng.randint(2020, 2025)
    fa, fb = (round(typical_monthly(f) * 12 * rng.uniform(0.95, 1.05)) for f in (fy - 1, fy))
    shape = rng.randrange(5)
    if shape == 0:
        text = (
            f"{it(rng)} for {n[(idx - 1) % 12]} and {n[idx % 12]} {y} were {usd(b, rng)} and "
            f"{usd(c, rng)}, respectively."
        )
        exp = {("it_exports", mkey(idx - 1), b), ("it_exports", mkey(idx), c)}
    elif shape == 1:
        text = (
            f"{it(rng)} in {n[(idx - 2) % 12]}, {n[(idx - 1) % 12]} and {n[idx % 12]} {y} stood at "
            f"{usd(a, rng)}, {usd(b, rng)} and {usd(c, rng)} respectively."
        )
        exp = {
            ("it_exports", mkey(idx - 2), a),
            ("it_exports", mkey(idx - 1), b),
            ("it_exports", mkey(idx), c),
        }
    elif shape == 2:
        text = (
            f"{it(rng)} were {usd(b, rng)} and {usd(c, rng)} in {n[(idx - 1) % 12]} and "
            f"{n[idx % 12]} {y}, respectively."
        )
        exp = {("it_exports", mkey(idx - 1), b), ("it_exports", mkey(idx), c)}
    elif shape == 3:
        text = (
            f"{it(rng)} in FY{(fy - 1) % 100} and FY{fy % 100} stood at {usd(fa, rng)} and "
            f"{usd(fb, rng)}, respectively."
        )
        exp, pub = {("it_exports", f"FY{fy - 1}", fa), ("it_exports", f"FY{fy}", fb)}, date(fy, 8, 20)
    else:  # no "respectively": nothing is certain, either reading may pass
        text = f"{it(rng)} were {usd(fa, rng)} and {usd(fb, rng)} in FY{(fy - 1) % 100} and FY{fy % 100}."
        opt = {("it_exports", f"FY{fy - 1}", fa), ("it_exports", f"FY{fy}", fb)}
        return Case("respectively_lists", text, date(fy, 8, 20), set(), opt)
    return Case("respectively_lists", text, pub, exp)


@template
def from_dated_to_undated(rng: random.Random) -> Case:
    """'grew from $X in <Month Year> to $Y': the 'to' amount does not take the 'from' period."""
    idx = pick_month(rng, FIRST + 12)
    v, b = level(rng, idx), level(rng, idx - 12)
    verb = rng.choice(["have grown", "rose", "climbed", "went up"])
    text = f"{it(rng)} {verb} from {usd(b, rng)} in {my(idx - 12, rng)} to {usd(v, rng)}."
    opt = {("it_exports", mkey(idx), v)}  # the page's newest month, if a reader assumes it
    return Case("from_dated_to_undated", text, pub_after(idx, rng), {("it_exports", mkey(idx - 12), b)}, opt)


@template
def base_amount_first(rng: random.Random) -> Case:
    """'Compared to <Month>'s $X, IT exports in <Month> rose to $Y': the base took its own
    month, so the second month is free for the level after it."""
    idx = pick_month(rng, FIRST + 1, no_july=True)
    v, b = level(rng, idx), level(rng, idx - 1)
    lead = rng.choice(["Compared to", "Compared with", "Against", "Up from"])
    base = f"{MONTH_NAMES[(idx - 1) % 12]}'s {usd(b, rng)}"
    text = f"{lead} {base}, {it(rng)} in {my(idx, rng)} rose to {usd(v, rng)}."
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 1), b)}
    return Case("base_amount_first", text, pub_after(idx, rng), exp)


@template
def it_and_telecom_total(rng: random.Random) -> Case:
    """'IT and telecom services' together are the ICT total; 'telecom services' alone are not."""
    idx = pick_month(rng)
    v = level(rng, idx)
    t = round(v * rng.uniform(0.12, 0.2), 1)
    name = rng.choice(
        [
            "Exports of IT and telecom services",
            "IT and telecom exports",
            "IT & telecommunication services exports",
        ]
    )
    text = f"{name} were {usd(v, rng)} in {my(idx, rng)}"
    exp = {("it_exports", mkey(idx), v)}
    if rng.random() < 0.5:
        text += f", with telecom services at {usd(t, rng)}"
        exp.add(("telecom_services", mkey(idx), t))
    return Case("it_and_telecom_total", text + ".", rng.choice([None, pub_after(idx, rng)]), exp)


@template
def hypotheticals_and_negations(rng: random.Random) -> Case:
    """Conditions, requirements, estimates, negated values, net figures and one city's exports
    beside the month's real level."""
    idx = pick_month(rng)
    v = level(rng, idx)
    x = v + rng.randint(15, 60)
    m = my(idx, rng)
    shape = rng.randrange(6)
    exp: set[Fig] = {("it_exports", mkey(idx), v)}
    opt: set[Fig] = set()
    if shape == 0:
        text = f"If {it(rng)} reach {usd(x, rng)} in {m}, the yearly goal is in sight."
        exp = set()
    elif shape == 1:
        text = f"{it(rng)} fell short of the {usd(x, rng)} consensus estimate in {m}, at {usd(v, rng)}."
    elif shape == 2:
        text = f"{it(rng)} in {m} were {usd(v, rng)}, below the monthly requirement of {usd(x, rng)}."
    elif shape == 3:
        neg = rng.choice(["not", "and not"])
        text = f"{it(rng)} in {m} were {usd(v, rng)}, {neg} {usd(x, rng)} as first said."
    elif shape == 4:
        n = round(v * 0.8)
        text = f"{it(rng)} in {m} were {usd(v, rng)}; net IT exports were {usd(n, rng)}."
        opt = {("other", mkey(idx), n)}
    else:
        k = round(v * 0.4)
        city = rng.choice(["Karachi's", "Lahore's", "Punjab's"])
        text = (
            f"{city} IT exports in {m} were {usd(k, rng)}. Nationally, {it(rng)} were {usd(v, rng)} in {m}."
        )
        opt = {("other", mkey(idx), k)}
    return Case("hypotheticals_and_negations", text, rng.choice([None, pub_after(idx, rng)]), exp, opt)


@template
def urdu_negation_and_region(rng: random.Random) -> Case:
    """Urdu 'نہ کہ $X' (not $X) and a city's or province's exports beside the month's level."""
    idx = pick_month(rng)
    v = level(rng, idx)
    when = urdu_my(idx)
    if rng.random() < 0.5:
        x = v + rng.randint(15, 60)
        text = f"{when} میں {UR_IT} {urdu_usd(v, rng)} رہیں، نہ کہ {urdu_usd(x, rng)}"
        return Case("urdu_negation_and_region", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})
    k = round(v * 0.4)
    place = rng.choice(["کراچی کی", "لاہور کی", "پنجاب سے", "سندھ کی"])
    text = (
        f"{place} آئی ٹی برآمدات {when} میں {urdu_usd(k, rng)} رہیں۔ "
        f"ملک بھر میں {when} کے دوران {UR_IT} {urdu_usd(v, rng)} رہیں"
    )
    opt: set[Fig] = {("other", mkey(idx), k)}
    return Case("urdu_negation_and_region", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)}, opt)


@template
def ranges_not_figures(rng: random.Random) -> Case:
    """A range ("$340m-$350m", "between … and …", "$340m to $350m") is not a figure; a change
    and a level ("rose $36m to $348m") are not a range."""
    idx = pick_month(rng)
    v = level(rng, idx)
    lo, hi = v - rng.randint(3, 10), v + rng.randint(3, 10)
    m = my(idx, rng)
    shape = rng.randrange(4)
    if shape == 0:
        text = f"{it(rng)} in {m} were estimated at {usd(lo, rng)}-{usd(hi, rng)}."
    elif shape == 1:
        text = f"{it(rng)} in {m} were between {usd(lo, rng)} and {usd(hi, rng)}, bankers said."
    elif shape == 2:
        text = f"Bankers put {it(rng)} in {m} at {usd(lo, rng)} to {usd(hi, rng)}."
    else:
        d = rng.randint(10, 60)
        text = f"{it(rng)} rose {usd(d, rng)} to {usd(v, rng)} in {m}."
        return Case("ranges_not_figures", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})
    return Case("ranges_not_figures", text, pub_after(idx, rng), set())


@template
def comparison_not_anchor(rng: random.Random) -> Case:
    """'during the month/period' after a comparison base refers to the period reported, not
    to the base ("… grew 11% from $312m in November. Computer services were $280m during the month")."""
    idx = pick_month(rng, FIRST + 13, no_july=True)
    if rng.random() < 0.5:
        v, b = level(rng, idx), level(rng, idx - 1)
        c = round(v * 0.8)
        text = (
            f"{it(rng)} rose to {usd(v, rng)} in {my(idx, rng)}. On a month-on-month basis, exports grew "
            f"{rng.randint(3, 15)}% from {usd(b, rng)} in {MONTH_NAMES[(idx - 1) % 12]}.\n"
            f"Computer services exports were {usd(c, rng)} during the month."
        )
        exp = {
            ("it_exports", mkey(idx), v),
            ("it_exports", mkey(idx - 1), b),
            ("computer_services", mkey(idx), c),
        }
        return Case("comparison_not_anchor", text, pub_after(idx, rng), exp)
    fy, last = fy_of(idx), MONTH_NAMES[idx % 12]
    n = (idx % 12 + 1 - 7) % 12 + 1
    s, s0 = (round(typical_monthly(f) * n * rng.uniform(0.95, 1.05)) for f in (fy, fy - 1))
    c = round(s * 0.8)
    text = (
        f"{it(rng)} were {usd(s, rng)} in July-{last} FY{fy % 100}, up from {usd(s0, rng)} in "
        f"July-{last} FY{(fy - 1) % 100}. Computer services were {usd(c, rng)} during the period."
    )
    exp = {
        ("it_exports", fytd_key(idx), s),
        ("it_exports", fytd_key(idx - 12), s0),
        ("computer_services", fytd_key(idx), c),
    }
    return Case("comparison_not_anchor", text, pub_after(idx, rng), exp)


@template
def pronoun_after_other_series(rng: random.Random) -> Case:
    """'They stood at $X' after a sentence about remittances or goods is about those, not IT."""
    fy = rng.randint(2021, 2025)
    v = round(typical_monthly(fy) * 12 * rng.uniform(0.95, 1.05))
    big = round(typical_monthly(fy) * 12 * rng.uniform(3, 9))
    prev = round(v * rng.uniform(0.8, 0.95))  # sized like an IT total, so only words can tell
    other = rng.choice(["Workers' remittances", "Textile exports", "Goods exports", "Home remittances"])
    pron = rng.choice(["They", "These", "The figure"])
    text = (
        f"{it(rng)} were {usd(v, rng)} in FY{fy % 100}. {other} reached {usd(big, rng)} in FY{fy % 100}. "
        f"{pron} stood at {usd(prev, rng)} in FY{(fy - 1) % 100}."
    )
    opt: set[Fig] = {("other", f"FY{fy}", big), ("other", f"FY{fy - 1}", prev)}
    return Case("pronoun_after_other_series", text, date(fy, 8, 20), {("it_exports", f"FY{fy}", v)}, opt)


@template
def last_named_month(rng: random.Random) -> Case:
    """'last December' beside December is the December before it; alone, the newest December."""
    idx = pick_month(rng, FIRST + 12)
    v, b = level(rng, idx), level(rng, idx - 12)
    name = MONTH_NAMES[idx % 12]
    shape = rng.randrange(3)
    if shape == 0:
        text = f"{it(rng)} in {name} were {usd(v, rng)} versus {usd(b, rng)} last {name}."
    elif shape == 1:
        text = f"{it(rng)} in {name} were {usd(v, rng)}. Last {name}, they were {usd(b, rng)}."
    else:
        text = f"{it(rng)} last {name} were {usd(v, rng)}."
        return Case(
            "last_named_month", text, pub_after(idx + rng.randint(0, 9), rng), {("it_exports", mkey(idx), v)}
        )
    exp = {("it_exports", mkey(idx), v), ("it_exports", mkey(idx - 12), b)}
    return Case("last_named_month", text, pub_after(idx, rng), exp)


@template
def month_of_previous_year(rng: random.Random) -> Case:
    """'<Month> of the previous year' after that month was named: in a January article about
    December, 'the previous year' may be counted from now or from the December just named."""
    idx = pick_month(rng, FIRST + 12) if rng.random() < 0.5 else 12 * rng.randint(2020, 2025) + 11
    v, b = level(rng, idx), level(rng, idx - 12)
    name = MONTH_NAMES[idx % 12]
    rel = rng.choice(["of the previous year", "of last year", "last year", "a year earlier"])
    text = (
        f"{it(rng)} rose to {usd(v, rng)} in {name}. This was {rng.randint(10, 40)}% more than the "
        f"{usd(b, rng)} recorded in {name} {rel}."
    )
    pub = pub_after(idx, rng)
    year_ago = ("it_exports", mkey(idx - 12), b)
    exp, opt = {("it_exports", mkey(idx), v)}, set()
    (opt if pub.year != idx // 12 else exp).add(year_ago)
    return Case("month_of_previous_year", text, pub, exp, opt)


@template
def urdu_ranges_and_from_change(rng: random.Random) -> Case:
    """Urdu 'X سے Y کے درمیان' (between X and Y) is no figure; in 'X سے بڑھ کر Y' (rose from X
    to Y) the month before the pair is Y's, and X's period is not said."""
    idx = pick_month(rng, FIRST + 12)
    v = level(rng, idx)
    when = urdu_my(idx)
    if rng.random() < 0.5:
        lo, hi = v - rng.randint(3, 10), v + rng.randint(3, 10)
        text = f"{when} میں {UR_IT} {urdu_usd(lo, rng)} سے {urdu_usd(hi, rng)} کے درمیان رہیں"
        return Case("urdu_ranges_and_from_change", text, pub_after(idx, rng), set())
    b = round(v * rng.uniform(0.75, 0.95))
    verb = rng.choice(["بڑھ کر", "بڑھ کر ریکارڈ"])
    text = f"{when} میں {UR_IT} {urdu_usd(b, rng)} سے {verb} {urdu_usd(v, rng)} ہو گئیں"
    opt: set[Fig] = {("it_exports", mkey(idx - 1), b), ("it_exports", mkey(idx - 12), b)}
    return Case("urdu_ranges_and_from_change", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)}, opt)


@template
def year_before_in_possessive(rng: random.Random) -> Case:
    """ "last year's <Month>" beside "<Month Year>" in one sentence: the possessive names the year
    before, not the page date's newest such month; one month never takes both amounts."""
    idx = pick_month(rng, lo=FIRST + 12)
    v, b = level(rng, idx), level(rng, idx - 12, 0.6, 0.75)
    name = MONTH_NAMES[idx % 12]
    before = rng.choice(["Last year's", "The previous year's", "Last year’s"])
    series = it(rng)
    text = rng.choice(
        [
            f"{before} {name} {it(rng)} of {usd(b, rng)} were surpassed in {my(idx, rng)} "
            f"with {usd(v, rng)}.",
            f"{series[0].upper()}{series[1:]} were {usd(v, rng)} in {my(idx, rng)}, beating "
            f"{before.lower()} {name} figure of {usd(b, rng)}.",
        ]
    )
    return Case(
        "year_before_in_possessive",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), v)},
        optional={("it_exports", mkey(idx - 12), b)},
    )
