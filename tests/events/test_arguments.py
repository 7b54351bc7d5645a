"""Event arguments: who is actor1 and actor2 of an event mention (events/arguments.py, issue #13)."""

from __future__ import annotations

import pytest


def _roles(art):
    return [(e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None) for e in art.events]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("The Nigerian army said it killed 20 Boko Haram fighters in Borno on Sunday.", "Nigerian army"),
        ("Al-Shabaab said it attacked the base in Lower Shabelle on Sunday, killing 12 soldiers.", "Al-Shabaab"),
        ("The Taliban said its fighters killed 12 soldiers in an ambush in Helmand on Sunday.", "The Taliban"),
        # a subject the parse hangs on the dateline: "Members" as an apposition of KABUL, or a second subject (the
        # members are named with their organisation)
        ("KABUL (Reuters) - Members of the Taliban attacked a checkpoint in Kandahar on Monday.",
         "Members of the Taliban"),
        ("KABUL -- Members of the Taliban attacked a checkpoint in Kandahar on Monday.", "Members of the Taliban"),
    ],
)
def test_arguments_the_agent_is_actor1_whatever_the_parse_hangs_it_on(code, text, actor1):
    # a group reporting its own deed ("said it attacked", "its fighters") and a subject the parse took for part
    # of the dateline are the agent
    art = code(text, published="2019-01-08")
    assert [a1 for a1, _ in _roles(art)] == [actor1]


@pytest.mark.parametrize(
    "text",
    [
        # the reporter is a source, not an actor mention: the pronoun is left alone
        "Officials said they arrested five men in Kano on Monday.",
        # no reporting verb above the pronoun
        "They attacked the village of Gwoza on Monday, killing nine people.",
    ],
)
def test_arguments_a_pronoun_without_a_reporting_actor_names_nobody(code, text):
    art = code(text, published="2019-01-08")
    assert art.events and all(a1 in (None, "") for a1, _ in _roles(art))


def test_arguments_the_possessor_of_a_murder_is_its_victim(code):
    art = code("The bishop condemned Oscar Romero's murder in San Salvador on Monday.", published="1989-11-14")
    [(actor1, actor2)] = _roles(art)
    assert actor1 in (None, "") and "Romero" in actor2


def test_arguments_the_possessor_of_an_attack_is_its_agent(code):
    art = code("The Taliban's attack on a checkpoint in Helmand on Monday killed 12 soldiers.", published="2019-01-08")
    assert _roles(art) == [("The Taliban", "soldiers")]


@pytest.mark.parametrize(
    "text",
    [
        "CAIRO (AP) — Hundreds of thousands thronged the streets of Cairo on Sunday and marched on the palace.",
        "BEIRUT (Reuters) - Hundreds of protesters marched on parliament in central Beirut on Sunday.",
    ],
)
def test_arguments_the_dateline_is_no_actor(code, text):
    # the parse may take "CAIRO (AP)" for the subject: the place and agency filing the report act in no event
    art = code(text, published="2013-06-30")
    assert art.events
    names = {a.name for e in art.events for a in (e.actor1, e.actor2, *e.associated_actors) if a is not None}
    assert not names & {"CAIRO", "AP", "BEIRUT", "Reuters"}, names


def test_arguments_a_particle_trigger_takes_the_arguments_of_its_verb(code):
    # "blew up" anchored at the particle "up": the verb's subject is still the agent
    art = code(
        "The FMLN last night blew up the administrative offices of a seaside resort in La Paz department.",
        published="1988-10-12",
    )
    assert [a1 for a1, _ in _roles(art)] == ["FMLN"]


def test_arguments_the_by_agent_of_another_trigger_word_is_actor1_not_actor2(code):
    # "held hostage by FMLN guerrillas" inside the object of "evacuate": the agent is who holds the hostages
    art = code(
        "Armored vehicles were used yesterday to evacuate the 20 people being held hostage by FMLN guerrillas at "
        "the Sheraton Hotel in San Salvador.",
        published="1989-11-21",
    )
    [(actor1, actor2)] = _roles(art)
    assert actor1 == "FMLN guerrillas" and actor2 != actor1


@pytest.mark.parametrize(
    ("text", "published", "victim"),
    [
        (
            "The ruling party today condemned the murder of Presidency Minister Antonio Rodriguez Porth in "
            "San Salvador.",
            "1989-06-09",
            "Rodriguez",
        ),
        ("Police are investigating the kidnapping of two engineers in Kaduna on Monday.", "2019-01-08", "engineers"),
        # the by agent inside the phrase is no victim
        (
            "This action is similar to the assassination of the six Jesuit priests perpetrated in San Salvador on "
            "16 November 1989 by the Salvadoran Army.",
            "1990-01-10",
            "Jesuit",
        ),
    ],
)
def test_arguments_the_of_phrase_of_a_patient_noun_is_its_victim(code, text, published, victim):
    # the objective genitive: "the murder of X" was done to X, who is actor2 and never the agent
    art = code(text, published=published)
    assert art.events
    actor1, actor2 = _roles(art)[0]
    assert actor2 is not None and victim in actor2 and (actor1 is None or victim not in actor1)


def test_arguments_the_of_phrase_of_a_demanded_arrest_names_no_arrestee(code):
    # "arrest" is left out: reports name arrests as demanded or warranted more often than as done
    art = code(
        "Their demands include the arrest and trial of Rao Anwar, a former police officer in Karachi.",
        published="2018-02-01",
    )
    assert all(a2 is None or "Anwar" not in a2 for _, a2 in _roles(art))


def test_arguments_victims_coordinated_with_actor2_are_its_associated_actors(code):
    art = code("Gunmen killed a judge and his two bodyguards in Medellin on Monday.", published="1989-07-03")
    (ev,) = [e for e in art.events if e.is_news]
    assert ev.actor2 is not None and ev.actor2.name == "judge"
    assert [a.name for a in ev.associated_actors_2] == ["bodyguards"]
    # and the ACLED-style row names them in assoc_actor_2
    from wirecoder.export.rows import event_row

    record = art.to_record()
    row = event_row(record["article"], record["events"][0])
    assert row["assoc_actor_2"] and "Civilians" in row["assoc_actor_2"]
    # one actor alone has no associates
    art = code("Gunmen killed a judge in Medellin on Monday.", published="1989-07-03")
    assert [e.associated_actors_2 for e in art.events if e.is_news] == [[]]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        (
            "Police said the number of terrorists who attacked the police station in Ayacucho on Monday is not known.",
            "terrorists",
        ),
        (
            "The bishop spoke of the Salvadoran army, which murdered six Jesuit priests in San Salvador on 16"
            " November.",
            "Salvadoran army",
        ),
    ],
)
def test_arguments_a_relative_pronoun_stands_for_the_armed_group_it_follows(code, text, actor1):
    art = code(text, published="1989-11-20")
    assert actor1 in [a1 for a1, _ in _roles(art)]


def test_arguments_a_present_relative_clause_names_no_agent(code):
    # "the police who kidnap and torture": a characterising clause, no past deed told of the police
    art = code(
        "The rebels said their aim was to fight the police who kidnap and murder their members in Medellin.",
        published="1990-04-26",
    )
    assert all(a1 in (None, "") or "police" not in a1.lower() for a1, _ in _roles(art))


def test_arguments_a_re_mention_naming_other_victims_adds_associated_actors_of_actor2(code):
    # the second mention of the bombing names whom it wounded: kept beside actor2 (ACLED's assoc_actor_2)
    art = code(
        "A bomb exploded at the home of Francisco Merino in San Salvador on Monday. Two children were wounded in"
        " the explosion.",
        published="1989-04-15",
    )
    (ev,) = [e for e in art.events if e.is_news]
    assert ev.actor2 is not None and ev.actor2.name == "Francisco Merino"
    assert [a.name for a in ev.associated_actors_2] == ["children"]


def test_arguments_a_battle_re_mention_adds_no_associated_actor_of_actor2(code):
    # in a battle a re-mention may name the other side: "the militants were repelled by the soldiers"
    art = code(
        "Taliban fighters stormed an army checkpoint in Farah on Saturday. The militants were repelled by the"
        " soldiers.",
        published="2018-02-25",
    )
    assert all(not e.associated_actors_2 for e in art.events if e.is_news)


def test_arguments_a_phrase_in_apposition_to_actor2_is_its_associated_actor(code):
    # the name and the office describe one victim: both are kept (ACLED's assoc_actor_2 names the identity)
    art = code(
        "Gunmen killed Dolores Hinostroza, the mayor of Mulqui district, in Huancayo on Friday.", published="1989-06-30"
    )
    (ev,) = [e for e in art.events if e.is_news]
    assert ev.actor2 is not None and ev.actor2.name == "Dolores Hinostroza"
    assert [a.name for a in ev.associated_actors_2] == ["mayor"]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Shining Path guerrillas threw a bomb at a market in Huaraz on Saturday.", "Shining Path guerrillas"),
        ("LIMA, 7 APR 90 (EFE) -- THE SHINING PATH TERRORISTS HURLED EXPLOSIVES AT A MARKET IN HUARAZ.",
         "SHINING PATH TERRORISTS"),
        ("Urban commandos placed a bomb at the house of the mayor of Usulutan on Monday.", "Urban commandos"),
    ],
)
def test_arguments_who_delivers_the_weapon_is_actor1(code, text, actor1):
    # the weapon noun is the trigger; the subject of the verb that throws, plants or places it is its agent
    art = code(text, published="1990-04-07")
    assert actor1 in [a1 for a1, _ in _roles(art)]


@pytest.mark.parametrize(
    ("text", "victim"),
    [
        ("A bomb exploded in a market in Kirkuk on Monday, wounding two women and a child.", "women"),
        ("Two soldiers were wounded when gunmen attacked a checkpoint in Kirkuk on Monday.", "soldiers"),
        ("SAN SALVADOR, 5 JUL 89 -- URBAN GUERRILLAS ATTACKED TWO POLICE CHECKPOINTS, DAMAGING A PRIVATE "
         "RESIDENCE AND WOUNDING A WOMAN AND A GIRL.", "WOMAN"),
    ],
)
def test_arguments_those_wounded_by_the_event_are_actor2(code, text, victim):
    # "wounding" is too weak a word to make an event of its own clause, but whom it names is the target
    art = code(text, published="1989-07-05")
    assert victim in [a2 for _, a2 in _roles(art)]


def test_arguments_people_hurt_in_a_clause_of_their_own_are_victims_of_the_event_before(code):
    # "were also injured" is too weak to be an event; the people it names were hurt in the bombing told before
    text = ("LIMA, 5 JUL 89 (TELAM) -- A BOMB EXPLODED INSIDE A TOURIST BUS ON A DOWNTOWN LIMA AVENUE TODAY, "
            "KILLING THE DRIVER. THE POLICE REPORTED THAT 10 OTHER PEOPLE WERE ALSO INJURED.")
    art = code(text, published="1989-07-05")
    [bombing] = [e for e in art.events if e.modality == "asserted"]
    assert "PEOPLE" in [a.name for a in bombing.associated_actors_2]


def test_arguments_a_partitive_conjunct_names_the_people_of_its_of_phrase(code):
    # "one of their employees and her child": the number heads the conjunct, the people are in its "of" phrase
    art = code(
        "Gunmen killed four priests and one of their employees and her child in San Salvador on Thursday.",
        published="1989-11-17",
    )
    (ev,) = [e for e in art.events if e.is_news]
    assert ev.actor2 is not None and ev.actor2.name == "priests"
    assert [a.name for a in ev.associated_actors_2] == ["employees", "child"]


def test_arguments_the_victims_of_another_patient_noun_of_the_mention_are_associated_actors(code):
    # one mention, two incidents: the victims the later "murder" happened to join the target side
    art = code(
        "The police linked the gang to the car bomb attack on the newspaper El Espectador and to the murder of"
        " Dr Teofilo Forero Castro, his wife, and two other people in Bogota on Monday.",
        published="1989-09-26",
    )
    victims = [a.name for e in art.events if e.is_news for a in (e.actor2, *e.associated_actors_2) if a is not None]
    assert any("Teofilo Forero Castro" in v for v in victims)
    assert any("wife" in v for v in victims)


@pytest.mark.parametrize(
    ("text", "published", "absent"),
    [
        # the small model parses "strike" as the subject of "told": the news agency told is not what was hit
        (
            "NAIROBI, Aug 21 (Reuters) - A drone strike killed at least 20 people, including children, at a bus "
            "station in Ethiopia's Amhara region on Tuesday, two residents and a health worker told Reuters.",
            "2024-08-21",
            "Reuters",
        ),
        # China only locates the town: it is not what the rebels took the town from
        (
            "BANGKOK, Jan 15 (AP) — An alliance of ethnic armed groups said Monday it had captured the town of "
            "Laukkai on Myanmar's border with China, after weeks of fighting with the military.",
            "2024-01-15",
            "China",
        ),
    ],
)
def test_arguments_who_is_told_or_where_the_target_lies_is_no_target(code, text, published, absent):
    art = code(text, published=published)
    assert art.events
    assert all(a2 != absent for _, a2 in _roles(art))


def test_arguments_its_forces_are_the_state_force_that_reports_them(code):
    # "its" stands for the army that says what its forces did; the army is named by its noun, not a name
    text = ("The RSF shelled a camp in El Fasher in Sudan's North Darfur on Sunday, killing 27 people. The army said "
            "its forces had repelled an RSF assault on the city's eastern front, killing dozens of fighters.")
    art = code(text, published="2024-12-02")
    assert any(e.actor1 is not None and e.actor1.canonical == "Military Forces of Sudan" for e in art.events)


def test_arguments_a_hyphenated_modifier_stays_whole_in_the_victims_name(code):
    art = code("Israeli troops shot dead a 17-year-old Palestinian in Nablus on Monday.", published="2024-07-29")
    assert [a2 for _, a2 in _roles(art)] == ["17-year-old Palestinian"]


def test_arguments_its_forces_are_not_the_dateline_city(code):
    # the parse gives "said" two subjects, the dateline city and the army: "its" is the army's
    text = ("KHARTOUM, Dec 2 (Reuters) - Sudan's army said its forces had repelled an RSF assault on El Fasher on "
            "Sunday, killing dozens of fighters.")
    art = code(text, published="2024-12-02")
    assert any(e.actor1 is not None and e.actor1.canonical == "Military Forces of Sudan" for e in art.events)
    assert all(e.actor1 is None or e.actor1.canonical != "Government of Sudan" for e in art.events)



def test_arguments_a_participle_after_the_verb_of_saying_belongs_to_the_reported_clause(code):
    # "killing" hangs on "said" in the parse; the gunmen killed the staff member, not the police
    text = ("Gunmen stormed a government girls' secondary school in Kebbi state early on Monday and abducted 25 "
            "students, police said, killing a staff member who tried to stop them.")
    news = [e for e in code(text, published="2025-11-17").events if e.is_news]
    assert [(e.sub_event_type, e.actor1.name, e.fatalities.best) for e in news] == [
        ("Abduction/forced disappearance", "Gunmen", 1)
    ]


def test_arguments_those_who_flee_from_fighting_are_not_its_fighters(code):
    # "people had fled from fighting": the subject of "fled" does not reach the gerund under "from"
    text = ("The strike hit the school in the Nuseirat refugee camp, where thousands of people had fled from fighting "
            "elsewhere in the enclave, witnesses said.")
    art = code(text, published="2024-06-06")
    assert art.events
    assert all(e.actor1 is None or e.actor1.name != "people" for e in art.events)


def test_arguments_a_state_force_named_by_its_weapon_is_the_agent_of_its_strikes(code):
    # "warplanes" is both the event's first trigger and the actor's name: the state force acts
    text = "Russian warplanes carried out air strikes on militant hideouts in Syria's Badia desert on Thursday."
    news = [e for e in code(text, published="2022-08-11").events if e.is_news]
    assert [(e.sub_event_type, e.actor1.canonical) for e in news] == [("Air/drone strike", "Military Forces of Russia")]


def test_arguments_forces_named_by_coordinated_modifiers_act_together(code):
    # "U.S. and British warplanes": the first conjunct's force is actor1, the other its associated actor
    text = ("U.S. and British warplanes struck Houthi targets in Yemen early on Friday, hitting military sites in the "
            "capital Sanaa, witnesses said.")
    news = [e for e in code(text, published="2024-01-12").events if e.is_news]
    assert news and all(e.actor1.canonical == "Military Forces of the United States" for e in news)
    assert all([a.canonical for a in e.associated_actors] == ["Military Forces of the United Kingdom"] for e in news)


def test_arguments_they_in_a_speakers_words_is_not_the_speaker(code):
    # "they" stands for a group: in a police chief's quote it is the attackers he tells of, not himself
    text = ('"They threw explosive devices at the police station in Tame and then opened fire," police director '
            "General William Salamanca told a local radio station on Tuesday.")
    art = code(text, published="2024-07-16")
    assert art.events and all(
        "Salamanca" not in ((e.actor1.name or "") if e.actor1 else "") for e in art.events
    )



def test_arguments_a_country_that_locates_a_place_noun_is_no_actor(code):
    # "on the border with Venezuela" places the attack; Venezuela is not its target
    text = ("Rebels attacked a police station in the Colombian town of Tame before dawn on Tuesday, killing two police "
            "officers, the national police said. The attack in Arauca province, on the border with Venezuela, came "
            "two days after the rebels ended a ceasefire.")
    art = code(text, published="2024-07-16")
    named = [e.actor2.mention.text for e in art.events if e.actor2 is not None and e.actor2.mention is not None]
    assert art.events and "Venezuela" not in named
