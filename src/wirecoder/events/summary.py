"""ACLED-style one-line notes generated from an event's fields.

ACLED notes read like "On 8 September 2017, US-led coalition forces conducted
air strikes on IS fighters near Albukamal (Deir ez-Zor). 85 fatalities." The
note here is built only from the coded fields, never copied from the text.

DOCS: docs/events.md
"""

from __future__ import annotations

from datetime import date

from ..doc import Event

PHRASES = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Chemical weapon": "used chemical weapons against",
    "Air/drone strike": "carried out an air/drone strike on",
    "Suicide bomb": "carried out a suicide bombing against",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Grenade": "threw a grenade at",
    "Sexual violence": "committed sexual violence against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Peaceful protest": "held a peaceful protest",
    "Protest with intervention": "protested and were met with intervention by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "held a violent demonstration",
    "Mob violence": "engaged in mob violence against",
    "Agreement": "reached an agreement with",
    "Arrests": "arrested",
    "Change to group/activity": "changed group activity:",
    "Disrupted weapons use": "disrupted weapons use by",
    "Headquarters or base established": "established a base or headquarters",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "took over territory without fighting from",
    "Other": "was involved in a strategic development with",
}
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
MODALITY = {"negated": "Reported as not having happened: ", "hypothetical": "Possible or proposed: ",
            "future": "Announced for the future: "}


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.day} {d.strftime('%B %Y')}"


def _who(actor) -> str | None:
    if actor is None:
        return None
    return actor.canonical or actor.name


def summarize(ev: Event) -> str:
    """One ACLED-style sentence (or two) describing the event from its fields.

    ev (Event): a finished event (dates, location and fatalities resolved where known).
    RETURNS (str): the note.
    """
    parts = []
    when = _day(ev.date.start) if ev.date and ev.date.start else None
    prefix = f"On {when}, " if when and ev.date and ev.date.precision == 1 else (
        f"Around {when}, " if when else "")
    a1, a2 = _who(ev.actor1), _who(ev.actor2)
    verb = PHRASES.get(ev.sub_event_type, "was involved in")
    subject = a1 or ("Unidentified actors" if ev.event_type != "Protests" else "Protesters")
    if ev.sub_event_type in ("Peaceful protest", "Violent demonstration", "Headquarters or base established"):
        body = f"{subject} {verb}"
    elif verb.endswith((" with", " on", " against", " at", " of", " from", " by")) or verb in (
            "attacked", "shelled", "abducted", "arrested"):
        body = f"{subject} {verb} {a2}" if a2 else f"{subject} {verb.rsplit(' ', 1)[0]}"
    else:
        body = f"{subject} {verb}" + (f" {a2}" if a2 else "")
    where = ""
    if ev.location is not None and ev.location.name:
        where = f" in {ev.location.name}"
    parts.append(f"{MODALITY.get(ev.modality, '')}{prefix}{body}{where}.")
    if ev.attribution is not None and ev.attribution.source:
        parts.append(f"According to {ev.attribution.source}.")
    if ev.fatalities is not None and ev.fatalities.best is not None and ev.event_type in VIOLENT_TYPES:
        parts.append(f"{ev.fatalities.best} fatalities." if ev.fatalities.best != 1 else "1 fatality.")
    text = " ".join(parts)
    return text[0].upper() + text[1:] if text else text
