"""In hard-wrapped wire copy a single line break is layout: a place name may run across it."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions

WIRE = (
    "   SANTIAGO, 29 DEC 89 (EFE) -- [TEXT] POLICE TODAY REPORTED THAT\n"
    "DURING THE LAST FEW HOURS TERRORISTS STAGED THREE BOMB ATTACKS AGAINST\n"
    "U.S. PROPERTIES, A MORMON CHURCH IN THE CAPITAL AND A BRANCH OF A BANK\n"
    "IN DOWNTOWN VINA DEL\n"
    "MAR, WHERE A BOMB EXPLODED TODAY SHORTLY AFTER 0200 (0500 GMT).\n\n"
    "   A FEW DAYS AGO, THE CHILEAN-U.S. CULTURAL INSTITUTES IN TALCA AND\n"
    "TEMUCO WERE THE TARGET OF BOMB ATTACKS BY THE LAUTARO YOUTH FRONT.\n"
)


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def test_a_name_runs_across_a_wrapped_line_break(nlp, finder):
    art = Article(id="w", text=WIRE)
    art.upper_case = is_upper_case(WIRE)
    art.doc = nlp(truecase(WIRE) if art.upper_case else WIRE)
    found = {m.text.replace("\n", " "): m for m in finder.find(art)}
    assert "VINA DEL MAR" in found, sorted(found)
    assert any(c.cc == "CL" for c in found["VINA DEL MAR"].candidates[:1])
    assert "VINA" not in found  # not Vinh, Viet Nam
