"""The front page's words in English and Urdu. Figures stay as published (US$, Western digits)."""

from __future__ import annotations

from collections.abc import Callable

from tracker.model import Period, PeriodKind

LANGS = ("en", "ur")
RTL = {"ur"}

MONTHS_UR = (
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
)

# key: (English, Urdu)
STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Pakistan IT exports", "پاکستان کی آئی ٹی برآمدات"),
    "subtitle": (
        "SBP's Telecommunications, Computer and Information Services (EBOPS 9), credit, US$ millions",
        "اسٹیٹ بینک: ٹیلی کمیونیکیشن، کمپیوٹر اور انفارمیشن سروسز کی برآمدات، ملین امریکی ڈالر",
    ),
    "latest": ("Latest month", "تازہ ترین مہینہ"),
    "provisional": ("provisional (SBP's first estimate)", "عارضی (اسٹیٹ بینک کا پہلا تخمینہ)"),
    "revised": ("revised by SBP", "اسٹیٹ بینک کی نظرثانی شدہ"),
    "unconfirmed": (
        "unconfirmed (news only, no SBP figure yet)",
        "غیر تصدیق شدہ (صرف خبریں، اسٹیٹ بینک کا عدد ابھی نہیں)",
    ),
    "official": ("official (SBP)", "سرکاری (اسٹیٹ بینک)"),
    "history": ("reported history", "رپورٹ شدہ تاریخ"),
    "record_yes": ("All-time monthly record", "اب تک کا ماہانہ ریکارڈ"),
    "record_no": ("Not a record; the all-time high is", "ریکارڈ نہیں؛ اب تک کی بلند ترین سطح"),
    "previous_record": ("previous record", "پچھلا ریکارڈ"),
    "same_yes": ("Best {month} on record", "اب تک کا بہترین {month}"),
    "same_no": ("Best {month} remains", "بہترین {month} اب بھی"),
    "year_ago": ("A year earlier", "ایک سال پہلے"),
    "fytd": ("Fiscal year to date", "رواں مالی سال اب تک"),
    "fytd_best": ("best on record for this point of the year", "سال کے اس مرحلے تک اب تک کا بہترین"),
    "vs": ("vs", "بمقابلہ"),
    "vintages": ("values this month has had", "اس مہینے کی اقدار"),
    "provenance": ("Where it came from", "ماخذ"),
    "chart": ("Monthly series", "ماہانہ سلسلہ"),
    "records": ("Records, held candidates and corrections", "ریکارڈ، زیر التوا امیدوار اور تصحیحات"),
    "months": ("Months", "مہینے"),
    "conflicts": ("Open conflicts", "کھلے تضادات"),
    "no_conflicts": ("No open conflicts.", "کوئی کھلا تضاد نہیں۔"),
    "sources": ("Source health", "ذرائع کی صحت"),
    "next_due": ("Next figure due", "اگلا عدد متوقع"),
    "feed": ("Atom feed of alerts", "الرٹس کی ایٹم فیڈ"),
    "data": ("Data", "ڈیٹا"),
    "empty": (
        "The database is empty. Load history with: tracker backfill",
        "ڈیٹا بیس خالی ہے۔ تاریخ لوڈ کریں: tracker backfill",
    ),
    "period": ("Period", "مدت"),
    "value": ("US$ m", "ملین ڈالر"),
    "status": ("Status", "حیثیت"),
    "kind": ("Event", "واقعہ"),
    "rule": ("Rule", "اصول"),
    "previous": ("Previous best", "پچھلا بہترین"),
    "when": ("Detected (UTC)", "دریافت (UTC)"),
    "authority": ("Authority", "اختیار"),
    "source": ("Source", "ذریعہ"),
    "document": ("Document", "دستاویز"),
    "quote": ("Quote", "اقتباس"),
    "outlet": ("Outlet", "ادارہ"),
    "first_seen": ("First seen (UTC)", "پہلی بار (UTC)"),
    "superseded": ("Superseded (UTC)", "منسوخ (UTC)"),
    "last_success": ("Last success", "آخری کامیابی"),
    "failures": ("Failures in a row", "مسلسل ناکامیاں"),
    "problem": ("What is missing", "کیا کمی ہے"),
    "never": ("never", "کبھی نہیں"),
    "ok": ("ok", "ٹھیک"),
    "not_polled": ("not polled yet", "ابھی جانچا نہیں گیا"),
    "observations": ("Every figure read for this month", "اس مہینے کے تمام پڑھے گئے اعداد"),
    "events_month": ("Events for this month", "اس مہینے کے واقعات"),
    "back": ("Back to the front page", "صفحہ اول پر واپس"),
    "historical": ("history", "تاریخی"),
    "credit": (
        "Source: State Bank of Pakistan (SBP) releases and Pakistani news, via tracker.",
        "ماخذ: اسٹیٹ بینک آف پاکستان کی اشاعتیں اور پاکستانی خبریں، بذریعہ tracker۔",
    ),
    "legend_record": ("record", "ریکارڈ"),
    "legend_prov": ("provisional / unconfirmed", "عارضی / غیر تصدیق شدہ"),
    "pending": ("alerts waiting for a channel or retry", "چینل یا دوبارہ کوشش کے منتظر الرٹس"),
    "overdue": ("overdue", "تاخیر کا شکار"),
    "polled": ("SBP sources polled every {every}", "اسٹیٹ بینک کے ذرائع ہر {every} بعد دیکھے جاتے ہیں"),
    "no_alerts": (
        "No record announced since history was loaded.",
        "تاریخ لوڈ ہونے کے بعد کوئی ریکارڈ اعلان نہیں ہوا۔",
    ),
    "history_events": (
        "records found while loading history (not alerted)",
        "تاریخ لوڈ کرتے وقت ملے ریکارڈ (الرٹ نہیں بھیجے گئے)",
    ),
    "window_opens": ("frequent polling from", "بار بار جانچ شروع"),
    "window_open": ("release window open", "اشاعت کی مدت جاری"),
    "release_days": ("usual release days", "عام اشاعت کے دن"),
}


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **fmt)` in `lang`, falling back to English."""
    i = 1 if lang == "ur" else 0

    def t(key: str, **fmt: str) -> str:
        pair = STRINGS.get(key)
        text = key if pair is None else pair[i]
        return text.format(**fmt) if fmt else text

    return t


def month_name(month_number: int, lang: str) -> str:
    from tracker.model import MONTH_NAMES

    return MONTHS_UR[month_number - 1] if lang == "ur" else MONTH_NAMES[month_number - 1]


def period_label(text: str | None, lang: str) -> str:
    """`December 2025` / `دسمبر 2025`; other periods as `Period.label()`."""
    if not text:
        return ""
    try:
        p = Period.parse(text)
    except Exception:
        return text
    if lang == "ur" and p.kind is PeriodKind.MONTH:
        return f"{MONTHS_UR[p.month_number - 1]} {p.year}"
    return p.label()


def cadence_text(minutes: int, lang: str) -> str:
    """`30 minutes` / `day` in English, `30 منٹ` / `دن` in Urdu."""
    if lang != "ur":
        from tracker.nextdue import cadence_text as en

        return en(minutes)
    if minutes % 1440 == 0:
        return "دن" if minutes == 1440 else f"{minutes // 1440} دن"
    if minutes % 60 == 0:
        return "گھنٹے" if minutes == 60 else f"{minutes // 60} گھنٹے"
    return f"{minutes} منٹ"


KINDS_UR = {
    "record": "ریکارڈ",
    "unconfirmed": "غیر تصدیق شدہ",
    "confirmed": "تصدیق شدہ",
    "correction": "تصحیح",
    "held": "زیر التوا",
    "new_month": "نیا مہینہ",
    "revision": "نظرثانی",
}
RULES_UR = {
    "all_time_high": "اب تک کی بلند ترین ماہانہ سطح",
    "fytd_high": "مالی سال کے اس مرحلے تک اب تک کا بہترین",
}


def kind_label(kind: str, lang: str) -> str:
    """An event kind as a reader says it; kinds this version does not know stay as stored."""
    return KINDS_UR.get(kind, kind) if lang == "ur" else kind.replace("_", " ")


def rule_label_ur(rule: str, period: str | None) -> str | None:
    """The Urdu name of a record rule, or None to fall back to English."""
    if rule == "same_month_high" and period:
        try:
            p = Period.parse(period)
        except Exception:
            return None
        if p.kind is PeriodKind.MONTH:
            return f"اب تک کا بہترین {MONTHS_UR[p.month_number - 1]}"
    return RULES_UR.get(rule)
