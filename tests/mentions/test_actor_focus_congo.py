"""Bare "Congo" is the Democratic Republic (AP and Reuters style), for the actors as for the places."""

from __future__ import annotations

from wirecoder.service import code_text

TEXT = (
    "BENI, Democratic Republic of Congo, Sept 10 (Reuters) - Rebels from the Allied Democratic Forces (ADF) killed "
    "at least 18 civilians in an overnight raid on a village in eastern Congo's North Kivu province, the army said.\n\n"
    "The ADF, which originated in Uganda and has pledged allegiance to Islamic State, has killed thousands of "
    "civilians over the past decade. Uganda and Congo launched joint operations against the group in 2021."
)


def test_bare_congo_is_the_democratic_republic_and_its_rebels_are_the_named_group(pipeline):
    art = code_text(TEXT, pipeline, published="2024-09-10")
    assert art.focus_country == "CD"
    raid = next(e for e in art.events if e.fatalities and e.fatalities.best == 18)
    assert raid.actor1 is not None and raid.actor1.canonical == "Allied Democratic Forces"
