"""Amount grammar: dollar (and rupee) amounts as Pakistani outlets write them, in US$ millions.

Covers `$437m`, `US$ 1.06 billion dollar`, `USD 2.236bn`, `297 million U.S. dollars`,
`$1,333.230 million`, `$2.198b`, South-Asian scales (crore, lakh, arab) and Urdu amounts
(`2 ارب 23 کروڑ 60 لاکھ ڈالر`, `نواسی کروڑ`, `29 عشاریہ 2 کروڑ`), with or without spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tracker.extract.urdu import URDU_NUMBER_WORDS

# Units per scale word (values are converted to millions at the end).
_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "arab": 1e9,
    "arabs": 1e9,
    "ہزار": 1e3,
    "ملین": 1e6,
    "بلین": 1e9,
    "ارب": 1e9,
    "کروڑ": 1e7,
    "لاکھ": 1e5,
    "کھرب": 1e11,
}

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_LETTER_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ", "ۀ": "ۂ"})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\ufeff\u00ad"), None)


def normalize(text: str) -> str:
    """One spelling for digits, Arabic/Urdu letter forms, spaces and quotes, so grammars stay small."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.translate(_ARABIC_DIGITS).translate(_LETTER_FORMS)
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_UR = "\u0600-\u06ff"
_WORDS = "|".join(sorted(map(re.escape, URDU_NUMBER_WORDS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(
    rf"""
    (?P<pre>(?:\bU\.?S\.?\s?\$|\bUSD(?![A-Za-z])\s?|\$))
  | (?P<rpre>(?:\bRs\b\.?|\bPKR\b|\bINR\b|₹|₨))
  | (?P<num>(?:(?<=USD)|(?<![A-Za-z\d.,]))(?:{_DIGITS})(?:\s*عشاریہ\s*\d+)?
      | (?<![{_UR}])(?:{_WORDS})(?:\s*عشاریہ\s*\d+|(?![{_UR}])))
  | (?P<scale>(?<=\d)(?:mn|bn|mln|bln|m|b|cr)(?![A-Za-z])
      | (?i:\b(?:thousand|millions?|mln|mn|billions?|bln|bn|trillion|tn|crores?|lakhs?|lacs?|arabs?)\b)
      | (?:ہزار|ملین|بلین|ارب|کروڑ|لاکھ|کھرب)(?!وں))
  | (?P<suf>(?i:\b(?:U\.?S\.?\s?|American\s|US\s)?dollars?\b|\bUSD\b)|(?:امریکی\s*)?ڈالر(?:ز|س)?)
  | (?P<rsuf>(?i:\b(?:Indian\s)?rupees?\b)|روپے|روپیہ|روپوں)
    """,
    re.VERBOSE,
)
_GAP = re.compile(r"\s{0,3}")
_AND_GAP = re.compile(r"\s+and\s+")


@dataclass(frozen=True)
class Amount:
    """A money expression found in text: where it is, its value in millions and its currency."""

    start: int
    end: int
    value: float  # in millions of the currency
    currency: str | None  # "USD", "PKR" or None when the text names no currency
    has_scale: bool
    text: str


def _number(raw: str) -> float:
    """Value of one numeral: digits (with thousands commas) or an Urdu word, with عشاریہ decimals."""
    head, _, tail = raw.partition("عشاریہ")
    head = head.strip()
    base = float(head.replace(",", "")) if head[:1].isdigit() else float(URDU_NUMBER_WORDS[head])
    if tail.strip():
        base = float(f"{int(base)}.{tail.strip()}")
    return base


def _adjacent(text: str, a_end: int, b_start: int, gap: re.Pattern[str] = _GAP) -> bool:
    return gap.fullmatch(text, a_end, b_start) is not None


_PREFIXES = {"pre": "USD", "rpre": "PKR"}  # currency prefix token -> its currency


@lru_cache(maxsize=4096)
def find_amounts(text: str) -> list[Amount]:
    """Every amount in `text` (already `normalize`d), in order; currency None if unstated."""
    toks = [(m.lastgroup or "", m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    out: list[Amount] = []
    i, n = 0, len(toks)
    while i < n:
        tok, start, end, _ = toks[i]
        currency: str | None = None
        j = i
        if tok in _PREFIXES:
            if j + 1 < n and toks[j + 1][0] == "num" and _adjacent(text, end, toks[j + 1][1]):
                currency = _PREFIXES[tok]
                j += 1
            else:
                i += 1
                continue
        elif tok != "num":
            i += 1
            continue
        amount, j, has_scale = _parse_group(text, toks, j)
        last_end = toks[j - 1][2]
        if j < n and toks[j][0] in ("suf", "rsuf") and _adjacent(text, last_end, toks[j][1]):
            currency = currency or ("USD" if toks[j][0] == "suf" else "PKR")
            last_end = toks[j][2]
            j += 1
        if amount is not None and (currency or has_scale):
            raw = text[start:last_end]
            out.append(Amount(start, last_end, amount, currency, has_scale, raw))
        i = max(j, i + 1)
    return out


def _parse_group(text: str, toks: list[tuple[str, int, int, str]], j: int) -> tuple[float | None, int, bool]:
    """Read `num scale* (num scale+)*` from token j; return (millions, next index, has_scale)."""
    n = len(toks)
    total_units = 0.0
    has_scale = False
    first = True
    while j < n and toks[j][0] == "num":
        raw = toks[j][3]
        if not first and not _adjacent(text, toks[j - 1][2], toks[j][1]):
            break
        if not raw[:1].isdigit() and not (j + 1 < n and toks[j + 1][0] == "scale"):
            break  # an Urdu number word only counts in front of a scale word
        value = _number(raw)
        k = j + 1
        # "800 and 94 million": a hundreds numeral joined to the rest by "and".
        if (
            first
            and k + 1 < n
            and toks[k][0] == "num"
            and toks[k + 1][0] == "scale"
            and value >= 100
            and value % 100 == 0
            and raw.isdigit()
            and _adjacent(text, toks[j][2], toks[k][1], _AND_GAP)
            and (extra := _number(toks[k][3])) < 100
        ):
            value += extra
            k += 1
        mult = 1.0
        scales = 0
        while k < n and toks[k][0] == "scale" and _adjacent(text, toks[k - 1][2], toks[k][1]):
            mult *= _SCALES[toks[k][3].lower()]
            scales += 1
            k += 1
        if scales == 0:
            if not first:
                break
            if not raw[:1].isdigit():
                return None, k, False
            return value / 1e6, k, False
        if "," in raw and "." not in raw and raw.count(",") == 1 and mult == 1e6 and value >= 1e5:
            value /= 1000  # "$391,400 million": a decimal comma, not a $391bn IT figure
        total_units += value * mult
        has_scale = True
        first = False
        j = k
    if first:
        return None, j + 1, False
    return total_units / 1e6, j, has_scale
