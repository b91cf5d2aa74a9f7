"""The stress corpus's vocabulary: cases, renderers of months and amounts, the template registry.

A generated stress corpus: our own phrasings of how figures are written, with their truth.

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

from tracker.extract.band import typical_monthly
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


def pick_month(
    rng: random.Random, lo: int = FIRST, hi: int = LAST, no_july: bool = False, no_june: bool = False
) -> int:
    while True:
        idx = rng.randint(lo, hi)
        if not (no_july and idx % 12 == 6) and not (no_june and idx % 12 == 5):
            return idx
