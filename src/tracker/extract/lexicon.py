"""Words that decide what an amount is: its series, and whether it is a figure at all.

Every pattern here is a phrasing family of Pakistani business news (English and Urdu), not a
string from any one article. `figures.py` applies them to the text around each amount.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.model import Series

_I = re.IGNORECASE

# Names that contain "IT" or "software" but say nothing about which series an amount is.
_NAMES = re.compile(
    r"(?i:(?:federal\s+)?(?:minister|ministry|secretary|minister\s+of\s+state)\s+(?:of|for)\s+"
    r"(?:information\s+technology|IT)(?:\s+(?:and|&)\s+telecom\w*)?)"
    r"|\bIT\s+(?:and|&)\s+[Tt]elecom\w*\s+(?i:minister|ministry|secretary)"
    r"|\bIT\s+(?i:minister|ministry)\b|\bMoITT\b|(?i:pakistan\s+software\s+export\s+board)"
    r"|\bPSEB\b|P@SHA|(?i:software\s+technology\s+parks?|software\s+houses?)"
    r"|وزارت\s*ِ?\s*آئی\s*ٹی(?:\s*و\s*ٹیلی\s*کام)?"
    # "comprising/including X, Y and Z services" describes a total; its parts are not subjects
    r"|(?i:\b(?:comprising|including|includes?|consisting\s+of)\s+(?:[\w@&-]+,?\s+){0,8}services?)"
)

# Alternation order matters only between matches starting at the same place.
_SERIES = re.compile(
    r"(?P<drop>(?i:\b(?:investments?|MoUs?|memorand\w+|IMF|loans?|reserves)\b"
    r"|current\s+account(?:\s+(?:surplus|deficit|balance))?"
    r"|\bGDP\b|budget)|سرمایہ\s*کاری|یادداشت|قرض|زرمبادلہ\s+کے\s+ذخائر)"
    r"|(?P<composite>\bIT\b[\w\s,&()-]{0,60}?(?:and|&|\+)\s+(?i:freelanc\w*))"
    r"|(?P<other>(?i:net\s+(?:IT\s+|ICT\s+)?exports?|exports?\s+minus\s+imports|trade\s+surplus"
    r"|surplus|deficit|\bimports?\b|textiles?|merchandise|\bgoods\b|workers'?\s*remittances"
    r"|home\s+remittances|remittances\s+(?:from|sent\s+(?:home\s+)?by|of)\s+(?:[\w'-]+\s+){0,2}"
    r"(?:IT|tech|software)\s+(?:[\w'-]+\s+)?(?:professionals|workers|experts|staff|engineers)|overall\s+exports|total\s+exports|(?:total|overall)\s+services"
    r"|other\s+business\s+services|software\s+consultancy"
    r"|(?:Punjab|Sindh|Khyber\s+Pakhtunkhwa|KPK?|Balochistan|Karachi|Lahore|Islamabad|Rawalpindi|Peshawar"
    # a province's or city's exports, not the country's
    r"|Quetta|Faisalabad|Multan)['’]s(?:\s+[\w&-]+){0,3}?\s+exports?\b"
    r"|(?:پنجاب|سندھ|خیبر\s*پختونخوا|بلوچستان|کراچی|لاہور|پشاور|کوئٹہ|فیصل\s*آباد|ملتان)\s+(?:کی|سے)\s+(?:\S+\s+){0,3}?برآمدات"
    # all services together, unless a word such as IT, computer or telecom narrows them
    r"|\b(?=services?\s+exports?)(?<!\bIT\s)(?<!ICT\s)(?<!ITeS\s)(?<!puter\s)(?<!lecom\s)(?<!ation\s)"
    r"(?<!abled\s)(?<!\btech\s)(?<!ology\s)(?<!gital\s)services?\s+exports?|exports?\s+of\s+services"
    r"|hardware(?:\s+consultancy)?|computer\s+software|software\s+exports"
    r"|repair\s+and\s+maintenance|maintenance\s+and\s+repairs?|news\s+agency"
    r"|other\s+(?:information|computer)\s+services|information\s+services)"
    r"|درآمدات|ٹیکسٹائل|کُ?ل\s+برآمدات|مجموعی\s+برآمدات|ملکی\s+برآمدات|ترسیلات\s+زر"
    r"|تجارتی\s+خسارہ|سرپلس|فاضل)"
    # "IT and telecom services" together are the ICT total, not telecom alone
    r"|(?P<it_exports>\bIT\s+(?:and|&)\s+(?i:telecom\w*)(?:\s+(?i:services?|exports?))?"
    r"|(?i:telecom\w*,?\s+computer,?\s+(?:and\s+)?information(?:\s*\(ICT\))?"
    r"\s+services|information\s+technology|IT-enabled|tech(?:nology)?\s+(?:sector\s+)?exports)"
    r"|\bICT\b|\bIT\b|\bITeS\b|آئی\s*ٹی|آئی\s*سی\s*ٹی|انفارمیشن\s+ٹیکنالوجی)"
    r"|(?P<computer_services>(?i:computer\s+services?)|“?Computers”?|کمپیوٹر\s+سروسز)"
    r"|(?P<telecom_services>(?i:telecom(?:munications?)?\s+(?:services?|exports?))"
    r"|ٹیلی\s*کام\s+سروسز)"
    r"|(?P<call_centre_services>(?i:call\s+cent(?:er|re)s?(?:\s+services?)?))"
    r"|(?P<freelance>(?i:freelanc\w*|remote\s+work)|فری\s*لانس\w*)"
    r"|(?P<generic>(?i:\bexports?\b|\bremittances\b)|برآمدات)"
)

_KIND_TO_SERIES = {
    "composite": Series.OTHER,
    "other": Series.OTHER,
    "it_exports": Series.IT_EXPORTS,
    "computer_services": Series.COMPUTER_SERVICES,
    "telecom_services": Series.TELECOM_SERVICES,
    "call_centre_services": Series.CALL_CENTRE_SERVICES,
    "freelance": Series.FREELANCE,
}


@lru_cache(maxsize=4096)
def mask_names(text: str) -> str:
    """Blank out ministry/board names and composition clauses, keeping every offset."""
    return _NAMES.sub(lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=4096)
def series_words(text: str) -> list[tuple[int, str]]:
    """(position, kind) of each series word; kind is a Series value, 'drop' or 'generic'."""
    out = []
    for m in _SERIES.finditer(text):
        word_class = m.lastgroup or ""
        series = _KIND_TO_SERIES.get(word_class)
        out.append((m.start(), series.value if series is not None else word_class))
    return out


PSEB_SERIES = re.compile(
    r"(?i:comprising\s+computer\s+services?\s+and\s+call\s+cent(?:er|re)).*"
    r"(?:PSEB|Pakistan\s+Software\s+Export\s+Board)"
    r"|(?:PSEB|Pakistan\s+Software\s+Export\s+Board).*(?i:comprising\s+computer\s+services?\s+and)"
)

# PSEB's own name for its computer + call-centre series is "IT and ITeS export remittances";
# SBP's total, which includes telecom, is called so too, but then telecom is named beside it.
PSEB_NAMED = re.compile(
    r"\bPSEB\b|(?i:pakistan\s+software\s+export\s+board)|سافٹ\s*ویئر\s+ایکسپورٹ\s+بورڈ|پی\s*ایس\s*ای\s*بی"
)
ITES = re.compile(r"\bITeS\b|(?i:\bIT[- ]enabled\s+services)")
TELECOM = re.compile(r"(?i:telecom\w*)|ٹیلی\s*کام")

FOREIGN = re.compile(
    r"\b(?:India|Indian|Korea|Korean|Bangladesh\w*|Vietnam\w*|Philippines?|Sri\s+Lanka\w*"
    r"|China|Chinese|Japan\w*|Taiwan\w*|Seoul|New\s+Delhi|MeitY|Nasscom|STPI|Malaysia\w*"
    r"|Indonesia\w*|Egypt\w*|Ukrain\w*|Israel\w*)\b|بھارت\w*|بنگلہ\s*دیش|چین\b"
)
PAKISTAN = re.compile(
    r"\b(?:Pakistan\w*|SBP|State\s+Bank|PBS|PSEB|P@SHA|MoITT|Islamabad|Karachi|Lahore"
    r"|Rawalpindi|Peshawar|Quetta)\b|پاکستان|اسٹیٹ\s+بینک|اسلام\s+آباد|کراچی|لاہور"
)

_QUAL = r"(?:(?:about|around|nearly|some|over|almost|approximately|roughly|just|only|an?|the)\s+)*"
TARGET = re.compile(
    r"(?i:\b(?:target\w*|goals?|aim\w*|ambition|ambitious|envisag\w*|vision|roadmap|projected"
    r"|projection\w*|forecast\w*|expect\w*|estimat\w*|potential\w*|could|would|will|might"
    r"|likely|plan\w*|hope\w*|want\w*|seek\w*|strive\w*|double|raise|boost|anticipat\w*"
    r"|outlook|aspir\w*|must|needs?|should|eye[ds]?|eyeing|head(?:ing|ed)\s+for|set\s+to|on\s+(?:course|track)|poised"
    r"|bound\s+to|requir\w*)\b)|\bmay\b|ہدف|اہداف|توقع|متوقع|تخمینہ|منصوبہ|پیش\s*گوئی|ممکنہ|امکان"
)
TARGET_AFTER = re.compile(
    r"^\W{0,3}(?:\S+\s+){0,5}?(?i:targets?\b|goals?\b|(?:consensus\s+)?(?:estimates?|forecasts?|projections?)\b"
    r"|by\s+(?:the\s+end|end|20\d\d|FY|fiscal"
    r"|financial|june|december)|within\s+(?:the\s+next\s+)?\w+\s+years|in\s+the\s+(?:next|coming)"
    r"|potential|(?:is|are)\s+(?:expected|projected|forecast|estimated|likely|anticipated)\b)|^\W{0,3}(?:\S+\s+){0,4}?(?:ہدف|کا\s+ہدف|توقع|متوقع|امکان)"
    # Urdu modal and future verbs after the amount: "… تک پہنچ سکتی ہیں", "پہنچ جائیں گی"
    r"|^[^،,;۔]{0,40}?\s(?:سکت[یاے]|سکتیں|گ[یاے]|رکھنے)(?:\s|$)"
)
# A condition: "If IT and IT-enabled exports reach $X in January, …" (commas may list series words)
CONDITION_BEFORE = re.compile(r"(?i:\b(?:if|unless)\b(?!\s+anything)[^;:.]{0,80}$)|\bاگر\b[^؛;۔]{0,80}$")
THRESHOLD_AFTER = re.compile(
    r"^\W{0,3}(?:\S+\s+){0,2}?(?i:mark|threshold|barrier|milestone|level|psychological)\b"
    r"|^\s*(?:کی|کے)\s+(?:حد|سطح|ہندسے)"
)
AVERAGE = re.compile(
    r"(?i:average|\bavg\b|run[- ]rate|rolling|per\s+month|monthly\s+average|on\s+average"
    r"|per\s+annum|annuali[sz])|اوسط"
)
PER_UNIT_AFTER = re.compile(
    r"^\W{0,2}(?i:(?:per|a|each)\s+(?:day|week|hour|month|year)\b(?!\s+(?:earlier|ago|before|back))|daily|monthly|weekly|"
    r"on\s+average|annually)|^\s*(?:روزانہ|ماہانہ\s+اوسط)"
)
DELTA_BEFORE = re.compile(
    r"(?:برآمدات|ترسیلات|ایکسپورٹس)\s+میں\s*$|"  # "exports in $X": Urdu for a change in exports
    rf"(?i:\bby\s+{_QUAL}$|\b(?:increase|decrease|rise|decline|growth|jump|fall|drop|surge|gain"
    rf"|addition|swing|dip|increment)\s+of\s+{_QUAL}$|\d\s*(?:%|pc|per\s?cent|percent)\s*,?\s*or"
    rf"\s+{_QUAL}$)"
)
DELTA_AFTER = re.compile(
    r"^\s*(?i:(?:was\s+|were\s+|is\s+|are\s+)?(?:higher|lower|more|less|increase|decrease|rise"
    r"|jump|gain|addition|shortfall|short)\b)"
    r"|^\s*(?:(?:کا|کی|کے)\s+)?(?:ریکارڈ\s+)?(?:اضافہ|اضافے|اضافی|کمی|بڑھ|گھٹ|زیادہ|کم)(?:\s|$)"
)
APPROX_BEFORE = re.compile(
    r"(?i:\b(?:close\s+to|closer\s+to|nearly|almost|approximately|approx\.?|around|about"
    r"|roughly|some|an\s+estimated|near|up\s+to|less\s+than|below|under|lower\s+than"
    r"|fewer\s+than|just\s+under)\s*$)|(?:تقریباً|تقریبا|لگ\s*بھگ)\s*$"
)
LOWER_BEFORE = re.compile(
    r"(?i:\b(?:more\s+than|over|above|exceed\w*|cross\w*|surpass\w*|beyond|in\s+excess\s+of"
    r"|upwards\s+of|at\s+least|topp\w*|breach\w*)\s+(?:the\s+)?$)"
)
# A value the text says was replaced: "initially reported at $X, (later) revised to $Y".
SUPERSEDED_BEFORE = re.compile(
    r"(?i:\b(?:initially|originally|earlier|previously|first|provisionally)\s+(?:reported|put|estimated"
    r"|stated|shown|given|announced|released|pegged)\s+(?:at|as)\s+(?:about\s+)?$)"
    r"|(?:^|\s)(?:پہلے|ابتدائی\s+طور\s+پر|ابتدا\s+میں)\s*$"  # Urdu "earlier/initially $X"
    r"|(?i:\b(?:not|rather\s+than|instead\s+of)\s+(?:the\s+)?$)|نہ\s+کہ\s*$"  # "were $348m, not $384m"
)
# An old record named beside a new one: "beating the previous record of $X" (month unsaid)
PREV_RECORD_BEFORE = re.compile(
    r"(?i:\b(?:previous|earlier|old|prior|last|former)\s+(?:all[- ]time\s+)?(?:monthly\s+)?"
    r"(?:record|high|peak|best)\b[^,;$]{0,25}$"
    r"|\b(?:from|than|below|under|off|short\s+of)\s+(?:the|its|a)\s+(?:all[- ]time\s+)?(?:record|peak)"
    r"(?:\s+(?:high|peak|level))?\s+(?:of\s+)?$)|(?:سابق|پچھلا|پچھلے|گزشتہ)\s+ریکارڈ[^،,;]{0,25}$"
)
RECORD_SET_IN = re.compile(r"^\s*,?\s*(?:(?:set|recorded|posted|achieved|seen|registered|reached)\s+)?in\b")
# A period named as a comparison base before the clause that states the level:
# "Compared with October 2024, IT exports rose to $386m".
BASE_BEFORE = re.compile(
    r"(?i:\b(?:compared\s+(?:to|with)|as\s+against|against|versus|unlike|in\s+contrast\s+to|over"
    r"|since|after)\s+(?:the\s+)?$)"
)
# A verb of change that opens a new clause after another amount's period.
CHANGE_VERB = re.compile(
    r"(?i:\b(?:rose|grew|increased|jumped|climbed|surged|soared|fell|declined|dropped|slipped|dipped"
    r"|reached|touched|hit|improved|rebounded|recovered)\b)"
)
# A later time than the period named before it: "…; this year they rose to $Y", "the next month".
FORWARD = re.compile(
    r"(?i:\b(?:this|the\s+current)\s+year\b|\b(?:a|one)\s+year\s+later\b"
    r"|\bthe\s+(?:next|following|subsequent)\s+(?:month|year|quarter)\b|\bsince\s+then\b)"
    r"|(?:رواں|اس|موجودہ)\s+(?:سال|برس)(?!\s+(?:کے|کی)\s+اسی)|(?:ایک\s+)?(?:سال|برس)\s+بعد|اگلے\s+(?:ماہ|مہینے)"
)
# A range, not a figure: "$340m-$350m", "between $340m and $350m", "$340m to $350m"
RANGE_GAP = re.compile(r"\s*(?:-|–|—)\s*")
RANGE_TO_GAP = re.compile(r"\s*(?i:to)\s*")
BETWEEN_BEFORE = re.compile(r"(?i:\bbetween\s+(?:the\s+)?$)")
RANGE_AND_GAP = re.compile(r"\s*(?i:and|&)\s*")
BETWEEN_AFTER = re.compile(r"\s*(?:ڈالرز?\s+)?کے\s+درمیان")  # Urdu "… 350 ملین ڈالر کے درمیان": between
RANGE_UR_GAP = re.compile(r"\s*سے\s*")
# Urdu "X سے بڑھ کر Y" (rose from X to Y): X is a base whose period the sentence does not give
UR_FROM_CHANGE = re.compile(r"\s*سے\s+(?:بڑھ|گھٹ|کم\s+ہو|گر)")
LOWER_AFTER = re.compile(r"^\s*سے\s+(?:تجاوز|زائد|زیادہ|بڑھ|اوپر)")
UPPER_AFTER = re.compile(r"^\s*سے\s+کم")
COMPARE_BEFORE = re.compile(
    rf"(?i:\b(?:compar(?:ed|es?|ing)\s+(?:to|with)|comparison\s+(?:to|with)|as\s+against|against|versus"
    rf"|vs\.?|from|than)\s*,?\s+{_QUAL}$)"
)
COMPARE_AFTER = re.compile(r"^\s*(?:کے|کی)\s+(?:مقابلے|مقابلہ|نسبت)")
PAIR_FROM = re.compile(r"(?i:\bfrom\s*,?\s*(?:the\s+)?$)")
PAIR_TO = re.compile(r"(?i:^[^;$\d]{0,50}?\bto\s+(?:the\s+)?$)")
ATTACH_BREAK = re.compile(
    r"(?i:\b(?:compared|comparison|against|versus|vs|than|whereas|while|but|which|when"
    r"|whereby)\b)|;|,\s*and\b|جبکہ|\bجو\b"
    # "from" starts a comparison base, except "earned $X from IT exports in December" (a source)
    r"|(?i:\bfrom\b(?!\s+(?:the\s+)?(?:exports?\s+of\s+)?(?:IT|ICT|information|tele\w*|computer|software)\b))"
)
CLAUSE = re.compile(r"[,;:()\[\]،]|\s[—–-]\s|—|(?i:\b(?:while|whereas|but|and|as)\b)|جبکہ")
MOM = re.compile(r"(?i:month[- ]on[- ]month|\bMoM\b|month[- ]over[- ]month)|ماہ\s*بہ\s*ماہ|ماہانہ\s+بنیاد")
YOY = re.compile(r"(?i:year[- ]on[- ]year|\bYoY\b|year[- ]over[- ]year)|سال\s*بہ\s*سال|سالانہ\s+بنیاد")
FIRST_TIME = re.compile(r"(?i:first\s+time|first-ever|ever)|پہلی\s+(?:مرتبہ|بار)|پہلا\s+موقع")
WHEN = re.compile(r"\s*,?\s*(?:when|where)\b")  # "compared to May 2024, when exports were $X"
LIST_GAP = re.compile(r"\s*(?:,|&|and|,\s*and|و|اور)\s*")  # between listed periods or amounts
AND = re.compile(r"\s(?:and|&|و|اور)\s")
THIS_YEAR = re.compile(r"(?i:this\s+year)")
