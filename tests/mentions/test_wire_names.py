"""Place names in upper-case, hard-wrapped wire copy (MUC-4 style): names across a wrapped line ("VINA DEL / MAR")
and names after a personal title, which are a person's in the whole document ("MAJOR RENE RODRIGUEZ HURTADO")."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article, PlaceMention
from wirecoder.mentions.places import PlaceMentions

TITLED = (
    "   SAN SALVADOR, 4 JAN 90 -- [TEXT] PARATROOPER BATTALION COMMANDER MAJOR RENE RODRIGUEZ HURTADO SAID TODAY "
    "THAT THE AIR FORCE WILL CONTINUE ITS OPERATIONS IN THE NORTH OF THE COUNTRY.\n\n"
    '   [RODRIGUEZ] "WE KNOW GENERAL VILLAMARIONA ENOUGH TO KNOW THAT WE WILL CONTINUE WITH OUR ATTACKS."\n\n'
    "   MAJ. RODRIGUEZ MADE THESE STATEMENTS IN SAN MIGUEL DURING THE PRESENTATION OF THE WEAPONS CONFISCATED BY "
    "THE PARATROOPERS BATTALION ON 4 JANUARY.\n"
)

WRAPPED = (
    "   SANTIAGO, 29 DEC 89 (EFE) -- [TEXT] POLICE TODAY REPORTED THAT\n"
    "DURING THE LAST FEW HOURS TERRORISTS STAGED THREE BOMB ATTACKS AGAINST\n"
    "U.S. PROPERTIES, A MORMON CHURCH IN THE CAPITAL AND A BRANCH OF A BANK\n"
    "IN DOWNTOWN VINA DEL\n"
    "MAR, WHERE A BOMB EXPLODED TODAY SHORTLY AFTER 0200 (0500 GMT).\n\n"
    "   A FEW DAYS AGO, THE CHILEAN-U.S. CULTURAL INSTITUTES IN TALCA AND\n"
    "TEMUCO WERE THE TARGET OF BOMB ATTACKS BY THE LAUTARO YOUTH FRONT.\n"
)


@pytest.fixture(scope="module")
def places(nlp):
    finder = PlaceMentions({})

    def _places(text: str) -> dict[str, PlaceMention]:
        art = Article(id="w", text=text)
        art.upper_case = is_upper_case(text)
        art.doc = nlp(truecase(text) if art.upper_case else text)
        return {m.text.replace("\n", " "): m for m in finder.find(art)}

    return _places


def test_a_surname_after_a_title_is_no_place(places):
    found = places(TITLED)
    assert "RODRIGUEZ" not in found  # not Rodriguez, Rizal (Philippines)
    assert "SAN MIGUEL" in found


def test_a_name_runs_across_a_wrapped_line_break(places):
    found = places(WRAPPED)
    assert "VINA DEL MAR" in found, sorted(found)
    assert any(c.cc == "CL" for c in found["VINA DEL MAR"].candidates[:1])
    assert "VINA" not in found  # not Vinh, Viet Nam
