"""Event locations in fixed-width wire copy, and the story's country told by its demonyms."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article, Event, Span
from wirecoder.mentions.places import PlaceMentions
from wirecoder.resolve.geo import ResolveGeo


@pytest.fixture(scope="module")
def stages():
    return PlaceMentions({}), ResolveGeo({})


def locate(nlp, stages, text: str, trigger: str) -> Event:
    i = text.index(trigger)
    sp = Span(i, i + len(trigger), trigger)
    ev = Event(event_type="Violence against civilians", trigger=sp, triggers=[sp], evidence=[sp])
    art = Article(id="w", text=text, events=[ev])
    art.upper_case = is_upper_case(text)
    art.doc = nlp(truecase(text) if art.upper_case else text)
    finder, resolver = stages
    finder(art)
    resolver(art)
    return ev


def test_a_line_break_in_hard_wrapped_copy_does_not_cut_the_event_sentence(nlp, stages):
    # the trigger ends the first line, its place starts the second: one sentence, not a headline
    text = (
        "   MANAGUA, 20 MAR 89 -- [COMMENTARY] [TEXT] THE MURDER OF THREE\n"
        "JOURNALISTS IN EL SALVADOR YESTERDAY ONCE AGAIN SHOWS THE REPRESSIVE AND\n"
        "CRIMINAL NATURE OF THE ARMY, THE COMMENTATOR SAID IN A BROADCAST HEARD\n"
        "THROUGHOUT THE REGION ON MONDAY.\n\n"
        "   THOSE ACTIONS AGAINST OUR PRESS COLLEAGUES ARE ONLY COMPARABLE WITH\n"
        "ACTIONS CARRIED OUT BY OTHER ARMIES IN THE REGION, THE COMMENTATOR SAID.\n"
    )
    ev = locate(nlp, stages, text, "MURDER")
    assert ev.location is not None and ev.location.country_code == "SV"


def test_a_headline_line_still_bounds_its_event_in_web_copy(nlp, stages):
    # web copy: the line break ends a headline, whose event is not placed by the next line's town
    text = "Gunmen kill three in market attack\nMOGADISHU, Somalia (AP) - Gunmen killed three people in Afgoye."
    ev = locate(nlp, stages, text, "kill")
    assert ev.location is None or ev.location.name != "Afgoye"


def test_demonyms_tell_the_story_country_when_the_dateline_is_abroad(nlp, stages):
    # filed from Mexico City about El Salvador: the unplaced killing is in El Salvador, not Mexico
    text = (
        "MEXICO CITY, 12 Nov (EFE) -- The Salvadoran workers' federation today accused the Salvadoran army "
        "of unleashing violence. Salvadoran union leaders said soldiers killed two of their members. "
        "The federation spoke to a Mexican news agency."
    )
    ev = locate(nlp, stages, text, "killed")
    assert ev.location is not None and ev.location.country_code == "SV"
