"""Tests for the resolve_dates stage: syntax, sentence, discourse and publication-date fallbacks."""

from __future__ import annotations

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
