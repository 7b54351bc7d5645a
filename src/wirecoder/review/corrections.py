"""A reviewer's correction of one event, checked and turned into wirecoder/1 fields.

A :class:`Correction` names only what the reviewer changes; :func:`corrected_fields` returns the new
values of those top-level event fields, in the shapes of the wirecoder/1 contract, so the corrected
event still validates against the schema:

* ``event_type`` / ``sub_event_type``: ACLED names of the taxonomy; a sub-type alone brings its type,
  and the PLOVER mapping follows the sub-type;
* ``actor1`` / ``actor2``: a name, resolved through the actor knowledge base (canonical name, ACLED
  category and inter code) when it knows the name, else kept as written; ``""`` removes the actor;
* ``location``: a gazetteer place id (``{"geonames_id": ...}``), or a point picked on the map
  (``{"name", "lat", "lon", "country_code", "admin1"?, "precision"?}``);
* ``date``: ``{"start", "end"?, "precision"?}``;
* ``fatalities``: ``{"best", "low"?, "high"?}``, or ``{}`` when the text states no toll.

Date and fatality ``text`` fields say that a reviewer set the value (the contract's ``text`` is the
evidence, and there is none in the article for a correction).

DOCS: docs/web.md
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from types import SimpleNamespace
from typing import Any

from ..errors import Errors, WirecoderError


@dataclass(frozen=True)
class Correction:
    """What a reviewer changes in one event; a field left None stays as coded (see the module docs)."""

    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    location: dict | None = None
    date: dict | None = None
    fatalities: dict | None = None

    def given(self) -> dict[str, Any]:
        """The fields the reviewer set."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


class CorrectionError(WirecoderError):
    """A correction that the contract cannot hold (E701, naming the field and why)."""


def _bad(name: str, value: object, reason: str) -> CorrectionError:
    return CorrectionError(Errors.E701.format(name=name, value=value, reason=reason), code="E701")


def _types(event: dict, correction: Correction) -> dict:
    from ..events import taxonomy

    subtypes = taxonomy.subtypes()
    sub = correction.sub_event_type
    etype = correction.event_type
    if etype is not None and etype not in taxonomy.event_types():
        raise _bad("event_type", etype, "expected one of " + ", ".join(taxonomy.event_types()))
    if sub is None:
        sub = event["sub_event_type"]
        if etype is not None and subtypes.get(sub, {}).get("event_type") != etype:
            raise _bad("sub_event_type", sub, f"it is not a sub-event type of {etype}; give one with the type")
    if sub not in subtypes:
        raise _bad("sub_event_type", sub, "expected an ACLED sub-event type such as Armed clash")
    own = subtypes[sub]["event_type"]
    if etype is not None and etype != own:
        raise _bad("sub_event_type", sub, f"it is a sub-event type of {own}, not of {etype}")
    return {"event_type": own, "sub_event_type": sub, "plover": taxonomy.plover_map().get(sub)}


def _actor(role: str, name: str) -> dict | None:
    from ..kb.actors import load_kb

    name = name.strip()
    if not name:
        if role == "actor1":
            raise _bad(role, name, "an event keeps its first actor; correct it rather than remove it")
        return None
    found = load_kb().lookup(name)
    if not found:
        return {"name": name, "canonical": name, "category": None, "inter": None, "country": None}
    entry = found[0]
    return {
        "name": name,
        "canonical": entry.canonical,
        "category": entry.category,
        "inter": entry.inter,
        "country": entry.country,
    }


def _number(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _bad(name, value, f"expected a number from {low} to {high}")
    return float(value)


def _location(value: dict) -> dict:
    from ..gazetteer.index import get_gazetteer

    if value.get("geonames_id") is not None:
        place = get_gazetteer().get(int(value["geonames_id"]))
        if place is None:
            raise _bad("location.geonames_id", value["geonames_id"], "no gazetteer place has this id")
        precision = 1 if place.is_town else (3 if place.level <= 2 else 2)
        return {
            "name": place.name,
            "geonames_id": place.geonames_id,
            "lat": place.lat,
            "lon": place.lon,
            "country_code": place.cc,
            "admin1": place.admin1,
            "precision": precision,
        }
    name = str(value.get("name") or "").strip()
    if not name:
        raise _bad("location.name", value.get("name"), "a place picked on the map needs a name")
    cc = str(value.get("country_code") or "").strip().upper()
    if len(cc) != 2 or not cc.isalpha():
        raise _bad("location.country_code", value.get("country_code"), "expected an ISO 3166-1 alpha-2 code")
    precision = value.get("precision", 1)
    if precision not in (1, 2, 3):
        raise _bad("location.precision", precision, "expected 1 (town), 2 (near a town) or 3 (region)")
    return {
        "name": name,
        "geonames_id": None,
        "lat": _number("location.lat", value.get("lat"), -90, 90),
        "lon": _number("location.lon", value.get("lon"), -180, 180),
        "country_code": cc,
        "admin1": str(value.get("admin1") or "").strip() or None,
        "precision": precision,
    }


def _day(name: str, value: object) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _bad(name, value, "expected a date YYYY-MM-DD") from None


def _date(value: dict, reviewer: str) -> dict:
    start = _day("date.start", value.get("start"))
    end = _day("date.end", value.get("end") or start)
    if end < start:
        raise _bad("date.end", end, f"it is before date.start {start}")
    precision = value.get("precision", 1)
    if precision not in (1, 2, 3):
        raise _bad("date.precision", precision, "expected 1 (day), 2 (week) or 3 (month or vaguer)")
    return {"start": start, "end": end, "precision": precision, "text": f"set by reviewer {reviewer}"}


def _fatalities(value: dict, reviewer: str) -> dict | None:
    if not value:
        return None
    counts = {}
    for key in ("low", "best", "high"):
        raw = value.get(key, value.get("best"))
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise _bad(f"fatalities.{key}", raw, "expected a whole number of deaths, 0 or more")
        counts[key] = raw
    if not counts["low"] <= counts["best"] <= counts["high"]:
        raise _bad("fatalities", value, "expected low <= best <= high")
    return {**counts, "text": f"set by reviewer {reviewer}"}


def write_note(event: dict) -> str:
    """The event's ACLED-style note written anew from its (corrected) fields, by the coder's own writer
    (:func:`wirecoder.events.summary.summarize`, which reads the fields by attribute)."""
    from ..events.summary import summarize

    def part(value: dict | None) -> SimpleNamespace | None:
        return SimpleNamespace(**value) if value else None

    fields = {k: part(event.get(k)) for k in ("date", "actor1", "actor2", "location", "attribution", "fatalities")}
    return summarize(
        SimpleNamespace(
            **fields, event_type=event["event_type"], sub_event_type=event["sub_event_type"], modality=event["modality"]
        )
    )


def corrected_fields(event: dict, correction: Correction, reviewer: str) -> dict[str, Any]:
    """The event fields a correction replaces, as wirecoder/1 values.

    event (dict): the event as coded (a wirecoder/1 event object).
    RETURNS (dict): top-level field -> new value (``plover`` comes with a type correction).
    RAISES CorrectionError: E701 naming the field that cannot take the value given.
    """
    given = correction.given()
    out: dict[str, Any] = {}
    if "event_type" in given or "sub_event_type" in given:
        out.update(_types(event, correction))
    for role in ("actor1", "actor2"):
        if role in given:
            out[role] = _actor(role, given[role])
    if "location" in given:
        out["location"] = _location(given["location"])
    if "date" in given:
        out["date"] = _date(given["date"], reviewer)
    if "fatalities" in given:
        out["fatalities"] = _fatalities(given["fatalities"], reviewer)
    return out
