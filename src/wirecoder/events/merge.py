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

from ..doc import Event, EventActor
from . import taxonomy


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


INTER_CLASS = {1: "state", 8: "state", 2: "armed", 3: "armed", 4: "armed", 5: "civil", 6: "civil", 7: "civil"}


def _same_kind(a: EventActor, b: EventActor) -> bool:
    """False when two actors are plainly of different kinds (state forces vs rebels vs civilians)."""
    ka, kb = INTER_CLASS.get(a.inter or 0), INTER_CLASS.get(b.inter or 0)
    return ka is None or kb is None or ka == kb


def _compatible(a: EventActor | None, b: EventActor | None) -> bool:
    ka, kb = _key(a), _key(b)
    if ka is None or kb is None:
        return True
    if not named(a) or not named(b):
        return _same_kind(a, b)  # a group noun ("militants") may describe a named group of its kind
    return ka == kb or ka in kb or kb in ka


def _same(a: EventActor | None, b: EventActor | None) -> bool:
    ka, kb = _key(a), _key(b)
    return ka is not None and kb is not None and (ka == kb or ka in kb or kb in ka)


def _violent(e: Event) -> bool:
    return taxonomy.family(e.sub_event_type) == "violence"


def can_merge(a: Event, b: Event, same_sentence: bool) -> bool:
    """True when mentions a and b are taken to describe one event."""
    if a.modality != b.modality:
        return False
    ga, gb = a.extra.get("generic", False), b.extra.get("generic", False)
    subs = {a.sub_event_type, b.sub_event_type}
    type_ok = bool(
        len(subs) == 1
        or (_violent(a) and _violent(b) and (ga or gb))
        or taxonomy.family(a.sub_event_type) == "protest" == taxonomy.family(b.sub_event_type)
        # "gunmen attacked the quarters, abducting the sister": one abduction
        or (same_sentence and subs & OVERRIDES and subs & {"Attack", "Armed clash"})
    )
    if not type_ok:
        return False
    if not (_compatible(a.actor1, b.actor1) and _compatible(a.actor2, b.actor2)):
        return False
    if same_sentence:
        return True
    if taxonomy.family(a.sub_event_type) == "protest" == taxonomy.family(b.sub_event_type):
        return True  # one article, one protest wave: actors already checked for conflicts
    if a.sub_event_type == b.sub_event_type and not (ga or gb) and (
        (a.actor1 is None and a.actor2 is None) or (b.actor1 is None and b.actor2 is None)
    ):
        return True  # "the deal", "the airstrike": an anaphoric mention without actors
    return _same(a.actor2, b.actor2) or (_same(a.actor1, b.actor1) and (ga or gb))


OVERRIDES = frozenset({"Abduction/forced disappearance", "Sexual violence"})
PROTEST_RANK = {"Violent demonstration": 4, "Excessive force against protesters": 3, "Protest with intervention": 2,
                "Peaceful protest": 1}


def absorb(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: keep the more specific type, union the evidence."""
    if PROTEST_RANK.get(other.sub_event_type, 0) > PROTEST_RANK.get(into.sub_event_type, 0) > 0 or (
        other.sub_event_type in OVERRIDES and into.sub_event_type in ("Attack", "Armed clash")
    ):
        into.event_type, into.sub_event_type, into.plover = other.event_type, other.sub_event_type, other.plover
    if into.extra.get("generic") and not other.extra.get("generic"):
        into.event_type, into.sub_event_type, into.plover = other.event_type, other.sub_event_type, other.plover
        into.trigger = other.trigger
        into.extra["generic"] = False
        into.extra["score"] = max(into.extra.get("score", 0), other.extra.get("score", 0))
    for role in ("actor1", "actor2"):
        mine, theirs = getattr(into, role), getattr(other, role)
        if theirs is not None and (mine is None or (not named(mine) and named(theirs) and _same_kind(mine, theirs))):
            setattr(into, role, theirs)
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
    into.extra["mentions"] = into.extra.get("mentions", 1) + other.extra.get("mentions", 1)
    into.extra["main"] = into.extra.get("main", False) or other.extra.get("main", False)
    into.extra["sent_index"] = min(into.extra.get("sent_index", 99), other.extra.get("sent_index", 99))
    into.extra["score"] = into.extra.get("score", 0) + 0.25 * other.extra.get("score", 0)


def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event (first mention order is kept).

    events (list[Event]): event mentions in text order, each with ``sent_starts``.
    RETURNS (list[Event]): one event per real-world event.
    """
    out: list[Event] = []
    # specific mentions first so generic ones fold into them, then restore text order
    order = sorted(range(len(events)), key=lambda i: (events[i].extra.get("generic", False), i))
    for i in order:
        ev = events[i]
        for target in out:
            same_sentence = bool(set(ev.sent_starts) & set(target.sent_starts))
            if can_merge(target, ev, same_sentence):
                absorb(target, ev)
                break
        else:
            ev.extra.setdefault("first", i)
            out.append(ev)
    out.sort(key=lambda e: min((s.start for s in e.evidence), default=0))
    for e in out:
        e.evidence.sort(key=lambda s: s.start)
        e.sent_starts.sort()
    return out
