"""The ACLED taxonomy (6 event types, 25 sub-event types), its PLOVER mapping, and class resolution.

Both tables are data files under ``data/taxonomy/``. :func:`resolve` turns the
scores that lexicon matches give a mention (concrete sub-types, pseudo-classes
and context cues) into one ACLED sub-event type.

DOCS: docs/events.md
"""

from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "taxonomy"

VIOLENT_SPECIFIC = (
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Chemical weapon",
    "Sexual violence",
)
PROTEST_TYPES = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                 "Violent demonstration")
BOMB_TYPES = ("Air/drone strike", "Suicide bomb", "Grenade", "Remote explosive/landmine/IED",
              "Shelling/artillery/missile attack")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows[1:]  # drop the column header


@functools.lru_cache(maxsize=1)
def subtypes() -> dict[str, dict]:
    """sub_event_type -> {"event_type", "code", "family"} in codebook order."""
    return {r[1]: {"event_type": r[0], "code": r[2], "family": r[3]} for r in _rows("acled_subtypes.tsv")}


@functools.lru_cache(maxsize=1)
def plover_map() -> dict[str, dict | None]:
    """sub_event_type -> {"event", "mode"} (None where PLOVER has no equivalent)."""
    out: dict[str, dict | None] = {}
    for r in _rows("acled_plover.tsv"):
        event = r[1].strip() if len(r) > 1 else ""
        mode = r[2].strip() if len(r) > 2 else ""
        out[r[0]] = {"event": event, "mode": mode or None} if event else None
    return out


def event_type(sub: str) -> str:
    """The ACLED event type of a sub-event type."""
    return subtypes()[sub]["event_type"]


def family(sub: str) -> str:
    """The merge family of a sub-event type (see acled_subtypes.tsv)."""
    return subtypes().get(sub, {}).get("family", "other")


def plover(sub: str) -> dict | None:
    """The PLOVER event and mode for a sub-event type (a fresh dict)."""
    p = plover_map().get(sub)
    return dict(p) if p else None


def resolve(
    scores: dict[str, float], state_agent: bool | None = None, victim: str | None = None
) -> tuple[str | None, float, bool]:
    """Pick one ACLED sub-event type from the summed weights of a mention's matches.

    scores (dict[str, float]): class -> summed weight; classes are sub-event types,
        pseudo-classes (``@violence``, ``@protest``, ``@capture``, ``@bomb``) and cues (``+...``).
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
        if scores.get("@protest") or cue("+crowd") >= 1:
            s["Protest with intervention"] = s.get("Protest with intervention", 0.0) + force
            scores = {**scores, "+intervention": cue("+intervention") + 2.0}
            cue = lambda k: scores.get(k, 0.0)  # noqa: E731
        else:
            violence += force
    protest = scores.get("@protest", 0.0)
    bomb = scores.get("@bomb", 0.0)
    capture = scores.get("@capture", 0.0)
    if protest or s.get("Violent demonstration"):
        if cue("+violent") >= 1.5 or s.get("Violent demonstration", 0) >= 2.5:
            target = "Violent demonstration"
        elif cue("+lethal") >= 2:
            target = "Excessive force against protesters"
        elif cue("+intervention") >= 1.5 or s.get("Arrests"):
            target = "Protest with intervention"
        else:
            target = "Peaceful protest"
        if protest:
            # protesters clashing or being attacked is still the protest event
            folded = violence + s.pop("Armed clash", 0.0) + s.pop("Attack", 0.0) + s.pop("Arrests", 0.0)
            s[target] = s.get(target, 0.0) + protest + folded
            violence = 0.0
    if bomb:
        explosive = [(s.get(k, 0.0), k) for k in BOMB_TYPES if s.get(k)]
        if explosive:
            target = max(explosive)[1]
        elif state_agent:
            target = "Air/drone strike"  # states bomb from the air; groups plant bombs
        else:
            target = "Remote explosive/landmine/IED"
        s[target] = s.get(target, 0.0) + bomb
    if capture:
        if s.get("Non-violent transfer of territory", 0.0) >= 2.5 or cue("+withdrawal") >= 1.5:
            target = "Non-violent transfer of territory"
        elif s.get("Government regains territory") or state_agent or (
            state_agent is None and cue("+state") > cue("+nonstate")
        ):
            target = "Government regains territory"
        else:
            target = "Non-state actor overtakes territory"
        s[target] = s.get(target, 0.0) + capture
    if violence:
        specific = [(s.get(k, 0.0), k) for k in VIOLENT_SPECIFIC if s.get(k)]
        if specific:
            target = max(specific)[1]
        elif s.get("Armed clash", 0.0) >= 2.0:
            target = "Armed clash"  # "clashes", "ambush", "shoot-out": fighting, whoever died
        elif s.get("Attack", 0.0) >= 2.0:
            target = "Attack"
        else:
            generic = not (s.get("Attack") or s.get("Armed clash"))
            if victim is not None:
                target = "Armed clash" if victim == "armed" else "Attack"
            else:
                target = "Armed clash" if cue("+armed") > cue("+civilian") + 0.4 else "Attack"
            s[target] = s.get(target, 0.0) + s.pop("Attack", 0.0) + s.pop("Armed clash", 0.0)
        s[target] = s.get(target, 0.0) + violence
    if not s:
        return None, 0.0, False
    best = max(s.items(), key=lambda kv: kv[1])
    if best[0] in ("Attack", "Armed clash") and not generic:
        generic = not any(s.get(k) for k in VIOLENT_SPECIFIC) and best[1] < 2.5
    return best[0], best[1], generic
