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
from typing import TYPE_CHECKING, Any, ClassVar

from .about import SCHEMA_ID

if TYPE_CHECKING:
    from .gazetteer import Place

INTERNAL = {"internal": True}
#: Article fields the readers fill in (assigned before any stage runs).
INGEST = {"ingest": True}
#: Place-mention fields that resolve_geo fills in (contract path ``places.resolved``).
RESOLVED = {"path": "places.resolved"}


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

    PATH: ClassVar[str] = "mentions.actors"  # contract path (see wirecoder.contract)

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
    # working state (set by the actor mentions stage unless said otherwise)
    #: how a mention outside the KB aliases and group nouns was found: "norp" (a plural NORP entity),
    #: "unknown" (an ORG entity the KB does not know), "fuzzy" (a near match of a long KB alias),
    #: "demonym" (a plural demonym, "the Salvadorans"); None otherwise
    how: str | None = field(default=None, metadata=INTERNAL)
    #: the group-noun phrase (folded) a generic mention came from ("gunmen"); read by resolve_actors
    noun: str | None = field(default=None, metadata=INTERNAL)
    #: True when a generic noun ("the rebels") was linked to the article's dominant named armed group
    linked: bool = field(default=False, metadata=INTERNAL)
    #: a person's name as written, without title ("Ryan Dillon", a bare "Dillon")
    name: str | None = field(default=None, metadata=INTERNAL)
    #: a person's role noun from a title or appositive ("spokesman"); read by resolve_actors
    role: str | None = field(default=None, metadata=INTERNAL)
    #: for a repeat ("Dillon"): character span of the full-name mention it refers to
    antecedent: tuple[int, int] | None = field(default=None, metadata=INTERNAL)
    #: KB id of a person's affiliation (``state:US:mil``); resolve_actors may replace it
    affiliation_entry: str | None = field(default=None, metadata=INTERNAL)
    #: False when a person's state affiliation came from the focus-country guess, not from a country
    #: named in the text; resolve_actors then re-decides it with its better focus country
    affiliation_resolved: bool = field(default=True, metadata=INTERNAL)


@dataclass
class PlaceMention:
    """A toponym and, once resolved, the gazetteer entry it refers to."""

    PATH: ClassVar[str] = "mentions.places"  # contract path; what resolve_geo fills in is "places.resolved"

    text: str
    start: int
    end: int
    name: str | None = field(default=None, metadata=RESOLVED)
    geonames_id: int | None = field(default=None, metadata=RESOLVED)
    lat: float | None = field(default=None, metadata=RESOLVED)
    lon: float | None = field(default=None, metadata=RESOLVED)
    country_code: str | None = field(default=None, metadata=RESOLVED)
    admin1: str | None = field(default=None, metadata=RESOLVED)
    feature: str | None = field(default=None, metadata=RESOLVED)  # GeoNames feature class.code, e.g. "P.PPLA"
    # "location" (a place where something can happen), "metonymy" (Damascus = the
    # government), "origin" (dateline / where a speaker talks from), "demonym" (Syrian)
    role: str = field(default="location", metadata=INTERNAL)
    candidates: list = field(default_factory=list, metadata=INTERNAL)
    # working state of the place mentions stage
    # ner | gazetteer | embedded | dateline | discourse (same name as a place elsewhere) | demonym |
    # facility (a building or street, placed at the town named after it)
    how: str | None = field(default=None, metadata=INTERNAL)
    tokens: tuple[int, int] | None = field(default=None, metadata=INTERNAL)  # token span [start, end) in article.doc
    modifies: str | None = field(default=None, metadata=INTERNAL)  # a demonym's head noun, lower case ("desert")
    # working state of resolve_geo
    resolved: Place | None = field(default=None, metadata={**INTERNAL, **RESOLVED})  # the chosen gazetteer entry
    #: the coordinates are a best guess for a place the gazetteer lacks (its country, the focus place)
    approximate: bool = field(default=False, metadata={**INTERNAL, **RESOLVED})
    dropped: str | None = field(default=None, metadata={**INTERNAL, **RESOLVED})  # why no entry was kept


@dataclass
class TimeMention:
    """A temporal expression normalised against the publication date."""

    PATH: ClassVar[str] = "mentions.times"

    text: str
    start: int
    end: int
    start_date: str | None = None  # YYYY-MM-DD
    end_date: str | None = None
    precision: int | None = None  # ACLED time_precision: 1 day, 2 week, 3 month or vaguer
    value: str | None = None  # TIMEX3-style value, e.g. "2017-W35", "2017-08", "P10Y"
    type: str = field(default="DATE", metadata=INTERNAL)  # DATE | TIME | DURATION | SET
    # working state of the time mentions stage
    rule: str = field(default="", metadata=INTERNAL)  # the tagger rule that found it ("dmy", "weekday", "dateparser")
    anchor: str | None = field(default=None, metadata=INTERNAL)  # "since", "until", ... said with the date


@dataclass
class Quantity:
    """A number of something, with bounds: "about 85 fighters" -> 85/85/85 people."""

    PATH: ClassVar[str] = "mentions.quantities"

    text: str
    start: int
    end: int
    low: int | None = None
    best: int | None = None
    high: int | None = None
    unit: str | None = None  # people, vehicles, buses, ... (the counted noun's lemma class)
    head: str | None = field(default=None, metadata=INTERNAL)  # the counted noun as written
    # working state (set by the quantity mentions stage; read by resolve_fatalities)
    #: exact | range | low | high | approx | vague (how low/best/high were read)
    kind: str | None = field(default=None, metadata=INTERNAL)
    #: character span of the number itself, without modifier and counted noun ("85" in "about 85 fighters")
    core: tuple[int, int] | None = field(default=None, metadata=INTERNAL)
    #: the number is an exclusive bound ("more than 100": read as at least 101; ACLED codes the stated 100)
    exclusive: bool = field(default=False, metadata=INTERNAL)


@dataclass
class Quote:
    """Direct speech and who said it."""

    PATH: ClassVar[str] = "mentions.quotes"

    text: str
    start: int
    end: int
    speaker: str | None = None
    #: where the quote stage found the speaker: "after" / "before" the quote, "continued" from the
    #: previous quote, None when it found none
    how: str | None = field(default=None, metadata=INTERNAL)
    #: the speaker as written ("he", "Dillon") once resolve_actors has replaced ``speaker`` with a full name
    speaker_as_written: str | None = field(default=None, metadata=INTERNAL)


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
    """An actor of an event: as written, and as resolved to the knowledge base."""

    PATH: ClassVar[str] = "event.actors"  # contract path (see wirecoder.contract)

    name: str  # as in the text
    canonical: str | None = None
    category: str | None = None
    inter: int | None = None
    country: str | None = None
    mention: ActorMention | None = field(default=None, metadata=INTERNAL)

    @classmethod
    def of(cls, mention: ActorMention) -> EventActor:
        """The event actor an actor mention names, as written and as resolved."""
        return cls(name=mention.text, canonical=mention.canonical, category=mention.category, inter=mention.inter,
                   country=mention.country, mention=mention)


@dataclass
class EventDate:
    """When an event happened, with ACLED's time precision."""

    PATH: ClassVar[str] = "event.date"  # contract path (see wirecoder.contract)

    start: str | None = None
    end: str | None = None
    precision: int | None = None
    text: str | None = None


@dataclass
class Location:
    """Where an event happened, with ACLED's geo precision."""

    PATH: ClassVar[str] = "event.location"  # contract path (see wirecoder.contract)

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
    """How many people an event killed, as reported."""

    PATH: ClassVar[str] = "event.fatalities"  # contract path (see wirecoder.contract)

    low: int | None = None
    best: int | None = None
    high: int | None = None
    text: str | None = None
    #: What kind of statement gives ``best`` (the fatalities stage's tiers): 0 a written number, 1 victims named or
    #: counted one by one, 2 vague words ("dozens"), 3 an explicit zero; read by the dedup stage.
    tier: int = field(default=0, metadata=INTERNAL)
    #: The counted nouns of the statements that give ``best``, lower case ("" where none: "killing 12").
    victims: tuple[str, ...] = field(default=(), metadata=INTERNAL)


@dataclass
class Attribution:
    """Who reports the event (the source the article attributes it to)."""

    PATH: ClassVar[str] = "event.attribution"  # contract path (see wirecoder.contract)

    source: str | None = None
    text: str | None = None
    #: The source as the text gives it ("he") before the actors resolution stage normalised ``source``.
    source_as_written: str | None = field(default=None, metadata=INTERNAL)


@dataclass
class Event:
    """One event: who did what to whom, where, when, with how many killed, per whom."""

    PATH: ClassVar[str] = "events"  # contract path; fields filled in by later stages have their own

    @property
    def is_news(self) -> bool:
        """Asserted and reported in the article's window: what default exports keep."""
        return self.modality == "asserted" and self.status == "reported"

    id: str = field(default="", metadata={"path": "event.id"})
    event_type: str = ""
    sub_event_type: str = ""
    plover: dict | None = None  # {"event": "ASSAULT", "mode": "aerial"}
    modality: str = "asserted"  # asserted | negated | hypothetical | future
    #: "reported" (news in the article's reporting window), "background" (an event the text places
    #: clearly before that window: "the 2012 embassy assault") or "aggregate" (a cumulative or
    #: statistical statement: "15,000 killed since October"). Only asserted, reported events are exported
    #: by default.
    status: str = field(default="reported", metadata={"path": "event.status"})
    date: EventDate | None = field(default=None, metadata={"path": "event.date"})
    actor1: EventActor | None = None
    actor2: EventActor | None = None
    associated_actors: list[EventActor] = field(default_factory=list)
    #: Further actors on actor2's side (ACLED's assoc_actor_2): the others the event happened to ("killed a
    #: judge and his two bodyguards": actor2 the judge, associated the bodyguards).
    associated_actors_2: list[EventActor] = field(default_factory=list)
    location: Location | None = field(default=None, metadata={"path": "event.location"})
    fatalities: Fatalities | None = field(default=None, metadata={"path": "event.fatalities"})
    attribution: Attribution | None = None
    evidence: list[Span] = field(default_factory=list)
    confidence: float = field(default=0.5, metadata={"path": "event.confidence"})
    summary: str = field(default="", metadata={"path": "event.summary"})
    # working state for later stages
    trigger: Span | None = field(default=None, metadata=INTERNAL)  # main trigger
    triggers: list[Span] = field(default_factory=list, metadata=INTERNAL)  # all merged mentions
    sent_starts: list[int] = field(default_factory=list, metadata=INTERNAL)  # char start of each sentence
    #: How strongly the lexicon evidence points at the sub-type: summed trigger and cue weights, plus a
    #: share of each merged mention's (set by the events stage, used for the confidence).
    score: float = field(default=1.0, metadata=INTERNAL)
    #: Only a generic violence word decided the type; the event may merge into a specific one (events stage).
    generic: bool = field(default=False, metadata=INTERNAL)
    #: How many mentions were merged into the event (events and finalize stages).
    mentions: int = field(default=1, metadata=INTERNAL)
    #: A trigger heads a main clause, or a clause reported by one (events stage).
    main: bool = field(default=False, metadata=INTERNAL)
    #: Index of the first sentence that mentions the event, None when unknown (events stage).
    sent_index: int | None = field(default=None, metadata=INTERNAL)
    #: Character offset of words before the mention's triggers in its sentence that set it apart from what the
    #: sentence told before ("..., and in a separate attack on Monday abducted ..."), None when there are none
    #: (events stage; read by the in-sentence merge).
    apart_at: int | None = field(default=None, metadata=INTERNAL)


def is_news(event: dict) -> bool:
    """Whether an exported event (a ``wirecoder/1`` event object) is one default exports keep:
    asserted, and reported in the article's window (not background, not an aggregate)."""
    return event.get("modality") == "asserted" and event.get("status", "reported") == "reported"


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

    # set by the readers (ingest), before any stage runs
    id: str = field(metadata=INGEST)
    text: str = field(metadata=INGEST)
    title: str | None = field(default=None, metadata=INGEST)
    published: date | None = field(default=None, metadata=INGEST)
    source: str | None = field(default=None, metadata=INGEST)
    url: str | None = field(default=None, metadata=INGEST)
    #: The input record's other fields (JSON lines, JSON, CSV columns), as read; exported when not empty.
    metadata: dict[str, Any] = field(default_factory=dict, metadata=INGEST)
    # set by the stages
    language: str | None = None
    mentions: Mentions = field(default_factory=Mentions)
    events: list[Event] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    # working state (never exported)
    doc: Any = None  # spaCy Doc of ``text`` (set by the analyse stage)
    published_source: str | None = field(default=None, metadata=INGEST)  # "metadata", "cli", "text", or None
    path: str | None = None  # where it was read from
    #: True when the document could not be processed at all (unreadable input, or a stage whose
    #: failure is fatal failed on it); later stages skip it.
    failed: bool = False
    #: Capitals-only wire copy (set by the analyse stage, which truecases it for spaCy).
    upper_case: bool = False
    #: The country the article is mainly about, ISO alpha-2 (set by the actor mentions stage).
    focus_country: str | None = None
    #: Character span of a publication date found in the text itself (set by the time mentions stage).
    published_span: tuple[int, int] | None = None
    #: Free room for third-party stages (like spaCy's ``Doc.user_data``); built-in stages never use it.
    user_data: dict = field(default_factory=dict)

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
        events = self.events if include_all else [e for e in self.events if e.is_news]
        article = {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "language": self.language,
        }
        if self.metadata:
            article["metadata"] = self.metadata
        return {
            "schema": SCHEMA_ID,
            "article": article,
            "events": [_export(e) for e in events],
            "mentions": _export(self.mentions),
            "errors": [_export(e) for e in self.errors],
        }
