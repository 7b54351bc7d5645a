"""Tests for the resolve_dates stage: syntax, sentence, discourse and publication-date fallbacks."""

from __future__ import annotations

from datetime import date

from wirecoder.doc import Event, Span
from wirecoder.resolve.dates import ResolveDates

from ._helpers import analysed, event


def test_dates_attached_from_the_trigger_sentence(nlp):
    text = "Government jets bombed the market on Wednesday. Rebels shelled the airport last week."
    art = analysed(nlp, text)
    art.events = [event(text, "bombed"), event(text, "shelled")]
    ResolveDates()(art)
    d1, d2 = art.events[0].date, art.events[1].date
    assert (d1.start, d1.end, d1.precision) == ("2017-09-06", "2017-09-06", 1)
    assert "Wednesday" in d1.text
    assert (d2.start, d2.end, d2.precision) == ("2017-08-28", "2017-09-03", 2)


def test_dates_since_gives_a_range_to_publication(nlp):
    text = "The convoy has been stalled in the desert since August 29."
    art = analysed(nlp, text)
    art.events = [event(text, "stalled", event_type="Strategic developments")]
    ResolveDates()(art)
    d = art.events[0].date
    assert (d.start, d.end, d.precision) == ("2017-08-29", "2017-09-08", 3)


def test_dates_durations_are_never_event_dates(nlp):
    text = "Militants have besieged the town for 10 years. They attacked a checkpoint."
    art = analysed(nlp, text)
    art.events = [event(text, "besieged", event_type="Battles")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start == "2017-09-08" and d.precision == 2 and "publication" in d.text


def test_dates_discourse_fallback(nlp):
    text = "Fighting erupted on Tuesday in the north.\nTroops clashed with rebels near the river."
    art = analysed(nlp, text)
    art.events = [event(text, "clashed", event_type="Battles")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start == "2017-09-05" and "discourse" in d.text


def test_dates_a_reporting_day_is_no_frame(nlp):
    # "said Sunday" dates the report; the frame of the next sentence is the attack's Saturday
    text = ("Gunmen burst into a party late Saturday and opened fire, killing 12 people, state prosecutors said "
            "Sunday. The attack took place in the town of Salvatierra.")
    art = analysed(nlp, text)
    art.events = [event(text, "attack", event_type="Violence against civilians")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start == "2017-09-02" and "Saturday (discourse)" in d.text


def test_dates_future_dates_do_not_date_asserted_events(nlp):
    text = "Rebels attacked the town, and talks are set for 20 September."
    art = analysed(nlp, text)
    art.events = [event(text, "attacked", event_type="Battles")]
    ResolveDates()(art)
    assert art.events[0].date.start == "2017-09-08"


def test_dates_without_any_date(nlp):
    text = "Rebels attacked the town."
    art = analysed(nlp, text, published=None)
    art.events = [event(text, "attacked", event_type="Battles")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start is None and d.precision is None and d.text


def test_dates_seed_time_mentions(seed_article):
    """The seed's three time checks, publication date read from its date line."""
    assert seed_article.published.isoformat() == "2017-09-08" and seed_article.published_source == "text"
    times = {t.text: t for t in seed_article.mentions.times}
    assert (times["since August 29"].start_date, times["since August 29"].end_date) == ("2017-08-29", "2017-09-08")
    assert (times["last week"].start_date, times["last week"].end_date) == ("2017-08-28", "2017-09-03")
    assert (times["late August"].start_date, times["late August"].end_date) == ("2017-08-21", "2017-08-31")
    for ev in seed_article.events:
        assert ev.date is not None and ev.date.start and ev.date.text


def _merged(text: str, *triggers: tuple[str, int], event_type: str = "Battles") -> Event:
    """One event whose main trigger is the first (word, nth occurrence) and that merges the others."""
    spans = []
    for word, nth in triggers:
        i = -1
        for _ in range(nth + 1):
            i = text.index(word, i + 1)
        spans.append(Span(i, i + len(word), word))
    return Event(event_type=event_type, trigger=spans[0], triggers=spans, evidence=spans[:1])


def test_dates_since_range_never_dates_another_sentence(nlp):
    text = "Fighting between the army and militias has continued since 2014. Clashes killed four people in Goma."
    art = analysed(nlp, text)
    art.events = [event(text, "Fighting", event_type="Battles"), event(text, "Clashes", event_type="Battles")]
    ResolveDates()(art)
    own, other = art.events[0].date, art.events[1].date
    assert own.text.startswith("since 2014") and own.start == "2014-01-01"  # the state's own clause: kept
    assert other.start == "2017-09-08" and other.precision == 2 and "no date stated" in other.text


def test_dates_a_since_clause_sets_no_frame(nlp):
    """A date inside a "since" clause starts a range up to now: it is no frame for the next sentence."""
    text = "Violence has grown since the army arrived in 2015. Gunmen killed five farmers near the river."
    art = analysed(nlp, text)
    art.events = [event(text, "killed", event_type="Violence against civilians")]
    ResolveDates()(art)
    assert art.events[0].date.start == "2017-09-08"


def test_dates_discourse_stops_at_the_nearest_dated_sentence(nlp):
    """A discourse date is never taken across another sentence's date, even one that cannot date the event."""
    text = "Rebels attacked the town on 3 May. Talks are set for 20 September. Troops shelled the hills."
    art = analysed(nlp, text)
    art.events = [event(text, "shelled")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start == "2017-09-08" and "no date stated" in d.text


def test_dates_discourse_only_from_the_main_mention(nlp):
    """A re-mention in another paragraph does not borrow the date of the event told there ("In April, ...")."""
    text = (
        "Gunmen killed five villagers in Kaduna.\n\n"
        "In April, the army bombed a camp nearby. The killing of the villagers shocked residents."
    )
    art = analysed(nlp, text)
    art.events = [_merged(text, ("killed", 0), ("killing", 0), event_type="Violence against civilians")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.start == "2017-09-08" and "no date stated" in d.text


def test_dates_past_perfect_precedes_the_stated_time(nlp):
    text = (
        "The convoy has been stuck near the border since 3 March.\n\n"
        "Aid workers say about 200 people are aboard.\n\n"
        "The families had fled the town under a truce agreed between the army and the rebels."
    )
    art = analysed(nlp, text)
    art.events = [event(text, "truce", event_type="Strategic developments")]
    ResolveDates()(art)
    d = art.events[0].date
    assert (d.start, d.end, d.precision) == ("2017-03-03", "2017-03-03", 3)
    assert d.text == "before 3 March (discourse)"


def test_dates_past_perfect_after_a_month_is_not_bounded(nlp):
    """ "earlier this month" bounds nothing worth a date: the publication day stands in."""
    text = (
        "The fare protests began earlier this month.\n\n"
        "Several city governments reversed the fare hike, but the demonstrators had moved well beyond that issue."
    )
    art = analysed(nlp, text)
    art.events = [event(text, "demonstrators", event_type="Protests")]
    ResolveDates()(art)
    assert not art.events[0].date.text.startswith("before")


def test_dates_reported_past_perfect_is_not_anteriority(nlp):
    """ "Police said gunmen had attacked" is reported speech's backshift, not an earlier event."""
    text = "Soldiers killed two bandits on 2 August.\n\nPolice said gunmen had attacked a checkpoint near the market."
    art = analysed(nlp, text)
    art.events = [event(text, "attacked")]
    ResolveDates()(art)
    d = art.events[0].date
    assert not d.text.startswith("before") and d.precision != 3  # the day's frame at most, never "before 2 August"


def test_dates_seed_deal_happened_before_the_convoy_stalled(nlp, seed_text):
    """The seed's IS-Hezbollah deal, all its mentions merged: before the convoy stalled on August 29."""
    art = analysed(nlp, seed_text, published=None)
    art.events = [
        _merged(
            seed_text, ("deal", 0), ("deal", 1), ("negotiated", 0), ("deal", 2), event_type="Strategic developments"
        )
    ]
    ResolveDates()(art)
    d = art.events[0].date
    assert "2017-08-01" <= d.start <= "2017-08-31" and d.text.endswith("(discourse)")


def test_dates_later_counts_from_the_date_just_told(nlp):
    text = "On 27 August, a car bomb killed 20 people. A day later, gunmen attacked a military academy."
    art = analysed(nlp, text)
    art.events = [event(text, "attacked")]
    ResolveDates()(art)
    assert art.events[0].date.start == "2017-08-28"


def test_dates_weekend(nlp):
    text = "Police fired tear gas at protesters over the weekend."  # published Friday 8 September 2017
    art = analysed(nlp, text)
    art.events = [event(text, "fired", event_type="Protests")]
    ResolveDates()(art)
    d = art.events[0].date
    assert (d.start, d.end) == ("2017-09-02", "2017-09-03") and "weekend" in d.text


def test_dates_a_signal_word_outside_the_time_span_still_reads_in_the_date_text(nlp):
    """The time mention is "Thursday" (TimeML leaves "until" out of the extent); the event's date says "until"."""
    text = "Rebels besieged the town until Thursday."
    art = analysed(nlp, text)
    assert [(t.text, t.anchor) for t in art.mentions.times] == [("Thursday", "until")]
    art.events = [event(text, "besieged", event_type="Battles")]
    ResolveDates()(art)
    d = art.events[0].date
    assert (d.start, d.precision) == ("2017-09-07", 1)
    assert d.text.startswith("until Thursday (")


def test_dates_the_day_told_just_before_frames_the_next_paragraph(nlp):
    """Web copy gives each sentence a paragraph: the day of the sentence just before still frames the next one,
    but not a month or a year, nor a day told two sentences back."""

    def arrest_date(text: str):
        art = analysed(nlp, text)
        art.events = [event(text, "arrested", event_type="Strategic developments")]
        ResolveDates()(art)
        return art.events[0].date

    text = "Opposition supporters rallied across Serbia yesterday.\n\nPolice arrested an opposition leader in the town."
    d = arrest_date(text)
    assert d.start == "2017-09-07" and "discourse" in d.text
    for text in (
        "Opposition supporters rallied across Serbia in August.\n\nPolice arrested an opposition leader in the town.",
        "Supporters rallied yesterday.\n\nThe opposition is split.\n\nPolice arrested an opposition leader there.",
    ):
        assert "no date stated" in arrest_date(text).text


def test_dates_a_clause_measured_from_another_event_is_shifted(nlp):
    text = ("Insurgents exploded a bomb in a market Tuesday, officials said, a day after rebels ambushed a patrol "
            "and killed eight soldiers.")
    art = analysed(nlp, text, published=date(2008, 1, 15))
    art.events = [event(text, "exploded"), event(text, "ambushed", event_type="Battles")]
    ResolveDates()(art)
    bomb, ambush = art.events
    assert bomb.date.start == "2008-01-15" and ambush.date.start == "2008-01-14"
    assert ambush.date.text == "a day before Tuesday (sentence)"
    # without a measure the clause keeps its sentence's date
    text = "Insurgents exploded a bomb in a market Tuesday, officials said, after rebels ambushed a patrol."
    art = analysed(nlp, text, published=date(2008, 1, 15))
    art.events = [event(text, "ambushed", event_type="Battles")]
    ResolveDates(offsets=False)(art)
    off = art.events[0].date.start
    ResolveDates()(art)
    assert art.events[0].date.start == off == "2008-01-15"


def test_dates_a_clause_measured_in_months_is_an_earlier_event(nlp):
    """ "came about two months after rallies ... led to deadly violence": the rallies are two months old, an
    approximate date (precision 3) measured from the publication date when the sentence names no day."""
    text = (
        "The speech at the university, which prompted the governor to declare a state of emergency, came about two "
        "months after rallies by white supremacists in Charlottesville led to deadly violence."
    )
    art = analysed(nlp, text, published=date(2017, 10, 19))
    art.events = [event(text, "rallies", event_type="Protests")]
    ResolveDates()(art)
    d = art.events[0].date
    assert d.precision == 3 and "2017-08-01" <= d.start <= "2017-08-31" and d.text.endswith("(sentence)")


def test_dates_a_dateline_without_a_year_never_dates_the_event(nlp):
    # the dateline's day (the filing day) hangs on the lead's verb in the parse; the clause's own day is "Friday"
    text = (
        "BAMAKO, Oct 11 (Reuters) - Fighters from the group JNIM killed 20 soldiers in an attack on an army post "
        "in central Mali on Friday, two security sources said."
    )
    art = analysed(nlp, text, published=date(2025, 10, 13))
    art.events = [event(text, "killed", event_type="Battles")]
    ResolveDates()(art)
    assert art.events[0].date.start == "2025-10-10" and "Friday" in art.events[0].date.text


def test_dates_an_event_without_a_date_takes_the_filing_day(nlp):
    # a new paragraph states no day: the story was filed on the dateline's day, a day before its record's date
    text = (
        "NAIROBI, Oct 7 (AP) - Police fired tear gas at protesters who stormed parliament on Tuesday. Lawmakers "
        "passed the bill.\n\nProtesters set part of the parliament building on fire."
    )
    art = analysed(nlp, text, published=date(2025, 10, 8))
    art.events = [event(text, "set part", event_type="Riots")]
    ResolveDates()(art)
    d = art.events[0].date
    assert (d.start, d.precision) == ("2025-10-07", 2) and d.text.startswith("dateline date")
    # the record's own day on the dateline: the publication date, as before
    art = analysed(nlp, text.replace("Oct 7", "Oct 8"), published=date(2025, 10, 8))
    art.events = [event(text, "set part", event_type="Riots")]
    ResolveDates()(art)
    assert art.events[0].date.text.startswith("publication date 2025-10-08")


def test_dates_a_since_range_of_a_record_is_no_event_date(nlp):
    # "the first such strike ... since October" measures a record; the strike is not dated by it
    text = ("Israeli jets struck targets near Baalbek, the first such strike so deep inside Lebanon since October. "
            "It was the deadliest attack on the city since 2015, when gunmen killed 30 people.")
    art = analysed(nlp, text, published=date(2024, 2, 27))
    art.events = [event(text, "struck"), event(text, "killed")]
    ResolveDates()(art)
    strike, killing = art.events[0].date, art.events[1].date
    assert "since" not in (strike.text or "") and strike.start == "2024-02-27"
    assert killing.start.startswith("2015")

