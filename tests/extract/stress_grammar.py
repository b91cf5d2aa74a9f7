"""A generated stress corpus: our own phrasings of how figures are written, with their truth.

Each template renders one small article (English or Urdu) from random months, years and
values, and says which figures it states (`expected`), which a careful reader may or may not
resolve (`optional`, e.g. a typo year that the fiscal-year frame corrects) and nothing else:
every other figure the extractor returns is a false positive. Values stay inside the
plausibility band so that the grammar, not the band, is what is tested.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tracker.extract.figures import typical_monthly
from tracker.model import MONTH_NAMES, fiscal_year_of

Fig = tuple[str, str, float]

UR_MONTHS = [
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
]
UR_WORDS = {
    14: "چودہ", 20: "بیس", 24: "چوبیس", 25: "پچیس", 28: "اٹھائیس", 30: "تیس", 31: "اکتیس", 33: "تینتیس",
    35: "پینتیس", 36: "چھتیس", 38: "اڑتیس", 40: "چالیس", 42: "بیالیس", 44: "چوالیس", 45: "پینتالیس",
}  # fmt: skip
FIRST = 2019 * 12 + 7  # first month generated (an index: year*12 + month-1)
LAST = 2026 * 12 + 1


@dataclass
class Case:
    """One rendered article and the figures it states."""

    template: str
    text: str
    published: date | None
    expected: set[Fig]
    optional: set[Fig] = field(default_factory=set)
    title: str | None = None


# -- small renderers ----------------------------------------------------------------------
def ym(idx: int) -> tuple[int, int]:
    return idx // 12, idx % 12 + 1


def mkey(idx: int) -> str:
    y, m = ym(idx)
    return f"{y}-{m:02d}"


def fy_of(idx: int) -> int:
    return fiscal_year_of(*ym(idx))


def fytd_key(idx: int) -> str:
    """July through `idx`: the labels call Jul–Sep a quarter and Jul–Jun the year."""
    fy, m = fy_of(idx), ym(idx)[1]
    return f"FY{fy}" if m == 6 else f"FY{fy}:Q1" if m == 9 else f"FY{fy}:07-{m:02d}"


def mname(idx: int, rng: random.Random, short: bool = True) -> str:
    name = MONTH_NAMES[idx % 12]
    return name[:3] if short and rng.random() < 0.2 and name != "May" else name


def my(idx: int, rng: random.Random) -> str:
    """An explicit month with its year, in one of the ways news writes it."""
    y, m = ym(idx)
    name = MONTH_NAMES[m - 1]
    return rng.choice([f"{name} {y}", f"{name}, {y}", f"{name[:3]} {y}" if m != 5 else f"{name} {y}"])


def pub_after(idx: int, rng: random.Random) -> date:
    """A page date in the month after `idx`, when SBP's figure for `idx` is out."""
    y, m = ym(idx + 1)
    return date(y, m, rng.randint(17, 28))


def level(rng: random.Random, idx: int, lo: float = 0.8, hi: float = 1.3) -> int:
    return round(typical_monthly(fy_of(idx)) * rng.uniform(lo, hi))


def usd(v: float, rng: random.Random) -> str:
    """An English dollar amount of `v` US$ millions."""
    if v >= 1000 and rng.random() < 0.7:
        b = f"{v / 1000:.3f}".rstrip("0").rstrip(".")
        return rng.choice([f"${b} billion", f"${b}bn", f"US${b} billion", f"USD {b} billion"])
    return rng.choice(
        [f"${v:g} million", f"${v:g}m", f"${v:g}mn", f"US${v:g} million", f"USD {v:g} million",
         f"{v:g} million U.S. dollars", f"{v:g} million US dollars"]
    )  # fmt: skip


def urdu_usd(v: int, rng: random.Random) -> str:
    """An Urdu dollar amount of `v` US$ millions: ملین, crore/lakh/arab, Urdu digits or words."""
    style = rng.randrange(4)
    if style == 0:
        return f"{v} ملین ڈالر"
    if style == 1:
        return f"{str(v).translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))} ملین ڈالرز"
    arab, rest = divmod(v, 1000)
    crore, lakh10 = divmod(rest, 10)
    if style == 2 and arab == 0 and lakh10 == 0 and crore in UR_WORDS:
        return f"{UR_WORDS[crore]} کروڑ ڈالر"
    parts = ([f"{arab} ارب"] if arab else []) + ([f"{crore} کروڑ"] if crore else [])
    parts += [f"{lakh10 * 10} لاکھ"] if lakh10 else []
    return " ".join(parts) + " ڈالر"


def urdu_my(idx: int) -> str:
    y, m = ym(idx)
    return f"{UR_MONTHS[m - 1]} {y}"


def it(rng: random.Random) -> str:
    return rng.choice(["IT exports", "Pakistan's IT exports", "ICT exports",
                       "IT and IT-enabled services exports",
                       "exports of telecommunication, computer and information services"])  # fmt: skip


UR_IT = "آئی ٹی برآمدات"

Template = Callable[[random.Random], Case]
TEMPLATES: dict[str, Template] = {}


def template(fn: Template) -> Template:
    TEMPLATES[fn.__name__] = fn
    return fn


def _month(
    rng: random.Random, lo: int = FIRST, hi: int = LAST, no_july: bool = False, no_june: bool = False
) -> int:
    while True:
        idx = rng.randint(lo, hi)
        if not (no_july and idx % 12 == 6) and not (no_june and idx % 12 == 5):
            return idx


# -- English levels -------------------------------------------------------------------------
@template
def level_explicit(rng: random.Random) -> Case:
    idx, v = (i := _month(rng)), level(rng, i)
    verb = rng.choice(["stood at", "were", "rose to", "amounted to", "came in at", "reached", "totalled"])
    text = rng.choice([f"{it(rng)} {verb} {usd(v, rng)} in {my(idx, rng)}.",
                       f"In {my(idx, rng)}, {it(rng)} {verb} {usd(v, rng)}."])  # fmt: skip
    return Case(
        "level_explicit", text, rng.choice([None, pub_after(idx, rng)]), {("it_exports", mkey(idx), v)}
    )


@template
def level_bare_month(rng: random.Random) -> Case:
    idx, v = (i := _month(rng)), level(rng, i)
    text = rng.choice([f"{it(rng)} were {usd(v, rng)} in {mname(idx, rng)}, the central bank said.",
                       f"During {mname(idx, rng)}, {it(rng)} amounted to {usd(v, rng)}."])  # fmt: skip
    return Case("level_bare_month", text, pub_after(idx, rng), {("it_exports", mkey(idx), v)})


@template
def yoy_same_month(rng: random.Random) -> Case:
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(["the same month last year", "the corresponding month of the previous year",
                      "a year earlier"])  # fmt: skip
    text = f"{it(rng)} stood at {usd(a, rng)} in {my(idx, rng)}, up from {usd(b, rng)} in {rel}."
    return Case(
        "yoy_same_month",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)},
    )


@template
def mom_previous_month(rng: random.Random) -> Case:
    idx, a, b = (i := _month(rng)), level(rng, i), level(rng, i - 1)
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
    idx, a, b = (i := _month(rng)), level(rng, i), level(rng, i - 1)
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
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(
        ["during the previous year in", "a year earlier in", "last year in", "in the previous year, in"]
    )
    then = my(idx - 12, rng)
    text = f"{it(rng)} were {usd(a, rng)} in {my(idx, rng)}, compared to {usd(b, rng)} {rel} {then}."
    return Case(
        "explicit_beats_relative",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)},
    )


# Issue class: "during the month" after a year-to-date sentence is the last named month.
@template
def fytd_then_during_the_month(rng: random.Random) -> Case:
    idx = _month(rng, FIRST + 12, no_july=True, no_june=True)
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
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
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
    idx, a = (i := _month(rng)), level(rng, i, 1.2, 1.4)
    head = f"IT exports hit record {usd(a, rng)} in {mname(idx, rng, short=False)}"
    body = f"The State Bank said exports of IT services grew {rng.randint(5, 40)}% year on year."
    return Case("record_headline", f"{head}\n{body}", pub_after(idx, rng), {("it_exports", mkey(idx), a)})


# -- year-to-date spans, quarters, fiscal years ------------------------------------------------
@template
def fytd_span(rng: random.Random) -> Case:
    idx = _month(rng, FIRST + 1, no_july=True)
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
    idx, v = (i := _month(rng)), level(rng, i)
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


# -- Urdu ----------------------------------------------------------------------------------------
@template
def urdu_level(rng: random.Random) -> Case:
    idx, v = (i := _month(rng)), level(rng, i)
    verb = rng.choice(["رہیں", "ریکارڈ کی گئیں", "تک پہنچ گئیں", "رہی تھیں"])
    text = rng.choice([f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} {verb}",
                       f"اسٹیٹ بینک کے مطابق {UR_IT} {urdu_my(idx)} کے دوران "
                       f"{urdu_usd(v, rng)} {verb}"])  # fmt: skip
    return Case("urdu_level", text, rng.choice([None, pub_after(idx, rng)]), {("it_exports", mkey(idx), v)})


@template
def urdu_fytd(rng: random.Random) -> Case:
    idx = _month(rng, FIRST + 1, no_july=True)
    n = (idx % 12 - 6) % 12 + 1
    f = round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.9, 1.1))
    text = f"رواں مالی سال کے ابتدائی {n} ماہ میں {UR_IT} {urdu_usd(f, rng)} رہیں"
    kind = fytd_key(idx)
    return Case("urdu_fytd", text, pub_after(idx, rng), {("it_exports", kind, f)})


# Issue class: Urdu delta verbs are deltas, not levels.
@template
def urdu_delta(rng: random.Random) -> Case:
    idx, v, d = (i := _month(rng)), level(rng, i), rng.randint(11, 95)
    text = rng.choice([
        f"{urdu_my(idx)} میں {UR_IT} میں گزشتہ سال کے مقابلے میں {d} ملین ڈالر کا اضافہ ہوا",
        f"{urdu_my(idx)} میں {UR_IT} سالانہ بنیاد پر {d} ملین ڈالر بڑھ گئیں",
        f"{urdu_my(idx)} میں {UR_IT} {d} ملین ڈالر اضافے کے ساتھ {urdu_usd(v, rng)} رہیں",
        f"{urdu_my(idx)} میں {UR_IT} {d} ملین ڈالر کے اضافے سے {urdu_usd(v, rng)} ہو گئیں",
        f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} رہیں جو پچھلے سال سے {d} ملین ڈالر زیادہ ہیں",
    ])  # fmt: skip
    exp = {("it_exports", mkey(idx), v)} if "رہیں" in text or "ہو گئیں" in text else set()
    return Case("urdu_delta", text, pub_after(idx, rng), exp)


# Issue class: Urdu "same month last (fiscal) year", "جو N ملین ڈالر تھی", lower bounds.
@template
def urdu_same_month_last_year(rng: random.Random) -> Case:
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(["گزشتہ مالی سال کے اسی مہینے", "گزشتہ سال کے اسی ماہ", "پچھلے مالی سال کے اسی ماہ"])
    text = rng.choice([
        f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(a, rng)} رہیں، جبکہ {rel} میں یہ {urdu_usd(b, rng)} تھیں",
        f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(a, rng)} رہیں جو {rel} میں {b} ملین ڈالر تھی",
        f"{UR_IT} {urdu_my(idx)} میں {urdu_usd(a, rng)} رہیں، {rel} میں یہ {b} ملین ڈالر سے زائد تھیں",
    ])  # fmt: skip
    return Case("urdu_same_month_last_year", text, pub_after(idx, rng),
                {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)})  # fmt: skip


# Issue class: an Urdu headline amount belongs to the newest month of the body.
@template
def urdu_headline(rng: random.Random) -> Case:
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 1)
    head = f"{UR_IT} {urdu_usd(a, rng)} کی ریکارڈ سطح پر پہنچ گئیں"
    body = (f"گزشتہ ماہ {UR_MONTHS[(idx - 1) % 12]} میں {UR_IT} {urdu_usd(b, rng)} تھیں، "
            f"جبکہ {UR_MONTHS[idx % 12]} میں برآمدات میں {rng.randint(5, 30)} فیصد اضافہ ہوا")  # fmt: skip
    return Case("urdu_headline", f"{head}\n{body}", pub_after(idx, rng),
                {("it_exports", mkey(idx - 1), b)}, {("it_exports", mkey(idx), a)})  # fmt: skip


def render(n: int, seed: int = 15) -> list[Case]:
    """`n` cases, cycling through the templates, reproducible from `seed`."""
    rng = random.Random(seed)
    names = sorted(TEMPLATES)
    return [TEMPLATES[names[k % len(names)]](rng) for k in range(n)]


@template
def month_last_year(rng: random.Random) -> Case:
    """`… against $Y in October last year`: the month of the year before, not this one."""
    idx, a, b = (i := _month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
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
    idx, a, b = (i := _month(rng)), level(rng, i), level(rng, i - 1)
    text = f"Month-on-month, {it(rng)} rose from {usd(b, rng)} to {usd(a, rng)} in {my(idx, rng)}."
    return Case(
        "month_on_month_pair",
        text,
        pub_after(idx, rng),
        {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 1), b)},
    )
