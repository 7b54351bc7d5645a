"""Modality of event mentions: denials, disputed and unconfirmed claims, fears and threats (issue #11).

Denied violence is ``negated``; fears, threats, preparations, unconfirmed and disputed claims are
``hypothetical``; presupposed events ("not clear why ...", "no group claimed ...") stay ``asserted``.
The events stage runs directly on hand-written sentences (actor mentions empty).
"""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.events.detect import DetectEvents


@pytest.fixture(scope="module")
def mentions(nlp):
    detect = DetectEvents({})

    def _mentions(text: str) -> list:
        art = Article(id="t", text=text)
        art.doc = nlp(text)
        return detect.find_mentions(art)

    return _mentions


def _modality(mentions, text: str, trigger: str) -> str:
    found = [m for m in mentions(text) if m.trigger.text == trigger]
    assert found, f"no mention at {trigger!r} in {text!r}: {[m.trigger.text for m in mentions(text)]}"
    return found[0].modality


@pytest.mark.parametrize(
    "text,trigger,modality",
    [
        # denials reach through a claim: "denied reports that", "dismissed claims of"
        ("The ministry denied reports that soldiers had shelled the market.", "shelled", "negated"),
        ("Villagers dismissed claims of an air strike on the school.", "air strike", "negated"),
        # fears, preparations, threats: not asserted, not denied
        ("Residents are bracing for an attack on the town.", "attack", "hypothetical"),
        ("Police were on alert for a possible bombing.", "bombing", "hypothetical"),
        # unconfirmed: a negated evidential
        ("Initial findings do not indicate that the fire was caused by a rocket attack.", "rocket attack",
         "hypothetical"),
        ("Officials could not confirm that rebels had attacked the convoy.", "attacked", "hypothetical"),
        # a claim another source contradicts is disputed; the denial itself is negated
        ("Witnesses said militia fighters attacked the camp, but a spokesman for the militia said there was no "
         "attack.", "attacked", "hypothetical"),
        ("Witnesses said militia fighters attacked the camp, but a spokesman for the militia said there was no "
         "attack.", "attack", "negated"),
        # presupposed events stay asserted
        ("It is not clear why the gunmen attacked the bus.", "gunmen", "asserted"),
        ("Police dispersed the crowd, but not before rioters torched two cars.", "rioters", "asserted"),
        ("No group has claimed responsibility for the bombing.", "bombing", "asserted"),
        ("Gunmen killed three people on Sunday, police said.", "Gunmen", "asserted"),
    ],
)
def test_claims_denials_fears(mentions, text, trigger, modality):
    assert _modality(mentions, text, trigger) == modality


def test_generic_clause_is_hypothetical(mentions):
    # a bounty "for each rebel killed" reports no killing
    assert _modality(mentions, "The president offered a bounty for each rebel killed.", "killed") == "hypothetical"


def test_imminent_attack_is_hypothetical(mentions):
    # an adjective of expectation on the event noun: "an imminent attack", "threatened protests"
    text = "Security was tightened in the capital against an imminent attack by the rebels."
    assert _modality(mentions, text, "attack") == "hypothetical"
