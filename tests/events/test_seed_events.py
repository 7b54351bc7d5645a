"""The seed article through the whole pipeline: its three asserted events and its must-not rules."""

from __future__ import annotations


def _names(actor) -> str:
    if actor is None:
        return ""
    return f"{actor.name} {actor.canonical or ''}".lower()


def _asserted(article):
    return [e for e in article.events if e.modality == "asserted"]


def test_seed_events_coalition_air_strike(seed_article):
    """The strike is coded; its actors and attribution are right."""
    strikes = [e for e in _asserted(seed_article) if e.sub_event_type == "Air/drone strike"]
    hit = [e for e in strikes if "coalition" in _names(e.actor1) and "islamic state" in _names(e.actor2)]
    assert hit, [(e.sub_event_type, _names(e.actor1), _names(e.actor2)) for e in strikes]
    ev = hit[0]
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.plover == {"event": "FIGHT", "mode": "aerial"}
    assert ev.attribution is not None


def test_seed_events_lede_and_body_of_the_strike_are_one_event(seed_article):
    # the lede's "has killed dozens of militants" takes the day's strike type (wave rule) and is then the same
    # row as the body's strike: one sub-type, place, day and actors (dedup rejoin_retyped)
    strikes = [e for e in _asserted(seed_article) if e.sub_event_type == "Air/drone strike"
               and "coalition" in _names(e.actor1)]
    assert strikes and len(strikes[0].evidence) >= 2


def test_seed_events_road_and_bridge_bombing(seed_article):
    strikes = [e for e in _asserted(seed_article) if e.sub_event_type == "Air/drone strike"]
    us = [e for e in strikes if "united states" in _names(e.actor1)]
    assert us and any("bombing" in e.trigger.text for e in us)


def test_seed_events_evacuation_deal(seed_article):
    deals = [e for e in _asserted(seed_article) if e.sub_event_type == "Agreement"]
    assert len(deals) == 1
    pair = _names(deals[0].actor1) + " " + _names(deals[0].actor2)
    assert "islamic state" in pair and ("hezbollah" in pair or "hizballah" in pair)


def test_seed_events_must_not(seed_article):
    for ev in _asserted(seed_article):
        a1, a2 = _names(ev.actor1), _names(ev.actor2)
        if "coalition" in a1 or "united states" in a1:
            assert "convoy" not in a2 and "civilian" not in a2
        if ev.sub_event_type == "Agreement":
            assert "russia" not in a1 + a2


def test_seed_events_evidence_offsets(seed_article):
    for ev in seed_article.events:
        for span in ev.evidence:
            assert seed_article.text[span.start : span.end] == span.text
        assert 0 <= ev.confidence <= 1 and ev.summary
