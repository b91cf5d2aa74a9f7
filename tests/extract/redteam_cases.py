"""The red-team set: 265 short news paragraphs written by us (not from any corpus), with truth.

Each paragraph imitates a shape seen in Pakistani IT-export news (English and Urdu): monthly
levels with comparisons, FYTD and quarter totals, targets, averages, other series, records,
revisions, quotes, headlines, relative phrases, lists and flattened tables. Every `it_exports`
figure the extractor returns must be in `truth` or `optional`; `optional` holds readings a careful
labeller could go either way on. Format of `PARAGRAPHS`: a header line
`== <published or none> | <period=value ...> [| opt <period=value ...>]`, an optional `T: title`
line, then the text (wrapped lines are joined with spaces); paragraphs are separated by blank lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Truth = dict[str, float]


@dataclass(frozen=True)
class Paragraph:
    """One red-team paragraph: text, page date and title, and its true it_exports figures."""

    text: str
    published: date | None
    truth: Truth
    optional: Truth = field(default_factory=dict)
    title: str | None = None


def _figures(spec: str) -> Truth:
    pairs = (item.rsplit("=", 1) for item in spec.split())
    return {period: float(value) for period, value in pairs}


def _parse(block: str) -> Paragraph:
    head, *lines = block.strip().split("\n")
    fields = [f.strip() for f in head.removeprefix("==").split("|")]
    published = None if fields[0] == "none" else date.fromisoformat(fields[0])
    optional = _figures(fields[2].removeprefix("opt")) if len(fields) > 2 else {}
    title = lines.pop(0).removeprefix("T:").strip() if lines[0].startswith("T:") else None
    return Paragraph(" ".join(lines), published, _figures(fields[1]), optional, title)


PARAGRAPHS = """
== 2026-01-19 | 2025-12=437 2024-12=358 2025-11=383
Pakistan's IT exports climbed to $437 million in December 2025, up 22% from $358m in December 2024
and 14% higher than November's $383m, according to the State Bank.

== 2026-01-20 | FY2026:07-12=2240 FY2025:07-12=1880
In July-December FY26, IT exports stood at $2.24 billion, up 19% from $1.88 billion in the same
period last year. Computer services exports were $345 million during the month.

== 2025-11-18 | 2025-10=386 2025-09=367 2024-10=330
IT exports rose to $386m in October, compared with $367m in the preceding month and $330m in the
same month last year.

== 2025-11-18 | FY2026:07-10=1440 FY2025:07-10=1200
The country's ICT exports for the first four months of the current fiscal year reached $1.44bn,
against $1.2bn in the corresponding period of last fiscal year.

== 2025-10-20 | 2025-09=366 2025-03=354
IT exports hit an all-time high of $366 million in September, surpassing the previous peak of $354
million recorded in March 2025.

== 2025-10-20 | FY2026:Q1=1060 FY2025:Q1=929
During the first quarter of FY26, the sector earned $1.06 billion, 14 percent more than $929 million
in Q1 of FY25.

== none |
The government has set a target of $5 billion in IT exports for the current fiscal year, up from
$3.8bn achieved last year.

== 2025-07-21 | FY2025=3800 FY2024=3200 2025-06=338
Pakistan's IT exports reached a record $3.8 billion in FY25, an increase of 18 percent over $3.2
billion in FY24. In June alone, exports were $338 million.

== 2025-08-19 | 2025-07=354
IT exports averaged $317 million a month in FY25, the central bank said. In July 2025 they stood at
$354 million.

== 2024-12-18 | 2024-11=348
Workers' remittances rose to $2.9 billion in November, while IT exports came in at $348 million, up
12pc year-on-year.

== 2024-12-18 | 2024-11=348
Goods exports for November totalled $2.6bn; services exports were $700m, of which IT and IT-enabled
services contributed $348m.

== 2025-02-18 | 2025-01=313 2024-12=348 2024-01=270
IT exports dipped to $313 million in January from $348 million in December, though they were still
16% above the $270 million posted a year ago.

== 2025-02-18 | FY2025:07-01=2120
The share of IT in total services exports rose to 43% in 7MFY25, when the sector earned $2.12
billion.

== 2024-05-20 | 2024-04=310
Minister for IT Shaza Fatima Khawaja said IT exports had grown by $35 million in April to reach $310
million, calling it a sign of investor confidence.

== 2024-05-20 |
"We will take IT exports to $10 billion by 2029," the minister told a seminar, adding that
freelancers alone had remitted $350 million in ten months.

== 2024-04-22 | 2024-03=306
T: IT exports surge to $306m in March
Pakistan recorded its highest ever monthly IT exports in March, the State Bank's data showed,
beating the previous best set in December.

== 2023-08-18 | 2023-07=214 2023-06=229
IT exports in July 2023 amounted to $214 million, down 6.5pc from $229m in June but up 13pc over the
same month last year.

== 2023-08-18 | FY2023=2590 FY2022=2620
Last fiscal year the country earned $2.59 billion from IT services, slightly below the $2.62 billion
of FY22.

== 2026-02-17 | 2026-01=410 2025-01=313
IT exports stood at $410 million in January 2026, compared to $313 million in January 2025, a
year-on-year growth of 31%.

== 2026-02-17 | FY2026:07-01=2650 FY2025:07-01=2120
For 7MFY26, the total reached $2.65 billion versus $2.12 billion in 7MFY25.

== 2025-12-17 | 2025-11=383 FY2026:07-11=1820
IT exports rose 2pc month-on-month to $383m in November 2025. Cumulatively, exports during 5MFY26
were $1.82bn, up 18pc.

== 2025-12-17 | 2025-11=383 2024-11=348
Exports of telecommunication, computer and information services were recorded at 383 million U.S.
dollars in November, against 348 million U.S. dollars during the corresponding month last year.

== 2025-01-20 | 2024-12=348 2024-11=320
IT exports showed an increase in December 2024 from the preceding month of November, from $320
million to $348 million.

== 2025-04-21 | 2025-03=342 2024-03=286
The sector earned $342 million in March 2025 against $286 million during the previous year in March
2024.

== none | 2024-05=298 2023-05=236
ICT exports were $298 million in May 2024, up from $236 million in May 2023.

== none |
IT exports jumped to $330 million in October, the highest in eight months.

== none | FY2022:Q1=597 | opt 2021-09=214
T: IT exports climb to $597m in first quarter of FY2021-22
Exports of ICT services were $214 million in September 2022, the data showed, taking the
July-September total to $597 million.

== 2025-09-17 | 2025-08=354 FY2026:07-08=708 FY2025:07-08=596
IT exports in August 2025 were $354m. In the first two months of FY26, they totalled $708m, compared
with $596m a year earlier.

== 2025-09-17 | 2025-08=354
The current account posted a surplus of $47 million in August, as IT exports of $354 million and
remittances of $3.1 billion supported the balance.

== 2024-08-20 | FY2024=3200
PSEB said 2,500 new companies registered in FY24, when IT exports reached $3.2 billion, an all-time
high. Freelancers earned $400 million.

== 2024-08-20 | 2024-07=286 | opt 2023-07=215
IT exports in July 2024 were $286 million, up 33% year-on-year from $215 million.

== 2022-01-20 | 2021-12=260 2020-12=210 FY2022:07-12=1300
Telecom, computer and information services exports stood at $260 million in December 2021 against
$210 million in December 2020. In the first half of FY22, exports grew 32% to $1.3 billion.

== 2022-01-20 | FY2021=2100
The government expects IT exports to cross $3.5 billion in FY22, against $2.1bn in FY21.

== 2023-03-20 | 2023-02=208 2022-02=237 FY2023:07-02=1720
IT exports fell 12% to $208m in February 2023 compared with $237m in the same month last year, while
in 8MFY23 they stood at $1.72bn.

== 2023-03-20 |
Computer services exports alone were $160 million in February, while telecom services added $30
million.

== none |
T: IT exports cross $3bn mark in 11 months
The country's IT exports crossed $3 billion in the first eleven months of the fiscal year, officials
said.

== 2025-06-18 | FY2025:07-05=3470 FY2024:07-05=2840 2025-05=329
IT exports reached $3.47bn during July-May FY25, up 22% from $2.84bn in the corresponding period
last year. In May 2025 alone, the figure was $329 million.

== 2025-06-18 | 2025-05=329 2025-04=357
May's IT exports of $329m were 8% lower than April's $357m.

== 2025-05-19 | 2025-04=357 2025-03=342
April 2025 saw IT exports of $357 million, the highest monthly figure on record, eclipsing March's
$342 million.

== 2025-05-19 | FY2025:07-04=3140
On a monthly average basis, IT exports in 10MFY25 came to $314m, bringing the cumulative total to
$3.14bn.

== 2024-03-19 | 2024-02=257 2023-02=208
IT exports stood at $257 million in February 2024, down 2pc month-on-month but up 24pc from $208m in
February 2023.

== 2024-03-19 | FY2024:07-02=2050
IT exports from July to February FY24 grew 15% to $2.05 billion.

== 2021-11-22 | 2021-10=209 2021-09=215 2020-10=151
ICT exports clocked in at $209 million in October 2021, down from $215 million in September 2021 but
higher than $151m in October 2020.

== 2021-11-22 | FY2022:07-10=810 FY2021:07-10=595
In 4MFY22 ICT exports rose 36% to $810 million from $595 million in 4MFY21.

== 2026-01-19 | 2025-09=366 2025-10=386 2025-11=383 2025-12=437
Monthly IT exports (US$ million): September 366, October 386, November 383, December 437.

== 2025-10-20 | 2025-09=366 2025-08=354 2024-09=292
IT exports ($m) Sep-25: 366 Aug-25: 354 Sep-24: 292

== 2025-03-18 | FY2025:07-02=2460 FY2024:07-02=2050 2025-02=305
The IT sector generated $2.46 billion in July-February FY25 compared with $2.05bn in July-February
FY24, while monthly IT exports in February 2025 were $305m.

== 2025-03-18 |
According to the finance ministry's outlook, IT exports are projected to reach $340 million in
March.

== 2025-01-20 | 2024-11=348
Revised data showed November's IT exports at $348 million, up from the $345 million initially
reported.

== 2024-10-21 | 2024-09=292 FY2025:Q1=863 FY2024:Q1=643
IT exports rose to $292 million in September 2024, the State Bank said. That took first-quarter
exports to $863 million, up 34 per cent from $643 million in the July-September period of 2023.

== 2024-10-21 | 2024-08=277 2024-07=286
By comparison, IT exports were $277m in August and $286m in July.

== 2023-12-20 | 2023-11=259 2023-10=243
ICT exports in November 2023 rose 31% year-on-year to $259m, and were up from $243m in October.

== 2022-07-20 | FY2022=2620 2022-06=223
In FY22, the country's IT exports grew 26% to $2.62bn, against the target of $3.5bn. June 2022
exports were $223m.

== 2022-07-20 |
The monthly average of IT exports for the year was $218 million, compared with $176 million a year
earlier.

== 2026-03-18 | 2026-02=398 2026-01=410
IT exports eased to $398 million in February 2026 from $410 million in the previous month.

== 2026-03-18 | FY2026:07-02=3050 FY2025:07-02=2460
IT exports over July-February FY26 totalled $3.05 billion, compared with $2.46bn in the same period
of last fiscal year.

== 2025-08-19 | 2025-07=354 2024-07=286
IT exports for July, the first month of FY26, stood at $354 million, up 24% from $286 million in
July last year.

== 2024-06-18 | 2024-05=298 FY2024:07-05=2840
In May, the country's IT exports were $298m, while over July-May they came to $2.84bn.

== 2024-06-18 |
The finance minister said IT exports grew by $60 million this fiscal year and would hit $3.5bn next
year.

== 2023-05-22 | 2023-04=195 2023-03=230
IT exports fell to $195 million in April 2023, the lowest in 15 months, against $230 million in
March.

== 2023-05-22 | FY2023:07-04=2150
Over 10MFY23, IT exports declined 1.8% to $2.15bn.

== 2020-11-20 | 2020-10=151 FY2021:07-10=595
ICT exports reached $151 million in October 2020, up 19% from October 2019, and $595m in the four
months of FY21.

== 2021-08-19 | 2021-07=196 2021-06=183 2020-07=155
In July 2021, IT exports were $196 million, compared with $183 million in June and $155 million in
July 2020.

== 2021-08-19 | FY2021=2100 FY2020=1440
During FY21, ICT exports totalled $2.1 billion, a 47% increase over FY20's $1.44bn.

== 2026-01-19 | 2025-12=437
T: Pakistan's IT exports hit record $437m in December
The State Bank data released on Monday showed the figure rose sharply from the previous month.

== 2026-01-19 | 2025-12=437
T: IT exports hit record $437m in Dec
Officials credited higher export proceeds retention limits for the jump.

== 2025-11-18 | 2025-10=386
October alone brought in $386 million in IT exports, the data showed.

== 2025-11-18 | 2025-10=386
IT exports picked up in October, reaching $386 million.

== 2025-11-18 | 2025-10=386
The $386 million of IT exports generated in October 2025 marked the highest monthly inflow since the
series began.

== 2025-11-18 | 2025-10=386
Pakistan earned $386 million by providing IT and IT-enabled services during October 2025.

== 2024-09-18 | 2024-08=277 2024-07=286
IT exports fell 3% to $277m in August 2024 from $286m in July 2024.

== 2024-09-18 | FY2025:07-08=563 FY2024:07-08=449
The first two months of FY25 brought IT exports of $563m, against $449m in the same months of last
year.

== 2024-02-20 | 2024-01=265 2023-01=209
IT exports grew 27% to $265 million in January 2024, compared with $209 million a year ago, the
State Bank said.

== 2022-10-20 | 2022-09=226 FY2023:Q1=634 FY2022:Q1=640
IT exports in September 2022 were $226m, and $634m for the first quarter, down 1% from $640m in
Q1FY22.

== 2022-10-20 |
The quarter's monthly average of IT exports, $211m, was the lowest in two years.

== 2025-04-21 | FY2025:Q3=1000
Pakistan's IT exports in the third quarter (January-March) of FY25 were $1.0bn.

== 2025-04-21 | FY2025:07-03=2800 FY2024:07-03=2270
In 9MFY25, IT exports stood at $2.8bn, 23% higher than $2.27bn in 9MFY24.

== 2023-01-18 | 2022-12=226 2022-11=246 2021-12=260
IT exports during December 2022 stood at $226 million, down from $246m in November 2022 and $260m in
December 2021.

== 2023-01-18 | FY2023:07-12=1340 FY2022:07-12=1300
In the first half of FY23 IT exports reached $1.34bn against $1.3bn in 1HFY22.

== none |
IT exports were $232m last month, officials said.

== 2024-07-22 | 2024-06=298 FY2024=3220 | opt FY2023=2600
IT exports in June 2024 were $298 million, taking the FY24 total to $3.22 billion, up 24% from
$2.6bn last fiscal year.

== 2024-07-22 | 2024-05=310 2023-06=236
June's IT exports were down from $310 million in May but up from $236 million a year earlier.

== 2025-07-21 | | opt FY2025=3800
This fiscal year, IT exports reached $3.8bn.

== 2025-10-20 | FY2026:Q1=1060
The IT ministry said the sector contributed $1.06bn in July-September, and a further $400m of IT
exports is expected in October.

== 2025-10-20 | 2025-09=366 2024-09=292 2025-08=354
September's IT export figure of $366 million was 21% higher than September 2024's $292m, and 3%
above August's $354m.

== 2026-01-19 | 2025-12=437 2025-10=386
At $437m, December's IT exports were the highest ever, topping the earlier record of $386m in
October.

== 2026-01-19 |
IT exports have averaged $373 million per month in the first half, against $313m in 1HFY25.

== 2021-02-18 | 2021-01=198 2020-01=146 FY2021:07-01=1310
ICT exports rose to $198 million in January 2021, against $146 million in January 2020; in
July-January FY21, they were $1.31bn.

== 2025-06-18 | 2025-04=357 2025-05=329
IT exports were $357 million and $329 million in April and May 2025 respectively.

== 2025-02-18 | 2024-11=348 2024-12=348 2025-01=313
IT exports in November, December and January were $348m, $348m and $313m respectively.

== 2024-04-22 | 2024-03=306 2024-02=257 2023-03=254
Pakistan IT exports: Mar'24 $306m; Feb'24 $257m; Mar'23 $254m.

== none | 2023-12=303
In December 2023, IT exports reached $303 million, the highest at the time.

== 2024-01-19 | 2023-12=303 2022-12=226 2023-11=259
IT exports stood at $303 million in December, up 34% from $226m in the same month of the previous
year, and $259m in November.

== 2025-09-17 | 2025-08=354
Freelancers earned $48 million in August, PSEB said, while total IT exports were $354 million.

== 2025-09-17 | 2025-08=354
Remittances stood at $3.1bn in August, down from $3.2bn in July; IT exports came in at $354m.

== 2024-12-18 |
The current account recorded a surplus of $729 million in November 2024, helped by services exports
of $712 million.

== 2025-07-21 | 2025-06=338
Textile exports in June 2025 were $1.5 billion, while IT exports stood at $338 million.

== 2023-09-19 | 2023-08=235
ICT exports in August 2023 were $235 million. Goods exports in the month were $2.4 billion, and the
trade deficit narrowed to $1.9 billion.

== 2025-11-18 | 2025-10=386
The IT sector brought in Rs108 billion in October, equivalent to $386 million of IT exports.

== 2024-06-18 |
Software exports of Rs 83bn were recorded in May.

== 2025-12-17 | 2025-11=383
IT exports grew 17.5% in November to $383m; they had grown 21% in October.

== 2026-01-19 | 2025-12=437
"December's $437 million in IT exports is proof that our policies work," the minister for IT said,
adding that the ministry aims for $500 million a month by June.

== 2025-03-18 |
The minister said monthly IT exports had exceeded $300 million for the seventh consecutive month.

== 2024-11-19 | 2024-10=330 2023-10=276
IT exports stood at $330 million in October 2024, the highest in the fiscal year so far, against
$276 million in October 2023.

== 2024-11-19 | FY2025:07-10=1200 | opt FY2024:07-10=894
During 4MFY25, the IT sector exported services worth $1.2bn, up 34% from $894m.

== 2022-04-20 | 2022-03=259 2021-03=196 FY2022:07-03=1950
IT exports hit a record $259 million in March 2022, up 32% from $196m in March 2021. The nine-month
total came to $1.95bn.

== 2020-08-20 | FY2020=1440 FY2019=1190
During FY20 ICT exports stood at $1.44 billion compared with $1.19bn in FY19.

== 2020-08-20 | 2020-07=155 2019-07=116
In July 2020, IT exports were $155m, a 34% increase from $116m in July 2019.

== 2025-02-18 | 2025-01=313 2024-12=348
IT exports were $313m last month, down from $348m in December.

== 2025-02-18 | | opt 2024-01=265
The same month last year saw IT exports of $265 million.

== 2024-12-18 | FY2025:07-11=1550
IT exports in the first five months of this fiscal year totalled $1.55 billion.

== 2024-12-18 | FY2024:07-11=1290
Last fiscal year, IT exports in the same five months were $1.29bn.

== none | FY2024:07-12=1450 FY2023:07-12=1340
IT exports in 1HFY24 rose 8% to $1.45bn from $1.34bn in 1HFY23.

== none | 2022-03=259
ICT exports for the month of March 2022 were recorded at $259 million.

== 2026-01-19 | 2025-12=437
T: IT exports up 22pc to $437mn in Dec
Details released by the SBP showed strong growth across computer and telecom services.

== 2025-12-17 | FY2026:07-11=1820
T: ICT exports at $1.82bn in 5MFY26
Exports of IT services continued to grow.

== 2025-12-17 | 2025-11=383 2025-10=386
IT exports registered a decline in November 2025 from the preceding month of October, from $386
million to $383 million.

== 2024-04-22 | 2024-03=306 2023-03=254
IT exports were $306 million in March 2024 compared to $254 million during the previous year in
March 2023.

== 2026-01-20 | FY2026:07-12=2240 FY2025:07-12=1880 | opt 2025-12=437
In July-December FY26, IT exports stood at $2.24 billion, up 19% from $1.88 billion in the same
period last year. IT exports were $437 million during the month.

== 2026-01-19 | 2025-12=437 2024-12=358
دسمبر 2025 میں آئی ٹی برآمدات 43 کروڑ 70 لاکھ ڈالر رہیں جو گزشتہ سال دسمبر میں 35 کروڑ 80 لاکھ ڈالر
تھیں۔

== 2026-01-19 | FY2026:07-12=2240
رواں مالی سال کے پہلے چھ ماہ (جولائی تا دسمبر) میں آئی ٹی برآمدات 2 ارب 24 کروڑ ڈالر تک پہنچ گئیں۔

== 2025-11-18 | 2025-10=386
اکتوبر میں آئی ٹی برآمدات میں 19 ملین ڈالر کا اضافہ ہوا اور یہ 386 ملین ڈالر ہو گئیں۔

== 2025-11-18 | 2025-10=386 2025-09=366
گزشتہ ماہ آئی ٹی برآمدات 386 ملین ڈالر رہیں جبکہ ستمبر میں یہ 366 ملین ڈالر تھیں۔

== 2025-10-20 | 2025-09=366 2024-09=292
ستمبر 2025 میں آئی ٹی کی برآمدات ریکارڈ 36 کروڑ 60 لاکھ ڈالر رہیں، جو گزشتہ مالی سال کے اسی مہینے
میں 29 کروڑ 20 لاکھ ڈالر تھیں۔

== 2025-10-20 | FY2026:Q1=1060
مالی سال 2026 کی پہلی سہ ماہی میں آئی ٹی برآمدات ایک ارب 6 کروڑ ڈالر رہیں۔

== 2025-09-17 | 2025-08=354
اگست میں آئی ٹی برآمدات 354 ملین ڈالر رہیں، جبکہ ترسیلات زر 3 ارب 10 کروڑ ڈالر رہیں۔

== 2025-09-17 |
فری لانسرز نے اگست میں 4 کروڑ 80 لاکھ ڈالر کمائے۔

== 2024-11-19 | 2024-10=330
اکتوبر 2024 میں آئی ٹی برآمدات 33 کروڑ ڈالر ریکارڈ کی گئیں جو اکتوبر 2023 کے مقابلے میں 19.6 فیصد
زیادہ ہیں۔

== 2024-11-19 | FY2025:07-10=1200 FY2024:07-10=894
رواں مالی سال کے ابتدائی چار ماہ میں آئی ٹی برآمدات ایک ارب 20 کروڑ ڈالر رہیں جبکہ گزشتہ مالی سال کے
اسی عرصے میں یہ 89 کروڑ 40 لاکھ ڈالر تھیں۔

== 2025-01-20 | 2024-12=348
دسمبر میں آئی ٹی برآمدات 348 ملین ڈالر رہیں، جو نومبر کے مقابلے میں 28 ملین ڈالر زیادہ ہیں۔

== 2025-01-20 |
وزیر آئی ٹی نے کہا کہ حکومت کا ہدف رواں مالی سال میں آئی ٹی برآمدات کو 5 ارب ڈالر تک لے جانا ہے۔

== 2024-05-20 | 2024-04=310 2024-03=306
اپریل میں آئی ٹی برآمدات 31 کروڑ ڈالر رہیں جبکہ مارچ میں یہ 30 کروڑ 60 لاکھ ڈالر تھیں۔

== 2024-05-20 | FY2024:07-04=2580
جولائی تا اپریل آئی ٹی برآمدات 2 ارب 58 کروڑ ڈالر رہیں۔

== 2026-02-17 | 2026-01=410 2025-01=313
جنوری 2026 میں آئی ٹی برآمدات 410 ملین ڈالر رہیں جو گزشتہ سال کے اسی مہینے میں 313 ملین ڈالر تھیں۔

== 2026-02-17 |
آئی ٹی برآمدات میں 97 ملین ڈالر کا اضافہ ہوا۔

== none | 2024-03=306
مارچ 2024 میں آئی ٹی کی برآمدات 30 کروڑ 60 لاکھ ڈالر کی بلند ترین سطح پر پہنچ گئیں۔

== none |
آئی ٹی برآمدات گزشتہ ماہ 35 کروڑ ڈالر رہیں۔

== 2023-08-18 | 2023-07=214 2023-06=229
جولائی 2023 میں آئی ٹی برآمدات 21 کروڑ 40 لاکھ ڈالر رہیں جبکہ جون میں 22 کروڑ 90 لاکھ ڈالر تھیں۔

== 2023-08-18 | FY2023=2590
گزشتہ مالی سال میں آئی ٹی برآمدات 2 ارب 59 کروڑ ڈالر رہیں۔

== 2025-07-21 | FY2025=3800 2025-06=338
مالی سال 2025 میں آئی ٹی برآمدات 3 ارب 80 کروڑ ڈالر کی ریکارڈ سطح پر پہنچ گئیں، جون میں یہ 33 کروڑ
80 لاکھ ڈالر رہیں۔

== 2025-12-17 | 2025-11=383
نومبر 2025 میں آئی ٹی برآمدات ۳۸۳ ملین ڈالر رہیں۔

== 2025-12-17 | FY2026:07-11=1820
رواں مالی سال کے پانچ ماہ میں آئی ٹی برآمدات ایک ارب 82 کروڑ ڈالر رہیں، جو گزشتہ سال کے اسی عرصے سے
18 فیصد زیادہ ہیں۔

== 2024-02-20 | 2024-01=265 2023-01=209
جنوری 2024 میں آئی ٹی برآمدات 26 کروڑ 50 لاکھ ڈالر رہیں، جو ایک سال پہلے 20 کروڑ 90 لاکھ ڈالر تھیں۔

== 2026-01-19 | 2025-12=437 2025-11=383
T: آئی ٹی برآمدات 437 ملین ڈالر کی ریکارڈ سطح پر
اسٹیٹ بینک کے اعداد و شمار کے مطابق دسمبر میں آئی ٹی برآمدات میں نمایاں اضافہ ہوا۔ نومبر میں یہ 383
ملین ڈالر تھیں۔

== 2024-10-21 | 2024-09=292 | opt 2023-09=230
ستمبر میں آئی ٹی برآمدات 29 کروڑ 20 لاکھ ڈالر رہیں، جبکہ گزشتہ مالی سال کے اسی مہینے میں یہ کم از کم
23 کروڑ ڈالر تھیں۔

== 2022-01-20 | 2021-12=260 2020-12=210
دسمبر 2021 میں آئی ٹی برآمدات 26 کروڑ ڈالر رہیں جبکہ دسمبر 2020 میں یہ 21 کروڑ ڈالر تھیں۔

== 2025-04-21 | 2025-03=342 2024-03=286
مارچ 2025 میں آئی ٹی برآمدات 342 ملین ڈالر رہیں جو گزشتہ سال مارچ 2024 میں 286 ملین ڈالر تھیں۔

== 2025-03-18 | 2025-02=305
فروری میں آئی ٹی برآمدات 305 ملین ڈالر رہیں اور ان میں ماہانہ بنیاد پر 8 ملین ڈالر کی کمی ہوئی۔

== 2025-06-18 | 2025-05=329 2025-04=357
مئی میں آئی ٹی برآمدات 32 کروڑ 90 لاکھ ڈالر رہیں جبکہ اپریل میں 35 کروڑ 70 لاکھ ڈالر کی برآمدات
ہوئیں۔

== 2025-08-19 | 2025-07=354 2024-07=286
آئی ٹی برآمدات جولائی میں 354 ملین ڈالر تک بڑھ گئیں، گزشتہ سال جولائی میں یہ 286 ملین ڈالر تھیں۔

== 2025-08-19 |
ماہانہ اوسط آئی ٹی برآمدات 317 ملین ڈالر رہیں۔

== none | 2020-10=151 2020-09=158 | opt 2021-10=151 2021-09=158
T: ICT exports at $444m in Q1 of FY2020-21
The export of ICT services came in at $151 million for October 2021, slightly lower than in
September 2021, when exports were $158 million.

== 2025-11-18 | 2025-10=386 FY2026:07-10=1440 FY2025:07-10=1200
IT exports rose to $386 million in October 2025. In July-October FY26, IT exports stood at $1.44
billion, up 20% from $1.2 billion in the same period last year. Computer services exports were $300
million during the month.

== 2025-11-18 | 2025-10=386 FY2026:07-10=1440 FY2025:07-10=1200
IT exports rose to $386 million in October 2025. In July-October FY26, IT exports stood at $1.44
billion, up 20% from $1.2 billion in the same period last year. IT exports were $386 million during
the month.

== 2025-11-18 | 2025-10=386 2024-10=330
اکتوبر 2025 میں آئی ٹی برآمدات 386 ملین ڈالر رہیں جبکہ گزشتہ سال اکتوبر میں یہ 330 ملین ڈالر تھیں،
یوں ان میں 56 ملین ڈالر کا اضافہ ہوا۔

== 2025-11-18 | 2025-10=386
اکتوبر میں آئی ٹی برآمدات 386 ملین ڈالر رہیں جو ستمبر کے مقابلے میں 20 ملین ڈالر بڑھ گئیں۔

== 2025-11-18 | 2025-10=386
آئی ٹی برآمدات اکتوبر میں 20 ملین ڈالر بڑھ کر 386 ملین ڈالر ہو گئیں۔

== 2025-11-18 |
اکتوبر میں آئی ٹی برآمدات میں سالانہ بنیاد پر 5 کروڑ 60 لاکھ ڈالر کا اضافہ ہوا۔

== 2025-10-20 | 2025-09=366 | opt 2024-09=292
ستمبر میں آئی ٹی برآمدات 366 ملین ڈالر رہیں جبکہ گزشتہ مالی سال ستمبر میں یہ 292 ملین ڈالر سے زائد
تھیں۔

== 2025-11-18 | 2025-10=386 | opt 2024-10=330
T: آئی ٹی برآمدات 386 ملین ڈالر تک پہنچ گئیں
اسٹیٹ بینک کے مطابق اکتوبر میں آئی ٹی برآمدات میں اضافہ ہوا۔ گزشتہ مالی سال کے اسی مہینے میں یہ کم
از کم 330 ملین ڈالر تھیں۔

== 2025-01-20 | 2024-12=348 2024-11=320
IT exports saw an increase in December 2024 from the preceding month of November, from $320 million
to $348 million, the central bank said.

== 2025-01-20 | 2024-12=348 2023-12=303
IT exports reached $348 million in December 2024, compared with $303 million during the previous
year in December 2023.

== 2025-01-20 | 2024-12=348 | opt 2023-12=303
IT exports reached $348 million in December, compared with $303 million during the previous year.

== 2024-08-20 | 2024-07=286 FY2024=3223
Pakistan's IT exports stood at $286 million in July 2024, the first month of the new fiscal year. In
the previous fiscal year, they totalled $3.223 billion.

== 2024-08-20 | FY2024=3223 | opt FY2025=3223
This fiscal year's target is $3.5bn in IT exports after the sector earned $3.223bn in FY24.

== 2025-03-18 | 2025-02=305 2025-01=313
IT exports were $305m in February and $313m in January, the State Bank said on Monday.

== 2025-03-18 | 2025-02=305
IT exports in February fell to $305m, from $313m, a decline of 2.6%.

== 2025-03-18 |
IT exports fell by $8m in February to a level that was still 13% higher year-on-year.

== 2025-03-18 | 2025-02=305
IT exports in February were $305m. Last month's figure was the second-lowest of the fiscal year.

== 2025-05-19 | 2025-04=357 2024-04=310
IT exports surged to $357 million in April, the highest ever, compared with $310 million in April
last year and an average of $320 million in the preceding 12 months.

== 2025-05-19 | 2025-04=357 2025-03=342
In April, IT exports earned the country $357m; the previous record, $342m, was set only a month
earlier.

== 2025-05-19 | 2025-04=357 2025-03=342
IT exports of $357m in April topped March's record of $342m.

== 2024-01-19 | 2023-12=303 FY2024:07-12=1450 FY2023:07-12=1230
December 2023's IT exports of $303m took the first-half total to $1.45bn against $1.23bn in 1HFY23.

== 2023-07-20 | FY2023=2590 2023-06=229
Provisional data shows IT exports of $2.59bn in FY23; June 2023 alone accounted for $229m.

== 2026-02-17 | 2026-01=410 | opt 2025-01=313
IT exports climbed to $410 million in January, 31% higher than a year ago, when they were $313
million.

== 2026-02-17 | 2026-01=410
IT exports jumped by $97 million year-on-year to $410 million in January.

== 2026-02-17 |
IT exports were higher by $97m in January compared with the same month last year.

== 2026-02-17 | 2026-01=410 | opt 2025-12=437
IT exports fell to $410 million in January from December's record of $437 million.

== 2026-02-17 | 2026-01=410 2025-12=437
Monthly IT exports slowed to $410m in January 2026 after hitting $437m in December 2025.

== 2025-09-17 | 2025-08=354 | opt 2025-07=354
IT exports in August were $354m, unchanged from July.

== 2025-09-17 | 2025-08=354 2025-07=354
IT exports were $354m in August and also $354m in July.

== 2024-10-21 | 2024-09=292 | opt 2023-09=231
IT exports rose to $292 million in September, up from the $231 million recorded in the same month of
the last fiscal year.

== 2024-10-21 | FY2025:Q1=863 | opt FY2024:Q1=643
IT exports in the July-September quarter reached $863 million, against $643 million in the
corresponding quarter of last year.

== 2023-10-19 | 2023-09=207 | opt 2022-09=226
ICT exports were $207m in September, about 8% below $226m in September last year.

== 2023-10-19 | 2023-09=207 FY2024:Q1=655
ICT exports were $207m in September 2023; Q1FY24 exports rose 3% to $655m.

== none | FY2024:Q1=655
IT exports in the first quarter of FY2023-24 were $655m.

== none | 2023-09=207
ICT exports in September of 2023 were $207m.

== 2025-12-17 | 2025-11=383
IT exports of $383 million in November 2025 made up 42% of services exports of $911 million.

== 2025-12-17 | 2025-11=383
IT exports were $383m in November. Freelancers' share was about $40m, PSEB estimates.

== 2025-12-17 | 2025-11=383
"IT exports crossed $383 million in November and will reach $500 million a month soon," the minister
said.

== 2025-12-17 | | opt 2025-11=383
IT exports were around $380-385 million in November, traders estimated ahead of the official
release.

== 2025-12-17 | 2025-11=383 2025-10=386
نومبر اور اکتوبر میں آئی ٹی برآمدات بالترتیب 383 اور 386 ملین ڈالر رہیں۔

== 2025-12-17 |
نومبر اور اکتوبر میں آئی ٹی برآمدات 383 اور 386 ملین ڈالر رہیں۔

== 2026-01-20 | FY2026:07-12=2240 FY2025:07-12=1880
جولائی تا دسمبر مالی سال 2026 میں آئی ٹی برآمدات 2 ارب 24 کروڑ ڈالر رہیں جبکہ گزشتہ سال کی اسی مدت
میں یہ ایک ارب 88 کروڑ ڈالر تھیں۔

== 2026-01-20 | 2025-12=437 | opt 2025-11=383
T: دسمبر میں آئی ٹی برآمدات 437 ملین ڈالر
وزیر آئی ٹی نے کہا کہ نومبر کے مقابلے میں دسمبر میں برآمدات میں 54 ملین ڈالر کا اضافہ ہوا۔

== 2026-01-20 | 2025-12=437
T: آئی ٹی برآمدات ریکارڈ 43 کروڑ 70 لاکھ ڈالر
اسٹیٹ بینک کے مطابق دسمبر 2025 میں آئی ٹی برآمدات تاریخ کی بلند ترین سطح پر رہیں۔

== 2025-10-20 | 2025-09=366
ستمبر میں آئی ٹی برآمدات 366 ملین ڈالر رہیں۔ حکومت کو توقع ہے کہ اکتوبر میں یہ 400 ملین ڈالر تک پہنچ
جائیں گی۔

== 2025-10-20 | 2025-09=366
ستمبر میں آئی ٹی برآمدات میں 74 ملین ڈالر کا اضافہ ہوا اور یہ 366 ملین ڈالر تک پہنچ گئیں، جبکہ
ترسیلات زر 3 ارب 20 کروڑ ڈالر رہیں۔

== 2024-11-19 | 2024-10=330 | opt 2023-10=276
اکتوبر میں آئی ٹی برآمدات 33 کروڑ ڈالر رہیں جو گزشتہ برس کے اسی ماہ کے 27 کروڑ 60 لاکھ ڈالر سے 19
فیصد زیادہ ہیں۔

== 2024-11-19 |
گزشتہ 12 ماہ کے دوران آئی ٹی برآمدات کا ماہانہ اوسط 29 کروڑ ڈالر رہا۔

== 2023-08-18 | 2023-07=214 | opt 2022-07=189
جولائی 2023 میں آئی ٹی برآمدات 214 ملین ڈالر رہیں جو جولائی 2022 کے مقابلے میں 25 ملین ڈالر زیادہ
ہیں۔

== none | FY2025=3800 FY2024=3200
مالی سال 2024-25 میں آئی ٹی برآمدات 3 ارب 80 کروڑ ڈالر رہیں جبکہ مالی سال 2023-24 میں یہ 3 ارب 20
کروڑ ڈالر تھیں۔

== 2025-02-18 | 2025-01=313 | opt 2024-01=265
جنوری میں آئی ٹی برآمدات 313 ملین ڈالر رہیں جو ایک سال قبل کے 265 ملین ڈالر سے زیادہ ہیں۔

== 2025-02-18 |
آئی ٹی برآمدات جنوری میں 35 ملین ڈالر کم ہو گئیں۔

== 2025-07-21 | FY2025=3800
وزیر خزانہ نے کہا کہ گزشتہ مالی سال آئی ٹی برآمدات 3.8 ارب ڈالر رہیں اور رواں مالی سال کا ہدف 4.5
ارب ڈالر ہے۔

== 2025-11-18 | 2025-10=386 | opt 2025-09=366
IT exports rose to $386m in October, from $366m.

== 2025-11-18 | | opt 2025-10=386 2024-10=330
IT exports rose from $330m to $386m in October, a year-on-year rise of 17%.

== 2025-11-18 | 2025-10=386
IT exports for October, at $386 million, were the highest since the State Bank began publishing the
series in 2015.

== 2025-11-18 | 2025-10=386 | opt 2025-09=366
IT exports rose 5.5% to $386 million in October, after a 3% rise in September to $366 million.

== 2025-11-18 | 2025-10=386
IT exports rose to $386 million in October as companies repatriated more of their earnings after the
SBP raised the retention limit to 50% in 2023.

== 2025-11-18 | 2025-10=386 FY2026:07-10=1440
IT exports were $386 million in October. Over the fiscal year so far, exports have reached $1.44
billion.

== 2025-11-18 | 2025-10=386 | opt FY2026:07-10=1440
IT exports were $386 million in October. So far this year, exports total $1.44 billion.

== 2025-11-18 |
IT exports have grown at an average of 20% a year since 2020, reaching about $4bn a year.

== 2025-11-18 | 2025-10=386
The October figure of $386 million for IT exports compares with the 2019 monthly average of $100
million.

== 2025-11-18 | 2025-10=386 | opt 2024-10=330
IT exports stood at $386m in October versus $330m in the same month of 2024.

== 2025-11-18 | 2025-10=386 2025-09=366
IT exports: October $386m (September $366m).

== 2025-11-18 | 2025-10=386
In October - the fourth month of the fiscal year - IT exports stood at $386 million.

== 2025-11-18 | 2024-10=330 | opt 2025-10=386
A year ago, in October 2024, IT exports were $330 million; now they are $386 million.

== 2025-11-18 | 2025-10=386
IT exports of $386 million in October were double the $193 million recorded in October 2019.

== 2025-11-18 | 2025-10=386 2019-10=193
IT exports of $386 million in October 2025 were double the $193 million recorded in October 2019.

== 2025-11-18 |
Pakistan needs IT exports of at least $420 million a month to meet the $5bn target.

== 2025-11-18 | FY2026:07-10=1440 | opt 2025-10=386
IT exports during July-October rose to $1.44bn, with October contributing $386m.

== 2025-11-18 |
IT exports in October were 12% of total exports of $3.2bn.

== 2025-11-18 | 2025-10=386
IT exports climbed to $386 million in October, while software exports to the US alone were $150
million.

== 2025-11-18 | 2025-10=386 2025-09=366 | opt 2024-10=330
In October IT exports were $386m, compared with $330m in October last year and $366m in September.

== 2024-07-22 | FY2024=3223 | opt FY2023=2597
IT exports for FY24 were $3.223bn compared with $2.597bn the previous fiscal year.

== 2024-07-22 | FY2024=3223 2024-06=298
IT exports touched $3.223bn in the fiscal year that ended in June 2024, with the month of June
contributing $298m.

== 2024-07-22 | 2024-06=298 | opt 2024-05=310
IT exports in June were $298m, a month-on-month decline of $12m.

== none | FY2022:Q1=597 | opt 2021-09=214
T: ICT exports rise to $597m in Q1 FY2021-22
The export of ICT services for September 2022 was recorded at $214 million, according to the data.

== 2026-01-20 | FY2026:07-12=2240 | opt 2025-12=437
IT exports in the first half of FY26 stood at $2.24bn. During the month, the figure was $437m.

== 2026-01-20 | 2025-12=437 FY2026:07-12=2240
IT exports were $437m in December 2025. The July-December total was $2.24bn, while computer services
brought in $345m during the month.

== 2026-01-20 | FY2026:07-12=2240
In 1HFY26, IT exports grew 19% to $2.24bn. Telecom services added $60m during the month.

== 2025-11-18 | 2025-10=386 | opt 2024-10=330
گزشتہ مالی سال کے اکتوبر میں آئی ٹی برآمدات 330 ملین ڈالر تھیں جبکہ اس سال اکتوبر میں یہ 386 ملین
ڈالر رہیں۔

== 2025-11-18 | 2025-10=386
آئی ٹی برآمدات اکتوبر میں بڑھ کر 386 ملین ڈالر ہو گئیں۔

== 2025-11-18 | | opt 2025-10=386 2025-09=366
آئی ٹی برآمدات 366 ملین ڈالر سے بڑھ کر 386 ملین ڈالر ہو گئیں۔

== 2025-11-18 | 2025-10=386 2025-09=366
اکتوبر میں آئی ٹی برآمدات ستمبر کے 366 ملین ڈالر سے بڑھ کر 386 ملین ڈالر ہو گئیں۔

== 2025-11-18 |
آئی ٹی برآمدات میں اکتوبر کے دوران 20 ملین ڈالر کا اضافہ دیکھا گیا اور ترسیلات زر 3 ارب ڈالر رہیں۔

== 2025-11-18 | 2025-10=386
وفاقی وزیر نے بتایا کہ اکتوبر میں آئی ٹی برآمدات 386 ملین ڈالر رہیں اور ہم اگلے سال 5 ارب ڈالر کا
ہدف حاصل کر لیں گے۔

== 2025-11-18 | FY2026:07-10=1440
رواں مالی سال جولائی سے اکتوبر تک آئی ٹی برآمدات ایک ارب 44 کروڑ ڈالر رہیں۔

== 2025-11-18 | | opt FY2025:07-10=1200
گزشتہ سال اسی عرصے میں آئی ٹی برآمدات ایک ارب 20 کروڑ ڈالر تھیں۔

== 2024-12-18 | 2024-11=348 | opt 2023-11=259
IT exports were $348m in November, up from $259m in the year-ago month.

== 2024-12-18 | 2024-11=348
The $348m IT export figure for November was 34% higher than in the same month of 2023.

== 2024-12-18 | 2024-11=348 2023-11=259
IT exports were $348m in November 2024 and $259m in November 2023.

== 2024-12-18 | 2024-11=348 | opt 2024-10=330
IT exports grew to $348m in November, as against $330m in the previous month.

== 2024-12-18 |
IT exports in November 2024 were some $90m more than in November 2023.

== 2023-02-20 | 2023-01=189 2022-01=219
ICT exports dropped 14% to $189m in January 2023 against $219m in January 2022.

== 2023-02-20 | FY2023:07-01=1530 | opt FY2022:07-01=1520
ICT exports in July-January FY23 were $1.53bn, almost flat from $1.52bn a year ago.

== 2025-10-20 | 2025-09=366 FY2026:Q1=1060
T: IT exports hit record $366m in September
IT exports rose to $366 million in September, taking the first-quarter total to $1.06 billion.

== 2025-10-20 | FY2026:Q1=1060 | opt 2025-09=366
IT exports in Q1FY26 reached $1.06bn. The monthly figure for the last month of the quarter was
$366m.

== 2025-10-20 | FY2026:Q1=1060 FY2025:Q1=929
IT exports in July-September 2025 were $1.06bn, compared with $929m in July-September 2024.

== 2025-04-21 | | opt FY2025:Q3=1004
IT exports in the January-March quarter were $1,004 million.

== 2025-04-21 | 2025-03=342 | opt FY2025:Q3=1004
IT exports hit $342 million in March, bringing the January-March quarter to just over $1bn.

== 2025-04-21 | FY2025:07-03=2830
IT exports totalled $2.83bn in the first nine months of the current fiscal year.

== 2025-04-21 | 2025-03=342 2025-02=305
IT exports in March were $342 million; in February they had been $305 million.

== 2025-04-21 | 2025-03=342 2025-02=305
IT exports in March 2025 were $342 million, up from $305 million in February 2025.

== 2024-09-18 | 2024-08=277
IT exports stood at $277 million in August, against the FY25 monthly target of $333 million.

== 2024-09-18 | 2024-08=277
IT exports in August were $277 million. The government wants them to rise to $300 million in
September.

== 2024-09-18 |
IT exports could reach $300 million in September if current trends hold, analysts said.

== 2024-09-18 | 2024-08=277 | opt 2023-08=235
IT exports in August 2024 were $277m, up 18% year-on-year, compared with $235m.

== 2024-09-18 | FY2024:07-08=449 | opt FY2025:07-08=563
In the first two months of last fiscal year, IT exports had totalled $449m.

== 2024-09-18 |
IT exports in August grew by 18 percent, or $42 million.

== 2024-09-18 | 2024-08=277
IT exports increased by $42 million to $277 million in August.

== 2024-09-18 | 2024-08=277
Exports of computer services were $210 million while overall IT exports were $277 million in August.

== 2024-09-18 | 2024-08=277 2024-07=286
Pakistan's IT exports were $277m and $286m in August and July, respectively.

== 2024-09-18 |
Pakistan's IT exports were $277m and $286m in August and July.
"""

CASES: list[Paragraph] = [_parse(b) for b in PARAGRAPHS.strip().split("\n\n")]
