"""Tests for the resolve_fatalities stage: deaths only, counted once, summed by victim group, right event."""

from __future__ import annotations

from wirecoder.resolve.fatalities import ResolveFatalities

from ._helpers import analysed, event


def _toll(nlp, text, *events):
    art = analysed(nlp, text)
    art.events = [event(text, *e) if isinstance(e, tuple) else event(text, e) for e in events]
    ResolveFatalities()(art)
    return [e.fatalities for e in art.events]


def test_fatalities_deaths_not_injuries(nlp):
    (f,) = _toll(nlp, "A car bomb killed 12 people and wounded 30 others in the market.", "bomb")
    assert (f.low, f.best, f.high) == (12, 12, 12)
    assert "killed 12 people" in f.text


def test_fatalities_done_to_death_is_death(nlp):
    (f,) = _toll(nlp, "Two protesters were shot to death during clashes outside the party offices.", "clashes")
    assert f.best == 2
    (f,) = _toll(nlp, "Four villagers were hacked to death and two were shot dead.", "hacked")
    assert f.best == 6
    # with no number: a singular victim of "V to death" is one death, as of "killed"
    (f,) = _toll(nlp, "A trader was stabbed to death in the market on Monday.", "stabbed")
    assert f is not None and f.best == 1
    (f,) = _toll(nlp, "Gunmen threatened to beat the trader to death in the market.", "beat")
    assert f is None or not f.best


def test_fatalities_herders_traders_and_thieves_are_people(nlp):
    # the people nouns of conflict reporting beyond soldiers and civilians (units.en.tsv)
    (f,) = _toll(nlp, "Bandits killed 12 herders in the village on Monday.", "killed")
    assert f is not None and f.best == 12
    (f,) = _toll(nlp, "A suspected thief was beaten to death in the market on Monday.", "beaten")
    assert f is not None and f.best == 1


def test_fatalities_an_exclusive_bound_is_coded_by_its_number(nlp):
    # ACLED codes "more than 100 killed" as 100 (the quantity itself reads the bound as 101 at least)
    (f,) = _toll(nlp, "More than 100 pro-government fighters were killed in the overnight raids.", "raids")
    assert (f.low, f.best) == (100, 100)
    (f,) = _toll(nlp, "At least 100 fighters were killed in the raids.", "raids")
    assert (f.low, f.best) == (100, 100)


def test_fatalities_a_death_told_as_a_cause_is_no_toll(nlp):
    text = "Violent clashes in Paris over the police killing of a Chinese man left three officers injured."
    (f,) = _toll(nlp, text, ("clashes", 0, "Riots"))
    assert f.best == 0
    text = "The attacks on the students were prompted by the death of a local teenager."
    (f,) = _toll(nlp, text, ("attacks", 0, "Violence against civilians"))
    assert f.best == 0
    (f,) = _toll(nlp, "Police said the killing of a local teenager on Monday was an attack.", "attack")
    assert f.best == 1


def test_fatalities_not_people_aboard_or_vehicles(nlp):
    text = ("Jets struck the convoy of 17 vehicles, which had about 300 fighters aboard. "
            "About 85 fighters were killed.")
    (f,) = _toll(nlp, text, "struck")
    assert f.best == 85


def test_fatalities_repeated_toll_counted_once(nlp):
    text = ("Air strike kills 20 civilians in Idlib.\n\n"
            "An air strike killed 20 civilians in Idlib on Tuesday, rescuers said. The strike hit a market.")
    (f,) = _toll(nlp, text, ("strike", 0))
    assert f.best == 20


def test_fatalities_victim_groups_summed(nlp):
    (f,) = _toll(nlp, "Gunmen attacked the post, killing five soldiers and three civilians.", "attacked")
    assert f.best == 8


def test_fatalities_vague_yields_to_specific_and_conservative(nlp):
    text = ("The coalition has killed dozens of militants, the military said.\n\n"
            "The military said about 85 fighters had been picked off.")
    (f,) = _toll(nlp, text, "killed")
    assert (f.best, f.high) == (85, 85)
    (g,) = _toll(nlp, "Dozens of militants were killed in an airstrike.", "airstrike")
    assert (g.low, g.best) == (12, 12)  # ACLED codes "dozens" as 12


def test_fatalities_attach_to_the_right_event(nlp):
    text = ("Rebels ambushed an army patrol near the border, killing seven soldiers. "
            "Separately, jets bombed a bridge outside the city.")
    ambush, bridge = _toll(nlp, text, "ambushed", "bombed")
    assert ambush.best == 7
    assert (bridge.low, bridge.best, bridge.high, bridge.text) == (0, 0, 0, None)


def test_fatalities_a_separate_incident_keeps_its_toll(nlp):
    # the bodies found "in a separate incident" are not the party attack's dead, though no event of their own
    # sentence takes them
    text = ("Gunmen burst into a party in the central Mexican state of Guanajuato and opened fire, killing 12 "
            "people. The attack took place in the town of Salvatierra. In a separate incident, police in the "
            "neighboring state of Michoacan said they had found the bodies of five men near the city of Uruapan.")
    party, remention = _toll(nlp, text, "opened fire", "attack")
    assert party.best == 12
    assert remention.best == 0 and remention.text is None
    # without the marker the next sentence's toll is still the nearest event's
    plain = text.replace("In a separate incident, police", "Police")
    assert _toll(nlp, plain, "opened fire", "attack")[1].best == 5


def test_fatalities_non_asserted_events_get_none(nlp):
    text = "The coalition has not targeted the convoy itself."
    art = analysed(nlp, text)
    art.events = [event(text, "targeted", modality="negated")]
    ResolveFatalities()(art)
    assert art.events[0].fatalities is None


def test_fatalities_explicit_zero(nlp):
    (f,) = _toll(nlp, "A bomb exploded near the market but no one was killed.", "exploded")
    assert f.best == 0 and f.text


def test_fatalities_named_and_singular_victims(nlp):
    (f,) = _toll(nlp, "Gunmen shot dead the mayor on Friday. The mayor was killed outside his home.", "shot")
    assert f.best == 1
    (g,) = _toll(nlp, "Guerrillas murdered Jose Perez and his driver near the town.", "murdered")
    assert g.best == 2
    (h,) = _toll(nlp, "The party leader, who was kidnapped last week, was found dead.", "kidnapped")
    assert h.best == 1


def test_fatalities_intended_or_alleged_killings_are_not_deaths(nlp):
    (f,) = _toll(nlp, "The cartel attacked a court after it had sworn to kill 10 judges.", "attacked")
    assert f.best == 0
    (g,) = _toll(nlp, "Police raided a house. They revealed a plan to murder him.", "raided")
    assert g.best == 0


def test_fatalities_cumulative_tolls_are_not_an_events_toll(nlp):
    text = "Rebels attacked a base, in a war that has left 70,000 dead in nine years."
    (f,) = _toll(nlp, text, "attacked")
    assert f.best == 0


def test_fatalities_seed_strikes_and_bridge(seed_article):
    """The seed: about 85 IS fighters picked off (the strikes), the bridge bombing with no deaths."""
    strikes = [e for e in seed_article.events if e.modality == "asserted" and e.fatalities and e.fatalities.best]
    assert 85 in [e.fatalities.best for e in strikes]
    assert any("85" in e.fatalities.text for e in strikes)
    bridge = [e for e in seed_article.events if e.trigger is not None and e.trigger.text == "bombing"]
    assert bridge and all(e.fatalities.best == 0 for e in bridge)


def test_stages_survive_odd_input(nlp):
    from wirecoder.doc import Article
    from wirecoder.mentions.quantities import QuantityMentions
    from wirecoder.mentions.times import TimeMentions
    from wirecoder.resolve.dates import ResolveDates

    for text in ["", "   ", "1234567890 " * 50, "Die Regierung hat am Montag 12 Soldaten verloren.", "\u0000\ufffd"]:
        art = Article(id="odd", text=text)
        art.doc = nlp(text)
        TimeMentions()(art)
        QuantityMentions()(art)
        ResolveDates()(art)
        ResolveFatalities()(art)
        assert art.published is None
    art = Article(id="nodoc", text="Six soldiers were killed yesterday.")
    TimeMentions()(art)
    QuantityMentions()(art)
    assert [q.best for q in art.mentions.quantities] == [6]


def test_fatalities_killed_or_wounded_are_not_deaths(nlp):
    (f,) = _toll(nlp, "Dozens of people were killed or wounded when a car bomb exploded at the gate.", "exploded")
    assert f.best == 0
    (g,) = _toll(nlp, "A car bomb exploded at the gate, killing four guards and wounding nine.", "exploded")
    assert g.best == 4


def test_fatalities_subset_of_a_toll_is_not_added(nlp):
    (f,) = _toll(nlp, "Gunmen stormed a hotel, killing at least 19 people, including 17 foreigners.", "stormed")
    assert f.best == 19


def test_fatalities_killed_part_of_a_group_is_a_toll(nlp):
    # "two of the attackers" is the object of "killed": the toll, not a part of a toll told elsewhere
    (raid,) = _toll(nlp, "The army said soldiers later killed two of the attackers in a raid on a camp.", "raid")
    assert raid.best == 2
    (ambush,) = _toll(nlp, "Rebels ambushed a convoy. Two of the attackers were killed.", "ambushed")
    assert ambush.best == 2
    # a part of the dead stays a part of the toll told before, whatever verb it has
    (clash,) = _toll(nlp, "Six people were killed in clashes. Three of the dead were killed in Chittagong.", "clashes")
    assert clash.best == 6
    # the subject of a description stays a part of the toll stated before
    (attack,) = _toll(nlp, "Gunmen attacked a bus, killing nine people. One of the people killed was a child.",
                      "attacked")
    assert attack.best == 9


def test_fatalities_a_singular_nationality_noun_is_one_victim(nlp):
    (raid,) = _toll(nlp, "Israeli troops shot dead a 17-year-old Palestinian during a raid in Nablus.", "shot dead")
    assert raid.best == 1
    (fire,) = _toll(nlp, "A Palestinian was killed by Israeli fire in Nablus on Monday.", "killed")
    assert fire.best == 1


def test_fatalities_beaten_to_death_with_the_count_between(nlp):
    (mob,) = _toll(nlp, "Villagers beat two men to death in Jharkhand on Friday.", "beat")
    assert mob.best == 2
    (raid,) = _toll(nlp, "Gunmen hacked 12 villagers to death in a raid on Monday.", "hacked")
    assert raid.best == 12
    (police,) = _toll(nlp, "Police beat two protesters with batons on Friday.", "beat")
    assert police.best == 0


def test_fatalities_size_of_a_place_is_not_a_toll(nlp):
    (f,) = _toll(nlp, "The raid set off hours of fighting, killing 12 soldiers on a base of about 60.", "raid")
    assert f.best == 12


def test_fatalities_short_duration_is_the_incidents_length(nlp):
    (f,) = _toll(nlp, "Three soldiers were killed in a 2-hour clash near the river.", "clash")
    assert f.best == 3


def test_is_cumulative_statement(nlp):
    from wirecoder.resolve.fatalities import is_cumulative_statement

    def cumulative(text, count):
        art = analysed(nlp, text)
        i = text.index(count)
        return is_cumulative_statement(art, i, i + len(count))

    assert cumulative("The provincial governor said the rebels had killed at least 9,000 people so far.", "9,000")
    assert cumulative("Officials said the uprising, which has killed thousands of people, must end.", "thousands")
    assert cumulative("The war has killed 40,000 people.", "40,000")
    assert cumulative("Hundreds have been killed.", "Hundreds")
    assert cumulative("Militants have killed 30 people this month in the province.", "30")
    assert cumulative("At least 23 were killed in separate attacks in the north.", "23")
    assert cumulative("The conflict has killed nearly 15,000 people since the war began.", "15,000")
    assert not cumulative("Rebels ambushed a convoy on Monday, killing 12 soldiers, the army said.", "12")
    assert not cumulative("The bombing, the deadliest since 2015, killed 20 people.", "20")
    assert not cumulative("Scores of people have been killed in a suicide attack on a market.", "Scores")
    # a count of incidents makes their toll a sum; a count of people does not
    assert cumulative("Moscow retaliated with dozens of attacks in which at least 10 civilians were killed.", "10")
    assert not cumulative("Dozens of people were killed or wounded in a car bombing in the port on Sunday.", "Dozens")
    # a trigger span: the clause of a running total
    text = "The insurgents have killed 500 civilians so far."
    assert is_cumulative_statement(analysed(nlp, text), text.index("killed"), text.index("killed") + 6)


def test_fatalities_event_that_is_a_running_total_gets_none(nlp):
    text = ("Jets struck a depot on Monday, killing three guards. "
            "The governor said the rebels had killed at least 9,000 people so far.")
    depot, total = _toll(nlp, text, ("struck", 0, "Explosions/Remote violence"), ("killed", 0, "Battles"))
    assert depot.best == 3
    assert total is None
    # an event only set in a running total keeps its own (zero) toll
    (f,) = _toll(nlp, "Rebels attacked a base, in a war that has left 70,000 dead in nine years.", "attacked")
    assert f is not None and f.best == 0


def test_fatalities_a_killing_noun_states_its_counted_victims_death(nlp):
    # "the killing of 3 members": the count's governor is a killing noun (casualties.en.tsv), not the verb above it
    text = ("The killing of three members of the movement in Sonsonate was carried out by soldiers of the 6th "
            "military detachment in front of witnesses.")
    (f,) = _toll(nlp, text, ("killing", 0, "Violence against civilians"))
    assert f.best == 3
    text = "Students in Havana condemned the assassination of four priests at the university on Thursday."
    (f,) = _toll(nlp, text, ("assassination", 0, "Violence against civilians"))
    assert f.best == 4


def test_fatalities_a_parent_of_n_is_one_death(nlp):
    (f,) = _toll(nlp, "A mother of three was shot dead by gunmen in Kaduna on Monday, police said.", "shot dead")
    assert f.best == 1
    (f,) = _toll(nlp, "Gunmen stormed the farm on Sunday and killed a father of eight.", "killed")
    assert f.best == 1


def test_fatalities_resultative_leave_states_the_effect(nlp):
    # "left X dead": the complement says what happened to the counted people ("leave" alone states no casualty)
    text = ("Illustrating the dangers, a gun battle on the eve of Obama's arrival left one soldier dead "
            "in the Pacific coast state of Guerrero, officials said.")
    (f,) = _toll(nlp, text, ("gun battle", 0, "Battles"))
    assert f.best == 1
    (f,) = _toll(nlp, "The car bomb left 12 people wounded near the market.", "bomb")
    assert f.best == 0
    (f,) = _toll(nlp, "The shelling left 300 families homeless in the district.", "shelling")
    assert f.best == 0


def test_fatalities_upper_case_victim_named_by_the_actor_stage(nlp):
    """In upper-case wire copy the truecased parse loses the victim's name ("oqueli colindres" as common nouns);
    the person name the actor stage found on the capitals counts the one death."""
    from wirecoder.analysis.nlp import is_upper_case, truecase
    from wirecoder.mentions.actors import make_actor_mentions
    from wirecoder.resolve.fatalities import implicit_deaths

    text = ("SAN SALVADOR, 20 NOV 89 -- [TEXT] SEVERAL SECTORS HAVE CONDEMNED THE MURDER OF HECTOR OQUELI "
            "COLINDRES.")
    art = analysed(nlp, text)
    art.upper_case = is_upper_case(text)
    art.doc = nlp(truecase(text))
    make_actor_mentions({})(art)
    assert art.upper_case and any(m.kind == "person" for m in art.mentions.actors)
    assert [c for c, *_ in implicit_deaths(art)] == [1]
    art.events = [event(text, "MURDER", event_type="Violence against civilians")]
    ResolveFatalities()(art)
    assert art.events[0].fatalities.best == 1
    assert implicit_deaths(art, titled=False) == []  # the setting turns the upper-case name rules off


def test_fatalities_a_part_of_the_dead_already_counted_is_not_added(nlp):
    # "four of them" stands for four of the seven just counted: the toll is seven, not eleven
    (f,) = _toll(nlp, "Insurgents killed at least seven civilians, beheading four of them, in a raid on the village.",
                 "raid")
    assert f is not None and f.best == 7
    # a pronoun standing for a group no count has told: the five are the toll
    (f,) = _toll(nlp, "Troops clashed with the insurgents near the river, killing five of them.", "clashed")
    assert f is not None and f.best == 5


def test_fatalities_office_holders_and_rangers_are_people(nlp):
    # a single victim named by an office or rank noun is one death (units.en.tsv)
    (f,) = _toll(nlp, "Suspected insurgents shot dead a village headman in Pattani province on Thursday.", "shot")
    assert f is not None and f.best == 1
    (f,) = _toll(nlp, "A roadside bomb killed a ranger on patrol in Narathiwat on Friday.", "bomb")
    assert f is not None and f.best == 1


def test_fatalities_a_count_in_a_relative_clause_is_not_the_main_clauses_death(nlp):
    # the 200 were abducted; the one who died is the father the relative clause tells about
    text = ("A father of eight, whose two daughters were among the over 200 schoolgirls abducted in Chibok, has "
            "died of a heart attack.")
    (f,) = _toll(nlp, text, "abducted")
    assert f is None or f.best is None or f.best < 200


def test_fatalities_two_subjects_of_one_death_verb_are_one_victim(nlp):
    """A parse that gives one death verb two subjects (an apposition or a place it lost) still counts the victim:
    the largest count of them, not nothing."""
    text = ("The 56-year-old man - father of-five Liu Shaoyo - was shot dead on Sunday night in Paris's 19th "
            "arrondissement.")
    (f,) = _toll(nlp, text, ("shot dead", 0, "Violence against civilians"))
    assert f.best == 1
    text = ("Also today in Buenaventura, the major Colombian port on the Pacific coast, judge Sofia de Roldan was "
            "shot to death by hired assassins.")
    (f,) = _toll(nlp, text, ("shot", 0, "Violence against civilians"))
    assert f.best == 1


def test_fatalities_other_figures_for_the_same_dead_in_one_sentence_are_not_added(nlp):
    """Two counts of the same victims in one sentence are an update, a range or a comparison, not more dead: the
    sentence's first figure is its toll. Coordinated groups, coordinated verbs and counts said to be more are still
    added up."""
    cases = [
        ("The death toll rose to 30 from 12 on Monday after the car bomb in the market.", 30),
        ("The car bomb killed 30 people, up from an earlier toll of 12, officials said.", 30),
        ("The car bomb killed at least 25 people and possibly as many as 40, officials said.", 25),
        ("The car bomb killed 25 people, the deadliest attack since 40 people were killed in March.", 25),
        ("The car bomb killed 25 people, bringing to 300 the number killed this month.", 25),
        ("The car bomb killed 25 people and the three attackers, officials said.", 28),
        ("The car bomb killed five soldiers and three civilians on Monday.", 8),
        ("The car bomb killed three people on Monday and two more died in hospital.", 5),
    ]
    for text, best in cases:
        (f,) = _toll(nlp, text, "car bomb")
        assert f.best == best, text
    (f,) = _toll(nlp, "Four villagers were hacked to death and two were shot dead.", "hacked")
    assert f.best == 6
