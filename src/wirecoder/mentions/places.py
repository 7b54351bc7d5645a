"""Place mentions: toponym spans, their gazetteer candidates and their role.

The stage ``wirecoder.place_mentions.v1`` finds toponyms in three ways:

1. spaCy entities labelled GPE, LOC or FAC (FAC only when the gazetteer knows
   the name);
2. gazetteer matching over runs of capitalised tokens (longest match first,
   up to five tokens), which recovers what the small English model misses or
   mislabels ("Albukamal", "Palmyra" as a person, "Hmaymah" as an
   organisation). A match that is not a spaCy place entity must pass a
   stop-list (``data/gazetteer/stoplist.txt``) and show evidence: a locative
   cue before it ("in", "near", "the town of"), a place noun after it
   ("region", "province"), a following ", <State/Country>", or a large or
   administrative candidate. In upper-case wire copy (``article.extra
   ["upper_case"]``) matching is case-insensitive and needs the stronger
   evidence (a cue, or a country / first-order division / city of 100,000+);
3. demonyms and place adjectives ("Syrian desert", "Iraqi border") from the
   gazetteer's demonym table, with role ``demonym``.

Each mention gets a role (internal): ``location`` (somewhere something can
happen), ``metonymy`` ("the Damascus regime", "Washington said", "Moscow
denied": the place stands for its government or people), ``origin`` (a
dateline or where a speaker talks from: "a phone briefing from Baghdad") or
``demonym``. Only ``location`` mentions can become an event's location, but
every mention is resolved to coordinates by ``wirecoder.resolve_geo.v1``.

DOCS: docs/places.md
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.tokens import Doc, Token

from ..doc import Article, PlaceMention
from ..gazetteer import Gazetteer, get_gazetteer, name_key
from ..gazetteer.build import data_dir
from ..pipeline import Stage
from ..registry import stages

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words that introduce a place ("in Aleppo", "the town of Hmaymah").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "from", "to", "on", "into", "outside", "around", "across", "toward",
                            "towards", "via", "through", "throughout", "between", "inside", "within", "nearby",
                            "beyond", "outskirts", "entered", "reached", "visited", "captured", "seized"})
PLACE_NOUNS = frozenset({"town", "city", "village", "region", "province", "governorate", "district", "county",
                         "state", "area", "capital", "neighbourhood", "neighborhood", "suburb", "municipality",
                         "countryside", "desert", "border", "frontier", "valley", "coast", "outskirts", "enclave",
                         "camp", "countries", "country", "villages", "towns", "cities", "provinces", "regions",
                         "areas", "districts", "hamlet", "port", "island", "oasis", "crossing", "parish", "township",
                         "borough", "territory", "canton", "department", "prefecture", "oblast", "emirate"})
# Nouns that make a preceding place name stand for its government ("the Damascus regime").
GOVERNMENT_NOUNS = frozenset({"regime", "government", "administration", "authorities", "leadership", "officials",
                              "ministry", "embassy", "official", "cabinet", "parliament", "diplomats", "diplomacy",
                              "envoy",
                              "delegation", "foreign", "policy", "consulate", "spokesman", "spokeswoman",
                              "president", "leaders", "leader", "junta", "intelligence", "prosecutors",
                              "court", "officials'", "senator", "congressman", "mayor", "council"})
# Verbs whose subject, when a place, is its government or people ("Moscow denied").
ACT_VERBS_EXCLUDED = frozenset({"see", "lie", "remain", "border", "sit", "host", "experience", "get", "stand",
                                "suffer", "witness", "record", "receive", "include", "contain", "stretch", "look"})
# Words that make "from X" the place a speaker or reporter is talking from.
COMMUNICATION_WORDS = frozenset({"briefing", "told", "tell", "said", "say", "says", "speaking", "spoke", "phone",
                                 "telephone", "interview", "statement", "call", "conference", "video", "link",
                                 "reported", "reporting", "reports", "writes", "wrote", "broadcast",
                                 "dispatch", "reporter", "correspondent", "tweeted", "announced", "address",
                                 "remarks", "speech", "teleconference", "press"})
SPEECH_VERBS = frozenset({"say", "tell", "announce", "declare", "add", "speak", "brief", "insist", "claim",
                          "deny", "tweet"})
SPEAKING_NOUNS = frozenset({"briefing", "phone", "telephone", "interview", "video", "teleconference", "speaking",
                            "reporting", "broadcast", "statement", "dispatch", "call"})
DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'\-]+(?:[ \-][A-Z][A-Za-z.'\-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
    r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|IANS|PTI|ANI|"
    r"Xinhua|AA|Anadolu|CNN|BBC|[A-Z]{2,6})\)\s*)?[\-\u2013\u2014:]+\s"
)
# Dateline at the start of the text or a line: "BEIRUT (AP) —", "SAN ANTONIO --", "Muscat:".
DATELINE_HEAD = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Za-z.'\-]+(?:[ \-][A-Z][A-Za-z.'\-]+){0,3})(?=\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d|"
    r"\((?:AP|AFP|Reuters|UPI|dpa|IANS|PTI|ANI|APP|Xinhua|AA|CNN|BBC|[A-Z]{2,6})\)|--|\u2014|\u2013|:\s))"
)
# An all-capitals dateline after a headline on the same line: "... after blaze. TORRINGTON — A fire",
# "... Surveillance Priorities LONDON — For".
DATELINE_INLINE = re.compile(r"(?<=[.!?a-z] )([A-Z]{3,}(?:[ \-][A-Z]{2,}){0,2})(?=\s*(?:--|\u2014|\u2013|:)\s)")
# Spacy entity labels inside which a place name may be embedded.
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
# Words after a place name that make a name the place's own institution ("Boise Fire Department").
INSTITUTION_WORDS = frozenset({"fire", "police", "city", "county", "town", "village", "school", "schools", "public",
                               "education", "community", "historical", "convention", "state", "university",
                               "college", "medical", "independent", "municipal", "court", "council", "sheriff",
                               "township", "area", "regional", "district", "water", "port", "airport", "chamber",
                               "library", "board", "assembly", "government", "zoo", "parks", "housing",
                               "transit", "health", "hospital", "memorial", "high", "middle", "elementary",
                               "national", "international", "times", "post", "herald", "tribune", "news",
                               "journal", "gazette", "daily", "observer", "star", "army", "navy", "airlines",
                               "air", "ministry", "foreign", "central", "senate", "house", "legislature",
                               "parliament", "department", "office", "county's", "city's", "senior", "democratic",
                               "republican", "selectman", "mayor", "firefighters", "residents"})
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                             "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                             "southeastern", "southwestern", "central", "upper", "lower", "greater", "downtown",
                             "metro", "metropolitan", "rural", "inner", "outer", "coastal", "new"})
FACILITY_WORDS = frozenset({"jail", "prison", "department", "dept", "office", "commission", "commissioners",
                            "authority", "board", "district", "schools", "school", "center", "centre", "hall",
                            "church", "police", "fire", "station", "club", "society", "foundation", "association",
                            "bureau", "agency", "service", "services", "committee", "corporation", "company",
                            "campus", "stadium", "mall", "market", "plaza", "courthouse", "detention",
                            "high", "university", "college", "academy", "institute"})
UPPER_MIN_POPULATION = 100_000
RESIDENT_NOUNS = frozenset({"man", "woman", "resident", "firefighter", "business", "voter", "student", "teen",
                            "teenager", "family", "native", "couple", "boy", "girl", "homeowner", "motorist"})
# Abbreviations that are also English words ("us"): places only when written in capitals.
CAPITAL_ABBREVIATIONS = frozenset({"us", "usa", "uk", "eu", "uae"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
MAX_NGRAM = 5


@functools.lru_cache(maxsize=1)
def load_stoplist(path: str | None = None) -> frozenset[str]:
    """Lower-case words never taken as places on gazetteer evidence alone."""
    p = Path(path) if path else data_dir() / "stoplist.txt"
    words = set()
    for line in p.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(name_key(line))
    return frozenset(words)


def _is_cap(tok: Token, text: str) -> bool:
    """Token starts with a capital letter in the original text."""
    t = text[tok.idx: tok.idx + len(tok.text)]
    return bool(t) and t[0].isupper()


def is_upper_text(text: str) -> bool:
    """Mostly capitals (wire copy in upper case)."""
    letters = [c for c in text[:2000] if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _word(tok: Token) -> bool:
    """A word, or an abbreviation with periods ("Fla.", "N.C.")."""
    return tok.is_alpha or (len(tok.text) <= 6 and tok.text.replace(".", "").isalpha() and tok.text.endswith("."))


def _cue_before(doc: Doc, start: int) -> bool:
    """A locative cue just before token ``start`` ("in", "near", "town of", "the X region")."""
    i = start - 1
    # skip a determiner / adjective / comma ("in the southern", "of the")
    hops = 0
    while i >= 0 and hops < 3 and (doc[i].lower_ in ("the", "a", "an") or doc[i].pos_ == "ADJ"):
        i -= 1
        hops += 1
    if i < 0:
        return False
    w = doc[i].lower_
    if w in LOCATIVE_PREPS:
        return True
    if w == "," and i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].ent_type_ in ("GPE", "LOC", ""):
        return True
    return bool(w == "of" and i > 0 and doc[i - 1].lower_ in PLACE_NOUNS)


def _noun_after(doc: Doc, end: int) -> str | None:
    """The place noun right after a span ("Deir ez-Zour region" -> "region")."""
    if end < len(doc) and doc[end].lower_ in PLACE_NOUNS:
        return doc[end].lower_
    return None


def _people_after(doc: Doc, end: int) -> bool:
    """People named after a place follow the span ("a Coral Gables man", "Torrington firefighters")."""
    return end < len(doc) and doc[end].lemma_.lower() in RESIDENT_NOUNS


def _comma_region_after(doc: Doc, end: int, gaz: Gazetteer) -> bool:
    """", Ohio" / ", Syria" right after the span."""
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = doc[end + 1]
        if nxt.text[:1].isupper():
            for n in (3, 2, 1):
                if end + 1 + n <= len(doc):
                    cands = gaz.candidates(doc[end + 1: end + 1 + n].text)
                    if any(c.is_country or c.feature == "A.ADM1" for c in cands):
                        return True
    return False


class PlaceMentions(Stage):
    """Find toponyms with spaCy NER plus gazetteer matching, and give each a role.

    config (dict): the pipeline configuration.
    use_entities (bool): take spaCy GPE/LOC/FAC entities (default True).
    min_population (int): least population of a gazetteer-only match without a cue.
    """

    requires = ("article.doc",)
    assigns = ("mentions.places",)

    def __init__(self, config: dict, use_entities: bool = True, min_population: int = 20000) -> None:
        self.use_entities = use_entities
        self.min_population = int(min_population)
        self.stop = load_stoplist()
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # ------------------------------------------------------------------ finding
    def find(self, article: Article) -> list[PlaceMention]:
        """Toponym spans with candidates and roles (pure: does not touch the article).

        article (Article): an analysed article (``doc``; ``extra["upper_case"]`` for capitals-only copy).
        RETURNS (list[PlaceMention]): mentions in text order, each with ``candidates`` and ``role``.
        """
        doc = article.doc
        if doc is None or not len(doc):
            return []
        text = article.text
        upper = bool(article.extra.get("upper_case"))
        taken = [False] * len(doc)
        found: list[tuple[int, int, str]] = []  # token start, end, how

        if self.use_entities and not upper:
            for ent in doc.ents:
                if ent.label_ in PLACE_LABELS:
                    s, e = self._trim(doc, ent.start, ent.end)
                    if s >= e:
                        continue
                    if not self.gaz.contains(doc[s:e].text):
                        # "Western Massachusetts", "Henderson County Jail": keep the known part
                        sub = self._known_subspan(doc, s, e)
                        if sub is not None:
                            s, e = sub
                        elif ent.label_ == "FAC":
                            continue
                    if any(taken[s:e]) or (e - s == 1 and doc[s].lower_ in DIRECTION_WORDS):
                        continue
                    found.append((s, e, "ner"))
                    for i in range(s, e):
                        taken[i] = True
        ent_label = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                ent_label[i] = ent.label_
        i = 0
        n = len(doc)
        while i < n:
            if taken[i] or not self._can_start(doc[i], text, upper):
                i += 1
                continue
            match = None
            for j in range(min(n, i + MAX_NGRAM), i, -1):
                if any(taken[i:j]) or not self._can_end(doc[j - 1], text, upper):
                    continue
                if not all(self._can_continue(doc[k], text, upper) for k in range(i, j)):
                    continue
                span_text = text[doc[i].idx: doc[j - 1].idx + len(doc[j - 1].text)]
                key = name_key(span_text)
                if len(key) < 3 or not self.gaz.has_key(key):
                    continue
                if self._accept(doc, i, j, key, span_text, ent_label, upper):
                    match = (i, j)
                break  # longest span known to the gazetteer decides
            if match:
                found.append((match[0], match[1], "gazetteer"))
                for k in range(match[0], match[1]):
                    taken[k] = True
                i = match[1]
            else:
                i += 1
        found.extend(self._embedded(doc, text, taken, upper))
        found.extend(self._dateline(doc, text, taken))
        found.sort()
        mentions = []
        for s, e, how in found:
            start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            m = PlaceMention(text=text[start:end], start=start, end=end)
            m.candidates = list(self.gaz.candidates(m.text))
            m.extra["how"] = how
            m.extra["tokens"] = (s, e)
            m.role = self._role(doc, s, e, text)
            if how == "embedded" and m.role == "location" and not any(
                    c.is_town or c.feature == "A.ADM2" for c in m.candidates[:1]):
                m.role = "demonym"  # "Pakistan Army", "Malaysia Airlines": an attribute of an organisation
            elif how == "dateline":
                m.role = "origin"
            mentions.append(m)
        mentions.extend(self._demonyms(doc, text, taken, upper))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _known_subspan(self, doc: Doc, s: int, e: int) -> tuple[int, int] | None:
        """The known place inside an unknown name, if the rest is a direction or an institution.

        "Western Massachusetts" / "North London" -> the part after the direction word;
        "Henderson County Jail" / "Boise Fire Department" -> the part before the institution words.
        Other names ("White House", "Trump Tower") give nothing: their parts are not the place.
        """
        i = s
        while i < e - 1 and doc[i].lower_ in DIRECTION_WORDS:
            i += 1
        j = e
        while j > i + 1 and (doc[j - 1].lower_ in INSTITUTION_WORDS or doc[j - 1].lower_ in FACILITY_WORDS
                             or not _word(doc[j - 1])):
            j -= 1
        if (i, j) == (s, e):
            return None
        for jj in range(j, i, -1):
            if not _word(doc[jj - 1]):
                continue
            key = name_key(doc[i:jj].text)
            if len(key) >= 3 and key not in self.stop and self.gaz.has_key(key):
                return i, jj
            if jj < j:
                break  # only the full remainder or one word less ("Henderson County" of "... County Jail")
        return None

    def _trim(self, doc: Doc, s: int, e: int) -> tuple[int, int]:
        """Drop leading determiners and trailing possessives from an entity span."""
        while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct):
            s += 1
        while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct or doc[e - 1].text in ("'s", "’s")):
            e -= 1
        return s, e

    def _can_start(self, tok: Token, text: str, upper: bool) -> bool:
        return _word(tok) and (upper or _is_cap(tok, text))

    def _can_end(self, tok: Token, text: str, upper: bool) -> bool:
        return _word(tok) and (upper or _is_cap(tok, text))

    def _can_continue(self, tok: Token, text: str, upper: bool) -> bool:
        if tok.text in ("-", "'", "’", "."):
            return True
        if upper:
            return tok.is_alpha
        return _is_cap(tok, text) or tok.lower_ in ("al", "el", "ez", "es", "as", "ash", "ad", "an", "ar", "az",
                                                     "de", "del", "la", "le", "of", "on", "upon", "du", "di",
                                                     "bin", "ibn", "abu", "bou", "sur", "am", "an", "im")

    def _accept(self, doc: Doc, s: int, e: int, key: str, span_text: str, ent_label: dict, upper: bool) -> bool:
        """Is a gazetteer match a toponym here? (stop-list, entity type, evidence)."""
        label = ent_label.get(s)
        if key in CAPITAL_ABBREVIATIONS and span_text.replace(".", "").isupper() and not upper:
            return True  # "US", "U.S.", "UK", "EU" written in capitals
        cue = (_cue_before(doc, s) or _noun_after(doc, e) is not None or _comma_region_after(doc, e, self.gaz)
               or _people_after(doc, e))
        if key in self.stop and (not cue or (s > 0 and doc[s - 1].is_alpha and _is_cap(doc[s - 1], doc.text)
                                             and not doc[s].is_sent_start and not upper)):
            return False  # "March"; "Bridge" in "London Bridge district" (the tail of a longer name)
        if not upper and not any(c.is_country or c.feature == "A.ADM1" or c.population >= UPPER_MIN_POPULATION
                                 for c in self.gaz.lookup(key)):
            # part of a longer proper name: "Taylor Neaton", "Cedar River Seafood", "Rev. Al", "Brant MPP Dave"
            nxt = doc[e] if e < len(doc) else None
            if nxt is not None and nxt.is_alpha and _is_cap(nxt, doc.text) and not nxt.is_sent_start \
                    and nxt.ent_type_ not in ("DATE", "TIME", "GPE", "LOC") \
                    and nxt.lower_ not in PLACE_NOUNS and nxt.lower_ not in INSTITUTION_WORDS:
                return False
            prv = doc[s - 1] if s > 0 else None
            if prv is not None and not doc[s].is_sent_start and not prv.is_sent_start and _is_cap(prv, doc.text) \
                    and (prv.is_alpha or prv.text.endswith(".")) and not prv.text.isupper() \
                    and prv.ent_type_ not in ("GPE", "LOC") and prv.lower_ not in DIRECTION_WORDS:
                return False
        if e - s == 1 and doc[s].lower_ in DIRECTION_WORDS and _noun_after(doc, e) is None:
            return False  # "Western" in "Western Kasai", "Central" in "Central Plateau"
        if e - s == 1 and label == "NORP" and self.gaz.demonym_places(span_text):
            return False  # "Canadian" is a demonym here, not Canadian, Texas
        if e - s == 1 and doc[s].is_stop:
            return False
        cands = self.gaz.lookup(key)
        big = any(c.is_country or c.feature == "A.ADM1" or c.population >= UPPER_MIN_POPULATION for c in cands)
        if upper:
            # the truecased copy still gets part-of-speech tags: function words and verbs are not names
            if any(doc[k].is_stop for k in range(s, e)) or key in self.stop or len(key) <= 3:
                return False
            if any(c.is_country and c.primary for c in cands):
                return True
            famous = any(c.feature == "P.PPLC" or c.population >= 1_000_000 for c in cands)
            if any(doc[k].pos_ != "PROPN" and not (cue and famous and doc[k].pos_ == "NOUN") for k in range(s, e)):
                return False  # the tagger on the truecased copy sees a common word ("DRUG", "REGION")
            if s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_alpha and not cue:
                return False  # "JOSE RODRIGUEZ": a surname after a first name
            return cue or big
        if label in ("NORP", "PERSON", "ORG") and big and ent_label.get(e - 1) != label and e - s > 1:
            return True  # "French Guiana": the name runs past a demonym/person guess
        if label in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE"):
            # the small model's ORG/PERSON guesses on unknown names are weak; a clear cue overrides them
            ent_tokens = [i for i in range(s, e) if ent_label.get(i) == label]
            whole = len(ent_tokens) == e - s and (s == 0 or ent_label.get(s - 1) != label) and ent_label.get(e) != label
            famous = any(c.is_country or c.feature == "P.PPLC" or c.population >= 500_000 for c in cands)
            return whole and (cue or (famous and label != "NORP"))
        if label in ("DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"):
            return False
        if s > 0 and doc[s - 1].is_sent_start is not True and s == doc[s].sent.start and not cue:
            return False
        if doc[s].i == doc[s].sent.start and not (cue or big):
            return False  # a capitalised sentence-initial word is weak evidence
        return cue or big or any(c.population >= self.min_population for c in cands)

    def _embedded(self, doc: Doc, text: str, taken: list[bool], upper: bool) -> list[tuple[int, int, str]]:
        """Places inside organisation and other names ("Huntsville Fire Department", "Pakistan Army").

        A known part of the name counts when it is a country, first-order division or city of
        100,000+, when an institution word follows it ("Fire", "Police", "County", "City"), or when
        it ends the name after "of" ("Community Foundation of Boone County").
        """
        out: list[tuple[int, int, str]] = []
        if upper:
            return out
        for ent in doc.ents:
            if ent.label_ not in EMBEDDING_LABELS:
                continue
            i = ent.start
            while i < ent.end:
                hit = None
                for j in range(min(ent.end, i + MAX_NGRAM), i, -1):
                    if any(taken[i:j]) or not _word(doc[i]) or not _word(doc[j - 1]) or not _is_cap(doc[i], text):
                        continue
                    key = name_key(doc[i:j].text)
                    abbrev = key in CAPITAL_ABBREVIATIONS and doc[i:j].text.replace(".", "").isupper()
                    if (len(key) < 3 and not abbrev) or not self.gaz.has_key(key):
                        continue
                    if j - i == 1 and self.gaz.demonym_places(doc[i].text):
                        break  # "Somali", "Iraqi": left to the demonym pass
                    cands = self.gaz.lookup(key)
                    # "Boise Fire Department": a town's own institution (a town of some size, not "Police")
                    first = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
                    inst = i == first and j < len(doc) and doc[j].lower_ in INSTITUTION_WORDS and any(
                        c.population >= 5000 or c.is_admin for c in cands)
                    if key in self.stop and not abbrev and not (
                            inst and any(c.population >= UPPER_MIN_POPULATION for c in cands)):
                        continue
                    big = abbrev or any(c.is_country or c.feature == "A.ADM1" or c.population >= UPPER_MIN_POPULATION
                                        or (c.is_admin and doc[j - 1].lower_ in PLACE_NOUNS) for c in cands)
                    of_end = j == ent.end and i > ent.start and doc[i - 1].lower_ == "of"
                    if big or inst or of_end:
                        hit = (i, j)
                    break
                if hit:
                    out.append((hit[0], hit[1], "embedded"))
                    for k in range(hit[0], hit[1]):
                        taken[k] = True
                    i = hit[1]
                else:
                    i += 1
        return out

    def _dateline(self, doc: Doc, text: str, taken: list[bool]) -> list[tuple[int, int, str]]:
        """A dateline place at the start of the text or of a line ("SAN ANTONIO --", "Muscat:")."""
        out: list[tuple[int, int, str]] = []
        upper = is_upper_text(text)
        heads = list(DATELINE_HEAD.finditer(text[:300] if upper else text[:3000]))
        if not upper:
            heads += list(DATELINE_INLINE.finditer(text[:400]))
        for mt in heads:
            span = doc.char_span(mt.start(1), mt.end(1), alignment_mode="expand")
            if span is None or any(taken[span.start: span.end]):
                continue
            words = mt.group(1)
            if name_key(words) in self.stop or (upper and len(name_key(words)) <= 3):
                continue
            if self.gaz.contains(words):
                out.append((span.start, span.end, "dateline"))
                for k in range(span.start, span.end):
                    taken[k] = True
        return out

    def _demonyms(self, doc: Doc, text: str, taken: list[bool], upper: bool) -> list[PlaceMention]:
        out = []
        skip_to = 0
        for tok in doc:
            if tok.i < skip_to or taken[tok.i] or not tok.is_alpha or not (upper or _is_cap(tok, text)):
                continue
            if tok.ent_type_ == "PERSON" and not upper:
                continue
            end = tok.i + 1
            places: tuple = ()
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.is_alpha and not taken[nxt.i] and (upper or _is_cap(nxt, text)):
                places = self.gaz.demonym_places(f"{tok.text} {nxt.text}")  # "South Sudanese", "North Korean"
                end = tok.i + 2 if places else end
            if not places:
                if tok.i > 0 and doc[tok.i - 1].lower_ in ("central", "north", "south", "latin", "east", "west"):
                    continue  # "Central American", "North American": not the country
                places = self.gaz.demonym_places(tok.text)
                if not places and tok.lower_.endswith("s") and len(tok.text) > 4:
                    places = self.gaz.demonym_places(tok.text[:-1])  # "Russians", "Canadians"
            if not places:
                continue
            last = doc[end - 1]
            m = PlaceMention(text=text[tok.idx: last.idx + len(last.text)], start=tok.idx,
                             end=last.idx + len(last.text))
            m.candidates = list(places)
            m.role = "demonym"
            m.extra["how"] = "demonym"
            m.extra["tokens"] = (tok.i, end)
            m.extra["modifies"] = last.head.lower_ if last.dep_ in ("amod", "compound", "nmod") else None
            out.append(m)
            skip_to = end
        return out

    # ------------------------------------------------------------------ roles
    def _role(self, doc: Doc, s: int, e: int, text: str) -> str:
        """location / metonymy / origin for a toponym at tokens [s, e)."""
        head = doc[e - 1]
        for t in doc[s:e]:
            if t.head.i < s or t.head.i >= e:
                head = t
                break
        # dateline: the report's origin ("BEIRUT (AP) -", "BAGHDAD, Sept 8 (Reuters) -")
        line_start = text.rfind("\n", 0, doc[s].idx) + 1
        if doc[s].idx < 400 and any(mt.start(1) == doc[s].idx for mt in DATELINE_INLINE.finditer(text[:400])):
            return "origin"
        if doc[s].idx < 400:
            head_m = DATELINE.match(text[line_start: line_start + 120])
            # the whole dateline head: "MOGADISHU, Somalia (AP) —" names where the report was filed
            if head_m and doc[s].idx < line_start + head_m.end() - 1:
                return "origin"
        nxt = doc[e] if e < len(doc) else None
        # "X-based" is where something is from; "US-led", "Iran-backed" are attributes, not places
        if nxt is not None and nxt.text == "-" and e + 1 < len(doc):
            if doc[e + 1].lower_ == "based":
                return "origin"
            if doc[e + 1].lower_.endswith("ed"):
                return "demonym"
        # "the Damascus regime", "Moscow's position", "Washington officials"
        if nxt is not None and nxt.tag_ == "POS" and e + 1 < len(doc):
            nxt = doc[e + 1]
        if nxt is not None and nxt.lower_ in GOVERNMENT_NOUNS:
            return "metonymy"
        if head.dep_ in ("compound", "nmod", "poss") and head.head.lower_ in GOVERNMENT_NOUNS:
            return "metonymy"
        # a nominal modifier of a non-place noun ("US military", "Syria conflict") is adjectival
        if head.dep_ in MODIFIER_DEPS and head.head.i >= e and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head.lower_ not in PLACE_NOUNS and not _is_cap(head.head, text):
            return "demonym"
        # "Washington said", "Moscow denied", "Turkey has shelled"
        if head.dep_ in ("nsubj", "csubj") and head.head.pos_ in ("VERB", "AUX") \
                and head.head.lemma_ not in ACT_VERBS_EXCLUDED:
            return "metonymy"
        # "a US official said in Washington", "told reporters in Geneva"
        prep = head.head
        if head.dep_ == "pobj" and prep.lower_ == "in" and prep.head.lemma_ in SPEECH_VERBS and prep.i > prep.head.i:
            return "origin"
        # "a phone briefing from Baghdad", "speaking from Geneva"
        if head.dep_ == "pobj" and head.head.lower_ == "from":
            gov = head.head.head
            window = {t.lower_ for t in doc[max(0, s - 5): s]}
            if gov.lower_ in COMMUNICATION_WORDS or gov.lemma_ in COMMUNICATION_WORDS or window & SPEAKING_NOUNS:
                return "origin"
        return "location"

    def __call__(self, article: Article) -> Article:
        article.mentions.places = self.find(article)
        return article


@stages.register("wirecoder.place_mentions.v1")
def make_place_mentions(config: dict, **settings) -> PlaceMentions:
    """Factory for :class:`PlaceMentions` (settings: ``use_entities``, ``min_population``)."""
    return PlaceMentions(config, **settings)
