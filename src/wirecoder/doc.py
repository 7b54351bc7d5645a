"""The document object that every pipeline stage reads and writes.

One :class:`Article` travels through the pipeline (ingest -> analyse ->
mentions -> events -> resolve -> store/export). Each stage fills in its own
attributes and leaves the others alone, so a reader can tell from an
attribute's name which stage produced it:

* ``article.text`` / metadata -- ``wirecoder.ingest``
* ``article.doc`` (a spaCy ``Doc``) -- ``wirecoder.analysis``
* ``article.mentions.*`` -- ``wirecoder.mentions`` (and refined by ``resolve``)
* ``article.events`` -- ``wirecoder.events`` (arguments, places, dates and
  fatalities filled in by ``wirecoder.resolve``)
* ``article.errors`` -- whichever stage failed

Every extracted value keeps the character offsets (``start``/``end``, end
exclusive) of the text it came from, into ``article.text`` exactly as given.

:meth:`Article.to_record` turns the object into the ``wirecoder/1`` output
contract (see ``docs/schema.md``); fields whose metadata marks them
``internal`` are working state for later stages and never exported.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from .about import SCHEMA_ID

INTERNAL = {"internal": True}


def _export(obj: Any) -> Any:
    """Convert a dataclass tree to plain JSON-able values, skipping internals."""
    if hasattr(obj, "__dataclass_fields__"):
        out = {}
        for f in fields(obj):
            if f.metadata.get("internal"):
                continue
            out[f.name] = _export(getattr(obj, f.name))
        return out
    if isinstance(obj, list | tuple):
        return [_export(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _export(v) for k, v in obj.items()}
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


@dataclass
class Span:
    """A piece of evidence: character offsets into ``article.text``."""

    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- mentions


@dataclass
class ActorMention:
    """A mention of an actor (organisation, armed group, state force, person, group noun)."""

    text: str
    start: int
    end: int
    canonical: str | None = None
    category: str | None = None  # ACLED actor type name, e.g. "Rebel Groups"
    country: str | None = None  # ISO 3166 alpha-2, None for transnational groups
    inter: int | None = field(default=None, metadata=INTERNAL)  # ACLED inter code 1-8
    kind: str = field(default="group", metadata=INTERNAL)  # group | person | generic | state
    entry_id: str | None = field(default=None, metadata=INTERNAL)  # knowledge-base id
    resolved: bool = field(default=False, metadata=INTERNAL)
    affiliation: str | None = field(default=None, metadata=INTERNAL)  # for people: canonical org
    sector: str | None = field(default=None, metadata=INTERNAL)  # PLOVER sector code
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class PlaceMention:
    """A toponym and, once resolved, the gazetteer entry it refers to."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature class.code, e.g. "P.PPLA"
    # "location" (a place where something can happen), "metonymy" (Damascus = the
    # government), "origin" (dateline / where a speaker talks from), "demonym" (Syrian)
    role: str = field(default="location", metadata=INTERNAL)
    candidates: list = field(default_factory=list, metadata=INTERNAL)
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class TimeMention:
    """A temporal expression normalised against the publication date."""

    text: str
    start: int
    end: int
    start_date: str | None = None  # YYYY-MM-DD
    end_date: str | None = None
    precision: int | None = None  # ACLED time_precision: 1 day, 2 week, 3 month or vaguer
    value: str | None = None  # TIMEX3-style value, e.g. "2017-W35", "2017-08", "P10Y"
    type: str = field(default="DATE", metadata=INTERNAL)  # DATE | TIME | DURATION | SET
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class Quantity:
    """A number of something, with bounds: "about 85 fighters" -> 85/85/85 people."""

    text: str
    start: int
    end: int
    low: int | None = None
    best: int | None = None
    high: int | None = None
    unit: str | None = None  # people, vehicles, buses, ... (the counted noun's lemma class)
    head: str | None = field(default=None, metadata=INTERNAL)  # the counted noun as written
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class Quote:
    """Direct speech and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class Mentions:
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


# --------------------------------------------------------------------------- events


@dataclass
class EventActor:
    name: str  # as in the text
    canonical: str | None = None
    category: str | None = None
    inter: int | None = None
    country: str | None = None
    mention: ActorMention | None = field(default=None, metadata=INTERNAL)


@dataclass
class EventDate:
    start: str | None = None
    end: str | None = None
    precision: int | None = None
    text: str | None = None


@dataclass
class Location:
    name: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    precision: int | None = None  # ACLED geo_precision 1-3
    mention: PlaceMention | None = field(default=None, metadata=INTERNAL)


@dataclass
class Fatalities:
    low: int | None = None
    best: int | None = None
    high: int | None = None
    text: str | None = None


@dataclass
class Attribution:
    source: str | None = None
    text: str | None = None


@dataclass
class Event:
    """One event: who did what to whom, where, when, with how many killed, per whom."""

    id: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    plover: dict | None = None  # {"event": "ASSAULT", "mode": "aerial"}
    modality: str = "asserted"  # asserted | negated | hypothetical | future
    date: EventDate | None = None
    actor1: EventActor | None = None
    actor2: EventActor | None = None
    associated_actors: list[EventActor] = field(default_factory=list)
    location: Location | None = None
    fatalities: Fatalities | None = None
    attribution: Attribution | None = None
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    summary: str = ""
    # working state for later stages
    trigger: Span | None = field(default=None, metadata=INTERNAL)  # main trigger
    triggers: list[Span] = field(default_factory=list, metadata=INTERNAL)  # all merged mentions
    sent_starts: list[int] = field(default_factory=list, metadata=INTERNAL)  # char start of each sentence
    extra: dict = field(default_factory=dict, metadata=INTERNAL)


@dataclass
class StageError:
    """A problem one stage had with one document; the run goes on."""

    stage: str
    message: str
    code: str | None = field(default=None, metadata=INTERNAL)


# --------------------------------------------------------------------------- article


@dataclass
class Article:
    """One input document and everything the pipeline learns about it."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    mentions: Mentions = field(default_factory=Mentions)
    events: list[Event] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    # working state
    doc: Any = None  # spaCy Doc of ``text`` (set by wirecoder.analysis)
    published_source: str | None = None  # "metadata", "cli", "text", or None
    path: str | None = None  # where it was read from
    extra: dict = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """True when a stage could not process the document at all."""
        return bool(self.extra.get("failed", False))

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def to_record(self, include_all: bool = True) -> dict:
        """The ``wirecoder/1`` JSON object for this article.

        include_all (bool): keep negated/hypothetical/future events (flagged by
            ``modality``). Exports for analysis pass False to keep only what happened.
        RETURNS (dict): a record valid against ``wirecoder/schema/wirecoder-1.schema.json``.
        """
        events = self.events if include_all else [e for e in self.events if e.modality == "asserted"]
        return {
            "schema": SCHEMA_ID,
            "article": {
                "id": self.id,
                "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "source": self.source,
                "url": self.url,
                "language": self.language,
            },
            "events": [_export(e) for e in events],
            "mentions": _export(self.mentions),
            "errors": [_export(e) for e in self.errors],
        }
