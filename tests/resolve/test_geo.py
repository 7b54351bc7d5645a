"""Tests for wirecoder.resolve.geo: disambiguation in context and event locations."""

from __future__ import annotations

from collections import Counter

import pytest

from wirecoder.doc import Article, Event, PlaceMention, Span
from wirecoder.gazetteer import haversine_km
from wirecoder.mentions.places import PlaceMentions
from wirecoder.resolve.geo import ResolveGeo, variant_keys


@pytest.fixture(scope="module")
def stages():
    return PlaceMentions({}), ResolveGeo({})


def coded(nlp, stages, text: str, events: list[Event] | None = None) -> Article:
    art = Article(id="g", text=text)
    art.upper_case = False
    art.doc = nlp(text)
    art.events = events or []
    finder, resolver = stages
    finder(art)
    resolver(art)
    return art


def event_at(text: str, trigger: str) -> Event:
    i = text.index(trigger)
    sp = Span(i, i + len(trigger), trigger)
    return Event(event_type="Explosions/Remote violence", trigger=sp, triggers=[sp], evidence=[sp])


def located(nlp, stages, text: str, trigger: str) -> Event:
    """The event at ``trigger``, after the article is coded (its ``location`` set)."""
    ev = event_at(text, trigger)
    coded(nlp, stages, text, [ev])
    return ev


def by_text(art: Article) -> dict:
    return {m.text: m for m in art.mentions.places}


def test_geo_ambiguous_names_in_context(nlp, stages):
    text = (
        "Islamic State fighters left Lebanon for the Iraq border. Six buses headed west toward the Palmyra "
        "region, which is under Syrian government control."
    )
    ms = by_text(coded(nlp, stages, text))
    assert ms["Lebanon"].country_code == "LB" and ms["Lebanon"].feature == "A.PCLI"
    assert ms["Iraq"].country_code == "IQ"
    assert ms["Palmyra"].country_code == "SY"
    assert haversine_km(ms["Palmyra"].lat, ms["Palmyra"].lon, 34.56, 38.28) < 50


def test_geo_comma_state_container(nlp, stages):
    ms = by_text(coded(nlp, stages, "The team won the regional at Columbus, Indiana, on Friday."))
    assert ms["Columbus"].admin1 == "Indiana"


def test_geo_region_prefers_division(nlp, stages):
    ms = by_text(coded(nlp, stages, "The convoy has been stalled in the Deir ez-Zour region since August 29."))
    assert ms["Deir ez-Zour"].feature == "A.ADM1" and ms["Deir ez-Zour"].country_code == "SY"


def test_geo_bare_name_of_a_division_and_its_seat_is_the_town_in_any_spelling(nlp, stages):
    # the gazetteer spells the city "Mykolayiv" and has "Mykolaiv" only as an alias of the oblast
    ms = by_text(coded(nlp, stages, "In Mykolaiv in the south, two people were killed in an overnight drone attack."))
    assert ms["Mykolaiv"].feature.startswith("P.") and ms["Mykolaiv"].country_code == "UA"
    ms = by_text(coded(nlp, stages, "Shelling continued across the Mykolaiv region on Monday."))
    assert ms["Mykolaiv"].feature == "A.ADM1"


def test_geo_a_seat_filed_under_another_division_is_still_the_town(nlp, stages):
    # GeoNames files the towns of the West Bank under "West Bank" and the governorates under their own names
    ms = by_text(coded(nlp, stages, "Israeli troops shot dead two men in Jenin and Nablus on Monday."))
    assert ms["Jenin"].feature.startswith("P.") and ms["Nablus"].feature.startswith("P.")
    ms = by_text(coded(nlp, stages, "Troops raided several villages in the Jenin governorate on Monday."))
    assert ms["Jenin"].feature == "A.ADM1"


def test_geo_hamlet_spelled_as_written_does_not_beat_the_city(nlp, stages):
    # GeoNames has a hamlet of 656 people named exactly "Zaporizhzhia" beside the city "Zaporizhzhya"
    ms = by_text(coded(nlp, stages, "Russian missiles hit Zaporizhzhia on Monday, killing three people."))
    assert ms["Zaporizhzhia"].resolved.population > 500_000


def test_geo_missing_place_falls_back_to_country(nlp, stages):
    text = "The jets bombed a bridge leading from the Syrian town of Hmaymah to the town of Albukamal."
    ms = by_text(coded(nlp, stages, text))
    assert ms["Albukamal"].country_code == "SY"
    if "Hmaymah" in ms:  # found through "the town of"; unknown to the gazetteer
        assert ms["Hmaymah"].country_code == "SY" and ms["Hmaymah"].approximate


def test_geo_event_location_skips_origin_and_metonymy(nlp, stages):
    text = (
        "Coalition jets struck IS fighters near Albukamal on Tuesday, the spokesman told reporters in a "
        "phone briefing from Baghdad. Hizballah fights to prop up the Damascus regime."
    )
    ev = located(nlp, stages, text, "struck")
    loc = ev.location
    assert loc is not None and loc.country_code == "SY"
    assert loc.name not in ("Baghdad", "Damascus")
    assert loc.precision == 2  # "near" a town


def test_geo_event_location_discourse_fallback(nlp, stages):
    text = (
        "The convoy has been stalled in the Deir ez-Zour region since August 29. Dozens of militants in the "
        "middle of the Syrian desert were killed in an airstrike, a US official said in Washington."
    )
    ev = located(nlp, stages, text, "airstrike")
    assert ev.location is not None
    assert ev.location.country_code == "SY" and ev.location.precision in (2, 3)


def test_geo_variant_keys():
    assert "bukamal" in variant_keys("albukamal")
    assert "deirezzor" in variant_keys("deirezzour")


def test_geo_event_location_reference_point_and_capital(nlp, stages):
    text = "A suicide bomber killed 12 people at a market in the town of Baiji, north of Baghdad, police said."
    ev = located(nlp, stages, text, "killed")
    assert ev.location is not None and ev.location.geonames_id == 97783  # Bayji, not the reference point
    assert ev.location.precision == 1
    text = "MOGADISHU, Somalia (AP) — Al-Shabab militants stormed a hotel in the Somali capital, killing 10 people."
    ev = event_at(text, "stormed")
    art = coded(nlp, stages, text, [ev])
    assert {m.text: m.role for m in art.mentions.places}.get("Somalia") == "origin"
    assert ev.location is not None and ev.location.name == "Mogadishu" and ev.location.precision == 1


def test_geo_event_location_country_fallback(nlp, stages):
    text = "Syrian government forces shelled rebel-held areas on Monday, killing five civilians."
    ev = located(nlp, stages, text, "shelled")
    assert ev.location is not None and ev.location.country_code == "SY" and ev.location.precision == 3


def test_geo_event_location_dateline_town_when_the_story_names_no_other_place_there(nlp, stages):
    text = (
        "YALA, Thailand - Suspected insurgents exploded a bomb in a southern Thai market on Tuesday, officials "
        "said. Thailand has fought the insurgency for years."
    )
    ev = located(nlp, stages, text, "exploded")
    assert ev.location is not None and ev.location.name == "Yala" and ev.location.precision == 2
    text = (
        "ISLAMABAD, Pakistan - Hundreds of tribesmen staged a sit-in in Dera Ismail Khan on Monday, demanding "
        "justice for a man killed by police in Pakistan."
    )
    ev = located(nlp, stages, text, "sit-in")
    assert ev.location is not None and ev.location.name == "Dera Ismail Khan"  # the text's own place, not the dateline


def test_geo_weights_come_from_data_and_can_be_overridden():
    from wirecoder import lookups

    shipped = lookups.weights("resolve_geo")
    assert ResolveGeo({}).weights == shipped
    resolver = ResolveGeo({}, weights={"near": 0.0})
    assert resolver.weights["near"] == 0.0 and resolver.weights["country_vote"] == shipped["country_vote"]


def test_geo_resolved_entry_is_a_typed_field(nlp, stages):
    art = coded(nlp, stages, "Rebels shelled Aleppo on Monday.")
    aleppo = by_text(art)["Aleppo"]
    assert aleppo.resolved is not None and aleppo.resolved.geonames_id == aleppo.geonames_id
    assert aleppo.approximate is False and aleppo.dropped is None
    (record,) = [p for p in art.to_record()["mentions"]["places"] if p["text"] == "Aleppo"]
    assert not {"resolved", "approximate", "tokens", "how"} & set(record)  # working state is never exported


def test_geo_hierarchy_cues_resolve_inside_the_container(nlp, stages):
    # the other names vote for Illinois; the cue puts Springfield in Missouri
    for text in (
        "Farmers from Chicago and Peoria drove to Springfield, a city in southwestern Missouri, on Friday.",
        "Farmers from Chicago and Peoria drove to Springfield in Missouri on Friday.",
        "Farmers from Chicago and Peoria drove to Missouri's Springfield on Friday.",
    ):
        ms = by_text(coded(nlp, stages, text))
        assert ms["Springfield"].admin1 == "Missouri", text


def test_geo_event_not_located_at_an_embassy_country(nlp, stages):
    text = "The ambassador to Pakistan said a car bomb killed four people in Kandahar on Monday."
    ev = located(nlp, stages, text, "killed")
    assert ev.location is not None and ev.location.country_code == "AF"


def test_geo_small_place_abroad_that_nothing_points_to_is_dropped(nlp, stages):
    # "Nizami" (a village in Armenia) is the police spokesman of an Afghan story
    text = (
        "Suicide bombers struck a mosque in Kabul and another in Herat, Afghanistan, on Friday, according to "
        "Nizami, the police spokesman."
    )
    ms = by_text(coded(nlp, stages, text))
    assert ms["Nizami"].lat is None and ms["Nizami"].dropped
    assert ms["Herat"].country_code == "AF"


def test_geo_a_country_named_only_as_an_actor_does_not_hold_a_small_place(nlp, stages):
    # the United States appears only as an actor ("US officials said"): no support for Wagner, a US village
    text = (
        "Russia has deployed the Wagner Group in Mali and Sudan, US officials said. In sub-Saharan Africa, "
        "Wagner has gained footholds in Mali and the Central African Republic."
    )
    art = coded(nlp, stages, text)
    wagner = [m for m in art.mentions.places if m.text == "Wagner"]
    assert wagner and all(m.lat is None for m in wagner)


def test_geo_a_small_place_of_the_story_s_country_stays(nlp, stages):
    text = "Gunmen attacked the village of Nizami in Armenia on Friday, officials in Yerevan said."
    ms = by_text(coded(nlp, stages, text))
    assert ms["Nizami"].country_code == "AM"


def test_geo_the_container_of_a_comma_cue_is_the_division(nlp, stages):
    # the other names vote for the capital's region; after "Tacoma," Washington is the state holding Tacoma
    text = "Officials from Baltimore, Richmond and Arlington met a baker from Tacoma, Washington on Monday."
    ms = by_text(coded(nlp, stages, text))
    assert ms["Washington"].feature == "A.ADM1" and ms["Tacoma"].admin1 == "Washington"


def test_geo_event_never_located_at_a_continent(nlp, stages):
    text = "The truck attack in Stockholm on Friday was the latest attack in Europe using a vehicle."
    ev = located(nlp, stages, text, "latest attack")
    assert ev.location is not None and ev.location.name == "Stockholm"


def test_geo_event_never_located_at_a_region_across_borders(nlp, stages):
    # the Sahara has no country: the event falls back to the place the story names in one
    text = "French jets bombed a convoy in the Sahara on Sunday. The strike came days after fighting in Gao, Mali."
    ev = located(nlp, stages, text, "bombed")
    assert ev.location is not None and ev.location.country_code == "ML"


def test_geo_seas_and_islands_are_in_the_gazetteer(nlp, stages):
    text = "Three fishing boats sank in the Baltic Sea on Monday. A typhoon struck northern Luzon, killing 12."
    places = by_text(coded(nlp, stages, text))
    assert places["Baltic Sea"].resolved.feature == "H.SEA"
    luzon = places["Luzon"].resolved  # the island of 50 million, not the village of Luzon in Davao
    assert luzon.feature == "T.ISL" and luzon.cc == "PH" and luzon.lat > 13


def test_geo_discourse_focus_is_inside_the_focus_country(nlp, stages):
    # Kosovo is the most named place, but the story places more in Serbia: its focus is a Serbian town
    text = (
        "Protesters took to the streets of Prokuplje, Serbia, on Friday, as they had in Belgrade. Many had "
        "fought in Kosovo and come back from Kosovo. Police later arrested dozens."
    )
    ev = located(nlp, stages, text, "arrested")
    assert ev.location is not None and ev.location.name == "Prokuplje" and ev.location.precision == 2


def test_geo_a_country_named_in_passing_does_not_hold_a_small_place(nlp, stages):
    # Armenia is placed once, Afghanistan four times: "Nizami" (an Armenian village) is still the spokesman
    text = (
        "Suicide bombers struck mosques in Kabul, Herat, Kandahar and Jalalabad on Friday, according to Nizami, "
        "the police spokesman. He said the explosives had been bought in Armenia."
    )
    ms = by_text(coded(nlp, stages, text))
    assert ms["Nizami"].lat is None and ms["Armenia"].country_code == "AM"


def test_geo_town_and_county_side_by_side_pick_the_namesakes_that_sit_together(nlp, stages):
    # many Richmonds and Madison Counties; only Kentucky's lie together (Richmond is its county seat)
    text = (
        "The foundation gave a grant to a women's shelter in Richmond. The shelter was founded by volunteers "
        "who saw a need for domestic violence services in Madison County."
    )
    ms = by_text(coded(nlp, stages, text))
    assert ms["Richmond"].admin1 == "Kentucky" and ms["Madison County"].admin1 == "Kentucky"
    text = (
        "The burn ban issued for Walker County was lifted Monday after a meeting between the Huntsville Fire "
        "Chief and the county judge. Residents of Huntsville can pick up a permit."
    )
    art = coded(nlp, stages, text)
    assert {m.admin1 for m in art.mentions.places} == {"Texas"}


def test_geo_a_state_name_is_not_a_town_beside_a_namesake_county(nlp, stages):
    ms = by_text(coded(nlp, stages, "The company moved from Washington County to California last year."))
    assert ms["California"].feature == "A.ADM1"


def test_geo_unknown_name_the_tagger_reads_as_a_place_takes_the_story_focus(nlp, stages):
    # Harwinton (Connecticut) is missing from the gazetteer: its point is the story's focus town, flagged
    text = (
        "A fire destroyed a barn in Harwinton on Sunday. Firefighters from Harwinton and Torrington, "
        "Connecticut, put it out."
    )
    harwinton = [m for m in coded(nlp, stages, text).mentions.places if m.text == "Harwinton"]
    assert harwinton and all(m.approximate for m in harwinton)
    assert all(haversine_km(m.lat, m.lon, 41.77, -73.06) < 50 for m in harwinton)


def test_geo_small_town_does_not_outweigh_itself_when_judged_isolated(stages):
    _finder, resolver = stages
    town = next(c for c in resolver.gaz.candidates("Lovejoy") if c.cc == "US")
    mentions = [PlaceMention(text="Lovejoy", start=i, end=i + 7, how="ner") for i in (0, 20, 40)]
    # the town's own three mentions make the US the most placed country; one other US place, two abroad
    ccs = Counter({"US": 2, "GB": 1, "FR": 1})
    placed = Counter({"US": 4, "GB": 2, "FR": 1})
    assert not resolver._isolated_small_place(town, ccs, placed, mentions)
    # a town the rest of the story does not place anything near is still dropped
    assert resolver._isolated_small_place(town, Counter({"US": 1, "PL": 3}), Counter({"US": 3, "PL": 9}), mentions)


def test_geo_possessive_cue_ties_a_town_only_to_its_own_country(nlp, stages):
    # "Russia's Wagner Group" names Russia as Wagner's container, but every village called Wagner is elsewhere
    text = (
        "The junta in Mali gets military muscle from Wagner. All evidence pointed to the shadowy mercenaries of "
        "Russia's Wagner Group, who also fight in Sudan and Libya."
    )
    wagner = [m for m in coded(nlp, stages, text).mentions.places if m.text == "Wagner"]
    assert wagner and all(m.lat is None and m.dropped for m in wagner)


def test_geo_a_town_is_not_isolated_when_nothing_places_the_story_elsewhere(nlp, stages):
    # the only placing mentions are Columbus's own ("Hagerstown advanced", "New Castle was third" are actors)
    text = (
        "Gymnastics: Hagerstown advances to state meet. Hagerstown advanced to the state meet for the first time as "
        "a team after finishing second during the IHSAA regional Friday at Columbus East. Columbus North won the "
        "event with 111.05 points, while New Castle was third."
    )
    columbus = [m for m in coded(nlp, stages, text).mentions.places if m.text == "Columbus"]
    assert columbus and all(m.country_code == "US" and not m.dropped for m in columbus)


@pytest.mark.parametrize("name", ["Ole Bull Lake", "Shell Rock River"])
def test_geo_natural_feature_the_gazetteer_lacks_is_placed_at_the_story_focus(nlp, stages, name):
    # GeoNames classes H and T are not in the extracts: a local lake or river the tagger calls an organisation is
    # placed like a building, at the story's town, not dropped nor read through a namesake ("Rock" County)
    text = (
        f"{name} remained closed to boaters Tuesday after the spill, Sheriff Bob Kindler said. The fuel leaked "
        "from a truck that rolled off Highway 65 north of Albert Lea, Minnesota."
    )
    found = by_text(coded(nlp, stages, text))
    assert found[name].how == "facility" and found[name].approximate, found.keys()
    assert found[name].name == "Albert Lea" and found[name].admin1 == "Minnesota"
    assert "Rock" not in found


@pytest.mark.parametrize("name", ["Owl Creek Dam", "Bear Hills", "Sam Houston National Forest"])
def test_geo_dam_hills_or_forest_the_gazetteer_lacks_is_placed_at_the_story_focus(nlp, stages, name):
    # mountains, hills, forests, dams, canals ... (recognition.feature_heads): no GeoNames class H or T in the
    # extracts, so the name had no reading and was dropped, or a part of it was read through a namesake
    text = (
        f"Firefighters battled a blaze near {name} on Tuesday, Sheriff Bob Kindler said. Residents of Huntsville, "
        "Texas were told to leave their homes."
    )
    found = by_text(coded(nlp, stages, text))
    assert found[name].how == "facility" and found[name].approximate, found.keys()
    assert found[name].name == "Huntsville" and found[name].admin1 == "Texas"


def test_geo_abbreviated_street_is_placed_like_a_street(nlp, stages):
    text = "Wildlife officers were called to a shooting on Cedar Flat Rd. in Metcalfe County on Sunday."
    found = by_text(coded(nlp, stages, text))
    assert found["Cedar Flat Rd"].how == "facility" and found["Cedar Flat Rd"].approximate
    assert found["Cedar Flat Rd"].name == "Metcalfe County"


def test_geo_facility_is_placed_at_the_town_named_after_it_or_the_story_focus(nlp, stages):
    found = by_text(coded(nlp, stages, "The Museum of Ice Cream is opening on Collins Avenue in Miami Beach."))
    assert found["Collins Avenue"].name == "Miami Beach" and found["Collins Avenue"].approximate
    text = (
        "The pianist from Navan, County Meath, made his debut at the Convention Centre, Dublin, and played Haydn "
        "at the National Concert Hall in April."
    )
    found = by_text(coded(nlp, stages, text))
    assert found["Convention Centre"].name == "Dublin" and found["Convention Centre"].country_code == "IE"
    assert found["National Concert Hall"].country_code == "IE" and found["National Concert Hall"].approximate


def test_geo_a_list_ending_in_a_plural_division_noun_reads_each_name_as_a_division(nlp, stages):
    found = by_text(coded(nlp, stages, "Roads are closed in Becker, Clay, Douglas, Swift and Wilkin counties."))
    assert found["Becker"].feature == "A.ADM2" and found["Becker"].admin1 == "Minnesota"
    assert found["Clay"].feature == "A.ADM2"


def test_geo_capitalised_plural_ending_a_name_is_no_list_noun(nlp, stages):
    found = by_text(coded(nlp, stages, "Trade between Mexico and United States grew last year."))
    assert found["Mexico"].feature == "A.PCLI"


def test_geo_unknown_name_with_a_container_is_placed_in_the_container_not_the_story_focus(nlp, stages):
    # Alagarno (Borno State) is missing from the gazetteer; the story's focus is Lagos, named three times
    text = (
        "Lagos traders closed their shops on Monday. In Lagos, the governor said security would be tightened. "
        "Gunmen killed 12 people in Alagarno village in Borno State overnight, residents told reporters in Lagos."
    )
    found = by_text(coded(nlp, stages, text))
    alagarno = found["Alagarno"]
    assert alagarno.approximate and alagarno.country_code == "NG"
    assert haversine_km(alagarno.lat, alagarno.lon, 11.5, 13.0) < 250  # Borno, not Lagos (about 1,000 km away)


def test_geo_a_town_named_by_its_short_name_is_the_city_not_a_hamlet(nlp, stages):
    # "Newcastle" is the short name of Newcastle upon Tyne (300,000 people), not the English hamlet called Newcastle
    text = (
        "British doctors in Newcastle have developed a new IVF technique that Britain's fertility regulator approved "
        "on Tuesday. The first treatment in Newcastle is expected next year."
    )
    newcastle = [m for m in coded(nlp, stages, text).mentions.places if m.text == "Newcastle"]
    assert newcastle and all(m.name == "Newcastle upon Tyne" for m in newcastle)


def test_geo_event_at_the_finer_place_of_its_own_phrase_not_at_the_country_holding_it(nlp, stages):
    # the parse hangs "a Taliban ambush" on "Afghanistan": the country is nearer, Balkh is the ambush's own place
    text = (
        "Elsewhere in Afghanistan, a Taliban ambush in the northern Balkh province late Wednesday killed six police "
        "officers, according to a spokesperson for the provincial police chief."
    )
    ev = located(nlp, stages, text, "ambush")
    assert ev.location is not None and ev.location.name == "Balkh" and ev.location.country_code == "AF"


def test_geo_a_place_called_a_village_is_no_city(nlp, stages):
    # "Boni" is one of Bonn's alternate names in GeoNames; the village in central Mali is not in the gazetteer
    text = (
        "BAMAKO, Mali - Militants stormed an army post in the village of Boni in the Mopti region of central Mali "
        "at dawn, security sources said."
    )
    art = coded(nlp, stages, text)
    boni = next(m for m in art.mentions.places if m.text == "Boni")
    assert boni.country_code != "DE"
    ev = located(nlp, stages, text, "stormed")
    assert ev.location is not None and ev.location.country_code == "ML"
    # without the word "village", the city keeps its reading
    art = coded(nlp, stages, "Officials in Bonn and Cologne said the talks would resume in Germany.")
    assert next(m for m in art.mentions.places if m.text == "Bonn").country_code == "DE"


def test_geo_a_place_outside_the_quote_that_tells_the_event_is_not_its_place(code):
    # the quote tells the attack; Herat is where the speaker was, outside the quote
    text = (
        "Taliban fighters attacked a police post in Farah province on Sunday, officials said.\n\n"
        '"The militants stormed the post at dawn and killed four officers," the governor said while on a visit '
        "to Herat."
    )
    art = code(text, published="2018-02-26")
    assert {e.location.name for e in art.events if e.location is not None} == {"Farāh"}


def test_geo_a_place_in_the_reporting_source_is_not_the_event_place(code):
    # the officials are at a hospital in Ajdabiya; the rebels died in the fighting for Ras Lanuf, told before
    text = (
        "Rebels captured the oil port of Ras Lanuf on Friday after a fierce battle with pro-government forces.\n\n"
        "Officials at a hospital in the nearby city of Ajdabiya said only five rebels were killed in the battle."
    )
    art = code(text, published="2011-03-05")
    places = {e.location.name for e in art.events if e.location is not None}
    assert "Ajdabiya" not in places


def test_geo_a_place_naming_the_source_itself_stays_the_event_place(code):
    # a county sheriff's office reports what happened in its county
    text = (
        "Two people were arrested for carrying firearms on campus on Thursday, the Alachua County Sheriff's "
        "Office said."
    )
    art = code(text, published="2017-10-19")
    assert {e.location.name for e in art.events if e.location is not None} == {"Alachua County"}


def test_geo_the_place_a_hierarchy_cue_puts_inside_another_is_the_event_place(code):
    # "X village in Y township": the event is in X, the finer place the text places in Y
    text = ("A Myanmar military air strike hit a Buddhist monastery in the Sagaing region early on Friday, killing at "
            "least 23 people who had taken shelter there, residents said.\n\nThe jet dropped a bomb on the monastery "
            "in Lin Ta Lu village in Sagaing's Sagaing township at about 1 a.m., a resident said.")
    news = [e for e in code(text, published="2025-07-11").events if e.is_news]
    assert [(e.location.name, e.location.precision) for e in news] in ([("Lin Ta Lu", 1)], [("Lin Ta Lu", 2)])


def test_geo_a_known_armed_group_the_gazetteer_lacks_is_no_place(code):
    # spaCy tags "M23" as a place; the actor stage knows it as an armed group, so it is not placed at the story's town
    text = ("M23 rebels seized the town of Masisi in eastern Democratic Republic of Congo's North Kivu province on "
            "Saturday after heavy fighting with the army, local officials said.")
    art = code(text, published="2025-01-04")
    assert all(m.resolved is None for m in art.mentions.places if m.text == "M23")
