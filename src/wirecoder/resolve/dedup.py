"""Article-level events: mentions of one real event become one event, distinct events stay distinct.

The stage ``wirecoder.dedup_events.v1`` runs after the resolve stages (so places, dates, actors and
fatalities are known) and the status stage. Two asserted, reported events of one article are one
event when (ACLED's unit of coding: one type, one place, one day):

* **kind** -- the same event type and merge family (``merge_on = "event_type"``, default: an arrest and
  an agreement are both strategic developments but not one event), or the same family alone; a definite "the
  attack" may name a violent event of any type, and a definite specific noun ("the suicide bombing") a violent
  event told before it by a generic word (:func:`generic_mention_of`);
* **time** -- their dates overlap, within ``date_slack_days`` (an event whose date the text does not
  state fits any);
* **place** -- the same place (same GeoNames id or points within ``same_place_km``), or one names the
  country or first-order division that holds the other ("strikes on Ukraine" and "a strike on
  Mykolaiv"), or one has no place; agreements are told wherever their parties are named, so their
  place is not compared; a definite "the attack" placed outside its own phrase (not by a verb of occurrence,
  "took place in") is compared as placeless (:func:`foreign_place`);
* **actors** -- no conflict: where both name an actor1 (or an actor2) by its proper name, the names
  agree; a group noun ("gunmen", "police") may stand for a named actor of its kind only.

The finer-placed, then the more strongly stated (``finalize.evidence``), event absorbs the other: its
evidence, triggers and missing actors. What an absorbed mention may lend (:func:`lendable`): its actors only
when both state the same day (a mention dated another day, though within the slack, may tell another event of
the kind: "bombs set off last night" beside "guerrillas blew up a pole at daybreak today"), its toll only when it
is of the same kind (a toll told of an armed clash is no toll of the shelling it was merged with).

A coarse mention that fits several finer events summarises them
("Russian missiles struck cities across Ukraine" beside strikes on Mykolaiv and Odesa): it lends them
the actors they lack and is dropped, and its toll ("killed 58 in a wave of attacks") goes to none of
them. Re-mentions of one toll are not summed: the merged event keeps the lowest and highest figures as
``low``/``high``, and as ``best`` the absorbing event's, unless the other's :func:`outranks` it (a written number
over victims named one by one; the lower of two counts of the same dead, ACLED's conservative figure).

After merging, a killing told by a generic word takes the type of the day's strike (:func:`wave_casualties`); one
that is then the same ACLED row as that strike (sub-type, GeoNames place, day, actors) is folded into it
(:func:`rejoin_retyped`, setting ``rejoin_retyped``): the seed's lede "has killed dozens of militants" and its
body's air strike are one event.

Dates: an event whose own mention states none (the publication day stands in) takes the day its most strongly
stated re-mention gives within the week before publication (``remention_dates``), or the bound a past-perfect
re-mention by the same word sets ("a deal" ... "had been headed ... under an evacuation deal": before August 29;
``past_perfect_dates``); merging itself is decided on the mentions' own dates.

DOCS: docs/events.md
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from typing import Any, Literal

from .. import lookups
from ..analysis.spans import char_span
from ..doc import Article, Event, EventDate, Fatalities, PlaceMention
from ..events import taxonomy
from ..events.finalize import evidence
from ..events.merge import absorb, compatible, named
from ..events.triggers import load_lexicon
from ..gazetteer import haversine_km
from ..pipeline import Stage
from ..registry import stages
from .dates import iso_date, own_date, provenance
from .fatalities import same_victims
from .geo import ADMIN_NOUNS, TOWN_NOUNS, place_head, place_location
from .roles import STATE, definite

W = lookups.weights("dedup_events")
_COUNTRY = tuple(W["country_features"])
_ADMIN1 = tuple(W["admin1_features"])
_PLACELESS = frozenset(W["placeless_families"])
_LEXICON = "lexicons/events.en.toml"
#: "one in Beni Suef, the other in Fayoum": words that share an event out among places, and their prepositions.
_DISTRIBUTIVE = frozenset(lookups.word_list(_LEXICON, "dedup.distributive_words"))
_DISTRIBUTIVE_PREPS = frozenset(lookups.word_list(_LEXICON, "dedup.distributive_preps"))
#: "also", "separately": a mention told as one more event (see :func:`additive`).
_ADDITIVE = frozenset(lookups.word_list(_LEXICON, "dedup.additive_adverbs"))
#: Sub-types of remote violence whose casualties a report tells without the weapon (see :func:`wave_casualties`).
_WAVE_TYPES = frozenset(lookups.word_list(_LEXICON, "dedup.wave_types"))
#: Trigger words that tell a means no strike has: a killing told by one is no casualty of the wave.
_HAND_MEANS = lookups.words(_LEXICON, "dedup.hand_means")
#: What a definite violence word ("the attack") may point back to (see :func:`generic_mention_of`).
_ANAPHOR_FAMILIES = frozenset(lookups.word_list(_LEXICON, "dedup.anaphor_host_families"))
_ANAPHOR_TYPES = frozenset(lookups.word_list(_LEXICON, "dedup.anaphor_host_types"))
#: Event types whose participants' violence is the event itself, and the ACLED inter codes of such participants.
_RIOT_TYPES = frozenset(W["riot_types"])
_RIOT_JOINS = frozenset(W["riot_joins"])
_RIOT_AGENTS = frozenset(W["riot_agents"])
_ARMED_OWN = frozenset(W["riot_never_agents"])
#: "the city of Alexandria and the cities of Mansoura and Tanta": nouns naming the kind of a place they hold.
_KIND_NOUNS = TOWN_NOUNS | ADMIN_NOUNS
#: Verbs of occurrence ("took place", "happened"): the place of one whose subject is "the attack" is the attack's own.
_OCCURRENCE = frozenset(lookups.word_list(_LEXICON, "dedup.occurrence_verbs"))


def _feature(ev: Event) -> str:
    loc = ev.location
    if loc is None or loc.mention is None or not loc.mention.feature:
        return ""
    return loc.mention.feature


def coarseness(ev: Event) -> int:
    """2 for no place, a country or a first-order division... ordered: 0 a place, 1 a division, 2 a country,
    3 no place."""
    if ev.location is None or (ev.location.lat is None and ev.location.name is None):
        return 3
    feature = _feature(ev)
    if feature.startswith(_COUNTRY):
        return 2
    if feature.startswith(_ADMIN1):
        return 1
    return 0


def same_time(a: Event, b: Event, slack: int) -> bool:
    """Whether two events' date ranges overlap, within ``slack`` days (events whose own sentence states no date
    fit any: a date borrowed from the sentences before is the frame, not the event's own statement)."""
    if not own_date(a.date) or not own_date(b.date):
        return True
    a0, b0 = iso_date(a.date.start), iso_date(b.date.start)
    if a0 is None or b0 is None:
        return True
    a1, b1 = iso_date(a.date.end) or a0, iso_date(b.date.end) or b0
    pad = timedelta(days=slack)
    return a0 - pad <= b1 and b0 - pad <= a1


def same_place(fine: Event, coarse: Event, km: float, approximate_km: float | None = None) -> bool:
    """Whether ``coarse``'s place is ``fine``'s, holds it, or is not given. Two points at most ``km`` apart are
    one place; at most ``approximate_km`` apart when either is approximate (ACLED geo precision 2 or coarser: "near"
    a town, a part of a region, a place reached only through the discourse), which cannot tell neighbours apart."""
    if coarseness(coarse) == 3 or coarseness(fine) == 3:
        return True
    lf, lc = fine.location, coarse.location
    assert lf is not None and lc is not None
    if lf.geonames_id is not None and lf.geonames_id == lc.geonames_id:
        return True
    if approximate_km is not None and ((lf.precision or 1) >= 2 or (lc.precision or 1) >= 2):
        km = max(km, approximate_km)
    if None not in (lf.lat, lf.lon, lc.lat, lc.lon) and haversine_km(lf.lat, lf.lon, lc.lat, lc.lon) <= km:
        return True
    level = coarseness(coarse)
    if level == 2:
        return bool(lf.country_code) and lf.country_code == lc.country_code
    if level == 1:
        return bool(lf.admin1) and lf.country_code == lc.country_code and lf.admin1 == lc.admin1
    return False


def anaphoric(ev: Event, doc: Any) -> bool:
    """Whether an event was typed by a generic word alone, said as a definite noun phrase that points back
    to an event told elsewhere: "the attack", "Saturday's attack", "this new terrorist attack"."""
    if not ev.generic or ev.trigger is None or doc is None:
        return False
    span = char_span(doc, ev.trigger.start, ev.trigger.end)
    return span is not None and len(span) > 0 and span.root.pos_ == "NOUN" and definite(span.root)


def _anaphor_host(ev: Event) -> bool:
    """Whether "the attack" may point back to the event: a violent event of any type or a riot (a mob's attack,
    a rioting crowd's: ``dedup.anaphor_host_families``, ``dedup.anaphor_host_types``)."""
    return taxonomy.family(ev.sub_event_type) in _ANAPHOR_FAMILIES or ev.sub_event_type in _ANAPHOR_TYPES


def foreign_place(ev: Event, doc: Any) -> bool:
    """Whether an :func:`anaphoric` mention's place, named in its own sentence, lies outside the definite noun's own
    phrase ("The White House condemned the assassination ..., President Obama was briefed while on vacation in
    Hawaii"; "said the attack was probably related to Turkey's Operation Olive Branch in Afrin"): a definite
    description re-mentions an event already told, and only a place in its own phrase places it. The place of a verb
    of occurrence the noun is the subject of is its own ("The attack took place in the Dera Ismail Khan district")."""
    loc = ev.location
    if loc is None or loc.mention is None or ev.trigger is None or not anaphoric(ev, doc):
        return False
    trig = char_span(doc, ev.trigger.start, ev.trigger.end)
    place = char_span(doc, loc.mention.start, loc.mention.end)
    if trig is None or place is None or len(trig) == 0 or len(place) == 0:
        return False
    t, p = trig.root, place.root
    if t.sent.start != p.sent.start:
        return False  # (a place lent by the discourse is compared as before)
    if t in p.ancestors or p in t.subtree:
        return False
    verb = t.head
    said = {verb.lemma_.lower()} | {f"{verb.lemma_.lower()} {c.lower_}" for c in verb.children if c.dep_ == "dobj"}
    return not (t.dep_ == "nsubj" and said & _OCCURRENCE and p in verb.subtree)


def _definite_specific(ev: Event, doc: Any) -> bool:
    """Whether a violent event typed by a specific word is said as a definite noun phrase ("the suicide bombing",
    "Monday's ambush"): it points back to an event told before."""
    if ev.generic or ev.trigger is None or doc is None or taxonomy.family(ev.sub_event_type) != "violence":
        return False
    span = char_span(doc, ev.trigger.start, ev.trigger.end)
    if span is None or len(span) == 0 or span.root.pos_ != "NOUN" or not definite(span.root):
        return False
    # the noun itself names the kind ("the suicide bombing"), not a word beside it ("the murder ... is suicide")
    found = [m for m in load_lexicon().find(span) if m.is_trigger]
    return any(m.cls == ev.sub_event_type or m.cls.startswith("@") for m in found)


def generic_mention_of(a: Event, b: Event, doc: Any, definite_specifics: bool = False) -> bool:
    """Whether one of two events is an :func:`anaphoric` mention of the other: "the attack" can name a violent
    event of any type (a bombing, a shelling, a clash) or a riot (a mob's attack), so the kinds agree. With
    ``definite_specifics``, also a definite specific noun told after a violent mention typed by a generic word ("In a
    separate attack in the capital Kabul, a bomber killed at least three people ... the suicide bombing took place in
    Kabul's Shash Darak area"): the definite noun names the kind of the event the generic words told."""
    if any(
        taxonomy.family(x.sub_event_type) == "violence" and anaphoric(x, doc) and _anaphor_host(y)
        for x, y in ((a, b), (b, a))
    ):
        return True
    return definite_specifics and any(
        x.generic
        and taxonomy.family(x.sub_event_type) == "violence"
        and x.trigger is not None
        and y.trigger is not None
        and x.trigger.start < y.trigger.start
        and _definite_specific(y, doc)
        for x, y in ((a, b), (b, a))
    )


def additive(ev: Event, doc: Any) -> bool:
    """Whether a mention is told as one more event: its trigger's clause carries an additive adverb ("the RSF
    also shelled residential neighbourhoods", "gunmen separately attacked a checkpoint"; ``additive_adverbs``)."""
    if doc is None or ev.trigger is None:
        return False
    tok = char_span(doc, ev.trigger.start, ev.trigger.end)
    if tok is None:
        return False
    head = tok.root
    while head.dep_ in ("xcomp", "aux", "auxpass") and head.head.i != head.i:
        head = head.head
    return any(c.dep_ == "advmod" and c.lower_ in _ADDITIVE for c in head.children)


def riot_violence(a: Event, b: Event) -> Event | None:
    """The riot of two events when one is a riot and the other violence or property destruction (``riot_joins``)
    by no armed actor of its own at the same place and time (checked by the caller): "protesters stormed the
    headquarters ... clashes left five dead" is one violent demonstration (ACLED codes the violence of a riot's
    participants as the riot), and so is "Arsonists set fire to 30 buses" told beside it (codebook: property
    destroyed in a riot belongs to it).
    Violence by a named or state armed actor stays its own event (police firing on rioters, gunmen attacking
    a crowd); None when the two are not such a pair."""
    for riot, other in ((a, b), (b, a)):
        if riot.event_type not in _RIOT_TYPES or taxonomy.family(other.sub_event_type) not in _RIOT_JOINS:
            continue
        agent = other.actor1
        if agent is None or agent.inter in _RIOT_AGENTS or (agent.mention is None and agent.inter not in _ARMED_OWN):
            return riot
    return None


def _news(events: list[Event]) -> list[Event]:
    """The asserted events reported in the window, and those placed only at a country: what merges here."""
    return [e for e in events if e.modality == "asserted" and e.status in ("reported", "unlocated")]


def wave_casualties(events: list[Event], date_slack_days: int) -> list[Event]:
    """Give the type of a strike of remote violence (``dedup.wave_types``) to the killings of the same day
    typed by a generic word alone and with no agent other than the strike's: "Russia fired 120 missiles ...
    In Lviv region, a woman in a car was killed" is a missile strike in Lviv region (ACLED types by means).
    RETURNS: the events retyped."""
    news = _news(events)
    retyped: list[Event] = []
    waves = [e for e in news if not e.generic and e.sub_event_type in _WAVE_TYPES]
    if not waves:
        return retyped
    for ev in news:
        if not ev.generic or taxonomy.family(ev.sub_event_type) != "violence" or ev.sub_event_type in _WAVE_TYPES:
            continue
        if ev.trigger is not None and any(w in _HAND_MEANS for w in ev.trigger.text.lower().split()):
            continue  # "shot by a settler": gunfire, not the day's air strikes
        own_agent = ev.actor1 is not None and ev.actor1.mention is not None  # (not a name guessed from the text)
        fits = [
            w
            for w in waves
            if same_time(w, ev, date_slack_days)
            and (not own_agent or (w.actor1 is not None and w.actor1.name == ev.actor1.name))
        ]
        if fits:
            wave = max(fits, key=evidence)
            ev.event_type, ev.sub_event_type, ev.plover = wave.event_type, wave.sub_event_type, wave.plover
            if not own_agent:
                ev.actor1 = wave.actor1
            retyped.append(ev)
    return retyped


def _same_row(a: Event, b: Event) -> bool:
    """Whether two events would be the same row of an ACLED table: one sub-type, one GeoNames place, one day, and
    the same actor1 (and actor2, where both name one) by canonical name."""
    la, lb = a.location, b.location
    if la is None or lb is None or la.geonames_id is None or la.geonames_id != lb.geonames_id:
        return False
    if a.sub_event_type != b.sub_event_type or a.date is None or b.date is None or a.date.start != b.date.start:
        return False
    if a.actor1 is None or b.actor1 is None or not a.actor1.canonical or a.actor1.canonical != b.actor1.canonical:
        return False
    return a.actor2 is None or b.actor2 is None or a.actor2.canonical == b.actor2.canonical


def rejoin_retyped(events: list[Event], retyped: list[Event], reconcile: bool = True) -> list[Event]:
    """A killing the wave rule retyped (:func:`wave_casualties`) that now is the same row as a strike of the day
    (:func:`_same_row`) is a mention of that strike: the lede's "has killed dozens of militants" beside the body's
    air strike on the same town by the same coalition. It is folded into the strike; nothing else merges again."""
    gone: set[int] = set()
    moved = {id(e) for e in retyped}  # (by identity: events compare by value)
    hosts = [o for o in _news(events) if id(o) not in moved]
    for ev in retyped:
        host = next((o for o in hosts if _same_row(o, ev)), None)
        if host is None:
            continue
        _absorb_mention(host, ev, ev, reconcile)
        gone.add(id(ev))
    return [e for e in events if id(e) not in gone]


def _coordinated_places(doc: Any, m: PlaceMention, places: list[PlaceMention]) -> tuple[list[PlaceMention], bool]:
    """The resolved places coordinated with ``m`` in the parse ("in Alexandria, Mansoura and Tanta", "in Shawa
    and Alagarno villages") or shared out by distributive words ("one in Beni Suef, the other in Fayoum"), each a
    first-order division or finer, in text order, ``m`` itself included; and whether they were shared out."""
    root = place_head(doc, m)
    if root is None:
        return [m], False
    members: set[int] = set()
    for tok in (root, _kind_slot(root)):  # "Alexandria", or "city" in "the city of Alexandria and ..."
        members |= {tok.i, *(c.i for c in tok.conjuncts)}
    for i in list(members):
        named = _kind_name(doc[i])  # "the cities of Mansoura, Tanta and Damanhour": the names it holds
        if named is not None:
            members |= {named.i, *(c.i for c in named.conjuncts)}
    shared = len(members) < 2
    if shared:
        members = _distributed(root)
    if len(members) < 2:
        return [m], False
    found = []
    for p in places:
        if p.role != "location" or p.resolved is None or p.resolved.level < 2:
            continue
        head = place_head(doc, p)
        if head is not None and head.i in members:
            found.append(p)
    return (sorted(found, key=lambda p: p.start), shared) if m in found else ([m], False)


def _kind_name(tok: Any) -> Any:
    """The name a place-kind noun holds through "of" ("city" in "the city of Alexandria"), or None."""
    if tok.lemma_.lower() not in _KIND_NOUNS and tok.lower_ not in _KIND_NOUNS:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _kind_slot(head: Any) -> Any:
    """The token a place fills in its clause: "the city of Alexandria" is coordinated through "city"."""
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "of" and prep.dep_ == "prep":
        kind = prep.head
        named = _kind_name(kind)
        if named is not None and named.i == head.i:
            return kind
    return head


def _distributed(head: Any) -> set[int]:
    """The heads of the places an event is shared out among by distributive words in ``head``'s sentence ("one
    in Beni Suef, the other in Fayoum"), when ``head`` is one of them; else ``{head.i}``."""

    def shared_out(tok: Any) -> bool:
        prep = tok.head
        return (
            tok.dep_ == "pobj"
            and prep.lower_ in _DISTRIBUTIVE_PREPS
            and prep.head.lower_ in _DISTRIBUTIVE
            and prep.head.i < prep.i
        )

    if not shared_out(head):
        return {head.i}
    return {tok.i for tok in head.sent if shared_out(tok)}


def split_by_place(ev: Event, doc: Any, places: list[PlaceMention]) -> list[Event]:
    """One event per place of a coordinated list that locates it (ACLED codes one event per place and
    day): "protesters rallied in Alexandria, Mansoura and Tanta" is three protests. Each copy keeps the
    event's type, date, actors and evidence; a toll stated once for the list is not divided, so it stays
    with the first place only (the others get 0, with the list's toll as their high bound), unless the list
    shares it out one by one ("two protesters were shot, one in Beni Suef, the other in Fayoum": one death in
    each)."""
    loc = ev.location
    if loc is None or loc.mention is None or loc.mention.resolved is None or loc.mention.resolved.level < 2:
        return [ev]
    listed, shared = _coordinated_places(doc, loc.mention, places)
    if len(listed) < 2:
        return [ev]
    toll = ev.fatalities
    one_each = shared and toll is not None and toll.best == len(listed) and toll.low in (None, toll.best)
    out = []
    for k, m in enumerate(listed):
        part = copy.copy(ev)  # shallow: the lists it changes are copied below
        part.location = place_location(m, m.resolved, loc.precision)
        part.evidence, part.triggers = list(ev.evidence), list(ev.triggers)
        part.sent_starts, part.associated_actors = list(ev.sent_starts), list(ev.associated_actors)
        part.associated_actors_2 = list(ev.associated_actors_2)
        if one_each:
            part.fatalities = Fatalities(low=1, best=1, high=1, text=toll.text)
        elif k and toll is not None:
            # the list's toll stays with the first place: none is stated for this one (ACLED codes 0), and it
            # cannot exceed the list's
            part.fatalities = Fatalities(low=0, best=0, high=toll.high if toll.high is not None else toll.best,
                                         text=None)
        out.append(part)
    return out


def actors_agree(a: Event, b: Event) -> bool:
    """No conflict between the events' actor1s, nor between their actor2s. Perpetrators: proper names must
    agree; a group noun ("gunmen", "police") may stand for a named actor, but only one of its kind (police are
    no mob). Targets: only two proper names conflict, for one report calls the same victims "people",
    "fighters", "soldiers" or "casualties" as it goes ("killed 25 fighters", "ambushed people at a checkpoint")."""
    if taxonomy.family(a.sub_event_type) == "protest" and taxonomy.family(b.sub_event_type) == "protest":
        (a1, a2), (b1, b2) = _sides(a), _sides(b)
        return compatible(a1, b1) and compatible(a2, b2)
    targets = compatible(a.actor2, b.actor2) or not (named(a.actor2) and named(b.actor2))
    return targets and compatible(a.actor1, b.actor1)


def _sides(ev: Event) -> tuple[Any, Any]:
    """A demonstration's crowd and state sides, whichever role the sentence gave them: "police fired tear gas at
    protesters" has the police as its subject, "protesters threw stones at police" the crowd; the actor roles stage
    puts the crowd first for both (ACLED's convention), so two mentions of one protest compare side by side."""
    actors = [x for x in (ev.actor1, ev.actor2) if x is not None]
    state = next((x for x in actors if x.inter == STATE), None)
    crowd = next((x for x in actors if x is not state), None)
    return crowd, state


def lendable(into: Event, other: Event, same_day_actors: bool = True, same_kind_tolls: bool = True) -> Event:
    """What ``other`` may lend ``into`` when it is absorbed, as a shallow copy of it: without its actors when both
    events state their own date and the days differ (within the slack one day apart is still a merge, but the
    actors of another day's mention may be another event's: ACLED codes one event per day); without its toll when
    both are typed by a specific word and the sub-types differ (the toll is told of the other's kind of event)."""
    lent = copy.copy(other)
    if same_day_actors and own_date(into.date) and own_date(other.date) and into.date.start != other.date.start:
        lent.actor1 = lent.actor2 = None
    if same_kind_tolls and not (into.generic or other.generic) and into.sub_event_type != other.sub_event_type:
        lent.fatalities = None
    return lent


def _bounded_before(event: Event, target: Event) -> bool:
    """Whether the event's date is the bound a past-perfect clause sets ("the fighters had been headed ... under an
    evacuation deal" after "stalled since August 29": before August 29; :mod:`wirecoder.resolve.dates`, step 4),
    and the event names what it re-mentions by the same word ("a deal" ... "an evacuation deal"): repeating the
    noun is how a text picks up the same event; "the demonstrators had moved beyond that issue" is no re-mention
    of "the protest"."""
    d = event.date
    if d is None or d.text is None or not d.text.startswith("before ") or provenance(d) != "discourse":
        return False
    words = {t.text.lower() for t in [target.trigger, *target.triggers] if t is not None}
    return event.trigger is not None and event.trigger.text.lower() in words


def _recent_own_date(event: Event, published: date | None, days: int) -> bool:
    """Whether the event's own clause or sentence states a day lying within ``days`` before the publication
    day ("THE EXPLOSION OCCURRED AT 2350 ON 16 JANUARY" in a message of 18 January): the week the publication
    stand-in of an undated mention of the same event claims, now told to the day ("last week" tells no day)."""
    d = event.date
    if published is None or d is None or not own_date(d) or d.precision != 1:
        return False
    start, end = iso_date(d.start), iso_date(d.end) or iso_date(d.start)
    return start is not None and end is not None and published - timedelta(days=days) <= start and end <= published


def remention_date(told: EventDate) -> EventDate:
    """The date a merged re-mention states, as the event's: its text ends "(re-mention)", so the event's own
    mention still counts as stating no date (its confidence, :func:`~wirecoder.resolve.dates.own_date`)."""
    said = (told.text or "").rsplit(" (", 1)[0]
    return EventDate(told.start, told.end, told.precision, f"{said} (re-mention)")


def outranks(told: Fatalities, kept: Fatalities) -> bool:
    """Whether a merged re-mention's toll ``told`` should give the event's ``best`` instead of ``kept``, by the
    rules that choose among one event's statements (:func:`~wirecoder.resolve.fatalities.combine`): a stronger kind
    of statement wins (a written number over victims named one by one, over vague words, over "no casualties"), and
    between two of one kind the lower count, ACLED's most conservative figure, when both may count the same dead
    (:func:`~wirecoder.resolve.fatalities.same_victims`: "killed 12 villagers" and "at least 10 villagers were
    killed", or "30 people" and "27 soldiers", may be; "43 soldiers" and "10 attackers" are two sides of a clash
    and keep the absorbing mention's figure)."""
    if told.text is None or not told.best:
        return False
    if told.tier != kept.tier:
        return told.tier < kept.tier
    return kept.best is not None and told.best < kept.best and same_victims(told, kept)


def _fold_fatalities(into: Event, other: Event, reconcile: bool = True) -> None:
    """Fold an absorbed mention's toll into the event's: low/high keep the range, ``best`` is the event's own
    unless ``reconcile`` and the other mention's :func:`outranks` it (re-mentions of one toll are never summed)."""
    fi, fo = into.fatalities, other.fatalities
    if fo is None or fo.best is None:
        return
    if fi is None or fi.best is None or (fi.text is None and fo.text is not None):
        into.fatalities = fo  # the other mention states a toll where this one states none
        return
    if reconcile and outranks(fo, fi):
        fi, fo = fo, fi
    lows = [x for x in (fi.low, fo.low, fi.best, fo.best) if x is not None]
    highs = [x for x in (fi.high, fo.high, fi.best, fo.best) if x is not None]
    into.fatalities = dataclasses.replace(fi, low=min(lows), high=max(highs))


def _absorb_mention(into: Event, other: Event, toll_from: Event, reconcile: bool) -> None:
    """Fold a mention into the event it re-mentions: its evidence, triggers and missing actors (:func:`absorb`),
    and the toll of ``toll_from`` as re-mentions' tolls are folded (:func:`_fold_fatalities`: never summed)."""
    absorb(into, other)  # (which leaves the toll alone)
    _fold_fatalities(into, toll_from, reconcile)


class DedupEvents(Stage):
    """Merge an article's mentions of one real event (see the module docstring).

    merge_on (str): "event_type" or "family" (taxonomy merge family): what "the same kind" means.
    same_place_km (float): points at most this far apart are one place.
    date_slack_days (int): dates this many days apart still overlap.
    same_day_actors (bool), same_kind_tolls (bool): see :func:`lendable`.
    """

    # (the place and actor mentions: a location's feature code, whether an actor is a proper name)
    # (and the parse: whether a generic mention is a definite noun phrase)
    requires = (
        "article.doc",
        "article.published",  # (how recent a re-mention's day is)
        "mentions.actors",
        "mentions.places",
        "places.resolved",
        "events",
        "event.status",
        "event.date",
        "event.location",
        "event.fatalities",
        "event.actors",
    )
    assigns = ("events", "event.fatalities", "event.location", "event.date")  # (the location of each place's copy;
    # the date a past-perfect re-mention bounds)

    def __init__(
        self,
        merge_on: str,
        same_place_km: float,
        date_slack_days: int,
        generic_joins: bool = True,
        split_places: bool = True,
        wave_types: bool = True,
        same_day_actors: bool = True,
        same_kind_tolls: bool = True,
        riot_violence: bool = True,
        past_perfect_dates: bool = True,
        remention_dates: bool = True,
        reconcile_tolls: bool = True,
        rejoin_retyped: bool = True,
        additive_events: bool = True,
        approximate_places: bool = True,
        foreign_places: bool = True,
        definite_specifics: bool = True,
    ) -> None:
        self.foreign_places = foreign_places
        self.definite_specifics = definite_specifics
        self.additive_events = additive_events
        self.reconcile_tolls = reconcile_tolls
        self.rejoin_retyped = rejoin_retyped
        self.remention_dates = remention_dates
        self.riot_violence = riot_violence
        self.past_perfect_dates = past_perfect_dates
        self.same_day_actors = same_day_actors
        self.same_kind_tolls = same_kind_tolls
        self.split_places = split_places
        self.wave_types = wave_types
        self.merge_on = merge_on
        self.same_place_km = same_place_km
        self.date_slack_days = date_slack_days
        self.remention_days = int(W["remention_days"])
        self.approximate_place_km = float(W["approximate_place_km"]) if approximate_places else None
        self.generic_joins = generic_joins

    def _kind(self, ev: Event) -> tuple[str, ...]:
        family = taxonomy.family(ev.sub_event_type)
        if self.merge_on == "family":
            return (family,)
        if self.merge_on == "event_type":
            return (ev.event_type,)
        # Strategic developments are unlike one another (an arrest is no agreement): the family splits them.
        return (ev.event_type, family)

    def mergeable(self, fine: Event, coarse: Event, doc: Any = None) -> bool:
        """Whether ``coarse`` is a mention of the event ``fine`` (pure)."""
        placeless = taxonomy.family(fine.sub_event_type) in _PLACELESS
        return (
            (
                self._kind(fine) == self._kind(coarse)
                or (self.generic_joins and generic_mention_of(fine, coarse, doc, self.definite_specifics))
                or (self.riot_violence and riot_violence(fine, coarse) is not None)
            )
            and (
                placeless
                or same_place(fine, coarse, self.same_place_km, self.approximate_place_km)
                or (self.foreign_places and (foreign_place(fine, doc) or foreign_place(coarse, doc)))
            )
            and same_time(fine, coarse, self.date_slack_days)
            and actors_agree(fine, coarse)
            # one more event of another kind, told in a sentence of its own, is no re-mention
            and not (
                self.additive_events
                and fine.sub_event_type != coarse.sub_event_type
                and not set(fine.sent_starts) & set(coarse.sent_starts)
                and (additive(fine, doc) or additive(coarse, doc))
            )
        )

    def __call__(self, article: Article) -> Article:
        if self.split_places and article.doc is not None:
            places = article.mentions.places
            article.events = [
                part
                for ev in article.events
                for part in (split_by_place(ev, article.doc, places) if ev.modality == "asserted" else [ev])
            ]
        # reported events, and those placed only at a country: a re-mention of a located event joins it
        news = _news(article.events)
        if len(news) < 2:
            return article
        # finer places first, then the more confident: they absorb the others
        position = {id(e): i for i, e in enumerate(article.events)}
        order = sorted(news, key=lambda e: (coarseness(e), -evidence(e), position[id(e)]))
        kept: list[Event] = []
        gone: set[int] = set()
        told: dict[int, EventDate] = {}  # target -> the date a re-mention states (applied after merging: see below)
        for ev in order:
            targets = [k for k in kept if self.mergeable(k, ev, article.doc)]
            if not targets:
                kept.append(ev)
                continue
            target = targets[0]
            if coarseness(ev) > coarseness(target) and len(targets) > 1:
                # A coarser mention that fits several finer events summarises them ("Russian missiles struck
                # cities across Ukraine"): it lends them the actors they lack; its toll is theirs together.
                for t in targets:
                    for role in ("actor1", "actor2"):
                        if getattr(t, role) is None and getattr(ev, role) is not None:
                            setattr(t, role, getattr(ev, role))
                gone.add(id(ev))
                continue
            riot = riot_violence(target, ev) if self.riot_violence else None
            if riot is not None:  # the riot's type for both, whichever absorbs the other
                target.event_type, target.sub_event_type = riot.event_type, riot.sub_event_type
                target.plover = riot.plover
                target.generic = False
            kind = (target.event_type, target.sub_event_type, target.plover, target.trigger, target.generic)
            lent = lendable(target, ev, self.same_day_actors, self.same_kind_tolls)
            if foreign_place(ev, article.doc) and not same_place(
                target, ev, self.same_place_km, self.approximate_place_km
            ):
                # joined by a definite noun whose sentence placed it elsewhere: its actors may be that clause's
                lent.actor1 = lent.actor2 = None
            # (asked before absorbing, which adds the mention's own trigger words to the event's)
            bounded = self.past_perfect_dates and provenance(target.date) is None and _bounded_before(ev, target)
            # a riot's deaths are its violence's
            _absorb_mention(target, lent, ev if riot is not None else lent, self.reconcile_tolls)
            if bounded:
                target.date = ev.date  # the text puts it before a stated date: better than the publication day
            if self.remention_dates and provenance(target.date) is None and id(target) not in told \
                    and _recent_own_date(ev, article.published, self.remention_days):
                told[id(target)] = ev.date
            if not kind[4]:  # the finer, more confident mention keeps its own type
                target.event_type, target.sub_event_type, target.plover, target.trigger, target.generic = kind
            gone.add(id(ev))
        # An event dated only by the publication day (its lead, "A BOMB EXPLODED IN A PILMAIQUEN ALLEY", states no
        # date) takes the day its most strongly stated re-mention gives within the week before publication; set
        # after merging, so that what merges is decided on the mentions' own dates, as before.
        for ev in article.events:
            if id(ev) in told and id(ev) not in gone and provenance(ev.date) is None:
                ev.date = remention_date(told[id(ev)])
        article.events = [e for e in article.events if id(e) not in gone]
        if self.wave_types:
            retyped = wave_casualties(article.events, self.date_slack_days)
            if self.rejoin_retyped:
                article.events = rejoin_retyped(article.events, retyped, self.reconcile_tolls)
        return article


@stages.register("wirecoder.dedup_events.v1")
def make_dedup_events(
    config: dict,
    *,
    merge_on: Literal["type_family", "event_type", "family"] = "type_family",
    same_place_km: float = float(W["same_place_km"]),
    date_slack_days: int = int(W["date_slack_days"]),
    generic_joins: bool = True,
    split_places: bool = True,
    wave_types: bool = True,
    same_day_actors: bool = True,
    same_kind_tolls: bool = True,
    riot_violence: bool = True,
    past_perfect_dates: bool = True,
    remention_dates: bool = True,
    reconcile_tolls: bool = True,
    rejoin_retyped: bool = True,
    additive_events: bool = True,
    approximate_places: bool = True,
    foreign_places: bool = True,
    definite_specifics: bool = True,
) -> DedupEvents:
    """Factory of the article-level de-duplication stage.

    generic_joins (bool): a violent mention typed by a generic word alone ("the attack") may be a mention
        of a violent event of another type (:func:`generic_mention_of`).
    split_places (bool): an event located by a coordinated list of places becomes one event per place
        (:func:`split_by_place`).
    wave_types (bool): a generic killing of the day of an air/drone or missile strike takes the strike's type
        (:func:`wave_casualties`).
    same_day_actors (bool): an absorbed mention stated on another day lends no actors (:func:`lendable`).
    same_kind_tolls (bool): an absorbed mention of another specific sub-type lends no toll (:func:`lendable`).
    riot_violence (bool): violence by a riot's own participants joins the riot (:func:`riot_violence`).
    past_perfect_dates (bool): an event dated only by the publication day takes the bound a past-perfect
        re-mention sets ("had been headed ... under an evacuation deal": before the date stated before it;
        :func:`_bounded_before`).
    remention_dates (bool): an event dated only by the publication day takes the day a merged re-mention states
        within the week before publication (:func:`_recent_own_date`).
    reconcile_tolls (bool): a merged re-mention's toll gives the event's best figure when it :func:`outranks` the
        event's own (a written number over named victims, the lower of two counts of the same dead); false keeps
        the absorbing mention's.
    additive_events (bool): a mention whose clause says "also", "separately" or "elsewhere" is no re-mention of an
        event told in another sentence (:func:`additive`).
    rejoin_retyped (bool): a killing the wave rule retyped that is then the same row as a strike of the day (one
        sub-type, place, day and actors) is folded into it (:func:`rejoin_retyped`).
    approximate_places (bool): two places at most ``approximate_place_km`` apart are one when either event is
        placed only approximately (geo precision 2 or 3; :func:`same_place`).
    foreign_places (bool): a definite "the attack" whose sentence places it outside the noun's own phrase (not by a
        verb of occurrence, "took place in") is compared as if it had no place (:func:`foreign_place`).
    """
    return DedupEvents(
        merge_on,
        same_place_km,
        date_slack_days,
        generic_joins,
        split_places,
        wave_types,
        same_day_actors,
        same_kind_tolls,
        riot_violence,
        past_perfect_dates,
        remention_dates,
        reconcile_tolls,
        rejoin_retyped,
        additive_events,
        approximate_places,
        foreign_places,
        definite_specifics,
    )
