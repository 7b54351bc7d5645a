# ruff: noqa: E501  (one test case per line)
"""Tests for wirecoder.timex and the time_mentions stage: each expression family, datelines, missing dates."""

from __future__ import annotations

from datetime import date

import pytest

from wirecoder.doc import Article
from wirecoder.mentions.times import TimeMentions, find_published
from wirecoder.timex import tag_times

PUB = date(2017, 9, 8)  # a Friday


def _one(text: str, dct: date | None = PUB, upper: bool = False):
    found = [t for t in tag_times(text, dct, upper=upper)]
    assert found, f"nothing found in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "text,span,value,start,end,precision",
    [
        (
            "The convoy has been stalled there since August 29.",
            "since August 29",
            "2017-08-29",
            "2017-08-29",
            "2017-09-08",
            3,
        ),
        ("The convoy split in two last week, officials said.", "last week", "2017-W35", "2017-08-28", "2017-09-03", 2),
        ("Dillon said in late August that it was a threat.", "late August", "2017-08", "2017-08-21", "2017-08-31", 3),
        (
            "Fighting broke out in early August near the border.",
            "early August",
            "2017-08",
            "2017-08-01",
            "2017-08-10",
            3,
        ),
        ("Troops moved in mid-August.", "mid-August", "2017-08", "2017-08-11", "2017-08-20", 3),
        ("Rebels attacked the town on Wednesday.", "Wednesday", "2017-09-06", "2017-09-06", "2017-09-06", 1),
        (
            "Two people were shot two days ago in the capital.",
            "two days ago",
            "2017-09-06",
            "2017-09-06",
            "2017-09-06",
            1,
        ),
        ("A bomb exploded yesterday outside the market.", "yesterday", "2017-09-07", "2017-09-07", "2017-09-07", 1),
        ("Clashes have intensified this month.", "this month", "2017-09", "2017-09-01", "2017-09-30", 3),
        ("The group was founded in 1989 by students.", "1989", "1989", "1989-01-01", "1989-12-31", 3),
        (
            "Talks were held between 1 and 3 March in Geneva.",
            "between 1 and 3 March",
            "2017-03-01",
            "2017-03-01",
            "2017-03-03",
            2,
        ),
        ("The attack on 4 January 2016 killed six.", "4 January 2016", "2016-01-04", "2016-01-04", "2016-01-04", 1),
        ("Voting ends on Aug. 7, officials said.", "Aug. 7", "2017-08-07", "2017-08-07", "2017-08-07", 1),
        ("Results for the third quarter were weak.", "the third quarter", "2017-Q3", "2017-07-01", "2017-09-30", 3),
        ("Production peaked in the late 1970s.", "the late 1970s", "197", "1977-01-01", "1979-12-31", 3),
        ("It was the bloodiest year of the 20th century.", "20th century", "19", "1900-01-01", "1999-12-31", 3),
        ("Prices rose in March 2016.", "March 2016", "2016-03", "2016-03-01", "2016-03-31", 3),
        (
            "The ceasefire was signed on 2016-05-12 in Havana.",
            "2016-05-12",
            "2016-05-12",
            "2016-05-12",
            "2016-05-12",
            1,
        ),
    ],
)
def test_tagger_normalises_expression_families(text, span, value, start, end, precision):
    t = _one(text)
    assert t.text == span
    assert t.value == value
    assert (t.start_date.isoformat(), t.end_date.isoformat(), t.precision) == (start, end, precision)
    assert text[t.start : t.end] == t.text


def test_tagger_durations_are_not_dates():
    t = _one("The army has occupied the valley for 10 years.")
    assert (t.type, t.value, t.start_date) == ("DURATION", "P10Y", None)
    t = _one("THE AIR FORCE HAS HAD THE SAME LEVEL FOR THE LAST 10 YEARS.", upper=True)
    assert (t.type, t.value) == ("DURATION", "P10Y")


def test_tagger_weekday_future_tense_looks_forward():
    t = _one("The minister will visit the camp on Monday.")
    assert t.start_date == date(2017, 9, 11)
    t = _one("The minister visited the camp on Monday.")
    assert t.start_date == date(2017, 9, 4)


def test_tagger_future_cue_of_a_reported_clause_does_not_move_the_date():
    # "would" belongs to the clause "said" reports, not to "Friday"
    t = _one("Horsley said Friday that he would seek a new provider for the site.", dct=date(1999, 2, 6))
    assert t.start_date == date(1999, 2, 5)


def test_tagger_anaphoric_offsets_count_from_the_date_told_before():
    text = (
        "Gunmen attacked the village on March 3. The following day, soldiers arrived. The previous day, police "
        "had warned residents. Later that day, shots were fired. The next month, talks began."
    )
    values = {t.text: t.value for t in tag_times(text, date(2019, 5, 6))}
    assert values["The following day"] == "2019-03-04"
    assert values["The previous day"] == "2019-03-03"
    assert values["Later that day"] == "2019-03-03"
    assert values["The next month"] == "2019-04"
    alone = tag_times("The following day, soldiers arrived.", date(2019, 5, 6))
    assert alone and alone[0].value is None  # nothing to count from


@pytest.mark.parametrize(
    "text,dct,value",
    [
        ("A church was bombed on Christmas Day, police said.", date(2019, 5, 6), "2018-12-25"),
        ("Elian was found Thanksgiving Day clinging to an inner tube.", date(2000, 1, 7), "1999-11-25"),
        ("Protests are planned for Easter in the capital.", date(2019, 5, 6), "2020-04-12"),
        ("Churches were attacked on Easter Sunday 2019 in Colombo.", date(2019, 6, 1), "2019-04-21"),
        ("Marchers gathered on Good Friday.", date(2016, 4, 1), "2016-03-25"),
    ],
)
def test_tagger_named_days(text, dct, value):
    assert _one(text, dct=dct).value == value


def test_tagger_anchor_coarser_than_the_offset_gives_a_vague_value():
    text = "His name was added to the list last October. It was crossed out that same day. Two days later, it returned."
    values = {t.text: (t.value, t.start_date) for t in tag_times(text, date(1999, 2, 6))}
    assert values["that same day"] == ("1998-10-XX", date(1998, 10, 1))  # some day of that October
    assert values["Two days later"] == ("1998-10-XX", date(1998, 10, 1))
    text = "Rebels took the town on March 3. Two days later, the army returned."
    assert [t.value for t in tag_times(text, date(2019, 5, 6))] == ["2019-03-03", "2019-03-05"]


def test_tagger_the_day_before_an_event_is_a_day_of_the_anchor_year():
    text = "He faked his death last summer. The day before he was pulled over, his wife called the police."
    found = {t.text: t for t in tag_times(text, date(2013, 3, 22))}
    assert found["The day"].value == "2012-XX-XX" and found["The day"].start_date is None
    alone = tag_times("The day before he was pulled over, his wife called.", date(2013, 3, 22))
    assert [(t.text, t.value) for t in alone] == [("The day", None)]  # nothing to count from


@pytest.mark.parametrize(
    "text,span,type_,value",
    [
        ("The stock would be redeemed in five years, the company said.", "five years", "DURATION", "P5Y"),
        ("The plant was built in two years.", "two years", "DURATION", "P2Y"),
        ("The talks will last for three weeks.", "for three weeks", "DURATION", "P3W"),
        ("Kellogg forecast an earnings increase for the full year.", "the full year", "DATE", "1989"),
        ("Recently, it offered $13.65 a share in cash.", "Recently", "DATE", "PAST_REF"),
    ],
)
def test_tagger_periods_and_reference_adverbs(text, span, type_, value):
    t = _one(text, dct=date(1989, 11, 2))
    assert (t.text, t.type, t.value) == (span, type_, value)


@pytest.mark.parametrize(
    "text,span,value",
    [
        # relative to the publication date, without a number: an unspecified past time
        ("The two sides fought over the valley years ago.", "years ago", "PAST_REF"),
        ("The clan feud began many decades ago.", "many decades ago", "PAST_REF"),
        # periods "of the year", "this past" week, fuzzy parts of a named month, "earlier today"
        ("Prices rose in the first half of the year.", "the first half of the year", "2017-H1"),
        ("Output fell in the fourth quarter of last year.", "the fourth quarter of last year", "2016-Q4"),
        ("Talks resumed this past week.", "this past week", "2017-W35"),
        ("Talks resumed this past weekend.", "this past weekend", "2017-W35-WE"),
        ("The rebels went missing late last July.", "late last July", "2017-07"),
        ("The minister spoke earlier today.", "earlier today", "2017-09-08"),
        # seasons follow the tense: a season not begun yet is last year's in the past tense
        ("The troops withdrew in the winter.", "winter", "2016-WI"),
        ("The troops will withdraw in the winter.", "winter", "2017-WI"),
        ("Fighting resumed in spring.", "spring", "2017-SP"),
        # a past-tense verb before the date: the future cue after it is the reported clause's
        ("The company said Monday it would sell the unit.", "Monday", "2017-09-04"),
        ("The company will sell the unit Monday.", "Monday", "2017-09-11"),
        # a full month name keeps no sentence stop in its span; an abbreviation keeps its dot
        ("The convoy left in July.", "July", "2017-07"),
        ("The convoy left on Aug. 7.", "Aug. 7", "2017-08-07"),
    ],
)
def test_tagger_rule_families(text, span, value):
    t = _one(text)
    assert (t.text, t.value) == (span, value)
    assert text[t.start : t.end] == t.text


def test_tagger_signal_words_stay_outside_the_extent_but_are_noted():
    """TimeML: "until", "by", "before" are signals, not part of the time expression; "since X" is a range up to
    the publication date and keeps its word (the project's convention)."""
    found = tag_times("The road stays shut until Thursday; talks end by Oct. 2 and began before March.", PUB)
    assert [(t.text, t.anchor) for t in found] == [("Thursday", "until"), ("Oct. 2", "by"), ("March", None)]
    since = _one("The convoy has been stalled since August 29.")
    assert (since.text, since.anchor, since.end_date) == ("since August 29", "since", PUB)


def test_tagger_offset_before_an_event_has_no_value():
    t = _one("A jogger saw the car near the house 10 days before the murder.", dct=date(1999, 5, 5))
    assert t.value is None and t.start_date is None  # counted from the murder, not from publication


def test_tagger_relative_expressions_need_a_reference_date():
    t = _one("A bomb exploded yesterday outside the market.", dct=None)
    assert t.text == "yesterday" and t.value is None and t.start_date is None


def test_tagger_ignores_lower_case_month_words():
    assert tag_times("Officials may march to the square.", PUB) == []


def test_tagger_reads_upper_case_wire_copy():
    found = tag_times("THE ATTACK TOOK PLACE ON 4 JANUARY, TWO DAYS AGO, IN MAY 1989.", date(1990, 1, 6), upper=True)
    assert [(t.text, t.value) for t in found] == [
        ("4 JANUARY", "1990-01-04"),
        ("TWO DAYS AGO", "1990-01-04"),
        ("MAY 1989", "1989-05"),
    ]


@pytest.mark.parametrize(
    "text,expected,date_text",
    [
        ("   SAN SALVADOR, 4 JAN 90 (RADIO VENCEREMOS) -- [TEXT] THE FMLN ATTACKED.", date(1990, 1, 4), "4 JAN 90"),
        ("   LIMA, 12 MAR 89 -- [REPORT] POLICE SAID.", date(1989, 3, 12), "12 MAR 89"),
        (
            "Headline here\n\n2 min read\n08 September, 2017\nThe militants were ...",
            date(2017, 9, 8),
            "08 September, 2017",
        ),
        ("Riots in the city\nThis story is from March 11, 2002\nPolice fired ...", date(2002, 3, 11), "March 11, 2002"),
        ("Title\nPublished: 5 June 2019\nBody text.", date(2019, 6, 5), "5 June 2019"),
        ("Title\nPublished 12:30 GMT, 8 September 2017\nBody", date(2017, 9, 8), "8 September 2017"),
        ("Title\nUpdated: Sep. 8, 2017 at 4:02 pm\nBody", date(2017, 9, 8), "Sep. 8, 2017"),
    ],
)
def test_find_published_date_lines_and_wire_datelines(text, expected, date_text):
    found = find_published(text)
    assert found is not None
    d, s, e = found
    assert d == expected
    assert text[s:e] == date_text


def test_find_published_never_invents_a_date():
    assert find_published("Rebels attacked the town on Friday, killing six people.") is None
    assert find_published("") is None
    # a date deep in the body is an event date, not the publication date
    assert find_published("x " * 1000 + "\n4 January 2016\n") is None


def test_stage_sets_published_from_text_and_normalises(nlp):
    text = "Convoy stuck\n08 September, 2017\nThe convoy has been stalled since August 29 and split last week."
    art = Article(id="t", text=text)
    art.doc = nlp(text)
    TimeMentions(use_entities=False)(art)
    assert art.published == date(2017, 9, 8) and art.published_source == "text"
    by_text = {m.text: m for m in art.mentions.times}
    assert by_text["since August 29"].start_date == "2017-08-29"
    assert by_text["since August 29"].end_date == "2017-09-08"
    assert by_text["last week"].value == "2017-W35"


def test_stage_keeps_metadata_date_and_missing_date(nlp):
    text = "The convoy split last week."
    art = Article(id="t", text=text, published=date(2020, 1, 15))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published == date(2020, 1, 15)
    assert art.mentions.times[0].value == "2020-W02"
    art = Article(id="u", text=text)
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published is None and art.published_source is None
    assert art.mentions.times[0].value is None


def test_find_published_dateline_with_country_and_no_year():
    text = "   MEXICO CITY (MEXICO), 22 MAR 89 (REUTER) -- [EXCERPT] THE FMLN GENERAL\nCOMMAND WILL ..."
    assert find_published(text)[0] == date(1989, 3, 22)
    # a dateline without a year gives no publication date: nothing is invented
    assert find_published("   TEGUCIGALPA, 7 FEB (REUTER) -- [TEXT] A BOMB BLAST DAMAGED AN OFFICE") is None


def test_tagger_clock_times_are_not_years_or_durations():
    found = tag_times("THE BOMB EXPLODED AT 1830 YESTERDAY AND AGAIN AT 2100 HOURS.", date(1989, 3, 2), upper=True)
    assert [(t.text, t.value) for t in found] == [("YESTERDAY", "1989-03-01")]


def test_tagger_year_ago_quarter_and_halves():
    found = tag_times("Profit fell from the year-ago quarter and in the first half of 1989.", date(1989, 10, 26))
    assert [(t.text, t.value) for t in found] == [
        ("the year-ago quarter", "1988-Q3"),
        ("the first half of 1989", "1989-H1"),
    ]


def test_stage_keeps_rule_and_anchor_as_typed_fields(nlp):
    text = "The convoy has been stalled since August 29 and split last week."
    art = Article(id="t", text=text, published=PUB)
    art.doc = nlp(text)
    TimeMentions(use_entities=False)(art)
    by_text = {m.text: m for m in art.mentions.times}
    assert by_text["since August 29"].anchor == "since" and by_text["since August 29"].rule
    assert by_text["last week"].anchor is None and by_text["last week"].rule == "rel"
    assert "rule" not in str(art.to_record())


# Financial copy of late 1989 (TimeBank style); sentences written for these tests.
REPORT = date(1989, 11, 2)


def _values(text: str, dct: date = REPORT) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in tag_times(text, dct)]


def test_tagger_year_back_comparisons_take_the_reported_quarter():
    text = (
        "Acme's third-quarter net income rose 11%. Net advanced to $94 million from $85 million a year ago.\n\n"
        "Its insurance unit posted earnings of $24 million, compared with a loss of $3 million last year."
    )
    assert _values(text) == [("third-quarter", "1989-Q3"), ("a year ago", "1988-Q3"), ("last year", "1988-Q3")]
    # a date that only ends the quarter is no new period, nor is a comparison before
    text = "Net was $4.7 million for the fiscal-first quarter ended Sept. 30, against $2 million a year earlier."
    assert _values(text)[-1] == ("a year earlier", "1988-Q1")


def test_tagger_year_back_keeps_the_year_outside_a_quarter_report():
    assert _values("The chairman resigned a year ago to seek a seat in parliament.") == [("a year ago", "1988")]
    # the last period named is a fiscal year (ended Aug. 31), not a quarter
    text = "Net income for the year ended Aug. 31 was C$2.7 million, down from C$9.7 million last year."
    assert _values(text)[-1] == ("last year", "1988")
    # "last year" with no comparison cue is the year, even in a quarterly report
    text = "Third-quarter sales rose 3%. Last year, the company bought a rival."
    assert _values(text)[-1] == ("Last year", "1988")


def test_tagger_the_quarter_explicit_and_anaphoric():
    assert _values("It lost $92 million for the quarter ended Sept. 30.")[0] == ("the quarter", "1989-Q3")
    assert _values("Its second-quarter profit fell. Sales for the quarter rose 2%.") == [
        ("second-quarter", "1989-Q2"),
        ("the quarter", "1989-Q2"),
    ]
    # no quarter named before: no time; a district is no time either
    assert _values("Fighting spread through the quarter overnight.") == []
    assert _values("Its second-quarter profit fell. Shops in the quarter of the old city closed.") == [
        ("second-quarter", "1989-Q2")
    ]


@pytest.mark.parametrize(
    "text,value",
    [
        ("The results included a charge in the 1988 second quarter.", "1988-Q2"),
        ("Sales slowed in 1987's fourth quarter.", "1987-Q4"),
        ("Analysts expect a recovery in the second half.", "1989-H2"),
        ("Holders may buy shares at the then-current market price.", "PAST_REF"),
    ],
)
def test_tagger_explicit_periods_and_past_reference(text, value):
    assert _one(text, REPORT).value == value


def test_tagger_half_of_something_else_is_no_time():
    assert _values("He scored twice in the second half of the match.") == []


def test_tagger_infinitive_after_the_date_is_no_future_cue():
    monday = date(1989, 10, 30)
    assert _one("Shares fell 50 cents on Friday to close at $20.", monday).value == "1989-10-27"
    assert _one("The exchange is to open on Friday after the holiday.", monday).value == "1989-11-03"


def test_tagger_quarter_in_a_future_clause_is_the_next_one():
    assert _one("The company expects to complete the sale in the first quarter.", REPORT).value == "1990-Q1"
    assert _one("The company completed the sale in the first quarter.", REPORT).value == "1989-Q1"


def test_rule_lookahead_changes_no_match():
    """Each rule is compiled behind a lookahead on the characters that can open it (for speed): on a real article
    and on words cut mid-way, every rule matches exactly what its pattern alone matches, groups included."""
    import re
    from pathlib import Path

    from wirecoder.timex.tagger import _rules, _with_lead

    article = (Path(__file__).resolve().parents[2] / "examples" / "article.txt").read_text("utf-8")
    text = article + "\nxsince 2019, the 1990s and '90s, SEPT. 4, 2017, xpast three days, 12/05/2017, Q4 of 2016."
    leads = 0
    for name, rx, _fn in _rules():
        lead_end = rx.pattern.index("])") + 2 if rx.pattern.startswith("(?=") else 0
        original = re.compile(rx.pattern[lead_end:], re.I)
        assert _with_lead(original.pattern, re.I) == rx.pattern, name
        leads += rx.pattern != original.pattern
        assert [(m.span(), m.groupdict()) for m in rx.finditer(text)] == [
            (m.span(), m.groupdict()) for m in original.finditer(text)
        ], name
        for pos in range(0, len(text), 7):
            a, b = rx.match(text, pos), original.match(text, pos)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (name, pos)
    assert leads >= len(_rules()) - 2  # nearly every rule gets one


def test_stage_marks_the_dateline_of_a_metadata_date(nlp):
    # the record gives the date and the wire dateline states the same day: the line is the publication date
    text = "   OSORNO, 18 JAN 89 -- [TEXT] A BOMB EXPLODED IN A PILMAIQUEN ALLEY.\n\n   THE EXPLOSION OCCURRED AT 2350."
    art = Article(id="t", text=text, published=date(1989, 1, 18))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published == date(1989, 1, 18) and art.published_source is None
    assert art.published_span is not None and text[slice(*art.published_span)] == "18 JAN 89"
    # a date line two days before the given date is the day the story was filed: marked, and the anchor
    art = Article(id="u", text=text, published=date(1989, 1, 20))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published == date(1989, 1, 20)
    assert art.published_span is not None and text[slice(*art.published_span)] == "18 JAN 89"
    # a date line a month away is no dateline of this date: nothing is marked
    art = Article(id="v", text=text, published=date(1989, 2, 20))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published_span is None


def test_stage_reads_a_dateline_without_a_year_as_the_filing_day(nlp):
    # Reuters and AP write the dateline's date without a year; the record's date is two days later (as scraped)
    text = (
        "BAMAKO, Oct 11 (Reuters) - Fighters killed 20 soldiers in an attack on an army post on Friday, two "
        "security sources said. Another post was attacked yesterday."
    )
    art = Article(id="t", text=text, published=date(2025, 10, 13))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published == date(2025, 10, 13)
    assert art.published_span is not None and text[slice(*art.published_span)] == "Oct 11"
    by_text = {m.text: m for m in art.mentions.times}
    assert by_text["Friday"].start_date == "2025-10-10"
    assert by_text["yesterday"].start_date == "2025-10-10"  # counted from the filing day, not the record's
    # day first, as monitoring services write it; a story without a date line keeps the record's anchor
    text = "KYIV, 17 November (Reuters) - Drones struck the city yesterday."
    art = Article(id="u", text=text, published=date(2024, 11, 17))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert text[slice(*art.published_span)] == "17 November"
    assert {m.text: m.start_date for m in art.mentions.times}["yesterday"] == "2024-11-16"
    text = "Drones struck the city yesterday, officials said on Oct 11."
    art = Article(id="v", text=text, published=date(2025, 10, 13))
    art.doc = nlp(text)
    TimeMentions()(art)
    assert art.published_span is None
    assert {m.text: m.start_date for m in art.mentions.times}["yesterday"] == "2025-10-12"
