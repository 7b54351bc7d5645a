"""Article-level events: one row per real event, distinct events kept apart (issue #11)."""

from __future__ import annotations

from wirecoder.doc import ActorMention, Event, EventActor, EventDate, Fatalities, Location, Span
from wirecoder.resolve.dedup import actors_agree, same_time

STRIKES = (
    "Russian missiles struck cities across Ukraine on Sunday, officials said.\n\n"
    "In Mykolaiv, a missile strike on Sunday killed two people, the governor said.\n\n"
    "In Odesa, a missile hit a power plant on Sunday and killed two workers."
)


def test_dedup_strikes_on_two_cities_stay_two_events_and_the_summary_goes(code):
    art = code(STRIKES, published="2024-11-17")
    news = [e for e in art.events if e.is_news]
    places = sorted(e.location.name for e in news)
    assert len(news) == 2 and places == ["Mykolayiv", "Odesa"]  # the city (GeoNames spelling), not the oblast
    assert sorted(e.fatalities.best for e in news) == [2, 2]  # never the sum, never on the summary


def test_dedup_re_mentions_of_one_attack_become_one_event(code):
    text = (
        "Gunmen killed 12 villagers in an attack on Tudun Wada village in Zamfara state on Tuesday, police said.\n\n"
        "The gunmen stormed Tudun Wada on motorcycles on Tuesday and shot villagers, a resident said.\n\n"
        "At least 12 people were killed in the attack on Tudun Wada, a police spokesman said."
    )
    news = [e for e in code(text, published="2021-06-03").events if e.is_news]
    assert len(news) == 1
    assert news[0].fatalities.best == 12 and len(news[0].evidence) >= 2


def test_dedup_the_attacks_may_be_a_mobs(code):
    text = (
        "Five Nigerian students were attacked on Monday by a mob in Greater Noida, police said.\n\n"
        "The attacks were prompted by the death of a local teenager due to a drug overdose."
    )
    news = [e for e in code(text, published="2017-03-28").events if e.is_news]
    assert [e.sub_event_type for e in news] == ["Mob violence"] and len(news[0].evidence) == 2


def test_dedup_time_and_actor_rules():
    def ev(start, end=None, actor=None):
        a1 = EventActor(name=actor, canonical=actor) if actor else None
        return Event(
            event_type="Battles",
            sub_event_type="Armed clash",
            date=EventDate(start, end or start, 1, f"{start} (syntax)"),
            actor1=a1,
            location=Location(name="X"),
            fatalities=Fatalities(best=1),
        )

    assert same_time(ev("2020-01-01"), ev("2020-01-02"), 1)
    assert not same_time(ev("2020-01-01"), ev("2020-01-05"), 1)
    assert same_time(ev("2020-01-01", "2020-01-31"), ev("2020-01-20"), 0)
    unstated = ev("2020-01-09")
    unstated.date.text = "publication date 2020-01-09 (no date stated for this event)"
    assert same_time(ev("2020-01-01"), unstated, 1)
    framed = ev("2020-01-08")  # the day of the sentences before: a frame, not the event's own statement
    framed.date.text = "Wednesday (discourse)"
    assert same_time(ev("2020-01-01"), framed, 1)
    assert actors_agree(ev("2020-01-01", actor="Taliban"), ev("2020-01-01"))
    assert not actors_agree(ev("2020-01-01", actor="Taliban"), ev("2020-01-01", actor="Islamic State"))


def test_dedup_targets_conflict_only_by_proper_name():
    def ev(actor2, kind):
        mention = ActorMention(text=actor2, start=0, end=len(actor2), kind=kind)
        target = EventActor(name=actor2, canonical=actor2 if kind == "name" else None, mention=mention)
        return Event(event_type="Battles", sub_event_type="Armed clash", actor2=target)

    assert actors_agree(ev("fighters", "generic"), ev("people", "generic"))  # one report, many words for victims
    assert actors_agree(ev("Hashd al-Shaabi", "name"), ev("people", "generic"))
    assert not actors_agree(ev("Hashd al-Shaabi", "name"), ev("Kurdish Peshmerga", "name"))


def test_dedup_a_stated_toll_beats_a_mention_that_states_none():
    from wirecoder.resolve.dedup import _fold_fatalities

    silent = Event(fatalities=Fatalities(low=0, best=0, high=0, text=None))
    told = Event(fatalities=Fatalities(low=2, best=2, high=2, text="two people were killed"))
    _fold_fatalities(silent, told)
    assert silent.fatalities.best == 2 and silent.fatalities.text == "two people were killed"
    again = Event(fatalities=Fatalities(low=3, best=3, high=3, text="three killed"))
    _fold_fatalities(again, Event(fatalities=Fatalities(low=5, best=5, high=5, text="five killed")))
    assert (again.fatalities.low, again.fatalities.best, again.fatalities.high) == (3, 3, 5)  # never summed


def test_dedup_a_definite_generic_mention_joins_the_bombing_it_points_back_to(code):
    text = (
        "A suicide bomber blew himself up at a mosque in Kabul on Friday, killing 30 worshippers, police said.\n\n"
        "Later on Friday, the president condemned the attack in Kabul and ordered an inquiry."
    )
    news = [e for e in code(text, published="2017-10-20").events if e.is_news]
    assert [e.sub_event_type for e in news] == ["Suicide bomb"]
    assert len(news[0].evidence) == 2  # the condemnation's "the attack" is evidence of the bombing


def test_dedup_definite_generic_joining_can_be_switched_off():
    from wirecoder import service

    text = (
        "A suicide bomber blew himself up at a mosque in Kabul on Friday, killing 30 worshippers, police said.\n\n"
        "Later on Friday, the president condemned the attack in Kabul and ordered an inquiry."
    )
    # (without the confidence floor, which would set the lone condemnation's "attack" aside as uncertain)
    settings = service.load_settings(
        overrides={"stages.dedup_events.generic_joins": "false", "stages.finalize_events.min_confidence": "0"}
    )
    art = service.code_text(text, service.make_pipeline(settings), published="2017-10-20")
    assert len([e for e in art.events if e.is_news]) == 2


def test_dedup_a_protest_in_a_list_of_cities_is_one_protest_per_city(code):
    text = "Tens of thousands of protesters rallied against the president in Alexandria, Mansoura and Tanta on Sunday."
    news = [e for e in code(text, published="2013-06-30").events if e.is_news]
    assert sorted(e.location.name for e in news) == ["Al Mansurah", "Alexandria", "Tanta"]
    assert {e.sub_event_type for e in news} == {"Peaceful protest"}
    assert all(e.evidence == news[0].evidence for e in news)  # one sentence is the evidence of all three


def test_dedup_places_listed_through_their_kind_nouns_are_one_event_each(code):
    # "the city of X and the cities of Y and Z": the coordination runs through "city" and "cities"
    text = (
        "Thousands of protesters rallied on Sunday in the Mediterranean city of Alexandria and the Nile Delta "
        "cities of Mansoura and Tanta."
    )
    news = [e for e in code(text, published="2013-06-30").events if e.is_news]
    assert sorted(e.location.name for e in news) == ["Al Mansurah", "Alexandria", "Tanta"]
    # a town named through its kind noun alone, with no list, stays one event
    text = "Thousands of protesters rallied on Sunday in the city of Alexandria against the president."
    assert [e.location.name for e in code(text, published="2013-06-30").events if e.is_news] == ["Alexandria"]


def test_dedup_a_toll_stated_for_a_list_of_places_is_not_multiplied(code):
    text = "Gunmen killed 12 villagers in Kaura Namoda and Gusau in Zamfara state on Tuesday, police said."
    news = [e for e in code(text, published="2021-06-03").events if e.is_news]
    assert sorted(e.location.name for e in news) == ["Gusau", "Kaura Namoda"]
    assert sum(e.fatalities.best or 0 for e in news if e.fatalities) == 12
    # the second place states no toll of its own: 0, as ACLED codes it, bounded by the list's 12 (not unknown)
    assert sorted((e.fatalities.best, e.fatalities.high) for e in news) == [(0, 12), (12, 12)]


def test_dedup_an_event_shared_out_among_places_is_one_event_per_place_with_its_own_death(code):
    text = (
        "CAIRO (AP) - Two protesters were shot to death during clashes outside offices of the Brotherhood's "
        "Freedom and Justice Party on Sunday, one in Beni Suef, the other in Fayoum."
    )
    news = [e for e in code(text, published="2013-06-30").events if e.is_news]
    assert sorted(e.location.name for e in news) == ["Al Fayyum", "Banī Suwayf"]
    assert [e.fatalities.best for e in news] == [1, 1]  # "two ..., one in X, the other in Y": one each
    text = "Three car bombs exploded on Tuesday in Iraq, one in Mosul, one in Kirkuk and the third in Tikrit."
    news = [e for e in code(text, published="2013-06-30").events if e.is_news]
    assert sorted(e.location.name for e in news) == ["Kirkuk", "Mosul", "Tikrīt"]


def test_dedup_splitting_by_place_can_be_switched_off():
    from wirecoder import service

    text = "Tens of thousands of protesters rallied against the president in Alexandria, Mansoura and Tanta on Sunday."
    settings = service.load_settings(overrides={"stages.dedup_events.split_places": "false"})
    art = service.code_text(text, service.make_pipeline(settings), published="2013-06-30")
    assert len([e for e in art.events if e.is_news]) == 1


WAVE = (
    "Russia fired dozens of missiles at Ukraine's power grid on Sunday, officials said.\n\n"
    "In Rivne region, a man was killed, the regional governor said on Sunday.\n\n"
    "In Kharkiv, police said gunmen shot dead a shopkeeper on Sunday."
)


def test_dedup_a_killing_told_in_a_report_of_a_missile_wave_takes_the_strike_type(code):
    news = [e for e in code(WAVE, published="2024-11-17").events if e.is_news]
    by_place = {e.location.name: e.sub_event_type for e in news if e.location is not None}
    rivne = [sub for name, sub in by_place.items() if name.startswith("Rivn")]
    assert rivne == ["Shelling/artillery/missile attack"]  # no weapon of its own: a casualty of the wave
    assert by_place.get("Kharkiv") == "Attack"  # gunmen are an agent of their own: not the wave's


def test_dedup_wave_types_can_be_switched_off():
    from wirecoder import service

    settings = service.load_settings(overrides={"stages.dedup_events.wave_types": "false"})
    art = service.code_text(WAVE, service.make_pipeline(settings), published="2024-11-17")
    subs = {
        e.sub_event_type
        for e in art.events
        if e.is_news and e.location is not None and e.location.name.startswith("Rivn")
    }
    assert subs == {"Attack"}


def _mention(
    sub: str, day: str, how: str = "syntax", actor1: str | None = None, toll: int | None = None, main: bool = False
) -> Event:
    """A reported mention in Yala (hand-made: type, own or borrowed date, perpetrator, toll; a main clause's
    mention absorbs the others)."""
    kinds = {
        "Armed clash": "Battles",
        "Remote explosive/landmine/IED": "Explosions/Remote violence",
        "Shelling/artillery/missile attack": "Explosions/Remote violence",
    }
    return Event(
        event_type=kinds[sub],
        sub_event_type=sub,
        date=EventDate(day, day, 1, f"{day} ({how})"),
        actor1=EventActor(name=actor1, canonical=actor1) if actor1 else None,
        location=Location(name="Yala", lat=6.54, lon=101.28, geonames_id=1),
        fatalities=Fatalities(low=toll, best=toll, high=toll, text=f"{toll} killed") if toll is not None else None,
        main=main,
        score=3.0 if main else 1.0,
    )


def _dedup(events: list[Event]) -> list[Event]:
    from wirecoder.doc import Article
    from wirecoder.resolve.dedup import make_dedup_events

    stage = make_dedup_events({}, split_places=False, wave_types=False)
    return stage(Article(id="t", text="", events=events)).events


def test_dedup_a_mention_stated_on_another_day_lends_no_actors():
    # "bombs set off last night" and "at daybreak today, guerrillas blew up a pole": one day apart, merged
    # within the slack, but the guerrillas of today's bombing are not named for last night's
    merged = _dedup(
        [
            _mention("Remote explosive/landmine/IED", "1988-10-11", toll=0, main=True),
            _mention("Remote explosive/landmine/IED", "1988-10-12", actor1="FMLN"),
        ]
    )
    assert len(merged) == 1 and merged[0].actor1 is None
    same_day = _dedup(
        [
            _mention("Remote explosive/landmine/IED", "1988-10-11", toll=0, main=True),
            _mention("Remote explosive/landmine/IED", "1988-10-11", actor1="FMLN"),
        ]
    )
    assert len(same_day) == 1 and same_day[0].actor1.name == "FMLN"
    # an event whose date is only the publication date's takes the actors of a dated mention
    borrowed = _dedup(
        [
            _mention("Remote explosive/landmine/IED", "1988-10-12", how="publication", toll=0, main=True),
            _mention("Remote explosive/landmine/IED", "1988-10-11", actor1="FMLN"),
        ]
    )
    assert len(borrowed) == 1 and borrowed[0].actor1.name == "FMLN"


def test_dedup_a_toll_of_another_kind_of_event_is_not_lent():
    shelling = _mention("Shelling/artillery/missile attack", "2011-03-05", main=True)
    merged = _dedup([shelling, _mention("Remote explosive/landmine/IED", "2011-03-05", toll=12)])
    assert len(merged) == 1 and not (merged[0].fatalities and merged[0].fatalities.best)
    bombing = _mention("Remote explosive/landmine/IED", "2011-03-05", main=True)
    again = _dedup([bombing, _mention("Remote explosive/landmine/IED", "2011-03-05", toll=12)])
    assert len(again) == 1 and again[0].fatalities.best == 12
    from wirecoder.resolve.dedup import lendable

    told = _mention("Remote explosive/landmine/IED", "2011-03-05", toll=12)
    told.generic = True  # "12 were killed in the attack": a generic word's toll is the event's it joins
    assert lendable(_mention("Shelling/artillery/missile attack", "2011-03-05"), told).fatalities.best == 12
    assert lendable(shelling, told, same_kind_tolls=False).fatalities.best == 12



RIOT = "Rioters burned tyres and blocked roads in Kisumu on Monday. A man was killed in Kisumu on Monday."


def test_dedup_violence_by_no_armed_actor_joins_the_riot_of_its_place_and_day(code):
    news = [e for e in code(RIOT, published="2013-07-02").events if e.is_news]
    assert [e.sub_event_type for e in news] == ["Violent demonstration"]
    assert news[0].fatalities is not None and news[0].fatalities.best == 1  # the riot's death is the killing
    # state forces' violence at the riot stays an event of its own (ACLED codes their force separately)
    text = "Rioters burned tyres and blocked roads in Kisumu on Monday. Soldiers shot dead a man in Kisumu on Monday."
    news = [e for e in code(text, published="2013-07-02").events if e.is_news]
    assert sorted(e.sub_event_type for e in news) == ["Attack", "Violent demonstration"]


def test_dedup_property_destroyed_by_no_armed_actor_joins_the_riot_of_its_place_and_day(code):
    # codebook: property destroyed in a riot belongs to it; the rioters' arson told in a sentence of its own is no
    # second row (looting/property destruction) beside the violent demonstration
    text = (
        "Protesters clashed with police in Bengaluru on Monday over the Cauvery water dispute. "
        "Arsonists set fire to 30 buses at a depot in Bengaluru on Monday."
    )
    news = [e for e in code(text, published="2016-09-13").events if e.is_news]
    assert [e.sub_event_type for e in news] == ["Violent demonstration"] and len(news[0].evidence) == 2


def test_dedup_riot_violence_can_be_switched_off():
    from wirecoder import service

    settings = service.load_settings(overrides={"stages.dedup_events.riot_violence": "false"})
    art = service.code_text(RIOT, service.make_pipeline(settings), published="2013-07-02")
    assert sorted(e.sub_event_type for e in art.events if e.is_news) == ["Attack", "Violent demonstration"]


def test_dedup_an_undated_event_takes_the_bound_a_past_perfect_re_mention_sets():
    # "a convoy that left Lebanon as part of a deal" (no date: the publication day) ... "The fighters had been
    # headed to the border under an evacuation deal" after "stalled since August 29": the deal came before it
    def deal(start: int, when: EventDate, main: bool = False) -> Event:
        ev = _mention("Armed clash", "2017-09-08", main=main)
        ev.date, ev.trigger = when, Span(start, start + 4, "deal")
        ev.triggers = [ev.trigger]  # as detection gives them: the main trigger among the mention's triggers
        return ev

    published = EventDate("2017-09-08", "2017-09-08", 2, "publication date 2017-09-08 (no date stated for this event)")
    before = EventDate("2017-08-29", "2017-08-29", 3, "before August 29 (discourse)")
    merged = _dedup([deal(10, published, main=True), deal(400, before)])
    assert len(merged) == 1 and merged[0].date.start == "2017-08-29"
    # another word's mention ("the demonstrators had moved beyond that issue") is no re-mention: no date lent
    other = deal(400, before)
    other.trigger = Span(400, 412, "demonstrators")
    other.triggers = [other.trigger]
    assert _dedup([deal(10, published, main=True), other])[0].date.start == "2017-09-08"


MUC_BOMB = (
    "   OSORNO, 18 JAN 89 -- [TEXT] A BOMB EXPLODED IN A PILMAIQUEN ALLEY\n"
    "DESTROYING WINDOWS AND WATER PIPES.\n\n"
    "   ACCORDING TO UNOFFICIAL REPORTS, THE BOMB CONTAINED 125 TO 150 GRAMS OF\n"
    "TNT AND WAS PLACED IN THE BACK OF THE PILMAIQUEN TELEPHONE COMPANY\nBUILDING.\n\n"
    "   THE EXPLOSION OCCURRED AT 2350 ON 16 JANUARY, CAUSING PANIC BUT NO\nCASUALTIES.\n"
)


def test_dedup_an_undated_lead_takes_the_day_its_re_mention_states(code):
    # the lead states no date and its dateline is the publication date, not the bombing's; the re-mention
    # merged into it states the day (within the week before publication)
    news = [e for e in code(MUC_BOMB, published="1989-01-18").events if e.is_news]
    bombs = [e for e in news if e.event_type == "Explosions/Remote violence"]
    assert len(bombs) == 1
    assert bombs[0].date.start == "1989-01-16" and bombs[0].date.text == "16 JANUARY (re-mention)"


def test_dedup_a_re_mention_lends_only_a_recent_day():
    from datetime import date

    from wirecoder.resolve.dedup import _recent_own_date, remention_date

    def ev(start, precision=1, how="sentence"):
        return Event(event_type="Battles", sub_event_type="Armed clash",
                     date=EventDate(start, start, precision, f"X ({how})"))

    pub = date(1989, 1, 18)
    assert _recent_own_date(ev("1989-01-16"), pub, 7)
    assert not _recent_own_date(ev("1988-12-16"), pub, 7)  # a month back: another incident, maybe
    assert not _recent_own_date(ev("1989-01-09", 2), pub, 7)  # "last week" names no day
    assert not _recent_own_date(ev("1989-01-16", how="discourse"), pub, 7)  # a frame, not its own statement
    assert remention_date(ev("1989-01-16").date).text == "X (re-mention)"


VILLAGE = (
    "Gunmen killed 12 villagers in an attack on Tudun Wada village in Zamfara state on Tuesday, police said.\n\n"
    "At least 10 villagers were killed in the attack on Tudun Wada, a resident said."
)


def test_dedup_the_lower_of_two_counts_of_the_same_dead_is_the_merged_events_toll(code):
    # two mentions of one attack, each with its own count of the villagers: never summed, and the lower is the
    # best figure (ACLED's most conservative estimate, as among one event's own statements); the range stays
    news = [e for e in code(VILLAGE, published="2021-06-03").events if e.is_news]
    assert len(news) == 1
    f = news[0].fatalities
    assert (f.low, f.best, f.high) == (10, 10, 12)


def test_dedup_a_written_number_outranks_a_victim_the_lede_names(code):
    text = (
        "Gunmen stormed Tudun Wada village in Zamfara state on Tuesday, killing a farmer, police said.\n\n"
        "The attack on Tudun Wada killed 12 villagers, a resident said."
    )
    news = [e for e in code(text, published="2021-06-03").events if e.is_news]
    assert len(news) == 1 and news[0].fatalities.best == 12  # not the one victim the lede counts by name


def test_dedup_tolls_of_two_sides_are_not_taken_for_two_counts_of_one():
    from wirecoder.resolve.dedup import outranks

    soldiers = Fatalities(low=43, best=43, high=43, text="killing at least 43 soldiers", victims=("soldiers",))
    attackers = Fatalities(low=10, best=10, high=10, text="10 attackers were killed", victims=("attackers",))
    people = Fatalities(low=30, best=30, high=30, text="killing 30 people", victims=("people",))
    assert not outranks(attackers, soldiers)  # the other side's dead: the absorbing mention's toll stays
    assert outranks(people, soldiers)  # "people" may be the same soldiers, told lower
    named = Fatalities(low=1, best=1, high=1, text="a farmer was killed", tier=1, victims=("farmer",))
    assert outranks(attackers, named) and not outranks(named, attackers)


def test_dedup_toll_reconciling_can_be_switched_off():
    from wirecoder import service

    settings = service.load_settings(overrides={"stages.dedup_events.reconcile_tolls": "false"})
    art = service.code_text(VILLAGE, service.make_pipeline(settings), published="2021-06-03")
    assert [e.fatalities.best for e in art.events if e.is_news] == [12]  # the absorbing mention's, as before


ALSO = (
    "A drone strike by the Rapid Support Forces killed 14 people at a displacement camp in El Fasher on Sunday, "
    "a local aid group said.\n\n"
    "The aid group said the RSF also shelled residential neighbourhoods in the city, killing three civilians."
)


def test_dedup_a_mention_told_as_one_more_event_of_another_kind_stays_apart(code):
    news = [e for e in code(ALSO, published="2025-10-13").events if e.is_news]
    assert sorted(e.sub_event_type for e in news) == ["Air/drone strike", "Shelling/artillery/missile attack"]
    assert sorted(e.fatalities.best for e in news) == [3, 14]


def test_dedup_additive_events_can_be_switched_off():
    from wirecoder import service

    settings = service.load_settings(overrides={"stages.dedup_events.additive_events": "false"})
    art = service.code_text(ALSO, service.make_pipeline(settings), published="2025-10-13")
    assert [e.sub_event_type for e in art.events if e.is_news] == ["Air/drone strike"]


def test_dedup_an_approximately_placed_mention_joins_the_event_at_a_neighbouring_town(code):
    # "Sources in Madagali" place the capture only near the town the story is about (precision 2), 10 km from it
    text = (
        "Boko Haram insurgents yesterday attacked military formations in Gulak, the headquarters of Madagali "
        "local government of Adamawa State.\n\n"
        "Sources within the town said soldiers deserted Gulak after the militants overran the town and retreated "
        "to Mubi.\n\n"
        "Sources in Madagali said the insurgents took over the area and told the people not to panic."
    )
    news = [e for e in code(text, published="2014-09-06").events if e.is_news]
    assert [(e.sub_event_type, e.location.name) for e in news] == [("Non-state actor overtakes territory", "Gulak")]


def test_dedup_one_protest_told_from_the_police_side_and_the_crowd_side(code):
    # "police fired tear gas at protesters" (police as subject) and "Protesters threw stones at police lines" are
    # one violent demonstration of the night in Tbilisi: ACLED codes one event per place and day
    text = ("TBILISI, Dec 1 (Reuters) - Georgian police fired tear gas and water cannon early on Sunday to disperse "
            "thousands of protesters outside parliament in Tbilisi, on the fourth night of demonstrations against "
            "the government.\n\nProtesters threw fireworks and stones at police lines and set fire to barricades on "
            "Rustaveli Avenue, Reuters witnesses said.")
    art = code(text, published="2024-12-01")
    demos = [e for e in art.events if e.event_type == "Protests" or e.event_type == "Riots"]
    assert len(demos) == 1
    assert demos[0].actor1.canonical == "Rioters (Georgia)"
    assert demos[0].actor2.canonical == "Police Forces of Georgia"


def test_dedup_the_named_other_side_replaces_a_group_noun_of_actor1s_own_side(code):
    # "The soldiers were attacked" (actor2 soldiers) absorbs the lead's "troops killed 19 members of the Jalisco New
    # Generation Cartel": the cartel, not the soldiers again, is the other side of the clash
    text = ("MEXICO CITY, May 20 (AP) — Mexican army troops killed 19 suspected members of the Jalisco New "
            "Generation Cartel in a gunbattle in the western state of Michoacan on Sunday, the Defense Department "
            "said.\n\nThe soldiers were attacked while patrolling a road near the town of Aguililla and returned "
            "fire, the department said in a statement.")
    art = code(text, published="2024-05-20")
    clashes = [e for e in art.events if e.is_news and e.sub_event_type == "Armed clash"]
    assert clashes and clashes[0].actor2 is not None
    assert clashes[0].actor2.canonical == "Jalisco New Generation Cartel"


FOREIGN = (
    "A Turkish policeman shot dead Russia's ambassador to Turkey at an art gallery in Ankara on Monday, "
    "officials said.\n\n"
    "The White House condemned the assassination, saying the attack was unacceptable, while President Obama "
    "was on vacation in Hawaii."
)


def test_dedup_a_definite_re_mention_placed_by_another_clause_joins_the_event(code):
    # "in Hawaii" places where the president was, in a clause of its own: "the assassination" points back to Ankara
    news = [e for e in code(FOREIGN, published="2016-12-19").events if e.is_news]
    assert [e.location.name for e in news] == ["Ankara"]
    assert len(news[0].evidence) == 2


def test_dedup_foreign_places_can_be_switched_off():
    from wirecoder import service

    overrides = {"stages.dedup_events.foreign_places": "false", "stages.finalize_events.min_confidence": "0"}
    settings = service.load_settings(overrides=overrides)
    art = service.code_text(FOREIGN, service.make_pipeline(settings), published="2016-12-19")
    assert sorted(e.location.name for e in art.events if e.is_news) == ["Ankara", "Hawaii"]


BOMBER = (
    "At least 18 soldiers were killed on Saturday when Taliban fighters stormed an army checkpoint in Farah province, "
    "officials said.\n\n"
    "In a separate attack in the eastern city of Jalalabad on Saturday, a bomber killed at least four people and "
    "himself near a police station.\n\n"
    "A spokesman for the governor said the suicide bombing took place near the main bazaar of Jalalabad."
)


def test_dedup_a_definite_specific_noun_names_the_kind_of_a_violent_event_told_before(code):
    # "the suicide bombing" points back to the attack the bomber carried out: one Suicide bomb row with its toll
    news = [e for e in code(BOMBER, published="2018-02-24").events if e.is_news]
    jalalabad = [e for e in news if e.location.name == "Jalālābād"]
    assert [(e.sub_event_type, e.fatalities.best) for e in jalalabad] == [("Suicide bomb", 4)]


def test_dedup_definite_specifics_can_be_switched_off():
    from wirecoder import service

    overrides = {"stages.dedup_events.definite_specifics": "false", "stages.finalize_events.min_confidence": "0"}
    settings = service.load_settings(overrides=overrides)
    art = service.code_text(BOMBER, service.make_pipeline(settings), published="2018-02-24")
    jalalabad = [e for e in art.events if e.is_news and e.location.name == "Jalālābād"]
    assert sorted(e.sub_event_type for e in jalalabad) == ["Attack", "Suicide bomb"]


def test_dedup_a_definite_noun_re_mentions_by_its_own_kind_only(code):
    # "the suicide bombing" names its kind itself; "the murder ... is suicide" is a murder whatever the sentence says
    from wirecoder.resolve.dedup import _definite_specific

    text = "The suicide bombing took place near the bazaar. The murder of the priests is suicide for the regime."
    art = code(text, published="2018-02-24")

    def mention(word: str, sub: str) -> Event:
        start = text.index(word)
        ev = Event(event_type="Explosions/Remote violence", sub_event_type=sub)
        ev.trigger = Span(start, start + len(word), word)
        return ev

    assert _definite_specific(mention("suicide bombing", "Suicide bomb"), art.doc)
    assert not _definite_specific(mention("murder", "Suicide bomb"), art.doc)


def test_dedup_the_place_where_the_attack_took_place_is_its_own(code):
    # "The attack took place in X": the place of a verb of occurrence is the definite noun's own, so the re-mention
    # joins the attack it names (it is no foreign place that would let it join the other day's operation)
    text = (
        "Militants attacked a police checkpoint in Pakistan's northwestern Khyber Pakhtunkhwa province late on "
        "Thursday, killing 10 officers, police said.\n\n"
        "The attack took place in the Dera Ismail Khan district, a police official said.\n\n"
        "In a separate operation on Friday, security forces killed five militants in the North Waziristan district, "
        "the military said."
    )
    news = [e for e in code(text, published="2024-10-25").events if e.is_news]
    places = {e.fatalities.best: e.location.name for e in news}
    assert places == {10: "Dera Ismail Khan", 5: "North Wazīristān District"}


def test_dedup_a_region_holds_the_town_its_re_mention_names(code):
    # "central Gaza" resolves to the Gaza Strip, a region (L.RGN), as coarse as a province: the re-mention that names
    # the camp is the finer place, and the strike is located there (ACLED codes the most specific place)
    text = (
        "An Israeli air strike on a U.N.-run school sheltering displaced families in central Gaza killed at least 30 "
        "people on Thursday, Palestinian health officials said.\n\n"
        "The strike hit the school in the Nuseirat refugee camp, where thousands of people had fled from fighting "
        "elsewhere in the enclave, witnesses said."
    )
    news = [e for e in code(text, published="2024-06-06").events if e.is_news]
    assert [(e.sub_event_type, e.location.name) for e in news] == [("Air/drone strike", "An Nuşayrāt")]


def test_dedup_an_umbrella_name_of_a_states_forces_stands_for_its_branch(code):
    # the headline's "Indian police" and the lead's "Indian security forces" are one side of one gunbattle
    text = (
        "Indian police kill 10 Maoist rebels in Chhattisgarh gunbattle\n\n"
        "RAIPUR, India, Nov 22 (Reuters) - Indian security forces killed 10 Maoist rebels in a gunbattle in the "
        "central state of Chhattisgarh on Friday, police said.\n\n"
        "The clash took place in a forest in the Sukma district, a senior police official said."
    )
    news = [e for e in code(text, published="2024-11-22").events if e.is_news]
    assert [(e.sub_event_type, e.fatalities.best) for e in news] == [("Armed clash", 10)]
