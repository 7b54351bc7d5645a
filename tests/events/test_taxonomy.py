"""The taxonomy as data: flags, ranks and notes come from ``data/taxonomy/``; resolution and merging use them."""

from __future__ import annotations

import inspect

import pytest

from wirecoder.doc import Event, EventActor, Fatalities
from wirecoder.events import taxonomy
from wirecoder.events.detect import make_events
from wirecoder.events.merge import absorb, can_merge
from wirecoder.events.summary import summarize
from wirecoder.resolve.dates import make_resolve_dates
from wirecoder.resolve.fatalities import make_resolve_fatalities


def test_taxonomy_flags_of_subtypes_and_pseudo_classes():
    assert set(taxonomy.with_flag("explosive")) == {
        "Air/drone strike", "Suicide bomb", "Grenade", "Remote explosive/landmine/IED",
        "Shelling/artillery/missile attack"}
    assert set(taxonomy.with_flag("specific_violence")) == set(taxonomy.with_flag("explosive")) | {
        "Chemical weapon", "Sexual violence"}
    assert set(taxonomy.with_flag("fallback_violence")) == {"Attack", "Armed clash"}
    assert taxonomy.has("Chemical weapon", "weapon") and not taxonomy.has("Chemical weapon", "explosive")
    assert taxonomy.has("@bomb", "weapon") and not taxonomy.has("@capture", "weapon")
    assert not taxonomy.has("+weapon", "weapon")  # a cue is no class of the taxonomy
    assert taxonomy.pseudo_family("@force") == "protest" and taxonomy.pseudo_family("Attack") is None
    assert taxonomy.family("@protest") == "other"  # pseudo-classes have no sub-type family
    with pytest.raises(KeyError):
        taxonomy.has("Attack", "violent")


def test_taxonomy_event_type_flags():
    # people die in protests too, but death statements attach only to the violent event types
    assert taxonomy.type_has("Riots", "fatalities") and not taxonomy.type_has("Protests", "fatalities")
    assert taxonomy.type_has("Protests", "note_fatalities")
    assert not taxonomy.type_has("Strategic developments", "note_fatalities")
    assert taxonomy.note_subject("Protests") == "Protesters"


def test_taxonomy_codes_name_subtypes():
    assert taxonomy.by_code("ATTACK") == taxonomy.ATTACK == "Attack"
    assert taxonomy.DISRUPTED_WEAPONS == "Disrupted weapons use"
    with pytest.raises(KeyError):
        taxonomy.by_code("NO_SUCH_CODE")


@pytest.mark.parametrize(
    "scores,state_agent,expected",
    [
        ({"@bomb": 2.0}, True, "Air/drone strike"),
        ({"@bomb": 2.0}, False, "Remote explosive/landmine/IED"),
        ({"@bomb": 1.0, "Grenade": 1.0}, None, "Grenade"),
        ({"@violence": 1.0, "Sexual violence": 1.0}, None, "Sexual violence"),
        ({"@protest": 2.0, "+violent": 1.5}, None, "Violent demonstration"),
        ({"@capture": 2.0}, True, "Government regains territory"),
    ],
)
def test_taxonomy_resolve_uses_flags(scores, state_agent, expected):
    sub, _score, _generic = taxonomy.resolve(scores, state_agent)
    assert sub == expected


def test_taxonomy_resolve_generic_violence():
    sub, _score, generic = taxonomy.resolve({"@violence": 1.0})
    assert sub in taxonomy.with_flag("fallback_violence") and generic


def _event(sub: str, **kw) -> Event:
    return Event(event_type=taxonomy.event_type(sub), sub_event_type=sub, **kw)


def test_merge_protest_rank_and_overrides():
    peaceful, violent = _event("Peaceful protest"), _event("Violent demonstration")
    assert can_merge(peaceful, violent, same_sentence=False)
    absorb(peaceful, violent)
    assert peaceful.sub_event_type == "Violent demonstration" and peaceful.mentions == 2
    attack = _event("Attack", score=2.0, sent_index=3)
    abduction = _event("Abduction/forced disappearance", sent_index=1)
    assert can_merge(attack, abduction, same_sentence=True)
    assert not can_merge(attack, abduction, same_sentence=False)
    absorb(attack, abduction)
    assert attack.sub_event_type == "Abduction/forced disappearance" and attack.sent_index == 1
    assert attack.score == 2.25


def test_summary_note_forms():
    shelling = _event("Shelling/artillery/missile attack", actor1=EventActor("troops"))
    assert summarize(shelling) == "Troops shelled."
    protest = _event("Peaceful protest", fatalities=Fatalities(0, 0, 0))
    assert summarize(protest) == "Protesters held a peaceful protest. 0 fatalities."
    change = _event("Change to group/activity", actor1=EventActor("the group"), actor2=EventActor("X"))
    assert summarize(change) == "The group changed group activity: X."
    unknown = Event(event_type="", sub_event_type="")
    assert summarize(unknown) == "Unidentified actors was involved in."


@pytest.mark.parametrize("factory", [make_events, make_resolve_dates, make_resolve_fatalities])
def test_stage_factories_take_keyword_only_typed_settings(factory):
    params = [p for name, p in inspect.signature(factory).parameters.items() if name != "config"]
    assert params and all(p.kind is p.KEYWORD_ONLY and p.annotation is not p.empty for p in params)
