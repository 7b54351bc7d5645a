"""Actor roles at article level: claims of responsibility and ACLED's actor conventions (issue #13)."""

from __future__ import annotations

import pytest

from wirecoder.resolve.roles import CONVENTIONS


def _by_type(art, sub_type):
    found = [e for e in art.events if e.sub_event_type == sub_type]
    assert found, f"no {sub_type} event in {[e.sub_event_type for e in art.events]}"
    return found[0]


def test_roles_claim_in_a_later_sentence_names_the_bomber(code):
    text = (
        "A suicide bomber blew himself up outside a mosque in Kandahar on Friday, killing nine worshippers, "
        "a provincial spokesman said.\n\n"
        "The Taliban claimed responsibility for the attack in a statement sent to reporters."
    )
    ev = _by_type(code(text, published="2021-10-16"), "Suicide bomb")
    assert ev.actor1.canonical == "Taliban"
    assert ev.actor1.name  # the claimant as the text writes it


def test_roles_claim_by_nobody_gives_an_unidentified_group_in_the_events_country(code):
    text = (
        "KABUL, Afghanistan (AP) - A bomb hidden in a cart exploded at a bus station in Jalalabad on Monday, "
        "killing four passengers, police said.\n\n"
        "No group immediately claimed responsibility for the bombing. The Taliban and the Islamic State group "
        "are both active in the province."
    )
    ev = _by_type(code(text, published="2019-05-06"), "Remote explosive/landmine/IED")
    assert ev.actor1.canonical == "Unidentified Armed Group (Afghanistan)"
    assert ev.actor1.name == ""  # coded by convention, not named in the text
    assert ev.actor1.inter == 3


def test_roles_claim_of_a_class_of_attacks_is_not_a_claim_of_this_one(code):
    text = (
        "Gunmen shot dead three teachers at a school in Mandera on Tuesday, police said.\n\n"
        "Al-Shabaab has claimed responsibility for most of the attacks on teachers in the region in recent years."
    )
    ev = _by_type(code(text, published="2018-02-20"), "Attack")
    assert ev.actor1.canonical == "Unidentified Armed Group (Kenya)"


def test_roles_protest_crowd_is_protesters_of_the_events_country(code):
    text = (
        "Thousands of people marched through the streets of Lagos on Monday to protest against fuel price "
        "increases, chanting and carrying placards, witnesses said."
    )
    ev = _by_type(code(text, published="2012-01-09"), "Peaceful protest")
    assert ev.actor1.canonical == "Protesters (Nigeria)"
    assert ev.actor1.inter == 6 and ev.actor1.country == "NG"
    assert ev.actor2 is None  # ACLED codes no target for a peaceful protest


def test_roles_riot_crowd_is_rioters_and_police_are_the_other_side(code):
    text = (
        "Rioters torched shops and threw stones at police in the western Kenyan city of Kisumu on Wednesday after the "
        "election results were announced, and police fired tear gas to disperse them."
    )
    art = code(text, published="2017-08-09")
    riots = [
        e for e in art.events if e.event_type == "Riots" or e.sub_event_type == "Excessive force against protesters"
    ]
    assert riots
    for ev in riots:
        crowd = ev.actor2 if ev.sub_event_type == "Excessive force against protesters" else ev.actor1
        assert crowd.canonical in ("Rioters (Kenya)", "Protesters (Kenya)")


def test_roles_victims_take_the_country_of_the_event_not_of_the_dateline(code):
    text = (
        "PARIS (AFP) - Gunmen killed eleven villagers in an attack on the village of Tudun Wada in Zamfara state, "
        "in northwest Nigeria, on Sunday, police said."
    )
    ev = _by_type(code(text, published="2020-03-02"), "Attack")
    assert ev.location.country_code == "NG"
    assert ev.actor2.canonical == "Civilians (Nigeria)"


def test_roles_conventions_cover_every_demonstration_sub_type():
    for sub_type in (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
    ):
        row = CONVENTIONS[sub_type]
        assert row["crowd"] in ("actor1", "actor2")
        assert row[row["crowd"]].startswith(("Protesters", "Rioters"))


def test_roles_can_be_switched_off(pipeline):
    from wirecoder import service

    settings = service.load_settings(overrides={"stages.actor_roles.conventions": "false"})
    nlp = service.make_pipeline(settings)
    from wirecoder.doc import Article

    art = nlp(
        Article(
            id="x",
            text="Thousands of people marched through the streets of Lagos on Monday to protest "
            "against fuel price increases, witnesses said.",
        )
    )
    ev = _by_type(art, "Peaceful protest")
    assert ev.actor1 is None or ev.actor1.canonical != "Protesters (Nigeria)" or ev.actor1.name


def test_roles_arrest_without_agent_is_made_by_the_police_of_the_events_country(code):
    text = "Twelve people were arrested in Karachi on Friday after a rally turned violent, officials said."
    ev = _by_type(code(text, published="2019-03-02"), "Arrests")
    assert ev.actor1.canonical == "Police Forces of Pakistan" and ev.actor1.inter == 1
    assert ev.actor1.name == ""
    assert ev.actor2.canonical == "Civilians (Pakistan)"


def test_roles_police_firing_at_protesters_stay_the_state_side(code):
    text = (
        "Police fire tear gas at Nairobi protest\n\nPolice in Kenya fired tear gas at hundreds of protesters in "
        "Nairobi on Tuesday, witnesses said. The demonstrators were marching against rising food prices."
    )
    ev = _by_type(code(text, published="2020-01-15"), "Protest with intervention")
    assert ev.actor1.canonical == "Protesters (Kenya)"
    assert ev.actor2.canonical == "Police Forces of Kenya"
    assert all(a.name != "Nairobi" for a in (ev.actor1, ev.actor2, *ev.associated_actors))


def test_roles_unnamed_state_forces_belong_to_the_events_country(code):
    text = "Junta forces killed 20 civilians in central Mali on Sunday. The Bangladesh Army said it arrested five men."
    ev = _by_type(code(text, published="2023-03-06"), "Attack")
    assert ev.location.country_code == "ML"
    assert ev.actor1.canonical == "Military Forces of Mali"


def test_roles_a_town_the_tagger_took_for_a_person_is_no_actor(code):
    text = (
        "Taliban attack checkpoint in Helmand\n\nTaliban fighters attacked an army checkpoint in Lashkar Gah on "
        "Friday, sparking a clash that killed three soldiers, a provincial spokesman said."
    )
    ev = _by_type(code(text, published="2020-01-18"), "Armed clash")
    assert ev.actor1.canonical == "Taliban"
    assert all(a.name != "Lashkar Gah" for a in (ev.actor1, ev.actor2, *ev.associated_actors) if a is not None)


def test_roles_a_town_the_tagger_took_for_an_organisation_is_no_actor(code):
    # the tagger makes "El Fasher" an ORG the knowledge base does not know; the place stage finds the town
    text = "The Rapid Support Forces shelled El Fasher in North Darfur, killing 30 civilians, medics said."
    art = code(text, published="2025-10-13")
    ev = next(e for e in art.events if e.event_type == "Explosions/Remote violence")
    assert ev.actor1.canonical == "Rapid Support Forces"
    assert all(a.name != "El Fasher" for a in (ev.actor1, ev.actor2, *ev.associated_actors) if a is not None)


# --------------------------------------------------------------------------- statements of responsibility


@pytest.mark.parametrize(
    ("statement", "perpetrator"),
    [
        # responsibility held, in a relative clause pointing back to the incident
        ("Nobody was hurt in this incident, for which the Taliban are being held responsible.", "Taliban"),
        # responsibility stated by others, for the event named by its own word
        ("Police said the Islamic State group was responsible for the bombing.", "Islamic State"),
        # the event blamed on a group, the preposition hung on the event noun by the parse
        ("Provincial officials blamed the bombing on Boko Haram.", "Boko Haram"),
    ],
)
def test_roles_statement_of_responsibility_names_the_perpetrator_of_the_event_told_before(code, statement, perpetrator):
    text = (
        "A bomb hidden in a cart exploded at a bus station in the town on Monday, destroying two buses, "
        "witnesses said.\n\n" + statement
    )
    ev = _by_type(code(text, published="2019-05-06"), "Remote explosive/landmine/IED")
    assert perpetrator.lower() in ev.actor1.canonical.lower()


@pytest.mark.parametrize(
    "statement",
    [
        "Police said the Taliban were not responsible for the bombing.",
        "Police denied that the Taliban were responsible for the bombing.",
        "Officials said the Taliban will be held responsible for any further attack.",
        "Is the Taliban responsible for the bombing?",
    ],
)
def test_roles_denied_or_unreal_statements_name_nobody(code, statement):
    text = (
        "A bomb hidden in a cart exploded at a bus station in Jalalabad on Monday, destroying two buses, "
        "witnesses said.\n\n" + statement
    )
    ev = _by_type(code(text, published="2019-05-06"), "Remote explosive/landmine/IED")
    assert ev.actor1.canonical.startswith("Unidentified Armed Group")


def test_roles_the_victim_in_the_event_phrase_is_not_who_did_it(code):
    text = (
        "Gunmen shot dead the Colombian minister of justice in Bogota on Monday, police said.\n\n"
        "Carlos Lehder was responsible for the assassination of the Colombian minister of justice, police said."
    )
    ev = _by_type(code(text, published="1984-05-01"), "Attack")
    assert ev.actor1 is None or "Government" not in (ev.actor1.canonical or "")


def test_roles_a_group_noun_standing_for_the_dominant_group_claims_for_it(code):
    text = (
        "SAN SALVADOR - A bomb exploded outside a power station in San Salvador on Monday, destroying a "
        "transformer, police said.\n\n"
        "The FMLN has stepped up its campaign against the power grid. The FMLN said last week it would "
        "continue.\n\n"
        "The rebels claimed responsibility for the bombing in a radio broadcast."
    )
    ev = _by_type(code(text, published="1989-11-14"), "Remote explosive/landmine/IED")
    assert ev.actor1.canonical == "Farabundo Marti National Liberation Front"


def test_roles_the_group_the_article_shows_acting_did_its_unattributed_attacks_nearby(code):
    """Discourse: one named group acting in the article is the perpetrator of its unattributed violence in
    the same region; an unclaimed bombing in another state stays unidentified."""
    text = (
        "MAIDUGURI, Nigeria (Reuters) - Boko Haram fighters attacked the village of Alagarno in Borno State on "
        "Tuesday, killing 20 people, residents said.\n\n"
        "Gunmen also abducted 30 women from the village of Shawa in Borno State on Wednesday, a local official "
        "said.\n\n"
        "In Kano, a bomb exploded at a bus station on Thursday, killing five people, police said."
    )
    art = code(text, published="2014-06-26")
    assert _by_type(art, "Abduction/forced disappearance").actor1.canonical == "Boko Haram"
    assert _by_type(art, "Remote explosive/landmine/IED").actor1.canonical == "Unidentified Armed Group (Nigeria)"


def test_roles_the_attackers_state_forces_fight_are_the_group_the_article_shows_acting(code):
    """Discourse on the target side: the unnamed attackers that security forces kill after a claimed attack in the
    same city are the group that claimed it."""
    text = (
        "MOGADISHU, Aug 3 (Reuters) - A suicide bomber blew himself up at a popular beach restaurant in the Somali "
        "capital Mogadishu on Friday evening, and gunmen then stormed the building, killing at least 32 people, "
        "police said on Saturday.\n\n"
        "Police officer Mohamed Hussein said security forces killed five attackers after a siege that lasted "
        "several hours. Al Qaeda-linked al Shabaab said in a statement it carried out the attack."
    )
    clash = _by_type(code(text, published="2024-08-03"), "Armed clash")
    assert clash.actor1.canonical.startswith("Military Forces of Somalia")
    assert clash.actor2.canonical == "al-Shabaab"


def test_roles_protesters_take_the_country_of_the_articles_places_when_the_event_has_none(code):
    """Lower-case Indian copy whose protest has no place of its own: the country comes from the article's
    places ("new delhi"), so the crowd is "Protesters (India)", never a bare "Protesters"."""
    text = (
        "new delhi: irate samajwadi party members on friday staged a noisy walkout in lok sabha taking strong "
        "exception to the rejection of their notice of adjournment motion by the chair."
    )
    ev = _by_type(code(text, published="2002-03-15"), "Peaceful protest")
    assert ev.actor1.canonical == "Protesters (India)"
    assert ev.actor1.country == "IN" and ev.actor1.inter == 6


def test_roles_gunmen_are_not_the_state_forces_that_act_elsewhere_in_the_article(code):
    """State forces acting in the article do not become the perpetrator of its unattributed attacks."""
    text = (
        "KANDAHAR, Afghanistan (Reuters) - Afghan troops killed 12 insurgents in a raid in Kandahar province on "
        "Tuesday, the army said.\n\n"
        "Gunmen also shot dead two villagers in Kandahar province on Wednesday, police said."
    )
    ev = _by_type(code(text, published="2017-05-03"), "Attack")
    assert ev.actor1.canonical == "Unidentified Armed Group (Afghanistan)"


def test_roles_a_country_named_as_a_party_to_violence_is_its_military(code):
    # ACLED codes the state's armed forces for its strikes; the government stays the party of a deal
    art = code(
        "Russia launched 120 missiles and 90 drones at Ukraine's power grid on Sunday, killing two people in "
        "Mykolaiv, the governor said.",
        published="2024-11-17",
    )
    strikes = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert strikes and all(e.actor1.canonical == "Military Forces of Russia" and e.actor1.inter == 1 for e in strikes)
    assert strikes[0].actor1.name == "Russia"  # as the text names it
    deal = code(
        "The Russian government said on Sunday it had agreed to talks with Ukraine in Istanbul.", published="2024-11-17"
    )
    assert [e.actor1.canonical for e in deal.events if e.actor1] == ["Government of Russia"]


def test_roles_an_armed_group_named_on_both_sides_is_the_one_acting(code):
    art = code(
        "Taliban fighters ambushed a Taliban convoy in Helmand on Saturday, killing nine.", published="2017-06-10"
    )
    [ev] = art.events
    assert ev.actor1.canonical == "Taliban" and (ev.actor2 is None or ev.actor2.canonical != "Taliban")


def test_roles_a_civilian_named_on_both_sides_is_the_one_it_happened_to():
    from wirecoder.doc import Event, EventActor
    from wirecoder.kb.actors import load_kb
    from wirecoder.resolve.roles import Conventions, drop_self_opposed

    jesuits = {"name": "JESUIT PRIESTS", "canonical": "Society of Jesus (Jesuits)", "category": "Civilians", "inter": 7}
    ev = Event(
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1=EventActor(**jesuits),
        actor2=EventActor(**jesuits),
    )
    drop_self_opposed(ev, Conventions(load_kb([])))
    assert ev.actor1 is None and ev.actor2.canonical == "Society of Jesus (Jesuits)"


@pytest.mark.parametrize(
    ("sub_type", "inter", "expected"),
    [
        ("Government regains territory", 2, "Non-state actor overtakes territory"),  # a rebel group retakes a town
        ("Government regains territory", 3, "Non-state actor overtakes territory"),
        ("Non-state actor overtakes territory", 1, "Government regains territory"),  # the army takes it back
        ("Government regains territory", 1, "Government regains territory"),
        ("Government regains territory", 7, "Government regains territory"),  # no armed side named: the words decide
        ("Armed clash", 2, "Armed clash"),
    ],
)
def test_roles_who_takes_territory_decides_regains_or_overtakes(code, sub_type, inter, expected):
    # ACLED: only government forces or their affiliates regain territory; a non-state group overtakes it. The
    # actor may be known only at article level (a claim, a re-mention), after the words typed the event.
    from wirecoder.doc import EventActor
    from wirecoder.kb.actors import load_kb
    from wirecoder.resolve.roles import Conventions, apply_conventions

    text = "Soldiers recaptured the town of Gwoza in Borno state on Sunday, residents said."
    art = code(text, published="2014-09-08")
    ev = next(e for e in art.events if e.sub_event_type == "Government regains territory")
    ev.sub_event_type = sub_type
    ev.actor1 = EventActor(name="", canonical="Some Group", category="", inter=inter, country="NG")
    apply_conventions(ev, art, Conventions(load_kb()))
    assert ev.sub_event_type == expected


def test_roles_a_person_of_no_known_group_who_attacks_is_an_unidentified_armed_group(code):
    # ACLED's actors are groups: the attacker the text names only by his own name is coded as an unnamed armed
    # actor of the event's country, the name kept as written (as a private person harmed is "Civilians (X)")
    text = "Police said Ahmed Musa Ibrahim killed four villagers in Maiduguri on Friday before fleeing."
    ev = _by_type(code(text, published="2020-01-18"), "Attack")
    assert ev.actor1.canonical == "Unidentified Armed Group (Nigeria)"
    assert ev.actor1.name == "Ahmed Musa Ibrahim"


def test_roles_an_officer_of_no_known_state_who_attacks_is_the_army_of_the_events_country(code):
    # a military title with no country to give the person's affiliation: the army of the country where it happened
    text = (
        "Colonel Juan Perez ordered the shelling of the village of Kauri in Borno State on Monday, killing six "
        "civilians, witnesses said."
    )
    ev = _by_type(code(text, published="2020-01-18"), "Attack")
    assert ev.actor1.canonical == "Military Forces of Nigeria"
    assert ev.actor1.name == "Colonel Juan Perez"


def test_roles_the_group_acting_somewhere_in_the_country_did_the_unattributed_attacks_told_after_it(code):
    # the group's attack is located only in the country; the abduction told after it, in Borno State, is its too
    text = (
        "Boko Haram fighters attacked several villages in northeastern Nigeria on Monday, killing 12 people, the "
        "army said. Gunmen also abducted 30 women from Gwoza in Borno State on Tuesday, residents said."
    )
    ev = _by_type(code(text, published="2020-01-18"), "Abduction/forced disappearance")
    assert ev.actor1.canonical == "Boko Haram"
    # told before the group is named, the abduction stays unattributed
    text = (
        "Gunmen abducted 30 women from Gwoza in Borno State on Tuesday, residents said. Boko Haram fighters "
        "attacked several villages in northeastern Nigeria on Monday, killing 12 people, the army said."
    )
    ev = _by_type(code(text, published="2020-01-18"), "Abduction/forced disappearance")
    assert ev.actor1.canonical == "Unidentified Armed Group (Nigeria)"


def test_roles_the_subject_claims_not_a_group_in_its_description(code):
    # the claimant is the verb's subject, JNIM, not al Qaeda in the apposition that describes it; the claim also
    # outranks "Islamist militants", a group noun only linked to the article's main group
    text = (
        "Islamist militants attacked an army post in northern Burkina Faso on Sunday, killing 10 soldiers, the army "
        "said.\n\n"
        "Jama'at Nusrat al-Islam wal-Muslimin (JNIM), al Qaeda's affiliate in the Sahel, later claimed "
        "responsibility in a statement posted on social media."
    )
    ev = _by_type(code(text, published="2024-03-04"), "Armed clash")
    assert ev.actor1.canonical == "Jama'at Nusrat al-Islam wal-Muslimin"


def test_roles_a_person_a_crowd_marches_against_is_no_side_of_the_intervention(code):
    # ACLED's other side of a protest met with force is the force; the president is what the crowd is against
    text = (
        "Thousands of young people marched through central Nairobi on Tuesday chanting slogans against President "
        "William Ruto, and police fired tear gas and water cannon to disperse them near parliament."
    )
    protests = [e for e in code(text, published="2024-06-26").events if e.event_type == "Protests"]
    assert protests
    for ev in protests:
        sides = {a.canonical for a in (ev.actor1, ev.actor2) if a is not None}
        assert "William Ruto" not in sides and "Protesters (Kenya)" in sides


def test_roles_a_named_group_that_has_not_claimed_is_still_the_one_the_report_names(code):
    # "the ELN did not claim responsibility" says only that the ELN has not claimed; the police named it
    text = (
        "BOGOTA, July 16 (Reuters) - Rebels from the National Liberation Army (ELN) attacked a police station with "
        "explosives in the Colombian town of Tame on Tuesday, killing two police officers, the national police "
        "said.\n\n"
        "President Gustavo Petro condemned the attack. The ELN did not claim responsibility."
    )
    (ev,) = [e for e in code(text, published="2024-07-16").events if e.is_news]
    assert ev.actor1 is not None and ev.actor1.canonical == "National Liberation Army (ELN)"


def test_roles_an_incident_set_apart_does_not_take_the_groups_name(code):
    # "In a separate attack" tells another incident: the TTP, named for the checkpoint attack, is not its perpetrator
    text = (
        "PESHAWAR, Pakistan, Nov 20 (Reuters) - Militants of the Pakistani Taliban attacked a police checkpoint in "
        "Bannu district of Khyber Pakhtunkhwa province overnight, killing six policemen, officials said.\n\n"
        "In a separate attack on Tuesday, a roadside bomb hit a police van in North Waziristan, killing one officer."
    )
    events = [e for e in code(text, published="2024-11-20").events if e.is_news]
    bomb = next(e for e in events if e.sub_event_type == "Remote explosive/landmine/IED")
    assert bomb.actor1 is None or "Taliban" not in (bomb.actor1.canonical or "")
