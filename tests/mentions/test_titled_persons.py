"""A name after a personal title is a person's ("MAJOR RENE RODRIGUEZ HURTADO"), in the whole document."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions

WIRE = (
    "   SAN SALVADOR, 4 JAN 90 -- [TEXT] PARATROOPER BATTALION COMMANDER MAJOR RENE RODRIGUEZ HURTADO SAID TODAY "
    "THAT THE AIR FORCE WILL CONTINUE ITS OPERATIONS IN THE NORTH OF THE COUNTRY.\n\n"
    '   [RODRIGUEZ] "WE KNOW GENERAL VILLAMARIONA ENOUGH TO KNOW THAT WE WILL CONTINUE WITH OUR ATTACKS."\n\n'
    "   MAJ. RODRIGUEZ MADE THESE STATEMENTS IN SAN MIGUEL DURING THE PRESENTATION OF THE WEAPONS CONFISCATED BY "
    "THE PARATROOPERS BATTALION ON 4 JANUARY.\n"
)


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def test_a_surname_after_a_title_is_no_place(nlp, finder):
    art = Article(id="t", text=WIRE)
    art.upper_case = is_upper_case(WIRE)
    art.doc = nlp(truecase(WIRE) if art.upper_case else WIRE)
    found = [m.text for m in finder.find(art)]
    assert "RODRIGUEZ" not in found  # not Rodriguez, Rizal (Philippines)
    assert "SAN MIGUEL" in found
