"""Events stage on real sentences: classification, modality, passive voice, actor-less and multi-event sentences.

These tests run the spaCy analysis and the events stages directly (actor mentions
empty), so they test the events stage's own fallbacks; the integration tests of
the whole pipeline live with the seed test.
"""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import truecase
from wirecoder.doc import Article
from wirecoder.events.detect import DetectEvents
from wirecoder.events.finalize import FinalizeEvents


@pytest.fixture(scope="module")
def detect():
    return DetectEvents({})


@pytest.fixture(scope="module")
def run(nlp, detect):
    final = FinalizeEvents({})

    def _run(text: str) -> Article:
        art = Article(id="t", text=text)
        upper = sum(c.isupper() for c in text if c.isalpha()) > 0.8 * sum(c.isalpha() for c in text)
        art.doc = nlp(truecase(text) if upper else text)
        detect(art)
        final(art)
        return art

    return _run


@pytest.mark.parametrize(
    "text,sub",
    [
        ("Four people were killed in hand grenade attacks on a restaurant on Sunday evening.", "Grenade"),
        ("A suicide bomber blew himself up at a checkpoint, killing six soldiers.", "Suicide bomb"),
        ("Government forces have regained control of parts of the strategic town after rebels retreated.",
         "Government regains territory"),
        ("Thousands of protesters staged rallies across the country against the new immigration policy.",
         "Peaceful protest"),
        ("Police fired tear gas to disperse the protesters who had gathered outside parliament.",
         "Protest with intervention"),
        ("The army shelled rebel positions with artillery and mortars overnight.", "Shelling/artillery/missile attack"),
        ("Police arrested 12 suspects in a raid on a house in the city.", "Arrests"),
        ("Bomb disposal experts defused an improvised explosive device found near the market.",
         "Disrupted weapons use"),
        ("The two sides signed a ceasefire agreement in the capital on Monday.", "Agreement"),
        ("Gunmen abducted three aid workers from their vehicle on the highway.", "Abduction/forced disappearance"),
        ("A roadside bomb exploded near a police patrol, wounding two officers.", "Remote explosive/landmine/IED"),
    ],
)
def test_detect_classifies_sub_event_type(run, text, sub):
    art = run(text)
    assert art.events, text
    top = max(art.events, key=lambda e: e.score)
    assert top.sub_event_type == sub


def test_detect_no_event_in_plain_news(run):
    art = run("The central bank kept interest rates unchanged on Thursday, citing slowing inflation.")
    assert art.events == []


def test_detect_figurative_bombs_and_battles_are_no_events(run):
    assert run("\u201cThe time bomb has already been planted,\u201d says an environmental activist.").events == []
    assert run("The family lost a long legal battle over the land in 2019.").events == []
    art = run("Soldiers and rebels fought a fierce battle near the border on Monday.")
    assert [e.sub_event_type for e in art.events] == ["Armed clash"]


def test_detect_handing_over_a_person_is_no_transfer_of_territory(run):
    art = run("Calm returned on Tuesday night after the commander was handed over to a neutral party.")
    assert all(e.sub_event_type != "Non-violent transfer of territory" for e in art.events)
    art = run("The army handed over the town of Sake to the rebels on Monday.")
    assert [e.sub_event_type for e in art.events] == ["Non-violent transfer of territory"]


def test_detect_protest_said_of_words_is_no_demonstration(run):
    said = run("They protested to officials that all they wanted was for the government to bring back the girls.")
    assert said.events == []
    assert run("Relatives and friends went on protesting his innocence.").events == []
    art = run("Hundreds of students protested outside the parliament in Kathmandu on Monday.")
    assert [e.sub_event_type for e in art.events] == ["Peaceful protest"]


@pytest.mark.parametrize(
    "text",
    [
        "Three workers were wounded in a strike on a fuel depot near the port on Sunday.",
        "A strike on the power station cut electricity to the city.",
        "Four people died in an overnight strike, the mayor said.",
    ],
)
def test_detect_a_strike_with_a_target_or_casualties_is_violence(run, text):
    subs = {e.sub_event_type for e in run(text).events}
    assert subs and not any("protest" in s.lower() for s in subs)


def test_detect_defusing_tensions_is_no_disrupted_weapons_use(run):
    assert run("Talks between the elders on Friday helped defuse tensions between the two villages.").events == []
    art = run("Police defused two landmines planted on the highway near Sukma on Friday.")
    assert [e.sub_event_type for e in art.events] == ["Disrupted weapons use"]


def test_detect_a_crowds_attack_is_mob_violence(run):
    art = run("Five Nigerian students were attacked on Monday by crowds in Greater Noida, police said.")
    assert [e.sub_event_type for e in art.events] == ["Mob violence"]
    art = run("Five Nigerian students were attacked on Monday by gunmen in Greater Noida, police said.")
    assert [e.sub_event_type for e in art.events] == ["Attack"]


def test_detect_a_routine_passive_deployment_is_no_change_to_group_activity(run):
    # ACLED codebook: a routine dispatch is not a change to group/activity; a named actor's deployment is
    art = run("Soldiers were deployed around the parliament building on Tuesday, and some roads were blocked off.")
    assert "Change to group/activity" not in {e.sub_event_type for e in art.events}
    art = run("The army deployed three additional battalions to the restive northern province on Tuesday.")
    assert [e.sub_event_type for e in art.events] == ["Change to group/activity"]


def test_detect_a_labour_strike_stays_a_protest(run):
    art = run("Thousands of teachers went on a strike on Monday and marched to the education ministry.")
    subs = {e.sub_event_type for e in art.events}
    assert "Peaceful protest" in subs and not subs & {"Attack", "Armed clash", "Air/drone strike"}


@pytest.mark.parametrize(
    "text,sub",
    [
        ("Supporters of the rival party attacked the demonstrators outside the hall.", "Protest with intervention"),
        ("Police attacked demonstrators in the main square on Saturday.", "Protest with intervention"),
        ("Gunmen opened fire on protesters in the square on Sunday, killing one person.",
         "Excessive force against protesters"),
        ("Protesters attacked the police station and set fire to two cars.", "Violent demonstration"),
        # the codebook's own example of a riot: burning tyres or barricades
        ("Demonstrations also took place in Mombasa, where crowds blocked roads and burned tires.",
         "Violent demonstration"),
        ("Opposition supporters protested in the capital behind burning barricades on Monday.",
         "Violent demonstration"),
    ],
)
def test_detect_protesters_attacked_or_attacking(run, text, sub):
    art = run(text)
    assert sub in {e.sub_event_type for e in art.events}
    assert "Peaceful protest" not in {e.sub_event_type for e in art.events}


@pytest.mark.parametrize(
    "text,done,aim",
    [
        ("Rebels attacked the town of Bor on Monday in a bid to capture it from government troops.",
         {"Armed clash", "Attack"}, "Non-state actor overtakes territory"),
        ("Militants stormed a police post in the district on Friday, killing four officers, in an attempt to seize "
         "the town.", {"Armed clash", "Attack"}, "Non-state actor overtakes territory"),
    ],
)
def test_detect_an_aim_is_no_part_of_what_was_done(run, text, done, aim):
    # the attack happened; the capture was only its aim (a purpose or attempt infinitive is not asserted)
    art = run(text)
    asserted = {e.sub_event_type for e in art.events if e.modality == "asserted"}
    assert asserted & done, [(e.sub_event_type, e.modality) for e in art.events]
    assert aim not in asserted


@pytest.mark.parametrize(
    "text,modality",
    [
        ("Colonel Dillon said the coalition has not bombed the convoy itself.", "negated"),
        ("The rebels denied that they had attacked the village.", "negated"),
        ("The army plans to launch an offensive against the rebels next month.", "hypothetical"),
        ("If the talks fail, the militia would attack the town.", "hypothetical"),
        ("We will continue to shell their positions,” the commander said.", "future"),
        ("Troops shelled the town on Monday, the army said.", "asserted"),
    ],
)
def test_detect_modality(run, text, modality):
    art = run(text)
    assert art.events, text
    assert art.events[0].modality == modality


def test_detect_passive_voice_agent_from_instrument(run):
    art = run("Dozens of militants were killed in a coalition airstrike, a military official said.")
    ev = art.events[0]
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.actor1 is not None and "coalition" in ev.actor1.name
    assert ev.actor2 is not None and ev.actor2.name == "militants"
    assert ev.attribution is not None and ev.attribution.source == "a military official"


def test_detect_passive_voice_by_agent(run):
    art = run("Five villagers were abducted by rebels on Tuesday.")
    ev = art.events[0]
    assert ev.sub_event_type == "Abduction/forced disappearance"
    assert ev.actor1 is not None and ev.actor1.name == "rebels"
    assert ev.actor2 is not None and ev.actor2.name == "villagers"


def test_detect_actorless_event(run):
    art = run("Four people were killed in a suicide bombing on Friday.")
    ev = art.events[0]
    assert ev.sub_event_type == "Suicide bomb"
    assert ev.actor1 is None
    assert ev.evidence[0].text.startswith("Four people")


def test_detect_two_events_in_one_sentence(run):
    art = run("Troops shelled the rebel-held town, while thousands of protesters marched in the capital.")
    subs = {e.sub_event_type for e in art.events}
    assert "Shelling/artillery/missile attack" in subs
    assert "Peaceful protest" in subs


def test_detect_merges_repeated_mentions(run):
    art = run("Rebels attacked an army post in the north on Monday. The rebels attacked the army post at dawn, "
              "officials said.")
    assert len(art.events) == 1
    assert len(art.events[0].evidence) == 2


def test_detect_upper_case_text(run):
    art = run("TERRORISTS TODAY KIDNAPPED A JUDGE IN THE CAPITAL, POLICE SAID.")
    assert art.events and art.events[0].sub_event_type == "Abduction/forced disappearance"


def test_detect_evidence_offsets_index_the_text(run):
    text = "Breaking.\n\nAn airstrike hit a market in the town. Residents fled."
    art = run(text)
    ev = art.events[0]
    for s in ev.evidence:
        assert text[s.start : s.end] == s.text
    assert text[ev.trigger.start : ev.trigger.end] == "airstrike"
    assert 0.0 < ev.confidence <= 1.0 and ev.summary


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Gunmen shot dead three villagers on Sunday.", True),
        ("Protesters rallied outside the ministry.", True),
        ("Troops recaptured the town after heavy shelling.", True),
        ("The central bank kept interest rates unchanged on Thursday.", False),
    ],
)
def test_triggers_screen_text(text, expected):
    from wirecoder.events.triggers import screen_text

    assert screen_text(text) is expected


def test_summary_reads_like_an_acled_note():
    from wirecoder.doc import Event, EventActor, EventDate, Fatalities
    from wirecoder.events.summary import summarize

    strike = Event(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                   actor1=EventActor("the coalition", canonical="Operation Inherent Resolve"),
                   actor2=EventActor("IS fighters", canonical="Islamic State"),
                   date=EventDate("2017-09-07", "2017-09-07", 1), fatalities=Fatalities(85, 85, 85))
    assert summarize(strike) == ("On 7 September 2017, Operation Inherent Resolve carried out an air/drone strike "
                                 "on Islamic State. 85 fatalities.")
    deal = Event(event_type="Strategic developments", sub_event_type="Agreement",
                 actor1=EventActor("IS"), actor2=EventActor("Hizballah"), fatalities=Fatalities(0, 0, 0))
    assert "fatalit" not in summarize(deal)


def test_detect_charges_and_verbal_attacks_are_not_events(run):
    art = run("The court convicted two men of the murder of a journalist. The opposition continued its "
              "blistering attack on the budget.")
    assert not [e for e in art.events if e.event_type == "Violence against civilians"]
    assert not [e for e in art.events if e.event_type == "Battles"]


def test_detect_a_dateline_is_never_an_actor(pipeline):
    from wirecoder.service import code_text

    art = code_text(
        "DAMASCUS, Syria (AP) — Rebels fired mortars at a market on Sunday, killing six people.",
        pipeline,
        published="2013-07-01",
    )
    assert art.events, "the shelling is an event"
    for ev in art.events:
        for actor in (ev.actor1, ev.actor2):
            assert actor is None or "DAMASCUS" not in (actor.name or "")


@pytest.mark.parametrize("text", [
    "Rebel fighters liberated the town of Saraqeb after a week of heavy fighting.",
    "Islamist rebels recaptured the town of Saraqeb from government forces on Monday.",
])
def test_detect_rebels_regaining_a_town_overtake_it(pipeline, text):
    # ACLED: only government forces or their affiliates "regain" territory; a rebel group overtakes it
    (art,) = pipeline.pipe([Article(id="t", text=text, published="2020-02-10")])
    assert [e.sub_event_type for e in art.events] == ["Non-state actor overtakes territory"]


@pytest.mark.parametrize(
    "text",
    [
        "On Saturday, the army said its air force had struck RSF positions near Mellit, north of El Fasher.",
        "Israeli jets on Saturday struck a house in Gaza City.",
        "Russian aircraft struck rebel positions in Idlib province overnight.",
    ],
)
def test_detect_an_aircraft_that_strikes_is_an_air_strike(run, text):
    # "strike" alone is too vague to make an event; with an aircraft as its subject it is an air strike
    assert "Air/drone strike" in {e.sub_event_type for e in run(text).events}


def test_detect_strike_without_an_aircraft_stays_no_air_strike(run):
    text = "The teachers' strike entered its second week as the air force band played in the square."
    assert "Air/drone strike" not in {e.sub_event_type for e in run(text).events}


def test_detect_the_support_an_agent_had_is_not_the_event(code):
    # "backed by U.S. air strikes" is the troops' support: their operation is the fight, not an air strike
    text = ("Somali troops backed by U.S. air strikes killed 30 al Shabaab fighters in an operation in the Middle "
            "Shabelle region on Monday, the ministry said.")
    (ev,) = [e for e in code(text, published="2024-02-05").events if e.fatalities and e.fatalities.best == 30]
    assert ev.sub_event_type == "Armed clash"
    assert ev.actor1 is not None and ev.actor1.canonical == "Military Forces of Somalia"
    # nor is the supporter the agent
    art = code("Kurdish-led fighters supported by coalition air strikes captured the town of Tabqa on Sunday.",
               published="2017-04-30")
    assert all(e.actor1 is None or "coalition" not in (e.actor1.name or "").lower() for e in art.events)
