# ruff: noqa: E501  (one test case per line)
"""The rule families of the timex tagger reworked in issue #14: TimeML extents, reference words, centuries,
fiscal and prior-year periods, offsets from a date the text told (a weekday, a part of the day, "the year
before") and from an event of the story ("ten days before the murder"), schedule words, weeks counted back
and the reporting period of a comparison."""

from __future__ import annotations

from datetime import date

import pytest

from wirecoder.timex import tag_times

WSJ = date(1989, 11, 2)  # a Thursday, in a quarterly-report season
APW = date(1999, 5, 6)  # a Thursday


def _found(text: str, dct: date | None) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in tag_times(text, dct, upper=False)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the determiner belongs to a noun phrase headed by the period itself
        ("Coast earned $10.2 million in the year-ago quarter.", [("the year-ago quarter", "1988-Q3")]),
        ("It is expected to grow to 42.5% in the current year.", [("the current year", "1989")]),
        ("The company expects to break even in the current fiscal year.", [("the current fiscal year", "1989")]),
        ("Net was $306 million, against a loss in the 1988 period.", [("the 1988 period", "1988")]),
        ("Results for the 1988 fiscal year were weak.", [("the 1988 fiscal year", "1988")]),
        ("In fiscal year 1990, net rose.", [("fiscal year 1990", "1990")]),
        # ... but not to a quarter used as a modifier of another noun
        ("While the third-quarter earnings were a disappointment, sales rose.", [("third-quarter", "1989-Q3")]),
        (
            "Net was C$5 million for the fiscal-first quarter ended Sept. 30.",
            [("the fiscal-first quarter", "1989-Q1"), ("Sept. 30", "1989-09-30")],
        ),
        ("Net income rose 10% from the prior year.", [("the prior year", "1988")]),
    ],
)
def test_noun_phrase_extents(text, expected):
    assert _found(text, WSJ) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a preposition is a signal, outside the expression
        ("Prices rose in recent weeks.", [("recent weeks", "PAST_REF")]),
        ("Al-Shabaab has attacked teachers in recent years.", [("recent years", "PAST_REF")]),
        ("Prices will rise in the near future.", [("the near future", "FUTURE_REF")]),
        ("He came back the other day.", [("the other day", "PAST_REF")]),
        # "weekend" is no "end of", and "the weekend of Oct. 7" is not the latest weekend
        ("They met the weekend of Oct. 7.", [("Oct. 7", "1989-10-07")]),
        # a hundred years written as the 1800s is a century, the 1990s a decade
        ("The mill was built in the 1800s and closed in the 1990s.", [("the 1800s", "18"), ("the 1990s", "199")]),
        ("It grew in the early 1900s.", [("the early 1900s", "19")]),
    ],
)
def test_reference_words_and_periods(text, expected):
    assert _found(text, WSJ) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "He was arrested on Jan. 5, 1995. The following Monday he was released.",
            ("The following Monday", "1995-01-09", "DATE"),
        ),
        (
            "He was arrested on Monday, Jan. 9, 1995. The previous Monday he had been warned.",
            ("The previous Monday", "1995-01-02", "DATE"),
        ),
        (
            "He was arrested on Jan. 5, 1995. That night, police searched his home.",
            ("That night", "1995-01-05TNI", "TIME"),
        ),
        (
            "He was arrested on Jan. 5, 1995. The next morning he was charged.",
            ("The next morning", "1995-01-06TMO", "TIME"),
        ),
        (
            "He was arrested in March 1995. He had been warned the month before.",
            ("the month before", "1995-02", "DATE"),
        ),
        ("He was arrested in 1995. The year after, he was released.", ("The year after", "1996", "DATE")),
    ],
)
def test_offsets_from_the_date_told_before(text, expected):
    t = tag_times(text, APW, upper=False)[-1]
    assert (t.text, t.value, t.type) == expected


def test_offsets_from_an_event_count_from_the_story_background_date():
    text = (
        "Police charged Kopp on Thursday. Slepian was shot at his home on Oct. 23, the prosecutor said. "
        "A jogger saw Kopp's car near the home 10 days before the murder, and investigators think the killer "
        "buried the rifle in the days before the shooting."
    )
    found = _found(text, APW)
    assert ("10 days", "1998-10-13") in found  # "before" is a signal, outside the expression
    assert ("the days", "1998-10") in found
    # the background date is the first date well before publication, not the nearest one
    text = (
        "Slepian was killed last fall. Police said Friday that Kopp had been seen there in the days before the slaying."
    )
    assert ("the days", "1998-FA") in _found(text, APW)


def test_offsets_from_an_event_told_just_before_count_from_its_date():
    text = (
        "In February, Trump suggested that Sweden was the latest country to suffer attacks. "
        "Two days after his remarks, a riot broke out."
    )
    assert _found(text, date(2017, 4, 7)) == [("February", "2017-02"), ("Two days", "2017-02-XX")]
    # an event still to come is not counted from a past date
    text = "Slepian was shot on Oct. 23. The rebels will strike 9 days before the elections."
    assert _found(text, APW)[-1] == ("9 days", None)


def test_offsets_from_an_event_without_a_background_date_have_no_value():
    # only dates close to publication: the event's time is not known
    found = _found("Police said Thursday that a car was seen two days before the shooting.", APW)
    assert found == [("Thursday", "1999-05-06"), ("two days", None)]
    # no publication date: nothing is counted
    assert _found("On Oct. 23, 1998 he was shot. His car was seen 10 days before the murder.", None)[-1] == (
        "10 days",
        None,
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Protesters gather every Friday in the square.", ("every Friday", "XXXX-WXX-5")),
        ("Protesters gather on Fridays in the square.", ("Fridays", "XXXX-WXX-5")),
        ("The paper is published every other week.", ("every other week", "P2W")),
        ("He calls his lawyer twice a week.", ("twice a week", "P1W")),
        ("Each year, more refugees arrive.", ("Each year", "P1Y")),
    ],
)
def test_recurring_times_are_sets_not_dates(text, expected):
    (t,) = tag_times(text, APW, upper=False)
    assert (t.text, t.value, t.type, t.start_date) == (*expected, "SET", None)


def test_plural_periods_without_a_number_are_vague_durations():
    found = _found("Talks will resume in the coming weeks; prices fell over the past months.", APW)
    assert found == [("the coming weeks", "PXW"), ("the past months", "PXM")]


def test_week_and_days_of_a_month_are_parts_of_that_month():
    found = tag_times("Fighting flared in the last week of September and the first days of March 1995.", APW)
    assert [(t.text, t.value, t.start_date, t.end_date) for t in found] == [
        ("the last week of September", "1998-09", date(1998, 9, 21), date(1998, 9, 30)),
        ("the first days of March 1995", "1995-03", date(1995, 3, 1), date(1995, 3, 10)),
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a schedule word makes a year-less date one still to come (told on Nov. 2, 1989)
        (
            "The dividend is payable March 15 to holders of record Feb. 28.",
            [("March 15", "1990-03-15"), ("Feb. 28", "1990-02-28")],
        ),
        ("The notes, due May 15, were sold at par.", [("May 15", "1990-05-15")]),
        ("The new price is effective June 1.", [("June 1", "1990-06-01")]),
        # ... and without one the last occurrence is read
        ("The notes were sold on May 15.", [("May 15", "1989-05-15")]),
        ("The plant closed June 1 after a fire.", [("June 1", "1989-06-01")]),
    ],
)
def test_schedule_words_read_a_date_forward(text, expected):
    assert _found(text, WSJ) == expected


def test_weeks_counted_back_name_a_day():
    # TimeBank annotates "two weeks ago" as the day 14 days back; months and years keep their own granularity
    assert _found("The plant closed two weeks ago.", WSJ) == [("two weeks ago", "1989-10-19")]
    assert _found("The plant closed a week ago.", WSJ) == [("a week ago", "1989-10-26")]
    assert _found("The plant closed three months ago.", WSJ) == [("three months ago", "1989-08")]
    (t,) = tag_times("The plant closed two weeks ago.", WSJ, upper=False)
    assert (t.start_date, t.end_date, t.precision) == (date(1989, 10, 19), date(1989, 10, 19), 1)


def test_a_comparison_with_a_year_before_takes_the_period_the_report_leads_with():
    text = (
        "Travelers Corp.'s third-quarter net income rose 11%. The company expects fourth-quarter "
        "results to improve. Net was $10 million, up from $9 million a year ago."
    )
    assert _found(text, WSJ)[-1] == ("a year ago", "1988-Q3")
    # without a quarter or half nearby, a year ago stays a year
    assert _found("Net was $10 million, up from $9 million a year ago.", WSJ) == [("a year ago", "1988")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The offer expired at 5 p.m. Friday.", ("5 p.m. Friday", "1989-10-27T17:00")),
        ("Talks began Friday at 10:30 a.m. in Geneva.", ("Friday at 10:30 a.m.", "1989-10-27T10:30")),
        ("He was shot at noon Tuesday.", ("noon Tuesday", "1989-10-31T12:00")),
        ("The vote was held on Oct. 6 at 8 p.m.", ("Oct. 6 at 8 p.m.", "1989-10-06T20:00")),
    ],
)
def test_a_clock_time_joins_the_day_it_is_told_with(text, expected):
    (t,) = tag_times(text, WSJ, upper=False)
    assert (t.text, t.value, t.type, t.precision) == (*expected, "TIME", 1)


def test_a_number_after_a_day_is_no_clock_time():
    assert _found("Police said Friday 5 people died; on Oct. 6, 12 were hurt.", WSJ) == [
        ("Friday", "1989-10-27"),
        ("Oct. 6", "1989-10-06"),
    ]
