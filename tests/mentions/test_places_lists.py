"""Names coordinated with a place ("Paris and Roxton") are places too (issue #12)."""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.mentions import places as places_module
from wirecoder.mentions.places import PlaceMentions

TEXT = (
    "Lamar County sales tax still booming. Paris and Roxton continue to reap sales tax benefits from the "
    "construction of natural gas pipelines through Lamar County."
)


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def found(nlp, finder, text: str) -> set[str]:
    art = Article(id="l", text=text)
    art.doc = nlp(text)
    return {m.text for m in finder.find(art)}


def test_a_small_town_coordinated_with_a_place_is_a_place(nlp, finder):
    # Roxton, Texas (642 people) has no cue of its own; "Paris and" gives it one
    names = found(nlp, finder, TEXT)
    assert {"Paris", "Roxton"} <= names


def test_without_the_coordination_cue_the_small_town_is_missed(nlp, finder, monkeypatch):
    monkeypatch.setitem(places_module.W, "coordination_cue", 0)
    assert "Roxton" not in found(nlp, finder, TEXT)


def test_coordination_with_a_person_is_no_cue(nlp, finder):
    # "Roxton" beside a person's name, not a place: nothing makes it one
    names = found(nlp, finder, "Jim Paris thanked Smith and Roxton for their help at the dinner on Friday.")
    assert "Roxton" not in names
