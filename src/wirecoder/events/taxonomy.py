"""The ACLED taxonomy (6 event types, 25 sub-event types), its PLOVER mapping, and class resolution.

Everything wirecoder knows about a type is a data file under ``data/taxonomy/``:
``acled_subtypes.tsv`` (sub-types with their merge family, flags such as ``explosive``
or ``weapon``, protest rank and summary phrase), ``acled_event_types.tsv`` (event types
with flags such as ``fatalities``), ``pseudo_classes.tsv`` (the trigger lexicon's
``@violence``, ``@bomb``... classes) and ``acled_plover.tsv``. Code asks for a flag
(:func:`has`, :func:`with_flag`, :func:`type_has`), never for a list of names, so adding
or renaming a sub-type is a change to those files. The few sub-types that the resolution
rules below name are looked up by their stable ``code`` column.

:func:`resolve` turns the scores that lexicon matches give a mention (concrete sub-types,
pseudo-classes and context cues) into one ACLED sub-event type.

DOCS: docs/events.md
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import lookups

SUBTYPES_FILE = "taxonomy/acled_subtypes.tsv"
EVENT_TYPES_FILE = "taxonomy/acled_event_types.tsv"
PSEUDO_FILE = "taxonomy/pseudo_classes.tsv"
PLOVER_FILE = "taxonomy/acled_plover.tsv"
CODEBOOK_FILE = "taxonomy/codebook.toml"
#: How far an ``[[outranks]]`` rule of the codebook reaches: one mention, one sentence, or the same and the
#: next sentence.
SCOPES = ("clause", "sentence", "passage")
#: Weights and thresholds of :func:`resolve`.
W = lookups.weights("events")["resolve"]


@functools.lru_cache(maxsize=1)
def subtypes() -> dict[str, dict[str, str]]:
    """sub_event_type -> its row of ``acled_subtypes.tsv`` (``event_type``, ``code``, ``family``, flags...),
    in codebook order."""
    return {r["sub_event_type"]: r for r in lookups.table(SUBTYPES_FILE)}


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """event_type -> its row of ``acled_event_types.tsv`` (flags, ``note_subject``), in codebook order."""
    return {r["event_type"]: r for r in lookups.table(EVENT_TYPES_FILE)}


@functools.lru_cache(maxsize=1)
def pseudo_classes() -> dict[str, dict[str, str]]:
    """pseudo-class (``@violence``...) -> its row of ``pseudo_classes.tsv`` (``family``, flags)."""
    return {r["class"]: r for r in lookups.table(PSEUDO_FILE)}


@functools.lru_cache(maxsize=1)
def plover_map() -> dict[str, dict | None]:
    """sub_event_type -> {"event", "mode"} (None where PLOVER has no equivalent)."""
    out: dict[str, dict | None] = {}
    for r in lookups.table(PLOVER_FILE):
        event = (r.get("plover_event") or "").strip()
        mode = (r.get("plover_mode") or "").strip()
        out[r["sub_event_type"]] = {"event": event, "mode": mode or None} if event else None
    return out


@dataclass(frozen=True)
class Outranks:
    """One precedence rule of the codebook (``[[outranks]]`` of ``codebook.toml``): ``loser`` gives way to the
    strongest of ``winners`` found within ``scope`` ("clause", "sentence" or "passage")."""

    loser: str
    winners: frozenset[str]
    scope: str


@functools.lru_cache(maxsize=1)
def outranks() -> tuple[Outranks, ...]:
    """The codebook's precedence rules between sub-types, in file order.

    RAISES KeyError: for a rule naming an unknown sub-type; ValueError: for an unknown scope.
    """
    rules = []
    for row in lookups.lexicon(CODEBOOK_FILE).get("outranks", []):
        for name in (row["type"], *row["by"]):
            if name not in subtypes():
                raise KeyError(f"{CODEBOOK_FILE}: [[outranks]] names an unknown sub-event type {name!r}")
        if row["scope"] not in SCOPES:
            raise ValueError(f"{CODEBOOK_FILE}: [[outranks]] scope must be one of {SCOPES}, not {row['scope']!r}")
        rules.append(Outranks(row["type"], frozenset(row["by"]), row["scope"]))
    return tuple(rules)


@dataclass(frozen=True)
class BySide:
    """A codebook pair of sub-types told apart by actor1's side (``[[by_side]]`` of ``codebook.toml``)."""

    types: frozenset[str]
    state: str
    nonstate: str
    state_inters: frozenset[int]
    nonstate_inters: frozenset[int]


@functools.lru_cache(maxsize=1)
def by_side() -> tuple[BySide, ...]:
    """The codebook's sub-type pairs decided by who actor1 is.

    RAISES KeyError: for a rule naming an unknown sub-type.
    """
    rules = []
    for row in lookups.lexicon(CODEBOOK_FILE).get("by_side", []):
        for name in (*row["types"], row["state"], row["nonstate"]):
            if name not in subtypes():
                raise KeyError(f"{CODEBOOK_FILE}: [[by_side]] names an unknown sub-event type {name!r}")
        rules.append(BySide(frozenset(row["types"]), row["state"], row["nonstate"],
                            frozenset(row["state_inters"]), frozenset(row["nonstate_inters"])))
    return tuple(rules)


def side_subtype(sub_event_type: str, actor1_inter: int | None) -> str:
    """The sub-type the codebook gives an event of ``sub_event_type`` whose actor1 has ``actor1_inter``: "the
    rebels retook the town" is Non-state actor overtakes territory, whatever word told it (:func:`by_side`);
    unchanged when no rule covers the type or the inter code."""
    for rule in by_side():
        if sub_event_type not in rule.types:
            continue
        if actor1_inter in rule.state_inters:
            return rule.state
        if actor1_inter in rule.nonstate_inters:
            return rule.nonstate
    return sub_event_type


def apply_outranks(s: dict[str, float]) -> None:
    """Inside one mention, move the score of a sub-type that gives way to the strongest that outranks it
    (every rule of :func:`outranks` reaches at least a clause): "handed over the district under the deal"
    is a Non-violent transfer of territory, not an Agreement."""
    for rule in outranks():
        if not s.get(rule.loser):
            continue
        present = [(v, k) for k, v in s.items() if k in rule.winners and v >= W["outrank_least"]]
        if present:
            s[max(present)[1]] += s.pop(rule.loser)


def by_code(code: str) -> str:
    """The sub-event type whose stable ``code`` (CASE 2021 label) is ``code``: ``by_code("ATTACK") == "Attack"``.

    RAISES KeyError: when no sub-type has that code.
    """
    for sub, row in subtypes().items():
        if row["code"] == code:
            return sub
    raise KeyError(f"no sub-event type with code {code!r} in {SUBTYPES_FILE}")


def _columns(name: str) -> frozenset[str]:
    rows = lookups.table(name)
    return frozenset(rows[0]) if rows else frozenset()


@functools.cache
def _flagged(flag: str) -> frozenset[str]:
    """The sub-types and pseudo-classes whose ``flag`` column is set."""
    if flag not in _columns(SUBTYPES_FILE) | _columns(PSEUDO_FILE):
        raise KeyError(f"no flag column {flag!r} in {SUBTYPES_FILE} or {PSEUDO_FILE}")
    rows = [*subtypes().items(), *pseudo_classes().items()]
    return frozenset(cls for cls, row in rows if (row.get(flag) or "").strip() == "1")


def has(cls: str, flag: str) -> bool:
    """True when a sub-event type (or a pseudo-class) has a flag: ``has("Grenade", "explosive")``.

    cls (str): a sub-event type, a pseudo-class (``@bomb``) or any other class (always False).
    flag (str): a flag column of ``acled_subtypes.tsv`` / ``pseudo_classes.tsv``.
    RAISES KeyError: for a flag that is no column of either file.
    """
    return cls in _flagged(flag)


@functools.cache
def with_flag(flag: str) -> tuple[str, ...]:
    """The sub-event types with a flag, in codebook order (pseudo-classes not included)."""
    flagged = _flagged(flag)
    return tuple(sub for sub in subtypes() if sub in flagged)


@functools.cache
def _types_flagged(flag: str) -> frozenset[str]:
    if flag not in _columns(EVENT_TYPES_FILE):
        raise KeyError(f"no flag column {flag!r} in {EVENT_TYPES_FILE}")
    return frozenset(t for t, row in event_types().items() if (row.get(flag) or "").strip() == "1")


def type_has(event_type: str, flag: str) -> bool:
    """True when an ACLED event type has a flag: ``type_has("Battles", "fatalities")``.

    RAISES KeyError: for a flag that is no column of ``acled_event_types.tsv``.
    """
    return event_type in _types_flagged(flag)


def event_type(sub: str) -> str:
    """The ACLED event type of a sub-event type."""
    return subtypes()[sub]["event_type"]


def family(sub: str) -> str:
    """The merge family of a sub-event type (see acled_subtypes.tsv); "other" for anything else."""
    row = subtypes().get(sub)
    return row["family"] if row is not None else "other"


def pseudo_family(cls: str) -> str | None:
    """The merge family of a pseudo-class (``@bomb`` -> "violence"), None for anything else."""
    row = pseudo_classes().get(cls)
    return row["family"] if row is not None else None


def protest_rank(sub: str) -> int:
    """The protest rank of a sub-event type (0 when it has none): merged protest mentions keep the highest."""
    row = subtypes().get(sub)
    return int(row["protest_rank"] or 0) if row is not None else 0


def note(sub: str) -> tuple[str, str] | None:
    """The summary note's verb phrase and form (none | target | append) of a sub-event type, None if unknown."""
    row = subtypes().get(sub)
    return (row["note_verb"], row["note_form"]) if row is not None else None


def note_subject(event_type: str) -> str | None:
    """Who the summary note names as the agent of an event of this type without actor1."""
    row = event_types().get(event_type)
    return row["note_subject"] if row is not None else None


def plover(sub: str) -> dict | None:
    """The PLOVER event and mode for a sub-event type (a fresh dict)."""
    p = plover_map().get(sub)
    return dict(p) if p else None


# The sub-types that the rules of resolve() (and the events stage) name, by their stable codes.
ARMED_CLASH = by_code("ARMED_CLASH")
ATTACK = by_code("ATTACK")
AIR_STRIKE = by_code("AIR_STRIKE")
REMOTE_EXPLOSIVE = by_code("REM_EXPLOS")
PEACEFUL_PROTEST = by_code("PEACE_PROTEST")
PROTEST_WITH_INTERVENTION = by_code("PROTEST_WITH_INTER")
EXCESSIVE_FORCE = by_code("EXCESSIVE_FORCE")
VIOLENT_DEMONSTRATION = by_code("VIOL_DEMONSTR")
ARRESTS = by_code("ARREST")
DISRUPTED_WEAPONS = by_code("DISR_WEAP")
GOVERNMENT_REGAINS = by_code("GOV_REGAINS_TERIT")
NONSTATE_OVERTAKES = by_code("NON_STATE_ACTOR_OVERTAKES_TER")
NONVIOLENT_TRANSFER = by_code("NON_VIOL_TERRIT_TRANSFER")


def resolve(
    scores: dict[str, float], state_agent: bool | None = None, victim: str | None = None
) -> tuple[str | None, float, bool]:
    """Pick one ACLED sub-event type from the summed weights of a mention's matches.

    scores (dict[str, float]): class -> summed weight; classes are sub-event types,
        pseudo-classes (``@violence``, ``@protest``, ``@capture``, ``@bomb``, ``@force``) and cues (``+...``).
    state_agent (bool | None): True when the agent is a state force, False when it is a
        non-state group, None when unknown.
    victim (str | None): "civilian" or "armed" when the target's kind is known.
    RETURNS (tuple): (sub-event type or None, its score, generic) -- ``generic`` is True when
        only a generic violence word decided it (such mentions may merge into a specific event).
    """
    s = {k: v for k, v in scores.items() if not k.startswith("+") and not k.startswith("@")}
    cue = lambda k: scores.get(k, 0.0)  # noqa: E731
    generic = False
    violence = scores.get("@violence", 0.0)
    force = scores.get("@force", 0.0)
    if force:
        # riot-control force: part of a protest or riot when a crowd is around, else an attack
        if scores.get("@protest") or cue("+crowd") >= W["force_crowd_cue"]:
            s[PROTEST_WITH_INTERVENTION] = s.get(PROTEST_WITH_INTERVENTION, 0.0) + force
            scores = {**scores, "+intervention": cue("+intervention") + W["force_intervention_bonus"]}
            cue = lambda k: scores.get(k, 0.0)  # noqa: E731
        else:
            violence += force
    protest = scores.get("@protest", 0.0)
    bomb = scores.get("@bomb", 0.0)
    capture = scores.get("@capture", 0.0)
    if protest or s.get(VIOLENT_DEMONSTRATION):
        if cue("+violent") >= W["violent_protest_cue"] or s.get(VIOLENT_DEMONSTRATION, 0) >= W[
            "violent_demonstration_trigger"
        ]:
            target = VIOLENT_DEMONSTRATION
        elif cue("+lethal") >= W["lethal_cue"]:
            target = EXCESSIVE_FORCE
        elif cue("+intervention") >= W["intervention_cue"] or s.get(ARRESTS):
            target = PROTEST_WITH_INTERVENTION
        else:
            target = PEACEFUL_PROTEST
        if protest:
            # protesters clashing or being attacked is still the protest event
            folded = violence + s.pop(ARMED_CLASH, 0.0) + s.pop(ATTACK, 0.0) + s.pop(ARRESTS, 0.0)
            s[target] = s.get(target, 0.0) + protest + folded
            violence = 0.0
    if bomb:
        explosive = [(s.get(k, 0.0), k) for k in with_flag("explosive") if s.get(k)]
        if explosive:
            target = max(explosive)[1]
        elif cue("+gunfire") >= W["gunfire_cue"]:
            target = None  # "explosions and gunfire inside the base": attackers at the blast, part of the fighting
            violence += bomb
        elif state_agent:
            target = AIR_STRIKE  # states bomb from the air; groups plant bombs
        else:
            target = REMOTE_EXPLOSIVE
        if target is not None:
            s[target] = s.get(target, 0.0) + bomb
    if capture:
        if s.get(NONVIOLENT_TRANSFER, 0.0) >= W["nonviolent_transfer_trigger"] or cue("+withdrawal") >= W[
            "withdrawal_cue"
        ] or cue("+unopposed") >= W["unopposed_cue"]:
            target = NONVIOLENT_TRANSFER
        elif s.get(GOVERNMENT_REGAINS) or state_agent or (state_agent is None and cue("+state") > cue("+nonstate")):
            target = GOVERNMENT_REGAINS
        else:
            target = NONSTATE_OVERTAKES
        s[target] = s.get(target, 0.0) + capture
    if state_agent is False and s.get(GOVERNMENT_REGAINS):
        # ACLED: only government forces or their affiliates "regain" territory; a rebel group that retakes or
        # "liberates" a town overtakes it
        s[NONSTATE_OVERTAKES] = s.get(NONSTATE_OVERTAKES, 0.0) + s.pop(GOVERNMENT_REGAINS)
    if violence:
        specific = [(s.get(k, 0.0), k) for k in with_flag("specific_violence") if s.get(k)]
        if specific:
            target = max(specific)[1]
        elif s.get(ARMED_CLASH, 0.0) >= W["clash_trigger"]:
            target = ARMED_CLASH  # "clashes", "ambush", "shoot-out": fighting, whoever died
        elif s.get(ATTACK, 0.0) >= W["attack_trigger"]:
            target = ATTACK
        else:
            generic = not (s.get(ATTACK) or s.get(ARMED_CLASH))
            if victim is not None:
                target = ARMED_CLASH if victim == "armed" else ATTACK
            else:
                target = ARMED_CLASH if cue("+armed") > cue("+civilian") + W["armed_cue_margin"] else ATTACK
            s[target] = s.get(target, 0.0) + s.pop(ATTACK, 0.0) + s.pop(ARMED_CLASH, 0.0)
        s[target] = s.get(target, 0.0) + violence
    if cue("+unopposed") >= W["unopposed_cue"] and not s.get(NONVIOLENT_TRANSFER):
        # a place taken with no fighting for it ("took the towns without any armed clashes") changes hands
        # without violence, whoever takes it (a side that withdraws may still have fought: no such cue)
        held = s.pop(GOVERNMENT_REGAINS, 0.0) + s.pop(NONSTATE_OVERTAKES, 0.0)
        if held:
            s[NONVIOLENT_TRANSFER] = held
    if not s:
        return None, 0.0, False
    apply_outranks(s)
    best = max(s.items(), key=lambda kv: kv[1])
    if has(best[0], "fallback_violence") and not generic:
        generic = not any(s.get(k) for k in with_flag("specific_violence")) and best[1] < W["generic_below"]
    return best[0], best[1], generic
