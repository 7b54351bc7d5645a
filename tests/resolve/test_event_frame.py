"""An event whose sentence names no place happens where the sentence before it, in its paragraph, says."""

from __future__ import annotations

from wirecoder.service import code_text

TEXT = (
    "Suicide bombers struck a market in Maiduguri on Tuesday, killing 20 people. Hours later, hundreds of "
    "residents marched to the governor's office to demand better protection.\n\n"
    "The attack came weeks after bombings in Kano. Officials in Kano said security there had been tightened."
)


def test_a_placeless_sentence_takes_the_place_of_the_sentence_before(pipeline):
    art = code_text(TEXT, pipeline, published="2015-06-03")
    marches = [e for e in art.events if e.event_type == "Protests"]
    assert marches, "the march is a protest event"
    assert marches[0].location is not None and marches[0].location.name == "Maiduguri"


def test_a_new_paragraph_opens_a_new_frame(pipeline):
    # Kano, named three times below, outweighs Maiduguri, named once in the lead (which counts double)
    text = TEXT.replace("people. Hours later", "people.\n\nHours later") + " Traders in Kano closed their shops."
    art = code_text(text, pipeline, published="2015-06-03")
    marches = [e for e in art.events if e.event_type == "Protests"]
    assert marches and marches[0].location is not None
    assert marches[0].location.name != "Maiduguri"  # the article's focus (Kano) instead
