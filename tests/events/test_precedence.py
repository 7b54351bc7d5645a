"""The ACLED codebook's conditions and precedence rules as the rule classifier applies them (issue #14).

Inside one clause (``taxonomy.apply_outranks``) and across nearby mentions (``detect.apply_precedence``),
a sub-type gives way to the one the codebook says outranks it; conditions such as "both sides" or "without
any clashes" settle a type. The sentences are written for these tests in the style of news reports.
"""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.events import taxonomy
from wirecoder.events.detect import DetectEvents
from wirecoder.events.finalize import FinalizeEvents


@pytest.fixture(scope="module")
def run(nlp):
    # as in the default pipeline: mentions of different sentences are not merged by these stages
    detect, final = DetectEvents({}, merge_across_sentences=False), FinalizeEvents({}, merge_across_sentences=False)

    def _run(text: str) -> Article:
        art = Article(id="t", text=text)
        art.doc = nlp(text)
        detect(art)
        final(art)
        return art

    return _run


def test_codebook_precedence_rules_name_known_types_and_scopes():
    rules = taxonomy.outranks()
    assert rules, "codebook.toml has no [[outranks]] rules"
    for rule in rules:
        assert rule.loser in taxonomy.subtypes()
        assert rule.winners and rule.winners <= set(taxonomy.subtypes())
        assert rule.loser not in rule.winners
        assert rule.scope in taxonomy.SCOPES


def test_outranks_inside_a_clause_needs_a_real_trigger_of_the_winner():
    handover = {"Agreement": 2.0, "Non-violent transfer of territory": 2.5}
    taxonomy.apply_outranks(handover)
    assert handover == {"Non-violent transfer of territory": 4.5}
    hint = {"Agreement": 2.0, "Non-violent transfer of territory": 0.5}  # "evacuate": a weak hint
    taxonomy.apply_outranks(hint)
    assert hint["Agreement"] == 2.0


def _types(art: Article) -> set[str]:
    return {ev.sub_event_type for ev in art.events}


@pytest.mark.parametrize(
    "text,sub,absent",
    [
        # property destroyed in an attack on people belongs to the attack
        (
            "Militants stormed the village at dawn, shooting the residents and burning down their houses.",
            "Attack",
            "Looting/property destruction",
        ),
        # a mob that beats people is mob violence, not an attack
        ("A mob beat two men to death in the village on Friday after accusing them of theft.", "Mob violence",
         "Attack"),
        # a handover under a deal is a non-violent transfer, not an agreement
        (
            "A strip of land was handed over by the army to rebel control as part of a peace deal ending months of "
            "fighting.",
            "Non-violent transfer of territory",
            "Agreement",
        ),
        # an intervention in the next sentence makes the march a protest with intervention
        (
            "Hundreds of teachers marched through the capital on Monday. Police dispersed the marchers with batons.",
            "Protest with intervention",
            "Peaceful protest",
        ),
        # the bomber died in the blast the next sentence reports
        (
            "A suicide bomber blew himself up near an army patrol on Tuesday. The explosion wounded four soldiers.",
            "Suicide bomb",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_precedence_between_mentions(run, text, sub, absent):
    types = _types(run(text))
    assert sub in types, (text, types)
    assert absent not in types, (text, types)


@pytest.mark.parametrize(
    "text,sub",
    [
        # casualties on both sides: two armed sides fought
        (
            "Rebel fighters attacked a police post on Wednesday, leaving twelve people dead on both sides.",
            "Armed clash",
        ),
        # territory taken with no fighting for it
        (
            "Government troops took control of several towns in the province without any armed clashes.",
            "Non-violent transfer of territory",
        ),
        # rockets fired at a target are shelling, even as a bare plural
        (
            "The army fired rockets at a military site near the border, killing several soldiers.",
            "Shelling/artillery/missile attack",
        ),
        # the violence a march denounces is its grievance, not its own conduct
        ("Demonstrators marched in the capital to denounce violence by gangs who attacked shops.", "Peaceful protest"),
    ],
)
def test_codebook_conditions_settle_the_type(run, text, sub):
    art = run(text)
    best = max(art.events, key=lambda ev: ev.confidence, default=None)
    assert best is not None and best.sub_event_type == sub, (text, _types(art))


def test_explosion_with_gunfire_at_the_scene_is_no_remote_explosive(run):
    # the attackers are at the blast: part of the fighting (the codebook's condition for a remote explosive)
    art = run(
        "Insurgents attacked the main army base in the city on Thursday, with an explosion and gunfire heard inside."
    )
    assert _types(art) == {"Armed clash"}
    # a bomb that goes off with nobody shooting stays a remote explosive
    assert _types(run("A bomb exploded near a police station on Monday, killing two officers.")) == {
        "Remote explosive/landmine/IED"
    }


def test_heavy_weapons_in_an_assault_are_no_shelling(code):
    # "heavy weapons" are machine guns and rocket launchers as often as artillery: the assault is not shelling
    art = code("The attackers used heavy weapons in the assault on the police checkpoint in Bannu district, police "
              "official Zahid Khan said.")
    assert art.events and all(e.sub_event_type != "Shelling/artillery/missile attack" for e in art.events)
