"""Stress-corpus templates for confusers: other series, targets, corrections, two years at once.

Written as an adversarial hunt for the held-out set: each template puts a real IT-export
figure next to something that looks like one (remittances, goods or all-services exports,
freelancers, targets, averages, deltas, superseded values, a second year in the same sentence,
a dateline such as "Oct 19"). Only the figures listed are true and the `optional` ones are
let pass (other series, whose labels vary, or undecidable readings); every other figure is wrong.
"""

from __future__ import annotations

import random

from tests.extract.stress_base import (
    FIRST,
    MONTH_NAMES,
    UR_IT,
    UR_MONTHS,
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
    urdu_my,
    urdu_usd,
    usd,
    ym,
)


def _others(idx: int, *values: int) -> set[Fig]:
    """Figures of non-IT series a careful reader may also keep (labels vary)."""
    return {(s, mkey(idx), float(v)) for v in values for s in ("other", "freelance", "telecom_services")}


@template
def confuser_other_series(rng: random.Random) -> Case:
    """Remittances, goods, all-services exports or freelancers beside the IT figure."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    big = rng.randint(2100, 3900)
    other = rng.choice([
        f"Workers' remittances were {usd(big, rng)}",
        f"Goods exports stood at {usd(big, rng)}",
        f"Total services exports reached {usd(big // 3, rng)}",
        f"Freelancers brought in {usd(big // 60, rng)}",
    ])  # fmt: skip
    text = rng.choice([
        f"{other} in {my(idx, rng)}, while {it(rng)} were {usd(v, rng)} in the month.",
        f"{it(rng)} stood at {usd(v, rng)} in {my(idx, rng)}. {other} during the month.",
    ])  # fmt: skip
    return Case("confuser_other_series", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)},
                _others(idx, big, big // 3, big // 60))  # fmt: skip


@template
def confuser_targets(rng: random.Random) -> Case:
    """Targets and projections worded as 'must reach', 'set to cross', 'on course to', Urdu توقع."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    t = round(v * 1.15)
    nxt = my(idx + 1, rng)
    goal = rng.choice([
        f"{it(rng)} must reach {usd(t, rng)} in {nxt} to stay on track.",
        f"{it(rng)} are set to cross {usd(t, rng)} in {nxt}.",
        f"{it(rng)} are on course to touch {usd(t, rng)} in {nxt}, brokers said.",
        f"{it(rng)} are expected to reach {usd(t, rng)} in {nxt}.",
    ])  # fmt: skip
    text = f"{it(rng)} were {usd(v, rng)} in {my(idx, rng)}. {goal}"
    if rng.random() < 0.4:
        text = (f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} رہیں۔ "
                f"{urdu_my(idx + 1)} میں {UR_IT} {urdu_usd(t, rng)} تک پہنچنے کی توقع ہے")  # fmt: skip
    return Case("confuser_targets", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def confuser_revision(rng: random.Random) -> Case:
    """A correction: only the revised value is the month's figure."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    old = v - rng.randint(3, 12)
    text = rng.choice([
        f"{it(rng)} for {my(idx, rng)}, initially reported at {usd(old, rng)}, were revised to "
        f"{usd(v, rng)}.",
        f"{it(rng)} for {my(idx, rng)}, earlier put at {usd(old, rng)}, now stand at {usd(v, rng)}.",
        f"The central bank revised {it(rng)} for {my(idx, rng)} to {usd(v, rng)} from {usd(old, rng)}.",
    ])  # fmt: skip
    return Case("confuser_revision", text, pub_after(idx, rng) if rng.random() < 0.5 else None,
                set(), {("it_exports", mkey(idx), v)})  # fmt: skip


@template
def confuser_two_years(rng: random.Random) -> Case:
    """Two years in one sentence: each amount keeps the period written beside it."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    now, then = my(idx, rng), my(idx - 12, rng)
    text = rng.choice([
        f"{it(rng)} in {now} were {usd(a, rng)} and in {then} {usd(b, rng)}.",
        f"{it(rng)} in {now} were {usd(a, rng)}, the most since {then}'s {usd(b, rng)}.",
        f"In {now}, {it(rng)} were {usd(a, rng)}, and in {then} they were {usd(b, rng)}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)}
    return Case("confuser_two_years", text, pub_after(idx, rng), exp)


@template
def confuser_this_year(rng: random.Random) -> Case:
    """'In October 2024 … ; this year …': the second amount is not October 2024's."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    text = rng.choice([
        f"{it(rng)} in {my(idx - 12, rng)} were {usd(b, rng)}; this year they rose to {usd(a, rng)}.",
        f"{it(rng)} were {usd(b, rng)} in {my(idx - 12, rng)}; a year later they were {usd(a, rng)}.",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx - 12), b)}
    return Case("confuser_this_year", text, pub_after(idx, rng), exp, {("it_exports", mkey(idx), a)})


@template
def confuser_last_year_lead(rng: random.Random) -> Case:
    """'Last year, … in October': October of the year before, never this year's."""
    idx, b = (i := pick_month(rng, FIRST + 12)), level(rng, i - 12)
    name = MONTH_NAMES[idx % 12]
    text = f"Last year, {it(rng)} were {usd(b, rng)} in {name}."
    return Case("confuser_last_year_lead", text, pub_after(idx, rng), set(),
                {("it_exports", mkey(idx - 12), b)})  # fmt: skip


@template
def confuser_compare_span(rng: random.Random) -> Case:
    """'… compare with $Y': an unlabelled base is not this period's second value."""
    idx = pick_month(rng, no_july=True)
    m = ym(idx)[1]
    n = (m - 7) % 12 + 1
    if n < 2 or n == 3 or n == 12:
        idx, n = idx - (n - 2 if n > 2 else 0) + (2 if n < 2 else 0), 2
    f = sum(level(rng, k) for k in range(idx - n + 1, idx + 1))
    g = round(f / 1.2)
    text = f"{it(rng)} of {usd(f, rng)} in the {n} months to {my(idx, rng)} compare with {usd(g, rng)}."
    return Case("confuser_compare_span", text, pub_after(idx, rng), set(), {("it_exports", fytd_key(idx), f)})


@template
def confuser_datelines(rng: random.Random) -> Case:
    """A dateline 'Oct 19' or 'on Nov 19' is a day, not a year; deltas and averages beside."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    pub = pub_after(idx, rng)
    day = f"{MONTH_NAMES[pub.month - 1][:3]} {pub.day}"
    extra = rng.choice([
        f" They rose by {usd(rng.randint(10, 60), rng)} over the previous month.",
        f" They averaged {usd(round(v * 0.9), rng)} a month so far this fiscal year.",
        f" In crore terms, that is {round(v / 10, 1):g} crore dollars.",
        "",
    ])  # fmt: skip
    text = f"KARACHI, {day}: {it(rng)} were {usd(v, rng)} in {MONTH_NAMES[idx % 12]}.{extra}"
    return Case("confuser_datelines", text, pub, {("it_exports", mkey(idx), v)})


@template
def confuser_headline_month(rng: random.Random) -> Case:
    """A month in the headline and another in the body."""
    idx, a, b = (i := pick_month(rng)), level(rng, i), level(rng, i - 1)
    title = f"{it(rng)} climb in {MONTH_NAMES[idx % 12]}"
    text = f"{it(rng)} were {usd(b, rng)} in {my(idx - 1, rng)}, and rose to {usd(a, rng)} the next month."
    return Case("confuser_headline_month", text, pub_after(idx, rng), {("it_exports", mkey(idx - 1), b)},
                {("it_exports", mkey(idx), a)}, title=title)  # fmt: skip


@template
def confuser_urdu_forecasts(rng: random.Random) -> Case:
    """Urdu modal/future verbs ('can reach', 'will reach') and English 'should', 'eyed at'."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    t = round(v * 1.12)
    goal = rng.choice([
        f"{urdu_my(idx + 1)} میں {UR_IT} {urdu_usd(t, rng)} تک پہنچ سکتی ہیں",
        f"{urdu_my(idx + 1)} میں {UR_IT} {urdu_usd(t, rng)} تک پہنچ جائیں گی",
        f"{it(rng)} should reach {usd(t, rng)} in {my(idx + 1, rng)}.",
        f"{it(rng)} are eyed at {usd(t, rng)} in {my(idx + 1, rng)}.",
        f"{it(rng)} are heading for {usd(t, rng)} in {my(idx + 1, rng)}.",
    ])  # fmt: skip
    text = f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} رہیں۔ {goal}"
    return Case("confuser_urdu_forecasts", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def confuser_urdu_this_year(rng: random.Random) -> Case:
    """Urdu 'this year' / 'a year later' after a year-ago month: not that month's figure."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    now = rng.choice(["رواں سال یہ", "اس سال یہ", "ایک سال بعد یہ"])
    text = f"{urdu_my(idx - 12)} میں {UR_IT} {urdu_usd(b, rng)} تھیں، {now} {urdu_usd(a, rng)} ہو گئیں"
    return Case("confuser_urdu_this_year", text, pub_after(idx, rng), {("it_exports", mkey(idx - 12), b)},
                {("it_exports", mkey(idx), a)})  # fmt: skip


@template
def confuser_professional_remittances(rng: random.Random) -> Case:
    """Remittances sent home by IT professionals abroad are not IT exports."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    r = rng.randint(150, 400)
    who = rng.choice(["IT professionals abroad", "overseas IT workers", "IT staff in Dubai"])
    text = f"{it(rng)} were {usd(v, rng)} in {my(idx, rng)}. "
    text += f"Remittances from {who} were {usd(r, rng)} in the month."
    exp = {("it_exports", mkey(idx), v)}
    return Case("confuser_professional_remittances", text, pub_after(idx, rng), exp, _others(idx, r))


@template
def confuser_old_record(rng: random.Random) -> Case:
    """'beating the previous record of $X': the old record's month is not this one."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    old = v - rng.randint(2, 15)
    text = rng.choice([
        f"{it(rng)} hit a record {usd(v, rng)} in {my(idx, rng)}, beating the earlier high of "
        f"{usd(old, rng)}.",
        f"{it(rng)} in {my(idx, rng)} were {usd(v, rng)}, above the previous record of {usd(old, rng)}.",
        f"The previous all-time high of {usd(old, rng)} fell in {my(idx, rng)}, when {it(rng)} were "
        f"{usd(v, rng)}.",
        f"{it(rng)} eased to {usd(v, rng)} in {my(idx, rng)} from the record high of {usd(old + 30, rng)}.",
    ])  # fmt: skip
    return Case("confuser_old_record", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def confuser_month_fy_label(rng: random.Random) -> Case:
    """'October FY25' is October 2024: a month labelled with its fiscal year."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    fy = lambda k: f"FY{(ym(k)[0] + (1 if ym(k)[1] >= 7 else 0)) % 100:02d}"  # noqa: E731
    mon = MONTH_NAMES[idx % 12]
    text = f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)} versus {usd(b, rng)} in {mon} {fy(idx - 12)}."
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)}
    return Case("confuser_month_fy_label", text, pub_after(idx, rng), exp)


@template
def confuser_period_list(rng: random.Random) -> Case:
    """'In FY24 and FY25 were $X and $Y' (respectively): not both under the last period."""
    idx, a, b = (i := pick_month(rng, FIRST + 1)), level(rng, i), level(rng, i - 1)
    text = rng.choice([
        f"{it(rng)} in {MONTH_NAMES[(idx - 1) % 12]} and {my(idx, rng)} were {usd(b, rng)} and "
        f"{usd(a, rng)}.",
        f"{it(rng)} in FY{fy_of(idx) % 100 - 1} and FY{fy_of(idx) % 100} were {usd(b * 12, rng)} and "
        f"{usd(a * 12, rng)}, respectively.",
    ])  # fmt: skip
    opt = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)}
    opt |= {("it_exports", f"FY{fy_of(idx)}", a * 12), ("it_exports", f"FY{fy_of(idx) - 1}", b * 12)}
    return Case("confuser_period_list", text, pub_after(idx, rng), set(), opt)


@template
def confuser_report_month(rng: random.Random) -> Case:
    """'The October 2025 SBP report put …': the report's month is not the data's."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    issue = my(idx + 1, rng)
    text = rng.choice([
        f"The {issue} SBP report put {it(rng)} at {usd(v, rng)}.",
        f"{it(rng)} were {usd(v, rng)}, the central bank's {issue} bulletin said.",
        f"{it(rng)} stood at {usd(v, rng)} in {MONTH_NAMES[idx % 12]}, the {issue} review showed.",
    ])  # fmt: skip
    opt = {("it_exports", mkey(idx), v)}
    return Case("confuser_report_month", text, pub_after(idx, rng), set(), opt)


@template
def confuser_urdu_revision(rng: random.Random) -> Case:
    """Urdu 'earlier reported as $X': a superseded value, not the month's figure."""
    idx, v = (i := pick_month(rng)), level(rng, i)
    old = v - rng.randint(3, 12)
    text = f"{urdu_my(idx)} کی {UR_IT} پہلے {urdu_usd(old, rng)} بتائی گئی تھیں"
    return Case("confuser_urdu_revision", text, pub_after(idx, rng), set())


@template
def confuser_year_ago_of_which(rng: random.Random) -> Case:
    """'… in October, up from $Y in September and $Z a year earlier': a year before which month?"""
    idx, a, b, c = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 1), level(rng, i - 12)
    prev = MONTH_NAMES[(idx - 1) % 12]
    text = f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, up from {usd(b, rng)} in {prev} and "
    text += f"{usd(c, rng)} a year earlier."
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)}
    opt = {("it_exports", mkey(idx - 12), c)}
    return Case("confuser_year_ago_of_which", text, pub_after(idx, rng), exp, opt)


@template
def confuser_base_first(rng: random.Random) -> Case:
    """A comparison base named first: 'Compared with October 2024, IT exports rose to $Y'."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    then = my(idx - 12, rng)
    text = rng.choice([
        f"Compared with {then}, {it(rng)} rose to {usd(a, rng)}.",
        f"Unlike {then}, {it(rng)} were {usd(a, rng)}.",
        f"{it(rng)}, which were {usd(b, rng)} in {then}, rose to {usd(a, rng)}.",
        f"After {then}'s {usd(b, rng)}, {it(rng)} climbed to {usd(a, rng)}.",
        f"{it(rng)} were {usd(b, rng)} in the same month last year, while the ministry put them at "
        f"{usd(a, rng)}.",
    ])  # fmt: skip
    opt = {("it_exports", mkey(idx - 12), b), ("it_exports", mkey(idx), a)}
    return Case("confuser_base_first", text, pub_after(idx, rng), set(), opt)


@template
def confuser_urdu_order(rng: random.Random) -> Case:
    """Urdu year before month ('2024 کے اکتوبر') and 'the month before that' (اس سے پچھلے ماہ)."""
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 1)
    y, m = ym(idx - 12)
    if rng.random() < 0.5:
        text = f"{UR_IT} {y} کے {UR_MONTHS[m - 1]} میں {urdu_usd(b, rng)} تھیں"
        return Case("confuser_urdu_order", text, pub_after(idx, rng), {("it_exports", mkey(idx - 12), b)})
    text = f"گزشتہ ماہ {UR_IT} {urdu_usd(a, rng)} رہیں جبکہ اس سے پچھلے ماہ {urdu_usd(b, rng)} تھیں"
    exp = {("it_exports", mkey(idx), a)}
    return Case("confuser_urdu_order", text, pub_after(idx, rng), exp, {("it_exports", mkey(idx - 1), b)})


@template
def confuser_forward_month(rng: random.Random) -> Case:
    """A bare month after a month-year with no comparison cue may be the month after it."""
    idx, a, b = (i := pick_month(rng, FIRST + 1)), level(rng, i), level(rng, i - 1)
    nxt = MONTH_NAMES[idx % 12]
    text = rng.choice([
        f"{it(rng)} were {usd(b, rng)} in {my(idx - 1, rng)}, and in {nxt} they climbed to {usd(a, rng)}.",
        f"{it(rng)} for {my(idx - 1, rng)} came in at {usd(b, rng)}, with {nxt} at {usd(a, rng)}.",
        f"{urdu_my(idx - 1)} میں {UR_IT} {urdu_usd(b, rng)} رہیں، {UR_MONTHS[idx % 12]} میں یہ بڑھ کر "
        f"{urdu_usd(a, rng)} ہو گئیں",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx - 1), b)}
    return Case("confuser_forward_month", text, pub_after(idx, rng), exp, {("it_exports", mkey(idx), a)})


@template
def confuser_urdu_month_ago(rng: random.Random) -> Case:
    """Urdu 'a month ago' (ایک ماہ قبل) is the month before, not a one-month span."""
    idx, a, b = (i := pick_month(rng, FIRST + 1)), level(rng, i), level(rng, i - 1)
    text = f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(a, rng)} رہیں جو ایک ماہ قبل {urdu_usd(b, rng)} تھیں"
    exp = {("it_exports", mkey(idx), a)}
    return Case("confuser_urdu_month_ago", text, pub_after(idx, rng), exp, {("it_exports", mkey(idx - 1), b)})
