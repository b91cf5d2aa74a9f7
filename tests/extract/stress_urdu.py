"""Stress-corpus templates in Urdu: levels, spans, delta verbs, year-ago phrases, headlines."""

from __future__ import annotations

import random

from tests.extract.stress_base import (
    FIRST,
    UR_IT,
    UR_MONTHS,
    Case,
    fy_of,
    fytd_key,
    level,
    mkey,
    pick_month,
    pub_after,
    template,
    typical_monthly,
    urdu_my,
    urdu_usd,
)


@template
def urdu_level(rng: random.Random) -> Case:
    idx, v = (i := pick_month(rng)), level(rng, i)
    verb = rng.choice(["رہیں", "ریکارڈ کی گئیں", "تک پہنچ گئیں", "رہی تھیں"])
    text = rng.choice([f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(v, rng)} {verb}",
                       f"اسٹیٹ بینک کے مطابق {UR_IT} {urdu_my(idx)} کے دوران "
                       f"{urdu_usd(v, rng)} {verb}"])  # fmt: skip
    return Case("urdu_level", text, rng.choice([None, pub_after(idx, rng)]), {("it_exports", mkey(idx), v)})


@template
def urdu_fytd(rng: random.Random) -> Case:
    idx = pick_month(rng, FIRST + 1, no_july=True)
    n = (idx % 12 - 6) % 12 + 1
    f = round(typical_monthly(fy_of(idx)) * n * rng.uniform(0.9, 1.1))
    text = f"رواں مالی سال کے ابتدائی {n} ماہ میں {UR_IT} {urdu_usd(f, rng)} رہیں"
    kind = fytd_key(idx)
    return Case("urdu_fytd", text, pub_after(idx, rng), {("it_exports", kind, f)})


# Issue class: Urdu delta verbs are deltas, not levels.
@template
def urdu_delta(rng: random.Random) -> Case:
    idx, v, d = (i := pick_month(rng)), level(rng, i), rng.randint(11, 95)
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
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    rel = rng.choice(
        [
            "گزشتہ مالی سال کے اسی مہینے",
            "گزشتہ سال کے اسی ماہ",
            "پچھلے مالی سال کے اسی ماہ",
            "گزشتہ برس اسی ماہ",
        ]
    )
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
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 1)
    head = f"{UR_IT} {urdu_usd(a, rng)} کی ریکارڈ سطح پر پہنچ گئیں"
    body = (f"گزشتہ ماہ {UR_MONTHS[(idx - 1) % 12]} میں {UR_IT} {urdu_usd(b, rng)} تھیں، "
            f"جبکہ {UR_MONTHS[idx % 12]} میں برآمدات میں {rng.randint(5, 30)} فیصد اضافہ ہوا")  # fmt: skip
    return Case("urdu_headline", f"{head}\n{body}", pub_after(idx, rng),
                {("it_exports", mkey(idx - 1), b)}, {("it_exports", mkey(idx), a)})  # fmt: skip


@template
def urdu_not_figures(rng: random.Random) -> Case:
    idx, v = (i := pick_month(rng, no_june=True)), level(rng, i)
    d = rng.randint(10, 90)
    text = rng.choice([
        f"حکومت نے رواں مالی سال {UR_IT} کا ہدف {v * 12} ملین ڈالر مقرر کیا ہے",
        f"{urdu_my(idx)} میں {UR_IT} کی ماہانہ اوسط {urdu_usd(v, rng)} رہی",
        f"{urdu_my(idx)} میں {UR_IT} میں {d} ملین ڈالر کی کمی ہوئی",
        f"ماہرین کو توقع ہے کہ {UR_IT} اگلے سال {urdu_usd(v * 14, rng)} تک پہنچ جائیں گی",
        f"رواں مالی سال کی چوتھی سہ ماہی میں {UR_IT} {urdu_usd(v * 3, rng)} رہیں",  # not over yet
    ])  # fmt: skip
    return Case("urdu_not_figures", text, pub_after(idx, rng), set())


@template
def urdu_quarter(rng: random.Random) -> Case:
    fy, qn = rng.randint(2020, 2025), rng.randint(1, 4)
    v = round(typical_monthly(fy) * 3 * rng.uniform(0.9, 1.1))
    ords = ["پہلی", "دوسری", "تیسری", "چوتھی"]
    last = (fy - 1) * 12 + 6 + 3 * qn
    year = f"مالی سال {fy - 1}-{fy % 100}" if qn == 4 or rng.random() < 0.3 else "رواں مالی سال"
    text = f"{year} کی {ords[qn - 1]} سہ ماہی میں {UR_IT} {urdu_usd(v, rng)} رہیں"
    return Case("urdu_quarter", text, pub_after(last, rng), {("it_exports", f"FY{fy}:Q{qn}", v)})


# Issue class: "the same month of last fiscal year" written as "last fiscal year <Month>",
# often with a lower bound; and "the first month of the current fiscal year".
@template
def urdu_last_fiscal_year_month(rng: random.Random) -> Case:
    idx, a, b = (i := pick_month(rng, FIRST + 12)), level(rng, i), level(rng, i - 12)
    mon = UR_MONTHS[idx % 12]
    tail = rng.choice(["تھیں", "سے زائد تھیں", "سے زیادہ رہی تھیں"])
    last = rng.choice(
        [f"گزشتہ مالی سال {mon} میں", f"گزشتہ مالی سال کے {mon} میں", f"پچھلے مالی سال {mon} میں"]
    )
    text = f"{urdu_my(idx)} میں {UR_IT} {urdu_usd(a, rng)} رہیں۔ {last} برآمدات {b} ملین ڈالر {tail}"
    exp = {("it_exports", mkey(idx), a), ("it_exports", mkey(idx - 12), b)}
    if idx % 12 == 6 and rng.random() < 0.5:  # July: "the first month of the current fiscal year"
        text = f"رواں مالی سال کے پہلے مہینے میں {UR_IT} {urdu_usd(a, rng)} تک پہنچ گئیں"
        exp = {("it_exports", mkey(idx), a)}
    return Case("urdu_last_fiscal_year_month", text, pub_after(idx, rng), exp)
