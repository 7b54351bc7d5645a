"""ACLED-style one-line notes generated from an event's fields.

ACLED notes read like "On 8 September 2017, US-led coalition forces conducted
air strikes on IS fighters near Albukamal (Deir ez-Zor). 85 fatalities." The
note here is built only from the coded fields, never copied from the text.

DOCS: docs/events.md
"""

from __future__ import annotations

from datetime import date

from .. import lookups
from ..doc import Event
from . import taxonomy

LEXICON = "lexicons/events.en.toml"
#: What the note says first for a non-asserted event, by modality.
MODALITY = lookups.word_map(LEXICON, "summary.modality_prefix")


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
    verb, form = taxonomy.note(ev.sub_event_type) or (
        lookups.value(LEXICON, "summary.unknown_verb"),
        lookups.value(LEXICON, "summary.unknown_form"),
    )
    subject = a1 or taxonomy.note_subject(ev.event_type) or lookups.value(LEXICON, "summary.unknown_subject")
    if form == "none":
        body = f"{subject} {verb}"
    elif form == "target":
        body = f"{subject} {verb} {a2}" if a2 else f"{subject} {verb.rsplit(' ', 1)[0]}"
    else:
        body = f"{subject} {verb}" + (f" {a2}" if a2 else "")
    where = ""
    if ev.location is not None and ev.location.name:
        where = f" in {ev.location.name}"
    parts.append(f"{MODALITY.get(ev.modality, '')}{prefix}{body}{where}.")
    if ev.attribution is not None and ev.attribution.source:
        parts.append(f"According to {ev.attribution.source}.")
    if ev.fatalities is not None and ev.fatalities.best is not None and taxonomy.type_has(
        ev.event_type, "note_fatalities"
    ):
        parts.append(f"{ev.fatalities.best} fatalities." if ev.fatalities.best != 1 else "1 fatality.")
    text = " ".join(parts)
    return text[0].upper() + text[1:] if text else text
