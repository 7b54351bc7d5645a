"""How the names of a story vote for each other's readings (issue #12): sharpened votes, a division as near as
the places inside it, and a state's own name over its small namesake towns."""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.gazetteer import get_gazetteer
from wirecoder.mentions.places import PlaceMentions
from wirecoder.resolve.geo import ResolveGeo, _Context, _proximity


def resolve(nlp, text: str, **weights: float) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each place mention's text -> (country, first-order division, feature) of its reading."""
    art = Article(id="v", text=text)
    art.doc = nlp(text)
    PlaceMentions({})(art)
    ResolveGeo({}, weights=weights or None)(art)
    return {m.text: (m.country_code, m.admin1, m.feature) for m in art.mentions.places}


SPORTS = (
    "Gymnastics: Hagerstown advances to state meet. Hagerstown advanced to the state meet for the first time "
    "since 2004 after placing third at the regional in Columbus on Saturday. Columbus North won the regional, "
    "ahead of New Castle."
)


def test_towns_that_agree_settle_in_one_state(nlp):
    # Hagerstown, Maryland is 20 times bigger than Hagerstown, Indiana; Columbus and New Castle place the story in
    # Indiana, and with sharpened votes their leading readings carry Hagerstown there
    got = resolve(nlp, SPORTS)
    assert got["Columbus"][1] == "Indiana"
    assert got["Hagerstown"][1] == "Indiana"


def test_plain_softmax_votes_leave_the_bigger_namesake(nlp):
    # the same story with votes at temperature 1 (the rule off): the test above measures the rule, not the data
    got = resolve(nlp, SPORTS, vote_temperature=1.0)
    assert got["Hagerstown"][1] == "Maryland"


CALIFORNIA = (
    "WASHINGTON (AP) — Chief of staff John Kelly has told Marines in California last month that the president "
    "probably likes him less than he used to, officials said."
)


def test_a_state_name_is_the_state_rather_than_its_small_namesake_town(nlp):
    # California, Maryland (12,000 people, near Washington) is no match for the state named by its own name
    got = resolve(nlp, CALIFORNIA)
    assert got["California"] == ("US", "California", "A.ADM1")


def test_without_the_state_name_rule_the_namesake_near_the_dateline_wins(nlp):
    got = resolve(nlp, CALIFORNIA, admin1_name=0.0)
    assert got["California"][2] == "P.PPL"


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def _ctx(town) -> _Context:
    """The context of the group "quebec" with one other group's anchor at ``town``."""
    return _Context(
        key="quebec",
        total_cc={},
        total_a1={},
        own_cc={},
        own_a1={},
        others=1,
        container=None,
        contents=None,
        anchors=[("montreal", town.lat, town.lon)],
        neighbours={},
        distances={},
        anchor_divisions={"montreal": town.admin1_id},
    )


def test_a_division_is_near_a_place_inside_it_whatever_its_centre(gaz):
    # Quebec's point lies far north of Montreal, but Montreal lies in Quebec: the province is as near as the city
    province = next(c for c in gaz.candidates("Quebec") if c.feature == "A.ADM1")
    montreal = next(c for c in gaz.candidates("Montreal") if c.is_town and c.cc == "CA")
    w = dict(ResolveGeo.WEIGHTS)
    assert _proximity(w, province, _ctx(montreal)) == w["near"]
    assert _proximity({**w, "near_inside": 0}, province, _ctx(montreal)) < w["near"]


def test_a_division_is_not_near_a_place_outside_it(gaz):
    ontario = next(c for c in gaz.candidates("Ontario") if c.feature == "A.ADM1" and c.cc == "CA")
    montreal = next(c for c in gaz.candidates("Montreal") if c.is_town and c.cc == "CA")
    w = dict(ResolveGeo.WEIGHTS)
    assert _proximity(w, ontario, _ctx(montreal)) < w["near"]
