"""Event status: is an event news in the article's reporting window, background, or an aggregate?

The stage ``wirecoder.event_status.v1`` runs after the dates and fatalities stages and sets
``event.status`` (the ``wirecoder/1`` field; default exports keep only ``reported`` events):

* ``background`` -- the text places the event clearly before the reporting window: the date its own
  clause or sentence states ("In 1998, ...", "last year", "the 2012 embassy assault") lies more than
  ``window_days`` before the publication date (for a stated period, its middle). A date borrowed from
  the sentences before it in its paragraph (the discourse frame: "Last month a man drove a truck into a
  crowd. He was shot and killed by police") counts too, unless ``discourse_counts`` is off; the
  publication date standing in for an unstated one never does.
* ``aggregate`` -- the event mention is a cumulative or statistical statement, not one incident: its
  date is a range up to now ("have died since 1964"), or its sentence states a running total or a
  rate ("so far this year", "in the past year", "a total of", ``data/lexicons/status.en.toml``), or
  a violence word alone names a class or series of events with a plural noun ("as attacks targeting
  Shiites have increased", "a wave of attacks across the country"), or its toll sums a series ("killed in
  separate attacks"), or its clause is a present perfect measured "since" a point ("have been killed since
  the army launched its offensive") or over the period up to now ("have been killed this year", "in 2024").
  Such a summary (a class reference or a series) is an aggregate only when the article tells an incident of
  its kind in the summary's area; else it is the only report of its incidents.
* ``unlocated`` -- the event has no place below the country: ACLED codes an event at a named location,
  at worst at the centroid of its first-order division (geo precision 3); a mention placed only at
  a country ("Sweden has been attacked", "Russia pounded Ukraine") or nowhere is not a codable event
  by itself. Opt-in (``--set stages.event_status.require_admin1=true``): on realnews it lifts strict F1
  from .298 to .394 on tune but only .299 to .323 on check, while MUC-4 incident-date accuracy falls
  from 79.6 to 59.3 and WikiEvents recall from 97.8 to 57.3 (tune), whose places often resolve to a
  country only.
* ``reported`` -- everything else.

Following the ACLED codebook, an event is one incident at one place on one day; historical events and
cumulative figures mentioned as context are not coded.

DOCS: docs/events.md
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .. import lookups
from ..analysis.spans import char_span, clause_verb, present_perfect
from ..doc import Article, Event, Location, PlaceMention
from ..gazetteer import haversine_km
from ..pipeline import Stage
from ..registry import stages
from ..resolve.dates import iso_date, own_date, provenance
from . import taxonomy

LEXICON = "lexicons/status.en.toml"
W = lookups.weights("event_status")
#: Cumulative and statistical phrases, as one word-bounded pattern.
_CUMULATIVE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in lookups.word_list(LEXICON, "cumulative_phrases")) + r")\b"
)
_RANGE_OPENERS = lookups.words(LEXICON, "range_openers")
_PERIOD_NOUNS = lookups.words(LEXICON, "period_nouns")
_PERFECT_PERIODS = lookups.words(LEXICON, "perfect_periods")
#: Adjectives that count a plural incident noun as several incidents ("separate attacks"), shared with the
#: fatalities stage, which never gives such a sum to one event.
_SERIES = lookups.words("lexicons/fatalities.en.toml", "multi_incident_modifiers")
#: Adverbs that make a clause a habit ("bandits often kidnap students for ransom"), shared with the claims rule.
_HABITUAL = lookups.words("lexicons/actors.en.toml", "claims.habitual_adverbs")


def _sentence(event: Event) -> str:
    return event.evidence[0].text if event.evidence else ""


def is_background(event: Event, published: date | None, window_days: int, discourse_counts: bool = False) -> bool:
    """Whether the event's own date lies more than ``window_days`` before publication: a day, or the middle
    of a stated period ("last month" in an article of 7 April is background; "this week" is not)."""
    if published is None or not (own_date(event.date) or (discourse_counts and provenance(event.date) == "discourse")):
        return False
    start = iso_date(event.date.start)
    end = iso_date(event.date.end) or start
    if start is None or end is None:
        return False
    # a stated period ("last month", "in March") places the event anywhere in it: judge its middle
    middle = start + (end - start) / 2
    return middle < published - timedelta(days=window_days)


def _class_reference(event: Event, doc: Any) -> bool:
    """Whether every mention of an event typed by a generic word alone is a plural noun that is not
    definite: "attacks", "a wave of attacks", "Taliban attacks", "multiple attacks". Such a noun names
    a class or a series of events ("as attacks targeting Shiites have increased"), not one incident;
    "the attacks" points back to incidents told elsewhere and stays."""
    if not event.generic or doc is None:
        return False
    spans = [t for t in [event.trigger, *event.triggers] if t is not None]
    roots = []
    for t in spans:
        span = char_span(doc, t.start, t.end)
        if span is None or not len(span):
            return False
        roots.append(span.root)
    nouns = [r for r in roots if r.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "poss") for c in r.children)]
    return bool(nouns) and all(r in nouns or _class_perfect(r, nouns) for r in roots)


def _class_perfect(verb: Any, nouns: list) -> bool:
    """Whether a verb says what a class of events has done up to now: a present perfect with no date whose subject is
    the class noun ("Attacks by groups linked to al Qaeda have killed thousands of people"), a running total."""
    return (
        verb.tag_ == "VBN"
        and present_perfect(verb)
        and any(c.dep_ == "nsubj" and c in nouns for c in verb.children)
        and not any(t.ent_type_ in ("DATE", "TIME") for t in verb.subtree)
    )


def _series(event: Event, doc: Any) -> bool:
    """Whether a generic event is told as a series of incidents: one of its triggers is a plural noun that a
    series adjective counts ("separate attacks", "multiple attacks": ``multi_incident_modifiers``) and every other
    trigger is that noun or a word it attaches to ("At least 23 killed in separate attacks"). The toll of
    the series sums incidents told one by one elsewhere (a lede's summary)."""
    if not event.generic or doc is None:
        return False
    roots = []
    for t in [event.trigger, *event.triggers]:
        span = char_span(doc, t.start, t.end) if t is not None else None
        if span is None or not len(span):
            return False
        roots.append(span.root)
    series = [
        r
        for r in roots
        if r.tag_ in ("NNS", "NNPS")
        and not any(c.dep_ in ("det", "poss") for c in r.children)
        and any(c.dep_ == "amod" and c.lower_ in _SERIES for c in r.children)
    ]
    return bool(series) and all(r in series or any(r.is_ancestor(n) for n in series) for r in roots)


def _since_perfect(event: Event, doc: Any) -> bool:
    """Whether the event's clause is in the present perfect and measured from a point by "since" (a clause or a
    noun, not only a date): "some 500 people have been killed since the army launched its offensive", "abuses have
    grown sixfold since Calderon assigned the army to the drug war". The perfect with "since" states a running
    total or a state up to now, not one incident (a "since" date already makes the event's date a range)."""
    if event.trigger is None or doc is None:
        return False
    span = char_span(doc, event.trigger.start, event.trigger.end)
    verb = clause_verb(span.root, W["clause_steps"]) if span is not None and len(span) else None
    if verb is None or verb.tag_ != "VBN" or not present_perfect(verb):
        return False
    return any(
        (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _RANGE_OPENERS for m in c.children))
        or (c.dep_ == "prep" and c.lower_ in _RANGE_OPENERS)
        or _current_period(c)
        for c in verb.children
    )


def _current_period(tok: Any) -> bool:
    """Whether a verb's dependant names the period up to now: "this year", "this month" (``perfect_periods``), or
    a year "in 2024" (with the present perfect, a running total for it)."""
    if tok.dep_ == "npadvmod" and tok.lemma_.lower() in _PERFECT_PERIODS:
        return any(c.dep_ == "det" and c.lower_ == "this" for c in tok.children)
    if tok.dep_ == "prep" and tok.lower_ == "in":
        return any(c.dep_ == "pobj" and c.like_num and len(c.text) == 4 and c.text[:2] in ("19", "20")
                   for c in tok.children)
    return False


def _habit(event: Event, doc: Any) -> bool:
    """Whether every trigger of the event sits in a clause told as a habit: its verb takes a frequency adverb
    ("armed gangs often kidnap students for ransom", "militants regularly attack convoys"). A habit is a
    statement about a class of events, not one incident."""
    if doc is None or event.trigger is None:
        return False
    for t in [event.trigger, *event.triggers]:
        span = char_span(doc, t.start, t.end)
        verb = clause_verb(span.root, W["clause_steps"]) if span is not None and len(span) else None
        if verb is None or not any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children):
            return False
    return True


def _stretch(event: Event, doc: Any) -> bool:
    """Whether the event's trigger is the object of "of" after a plural period noun: "days of protests", "weeks
    of fighting" name a stretch of many incidents, not one."""
    if event.trigger is None or doc is None:
        return False
    span = char_span(doc, event.trigger.start, event.trigger.end)
    if span is None or not len(span):
        return False
    prep = span.root.head
    return span.root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in _PERIOD_NOUNS


def summary(event: Event, doc: Any = None, series: bool = True) -> bool:
    """Whether the event mention names a class or series of events with a plural noun (:func:`_class_reference`)
    or (``series``) sums a series of incidents (:func:`_series`): a summary of incidents, which the article may
    or may not tell one by one."""
    return _class_reference(event, doc) or (series and _series(event, doc))


def _told_as_total(event: Event, doc: Any) -> bool:
    """Whether the event mention, a :func:`summary` or not, states a running total or a statistic rather than one
    incident: a stretch of incidents, a habit, a present perfect measured "since", a total or a rate."""
    return _stretch(event, doc) or _habit(event, doc) or _since_perfect_on(event, doc) or _stated_total(event)


def _since_perfect_on(event: Event, doc: Any) -> bool:
    return bool(W["since_perfect"]) and _since_perfect(event, doc)


def _stated_total(event: Event) -> bool:
    """Whether the event is dated by a range up to now or its sentence states a running total or a rate."""
    if event.date is not None and event.date.text:
        first = event.date.text.split(maxsplit=1)[0].lower()
        if first in _RANGE_OPENERS:
            return True
    return bool(_CUMULATIVE.search(_sentence(event).lower()))


def _areas(event: Event, places: list[PlaceMention]) -> list[tuple]:
    """The places a summary speaks of, as (lat, lon, country code, first-order division): its location and every
    place its sentences name ("in separate attacks in Kabul and Farah province"); empty when one of them names no
    place below a country (a summary of the whole country)."""
    areas = []
    if event.location is not None:
        loc = event.location
        areas.append((loc.lat, loc.lon, loc.country_code, loc.admin1))
    for ev in event.evidence:
        for m in places:
            p = m.resolved
            if p is not None and m.role == "location" and ev.start <= m.start < ev.end:
                areas.append((p.lat, p.lon, p.cc, p.admin1))
    return [] if any(lat is None or not admin1 for lat, _, _, admin1 in areas) else areas


def _in_area(areas: list[tuple], other: Location | None) -> bool:
    """Whether an incident placed at ``other`` lies in one of a summary's :func:`_areas` (any, when the summary
    names no place below a country): the same first-order division, or at most ``summary_area_km`` away."""
    if not areas:
        return True
    if other is None or other.lat is None:
        return False
    return any(
        (other.admin1 and other.admin1 == admin1 and other.country_code == cc)
        or haversine_km(lat, lon, other.lat, other.lon) <= W["summary_area_km"]
        for lat, lon, cc, admin1 in areas
    )


class EventStatus(Stage):
    """Set ``event.status``: reported, background or aggregate (see the module docstring).

    window_days (int): days before publication beyond which an event's own date makes it background.
    discourse_counts (bool): dates borrowed from neighbouring sentences also count.
    aggregates (bool): mark cumulative and statistical statements as aggregates.
    require_admin1 (bool): mark events with no place below the country as unlocated.
    """

    requires = (
        "article.published",
        "article.doc",
        "events",
        "event.date",
        "event.location",
        "mentions.places",
        "places.resolved",
    )
    assigns = ("event.status",)

    def __init__(
        self,
        window_days: int,
        discourse_counts: bool,
        aggregates: bool,
        require_admin1: bool,
        class_references: bool = True,
        series: bool = True,
        summaries_told: bool = True,
    ) -> None:
        self.class_references = class_references
        self.summaries_told = summaries_told
        self.series = series
        self.window_days = window_days
        self.discourse_counts = discourse_counts
        self.aggregates = aggregates
        self.require_admin1 = require_admin1

    def __call__(self, article: Article) -> Article:
        doc = article.doc if self.class_references else None
        # a summary of incidents ("killed in separate attacks", "attacks have increased") is an aggregate when the
        # article tells an incident of its kind on its own; when it tells none, the summary is its only report
        summaries = {id(e) for e in article.events if summary(e, doc, self.series)}
        told = [e for e in article.events if id(e) not in summaries and e.modality == "asserted"]
        for event in article.events:
            untold = self.summaries_told and id(event) in summaries
            if untold:
                areas = _areas(event, article.mentions.places)  # (once per summary, not per incident)
                family = taxonomy.family(event.sub_event_type)
                untold = not any(
                    taxonomy.family(e.sub_event_type) == family and _in_area(areas, e.location) for e in told
                )
            # a summary is an aggregate unless it is the article's only report of its incidents; any mention may
            # still state a total or a stretch
            aggregate = (id(event) in summaries and not untold) or _told_as_total(event, doc)
            if self.aggregates and aggregate:
                event.status = "aggregate"
            elif is_background(event, article.published, self.window_days, self.discourse_counts):
                event.status = "background"
            elif self.require_admin1 and (event.location is None or not event.location.admin1):
                event.status = "unlocated"
        return article


@stages.register("wirecoder.event_status.v1")
def make_event_status(
    config: dict,
    *,
    window_days: int = int(W["window_days"]),
    discourse_counts: bool = bool(W["discourse_counts"]),
    aggregates: bool = True,
    require_admin1: bool = False,
    class_references: bool = True,
    series: bool = True,
    summaries_told: bool = True,
) -> EventStatus:
    """Factory of the event status stage.

    class_references (bool): a generic plural ("attacks", "a wave of attacks") is an aggregate.
    series (bool): a toll of a series of incidents ("killed in separate attacks") is an aggregate.
    summaries_told (bool): such a summary (a class reference or a series) is an aggregate only when the article
        tells an incident of its kind in the summary's area (:func:`_in_area`); else it is the only report.
    """
    return EventStatus(
        window_days, discourse_counts, aggregates, require_admin1, class_references, series, summaries_told
    )
