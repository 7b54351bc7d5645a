"""Event status: news in the reporting window, background, or an aggregate (issue #11)."""

from __future__ import annotations

from datetime import date

from wirecoder.doc import Article, Event, EventDate
from wirecoder.events.status import is_background


def test_status_event_dated_years_before_publication_is_background(code):
    text = (
        "In 1998, militants blew up the United States embassy in Nairobi, Kenya, killing more than 200 people.\n\n"
        "On Sunday, gunmen killed 12 villagers in an attack on Tudun Wada village in Zamfara state, police said."
    )
    art = code(text, published="2017-04-10")
    by_place = {e.location.name: e for e in art.events if e.location}
    assert by_place["Nairobi"].status == "background"
    assert by_place["Tudun Wada"].status == "reported" and by_place["Tudun Wada"].is_news
    exported = art.to_record(include_all=False)["events"]
    assert [e["location"]["name"] for e in exported] == ["Tudun Wada"]
    assert {e["status"] for e in art.to_record()["events"]} == {"background", "reported"}


def _all_news(published: date):
    """A pipeline without the confidence floor: these tests are about the status rules, not the floor."""
    from wirecoder import service

    nlp = service.make_pipeline(service.load_settings(overrides={"stages.finalize_events.min_confidence": "0"}))
    return lambda text: service.code_text(text, nlp, published=published)


def test_status_running_total_since_a_year_is_aggregate():
    text = (
        "Hundreds of thousands of Colombians have died since 1964 as rebel armies battled the army.\n\n"
        "On Sunday, rebels attacked an army post in Cauca, killing three soldiers, the army said."
    )
    statuses = sorted((e.status, e.date.start[:4]) for e in _all_news(date(2016, 8, 29))(text).events)
    assert statuses == [("aggregate", "1964"), ("reported", "2016")]


def test_status_days_of_protests_are_a_stretch_not_one_protest():
    text = (
        "ANKARA, Turkey - A gunman shot dead Russia's ambassador to Turkey at an art gallery in Ankara on Monday.\n\n"
        "The assassination came after days of protests by Turks angry over Russia's role in Syria."
    )
    events = _all_news(date(2016, 12, 19))(text).events
    protests = [e for e in events if e.event_type == "Protests"]
    assert protests and all(e.status == "aggregate" for e in protests)
    assert any(e.status == "reported" and e.event_type == "Violence against civilians" for e in events)


def test_status_only_own_dates_make_background():
    published = date(2020, 6, 1)
    own = Event(sub_event_type="Attack", date=EventDate("2019-01-01", "2019-12-31", 3, "last year (sentence)"))
    borrowed = Event(sub_event_type="Attack", date=EventDate("2019-01-01", "2019-12-31", 3, "last year (discourse)"))
    recent = Event(sub_event_type="Attack", date=EventDate("2020-05-25", "2020-05-25", 1, "Monday (syntax)"))
    assert is_background(own, published, 14)
    assert not is_background(borrowed, published, 14)
    assert is_background(borrowed, published, 14, discourse_counts=True)
    assert not is_background(recent, published, 14)
    assert not is_background(own, None, 14)
    assert Article(id="a", text="x").events == []


def test_status_unlocated_is_opt_in():
    from wirecoder import service

    text = (
        "Gunmen attacked a village in Zamfara state on Sunday, police said.\n\n"
        "Sweden has been attacked, the prime minister said on Sunday."
    )
    published = date(2021, 6, 7)
    plain = _all_news(published)(text)
    assert sorted(e.status for e in plain.events) == ["reported", "reported"]
    strict = service.make_pipeline(service.load_settings(overrides={
        "stages.event_status.require_admin1": "true", "stages.finalize_events.min_confidence": "0"}))
    art = service.code_text(text, strict, published=published)
    status = {e.location.name: e.status for e in art.events}
    assert status == {"Zamfara": "reported", "Sweden": "unlocated"}
    assert [e["location"]["name"] for e in art.to_record(include_all=False)["events"]] == ["Zamfara"]


def test_status_low_confidence_events_are_uncertain_and_left_out_of_default_exports():
    from wirecoder import service

    text = (
        "Gunmen attacked a village in Zamfara state on Sunday, police said.\n\n"
        "Sweden has been attacked, the prime minister said on Sunday."
    )
    floor = service.load_settings(overrides={"stages.finalize_events.min_confidence": "0.25"})
    art = service.code_text(text, service.make_pipeline(floor), published=date(2021, 6, 7))
    by_place = {e.location.name: e for e in art.events}
    assert by_place["Sweden"].confidence < 0.25 and by_place["Sweden"].status == "uncertain"
    assert by_place["Zamfara"].confidence >= 0.25 and by_place["Zamfara"].is_news
    assert [e["location"]["name"] for e in art.to_record(include_all=False)["events"]] == ["Zamfara"]
    assert {e["status"] for e in art.to_record()["events"]} == {"reported", "uncertain"}


def test_status_a_one_event_report_keeps_its_event_whatever_its_confidence():
    from wirecoder import service

    text = (
        "Soldiers clashed with Islamic State fighters near Mosul on Sunday, killing four militants, "
        "the Iraqi army said."
    )
    floor = service.load_settings(overrides={"stages.finalize_events.min_confidence": "0.25"})
    art = service.code_text(text, service.make_pipeline(floor), published=date(2020, 2, 3))
    news = [e for e in art.events if e.is_news]
    assert [e.sub_event_type for e in news] == ["Armed clash"]


def test_status_a_generic_plural_is_a_series_not_an_incident():
    text = (
        "Gunmen shot dead four people at a checkpoint in Kandahar on Tuesday, police said.\n\n"
        "Attacks on checkpoints have increased across the south, officials said."
    )
    events = _all_news(date(2017, 10, 18))(text).events
    statuses = {e.evidence[0].text.split()[0]: e.status for e in events}
    assert statuses == {"Gunmen": "reported", "Attacks": "aggregate"}


def test_status_a_toll_of_separate_attacks_sums_incidents_told_apart():
    text = (
        "At least 23 people were killed in separate attacks in Kabul and Farah province.\n\n"
        "In Farah, Taliban fighters stormed an army checkpoint on Saturday, killing 18 soldiers, officials said."
    )
    events = _all_news(date(2018, 2, 24))(text).events
    statuses = {e.evidence[0].text.split()[0]: e.status for e in events}
    assert statuses == {"At": "aggregate", "In": "reported"}
    # one attack, however its toll is told, stays an incident
    single = _all_news(date(2018, 2, 24))("At least 23 people were killed in an attack in Kabul on Saturday.").events
    assert [e.status for e in single] == ["reported"]


def test_status_a_perfect_measured_since_a_point_is_a_running_total():
    text = (
        "Some 500 people have been killed in the region since the army launched its offensive, officials said.\n\n"
        "Gunmen have killed five villagers in an attack on Monday, police said."
    )
    events = _all_news(date(2016, 5, 10))(text).events
    statuses = {e.evidence[0].text.split()[0]: e.status for e in events if e.sub_event_type == "Attack"}
    assert statuses == {"Some": "aggregate", "Gunmen": "reported"}


def test_status_a_perfect_over_the_period_up_to_now_is_a_running_total():
    # published three weeks into the year: "this year" is inside the reporting window, yet a total
    text = (
        "Gunmen killed 12 people in an attack on a village in Plateau state on Monday, police said.\n\n"
        "Hundreds of people have been killed in Plateau state this year in clashes between farmers and herders."
    )
    events = _all_news(date(2024, 1, 23))(text).events
    statuses = {e.evidence[0].text.split()[0]: e.status for e in events}
    assert statuses == {"Gunmen": "reported", "Hundreds": "aggregate"}
    events = _all_news(date(2024, 11, 23))("At least 40 civilians have been killed in the region in 2024.").events
    assert [e.status for e in events] == ["aggregate"]
    # one incident told against the year in the past tense stays one
    events = _all_news(date(2024, 1, 23))("Gunmen attacked a village in Plateau state on Monday, the third attack "
                                          "this year.").events
    assert "aggregate" not in {e.status for e in events}


def test_status_a_stated_month_counts_by_its_middle():
    published = date(2017, 4, 7)
    last_month = Event(sub_event_type="Attack", date=EventDate("2017-03-01", "2017-03-31", 3, "last month (sentence)"))
    this_week = Event(sub_event_type="Attack", date=EventDate("2017-04-03", "2017-04-09", 2, "this week (sentence)"))
    assert is_background(last_month, published, 14)  # its end is only 7 days before publication
    assert not is_background(this_week, published, 14)


def test_status_a_summary_is_the_report_when_no_incident_of_its_kind_is_told_in_its_area():
    # the series' incidents are told nowhere else: the summary is the article's only report of them
    alone = (
        "At least 14 villagers were killed in separate attacks in Zamfara state on Sunday, police said.\n\n"
        "In Abuja, the president's office said security would be stepped up in the north."
    )
    events = _all_news(date(2019, 3, 4))(alone).events
    assert [(e.sub_event_type, e.status) for e in events if e.evidence[0].text.startswith("At least")] == [
        ("Attack", "reported")
    ]
    # told apart in its area, the incidents make the summary an aggregate (see the Kabul and Farah test above)


def test_status_a_paragraph_framed_in_the_past_is_background(code):
    # the second sentence takes its date from the first (its paragraph's frame): the attack of 2011, not news
    text = (
        "PODGORICA, Montenegro - A man threw a grenade at the US embassy in Podgorica on Thursday, police said.\n\n"
        "In October 2011, Mevlid Jasarevic attacked the US embassy in Sarajevo with an automatic rifle. He was "
        "injured in the exchange of fire with police and arrested."
    )
    art = code(text, published="2018-02-22")
    news = [e for e in art.events if e.is_news and e.modality == "asserted"]
    assert news and all(e.location is not None and e.location.name == "Podgorica" for e in news)


def test_status_a_discretionary_strategic_development_needs_more_confidence(code):
    # police checkpoints told beside an arrest: a base established only a coder's discretion would code
    text = (
        "BELGRADE, Serbia - Police arrested an opposition leader in Pozarevac on Tuesday and set up checkpoints on "
        "all roads in and out of the town to prevent opposition supporters arriving for a rally."
    )
    art = code(text, published="2000-05-10")
    by_type = {e.sub_event_type: e for e in art.events}
    base = by_type["Headquarters or base established"]
    assert 0.252 <= base.confidence < 0.691 and base.status == "uncertain"
    assert by_type["Arrests"].status == "reported"
    exported = {e["sub_event_type"] for e in art.to_record(include_all=False)["events"]}
    assert "Headquarters or base established" not in exported and "Arrests" in exported


def test_status_the_recalibrated_confidence_of_a_well_stated_report():
    """Issue #11: the confidence is recalibrated on realnews tune (its rows had become more often real than
    their confidence said); the floor moved with the scale, so the same rows pass it."""
    from wirecoder import service

    text = (
        "Russian forces shelled the city of Kherson on Sunday, killing three civilians, the regional governor "
        "said.\n\nThe shelling hit a market and a bus stop in the city centre, Governor Oleksandr Prokudin said "
        "on Telegram. Russian artillery has shelled Kherson almost daily since Ukrainian troops retook it in "
        "November 2022.\n\nSweden has been attacked, the prime minister said on Sunday."
    )
    art = service.code_text(text, service.make_pipeline(), published=date(2024, 11, 18))
    news = [e for e in art.events if e.status == "reported"]
    assert [e.location.name for e in news] == ["Kherson"]
    assert news[0].confidence >= 0.75  # told three times, with its place, day, toll and source
    sweden = [e for e in art.events if e.location is not None and e.location.name == "Sweden"]
    assert sweden and sweden[0].status == "uncertain"


def test_status_a_town_taken_without_fighting_keeps_the_ordinary_floor(code):
    # a non-violent transfer of territory is no discretionary development: the fall of Aleppo is exported
    text = (
        "BEIRUT, Nov 30 (Reuters) - Syrian rebels led by Hayat Tahrir al-Sham swept into Aleppo on Saturday, taking "
        "control of most of the city after government forces withdrew, residents and a war monitor said.\n\n"
        "Russian and Syrian warplanes struck rebel-held areas of Idlib city overnight, killing at least 12 "
        "civilians, according to the Syrian Observatory for Human Rights."
    )
    art = code(text, published="2024-11-30")
    exported = {e["sub_event_type"] for e in art.to_record(include_all=False)["events"]}
    assert "Non-violent transfer of territory" in exported or "Non-state actor overtakes territory" in exported


def test_status_a_match_report_exports_no_battle(code):
    # the top event of an article is exempt from the confidence floor, but not in a match report
    text = (
        "LONDON, March 31 (Reuters) - Manchester City beat Arsenal 2-1 on Sunday to go top of the Premier League, "
        "with Erling Haaland scoring twice as the champions launched a late attack that killed off the visitors' "
        "hopes.\n\nArsenal manager Mikel Arteta said his side had fought hard but were beaten by a better team. "
        "City's defence held firm under heavy bombardment in the closing minutes."
    )
    art = code(text, published="2024-03-31")
    assert art.to_record(include_all=False)["events"] == []
    # a protest outside a stadium before a match tells no result: its event stays
    text = (
        "RIO DE JANEIRO (AP) - Police fired tear gas at hundreds of protesters marching near the Maracana stadium "
        "on Sunday before a World Cup match, scattering the crowd."
    )
    assert code(text, published="2014-06-15").to_record(include_all=False)["events"]


def test_status_a_headline_that_names_no_event_lifts_the_exemption(code):
    # the top event is exempt from the confidence floor because a story is about an event; a headline that names
    # no event of its kind says this one is not what the story reports
    text = (
        "NAIROBI, Kenya (AP) - Kenya's parliament narrowly elected the opposition's candidate as its speaker on "
        "Tuesday, a blow to President Mwai Kibaki that shows how hard it will be for him to govern.\n\n"
        "Rival politicians had clashed bitterly in parliament before the secret ballot, which took three rounds."
    )
    assert code(text, published="2008-01-15", title="Kenya opposition wins speaker vote").to_record(
        include_all=False
    )["events"] == []
    # no title (a wire message), or a headline that names a clash: the top event keeps its exemption
    assert code(text, published="2008-01-15").to_record(include_all=False)["events"]
    announced = code(text, published="2008-01-15", title="Rival politicians clash in Kenya's parliament")
    assert announced.to_record(include_all=False)["events"]


def test_trigger_classes_of_a_headline():
    from wirecoder.events.triggers import trigger_classes

    assert "@bomb" in trigger_classes("Thai market bombing injures 39")
    assert trigger_classes("Kenya opposition wins speaker vote") == set()


def test_status_what_a_class_of_attacks_has_done_is_a_running_total():
    # "Attacks ... have killed thousands": a present perfect with no date whose subject is a bare plural class noun
    text = (
        "Islamist militants attacked an army post in northern Burkina Faso on Sunday, killing 10 soldiers, the army "
        "said.\n\n"
        "Attacks by groups linked to al Qaeda and Islamic State have killed thousands of people across the country."
    )
    events = _all_news(date(2024, 3, 4))(text).events
    statuses = {e.evidence[0].text.split()[0]: e.status for e in events}
    assert statuses == {"Islamist": "reported", "Attacks": "aggregate"}


def test_status_a_habit_is_no_incident():
    text = (
        "Gunmen stormed a school in Kebbi state early on Monday and abducted 25 students, police said.\n\n"
        "Armed gangs, known locally as bandits, often kidnap students for ransom in the northwest."
    )
    events = _all_news(date(2025, 11, 17))(text).events
    statuses = {e.trigger.text: e.status for e in events}
    assert statuses == {"Gunmen": "reported", "kidnap": "aggregate"}


def test_status_one_more_incident_told_with_also_is_exported(code):
    # a list of a day's incidents: the clause that adds one more with "also" states that it happened, however little
    # else it says (no toll, a clause late in the report); the present perfect of a series stays under the floor
    text = (
        "SAN SALVADOR, 10 MAY 89 -- Guerrillas attacked an army post in San Miguel on Monday, killing three soldiers, "
        "the army said.\n\n"
        "A military source added that a telecommunications office was destroyed by explosives in Aguilares.\n\n"
        "The guerrillas also attacked the soldiers guarding two coffee mills in Santiago de Maria, Usulutan "
        "department."
    )
    art = code(text, published="1989-05-10")
    mills = [e for e in art.events if e.location is not None and "Santiago" in (e.location.name or "")]
    assert mills and mills[0].confidence < 0.252
    assert mills[0].status == "reported"
