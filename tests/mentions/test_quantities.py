"""Tests for the quantity_mentions stage: digits, words, vague words, bounds, ranges, compounds, units."""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.mentions.quantities import QuantityMentions
from wirecoder.mentions.times import TimeMentions
from wirecoder.timex.numbers import word_value


def _quantities(nlp, text: str):
    art = Article(id="q", text=text)
    art.doc = nlp(text)
    TimeMentions(use_entities=False)(art)
    QuantityMentions()(art)
    return art.mentions.quantities


@pytest.mark.parametrize(
    "text,span,low,best,high,unit",
    [
        ("Gunmen killed 85 villagers overnight.", "85", 85, 85, 85, "people"),
        ("The blast wounded 1,200 people.", "1,200", 1200, 1200, 1200, "people"),
        ("Six soldiers died in the ambush.", "Six", 6, 6, 6, "people"),
        ("A dozen protesters were arrested.", "A dozen", 12, 12, 12, "people"),
        ("Dozens of militants were killed.", "Dozens of", 12, 12, 99, "people"),  # ACLED: dozens = 12
        ("Hundreds of residents fled the town.", "Hundreds of", 100, 100, 999, "people"),
        ("Scores of civilians were trapped.", "Scores of", 40, 40, 99, "people"),
        ("About 85 fighters were picked off.", "About 85", 85, 85, 85, "people"),
        ("At least 12 people were killed.", "At least 12", 12, 12, None, "people"),
        ("More than 20 police officers were hurt.", "More than 20", 21, 21, None, "people"),
        ("Up to 30 buses left the camp.", "Up to 30", None, 30, 30, "buses"),
        ("Nearly 100 homes were burned.", "Nearly 100", 90, 100, 100, "buildings"),
        ("Between 15 and 20 soldiers were captured.", "Between 15 and 20", 15, 15, 20, "people"),
        ("Officials said 15 to 20 rebels surrendered.", "15 to 20", 15, 15, 20, "people"),
        ("The 17-vehicle convoy split in two.", "17-vehicle", 17, 17, 17, "vehicles"),
        ("Twenty-five students were kidnapped.", "Twenty-five", 25, 25, 25, "people"),
    ],
)
def test_quantities_bounds_and_units(nlp, text, span, low, best, high, unit):
    q = _quantities(nlp, text)[0]
    assert (q.text, q.low, q.best, q.high, q.unit) == (span, low, best, high, unit)
    assert text[q.start : q.end] == q.text


def test_quantities_kind_and_number_span(nlp):
    text = "About 85 fighters and dozens of militants were killed."
    about, dozens = _quantities(nlp, text)[:2]
    assert about.kind == "approx" and about.core is not None and text[about.core[0] : about.core[1]] == "85"
    assert dozens.kind == "vague"


def test_quantities_skip_dates_money_percent_models_and_years(nlp):
    text = "On 4 January 2016, a $500 reward, 45 percent turnout, an AK-47 rifle, and in 1989 nothing."
    assert [q.text for q in _quantities(nlp, text)] == []


def test_quantities_keep_counted_noun(nlp):
    q = _quantities(nlp, "He noted about 85 IS fighters had been picked off.")[0]
    assert (q.best, q.head, q.unit) == (85, "fighters", "people")


@pytest.mark.parametrize(
    "text,value", [("85", 85), ("1,200", 1200), ("six", 6), ("twenty-five", 25), ("two hundred", 200),
                   ("a dozen", 12), ("two dozen", 24), ("3 million", 3000000), ("ninety", 90), ("fish", None)]
)
def test_word_value(text, value):
    assert word_value(text) == value


def test_a_number_at_the_start_of_a_line_after_a_word_is_read(nlp):
    """Hard-wrapped wire copy breaks lines anywhere: "THE ASSASSINATION OF\\nFOUR OTHER PRIESTS". A word right
    before a number blocks it ("A4"), but a line break between them is a space."""
    text = "THE UNIVERSITY GROUP ALSO CONDEMNS THE ASSASSINATION OF\nFOUR OTHER PRIESTS AND ONE OF THEIR EMPLOYEES."
    assert [q.best for q in _quantities(nlp, text)][:1] == [4]
