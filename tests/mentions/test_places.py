"""Tests for wirecoder.mentions.places: toponym spans, gazetteer matching and roles."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions


@pytest.fixture(scope="module")
def finder():
    return PlaceMentions({})


def analysed(nlp, text: str) -> Article:
    art = Article(id="p", text=text)
    upper = is_upper_case(text)
    art.upper_case = upper
    art.doc = nlp(truecase(text) if upper else text)
    return art


def places(nlp, finder, text: str) -> dict[str, str]:
    """{mention text: role} for the toponyms found in ``text``."""
    art = analysed(nlp, text)
    return {m.text: m.role for m in finder.find(art)}


def test_places_gazetteer_finds_names_ner_misses(nlp, finder):
    text = (
        "The bombing blocked the road leading to the IS-held town of Albukamal further east, while six buses "
        "headed west toward the Palmyra region."
    )
    found = places(nlp, finder, text)
    assert found.get("Albukamal") == "location"
    assert found.get("Palmyra") == "location"


def test_places_region_span_and_candidates(nlp, finder):
    art = analysed(nlp, "The convoy has been stalled in the Deir ez-Zour region since August 29.")
    ms = finder.find(art)
    deir = [m for m in ms if m.text == "Deir ez-Zour"]
    assert deir, [m.text for m in ms]
    assert {c.cc for c in deir[0].candidates} == {"SY"}
    assert any(c.feature == "A.ADM1" for c in deir[0].candidates)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Hizballah has intervened in the war to prop up the Damascus regime and battle IS.", "Damascus"),
        ("Moscow denied that its jets had struck the hospital.", "Moscow"),
        ("On Tuesday Ankara said the operation in Afrin would continue.", "Ankara"),
    ],
)
def test_places_metonymy(nlp, finder, text, name):
    assert places(nlp, finder, text).get(name) == "metonymy"


def test_places_origin_briefing_and_dateline(nlp, finder):
    found = places(
        nlp,
        finder,
        '"We have struck individual fighters," Dillon told Pentagon reporters in a phone briefing from Baghdad.',
    )
    assert found.get("Baghdad") == "origin"
    found = places(
        nlp, finder, "BEIRUT (AP) — Turkey has shelled a city in northeastern Syria, a militia spokesman says."
    )
    assert found.get("BEIRUT") == "origin"
    assert found.get("Syria") == "location"


def test_places_demonyms(nlp, finder):
    art = analysed(nlp, "The buses were stranded in the middle of the Syrian desert near the Iraqi border.")
    ms = {m.text: m for m in finder.find(art)}
    assert ms["Syrian"].role == "demonym" and ms["Syrian"].candidates[0].cc == "SY"
    assert ms["Iraqi"].candidates[0].cc == "IQ"


def test_places_demonyms_of_divisions_cities_and_factbook_gaps(nlp, finder):
    # data/gazetteer/demonyms.csv: adjectives of first-order divisions and cities, and country adjectives that
    # countryinfo words as a noun ("Icelander", "Slovene"); GeoWebNews and LGL annotate them as toponyms
    text = (
        "A Texan rancher and two Icelandic fishermen were among the passengers, while Crimean officials and "
        "Catalan police said the Slovenian crew had been questioned by Parisian investigators."
    )
    art = analysed(nlp, text)
    ms = {m.text: m for m in finder.find(art)}
    assert ms["Texan"].role == "demonym" and ms["Texan"].candidates[0].name == "Texas"
    assert ms["Icelandic"].candidates[0].cc == "IS" and ms["Slovenian"].candidates[0].cc == "SI"
    assert ms["Crimean"].candidates[0].cc == "UA" and ms["Catalan"].candidates[0].cc == "ES"
    assert ms["Parisian"].candidates[0].cc == "FR"


def test_places_stoplist_and_months(nlp, finder):
    found = places(nlp, finder, "In March, the mayor said the bridge in Columbus, Ohio, would reopen by May.")
    assert "March" not in found and "May" not in found
    assert "Columbus" in found and "Ohio" in found


def test_places_upper_case_wire(nlp, finder):
    text = (
        "GUNMEN ATTACKED A POLICE CONVOY NEAR ALEPPO ON TUESDAY, KILLING FOUR OFFICERS, THE INTERIOR "
        "MINISTRY SAID IN A STATEMENT ISSUED IN DAMASCUS."
    )
    found = places(nlp, finder, text)
    assert "ALEPPO" in found
    assert "SAID" not in found and "POLICE" not in found


def test_places_empty_and_odd_input(nlp, finder):
    assert finder.find(analysed(nlp, "")) == []
    assert isinstance(finder.find(analysed(nlp, "!!! 123 ???")), list)


def test_places_inline_dateline_and_residents(nlp, finder):
    found = places(
        nlp,
        finder,
        "Eighteen residents left homeless after blaze. TORRINGTON — A fire destroyed the roof of a house on Tuesday.",
    )
    assert found.get("TORRINGTON") == "origin"
    found = places(nlp, finder, "A Coral Gables man was arrested on Monday.")
    assert "Coral Gables" in found


def test_places_working_state_is_typed(nlp, finder):
    art = analysed(nlp, "Militants attacked a checkpoint in Aleppo, near the Syrian desert.")
    ms = {m.text: m for m in finder.find(art)}
    aleppo, syrian = ms["Aleppo"], ms["Syrian"]
    assert aleppo.how in ("ner", "gazetteer") and art.doc[aleppo.tokens[0] : aleppo.tokens[1]].text == "Aleppo"
    assert syrian.how == "demonym" and syrian.modifies == "desert"
    assert not hasattr(aleppo, "extra")  # no free dict of working state


def test_places_accept_rules_table_and_settings_schema():
    import inspect

    from wirecoder.mentions import places as mod

    assert mod.ACCEPT_RULES[-1] is mod._evidence  # the last rule always decides
    assert all(rule.__doc__ for rule in mod.ACCEPT_RULES)
    params = inspect.signature(mod.make_place_mentions).parameters
    assert params["use_entities"].kind is inspect.Parameter.KEYWORD_ONLY and params["use_entities"].default is True
    assert params["min_population"].default == 20000
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def test_places_offices_nationalities_and_reactions_are_not_event_places(nlp, finder):
    text = (
        "The Japanese envoy to Germany said three citizens of Canada were hurt when a bomb exploded in Herat; "
        "the premier condemned it at a news conference in Tokyo."
    )
    found = places(nlp, finder, text)
    assert found.get("Germany") == "metonymy"  # an office's country
    assert found.get("Canada") == "demonym"  # the victims' nationality
    assert found.get("Tokyo") == "origin"  # where someone reacted
    assert found.get("Herat") == "location"


def test_places_where_victims_come_from_is_not_the_event_place(nlp, finder):
    text = ("Gunmen stopped a bus on a highway in Pakistan's Balochistan province on Monday and shot dead 10 men from "
            "Punjab province, police said.")
    found = places(nlp, finder, text)
    assert found.get("Punjab") == "demonym"  # the victims' home province
    assert found.get("Balochistan") == "location"
    # "from" after a verb of taking is where the people were taken from
    found = places(nlp, finder, "Gunmen abducted 20 passengers from Kaduna on Monday.")
    assert found.get("Kaduna") == "location"


def test_places_a_name_after_a_place_noun_is_that_place_whatever_the_parse(nlp, finder):
    # the small model parses "Tripoli" as the subject of "killed": it still names the capital, it does not act
    text = ("Fighting between two of the most powerful armed factions in Libya's capital Tripoli killed 55 people "
            "and wounded 146, the emergency medicine centre said on Wednesday.")
    assert places(nlp, finder, text).get("Tripoli") == "location"
    assert places(nlp, finder, "Moscow denied the report on Monday.").get("Moscow") == "metonymy"


def test_places_bare_division_name_inside_an_organisation(nlp, finder):
    found = places(nlp, finder, "Gunmen ambushed a Frontier Corps convoy near the border on Friday.")
    assert "Frontier" not in found  # a unit's name, not Frontier County


def test_places_list_the_tagger_reads_as_one_name_stays_places(nlp, finder):
    # the small model tags "Kharkiv and Odesa" as one WORK_OF_ART; a name holding a place ("Pakistan Army")
    # makes it an attribute, but a name that is nothing but places joined by "and" is a list of places
    text = "KYIV (AP) — Russian missiles struck Kharkiv and Odesa overnight, killing four people, officials said."
    found = places(nlp, finder, text)
    assert found.get("Kharkiv") == "location"
    assert found.get("Odesa") == "location"
    assert places(nlp, finder, "Pakistan Army troops killed five militants in the north.").get("Pakistan") != "location"


def test_places_division_noun_after_an_unknown_name_is_cut(nlp, finder):
    # the tagger's "Ghor province" / "Lviv region" is unknown as a whole; the name before the noun is the place
    for text, name in (
        ("A suicide bomber struck a Sunni mosque in western Ghor province, killing 30 people.", "Ghor"),
        ("In Lviv region, on the border with Poland, a woman in a car was killed.", "Lviv"),
    ):
        art = analysed(nlp, text)
        (m,) = [m for m in finder.find(art) if m.text == name]
        assert m.candidates and m.role == "location"


def test_places_same_name_elsewhere_in_the_document(nlp, finder):
    # one sense per discourse: a town named once as a place is the town inside "Roselle police" too
    text = "Officers ticketed hundreds of motorists in Roselle last month. Roselle police said the campaign continues."
    found = [m for m in finder.find(analysed(nlp, text)) if m.text == "Roselle"]
    assert len(found) == 2
    assert {m.how for m in found} == {"ner", "discourse"}


def test_places_surname_of_a_person_is_not_propagated(nlp, finder):
    text = "Farmers drove to Jackson on Friday. Andrew Jackson was the seventh president."
    starts = [m.start for m in finder.find(analysed(nlp, text)) if m.text == "Jackson"]
    assert starts == [text.index("Jackson")]


def test_places_names_that_are_never_places(nlp, finder):
    found = places(nlp, finder, "Some held up copies of the Quran as NATO jets flew over the White House.")
    assert not {"Quran", "NATO", "White", "White House"} & set(found), found


def test_places_a_direction_alone_is_no_place(nlp, finder):
    found = places(nlp, finder, "The 7 Division was created to deal with the insurgency in the North-East.")
    assert not found, found


def test_places_legislator_home_after_party_letter(nlp, finder):
    text = "The bill was sponsored by Rep. Marty Seifert, R-Marshall, and Rep. Tony Sertich, DFL-Chisholm, on Tuesday."
    found = places(nlp, finder, text)
    assert found.get("Marshall") and found.get("Chisholm"), found


def test_places_inline_dateline_with_a_single_dash(nlp, finder):
    text = "Fleeing suspect struck by car . ROSWELL - A man police say shoplifted a bracelet was hit by a car."
    assert places(nlp, finder, text).get("ROSWELL") == "origin"


def test_places_declaration_before_the_media_is_where_someone_spoke(nlp, finder):
    text = (
        '"I order all our units to cease fire," Timoleon Jimenez said in a declaration before the media in Cuba, '
        "where peace talks were held."
    )
    assert places(nlp, finder, text).get("Cuba") == "origin"


def test_places_an_appositive_plays_the_part_of_the_name_it_renames(nlp, finder):
    found = places(nlp, finder, "The United States of America, USA, has deployed 80 military personnel to Chad.")
    assert found.get("USA") == "metonymy" and found.get("Chad") == "location", found


def test_places_same_name_not_taken_for_a_name_a_person_bears_here(nlp, finder):
    # "Kelly" has a person sense in this document (John Kelly's surname): its other uses are not the town
    text = (
        "Floods cut the road to Kelly, Wyoming, on Monday. White House chief of staff John Kelly said aid "
        "was on its way. Kelly was not in the room when the president spoke."
    )
    found = [m.start for m in finder.find(analysed(nlp, text)) if m.text == "Kelly"]
    assert found == [text.index("Kelly")]


def test_places_direction_and_compass_words_are_cut_from_an_unknown_name(nlp, finder):
    # "georgia" is stop-listed (a first name), but a direction before it makes it the place
    assert places(nlp, finder, "The storm brought major drought relief to North Georgia this month.") == {
        "Georgia": "location"
    }
    assert "Columbus" in places(nlp, finder, "Hagerstown finished second at the regional behind Columbus North.")


def test_places_dateline_split_at_its_period_is_one_name(nlp, finder):
    art = analysed(
        nlp,
        "ST. LOUIS – St. Louis Police announced its burglary squad arrested two people suspected "
        "of stealing meat from a barbecue restaurant.",
    )
    first = finder.find(art)[0]
    assert first.text == "ST. LOUIS" and first.role == "origin"
    assert any(c.name == "St. Louis" and c.cc == "US" for c in first.candidates)


def test_places_building_or_street_the_tagger_names_is_a_facility(nlp, finder):
    art = analysed(
        nlp,
        "The Museum of Ice Cream is opening on Collins Avenue in Miami Beach. He later played at the National "
        "Concert Hall and at Caesar's Palace.",
    )
    found = {m.text: m for m in finder.find(art)}
    for name in ("Collins Avenue", "National Concert Hall"):
        assert found[name].how == "facility", found.keys()
        assert found[name].candidates == []  # placed by the resolver, never by a namesake town
    assert found["Miami Beach"].how != "facility"


def test_places_name_with_a_known_place_inside_is_not_a_facility(nlp, finder):
    art = analysed(nlp, "Janet Johnson, a guidance counselor at Norfolk High School, has some advice.")
    found = {m.text: m.how for m in finder.find(art)}
    assert "Norfolk" in found and found["Norfolk"] != "facility", found


@pytest.mark.parametrize(
    "text,acronym,place",
    [
        ("Doctors at the CHU in Montpellier said the staff performed well.", "CHU", "Montpellier"),
        ("The Special Response Team (SRT) entered the residence in Salem.", "SRT", "Salem"),
    ],
)
def test_places_short_acronym_is_not_the_town_it_spells(nlp, finder, text, acronym, place):
    found = places(nlp, finder, text)
    assert acronym not in found and place in found, found


def test_places_acronym_of_a_country_stays_a_place(nlp, finder):
    found = places(nlp, finder, "Russia will close the US consulate, and the EU condemned it.")
    assert "US" in found


def test_places_name_before_its_state_is_a_place_whatever_the_tagger_guessed(nlp, finder):
    found = places(nlp, finder, "It will be built at GM’s Bowling Green, Kentucky facility.")
    assert "Bowling Green" in found, found


def test_places_full_division_name_inside_a_time_or_before_an_acronym(nlp, finder):
    text = "At 12:03 p.m. Walker County dispatchers received a call from Huntsville–Walker County EMS."
    art = analysed(nlp, text)
    spans = [m.text for m in finder.find(art)]
    assert spans.count("Walker County") == 2, spans


def test_places_plural_place_noun_after_a_list_is_a_cue_for_each_name(nlp, finder):
    found = places(nlp, finder, "Roads are closed in Becker, Clay, Douglas, Swift and Wilkin counties.")
    assert {"Becker", "Clay", "Swift", "Wilkin"} <= set(found), found


def test_places_surname_of_a_person_named_in_full_is_not_a_town(nlp, finder):
    text = (
        "Investigator Laura Collins said the suspect was speaking to Collins from a cordless phone. "
        "House Minority Leader Marty Seifert, R-Marshall, joined them."
    )
    found = places(nlp, finder, text)
    assert "Collins" not in found, found
    assert "Marshall" in found, found  # a legislator's home stays a place


def test_places_surname_after_a_possessive_full_name_is_not_a_town(nlp, finder):
    # the tagger takes the possessive into the person ("Richard Spencer's"): the surname is still Spencer
    text = "Richard Spencer's event at the university drew hundreds of protesters. Few of them got close to Spencer."
    found = places(nlp, finder, text)
    assert "Spencer" not in found, found


def test_places_a_name_does_not_run_over_a_sentence_end(nlp, finder):
    text = "Reforms were welcomed in Ukraine as well as the U.S. and EU. A number of foreign partners disagreed."
    found = places(nlp, finder, text)
    assert "EU" in found and not any(". A" in name for name in found), found


def test_places_a_common_word_the_tagger_labels_gpe_is_no_place(nlp, finder):
    # the small model tags "meth" and "marijuana" GPE here; a name has a capital somewhere
    text = (
        "Police found approximately 20 grams of meth in 35 individual baggies, over 10 grams of marijuana, "
        "over 2,000 empty baggies, 12 smoking pipes and a scale in the London home."
    )
    found = places(nlp, finder, text)
    assert "meth" not in found and "marijuana" not in found
    assert "London" in found


def test_places_a_disease_named_after_a_place_is_no_place(nlp, finder):
    # an eponym says where a pathogen was first described, not where anything happens
    text = (
        "Health officials said the Marburg virus had spread in Uige. The Reston ebolavirus was found in pigs "
        "near Manila, and West Nile virus cases rose in Texas. A patient in Marburg, Germany, recovered."
    )
    found = [(m.text, m.start) for m in finder.find(analysed(nlp, text))]
    names = [t for t, _ in found]
    assert "Reston" not in names and "West Nile" not in names, found
    assert ("Marburg", text.index("Marburg")) not in found, found  # the virus, nor its discourse copy
    assert ("Marburg", text.index("Marburg, Germany")) in found, found  # the town itself stays
    assert {"Uige", "Manila", "Texas", "Germany"} <= set(names), found
    # after a locative preposition the name is still the place
    assert "Liberia" in places(nlp, finder, "Deaths rose in Liberia virus wards last week, officials said.")


def test_places_surname_of_a_person_named_in_full_tagged_a_place(nlp, finder):
    # the tagger reads the bare surname as a place; it refers back to the person named in full before
    text = (
        "Police negotiated with a man who barricaded himself in a Huntsville home. Sgt. Wes Altom of the HPD said "
        "officers were able to remove the suspect's mother safely from the premises. Altom was able to make "
        "contact with the suspect by phone. Altom said the man surrendered."
    )
    assert "Altom" not in places(nlp, finder, text)


def test_places_surname_is_no_place_whatever_its_county(nlp, finder):
    # Johnson County's people do not make a bare "Johnson" big: a county is named with its noun
    text = (
        "Janet Johnson, a guidance counselor at Norfolk High School, works with juniors on career options. "
        "Johnson said she is aware of students who work part time."
    )
    found = places(nlp, finder, text)
    assert "Johnson" not in found and "Norfolk" in found, found


def test_places_a_name_after_an_honorific_is_a_person(nlp, finder):
    # "Rev. Al" folds to "reval", an old name of Tallinn: the honorific makes it a person's name
    text = (
        "The Rev. Al Meredith, senior pastor of Wedgewood Baptist Church in Fort Worth, Texas, brought a message "
        "of hope to the congregation on Sunday."
    )
    found = places(nlp, finder, text)
    assert not any(name.startswith("Rev") for name in found), found
    assert {"Fort Worth", "Texas"} <= set(found), found


def test_places_the_known_place_after_of_in_an_unknown_place_entity(nlp, finder):
    # the tagger's unknown "Port of Los Angeles": the port lies in the place named after "of"
    text = "The breakthrough: In the Port of Los Angeles, Samra found the rough equivalent of a backer."
    found = places(nlp, finder, text)
    assert "Los Angeles" in found and "Port" not in found, found


def test_places_the_second_of_coordinated_modifiers_is_adjectival(code):
    # "British and U.S. warplanes": "U.S." qualifies the warplanes like "British" does; it is not where they struck
    art = code("British and U.S. warplanes struck Houthi targets in Yemen on Friday.", published="2024-01-12")
    roles = {m.text: m.role for m in art.mentions.places}
    assert roles["U.S."] == "demonym" and roles["Yemen"] == "location"
    assert {e.location.country_code for e in art.events if e.location is not None} == {"YE"}
