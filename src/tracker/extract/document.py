"""Document → figures: sentence reading plus the rules that need the whole article.

A pure function of the text and the publication date: no database, no network, no history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.extract import lexicon as lx
from tracker.extract.band import plausible
from tracker.extract.claims import claims_monthly_record
from tracker.extract.figures import Candidate, DocState, SentenceReader
from tracker.extract.frames import loose_fiscal_years
from tracker.extract.money import normalize
from tracker.extract.period_grammar import find_mentions
from tracker.extract.periods import Ref, shift
from tracker.extract.sentences import split_sentences
from tracker.extract.urdu import is_urdu
from tracker.model import Figure, Period, PeriodKind, Series

_DATED = re.compile(r"(?:19|20)\d\d|['’‘-]\d\d\b|FY")
MAX_TEXT = 200_000  # characters read; a news article is a few thousand


@dataclass(frozen=True)
class Extraction:
    """Figures an article states, and whether it claims an all-time monthly record."""

    figures: list[Figure] = field(default_factory=list)
    record_claim: bool = False
    published: date | None = None
    title: str | None = None


def _estimated_ref(sentences: list[str], title: str | None = None) -> Ref:
    """Without a publication date, "now" is just after the newest month the text dates itself.

    The title frames the article: a month-year a year or more beyond the period the title
    names, whose year-earlier twin sits right after it (`October 2021` under "Q1 FY2020-21"),
    is a typed year. It is read a year earlier, weakly, and does not move "now".
    """
    months: set[int] = set()
    typed: set[int] = set()  # months written with their year
    for s in sentences:
        if not _DATED.search(s) or lx.TARGET.search(s):
            continue
        for m in find_mentions(s, Ref()):
            if m.period is not None and m.period.kind is not PeriodKind.FISCAL_YEAR:
                months.add(m.period.last)
            if m.explicit and m.period is not None:
                typed.add(m.period.last)
    frame = [m.period for m in find_mentions(title or "", Ref()) if m.period is not None]
    typos = frozenset(t for t in typed if frame and _year_typo(t, max(p.last for p in frame)))
    months = {m - 12 if m in typos else m for m in months}
    if not months:
        return Ref()
    latest = max(months)
    return Ref(latest + 1, latest, estimated=True, explicit=frozenset(months), typos=typos)


def _year_typo(month: int, frame_end: int) -> bool:
    """A month 12+ months past the title's period whose year-earlier twin ends it or follows it
    closely ("September 2021" and "October 2021" under "Q1 FY2020-21")."""
    return month - frame_end >= 12 and 0 <= month - 12 - frame_end <= 3


def _is_foreign(text: str) -> bool:
    foreign = len(lx.FOREIGN.findall(text))
    return foreign > 0 and foreign > len(lx.PAKISTAN.findall(text)) + (3 if is_urdu(text) else 0)


def extract_text(
    text: str,
    published: date | None = None,
    title: str | None = None,
    document: str | None = None,
) -> Extraction:
    """Figures stated by an article's plain text, relative to its publication date."""
    text = normalize(text[:MAX_TEXT])
    title = normalize(title).strip() if title else None
    sentences = split_sentences(text)
    plain = [s for _, s in sentences]
    record = claims_monthly_record(plain + ([title] if title else []))
    if not sentences or _is_foreign(text + " " + (title or "")):
        return Extraction([], False, published, title)
    ref = Ref.published(published) if published else _estimated_ref(plain, title)
    figures = _read(text, sentences, ref, document)
    if ref.data_month is not None:
        # Firm means the text alone names the period: read again with no "now" at all and keep
        # the figures that come out the same; the rest needed the page date (or a guess).
        stated = {_key(f) for f in _read(text, sentences, Ref(), document) if f.firm}
        figures = [f if f.firm and _key(f) in stated else f.with_(firm=False) for f in figures]
    return Extraction(figures, record, published, title)


def _key(f: Figure) -> tuple[str, str, float]:
    return (f.series.value, str(f.period), f.value_usd_millions)


def _read(text: str, sentences: list[tuple[int, str]], ref: Ref, document: str | None) -> list[Figure]:
    """Read the sentences in order against one reference date."""
    has_it = any(k == Series.IT_EXPORTS.value for _, k in lx.series_words(lx.mask_names(text)))
    state = DocState(
        ref=ref, default_series=Series.IT_EXPORTS if has_it else None, pseb=bool(lx.PSEB_NAMED.search(text))
    )
    first_para = sentences[0][0]
    many = len({p for p, _ in sentences}) > 1
    cands: list[Candidate] = []
    body: list[str] = []  # where a headline amount without a period looks for the newest month
    for para, sentence in sentences:
        headline = many and para == first_para and len(sentence) < 160
        reader = SentenceReader(sentence, state, headline)
        found = _one_value_per_month(reader.read())
        cands.extend(found)
        _advance(state, reader, found)
        if not headline and not lx.TARGET.search(sentence):
            body.append(sentence)
    orphan = any(c.headline and c.period is None and not c.reject for c in cands)
    return _finish(cands, _newest_month(body, ref) if orphan else None, document)


def _one_value_per_month(found: list[Candidate]) -> list[Candidate]:
    """One sentence never gives one month two values; when it seems to, an amount took the wrong
    period. Rejected: an amount whose month was written without its year ("this December",
    "the previous year's December", resolved by the page date) while another gives that month
    a different value, and of amounts that took the very same mention, all but the nearest
    ("Last year's December exports of $347m were beaten in December 2025 with $437m")."""

    def rivals(c: Candidate) -> list[Candidate]:
        return [
            o
            for o in found
            if o is not c
            and o.reject is None
            and o.series is c.series
            and o.period == c.period
            and abs(o.value - c.value) > max(0.5, 0.005 * c.value)
            and o.series is not None
            and o.period is not None
            and plausible(o.series, o.period, o.value)  # not a misread $3.1bn of remittances
        ]

    wrong: list[Candidate] = []
    for c in found:
        if c.reject is not None or c.period is None or c.period.kind is not PeriodKind.MONTH:
            continue
        others = rivals(c)
        nearer = c.took is not None and any(
            o.took and o.took[0] == c.took[0] and o.took[1] < c.took[1] for o in others
        )
        if (c.relative and others) or nearer:
            wrong.append(c)
    for c in wrong:
        c.reject = "rival in sentence"
    return found


def _newest_month(sentences: list[str], ref: Ref) -> Period | None:
    """The newest month the body names outright (with or without an amount beside it)."""
    named = [
        m.period for s in sentences for m in find_mentions(s, ref) if _is_month(m.period, ref) and not m.weak
    ]
    return max(named, default=None)  # type: ignore[type-var]


def _is_month(p: Period | None, ref: Ref) -> bool:
    ok = p is not None and p.kind is PeriodKind.MONTH
    return ok and (ref.data_month is None or p.last <= ref.data_month)  # type: ignore[union-attr]


def _advance(state: DocState, reader: SentenceReader, found: list[Candidate]) -> None:
    """Carry the last explicitly stated period and series into the following sentences."""
    for i, c in enumerate(found):
        if c.reject or c.period is None:
            continue
        mention_based = c.explicit and not reader.is_pair_first(i) and reader.absolute(i)
        # "during the month/period" is what is reported, not a comparison base ("from $312m in November")
        if mention_based and not c.weak and not reader.is_comparison(i):
            state.anchor = c.period
            if c.period.kind is PeriodKind.MONTH:
                state.month = c.period
        if c.series not in (None, Series.OTHER):
            state.running = c.series
        state.last = c.series
    words = [k for _, k in reader.words]
    specific = [k for k in words if k not in ("generic", "drop", Series.OTHER.value)]
    if specific and not found:
        state.running = Series(specific[0])


def _headline_period(c: Candidate, cands: list[Candidate], newest: Period | None) -> Period | None:
    """A headline amount without a period: the body's period for the same value, else the
    newest month the body names (an inference: such figures are never firm)."""
    for o in cands:
        same = abs(o.value - c.value) <= max(0.5, 0.005 * c.value)
        if same and not o.headline and not o.reject and o.series is c.series and o.period is not None:
            return o.period
    body = [o.period for o in cands if not o.headline and not o.reject and o.period is not None]
    months = [p for p in body if p.kind is PeriodKind.MONTH]
    if newest is None or not months or max(months) > newest:
        return None
    return newest


def _close(a: float, b: float) -> bool:
    """Equal up to how news rounds: "$0.45 billion" repeats $445 million ($5m, or 1.2 %)."""
    return abs(a - b) <= max(5.0, 0.012 * max(a, b))


def _year_typo_twin(c: Candidate, kept: list[Candidate]) -> bool:
    """The same value stated for this period and for the one a year away, while this period also
    has a different value: the year was mistyped here ("first quarter of FY2025" for FY2026's
    total, or a subtitle giving last year's four months as this year's)."""
    if c.series is not Series.IT_EXPORTS or c.period is None:  # sub-items are too small to tell
        return False
    twins = (shift(c.period, 12), shift(c.period, -12))
    twin = any(o.series is c.series and o.period in twins and _close(o.value, c.value) for o in kept)
    rival = any(o.series is c.series and o.period == c.period and not _close(o.value, c.value) for o in kept)
    return twin and rival


def _finish(cands: list[Candidate], newest: Period | None, document: str | None) -> list[Figure]:
    """Headlines, plausibility, weak-vs-firm conflicts and duplicates, then Figures."""
    kept: list[Candidate] = []
    for c in cands:
        if c.reject or c.series is None:
            continue
        if c.period is None and c.headline and c.series is Series.IT_EXPORTS and not c.named:
            c.period, c.reject = _headline_period(c, cands, newest), "inferred"
        if c.period is None or not plausible(c.series, c.period, c.value):
            continue
        kept.append(c)
    kept = [c for c in kept if not _year_typo_twin(c, kept)]
    loose = loose_fiscal_years(kept)
    kept = [
        c
        for c in kept
        if not (c.period is not None and c.period.kind is PeriodKind.FISCAL_YEAR and c.period.fy in loose)
    ]
    out: list[Figure] = []
    seen: set[tuple[str, str, float]] = set()
    for c in kept:
        assert c.period is not None and c.series is not None
        rivals = [
            o
            for o in kept
            if o is not c
            and o.series is c.series
            and o.period == c.period
            and o.period is not None
            and o.period.kind is c.period.kind
            and abs(o.value - c.value) > max(0.5, 0.005 * c.value)
        ]
        if c.weak and any(not o.weak for o in rivals):
            continue
        if c.reject == "inferred" and any(
            o.series is c.series
            and o.period == c.period
            and o.reject is None
            and abs(o.value - c.value) <= max(0.5, 0.005 * o.value)
            for o in kept
        ):
            continue
        key = (c.series.value, str(c.period), round(c.value, 3))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Figure(
                series=c.series,
                period=c.period,
                value_usd_millions=c.value,
                document=document,
                quote=c.quote,
                bound=c.bound,
                firm=not c.weak and c.reject != "inferred",
            )
        )
    return out
