"""Attribution sources are noun phrases that name someone, never pronouns or clauses (issue #11).

The events stage runs directly on hand-written sentences; person mentions are added by hand where a
pronoun has to be resolved.
"""

from __future__ import annotations

import pytest

from wirecoder.doc import ActorMention, Article
from wirecoder.events.detect import DetectEvents


@pytest.fixture(scope="module")
def sources(nlp):
    detect = DetectEvents({})

    def _sources(text: str, people: tuple[str, ...] = ()) -> dict[str, str | None]:
        art = Article(id="t", text=text)
        art.doc = nlp(text)
        for name in people:
            start = text.index(name)
            art.mentions.actors.append(
                ActorMention(text=name, start=start, end=start + len(name), canonical=name, kind="person")
            )
        return {m.trigger.text: (m.attribution.source if m.attribution else None) for m in detect.find_mentions(art)}

    return _sources


@pytest.mark.parametrize(
    "text,trigger,source",
    [
        # a passive reporting verb: the agent is the source
        ("The attack was claimed by the Islamic State group.", "attack", "the Islamic State group"),
        # a claim by nobody names nobody
        ("No group has claimed responsibility for the bombing.", "bombing", None),
        # a bare pronoun with no one to refer to is no source
        ("It said gunmen killed four villagers in the north.", "Gunmen", None),
        # the event is not its own source: "the blast ..., the ministry said"
        ("The blast, near the main market, killed six people and wounded 20 others, the health ministry said.",
         "blast", "the health ministry"),
        # a role noun phrase is a source; its relative clause is cut off
        ("A senior police officer, who asked not to be named, said gunmen attacked the checkpoint.", "attacked",
         "A senior police officer"),
        # wire copy's closing attribution names the source whole, however the parse cuts or hangs it
        ("Government forces shelled the town on Monday, killing five people, the Syrian Observatory for Human "
         "Rights said.", "shelled", "the Syrian Observatory for Human Rights"),
        ("Police killed two protesters in the capital on Monday, Reporters Without Borders said.", "protesters",
         "Reporters Without Borders"),
        ("Gunmen killed a journalist in the city on Monday, the Committee to Protect Journalists said.", "Gunmen",
         "the Committee to Protect Journalists"),
        ("Troops shelled the village on Monday, killing four people, a spokesman for the governor said.", "shelled",
         "a spokesman for the governor"),
    ],
)
def test_source_is_a_noun_phrase(sources, text, trigger, source):
    found = sources(text)
    key = next((k for k in found if k.lower() == trigger.lower()), None)
    assert key is not None, found
    assert found[key] == source


def test_pronoun_resolves_to_the_person_before_it(sources):
    text = "Army spokesman John Okafor briefed reporters on Monday. He said rebels attacked the base at dawn."
    found = sources(text, people=("John Okafor",))
    assert found["attacked"] == "John Okafor"


def test_pronoun_without_a_person_is_left_empty(sources):
    found = sources("He said rebels attacked the base at dawn.")
    assert found["attacked"] is None



def test_editorial_brackets_are_no_part_of_a_source(code):
    # monitoring-service copy opens with "[TEXT]": the marker is not part of the name that speaks
    text = ("BOGOTA, 10 MAR 89 (EFE) -- [TEXT] COLOMBIA'S ARMY OF NATIONAL LIBERATION (ELN) GUERRILLAS SAID THEY "
            "DYNAMITED THE PIPELINE IN ARAUCA.")
    art = code(text, published="1989-03-10")
    found = [e.attribution.source for e in art.events if e.attribution is not None]
    assert found and all("[" not in s and "]" not in s and not s.lower().startswith("text") for s in found), found
