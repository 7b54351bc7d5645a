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
   of X" falls back to its country, flagged approximate.
2. **Locate every event** (``article.events``, linked through ``event.trigger``
   and ``event.evidence`` character offsets): among the ``location``-role
   mentions (never ``metonymy``/``origin``) of the trigger's sentence, the
   nearest in the dependency tree wins; else the evidence sentences; else a
   demonym on a place noun in the sentence ("the Syrian desert") narrowed to
   the document's focus place in that country; else the discourse focus place.
   ``precision`` follows ACLED's ``geo_precision``: 1 the town itself, 2 near
   a town ("near", "outside", "west of") or a part of a region (a district, a
   region, a focus place reached only through discourse), 3 a first-order
   division or country (its centroid).

DOCS: docs/places.md
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from spacy.tokens import Doc, Token

from ..analysis.spans import token_at
from ..doc import Article, Event, Location, PlaceMention
from ..gazetteer import Gazetteer, Place, get_gazetteer, haversine_km, name_key
from ..pipeline import Stage
from ..registry import stages

ADMIN_NOUNS = frozenset({"region", "province", "governorate", "state", "county", "district", "department",
                         "prefecture", "oblast", "canton", "parish", "territory", "emirate", "countryside"})
TOWN_NOUNS = frozenset({"town", "city", "village", "hamlet", "township", "borough", "suburb", "port", "capital"})
NEAR_WORDS = frozenset({"near", "outside", "nearby", "outskirts", "around", "north", "south", "east", "west",
                        "northeast", "northwest", "southeast", "southwest", "northern", "southern", "eastern",
                        "western", "km", "kilometres", "kilometers", "miles", "close", "edge", "border",
                        "between", "road", "highway", "countryside"})
GEO_NOUNS = frozenset({"desert", "border", "frontier", "territory", "soil", "coast", "countryside", "side",
                       "city", "town", "village", "province", "region", "capital", "airspace", "waters",
                       "mainland", "interior"})
# Words that make an unknown name a place ("River Lune", "Lake Harriet", "Farallon Islands").
FEATURE_WORDS = frozenset({"river", "lake", "island", "islands", "mount", "mountain", "mountains", "valley", "park",
                           "bay", "creek", "county", "street", "road", "avenue", "beach", "harbor", "harbour",
                           "canyon", "forest", "hills", "hill", "falls", "springs", "village", "district", "camp",
                           "desert", "plain", "plateau", "peninsula", "coast", "gulf", "sea", "ocean", "reservoir",
                           "dam", "bridge", "square", "heights", "township", "crossing", "border"})
BEARINGS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "km", "kilometres", "kilometers", "miles", "mi", "outskirts"})
SOURCE_VERBS = frozenset({"leave", "flee", "depart", "evacuate", "quit", "escape", "abandon"})
# Arabic and other transliteration variants tried for names the gazetteer lacks.
_VARIANTS = (("ou", "u"), ("ou", "o"), ("oo", "u"), ("ee", "i"), ("ei", "ay"), ("ai", "ay"), ("ah", "a"), ("eh", "a"),
             ("q", "k"), ("k", "q"), ("dh", "d"), ("th", "t"), ("e", "a"), ("y", "i"), ("i", "y"), ("aa", "a"),
             ("u", "o"), ("o", "u"), ("ay", "ai"), ("iyah", "iya"), ("iya", "iyah"))
_ARTICLES = ("al", "el", "ar", "as", "ad", "an", "ash", "az", "ez", "es", "at")


def variant_keys(key: str) -> list[str]:
    """Spelling variants of a name key (drop a leading Arabic article, vowel spellings)."""
    out = []
    for art in _ARTICLES:
        if key.startswith(art) and len(key) - len(art) >= 4:
            out.append(key[len(art):])
    for a, b in _VARIANTS:
        if a in key:
            out.append(key.replace(a, b))
    return [k for k in dict.fromkeys(out) if k != key]


def _softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    ex = [math.exp(x - top) for x in xs]
    total = sum(ex)
    return [e / total for e in ex]


def _head(doc: Doc, m: PlaceMention) -> Token | None:
    s, e = m.extra.get("tokens", (None, None))
    if s is None:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        s, e = span.start, span.end
    for t in doc[s:e]:
        if t.head.i < s or t.head.i >= e or t.head is t:
            return t
    return doc[e - 1]


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


class ResolveGeo(Stage):
    """Pick a gazetteer entry for each place mention and a location for each event.

    config (dict): the pipeline configuration.
    """

    requires = ("article.doc", "mentions.places")  # events are used when an earlier stage made them
    assigns = ("mentions.places", "event.location")

    #: Scoring weights (population per decade, feature priors, context votes); see docs/places.md.
    WEIGHTS = {"population": 0.55, "country": 3.5, "admin1": 0.3, "capital": 1.5, "primary": 1.2,
               "country_vote": 4.0, "admin1_vote": 3.0, "near": 1.5, "country_name": 2.0,
               "seat": 0.5}

    def __init__(self, config: dict, weights: dict | None = None) -> None:
        self._gaz: Gazetteer | None = None
        self.weights = {**self.WEIGHTS, **(weights or {})}

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # ------------------------------------------------------------------ scoring
    def _noun_after(self, doc: Doc, m: PlaceMention) -> str | None:
        s, e = m.extra.get("tokens", (None, None))
        if e is not None and e < len(doc):
            return doc[e].lower_
        return None

    def _prior(self, doc: Doc, m: PlaceMention, c: Place) -> float:
        w = self.weights
        score = w["population"] * math.log10(c.population + 10)
        if c.feature == "L.CONT" or c.is_country:
            score += 5.0
        elif c.feature == "A.ADM1":
            score += w["admin1"]
        elif c.feature == "L.RGN":
            score += 3.0
        elif c.feature == "A.ADM2":
            score -= 0.5
        elif c.feature == "P.PPLC":
            score += w["capital"]
        if c.primary:
            score += w["primary"]
        if name_key(c.name) == name_key(m.text):
            score += 0.5
        noun = self._noun_after(doc, m)
        if noun in ADMIN_NOUNS:
            score += 3.0 if c.is_admin or c.feature == "L.RGN" else 0.0
            if noun == "county" and c.feature == "A.ADM2":
                score += 2.0
        elif noun in TOWN_NOUNS:
            score += 2.0 if c.is_town else 0.0
        if m.role == "metonymy" and (c.is_country or c.feature == "P.PPLC"):
            score += 2.0
        if m.role == "origin" and c.is_town:
            score += 2.0  # datelines and "speaking from X" name cities
        return score

    def _candidates(self, m: PlaceMention) -> list[Place]:
        if m.candidates:
            return m.candidates
        key = name_key(m.text)
        for k in variant_keys(key):
            cands = self.gaz.lookup(k)
            if cands:
                m.extra["variant"] = k
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
        focus = self._salience(mentions)
        for m in mentions:
            if m.lat is None:
                self._fallback(doc, m, focus)

    def _choose(self, article: Article, doc: Doc, groups: dict[str, list[PlaceMention]]) -> None:
        keys = list(groups)
        w = self.weights
        cands = {k: groups[k][0].candidates[:60] for k in keys}
        prior = {}
        for k in keys:
            cs = cands[k]
            rows = [[self._prior(doc, m, c) for c in cs] for m in groups[k]]
            prior[k] = [max(col) for col in zip(*rows, strict=True)]
            towns: dict[tuple, int] = {}
            for c in cs:
                if c.is_town and c.primary:  # the town's own name, not an alias ("New York" of NYC)
                    towns[(c.cc, c.admin1_id)] = max(towns.get((c.cc, c.admin1_id), 0), c.population)
            if towns and all(self._noun_after(doc, m) not in ADMIN_NOUNS for m in groups[k]):
                # "Da Nang", "Baghdad": the division named after its seat sums its towns' people; without
                # "province"/"region" after the name, the town is meant (city-states like Hamburg: surely)
                def seat(c: Place, towns: dict = towns) -> float:
                    pop = towns.get((c.cc, c.id))
                    if not c.is_admin or pop is None:
                        return 0.0
                    return w["seat"] + (2.0 if pop >= 0.25 * c.population else 0.0)

                prior[k] = [p - seat(c) for p, c in zip(prior[k], cs, strict=True)]
            if any(c.is_country and c.primary for c in cs):
                # a country's own name: a namesake town ("China", Japan) or a spelling match (Iraq ~ Arak)
                # needs strong local evidence to win
                prior[k] = [p - (w["country_name"] if not c.is_country and (c.level >= 3 or not c.primary) else 0.0)
                            for p, c in zip(prior[k], cs, strict=True)]
        # ", Ohio" / ", Syria" right after a mention: its container
        container: dict[str, list[Place]] = defaultdict(list)
        ordered = sorted((m for k in keys for m in groups[k]), key=lambda m: m.start)
        key_of = {id(m): k for k in keys for m in groups[k]}
        for a, b in zip(ordered, ordered[1:], strict=False):
            if article.text[a.end: b.start].strip() == ",":
                outer = [c for c in cands[key_of[id(b)]] if c.is_country or c.feature == "A.ADM1"]
                if outer:
                    container[key_of[id(a)]].extend(outer)
        scores = {k: list(prior[k]) for k in keys}
        for _round in range(3):
            probs = {k: _softmax(scores[k]) for k in keys}
            cc_votes: dict[str, dict[str, float]] = {}
            a1_votes: dict[str, dict[int, float]] = {}
            for k in keys:
                cv: dict[str, float] = defaultdict(float)
                av: dict[int, float] = defaultdict(float)
                for c, p in zip(cands[k], probs[k], strict=True):
                    if c.cc:
                        cv[c.cc] += p
                    a1 = c.id if c.feature == "A.ADM1" else c.admin1_id
                    if a1:
                        av[a1] += p
                cc_votes[k], a1_votes[k] = cv, av
            total_cc: dict[str, float] = defaultdict(float)
            total_a1: dict[int, float] = defaultdict(float)
            for k in keys:
                for cc, v in cc_votes[k].items():
                    total_cc[cc] += v
                for a1, v in a1_votes[k].items():
                    total_a1[a1] += v
            anchors = []
            for k in keys:
                best = max(range(len(cands[k])), key=lambda i, k=k: probs[k][i])
                c = cands[k][best]
                if probs[k][best] >= 0.6 and c.level >= 3:
                    anchors.append((k, c.lat, c.lon))
            others = max(len(keys) - 1, 1)
            for k in keys:
                new = []
                cont = container.get(k)
                for i, c in enumerate(cands[k]):
                    sc = prior[k][i]
                    if c.cc:
                        sc += w["country_vote"] * (total_cc[c.cc] - cc_votes[k].get(c.cc, 0.0)) / others
                    a1 = c.id if c.feature == "A.ADM1" else c.admin1_id
                    if a1:
                        sc += w["admin1_vote"] * (total_a1[a1] - a1_votes[k].get(a1, 0.0)) / others
                    if cont:
                        inside = any(o.cc == c.cc if o.is_country else o.id == c.admin1_id for o in cont)
                        sc += 6.0 if inside and c not in cont else -2.0
                    if anchors and c.level >= 2:
                        d = min((haversine_km(c.lat, c.lon, la, lo) for kk, la, lo in anchors if kk != k),
                                default=1e9)
                        sc += w["near"] if d < 100 else w["near"] / 2 if d < 250 else 0.0
                    new.append(sc)
                scores[k] = new
        chosen = {k: cands[k][max(range(len(cands[k])), key=lambda i, k=k: scores[k][i])] for k in keys}
        ccs = Counter(c.cc for c in chosen.values() if c.cc)
        for k in keys:
            c = chosen[k]
            others = sum(ccs.values()) - (1 if c.cc else 0)
            if c.is_town and c.population < 10_000 and others >= 2 and ccs[c.cc] == 1 \
                    and all(m.extra.get("how") == "ner" for m in groups[k]):
                # a small town abroad that nothing else in the story points to: more likely a person or
                # organisation the tagger took for a place ("Perez" in a Venezuelan story)
                for m in groups[k]:
                    m.extra["dropped"] = f"isolated small place {c.name} ({c.cc})"
                continue
            for m in groups[k]:
                self._assign(m, c)

    def _assign(self, m: PlaceMention, c: Place) -> None:
        m.name = c.name
        m.geonames_id = c.geonames_id
        m.lat, m.lon = c.lat, c.lon
        m.country_code = c.cc
        m.admin1 = c.admin1 if not c.is_country else None
        m.feature = c.feature
        m.extra["place"] = c

    def _fallback(self, doc: Doc, m: PlaceMention, focus: PlaceMention | None) -> None:
        """An unknown name: "the Syrian town of X" -> the country; else the document's focus place.

        Both are flagged ``extra["approximate"]``: the coordinates are a best guess for a place
        the gazetteer lacks (a river, a small village), never a match of its name.
        """
        s, _e = m.extra.get("tokens", (None, None))
        if s is None:
            return
        # "<Syrian|Syria's> <town|village> of X"
        if s >= 3 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in TOWN_NOUNS | ADMIN_NOUNS:
            tok = doc[s - 3] if doc[s - 3].tag_ != "POS" or s < 4 else doc[s - 4]
            places = self.gaz.demonym_places(tok.text) or tuple(
                c for c in self.gaz.candidates(tok.text) if c.is_country)
            if places:
                self._assign(m, places[0])
                m.extra["approximate"] = True
                return
        e = m.extra.get("tokens", (s, s + 1))[1]
        placeish = any(t.lower_ in FEATURE_WORDS for t in doc[s:e]) or (
            s > 0 and doc[s - 1].lower_ in ("in", "at", "near", "outside", "into", "across"))
        if focus is not None and m.extra.get("how") == "ner" and focus.extra["place"].level >= 2 and placeish:
            self._assign(m, focus.extra["place"])
            m.extra["approximate"] = True

    # ------------------------------------------------------------------ events
    def _precision(self, doc: Doc, m: PlaceMention, place: Place) -> int:
        if m.extra.get("approximate"):
            return 2
        if place.is_country or place.feature in ("A.ADM1", "L.CONT"):
            return 3
        if not place.is_town:
            return 2
        s, e = m.extra.get("tokens", (0, 0))
        before = {t.lower_ for t in doc[max(0, s - 4): s]}
        if before & NEAR_WORDS or (e < len(doc) and doc[e].lower_ in ("area", "countryside", "outskirts",
                                                                       "region", "border", "province")):
            return 2
        return 1

    def _salience(self, mentions: list[PlaceMention], cc: str | None = None) -> PlaceMention | None:
        """The document's focus place (optionally inside one country): most mentioned, then most specific."""
        counts: Counter = Counter()
        firsts: dict[int, PlaceMention] = {}
        for m in mentions:
            p = m.extra.get("place")
            if m.role != "location" or p is None or (cc and p.cc != cc) or p.feature == "L.CONT":
                continue
            if cc and p.is_country:
                continue
            counts[p.id] += 1
            firsts.setdefault(p.id, m)
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
        places = [m for m in article.mentions.places if m.extra.get("place") is not None]
        anchor = event.trigger or (event.evidence[0] if event.evidence else None)
        if anchor is None or doc is None:
            return None
        trig = token_at(doc, anchor.start)
        if trig is None:
            return None
        sentences = [trig.sent]
        for ev in event.evidence:
            t = token_at(doc, ev.start)
            if t is not None and all(t.sent.start != s.start for s in sentences):
                sentences.append(t.sent)
        for k, sent in enumerate(sentences):
            lo, hi = self._bounds(article.text, sent, trig if k == 0 else None)
            local = [m for m in places if m.role == "location" and lo <= m.start < hi]
            if local:
                ref = trig if k == 0 else sent.root

                def key(m: PlaceMention, ref: Token = ref) -> tuple:
                    h = _head(doc, m)
                    p = m.extra["place"]
                    # ACLED codes the most specific place: a country or province must be much closer
                    coarse = {0: 4.0, 1: 3.0, 2: 1.5}.get(p.level, 0.0)
                    if h is None:
                        return (999, -p.level, m.start)
                    # where something came from ("left Lebanon", "from Lebanon") is rarely where it happened
                    if (h.dep_ == "pobj" and h.head.lower_ == "from") or (
                            h.dep_ == "dobj" and h.head.lemma_ in SOURCE_VERBS):
                        coarse += 2.0
                    # "Baiji, north of Baghdad", "20 km from Mosul": a reference point for another place
                    if h.dep_ == "pobj" and h.head.lower_ in ("of", "from") and h.head.head.lower_ in BEARINGS:
                        coarse += 3.0
                    return (tree_distance(ref, h) + coarse, -p.level, m.start)

                best = min(local, key=key)
                return self._location(doc, best, best.extra["place"])
            # a demonym on a place noun ("the Syrian desert"): the focus place in that country
            for m in places:
                if m.role == "demonym" and lo <= m.start < hi \
                        and m.extra.get("modifies") in GEO_NOUNS:
                    p = m.extra["place"]
                    if m.extra.get("modifies") == "capital" and p.cc and p.is_country:
                        capital = self.gaz.capital(p.cc)  # "the Somali capital"
                        if capital is not None:
                            return self._location(doc, m, capital, precision=1)
                    inner = self._salience(article.mentions.places, p.cc) if p.cc else None
                    if inner is not None:
                        loc = self._location(doc, inner, inner.extra["place"])
                        loc.precision = max(loc.precision or 2, 2)
                        return loc
                    return self._location(doc, m, p, precision=3)
        focus = self._salience(article.mentions.places)
        if focus is not None:
            loc = self._location(doc, focus, focus.extra["place"])
            loc.precision = max(loc.precision or 2, 2)
            return loc
        # only countries or demonyms ("Syrian government forces shelled ..."): the most named country
        counts = Counter(m.extra["place"].cc for m in places
                         if m.role in ("location", "demonym") and m.extra["place"].cc)
        if counts:
            cc = counts.most_common(1)[0][0]
            country = self.gaz.country(cc)
            if country is not None:
                return Location(name=country.name, geonames_id=country.geonames_id, lat=country.lat,
                                lon=country.lon, country_code=cc, admin1=None, precision=3)
        return None

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
        return Location(name=p.name, geonames_id=p.geonames_id, lat=p.lat, lon=p.lon, country_code=p.cc,
                        admin1=p.admin1 if not p.is_country else None,
                        precision=precision or self._precision(doc, m, p), mention=m)

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
def make_resolve_geo(config: dict, **settings) -> ResolveGeo:
    """Factory for :class:`ResolveGeo`."""
    return ResolveGeo(config, **settings)
