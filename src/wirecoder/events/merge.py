"""Merge event mentions that describe the same real-world event.

Within a sentence, mentions of one family (e.g. "attacked ... and killed") merge.
Across sentences (headline, lede, body) two mentions merge when they share a
sub-event type (or one is a generic violence mention and the other a violent
one) and their actors do not conflict, with at least one shared non-empty actor.
Modality must agree: a negated "did not target the convoy" never merges into an
asserted strike. The merged event keeps every trigger and evidence span.

DOCS: docs/events.md
"""

from __future__ import annotations

import re

from .. import lookups
from ..doc import Event, EventActor
from . import taxonomy

#: ACLED inter code -> kind of actor ("state", "armed", "civil"); actors of different kinds never merge.
INTER_CLASS = {int(k): v for k, v in lookups.word_map("lexicons/events.en.toml", "merge.inter_class").items()}
#: Event types whose actor2 is the side harmed (``lexicons/events.en.toml`` ``merge.victim_event_types``).
VICTIM_TYPES = lookups.words("lexicons/events.en.toml", "merge.victim_event_types")
UMBRELLA = tuple(lookups.word_list("lexicons/events.en.toml", "merge.umbrella_state_forces"))
#: Weights of the merge (``data/weights/events.toml``).
W = lookups.weights("events")["merge"]
#: Words that tell another incident than the ones told before ("In a separate incident, ...", "Elsewhere, ...";
#: ``separate_incident_pattern``, shared with the tolls and the roles).
SEPARATE_INCIDENT = re.compile(lookups.value("lexicons/fatalities.en.toml", "separate_incident_pattern"), re.I)


def apart_at(text: str, start: int, end: int) -> int | None:
    """Where words of ``text[start:end]`` first tell another incident (:data:`SEPARATE_INCIDENT`), None if nowhere."""
    found = SEPARATE_INCIDENT.search(text, start, end)
    return found.start() if found is not None else None


def named(actor: EventActor | None) -> bool:
    """True for an actor with a proper name (not a group noun such as "militants")."""
    if actor is None:
        return False
    if actor.mention is not None:
        return actor.mention.kind != "generic" and actor.canonical is not None
    return actor.canonical is not None


def _key(actor: EventActor | None) -> str | None:
    if actor is None:
        return None
    if actor.canonical and named(actor):
        return actor.canonical.lower()
    name = actor.name.lower()
    for art in ("the ", "a ", "an "):
        if name.startswith(art):
            name = name[len(art):]
    return name


def _same_kind(a: EventActor, b: EventActor) -> bool:
    """False when two actors are plainly of different kinds (state forces vs rebels vs civilians)."""
    ka, kb = INTER_CLASS.get(a.inter or 0), INTER_CLASS.get(b.inter or 0)
    return ka is None or kb is None or ka == kb


def compatible(a: EventActor | None, b: EventActor | None) -> bool:
    """Whether two actors can be one: proper names agree; a group noun may stand for an actor of its kind."""
    ka, kb = _key(a), _key(b)
    if ka is None or kb is None:
        return True
    if not named(a) or not named(b):
        return _same_kind(a, b)  # a group noun ("militants") may describe a named group of its kind
    return ka == kb or ka in kb or kb in ka or _one_state(a, b)


def _one_state(a: EventActor, b: EventActor) -> bool:
    """Two forces of one state, one of them named by an umbrella name ("Indian security forces" beside "Indian
    police"): the umbrella may stand for the branch."""
    ids = [m.entry_id.split(":") for m in (a.mention, b.mention) if m is not None and m.entry_id]
    if len(ids) != 2 or ids[0][0] != "state" or ids[1][0] != "state" or ids[0][1] != ids[1][1]:
        return False
    return any(m.text.lower().endswith(UMBRELLA) for m in (a.mention, b.mention) if m is not None)


def _same(a: EventActor | None, b: EventActor | None) -> bool:
    ka, kb = _key(a), _key(b)
    return ka is not None and kb is not None and (ka == kb or ka in kb or kb in ka)


def _violent(e: Event) -> bool:
    return taxonomy.family(e.sub_event_type) == "violence"


def _overridden_violence(subs: set[str]) -> bool:
    """True for an Attack or Armed clash beside a type that overrides it ("attacked ..., abducting")."""
    return any(taxonomy.has(t, "overrides_violence") for t in subs) and any(
        taxonomy.has(t, "fallback_violence") for t in subs
    )


def _two_places(a: Event, b: Event) -> bool:
    """Whether two events are located at two different named places, each a first-order division or finer
    (ACLED codes one event per place and day)."""
    la, lb = a.location, b.location
    if la is None or lb is None or la.geonames_id is None or lb.geonames_id is None:
        return False
    if la.geonames_id == lb.geonames_id:
        return False
    fine = [m for m in (la.mention, lb.mention) if m is not None and m.resolved is not None and m.resolved.level >= 2]
    return len(fine) == 2


def can_merge(a: Event, b: Event, same_sentence: bool, across_sentences: bool = True) -> bool:
    """True when mentions a and b are taken to describe one event.

    across_sentences (bool): also merge mentions of different sentences by type and actors alone
        (without it, the article-level stage ``dedup_events`` merges them once places and dates are known).
    """
    if a.modality != b.modality or a.status != b.status:
        return False  # a denied or background mention never joins what the article reports happened
    if _two_places(a, b):
        return False  # "strikes on Kharkiv and on Odesa": one event per place (set once places are resolved)
    ga, gb = a.generic, b.generic
    subs = {a.sub_event_type, b.sub_event_type}
    type_ok = bool(
        len(subs) == 1
        or (_violent(a) and _violent(b) and (ga or gb))
        or taxonomy.family(a.sub_event_type) == "protest" == taxonomy.family(b.sub_event_type)
        # "gunmen attacked the quarters, abducting the sister": one abduction
        or (same_sentence and _overridden_violence(subs))
    )
    if not type_ok:
        return False
    if not (compatible(a.actor1, b.actor1) and compatible(a.actor2, b.actor2)):
        return False
    if same_sentence and (told_apart(a, b) or told_apart(b, a)):
        return False  # "killed 11 people in Zamfara on Sunday, and in a separate attack on Monday abducted 40"
    if same_sentence:
        return True
    if not across_sentences:
        return False  # left to the article-level stage dedup_events, which knows places and dates
    if taxonomy.family(a.sub_event_type) == "protest" == taxonomy.family(b.sub_event_type):
        return True  # one article, one protest wave: actors already checked for conflicts
    if a.sub_event_type == b.sub_event_type and not (ga or gb) and (
        (a.actor1 is None and a.actor2 is None) or (b.actor1 is None and b.actor2 is None)
    ):
        return True  # "the deal", "the airstrike": an anaphoric mention without actors
    return _same(a.actor2, b.actor2) or (_same(a.actor1, b.actor1) and (ga or gb))


def told_apart(later: Event, earlier: Event) -> bool:
    """Whether words between the two mentions of one sentence set ``later`` apart as another incident: they come
    after every trigger of ``earlier`` and before ``later``'s (``Event.apart_at``)."""
    if later.apart_at is None:
        return False
    ends = [t.end for t in (earlier.trigger, *earlier.triggers) if t is not None]
    return bool(ends) and max(ends) <= later.apart_at


def _first_sentence(a: int | None, b: int | None) -> int | None:
    known = [i for i in (a, b) if i is not None]
    return min(known) if known else None


def _further_victim(actor: EventActor | None, into: Event) -> bool:
    """Whether an actor2 of one mention of ``into`` (the one it had, or the absorbed mention's) still names whom
    the event happened to beside its actor2: written in the text, and not the side that acted."""
    if actor is None or actor.mention is None or not actor.name or actor is into.actor2:
        return False
    a1 = into.actor1
    if a1 is None:
        return True
    kind, acting = INTER_CLASS.get(actor.inter or 0), INTER_CLASS.get(a1.inter or 0)
    if kind is not None and kind == acting and kind != "civil":
        return False  # "militants" beside "Islamist militants": the side that acted
    return a1.mention is not actor.mention and not (named(a1) and a1.canonical == actor.canonical)


def _other_side(mine: EventActor | None, theirs: EventActor | None, actor1: EventActor | None) -> bool:
    """Whether a named ``theirs`` should replace the group noun ``mine`` as actor2: ``mine`` is of actor1's kind
    (state forces beside state forces), ``theirs`` of another."""
    if mine is None or theirs is None or actor1 is None or named(mine) or not named(theirs):
        return False
    kind1, kind_mine, kind_theirs = (INTER_CLASS.get(x.inter or 0) for x in (actor1, mine, theirs))
    return kind1 is not None and kind_mine == kind1 and kind_theirs not in (None, kind1)


def absorb(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: keep the more specific type, union the evidence."""
    rank_into, rank_other = taxonomy.protest_rank(into.sub_event_type), taxonomy.protest_rank(other.sub_event_type)
    if rank_other > rank_into > 0 or (
        taxonomy.has(other.sub_event_type, "overrides_violence")
        and taxonomy.has(into.sub_event_type, "fallback_violence")
    ):
        into.event_type, into.sub_event_type, into.plover = other.event_type, other.sub_event_type, other.plover
    if into.generic and not other.generic:
        into.event_type, into.sub_event_type, into.plover = other.event_type, other.sub_event_type, other.plover
        into.trigger = other.trigger
        into.generic = False
        into.score = max(into.score, other.score)
    victim = into.actor2
    for role in ("actor1", "actor2"):
        mine, theirs = getattr(into, role), getattr(other, role)
        if theirs is not None and (mine is None or (not named(mine) and named(theirs) and _same_kind(mine, theirs))):
            setattr(into, role, theirs)
        elif role == "actor2" and _other_side(mine, theirs, into.actor1):
            # "The soldiers were attacked while patrolling" merged with "troops killed 19 members of the Jalisco
            # cartel": a group noun of actor1's own side gives way to the named other side
            into.actor2 = theirs
    names = {a.name for a in (into.actor2, *into.associated_actors_2) if a is not None}
    if W["absorbed_victims"] and into.event_type in VICTIM_TYPES:
        for a in (victim, other.actor2):  # "the businessman" beside "Enrique Ormazabal"
            if _further_victim(a, into) and a.name not in names:
                into.associated_actors_2.append(a)
                names.add(a.name)
    for a in other.associated_actors_2:
        if a.name not in names:  # the others the other mention names beside its actor2
            into.associated_actors_2.append(a)
            names.add(a.name)
    if into.attribution is None and other.attribution is not None:
        into.attribution = other.attribution
    seen = {(s.start, s.end) for s in into.evidence}
    for s in other.evidence:
        if (s.start, s.end) not in seen:
            into.evidence.append(s)
            seen.add((s.start, s.end))
    into.triggers.extend(other.triggers)
    for st in other.sent_starts:
        if st not in into.sent_starts:
            into.sent_starts.append(st)
    into.mentions += other.mentions
    into.main = into.main or other.main
    into.sent_index = _first_sentence(into.sent_index, other.sent_index)
    into.score = into.score + W["repeat_score"] * other.score


def merge_events(events: list[Event], across_sentences: bool = True) -> list[Event]:
    """Merge mentions of the same event (first mention order is kept).

    events (list[Event]): event mentions in text order, each with ``sent_starts``.
    across_sentences (bool): see :func:`can_merge`.
    RETURNS (list[Event]): one event per real-world event.
    """
    out: list[Event] = []
    # specific mentions first so generic ones fold into them, then restore text order
    order = sorted(range(len(events)), key=lambda i: (events[i].generic, i))
    for i in order:
        ev = events[i]
        for target in out:
            same_sentence = bool(set(ev.sent_starts) & set(target.sent_starts))
            if can_merge(target, ev, same_sentence, across_sentences):
                absorb(target, ev)
                break
        else:
            out.append(ev)
    out.sort(key=lambda e: min((s.start for s in e.evidence), default=0))
    for e in out:
        e.evidence.sort(key=lambda s: s.start)
        e.sent_starts.sort()
    return out
