"""Toponym resolution in document context, and each event's location with ACLED precision.

The stage ``wirecoder.resolve_geo.v1`` does two things:

1. **Resolve every place mention** to one gazetteer entry. Each candidate gets
   a prior (population, feature: a country name nearly always means the
   country; a name that is the place's main name beats an alternate spelling;
   "the X region" prefers the division, "the town of X" the town), then a
   context score from the document: its focus countries (explicit country
   mentions, demonyms, confidently resolved places), the first-order divisions
   it names, a following ", Ohio" / ", Syria", and the distance to the other
   confidently resolved places. Mentions with the same name share one
   reading (one sense per discourse). Names the gazetteer lacks are tried
   under common transliteration variants; a still unknown "the Syrian town
   of X" falls back to its country, flagged approximate. A small town in a
   country the rest of the story hardly places anything in, with no hierarchy
   cue tying it there, is dropped: it is nearly always a person or an
   organisation the gazetteer knows a namesake village of.
2. **Locate every event** (``article.events``, linked through ``event.trigger``
   and ``event.evidence`` character offsets): among the ``location``-role
   mentions (never ``metonymy``/``origin``) of the trigger's sentence (of the
   direct quote that holds the trigger, when one does), the nearest in the
   dependency tree wins; else the evidence sentences; else a
   demonym on a place noun in the sentence ("the Syrian desert") narrowed to
   the document's focus place in that country; else the discourse focus place
   (inside the focus country). Never a continent.
   ``precision`` follows ACLED's ``geo_precision``: 1 the town itself, 2 near
   a town ("near", "outside", "west of") or a part of a region (a district, a
   region, a focus place reached only through discourse), 3 a first-order
   division or country (its centroid).

Every weight and threshold is named in ``data/weights/resolve_geo.toml`` (overridable with the
``weights`` setting); the word lists are in ``data/lexicons/places.en.toml``. A candidate's score is
the sum of named features: :data:`PRIOR_FEATURES` for what a name means on its own, then the
context features of :meth:`ResolveGeo._context_score` in each round of voting.

DOCS: docs/places.md
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Token

from .. import lookups
from ..analysis.nlp import is_hard_wrapped
from ..analysis.spans import subtree_chars, token_at
from ..doc import Article, Event, Location, PlaceMention
from ..gazetteer import Gazetteer, Place, get_gazetteer, haversine_km, name_key
from ..mentions.places import DATELINE, PLURAL_PLACE_NOUNS, plural_list_noun
from ..pipeline import Stage
from ..registry import stages

LEXICON = "lexicons/places.en.toml"
#: The shipped weights and thresholds (``data/weights/resolve_geo.toml``); the ``weights`` setting overrides them.
DEFAULT_WEIGHTS = lookups.weights("resolve_geo")

ADMIN_NOUNS = lookups.words(LEXICON, "resolution.admin_nouns")
TOWN_NOUNS = lookups.words(LEXICON, "resolution.town_nouns")
VILLAGE_NOUNS = lookups.words(LEXICON, "resolution.village_nouns")
# Words that make an unknown name a place ("River Lune", "Lake Harriet", "Farallon Islands").
FEATURE_WORDS = lookups.words(LEXICON, "resolution.feature_words")
UNKNOWN_PLACE_CUES = lookups.words(LEXICON, "resolution.unknown_place_cues")
FACILITY_LINKS = lookups.words(LEXICON, "resolution.facility_links")
# Arabic and other transliteration variants tried, in order, for names the gazetteer lacks.
TRANSLITERATION_VARIANTS: tuple[tuple[str, str], ...] = lookups.word_list(
    LEXICON, "resolution.transliteration_variants"
)
NAME_ARTICLES: tuple[str, ...] = lookups.word_list(LEXICON, "resolution.name_articles")
NEAR_WORDS = lookups.words(LEXICON, "location.near_words")
AREA_NOUNS = lookups.words(LEXICON, "location.area_nouns")
GEO_NOUNS = lookups.words(LEXICON, "location.geo_nouns")
BEARINGS = lookups.words(LEXICON, "location.bearings")
SOURCE_VERBS = lookups.words(LEXICON, "location.source_verbs")
# Verbs of saying: a place inside the phrase of their subject ("officials at a hospital in the nearby city of
# Ajdabiya said five rebels were killed", "Kyiv's air force said ...") is where the source is, not where the event
# it reports happened.
REPORTING_VERBS = lookups.words("lexicons/speech.en.toml", "verbs.neutral")
# Hierarchy cues: the gap between X and a following container Y ("X, Y", "X village in Y", "the X district of Y")
# and between a container Y and a following X ("Y's X").
CONTAINER_GAPS = tuple(re.compile(p, re.I) for p in lookups.word_list(LEXICON, "resolution.container_gaps"))
POSSESSIVE_GAPS = tuple(re.compile(p, re.I) for p in lookups.word_list(LEXICON, "resolution.possessive_container_gaps"))
# Country-code top-level domains that do not tell an outlet's country, and codes that differ from ISO 3166 ("uk").
GENERIC_CCTLDS = lookups.words(LEXICON, "resolution.generic_cctlds")
CCTLD_COUNTRY: dict[str, str] = lookups.word_map(LEXICON, "resolution.cctld_country")
_HOST = re.compile(r"^(?:https?://)?([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\.?(?:[/:?#]|$)", re.I)


def _contained_gap(gap: str) -> bool:
    """Whether the text between two names puts the first inside the second ("X village in Y",
    :data:`CONTAINER_GAPS`)."""
    return any(p.match(gap) for p in CONTAINER_GAPS)


def _source_phrases(trig: Token, max_steps: int = 12) -> list[tuple[int, int]]:
    """Character ranges of the subjects of the reporting verbs that govern ``trig`` through a clause complement:
    "Officials at a hospital in the nearby city of Ajdabiya said only five rebels were killed" -> the subject phrase
    holding Ajdabiya, which places the source, not the event it reports."""
    spans = []
    tok = trig
    for _ in range(max_steps):
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in REPORTING_VERBS:
            spans += [subtree_chars(c) for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        tok = head
    return spans


def _source_place(doc: Doc, m: PlaceMention, spans: list[tuple[int, int]]) -> bool:
    """Whether a place lies in one of a source's subject phrases (:func:`_source_phrases`) as the object of a
    preposition or a possessor ("officials at a hospital in Ajdabiya", "Kyiv's air force"): where the source is. A
    place in the source's own name ("the Alachua County Sheriff's Office") is its jurisdiction and stays."""
    if not any(a <= m.start < b for a, b in spans):
        return False
    h = place_head(doc, m)
    return h is not None and h.dep_ in ("pobj", "poss")


def _hierarchy_content(text: str, best: PlaceMention, local: list[PlaceMention]) -> PlaceMention:
    """The finer place a hierarchy cue puts inside ``best``: "the monastery in Lin Ta Lu village in Sagaing township"
    happened in Lin Ta Lu, the place the text places in the township (ACLED codes the most specific place), also
    down a chain ("X village in Y township in Z region")."""
    for _ in range(len(local)):
        inner = [
            m
            for m in local
            if m.end <= best.start
            and m.resolved.level > best.resolved.level
            and m.resolved.lies_in(best.resolved)
            and _contained_gap(text[m.end : best.start])
        ]
        if not inner:
            break
        best = inner[-1]
    return best


def _possessive_gap(gap: str) -> bool:
    """Whether the text between two names puts the second inside the first ("Y's X", :data:`POSSESSIVE_GAPS`)."""
    return any(p.match(gap) for p in POSSESSIVE_GAPS)

#: Whether a text is hard-wrapped, asked once per article rather than once per event.
_hard_wrapped = functools.lru_cache(maxsize=4)(is_hard_wrapped)


def variant_keys(key: str) -> list[str]:
    """Spelling variants of a name key (drop a leading Arabic article, vowel spellings)."""
    out = []
    for art in NAME_ARTICLES:
        if key.startswith(art) and len(key) - len(art) >= DEFAULT_WEIGHTS["variant_min_stem"]:
            out.append(key[len(art) :])
    for a, b in TRANSLITERATION_VARIANTS:
        if a in key:
            out.append(key.replace(a, b))
    return [k for k in dict.fromkeys(out) if k != key]


def publication_country(url: str | None) -> str | None:
    """The country of the outlet that published an article, read from its URL's country-code top-level domain
    ("https://www.lfpress.ca/..." -> CA, "thisisoxfordshire.co.uk" -> GB); None for a generic domain (".com",
    ".org"), a code sold as a generic name (".io", ".tv") or no URL. A local paper writes mostly about its own
    country, so a bare "London" in the London Free Press is London, Ontario."""
    match = _HOST.match(url or "")
    if not match:
        return None
    tld = match.group(1).rstrip(".").rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC_CCTLDS:
        return None
    return CCTLD_COUNTRY.get(tld, tld.upper())


def _softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    ex = [math.exp(x - top) for x in xs]
    total = sum(ex)
    return [e / total for e in ex]


def place_head(doc: Doc, m: PlaceMention) -> Token | None:
    """The head token of a place mention in the parse (from its token span, else its characters)."""
    s, e = m.tokens or (None, None)
    if s is None:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        s, e = span.start, span.end
    for t in doc[s:e]:
        if t.head.i < s or t.head.i >= e or t.head.i == t.i:
            return t
    return doc[e - 1]


def place_location(m: PlaceMention, p: Place, precision: int | None) -> Location:
    """The event location a place mention gives, at ``p`` (its resolved gazetteer entry)."""
    return Location(
        name=p.name,
        geonames_id=p.geonames_id,
        lat=p.lat,
        lon=p.lon,
        country_code=p.cc,
        admin1=p.admin1 if not p.is_country else None,
        precision=precision,
        mention=m,
    )


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of the same sentence (large if none)."""
    if a.sent.start != b.sent.start:
        return 1000
    pa = [a, *a.ancestors]
    idx = {t.i: n for n, t in enumerate(pa)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in idx:
            return idx[t.i] + n
    return 999


def _noun_after(doc: Doc, m: PlaceMention) -> str | None:
    """The word right after a mention, lower case ("Idlib province" -> "province"); for a name in a list that ends
    in a plural place noun, that noun in the singular ("Becker, Clay and Wilkin counties" -> "county" for each)."""
    _s, e = m.tokens or (None, None)
    if e is None or e >= len(doc):
        return None
    word = doc[e].lower_
    if word not in (",", "and", "or") and word not in PLURAL_PLACE_NOUNS:
        return word
    return plural_list_noun(doc, e) or word


def _called_village(doc: Doc, m: PlaceMention) -> bool:
    """Whether the text calls a place a village: "the village of Boni", "Boni village", "the villages of X and Y"
    (``village_nouns``)."""
    s, e = m.tokens or (None, None)
    if s is None or e is None:
        return False
    if e < len(doc) and doc[e].lemma_.lower() in VILLAGE_NOUNS:
        return True
    k = s - 1
    while k >= 0 and (doc[k].dep_ == "cc" or doc[k].is_punct or doc[k].ent_type_ in ("GPE", "LOC")):
        k -= 1  # across the names before it in a list ("the villages of Shawa, Alagarno and X")
    return k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lemma_.lower() in VILLAGE_NOUNS


# --------------------------------------------------------------------------- candidate prior
# Each feature scores one candidate ``c`` of one mention, as :class:`_Named` gives it, with the weights ``w``; the
# prior is their sum.


@dataclass(frozen=True)
class _Named:
    """What the prior features read of a mention, worked out once per mention: mentions of a group that are alike
    in these score alike."""

    key: str  # name_key(m.text)
    role: str | None  # m.role
    noun: str | None  # _noun_after(doc, m)
    village: bool = False  # _called_village(doc, m)

    @classmethod
    def of(cls, doc: Doc, m: PlaceMention) -> _Named:
        return cls(name_key(m.text), m.role, _noun_after(doc, m), _called_village(doc, m))


def _population_prior(w: dict, x: _Named, c: Place) -> float:
    """Bigger places are mentioned more: ``population`` per decade of people."""
    return w["population"] * math.log10(c.population + w["population_smoothing"])


def _feature_prior(w: dict, x: _Named, c: Place) -> float:
    """The kind of place: countries and continents, regions, divisions, capitals."""
    if c.feature == "L.CONT" or c.is_country:
        return w["country"]
    if c.feature == "A.ADM1":
        return w["admin1"]
    if c.feature == "L.RGN":
        return w["region"]
    if c.feature == "A.ADM2":
        return w["admin2"]
    if c.feature == "P.PPLC":
        return w["capital"]
    return 0.0


def _primary_prior(w: dict, x: _Named, c: Place) -> float:
    """The name is the candidate's main name, not an alternate spelling."""
    return w["primary"] if c.primary else 0.0


def _own_name_prior(w: dict, x: _Named, c: Place) -> float:
    """The candidate's own name is exactly the mention's text (once normalised)."""
    return w["own_name"] if name_key(c.name) == x.key else 0.0


def _admin_noun_prior(w: dict, x: _Named, c: Place) -> float:
    """ "X region", "X province": a division or region."""
    return w["admin_noun"] if x.noun in ADMIN_NOUNS and (c.is_admin or c.feature == "L.RGN") else 0.0


def _county_noun_prior(w: dict, x: _Named, c: Place) -> float:
    """ "X County": a second-order division."""
    return w["county_noun"] if x.noun == "county" and c.feature == "A.ADM2" else 0.0


def _town_noun_prior(w: dict, x: _Named, c: Place) -> float:
    """ "X city", "the town of X": a town."""
    return w["town_noun"] if x.noun in TOWN_NOUNS and c.is_town else 0.0


def _village_prior(w: dict, x: _Named, c: Place) -> float:
    """A place the text calls a village is no city: a reading of more than ``village_max_population`` people is
    penalised ("the village of Boni" in central Mali is not Bonn, whose alternate names include "Boni")."""
    return w["village_city"] if x.village and c.population > w["village_max_population"] else 0.0


def _metonymy_prior(w: dict, x: _Named, c: Place) -> float:
    """A place that acts ("Moscow denied") is a country or a capital."""
    return w["metonymy"] if x.role == "metonymy" and (c.is_country or c.feature == "P.PPLC") else 0.0


def _origin_prior(w: dict, x: _Named, c: Place) -> float:
    """Datelines and "speaking from X" name towns."""
    return w["origin_town"] if x.role == "origin" and c.is_town else 0.0


#: The features of a candidate's prior, added in this order.
PRIOR_FEATURES: tuple[Callable[[dict, _Named, Place], float], ...] = (
    _population_prior,
    _feature_prior,
    _primary_prior,
    _own_name_prior,
    _admin_noun_prior,
    _county_noun_prior,
    _town_noun_prior,
    _village_prior,
    _metonymy_prior,
    _origin_prior,
)


# --------------------------------------------------------------------------- document context


#: A section tag of transcribed wire copy ("[TEXT]", "[EXCERPT]", "[BEGIN RECORDING]"): the body starts after it.
SECTION_TAG = re.compile(r"\[[A-Z][A-Z ]*\]")


@functools.lru_cache(maxsize=4)
def _lead(text: str) -> tuple[int, int]:
    """The lead paragraph's body: up to the first paragraph break, after the section tags of its first line (the
    header of transcribed wire copy, "MADRID (SPAIN), 17 MAY 90 (EFE) -- [EXCERPT] LIMA, 17 MAY (EFE) --", names
    where the reports were filed, not what they are about)."""
    brk = "\n\n" if "\n\n" in text or _hard_wrapped(text) else "\n"
    start = len(text) - len(text.lstrip())
    end = text.find(brk, start)
    end = end if end >= 0 else len(text)
    line_end = text.find("\n", start)
    tags = list(SECTION_TAG.finditer(text, start, line_end if 0 <= line_end < end else end))
    if tags:
        start = tags[-1].end()
        head = DATELINE.match(text[start : start + 200])
        start += head.end() if head else 0
    return start, end


def _placing(m: PlaceMention) -> bool:
    """A mention that puts something somewhere (a location or a dateline), not one naming an actor."""
    return m.role in ("location", "origin")


@dataclass
class _Context:
    """What the rest of the document says about one group of same-name mentions, in one round of voting."""

    key: str  # the group
    total_cc: dict[str, float]  # every group's votes per country (ISO alpha-2)
    total_a1: dict[int, float]  # every group's votes per first-order division (place id)
    own_cc: dict[str, float]  # this group's own votes per country
    own_a1: dict[int, float]  # this group's own votes per first-order division
    others: int  # how many other groups vote (at least 1)
    container: list[Place] | None  # what ", Ohio" / ", Syria" right after a mention of the group names
    contents: list[Place] | None  # the readings of the places the group is named as the container of ("X, Ohio")
    anchors: list[tuple[str, float, float]]  # (group, lat, lon) of confidently resolved districts and towns
    neighbours: dict[int, int]  # this group's readings (by id) -> other names with a reading close by
    distances: dict[tuple[float, float, float, float], float]  # (lat, lon, lat, lon) -> km, shared by the rounds
    # group -> the first-order division (place id) its anchor lies in
    anchor_divisions: dict[str, int | None] = field(default_factory=dict)


def _country_vote(w: dict, c: Place, ctx: _Context) -> float:
    """The other groups' mean vote for the candidate's country."""
    if not c.cc:
        return 0.0
    return w["country_vote"] * (ctx.total_cc[c.cc] - ctx.own_cc.get(c.cc, 0.0)) / ctx.others


def _admin1_vote(w: dict, c: Place, ctx: _Context) -> float:
    """The other groups' mean vote for the candidate's first-order division."""
    a1 = c.id if c.feature == "A.ADM1" else c.admin1_id
    if not a1:
        return 0.0
    return w["admin1_vote"] * (ctx.total_a1[a1] - ctx.own_a1.get(a1, 0.0)) / ctx.others


def _inside(c: Place, containers: list[Place]) -> bool:
    """Whether a reading lies in one of the countries or first-order divisions of a hierarchy cue."""
    return any(c.lies_in(o) for o in containers)


def _container_score(w: dict, c: Place, ctx: _Context) -> float:
    """ ", Ohio" after the name: inside Ohio gains, anything else (Ohio itself too) loses."""
    if not ctx.container:
        return 0.0
    return w["container_inside"] if _inside(c, ctx.container) and c not in ctx.container else w["container_outside"]


def _proximity(w: dict, c: Place, ctx: _Context) -> float:
    """Near another group's confident reading: within ``near_km`` gains ``near``, within ``near_half_km`` half; a
    first-order division holding that reading counts as within ``near_km`` (``near_inside``)."""
    if not ctx.anchors or c.level < w["near_min_level"]:
        return 0.0
    # a division is as near as can be to a place inside it, wherever its centre lies (Quebec beside Montreal)
    inside = (a1 == c.id for kk, a1 in ctx.anchor_divisions.items() if kk != ctx.key)
    if w["near_inside"] and c.feature == "A.ADM1" and any(inside):
        return w["near"]
    distances = ctx.distances
    d = None  # the nearest, as min() finds it
    for kk, la, lo in ctx.anchors:
        if kk != ctx.key:
            key = (c.lat, c.lon, la, lo)
            km = distances.get(key)
            if km is None:
                km = distances[key] = haversine_km(*key)
            if d is None or km < d:
                d = km
    if d is None:
        d = 1e9
    return w["near"] if d < w["near_km"] else w["near"] / 2 if d < w["near_half_km"] else 0.0


def _contents_score(w: dict, c: Place, ctx: _Context) -> float:
    """The container of a hierarchy cue ("Tacoma, Washington", "Moscow, Idaho") is a country or first-order
    division that holds a reading of the place it follows: the state Washington, not the capital."""
    if not ctx.contents or not (c.is_country or c.feature == "A.ADM1"):
        return 0.0
    holds = any(o.lies_in(c) for o in ctx.contents if o is not c)
    return w["container_holds"] if holds else 0.0


def _neighbour_score(w: dict, c: Place, ctx: _Context) -> float:
    """Other names have readings close to this one (see :meth:`ResolveGeo._neighbours`), in the country the
    other names vote for most: ``neighbour`` for each, up to ``neighbour_max_names``."""
    near = ctx.neighbours.get(id(c))
    if not near:
        return 0.0
    top = max(ctx.total_cc, key=lambda cc: ctx.total_cc[cc] - ctx.own_cc.get(cc, 0.0))
    return w["neighbour"] * min(near, w["neighbour_max_names"]) if c.cc == top else 0.0


#: The context features of a candidate, added in this order to its prior in every round.
CONTEXT_FEATURES: tuple[Callable[[dict, Place, _Context], float], ...] = (
    _country_vote,
    _admin1_vote,
    _container_score,
    _contents_score,
    _proximity,
    _neighbour_score,
)


class ResolveGeo(Stage):
    """Pick a gazetteer entry for each place mention and a location for each event.

    config (dict): the pipeline configuration.
    weights (dict | None): weights and thresholds overriding :data:`DEFAULT_WEIGHTS` by name.
    """

    requires = ("article.text", "article.doc", "mentions.places")
    optional = ("events", "article.url", "mentions.quotes", "mentions.actors")  # events: located when an earlier
    # stage made them (geoparse runs without); quotes: a place outside the quote holding an event's trigger is not
    # its place; actors: a name the gazetteer lacks that names a known armed group is no place
    assigns = ("mentions.places", "places.resolved", "event.location")

    #: Scoring weights and thresholds by name (``data/weights/resolve_geo.toml``); see docs/places.md.
    WEIGHTS = DEFAULT_WEIGHTS

    def __init__(self, config: dict, weights: dict | None = None) -> None:
        self._gaz: Gazetteer | None = None
        self.weights = {**self.WEIGHTS, **(weights or {})}

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # ------------------------------------------------------------------ scoring
    def _prior(self, x: _Named, c: Place) -> float:
        """What a mention (``x``) means on its own: the sum of :data:`PRIOR_FEATURES` for candidate ``c``."""
        score = 0.0
        for feature in PRIOR_FEATURES:
            score += feature(self.weights, x, c)
        return score

    def _candidates(self, m: PlaceMention) -> list[Place]:
        if m.candidates or m.how == "facility":
            return m.candidates
        key = name_key(m.text)
        for k in variant_keys(key):
            cands = self.gaz.lookup(k)
            if cands:
                return list(cands)
        return []

    def resolve_mentions(self, article: Article) -> None:
        """Choose one candidate per mention using the document's context.

        Mentions with the same name form one group (one sense per discourse). Each round turns
        every group's scores into probabilities, lets the other groups vote for countries and
        first-order divisions with them, and rescores; after three rounds the best candidate wins.

        article (Article): an article with ``doc`` and ``mentions.places`` (candidates attached).
        RETURNS (None): the mentions' name/geonames_id/lat/lon/country_code/admin1/feature are set in place.
        """
        doc = article.doc
        mentions = article.mentions.places
        groups: dict[str, list[PlaceMention]] = defaultdict(list)
        for m in mentions:
            cs = self._candidates(m)
            if cs:
                m.candidates = cs
                groups[name_key(m.text) or m.text].append(m)
        if groups:
            self._choose(article, doc, groups)
        focus = self._salience(mentions, text=article.text)
        w_sentence = self.weights["unknown_sentence_country"]
        # "M23 rebels seized the town": a name the gazetteer lacks that the actor stage knows as a group is no place
        groups_named = [
            (a.start, a.end) for a in article.mentions.actors if a.kind == "group" and a.entry_id and a.resolved
        ]
        for i, m in enumerate(mentions):
            if m.how == "facility":
                self._facility(doc, m, mentions[i + 1 : i + 2], focus)
            elif m.lat is None and not any(a <= m.start and m.end <= b for a, b in groups_named):
                here = self._sentence_country(article.text, doc, m, mentions, focus) if w_sentence else None
                self._fallback(
                    doc,
                    m,
                    here[0] if here else focus,
                    self._unknown_container(article.text, mentions, i),
                    country=here[1] if here else None,
                )

    def _choose(self, article: Article, doc: Doc, groups: dict[str, list[PlaceMention]]) -> None:
        """Give every group of same-name mentions the candidate that scores best in document context."""
        w = self.weights
        keys = list(groups)
        cands = {k: groups[k][0].candidates[: w["max_candidates"]] for k in keys}
        prior = {k: self._group_prior(doc, groups[k], cands[k]) for k in keys}
        neighbours = self._neighbours(cands)
        container, contents = self._containers(article, groups, cands)
        scores = {k: list(prior[k]) for k in keys}
        distances: dict[tuple[float, float, float, float], float] = {}
        outlet = publication_country(article.url) if w["publication_vote"] else None
        for _round in range(w["rounds"]):
            # votes at a temperature below 1: a name's leading reading speaks for it more than its softmax share
            probs = {k: _softmax([x / w["vote_temperature"] for x in scores[k]]) for k in keys}
            votes = {k: self._votes(cands[k], probs[k]) for k in keys}
            total_cc: dict[str, float] = defaultdict(float)
            total_a1: dict[int, float] = defaultdict(float)
            for k in keys:
                for cc, v in votes[k][0].items():
                    total_cc[cc] += v
                for a1, v in votes[k][1].items():
                    total_a1[a1] += v
            if outlet:  # the outlet's country votes like part of one more name
                total_cc[outlet] += w["publication_vote"]
            anchors, anchor_divisions = self._anchors(cands, probs)
            others = max(len(keys) - 1, 1)
            for k in keys:
                ctx = _Context(
                    key=k,
                    total_cc=total_cc,
                    total_a1=total_a1,
                    own_cc=votes[k][0],
                    own_a1=votes[k][1],
                    others=others,
                    container=container.get(k),
                    contents=contents.get(k),
                    anchors=anchors,
                    neighbours=neighbours[k],
                    distances=distances,
                    anchor_divisions=anchor_divisions,
                )
                scores[k] = [self._context_score(prior[k][i], c, ctx) for i, c in enumerate(cands[k])]
        chosen = {k: cands[k][max(range(len(cands[k])), key=lambda i, k=k: scores[k][i])] for k in keys}
        ccs = Counter(c.cc for c in chosen.values() if c.cc)
        # how often the story places something in each country (not only names an actor: "US forces", "Moscow denied")
        placed = Counter(c.cc for k, c in chosen.items() if c.cc for m in groups[k] if _placing(m))
        for k in keys:
            c = chosen[k]
            # a hierarchy cue keeps the town only when the town lies in the container it names ("Russia's Wagner
            # Group" does not tie Wagner, a US village, anywhere)
            if not _inside(c, container.get(k, [])) and self._isolated_small_place(c, ccs, placed, groups[k]):
                for m in groups[k]:
                    m.dropped = f"isolated small place {c.name} ({c.cc})"
                continue
            for m in groups[k]:
                self._assign(m, c)

    def _group_prior(self, doc: Doc, mentions: list[PlaceMention], cs: list[Place]) -> list[float]:
        """The prior of each candidate of a group: its best over the group's mentions, less these penalties.

        * seat: a division named after its seat ("Da Nang", "Baghdad") sums its towns' people; without
          "province"/"region" after the name, the town is meant (city-states like Hamburg: surely);
        * state name: a first-order division's own name ("California") makes a namesake town with under
          ``admin1_name_share`` of its people need local evidence (``admin1_name``);
        * country name: a country's own name makes a namesake town ("China", Japan) or a spelling match
          (Iraq ~ Arak) need strong local evidence to win;
        * short name: a town named by the first or last words of its main name ("Newcastle" of Newcastle upon
          Tyne, "Petersburg" of Saint Petersburg) is named as by its main name (``short_form``), not as by an
          alias, so a hamlet spelled exactly as written does not win on that alone.
        """
        w = self.weights
        named = [_Named.of(doc, m) for m in mentions]
        rows = [[self._prior(x, c) for c in cs] for x in dict.fromkeys(named)]  # mentions alike score alike
        prior = [max(col) for col in zip(*rows, strict=True)]
        towns: dict[tuple, int] = {}
        keys = {name_key(m.text) for m in mentions}
        own = {id(c): name_key(c.name) for c in cs}  # each candidate's own name, folded once

        def spelled_alike(a: str, b: str) -> bool:
            return Levenshtein.distance(a, b) <= w["seat_spelling_edits"]

        seats: list[Place] = []
        for c in cs:
            # the town's own name, or a spelling of it ("Mykolaiv" of Mykolayiv); not an alias ("New York" of NYC)
            if c.is_town and (c.primary or any(spelled_alike(own[id(c)], k) for k in keys)):
                towns[(c.cc, c.admin1_id)] = max(towns.get((c.cc, c.admin1_id), 0), c.population)
                seats.append(c)
        if towns and all(x.noun not in ADMIN_NOUNS for x in named):

            def seat_population(c: Place) -> int | None:
                pop = towns.get((c.cc, c.id))
                if pop is not None or c.feature != "A.ADM1":
                    return pop
                # a town filed under an older division ("Janin", West Bank) beside the governorate named after it
                # ("Jenin"): the namesake town near the division's point is its seat all the same
                near = [d.population for d in seats
                        if d.cc == c.cc and haversine_km(c.lat, c.lon, d.lat, d.lon) <= w["seat_km"]]
                return max(near) if near else None

            def seat(c: Place) -> float:
                pop = seat_population(c)
                if not c.is_admin or pop is None:
                    return 0.0
                return w["seat"] + (w["seat_share_penalty"] if pop >= w["seat_share"] * c.population else 0.0)

            prior = [p - seat(c) for p, c in zip(prior, cs, strict=True)]

        # a hamlet spelled exactly as written does not beat the city its name is a spelling of
        # ("Zaporizhzhia", pop. 656, beside Zaporizhzhya, pop. 710,000)
        towns_in: dict[str | None, list[Place]] = defaultdict(list)
        for d in cs:
            if d.is_town:
                towns_in[d.cc].append(d)

        def shadowed(c: Place) -> bool:
            return c.is_town and any(
                d.population >= w["spelling_shadow_ratio"] * max(c.population, 1)
                and spelled_alike(own[id(c)], own[id(d)])
                for d in towns_in[c.cc]
            )

        prior = [p - (w["primary"] + w["own_name"] if shadowed(c) else 0.0) for p, c in zip(prior, cs, strict=True)]
        # a town's short name ("Newcastle" of Newcastle upon Tyne, "Petersburg" of Saint Petersburg): named as its
        # own, unless the name is a state's or country's own ("New York" of New York City, "Kansas" of Kansas City)
        if w["short_form"] and not any((c.is_country or c.feature == "A.ADM1") and c.primary for c in cs):
            words = {m.text.lower() for m in mentions}

            def short(c: Place) -> bool:
                n = c.name.lower()
                return c.is_town and not c.primary and any(n.startswith(x + " ") or n.endswith(" " + x) for x in words)

            prior = [p + (w["short_form"] if short(c) else 0.0) for p, c in zip(prior, cs, strict=True)]
        # a state's or province's own name: a namesake town much smaller than it needs local evidence too
        states = [c.population for c in cs if c.feature == "A.ADM1" and c.primary]
        if states and w["admin1_name"]:
            big = max(states)
            prior = [
                p - (w["admin1_name"] if c.is_town and c.population < w["admin1_name_share"] * big else 0.0)
                for p, c in zip(prior, cs, strict=True)
            ]
        if any(c.is_country and c.primary for c in cs):
            prior = [
                p - (w["country_name"] if not c.is_country and (c.level >= 3 or not c.primary) else 0.0)
                for p, c in zip(prior, cs, strict=True)
            ]
        return prior

    def _neighbours(self, cands: dict[str, list[Place]]) -> dict[str, dict[int, int]]:
        """Namesakes that sit together: for each district or town reading of a name (by ``id``), how many other
        names have a district or town reading within ``neighbour_km`` of it in the same country ("Richmond" and
        "Madison County": the Kentucky pair; "Huntsville" and "Walker County": the Texas one). A name and the same
        name with a noun ("DeKalb", "DeKalb County") are one name, not two that agree."""
        w = self.weights
        out: dict[str, dict[int, int]] = defaultdict(dict)
        if len(cands) < 2 or not w["neighbour"]:
            return out
        size = w["neighbour_km"] / 111.0  # grid cells about neighbour_km on a side
        grid: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
        for k, cs in cands.items():
            for c in cs:
                if (c.is_town or c.feature == "A.ADM2") and c.cc:
                    grid[(int(c.lat // size), int(c.lon // size))].append((k, c))
        if len({k for cell in grid.values() for k, _c in cell}) < 2:
            return out
        for k, cs in cands.items():
            if any(c.feature == "A.ADM1" and c.primary for c in cs):
                continue  # "California": a state's own name is the state's, not a town's beside a namesake county
            for c in cs:
                if not (c.is_town or c.feature == "A.ADM2") or not c.cc or not c.primary:
                    continue
                y, x = int(c.lat // size), int(c.lon // size)
                near = {
                    kk
                    for dy in (-1, 0, 1)
                    for dx in (-1, 0, 1)
                    for kk, d in grid.get((y + dy, x + dx), ())
                    if not (kk.startswith(k) or k.startswith(kk))  # "DeKalb" and "DeKalb County": one name
                    and d.cc == c.cc
                    and d.is_town != c.is_town
                    and haversine_km(c.lat, c.lon, d.lat, d.lon) <= w["neighbour_km"]
                }
                if near:
                    out[k][id(c)] = len(near)
        return out

    @staticmethod
    def _containers(
        article: Article, groups: dict[str, list[PlaceMention]], cands: dict[str, list[Place]]
    ) -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
        """Hierarchy cues: the countries and first-order divisions containing a mention, and the other way round.

        ", Ohio" / ", Syria" right after it, "X village in Y", "the X district of Y", "X, a town in northern Y"
        (:data:`CONTAINER_GAPS`), "Y's X" (:data:`POSSESSIVE_GAPS`). Only the comma cue applies to a name
        that can be a country or first-order division itself ("troops from Russia in Ukraine").
        RETURNS (tuple): group -> the container's country/division readings; container group -> the readings
            of the places it contains.
        """
        container: dict[str, list[Place]] = defaultdict(list)
        contents: dict[str, list[Place]] = defaultdict(list)
        ordered = sorted((m for k in groups for m in groups[k]), key=lambda m: m.start)
        key_of = {id(m): k for k in groups for m in groups[k]}

        def outer(m: PlaceMention) -> list[Place]:
            return [c for c in cands[key_of[id(m)]] if c.is_country or c.feature == "A.ADM1"]

        def big(m: PlaceMention) -> bool:
            return any((c.is_country or c.feature == "A.ADM1") and c.primary for c in cands[key_of[id(m)]])

        for a, b in zip(ordered, ordered[1:], strict=False):
            gap = article.text[a.end : b.start]
            if gap.strip() == "," or (not big(a) and _contained_gap(gap)):
                container[key_of[id(a)]].extend(outer(b))
                contents[key_of[id(b)]].extend(cands[key_of[id(a)]])
            elif not big(b) and _possessive_gap(gap):
                container[key_of[id(b)]].extend(outer(a))
                contents[key_of[id(a)]].extend(cands[key_of[id(b)]])
        return container, contents

    @staticmethod
    def _votes(cs: list[Place], probs: list[float]) -> tuple[dict[str, float], dict[int, float]]:
        """A group's votes, with its current probabilities, for countries and first-order divisions."""
        cv: dict[str, float] = defaultdict(float)
        av: dict[int, float] = defaultdict(float)
        for c, p in zip(cs, probs, strict=True):
            if c.cc:
                cv[c.cc] += p
            a1 = c.id if c.feature == "A.ADM1" else c.admin1_id
            if a1:
                av[a1] += p
        return cv, av

    def _anchors(
        self, cands: dict[str, list[Place]], probs: dict[str, list[float]]
    ) -> tuple[list[tuple], dict[str, int | None]]:
        """(group, lat, lon) of the groups confidently resolved to a district or town, and group -> the first-order
        division that reading lies in."""
        w = self.weights
        anchors = []
        divisions: dict[str, int | None] = {}
        for k in cands:
            best = max(range(len(cands[k])), key=lambda i, k=k: probs[k][i])
            c = cands[k][best]
            if probs[k][best] >= w["anchor_probability"] and c.level >= w["anchor_min_level"]:
                anchors.append((k, c.lat, c.lon))
                divisions[k] = c.admin1_id
        return anchors, divisions

    def _context_score(self, prior: float, c: Place, ctx: _Context) -> float:
        """A candidate's score in one round: its prior plus :data:`CONTEXT_FEATURES`, added in order."""
        score = prior
        for feature in CONTEXT_FEATURES:
            score += feature(self.weights, c, ctx)
        return score

    def _isolated_small_place(self, c: Place, ccs: Counter, placed: Counter, mentions: list[PlaceMention]) -> bool:
        """A small town abroad that little else in the story points to: the other names place things in its
        country at most ``abroad_support_share`` times as often as in the story's most placed country (counted
        without the town's own mentions; a country named only as an actor, "US forces", "the United States said",
        places nothing) while other names place the story elsewhere (some country is placed at all), and no
        hierarchy cue ties it there. More likely a
        person, an organisation or a word the gazetteer happens to know ("Perez" in a Venezuelan story,
        "Nizami" the police spokesman in an Afghan one, "Wagner" in "the Wagner Group") than a village abroad;
        a village of the story's own country stays. Names found by NER only must be smaller than
        ``isolated_max_population``, other names smaller than ``abroad_max_population``; datelines stay.

        c (Place): the group's chosen reading. ccs (Counter): chosen readings per country, every group.
        placed (Counter): :func:`_placing` mentions per country of their group's reading. mentions: the group's.
        """
        w = self.weights
        if any(m.role == "origin" for m in mentions):
            return False
        others = sum(ccs.values()) - (1 if c.cc else 0)
        elsewhere = placed[c.cc] - sum(1 for m in mentions if _placing(m))  # placing mentions of its country
        # the story's most placed country, the group's own mentions left out: a town does not outweigh itself
        top = max((elsewhere if cc == c.cc else n for cc, n in placed.items()), default=0)
        limit = w["isolated_max_population"] if all(m.how == "ner" for m in mentions) else w["abroad_max_population"]
        return (
            c.is_town
            and c.population < limit
            and others >= w["isolated_min_other_places"]
            and top > 0
            and elsewhere <= w["abroad_support_share"] * top
        )

    def _assign(self, m: PlaceMention, c: Place) -> None:
        m.name = c.name
        m.geonames_id = c.geonames_id
        m.lat, m.lon = c.lat, c.lon
        m.country_code = c.cc
        m.admin1 = c.admin1 if not c.is_country else None
        m.feature = c.feature
        m.resolved = c

    def _facility(self, doc: Doc, m: PlaceMention, after: list[PlaceMention], focus: PlaceMention | None) -> None:
        """A building or street ("the Convention Centre, Dublin", "Collins Avenue in Miami Beach"): the place named
        just after it, else the document's focus place when that is finer than a country; ``approximate``.
        (Issue #12 tried the place it is named after, "Westminster Bridge": tune halves LGL -0.2 to -0.5,
        GeoWebNews -0.2.)"""
        e = (m.tokens or (0, 0))[1]
        for o in after:
            if o.resolved is not None and o.tokens and all(t.lower_ in FACILITY_LINKS for t in doc[e : o.tokens[0]]):
                self._assign(m, o.resolved)
                m.approximate = True
                return
        if focus is not None and focus.resolved.level >= 2:
            self._assign(m, focus.resolved)
            m.approximate = True

    def _unknown_container(self, text: str, mentions: list[PlaceMention], i: int) -> Place | None:
        """The resolved place a hierarchy cue puts an unknown name in ("Dvani, Georgia", "Hamilton Township in Warren
        County", "Warren County's Hamilton Township"; :data:`CONTAINER_GAPS`, :data:`POSSESSIVE_GAPS`), or None.
        ``unknown_container`` 0 turns this off."""
        if not self.weights["unknown_container"] or mentions[i].candidates:
            return None
        m = mentions[i]
        if i + 1 < len(mentions):
            b = mentions[i + 1]
            if b.resolved is not None and _contained_gap(text[m.end : b.start]):
                return b.resolved
        if i > 0:
            a = mentions[i - 1]
            if a.resolved is not None and _possessive_gap(text[a.end : m.start]):
                return a.resolved
        return None

    def _sentence_country(
        self, text: str, doc: Doc, m: PlaceMention, mentions: list[PlaceMention], focus: PlaceMention | None
    ) -> tuple[PlaceMention | None, Place] | None:
        """An unknown name whose sentence puts things in one country other than the focus place's ("We have gone
        35 km into Kenya and burnt their base, Damajale", in a story focused on Somalia): that country's own focus
        place (None when the text names no finer place there) and the country, which :meth:`_fallback` uses in
        place of the document's focus; None when the sentence names no such country."""
        s, _ = m.tokens or (None, None)
        if s is None:
            return None
        sent = doc[s].sent
        countries = {
            x.resolved.cc: x.resolved
            for x in mentions
            if x.role == "location"
            and x.resolved is not None
            and x.resolved.is_country
            and sent.start_char <= x.start < sent.end_char
        }
        if len(countries) != 1:
            return None
        cc, country = next(iter(countries.items()))
        if focus is not None and focus.resolved.cc == cc:
            return None
        return self._salience(mentions, cc, text), country

    def _fallback(
        self,
        doc: Doc,
        m: PlaceMention,
        focus: PlaceMention | None,
        container: Place | None = None,
        country: Place | None = None,
    ) -> None:
        """An unknown name: "the Syrian town of X" -> the country; a hierarchy cue ("X village in Y", "X, Y", "Y's
        X") -> Y, unless Y is a country holding a finer focus place; else the document's focus place.

        Both are flagged ``approximate``: the coordinates are a best guess for a place
        the gazetteer lacks (a river, a small village), never a match of its name. The focus place is given
        only to names the tagger found (not to gazetteer spellings) and only when it is finer than a country.
        """
        s, e = m.tokens or (None, None)
        if s is None:
            return
        # "<Syrian|Syria's> <town|village> of X"
        if s >= 3 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in TOWN_NOUNS | ADMIN_NOUNS:
            tok = doc[s - 3] if doc[s - 3].tag_ != "POS" or s < 4 else doc[s - 4]
            places = self.gaz.demonym_places(tok.text) or tuple(
                c for c in self.gaz.candidates(tok.text) if c.is_country
            )
            if places:
                self._assign(m, places[0])
                m.approximate = True
                return
        # a hierarchy cue names the unknown place's container: the container's point is nearer than the focus's,
        # unless the container is a country the focus place lies in
        if container is not None and container.level >= 1:
            fine = focus is not None and focus.resolved.level >= 2 and focus.resolved.cc == container.cc
            if not (container.is_country and fine):
                self._assign(m, container)
                m.approximate = True
                return
        # a name the tagger reads as a town or country (GPE) but the gazetteer lacks ("Lore City", "Harwinton"):
        # most often a small place of the story's own area; other entities ("Nile Delta", the mislabelled "Holy
        # Week") need a feature word or a locative cue
        placeish = (
            doc[s].ent_type_ == "GPE"
            or any(t.lower_ in FEATURE_WORDS for t in doc[s:e])
            or (s > 0 and doc[s - 1].lower_ in UNKNOWN_PLACE_CUES)
        )
        if focus is not None and m.how == "ner" and focus.resolved.level >= 2 and placeish:
            self._assign(m, focus.resolved)
            m.approximate = True
        elif country is not None and m.how == "ner" and placeish:
            self._assign(m, country)  # its sentence's country is all the text gives
            m.approximate = True

    # ------------------------------------------------------------------ events
    def _precision(self, doc: Doc, m: PlaceMention, place: Place) -> int:
        if m.approximate:
            return 2
        if place.level <= 2:
            return 3  # a country, a first-order division, or a region as large (Darfur): ACLED's "province only"
        if not place.is_town:
            return 2
        s, e = m.tokens or (0, 0)
        before = {t.lower_ for t in doc[max(0, s - self.weights["near_window_tokens"]) : s]}
        if before & NEAR_WORDS or (e < len(doc) and doc[e].lower_ in AREA_NOUNS):
            return 2
        return 1

    def _salience(
        self, mentions: list[PlaceMention], cc: str | None = None, text: str = ""
    ) -> PlaceMention | None:
        """The document's focus place (optionally inside one country): most mentioned, then most specific.

        Without ``cc``, the focus country comes first (the country most named where things are or whose people
        act: places, datelines and demonyms, whatever their size), then the most mentioned place below country
        level inside it, so a story about Prokuplje that keeps naming the war in Kosovo has its focus in Serbia;
        only a story that names no smaller place there falls back to its most mentioned place of any kind.
        """
        if cc is None:
            # demonyms count: a story filed from Mexico City about "the Salvadoran army" is about El Salvador
            tally = Counter(
                m.resolved.cc
                for m in mentions
                if (_placing(m) or m.role == "demonym") and m.resolved is not None and m.resolved.cc
            )
            if tally:
                inner = self._salience(mentions, tally.most_common(1)[0][0], text)
                if inner is not None:
                    return inner
        counts: Counter = Counter()
        firsts: dict[int, PlaceMention] = {}
        lead = _lead(text) if text else (0, 0)
        for role in ("location", "origin") if cc else ("location",):
            for m in mentions:
                p = m.resolved
                if m.role != role or p is None or (cc and p.cc != cc) or not p.cc:
                    continue
                if cc and p.is_country:
                    continue
                # the lead names the story's place (news writing's inverted pyramid): its mentions weigh more
                counts[p.id] += 1.0 + (self.weights["salience_lead"] if lead[0] <= m.start < lead[1] else 0.0)
                firsts.setdefault(p.id, m)
            if counts:
                break  # a dateline town is the focus inside its country only when the text names no other there
        if not counts:
            return None
        best = max(counts, key=lambda pid: (counts[pid], -firsts[pid].start))
        return firsts[best]

    def locate(self, article: Article, event: Event) -> Location | None:
        """The location of one event.

        article (Article): the resolved article (``mentions.places`` already resolved).
        event (Event): an event with ``trigger`` and/or ``evidence`` character spans.
        RETURNS (Location | None): the place and its ACLED precision; None when the document names no usable place.
        """
        doc = article.doc
        w = self.weights
        coarse_by_level = {0: w["coarse_continent"], 1: w["coarse_country"], 2: w["coarse_admin1"]}
        places = [m for m in article.mentions.places if m.resolved is not None]
        anchor = event.trigger or (event.evidence[0] if event.evidence else None)
        if anchor is None or doc is None:
            return None
        trig = token_at(doc, anchor.start)
        if trig is None:
            return None
        # in hard-wrapped copy a line break is layout, not the end of a headline or caption
        wrapped = _hard_wrapped(article.text)
        sentences = [trig.sent]
        for ev in event.evidence:
            t = token_at(doc, ev.start)
            if t is not None and all(t.sent.start != s.start for s in sentences):
                sentences.append(t.sent)
        for k, sent in enumerate(sentences):
            lo, hi = self._bounds(article.text, sent, trig if k == 0 and not wrapped else None)
            # ACLED codes an event to a country at least, never to a continent ("the latest attack in Europe") nor
            # to a sea or region across borders ("the Sahara", "the Balkans")
            local = [m for m in places if m.role == "location" and lo <= m.start < hi and m.resolved.cc]
            if k == 0:
                # a trigger inside a direct quote: a place outside it is where the speaker or listener is
                inside = [q for q in article.mentions.quotes if q.start <= trig.idx < q.end]
                if inside:
                    local = [m for m in local if inside[0].start <= m.start < inside[0].end]
                if w["source_phrase_places"]:
                    spans = _source_phrases(trig)
                    local = [m for m in local if not (spans and _source_place(doc, m, spans))]
            if local:
                ref = trig if k == 0 else sent.root

                def key(m: PlaceMention, ref: Token = ref) -> tuple:
                    h = place_head(doc, m)
                    p = m.resolved
                    # ACLED codes the most specific place: a country or province must be much closer
                    coarse = coarse_by_level.get(p.level, 0.0)
                    if h is None:
                        return (999, -p.level, m.start)
                    # where something came from ("left Lebanon", "from Lebanon") is rarely where it happened
                    if (h.dep_ == "pobj" and h.head.lower_ == "from") or (
                        h.dep_ == "dobj" and h.head.lemma_ in SOURCE_VERBS
                    ):
                        coarse += w["source_place"]
                    # "Baiji, north of Baghdad", "20 km from Mosul": a reference point for another place
                    if h.dep_ == "pobj" and h.head.lower_ in ("of", "from") and h.head.head.lower_ in BEARINGS:
                        coarse += w["reference_point"]
                    return (tree_distance(ref, h) + coarse, -p.level, m.start)

                best = min(local, key=key)
                if k == 0 and w["content_over_container"]:
                    best = self._content(best, local, trig, key)
                if w["hierarchy_content"]:
                    best = _hierarchy_content(article.text, best, local)
                return self._location(doc, best, best.resolved)
            # a demonym on a place noun ("the Syrian desert"): the focus place in that country
            for m in places:
                if m.role == "demonym" and lo <= m.start < hi and m.modifies in GEO_NOUNS:
                    p = m.resolved
                    if m.modifies == "capital" and p.cc and p.is_country:
                        capital = self.gaz.capital(p.cc)  # "the Somali capital"
                        if capital is not None:
                            return self._location(doc, m, capital, precision=1)
                    frame = self._frame(article, places, trig.sent)
                    if frame is not None:
                        return self._through_discourse(doc, frame)
                    inner = self._salience(article.mentions.places, p.cc, article.text) if p.cc else None
                    if inner is not None:
                        return self._through_discourse(doc, inner)
                    return self._location(doc, m, p, precision=3)
        frame = self._frame(article, places, trig.sent)
        if frame is not None:
            return self._through_discourse(doc, frame)
        focus = self._salience(article.mentions.places, text=article.text)
        if focus is not None:
            return self._through_discourse(doc, focus)
        # only countries or demonyms ("Syrian government forces shelled ..."): the most named country
        counts = Counter(m.resolved.cc for m in places if m.role in ("location", "demonym") and m.resolved.cc)
        if counts:
            cc = counts.most_common(1)[0][0]
            country = self.gaz.country(cc)
            if country is not None:
                return Location(
                    name=country.name,
                    geonames_id=country.geonames_id,
                    lat=country.lat,
                    lon=country.lon,
                    country_code=cc,
                    admin1=None,
                    precision=3,
                )
        return None

    @staticmethod
    def _content(best: PlaceMention, local: list[PlaceMention], trig: Token, key: Callable) -> PlaceMention:
        """A finer place inside ``best`` named in the trigger's own phrase, else ``best``: "Elsewhere in
        Afghanistan, a Taliban ambush in the northern Balkh province killed six police officers" happened in
        Balkh (ACLED codes the most specific place; the country only holds it). A finer place outside the
        trigger's phrase ("..., officials in Kabul said") is no content of the event."""
        lo, hi = subtree_chars(trig)
        own = [
            m
            for m in local
            if m is not best
            and lo <= m.start
            and m.end <= hi
            and m.resolved.level > best.resolved.level
            and m.resolved.lies_in(best.resolved)
        ]
        return min(own, key=key) if own else best

    @staticmethod
    def _frame(article: Article, places: list[PlaceMention], sent) -> PlaceMention | None:
        """The place a sentence that names none inherits from the sentence before it in its paragraph (the
        discourse's locative frame: "Gunmen stormed a village in Kaduna state. They killed 12 people"), the
        last such place below country level; None at a paragraph's start or when the sentence before names none.
        """
        text = article.text
        if sent.start == 0:
            return None
        prev = sent.doc[sent.start - 1].sent
        brk = "\n\n" if "\n\n" in text or _hard_wrapped(text) else "\n"
        if brk in text[prev.start_char : sent.start_char]:
            return None  # a new paragraph opens a new frame
        named = [
            m
            for m in places
            if m.role == "location"
            and m.resolved.cc
            and not m.resolved.is_country
            and prev.start_char <= m.start < sent.start_char
        ]
        return named[-1] if named else None

    def _through_discourse(self, doc: Doc, m: PlaceMention) -> Location:
        """The location of a place the event's own sentence does not name (a discourse frame, the focus place): at
        precision 2 at best, as ACLED codes a place reached only through the discourse."""
        loc = self._location(doc, m, m.resolved)
        loc.precision = max(loc.precision or 2, 2)
        return loc

    @staticmethod
    def _bounds(text: str, sent, trig: Token | None) -> tuple[int, int]:
        """Character range of a sentence, cut at line breaks around the trigger (captions, headlines)."""
        lo, hi = sent.start_char, sent.end_char
        if trig is not None:
            nl = text.rfind("\n", lo, trig.idx)
            if nl >= 0:
                lo = nl + 1
            nl = text.find("\n", trig.idx, hi)
            if nl >= 0:
                hi = nl
        return lo, hi

    def _location(self, doc: Doc, m: PlaceMention, p: Place, precision: int | None = None) -> Location:
        return place_location(m, p, precision or self._precision(doc, m, p))

    def __call__(self, article: Article) -> Article:
        if article.doc is None:
            return article
        self.resolve_mentions(article)
        locations = [self.locate(article, ev) for ev in article.events]
        for ev, loc in zip(article.events, locations, strict=True):
            if loc is not None:
                ev.location = loc
        return article


@stages.register("wirecoder.resolve_geo.v1")
def make_resolve_geo(config: dict, *, weights: dict[str, float] | None = None) -> ResolveGeo:
    """Factory for :class:`ResolveGeo`; its keyword arguments are the stage's settings.

    weights (dict[str, float] | None): weights and thresholds overriding ``data/weights/resolve_geo.toml`` by name.
    """
    return ResolveGeo(config, weights=weights)
