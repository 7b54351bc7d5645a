"""Capitals-only wire copy: a cued town of a country the story names is a place, whatever the tagger says."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import truecase
from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def names(nlp, finder, text: str) -> set[str]:
    art = Article(id="u", text=text)
    art.upper_case = True
    art.doc = nlp(truecase(text))
    return {m.text for m in finder.find(art)}


def test_a_cued_town_of_the_story_country_is_a_place(nlp, finder):
    text = (
        "THE SALVADORAN ARMED FORCES REPORTED HEAVY CLASHES TODAY. A STEEL FACTORY IN ZACATECOLUCA WAS "
        "SABOTAGED, AND THERE ARE ALSO HEAVY CLASHES IN MEJICANOS, THE ARMY SAID."
    )
    found = names(nlp, finder, text)
    assert {"ZACATECOLUCA", "MEJICANOS"} <= found


def test_a_common_word_is_still_no_place(nlp, finder):
    # "DRUG" and "REGION" are gazetteer names somewhere; a country named in the story does not make them places
    found = names(nlp, finder, "THE COLOMBIAN POLICE SEIZED A DRUG SHIPMENT IN THE REGION, THE ARMY SAID.")
    assert "DRUG" not in found and "REGION" not in found
