"""Datelines name where a report was filed, whatever order the date is written in."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def roles(nlp, finder, text: str) -> list[tuple[str, str]]:
    art = Article(id="d", text=text)
    art.upper_case = is_upper_case(text)
    art.doc = nlp(truecase(text) if art.upper_case else text)
    return [(m.text, m.role) for m in finder.find(art)]


@pytest.mark.parametrize(
    "text",
    [
        # month first, as US agencies write it
        "NAIROBI, Nov. 17 (Reuters) - Gunmen killed six people in an attack on a market in Mogadishu on Sunday.",
        # day first, as European agencies and monitoring services write it
        "NAIROBI, 17 November (Reuters) - Gunmen killed six people in an attack on a market in Mogadishu on Sunday.",
        "NAIROBI, 17 NOV 24 -- GUNMEN KILLED SIX PEOPLE IN AN ATTACK ON A MARKET IN MOGADISHU ON SUNDAY.",
    ],
)
def test_dateline_is_origin_and_the_event_place_is_not(nlp, finder, text):
    found = roles(nlp, finder, text)
    assert found[0] == (text.split(",")[0], "origin")
    place = "MOGADISHU" if text.isupper() else "Mogadishu"
    assert (place, "location") in found


def test_a_place_named_in_the_first_sentence_without_a_date_is_no_dateline(nlp, finder):
    found = roles(nlp, finder, "Nairobi, 17 people were killed when gunmen attacked a market in Mogadishu on Sunday.")
    assert ("Nairobi", "origin") not in found
