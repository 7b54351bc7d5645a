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
   administrative candidate. In upper-case wire copy (``article.upper_case``)
   matching is case-insensitive and needs the stronger evidence (a cue, or a
   country / first-order division / city of 100,000+);
3. demonyms and place adjectives ("Syrian desert", "Iraqi border") from the
   gazetteer's demonym table, with role ``demonym``.

Places inside organisation names and datelines are found too, then every other
occurrence of a name already found as a place (one sense per discourse:
"Roselle police" once "in Roselle" was read). Names on
``data/gazetteer/not_places.txt`` ("NATO", "the Quran", "the White House") are
never places, whatever the tagger says.

Each mention gets a role (internal): ``location`` (somewhere something can
happen), ``metonymy`` ("the Damascus regime", "Washington said", "Moscow
denied": the place stands for its government or people), ``origin`` (a
dateline or where a speaker talks from: "a phone briefing from Baghdad") or
``demonym``. Only ``location`` mentions can become an event's location, but
every mention is resolved to coordinates by ``wirecoder.resolve_geo.v1``.

Word lists, patterns and entity labels are in ``data/lexicons/places.en.toml``; the weights and
thresholds in ``data/weights/place_mentions.toml``. Whether a gazetteer match is a toponym is
decided by :data:`ACCEPT_RULES`, a table of named rules tried in order.

DOCS: docs/places.md
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc, Span, Token

from .. import lookups
from ..analysis.nlp import is_hard_wrapped
from ..analysis.spans import doc_text, token_heads
from ..doc import Article, PlaceMention
from ..gazetteer import Gazetteer, Place, get_gazetteer, name_key
from ..pipeline import Stage
from ..registry import stages

LEXICON = "lexicons/places.en.toml"
#: Weights and thresholds of this stage (``data/weights/place_mentions.toml``).
W = lookups.weights("place_mentions")

PLACE_LABELS = lookups.words(LEXICON, "entity_labels.place")
#: Words that coordinate the names of a list ("Paris and Roxton"); with a comma, the joints of a list.
COORDINATORS = lookups.words(LEXICON, "recognition.coordinators")
# spaCy entity labels inside which a place name may be embedded ("Pakistan Army").
EMBEDDING_LABELS = lookups.words(LEXICON, "entity_labels.embedding")
# Labels the small model guesses for unknown names; numbers and dates.
NAME_GUESS_LABELS = lookups.words(LEXICON, "entity_labels.name_guess")
# Labels of entities that are a facility when their last word is a building or street word ("Caesar's Palace").
FACILITY_LABELS = lookups.words(LEXICON, "entity_labels.facility")
NUMERIC_LABELS = lookups.words(LEXICON, "entity_labels.numeric")
# Words that introduce a place ("in Aleppo", "captured Palmyra").
LOCATIVE_CUES = lookups.words(LEXICON, "recognition.locative_cues")
# Place nouns that mark a neighbouring name as a place ("the town of Hmaymah", "Deir ez-Zour region").
PLACE_CUE_NOUNS = lookups.words(LEXICON, "recognition.place_cue_nouns")
# Settlement nouns with the name in apposition right after them ("the capital Bahir Dar").
APPOSITION_CUE_NOUNS = lookups.words(LEXICON, "recognition.apposition_cue_nouns")
DIRECTION_WORDS = lookups.words(LEXICON, "recognition.direction_words")
# Compass points after a town's name in a school or district name ("Columbus East", "Columbus North").
COMPASS_WORDS = lookups.words(LEXICON, "recognition.compass_words")
# The same folded as place names are ("North-East" -> "northeast"): a direction alone names no place.
DIRECTION_KEYS = frozenset(name_key(w) for w in DIRECTION_WORDS)
# Words after a place name that make a name the place's own institution ("Boise Fire Department").
INSTITUTION_WORDS = lookups.words(LEXICON, "recognition.institution_words")
FACILITY_WORDS = lookups.words(LEXICON, "recognition.facility_words")
FACILITY_HEADS = lookups.words(LEXICON, "recognition.facility_heads")
# Last words of a natural feature's name ("Freeborn Lake"): unknown to the gazetteer, placed like a facility.
FEATURE_HEADS = lookups.words(LEXICON, "recognition.feature_heads")
# Honorific abbreviations that start a person's name ("Lt. Kevin Lunsford", "the Rev. Al Meredith").
HONORIFICS = lookups.words(LEXICON, "recognition.honorifics")
# Nouns that make a place name before them a disease's or pathogen's name ("Marburg virus", "Lyme disease").
DISEASE_NOUNS = lookups.words(LEXICON, "recognition.disease_nouns")
DIVISION_NOUNS = lookups.words(LEXICON, "recognition.division_nouns")
# Plural place nouns that end a list of names ("Clay and Wilkin counties"): a cue for every name of the list.
# (lower case, singular: "counties" -> "county"; resolve_geo reads each name of the list as "X County")
PLURAL_PLACE_NOUNS: dict[str, str] = lookups.word_map(LEXICON, "resolution.plural_place_nouns")
RESIDENT_NOUNS = lookups.words(LEXICON, "recognition.resident_nouns")
# Abbreviations that are also English words ("us"): places only when written in capitals.
CAPITAL_ABBREVIATIONS = lookups.words(LEXICON, "recognition.capital_abbreviations")
# Party letters before a legislator's home ("D-N.D.", "R-Marshall"), as written.
PARTY_LETTERS = frozenset(lookups.word_list(LEXICON, "recognition.party_letters"))
# Personal titles before a name ("MAJOR RENE RODRIGUEZ HURTADO", "Gen. Ponce"), shared with the actor mentions.
PERSON_TITLES = lookups.words("lexicons/actors.en.toml", "titles")
# Lower-case words inside a capitalised name ("Deir ez-Zour").
NAME_PARTICLES = lookups.words(LEXICON, "recognition.name_particles")
# Words before a demonym that make it a region's ("Central American").
DEMONYM_REGION_WORDS = lookups.words(LEXICON, "recognition.demonym_region_words")
# Nouns that make a preceding place name stand for its government ("the Damascus regime").
GOVERNMENT_NOUNS = lookups.words(LEXICON, "roles.government_nouns")
# Verbs whose subject, when a place, is still the place ("Syria borders Iraq"); others make it act ("Moscow denied").
NON_ACTING_VERBS = lookups.words(LEXICON, "roles.non_acting_verbs")
# Words that make "from X" the place a speaker or reporter is talking from.
COMMUNICATION_WORDS = lookups.words(LEXICON, "roles.communication_words")
# Verbs of saying: "in X" after them is where someone spoke ("said in Paris", "speaking in Geneva").
SPEECH_VERBS = lookups.words("lexicons/speech.en.toml", "verbs.neutral", "verbs.stance", "verbs.channel")
SPEAKING_NOUNS = lookups.words(LEXICON, "roles.speaking_nouns")
# Offices ("ambassador to X"), nationality nouns ("citizens of X") and reaction words ("condemned ... in X").
OFFICE_NOUNS = lookups.words(LEXICON, "roles.office_nouns")
NATIONALITY_NOUNS = lookups.words(LEXICON, "roles.nationality_nouns")
REACTION_WORDS = lookups.words(LEXICON, "roles.reaction_words")
# People nouns whose "from X" is where they come from ("10 men from Punjab province"): no place of the event.
ORIGIN_PEOPLE_NOUNS = lookups.words(LEXICON, "roles.origin_people_nouns")
ORIGIN_NAMING_VERBS = lookups.words(LEXICON, "roles.origin_naming_verbs")
# Verbs of killing (shared with resolve/fatalities.py): "from X" on them after a people noun is where victims are from.
KILL_VERBS = lookups.words("lexicons/fatalities.en.toml", "kill_verbs")
DATELINE = re.compile(lookups.value(LEXICON, "datelines.line"))
# Dateline at the start of the text or a line: "BEIRUT (AP) —", "SAN ANTONIO --", "Muscat:".
DATELINE_HEAD = re.compile(lookups.value(LEXICON, "datelines.head"))
# An all-capitals dateline after a headline on the same line: "... after blaze. TORRINGTON — A fire".
DATELINE_INLINE = re.compile(lookups.value(LEXICON, "datelines.inline"))
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
#: How far into the text a dateline head may start.
DATELINE_REACH = W["dateline_max_offset"]


def _people_from(doc, head) -> bool:
    """ "shot dead 10 men from Punjab province", "pilgrims from Iran": where people come from, like a nationality,
    not where anything happened to them. The "from" phrase follows a people noun (:data:`ORIGIN_PEOPLE_NOUNS`) and
    hangs on it, or on a verb of killing the parse attached it to; "abducted 20 women from Kuriga" is the place the
    abduction took them from, so other verbs keep the place. After a person's name the phrase is that person's home
    when it hangs on the name or on a verb naming them ("a policeman, identified as Kamal from Reasi, died";
    ``origin_naming_verbs``)."""
    tok = head
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.lower_ in PLACE_CUE_NOUNS:
        tok = tok.head  # "Punjab province"
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "from" or prep.i == 0 or prep.i > tok.i:
        return False
    before = doc[prep.i - 1]
    gov = prep.head
    if before.ent_type_ == "PERSON" and before.pos_ == "PROPN":
        # "Kamal from Reasi", "identified as Kamal from Reasi": a named person's home
        return gov.i == before.i or gov.lemma_ in ORIGIN_NAMING_VERBS
    if before.lower_ not in ORIGIN_PEOPLE_NOUNS or before.pos_ != "NOUN":
        return False
    return gov.i == before.i or (gov.pos_ == "VERB" and gov.lemma_.lower() in KILL_VERBS)


def in_dateline_head(text: str, start: int) -> bool:
    """Whether a character lies in the dateline head at the start of its line, near the top of the story
    ("MOGADISHU, Somalia (AP) —", "BAGHDAD, Sept 8 (Reuters) -"): where and by whom the report was filed."""
    if start >= DATELINE_REACH:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    head = DATELINE.match(text[line_start : line_start + W["dateline_line_chars"]])
    return head is not None and start < line_start + head.end() - 1


# Capital letters each followed by a period: "N.D.", "S.C.", "D.C." (AP state and city abbreviations).
DOTTED_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}")


def _is_cap(tok: Token, text: str | None = None) -> bool:
    """Token starts with a capital letter in the original text (its own text, which is that text's slice:
    ``text`` need not be given, and ``doc.text``, which spaCy rebuilds from every token, must not be)."""
    return _starts_upper(tok.text if text is None else text[tok.idx : tok.idx + len(tok.text)])


def _starts_upper(t: str) -> bool:
    """``t`` opens with a capital letter."""
    return bool(t) and t[0].isupper()


def _word(tok: Token) -> bool:
    """A word, or an abbreviation with periods ("Fla.", "N.C.")."""
    return _is_word(tok.is_alpha, tok.text)


def _is_word(is_alpha: bool, t: str) -> bool:
    """:func:`_word` of a token with text ``t``."""
    return is_alpha or (len(t) <= W["abbreviation_max_length"] and t.replace(".", "").isalpha() and t.endswith("."))


@dataclass(frozen=True)
class _Tokens:
    """What the scans over a document ask of each token, worked out once per document (spaCy builds a new
    ``Token`` for every ``doc[i]``): list ``x[i]`` is the fact for token ``i``."""

    ents: tuple  # doc.ents (a property spaCy rebuilds on every access)
    text: str  # doc.text (the truecased copy of an upper-case wire), of which every token's text is a slice
    lower: list[str]  # Token.lower_
    punct: list[bool]  # Token.is_punct
    alpha: list[bool]  # Token.is_alpha
    word: list[bool]  # see _word
    cap: list[bool]  # see _is_cap (on the article text)
    edge: list[bool]  # can start or end a name (a word, capitalised unless the copy is in capitals)
    edges: list[int]  # the tokens that can (``edge``), in order
    cont: list[bool]  # can stand inside a name
    starts: list[int]  # character offset of the token
    ends: list[int]  # character offset after the token

    def span(self, s: int, e: int) -> str:
        """The text of tokens [s, e): ``doc[s:e].text`` without building the span (``s < e``)."""
        return self.text[self.starts[s] : self.ends[e - 1]]


#: ORTH (a token's text, as spaCy's hash) -> (length, ``is_alpha``, :func:`_is_word`, can stand inside a name
#: whatever its case, a name particle, lower-case form, ``is_punct``) of the text: facts of the lexeme, shared by
#: all documents and emptied when it reaches :data:`_LEXEME_FACTS_MAX` entries.
_LEXEME_FACTS: dict[int, tuple[int, bool, bool, bool, bool, str, bool]] = {}
_LEXEME_FACTS_MAX = 200_000


def _lexeme_facts(doc: Doc, orth: int) -> tuple[int, bool, bool, bool, bool, str, bool]:
    """The :data:`_LEXEME_FACTS` of the text whose hash is ``orth`` (kept)."""
    if len(_LEXEME_FACTS) >= _LEXEME_FACTS_MAX:
        _LEXEME_FACTS.clear()
    lex = doc.vocab[orth]
    t = lex.orth_
    is_alpha = bool(lex.is_alpha)
    facts = _LEXEME_FACTS[orth] = (
        len(t),
        is_alpha,
        _is_word(is_alpha, t),
        t in ("-", "'", "’", "."),
        lex.lower_ in NAME_PARTICLES,
        lex.lower_,
        bool(lex.is_punct),
    )
    return facts


def _tokens(doc: Doc, text: str, upper: bool) -> _Tokens:
    """The :class:`_Tokens` of a document whose original text is ``text`` (read from the token array, without
    building a ``Token`` for each; what depends on a token's text alone is read from :data:`_LEXEME_FACTS`)."""
    lower, punct, alpha, word, cap, edge, edges, cont, starts, ends = [], [], [], [], [], [], [], [], [], []
    n = len(text)
    for i, (idx, orth) in enumerate(doc.to_array([IDX, ORTH]).tolist()):
        length, is_alpha, is_word, inside, particle, low, is_punct = _LEXEME_FACTS.get(orth) or _lexeme_facts(doc, orth)
        is_cap = length > 0 and idx < n and text[idx].isupper()  # _starts_upper(text[idx : idx + length])
        lower.append(low)
        punct.append(is_punct)
        alpha.append(is_alpha)
        word.append(is_word)
        cap.append(is_cap)
        can = is_word and (upper or is_cap)
        edge.append(can)
        if can:
            edges.append(i)
        if inside:
            cont.append(True)
        elif upper:
            cont.append(is_alpha)
        else:
            cont.append(is_cap or particle)
        starts.append(idx)
        ends.append(idx + length)
    # the document's text is the article's, but for the truecased copy of an upper-case wire
    return _Tokens(
        doc.ents, doc_text(doc) if upper else text, lower, punct, alpha, word, cap, edge, edges, cont, starts, ends
    )


def _join_wrapped_lines(toks: _Tokens) -> list[int]:
    """In hard-wrapped copy a single line break is layout, so a name may run across it ("IN VINA DEL\nMAR",
    "GUATEMALA\nCITY"): such a break between two words can stand inside a name (``cont``); it never starts or
    ends one. A blank line (a new paragraph) still ends a name. RETURNS: the joined breaks (token indices)."""
    text, starts, ends, word = toks.text, toks.starts, toks.ends, toks.word
    joined = []
    for i in range(1, len(starts) - 1):
        gap = text[starts[i] : ends[i]]
        if gap.count("\n") == 1 and not gap.strip() and word[i - 1] and word[i + 1]:
            toks.cont[i] = True
            joined.append(i)
    return joined


def _titled_surnames(doc: Doc, lower: list[str]) -> frozenset[str]:
    """Name keys of the surnames of persons named after a title ("MAJOR RENE RODRIGUEZ HURTADO", "MINISTER
    ANTONIO RODRIGUEZ PORTH", "COLONEL PONCE", "Gen. Ponce"): the proper nouns of the run after it but its first
    (a given name; Spanish names carry two surnames), or the one proper noun. Line breaks inside the run are layout.
    In capitals-only copy the tagger finds no persons, so these are the persons' names there."""
    out: set[str] = set()
    n = len(doc)
    for i, low in enumerate(lower):  # (the lower-case forms of the tokens: no Token built for most)
        if low.rstrip(".") not in PERSON_TITLES:
            continue
        words = []
        k = i + 1
        while k < n and len(words) < W["max_ngram"]:
            if doc[k].is_space or doc[k].text == ".":
                k += 1
                continue
            if doc[k].pos_ != "PROPN" or not doc[k].is_alpha:
                break
            words.append(doc[k].text)
            k += 1
        out.update(name_key(w) for w in (words[1:] if len(words) > 1 else words))
    return frozenset(out)


def _longest(i: int, limit: int, taken: list[bool], cont: list[bool]) -> int:
    """The end of the longest span of tokens from ``i`` (at most to ``limit``) that may be a name: every token able
    to stand inside a name, none taken yet (so every span [i, j) with ``j`` up to it is one)."""
    j = i
    while j < limit and cont[j] and not taken[j]:
        j += 1
    return j


def _acronym(m: PlaceMention, label: str | None) -> bool:
    """A word of ``acronym_max_letters`` capitals or fewer in mixed-case copy ("CHU", "SRT", "PTA") that the tagger
    does not read as a place and that abbreviates no country, continent or first-order division ("US", "EU"):
    an acronym, not the town it spells."""
    t = m.text
    return (
        len(t) <= W["acronym_max_letters"]
        and t.isalpha()
        and t.isupper()
        and label not in ("GPE", "LOC")
        and not any(c.is_country or c.feature in ("A.ADM1", "L.CONT") for c in m.candidates)
    )


def _surname(ent: Span) -> str | None:
    """The name key of the last word of a person's name given in full ("John Kelly" -> "kelly"), None for one
    word; a possessive the entity took in ("Richard Spencer's") is not part of the name."""
    words = ent[:-1] if ent[-1].tag_ == "POS" else ent
    return name_key(words[-1].text) if len(words) > 1 else None


def _is_big(c: Place) -> bool:
    """A country, a first-order division or a city of ``big_population`` people or more."""
    return c.is_country or c.feature == "A.ADM1" or c.population >= W["big_population"]


def _big_beyond_counties(cands: Iterable[Place]) -> bool:
    """Whether a name has a big reading (:func:`_is_big`) other than a county: a county is named with its noun
    ("Johnson County"), so its people do not make a bare surname ("Johnson said") a famous place."""
    return any(_is_big(c) for c in cands if c.feature != "A.ADM2")


def _cue_before(doc: Doc, start: int) -> bool:
    """A locative cue just before token ``start`` ("in", "near", "town of", "the X region", "the capital X")."""
    if start > 0 and doc[start - 1].lower_ in APPOSITION_CUE_NOUNS and doc[start - 1].pos_ == "NOUN":
        return True
    i = start - 1
    # skip a determiner / adjective / comma ("in the southern", "of the")
    hops = 0
    while i >= 0 and hops < W["cue_skip_tokens"] and (doc[i].lower_ in ("the", "a", "an") or doc[i].pos_ == "ADJ"):
        i -= 1
        hops += 1
    if i < 0:
        return False
    w = doc[i].lower_
    if w in LOCATIVE_CUES:
        return True
    if w == "," and i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].ent_type_ in ("GPE", "LOC", ""):
        return True
    return bool(w == "of" and i > 0 and doc[i - 1].lower_ in PLACE_CUE_NOUNS)


def _honorific(tok: Token) -> bool:
    """An honorific or rank abbreviation, with or without its period ("Lt.", "Ms", "Rev."), not in capitals-only
    words ("GEN" may be a name there)."""
    return tok.lower_.rstrip(".") in HONORIFICS and not tok.text.isupper()


def _names_disease(doc: Doc, end: int) -> bool:
    """Whether the name ending before token ``end`` names a disease or its agent: a disease noun follows, at most
    one more capitalised name word (or a hyphen and one) between ("Marburg virus", "Lyme disease", "Reston
    ebolavirus", "Ebola-Reston virus", "Gulf War syndrome"). Such an eponym says where a pathogen was first
    described, not where anything happens; after a locative preposition ("deaths rose in Liberia virus wards") the
    name is still the place."""
    n = len(doc)
    i = end
    start = next((k for k in range(end - 1, -1, -1) if doc[k].is_space or doc[k].is_punct or doc[k].is_lower), -1)
    if start >= 0 and doc[start].lower_ in ("in", "at", "across", "throughout", "near"):
        return False  # "cases rose in Liberia virus clinics": after a locative preposition the name is the place
    if i < n and doc[i].text in ("-", "\u2013"):
        i += 1
    if i < n and doc[i].is_alpha and doc[i].text[0].isupper() and doc[i].lower_ not in DISEASE_NOUNS:
        i += 1
    return i < n and doc[i].lower_ in DISEASE_NOUNS


def _noun_after(doc: Doc, end: int) -> str | None:
    """The place noun right after a span ("Deir ez-Zour region" -> "region")."""
    if end < len(doc) and doc[end].lower_ in PLACE_CUE_NOUNS:
        return doc[end].lower_
    return None


def plural_list_noun(doc: Doc, end: int) -> str | None:
    """When the span ending at token ``end`` is one of a list of capitalised names that a plural place noun ends
    ("Grant, Mahnomen and Wilkin counties", "Borno, Yobe and Adamawa states"; the noun in lower case, so not
    "United States"), that noun in the singular ("county"); else None."""
    for i in range(end, min(len(doc), end + W["list_window_tokens"])):
        t = doc[i]
        if t.text in PLURAL_PLACE_NOUNS:
            return PLURAL_PLACE_NOUNS[t.text]
        if t.lower_ not in (",", "and", "or") and not (t.is_alpha and _is_cap(t)):
            return None
    return None


def _people_after(doc: Doc, end: int) -> bool:
    """People named after a place follow the span ("a Coral Gables man", "Torrington firefighters")."""
    return end < len(doc) and doc[end].lemma_.lower() in RESIDENT_NOUNS


def _comma_regions(doc: Doc, end: int, gaz: Gazetteer) -> list[Place]:
    """The countries and first-order divisions a capitalised name of one to three words right after ", " can be
    (", Ohio" / ", Syria" after the span)."""
    if end + 1 >= len(doc) or doc[end].text != "," or not doc[end + 1].text[:1].isupper():
        return []
    return [
        c
        for n in (3, 2, 1)
        if end + 1 + n <= len(doc)
        for c in gaz.candidates(doc[end + 1 : end + 1 + n].text)
        if c.is_country or c.feature == "A.ADM1"
    ]


def _comma_region_after(doc: Doc, end: int, gaz: Gazetteer) -> bool:
    """ ", Ohio" / ", Syria" right after the span."""
    return bool(_comma_regions(doc, end, gaz))


def _has_cue(doc: Doc, s: int, e: int, gaz: Gazetteer) -> bool:
    """Evidence next to tokens [s, e) that they name a place: a locative cue before, a place noun,
    ", <State/Country>" or a residents noun after."""
    return (
        _cue_before(doc, s)
        or _noun_after(doc, e) is not None
        or plural_list_noun(doc, e) is not None
        or _comma_region_after(doc, e, gaz)
        or _people_after(doc, e)
    )


def _coordinated(doc: Doc, s: int, e: int, found: list[tuple[int, int, str]]) -> bool:
    """Tokens [s, e) are coordinated with a name already found as a place ("Paris and Roxton", "Becker, Clay,
    Douglas, Grant"): joined to it by a comma, "and" or "or" (or a comma and one of those) alone. Coordinated
    names are mostly of one kind, so this is a cue like "in"."""
    for fs, fe, how in found:
        if how == "facility":
            continue
        if fe <= s and 1 <= s - fe <= 2 and _joins(doc[fe:s]):
            return True
        if fs >= e and 1 <= fs - e <= 2 and _joins(doc[e:fs]):
            return True
    return False


def _joins(gap: Span) -> bool:
    """A comma, "and" or "or", or a comma and one of them: what joins the names of a list."""
    words = [t.lower_ for t in gap]
    return words == [","] or (words[-1] in COORDINATORS and all(w == "," for w in words[:-1]))


# --------------------------------------------------------------------------- accepting a gazetteer match


@dataclass(frozen=True)
class _Match:
    """A gazetteer match being judged: tokens [s, e) of ``doc``, with what the rules look at."""

    doc: Doc
    s: int
    e: int
    key: str  # the name key
    text: str  # the span as written in the article
    ent_label: dict[int, str]  # spaCy entity label of each token inside an entity
    upper: bool  # capitals-only copy (the doc is a truecased copy)
    cue: bool  # see _has_cue
    cands: tuple[Place, ...]  # the gazetteer candidates of the key
    big: bool  # some candidate is big (see _is_big)
    stop: frozenset[str]  # the stage's stop-list
    gaz: Gazetteer
    min_population: int  # the stage setting
    surnames: frozenset[str]  # name keys of the last words of the document's persons ("John Kelly" -> "kelly")
    titled: frozenset[str] = frozenset()  # surnames of persons named after a title ("MAJOR RODRIGUEZ HURTADO")
    countries: frozenset[str] = frozenset()  # upper-case copy: the countries the story names or whose people act

    @property
    def label(self) -> str | None:
        """The entity label of the first token."""
        return self.ent_label.get(self.s)


def _abbreviation_in_capitals(m: _Match) -> bool | None:
    """ "US", "U.S.", "UK", "EU" written in capitals in mixed-case copy: a place."""
    if m.key in CAPITAL_ABBREVIATIONS and m.text.replace(".", "").isupper() and not m.upper:
        return True
    return None


def _stop_listed(m: _Match) -> bool | None:
    """A stop-listed word without a cue ("March"), or as the tail of a longer name ("Bridge" in
    "London Bridge district"): not a place."""
    doc, s = m.doc, m.s
    if m.key in m.stop and (
        not m.cue
        or (s > 0 and doc[s - 1].is_alpha and _is_cap(doc[s - 1]) and not doc[s].is_sent_start and not m.upper)
    ):
        return False
    return None


def _across_sentences(m: _Match) -> bool | None:
    """A name that runs over a sentence end ("the U.S. and EU. A number of ..." read as 'Eua, Tonga): not a
    place."""
    doc = m.doc
    if any(doc[k].text == "." and doc[k + 1].is_sent_start for k in range(m.s + 1, m.e - 1)):
        return False
    return None


def _division_name(m: _Match) -> bool | None:
    """A division's full name ("Walker County", "Ghor Province") that the index knows as a first- or second-order
    division: a place, even inside a time or person guess ("At 12:03 p.m. Walker County dispatchers") or before
    another capitalised word ("Walker County EMS")."""
    if m.upper or m.e - m.s < 2 or m.doc[m.e - 1].lower_ not in DIVISION_NOUNS:
        return None
    return True if any(c.feature in ("A.ADM1", "A.ADM2") for c in m.cands) else None


def _held_by_container(m: _Match) -> bool | None:
    """A country or first-order division that holds one of the candidates named right after a comma ("GM's
    Bowling Green, Kentucky facility"): a place, whatever entity the tagger guessed."""
    if m.upper:
        return None
    for o in _comma_regions(m.doc, m.e, m.gaz):
        if any(c.lies_in(o) for c in m.cands):
            return True
    return None


def _person_surname(m: _Match) -> bool | None:
    """One word that is also the surname of a person the document names in full ("John Kelly" ... "Kelly
    said"), no big candidate, not tagged a place and not followed by its state or country ("the road to Kelly,
    Wyoming"): the person, not a town of that name. A county's people do not make the bare surname big: a county
    is named with its noun ("Johnson County"), so "Janet Johnson" ... "Johnson said" is the person."""
    if (
        m.e - m.s == 1
        and m.key in m.surnames
        and not _big_beyond_counties(m.cands)
        and m.label not in ("GPE", "LOC")
        and not _comma_region_after(m.doc, m.e, m.gaz)
    ):
        return False
    return None


def _titled_person(m: _Match) -> bool | None:
    """One word that is the surname of a person the document names after a title ("MAJOR RENE RODRIGUEZ HURTADO"
    ... "[RODRIGUEZ]", "COLONEL PONCE"): the person, not a town of that name (Rodriguez, Philippines; Ponce, Puerto
    Rico), unless it names a country, a first-order division or a capital."""
    if (
        m.e - m.s == 1
        and m.key in m.titled
        and not any(c.is_country or c.feature in ("A.ADM1", "P.PPLC") for c in m.cands)
    ):
        return False
    return None


def _inside_longer_name(m: _Match) -> bool | None:
    """Mixed-case copy, no big candidate: a capitalised word right after or before makes the match part of
    a longer proper name ("Taylor Neaton", "Cedar River Seafood", "Rev. Al", "Brant MPP Dave")."""
    if m.upper or m.big:
        return None
    doc, s, e = m.doc, m.s, m.e
    nxt = doc[e] if e < len(doc) else None
    if (
        nxt is not None
        and nxt.is_alpha
        and _is_cap(nxt)
        and not nxt.is_sent_start
        and nxt.ent_type_ not in ("DATE", "TIME", "GPE", "LOC")
        and nxt.lower_ not in PLACE_CUE_NOUNS
        and nxt.lower_ not in INSTITUTION_WORDS
    ):
        return False
    prv = doc[s - 1] if s > 0 else None
    if (
        prv is not None
        and not doc[s].is_sent_start
        and not prv.is_sent_start
        and _is_cap(prv)
        and (prv.is_alpha or prv.text.endswith("."))
        and not prv.text.isupper()
        and prv.ent_type_ not in ("GPE", "LOC")
        and prv.lower_ not in DIRECTION_WORDS
    ):
        return False
    return None


def _lone_direction_word(m: _Match) -> bool | None:
    """A direction word alone ("Western" in "Western Kasai", "Central" in "Central Plateau", "the North-East"):
    not a place."""
    if m.key in DIRECTION_KEYS and _noun_after(m.doc, m.e) is None:
        return False
    return None


def _demonym_entity(m: _Match) -> bool | None:
    """A demonym tagged NORP ("Canadian", not Canadian, Texas): left to the demonym pass."""
    if m.e - m.s == 1 and m.label == "NORP" and m.gaz.demonym_places(m.text):
        return False
    return None


def _party_home(m: _Match) -> bool | None:
    """A legislator's home after a party letter ("Rep. Earl Pomeroy, D-N.D.", "Marty Seifert, R-Marshall"): a
    place, whatever entity the tagger guessed for the whole."""
    doc, s = m.doc, m.s
    if s >= 3 and doc[s - 1].text == "-" and doc[s - 2].text in PARTY_LETTERS and doc[s - 3].text in (",", "("):
        return True
    return None


def _honorific_start(m: _Match) -> bool | None:
    """A name that starts with an honorific abbreviation ("Rev. Al Meredith", "Lt. Kevin Lunsford") is a person's."""
    return False if _honorific(m.doc[m.s]) else None


def _lone_stop_word(m: _Match) -> bool | None:
    """A single function word: not a place."""
    if m.e - m.s == 1 and m.doc[m.s].is_stop:
        return False
    return None


def _upper_function_word(m: _Match) -> bool | None:
    """Upper-case copy: a function word, a stop-listed word or a short key ("ARE", "SAN"): not a place."""
    if m.upper and (
        any(m.doc[k].is_stop for k in range(m.s, m.e)) or m.key in m.stop or len(m.key) <= W["upper_short_key_length"]
    ):
        return False
    return None


def _upper_country_name(m: _Match) -> bool | None:
    """Upper-case copy: a country's own name is a place."""
    if m.upper and any(c.is_country and c.primary for c in m.cands):
        return True
    return None


def _upper_common_word(m: _Match) -> bool | None:
    """Upper-case copy: a word the tagger sees as common on the truecased copy ("DRUG", "REGION") is not a
    place, unless it is a noun with a cue and the place is famous (a capital, ``upper_famous_population``+),
    or it has a cue and names a town in a country the story names ("IN MEJICANOS" beside "SALVADORAN")."""
    if not m.upper:
        return None
    if m.cue and any(c.is_town and c.cc in m.countries for c in m.cands):
        return None  # "IN ZACATECOLUCA" in a story about El Salvador: a town of the story's country, whatever the tag
    famous = any(c.feature == "P.PPLC" or c.population >= W["upper_famous_population"] for c in m.cands)
    if any(
        m.doc[k].pos_ not in ("PROPN", "SPACE") and not (m.cue and famous and m.doc[k].pos_ == "NOUN")
        for k in range(m.s, m.e)
    ):
        return False
    return None


def _upper_surname(m: _Match) -> bool | None:
    """Upper-case copy: a name right after a proper noun without a cue is a surname ("JOSE RODRIGUEZ")."""
    doc, s = m.doc, m.s
    if m.upper and s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_alpha and not m.cue:
        return False
    return None


def _upper_evidence(m: _Match) -> bool | None:
    """Upper-case copy: otherwise a place only with a cue or a big candidate."""
    if m.upper:
        return m.cue or m.big
    return None


def _name_runs_past_entity(m: _Match) -> bool | None:
    """A big place whose name runs past a demonym or person guess ("French Guiana"): a place."""
    label = m.label
    if label in ("NORP", "PERSON", "ORG") and m.big and m.ent_label.get(m.e - 1) != label and m.e - m.s > 1:
        return True
    return None


def _entity_name_guess(m: _Match) -> bool | None:
    """Inside a PERSON/ORG/... entity: the small model's guesses on unknown names are weak, so the match is a
    place when it is the whole entity and has a cue or is famous (a country, a capital or a city of
    ``entity_override_population``+; not for NORP)."""
    label = m.label
    if label not in NAME_GUESS_LABELS:
        return None
    s, e, ent_label = m.s, m.e, m.ent_label
    ent_tokens = [i for i in range(s, e) if ent_label.get(i) == label]
    whole = len(ent_tokens) == e - s and (s == 0 or ent_label.get(s - 1) != label) and ent_label.get(e) != label
    famous = any(
        c.is_country or c.feature == "P.PPLC" or c.population >= W["entity_override_population"] for c in m.cands
    )
    return whole and (m.cue or (famous and label != "NORP"))


def _numeric_entity(m: _Match) -> bool | None:
    """Inside a date, time or number entity: not a place."""
    if m.label in NUMERIC_LABELS:
        return False
    return None


def _split_sentence_start(m: _Match) -> bool | None:
    """The start of a sentence the parser split off mid-text, without a cue: not a place."""
    doc, s = m.doc, m.s
    if s > 0 and doc[s - 1].is_sent_start is not True and s == doc[s].sent.start and not m.cue:
        return False
    return None


def _sentence_initial(m: _Match) -> bool | None:
    """A capitalised sentence-initial word is weak evidence: needs a cue or a big candidate."""
    if m.doc[m.s].i == m.doc[m.s].sent.start and not (m.cue or m.big):
        return False
    return None


def _evidence(m: _Match) -> bool:
    """Otherwise: a cue, a big candidate, or a candidate of the stage's ``min_population``."""
    return m.cue or m.big or any(c.population >= m.min_population for c in m.cands)


#: Whether a gazetteer match is a toponym: rules tried in order, the first that decides (True or
#: False rather than None) wins; the last always decides.
ACCEPT_RULES: tuple[Callable[[_Match], bool | None], ...] = (
    _across_sentences,
    _division_name,
    _abbreviation_in_capitals,
    _stop_listed,
    _held_by_container,
    _inside_longer_name,
    _lone_direction_word,
    _demonym_entity,
    _party_home,
    _person_surname,
    _titled_person,
    _honorific_start,
    _lone_stop_word,
    _upper_function_word,
    _upper_country_name,
    _upper_common_word,
    _upper_surname,
    _upper_evidence,
    _name_runs_past_entity,
    _entity_name_guess,
    _numeric_entity,
    _split_sentence_start,
    _sentence_initial,
    _evidence,
)


def _only_places(doc: Doc, ent: Span, hits: list[tuple[int, int, str]]) -> bool:
    """Whether an entity is nothing but two or more places found in it, joined by "and", commas or "the": the tagger's
    "Kharkiv and Odesa" read as a work of art is a list of places, not a name that holds them ("Pakistan Army")."""
    if len(hits) < 2:
        return False  # one place alone is what the tagger read in it ("Don't forget Aleppo!" as a title)
    inside = {k for s, e, _ in hits for k in range(s, e)}
    return all(k in inside or doc[k].pos_ in ("CCONJ", "PUNCT", "DET") for k in range(ent.start, ent.end))


class PlaceMentions(Stage):
    """Find toponyms with spaCy NER plus gazetteer matching, and give each a role.

    config (dict): the pipeline configuration.
    use_entities (bool): take spaCy GPE/LOC/FAC entities (default True).
    min_population (int): least population of a gazetteer-only match without a cue.
    """

    requires = ("article.text", "article.doc", "article.upper_case")
    assigns = ("mentions.places",)

    def __init__(self, config: dict, use_entities: bool = True, min_population: int = 20000) -> None:
        self.use_entities = use_entities
        self.min_population = int(min_population)
        #: Name keys never taken as places on gazetteer evidence alone (``data/gazetteer/stoplist.txt``).
        self.stop = frozenset(name_key(word) for word in lookups.lines("gazetteer/stoplist.txt"))
        #: Name keys never taken as places at all (``data/gazetteer/not_places.txt``): "NATO", "Quran".
        self.not_places = frozenset(name_key(word) for word in lookups.lines("gazetteer/not_places.txt"))
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # ------------------------------------------------------------------ finding
    def find(self, article: Article) -> list[PlaceMention]:
        """Toponym spans with candidates and roles (pure: does not touch the article).

        article (Article): an analysed article (``doc``; ``upper_case`` for capitals-only copy).
        RETURNS (list[PlaceMention]): mentions in text order, each with ``candidates`` and ``role``.
        """
        doc = article.doc
        if doc is None or not len(doc):
            return []
        text = article.text
        upper = article.upper_case
        toks = _tokens(doc, text, upper)
        breaks = frozenset(_join_wrapped_lines(toks) if is_hard_wrapped(text) else ())
        taken = [False] * len(doc)
        found: list[tuple[int, int, str]] = []  # token start, end, how

        for ent in toks.ents:  # "the White House", "NATO": no part of the name is a place
            s, e = self._trim(doc, toks, ent.start, ent.end)
            if s < e and name_key(toks.span(s, e)) in self.not_places:
                for i in range(s, e):
                    taken[i] = True
        surnames = frozenset(filter(None, (_surname(ent) for ent in toks.ents if ent.label_ == "PERSON")))
        if self.use_entities and not upper:
            for s0, e0, label in self._place_entities(doc, toks.ents):
                if label not in PLACE_LABELS:
                    if label in FACILITY_LABELS:
                        self._facility(doc, *self._trim(doc, toks, s0, e0), label, taken, found)
                    continue
                s, e = self._trim(doc, toks, s0, e0)
                # a name has a capital somewhere ("al-Tanf" too); the small model tags some common words GPE
                # ("grams of meth", "possession of marijuana", "those who aren't")
                if s >= e or toks.span(s, e).islower():
                    continue
                if not self.gaz.contains(toks.span(s, e)):
                    # "Western Massachusetts", "Henderson County Jail", "Ghor province": keep the known part
                    sub = self._known_subspan(doc, s, e)
                    if sub is not None:
                        if sub[0] > s and doc[sub[0] - 1].lower_ == "of":
                            for i in range(s, sub[0]):
                                taken[i] = True  # "Port of Los Angeles": "Port" is no place of its own
                        s, e = sub
                    elif self._facility(doc, s, e, label, taken, found) or label == "FAC":
                        continue
                # a direction alone ("Western", "the North-East") names no place
                if any(taken[s:e]) or name_key(toks.span(s, e)) in DIRECTION_KEYS:
                    continue
                if self._named_person(doc, s, e, surnames) or _honorific(doc[s]):
                    continue  # "Wes Altom of the HPD" ... "Altom said", "Ms Izevbekhai", tagged GPE: the person
                found.append((s, e, "ner"))
                for i in range(s, e):
                    taken[i] = True
        ent_label = {}
        for ent in toks.ents:
            for i in range(ent.start, ent.end):
                ent_label[i] = ent.label_
        titled = _titled_surnames(doc, toks.lower)
        countries = self._named_countries(doc, toks) if upper else frozenset()
        edge, cont, starts, ends = toks.edge, toks.cont, toks.starts, toks.ends
        max_ngram = W["max_ngram"]
        n = len(doc)
        after = 0  # the end of the last match: the scan goes on from there
        for i in toks.edges:
            if i < after or taken[i]:
                continue
            match = None
            for j in range(_longest(i, min(n, i + max_ngram), taken, cont), i, -1):
                if not edge[j - 1]:
                    continue
                span_text = text[starts[i] : ends[j - 1]]
                key = name_key(span_text)
                if (len(key) < W["min_key_length"] and not self._dotted_big(span_text, key)) or not self.gaz.has_key(
                    key
                ):
                    continue
                linked = bool(W["coordination_cue"]) and _coordinated(doc, i, j, found)
                if self._accept(doc, i, j, key, span_text, ent_label, upper, surnames, countries, linked, titled):
                    match = (i, j)
                if match or not breaks.intersection(range(i, j)):
                    break  # longest span known to the gazetteer decides (a name run over a line break may not)
            if match:
                found.append((match[0], match[1], "gazetteer"))
                for k in range(match[0], match[1]):
                    taken[k] = True
                after = match[1]
        found.extend(self._embedded(doc, toks, taken, upper))
        found.extend(self._dateline(doc, text, taken, upper))
        # "Marburg virus", "West Nile virus": a disease, not a place; nor are the name's other occurrences
        found = [(s, e, how) for s, e, how in found if not _names_disease(doc, e)]
        found.extend(self._same_name(doc, toks, text, taken, upper, found))
        found.sort()
        mentions = []
        inline = frozenset(mt.start(1) for mt in DATELINE_INLINE.finditer(text[: W["dateline_max_offset"]]))
        for s, e, how in found:
            start, end = starts[s], ends[e - 1]
            if name_key(text[start:end]) in self.not_places:
                continue  # "NATO", "the Quran": an organisation or a book, whatever the tagger says
            m = PlaceMention(text=text[start:end], start=start, end=end, how=how, tokens=(s, e))
            m.candidates = [] if how == "facility" else list(self.gaz.candidates(m.text))
            at_line_start = start == 0 or text[start - 1] == "\n"  # a dateline: "YOLA— WITH the nation ..."
            if not upper and how != "dateline" and not at_line_start and _acronym(m, ent_label.get(s)):
                continue  # "the CHU in Montpellier", "the SRT": an acronym, not Chũ or Sirte
            m.role = self._role(doc, s, e, text, inline)
            if (
                how in ("embedded", "discourse")
                and m.role == "location"
                and not any(c.is_town or c.feature == "A.ADM2" for c in m.candidates[:1])
            ):
                m.role = "demonym"  # "Pakistan Army", "Malaysia Airlines": an attribute of an organisation
            elif how == "dateline":
                m.role = "origin"
            mentions.append(m)
        mentions.extend(self._demonyms(doc, toks, text, taken, upper))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _facility(self, doc: Doc, s: int, e: int, label: str, taken: list[bool], found: list) -> bool:
        """Take an entity the gazetteer does not know as a building or street ("the National Concert Hall",
        "Collins Avenue", "Cedar Flat Rd", "Caesar's Palace"), or as a natural feature ("Freeborn Lake"): a name of
        two words or more ending in a facility word (:data:`FACILITY_HEADS`; for a FAC entity also an institution's
        building word, "the Convention Centre") or a feature word (:data:`FEATURE_HEADS`).
        Other FAC entities of the small model are too often feasts, titles or groups ("Easter Sunday", "Boko
        Haram"). A name with a known place inside ("Norfolk High School", "Henderson County Jail") is left to the
        passes that find that place. RETURNS (bool): whether it was taken."""
        if e - s < 2 or any(taken[s:e]):
            return False
        last = doc[e - 1].lower_
        if last not in FACILITY_HEADS and last not in FEATURE_HEADS and (label != "FAC" or last not in FACILITY_WORDS):
            return False
        if not _is_cap(doc[s]) or self.gaz.contains(doc[s:e].text) or self._known_subspan(doc, s, e) is not None:
            return False
        found.append((s, e, "facility"))
        for i in range(s, e):
            taken[i] = True
        return True

    def _named_person(self, doc: Doc, s: int, e: int, surnames: frozenset[str]) -> bool:
        """A place entity of one word that is the surname of a person the document names in full ("Wes Altom of
        the HPD" ... "Altom was able to make contact", "Gov. Tim Pawlenty" ... "under Pawlenty"): the tagger's
        label aside, a later bare surname refers back to the person (coreference), unless the name is big (a
        country, a first-order division, a 100k+ city: "Washington") or followed by its state or country."""
        if e - s != 1:
            return False
        key = name_key(doc[s].text)
        if key not in surnames or _comma_region_after(doc, e, self.gaz):
            return False
        return not _big_beyond_counties(self.gaz.candidates(doc[s].text))

    def _dotted_big(self, span_text: str, key: str) -> bool:
        """Capitals with periods ("N.D.", "S.C.", "D.C.", "L.A.") that abbreviate a country, a first-order
        division or a big city: a place even though the bare letters are too short a name."""
        return bool(DOTTED_ABBREVIATION.fullmatch(span_text)) and any(_is_big(c) for c in self.gaz.lookup(key))

    def _place_entities(self, doc: Doc, ents: tuple) -> list[tuple[int, int, str]]:
        """The entities as (start, end, label), two place entities side by side (or split by a period) joined
        when together they make a name the gazetteer knows: the tagger splits "ST. LOUIS" at its period, and
        "ST" alone is a spelling of Sète."""
        out: list[tuple[int, int, str]] = []
        for ent in ents:
            if (
                out
                and out[-1][2] in PLACE_LABELS
                and ent.label_ in PLACE_LABELS
                and (out[-1][1] == ent.start or (out[-1][1] + 1 == ent.start and doc[ent.start - 1].text == "."))
            ):
                s, e, label = out[-1]
                whole = doc[s : ent.end].text
                if self.gaz.contains(whole):
                    out[-1] = (s, ent.end, label)
                    continue
            out.append((ent.start, ent.end, ent.label_))
        return out

    def _known_subspan(self, doc: Doc, s: int, e: int) -> tuple[int, int] | None:
        """The known place inside an unknown name, if the rest is a direction, an institution or a place noun.

        "Western Massachusetts" / "North London" -> the part after the direction word (stop-listed names too:
        "North Georgia"); "Columbus East" -> the part before the compass point;
        "Henderson County Jail" / "Boise Fire Department" -> the part before the institution words;
        "Ghor province" / "Lviv region" -> the part before the place noun (which still tells the resolver
        that a division is meant); else "Port of Los Angeles" -> the known place after "of" (:meth:`_known_after_of`).
        Other names ("White House", "Trump Tower") give nothing: their parts are not the place.
        """
        i = s
        while i < e - 1 and doc[i].lower_ in DIRECTION_WORDS:
            i += 1
        j = e
        while j > i + 1 and (
            doc[j - 1].lower_ in INSTITUTION_WORDS
            or doc[j - 1].lower_ in FACILITY_WORDS
            or doc[j - 1].lower_ in PLACE_CUE_NOUNS
            or doc[j - 1].lower_ in COMPASS_WORDS
            or not _word(doc[j - 1])
        ):
            j -= 1
        if (i, j) == (s, e):
            return self._known_after_of(doc, s, e)
        for jj in range(j, i, -1):
            if not _word(doc[jj - 1]):
                continue
            key = name_key(doc[i:jj].text)
            # the stop-list guards bare words; a direction before them makes a region of a place ("North Georgia")
            if len(key) >= W["min_key_length"] and (key not in self.stop or i > s) and self.gaz.has_key(key):
                return i, jj
            if jj < j:
                break  # only the full remainder or one word less ("Henderson County" of "... County Jail")
        return None

    def _known_after_of(self, doc: Doc, s: int, e: int) -> tuple[int, int] | None:
        """ "Port of Los Angeles", "United Way of America": the known place ending an unknown place entity after
        "of" (the thing named is the place's, and lies in it)."""
        for k in range(s + 1, e - 1):
            if doc[k].lower_ == "of" and _is_cap(doc[k + 1]):
                key = name_key(doc[k + 1 : e].text)
                if len(key) >= W["min_key_length"] and key not in self.stop and self.gaz.has_key(key):
                    return k + 1, e
                return None
        return None

    def _trim(self, doc: Doc, toks: _Tokens, s: int, e: int) -> tuple[int, int]:
        """Drop leading determiners and trailing possessives from an entity span."""
        lower, punct = toks.lower, toks.punct
        while s < e and (lower[s] in ("the", "a", "an") or punct[s]):
            s += 1
        while e > s and (punct[e - 1] or toks.span(e - 1, e) in ("'s", "’s") or doc[e - 1].tag_ == "POS"):
            e -= 1
        return s, e

    def _accept(
        self,
        doc: Doc,
        s: int,
        e: int,
        key: str,
        span_text: str,
        ent_label: dict,
        upper: bool,
        surnames: frozenset[str],
        countries: frozenset[str] = frozenset(),
        linked: bool = False,
        titled: frozenset[str] = frozenset(),
    ) -> bool:
        """Is a gazetteer match a toponym here? The first of :data:`ACCEPT_RULES` that decides. ``linked``: the
        match is coordinated with a place already found (:func:`_coordinated`), which counts as a cue."""
        cands = self.gaz.lookup(key)
        match = _Match(
            doc=doc,
            s=s,
            e=e,
            key=key,
            text=span_text,
            ent_label=ent_label,
            upper=upper,
            cue=linked or _has_cue(doc, s, e, self.gaz),
            cands=cands,
            big=any(_is_big(c) for c in cands),
            stop=self.stop,
            gaz=self.gaz,
            min_population=self.min_population,
            surnames=surnames,
            titled=titled,
            countries=countries,
        )
        return next(verdict for rule in ACCEPT_RULES if (verdict := rule(match)) is not None)

    def _named_countries(self, doc: Doc, toks: _Tokens) -> frozenset[str]:
        """The countries a story names by their own name or a demonym ("EL SALVADOR", "SALVADORAN")."""
        out: set[str] = set()
        n = len(doc)
        span = toks.span  # the words' text, without building spaCy spans and tokens
        for i in toks.edges:
            for j in (i + 1, i + 2):
                if j > n:
                    break
                key = name_key(span(i, j))
                if len(key) >= W["min_key_length"]:
                    out.update(self.gaz.countries_named(key))
            out.update(c.cc for c in self.gaz.demonym_places(span(i, i + 1))[:1] if c.cc)
        return frozenset(out)

    def _embedded(self, doc: Doc, toks: _Tokens, taken: list[bool], upper: bool) -> list[tuple[int, int, str]]:
        """Places inside organisation and other names ("Huntsville Fire Department", "Pakistan Army").

        A known part of the name counts when it is a country, first-order division or city of
        100,000+, when an institution word follows it ("Fire", "Police", "County", "City"), or when
        it ends the name after "of" ("Community Foundation of Boone County").
        """
        out: list[tuple[int, int, str]] = []
        if upper:
            return out
        word, cap, lower, span = toks.word, toks.cap, toks.lower, toks.span
        for ent in toks.ents:
            if ent.label_ not in EMBEDDING_LABELS:
                continue
            hits_from = len(out)
            i = ent.start
            while i < ent.end:
                hit = None
                for j in range(min(ent.end, i + W["max_ngram"]), i, -1):
                    if any(taken[i:j]) or not word[i] or not word[j - 1] or not cap[i]:
                        continue
                    name = span(i, j)
                    key = name_key(name)
                    abbrev = (key in CAPITAL_ABBREVIATIONS and name.replace(".", "").isupper()) or self._dotted_big(
                        name, key
                    )
                    if (
                        (len(key) < W["min_key_length"] and not abbrev)
                        or key in DIRECTION_KEYS
                        or not self.gaz.has_key(key)
                    ):
                        continue  # a direction alone ("Northeast" of "Northeast Georgia Medical Center") is none
                    if j - i == 1 and self.gaz.demonym_places(span(i, i + 1)):
                        break  # "Somali", "Iraqi": left to the demonym pass
                    cands = self.gaz.lookup(key)
                    # "Boise Fire Department": a town's own institution (a town of some size, not "Police")
                    first = ent.start + (1 if lower[ent.start] == "the" else 0)
                    if any(_is_big(c) for c in cands):
                        while first < i and lower[first] in DIRECTION_WORDS:
                            first += 1  # "Northeast Georgia Medical Center": the direction is part of the place
                    # a bare county name is not enough ("Frontier Constabulary" is no Frontier County's)
                    named_division = j < len(doc) and (
                        (j - i > 1 and lower[j - 1] in PLACE_CUE_NOUNS) or lower[j] in PLACE_CUE_NOUNS
                    )
                    inst = (
                        i == first
                        and j < len(doc)
                        and lower[j] in INSTITUTION_WORDS
                        and any(
                            c.population >= W["institution_town_population"]
                            or (c.is_admin and (c.feature != "A.ADM2" or named_division))
                            for c in cands
                        )
                    )
                    if (
                        key in self.stop
                        and not abbrev
                        and not (inst and any(c.population >= W["big_population"] for c in cands))
                    ):
                        continue
                    # "Boone County Sheriff": a division named with its noun (the noun alone is no name: "Frontier")
                    named = j - i > 1 and lower[j - 1] in PLACE_CUE_NOUNS
                    big = abbrev or any(_is_big(c) or (c.is_admin and named) for c in cands)
                    of_end = j == ent.end and i > ent.start and lower[i - 1] == "of"
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
            if _only_places(doc, ent, out[hits_from:]):
                out[hits_from:] = [(s, e, "gazetteer") for s, e, _ in out[hits_from:]]
        return out

    def _same_name(
        self, doc: Doc, toks: _Tokens, text: str, taken: list[bool], upper: bool, found: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """Other occurrences of a name the document already uses as a place (one sense per discourse).

        A town named once as a place ("in Roselle") is the same town inside a name the tagger reads as a
        person or organisation ("Roselle police", "Huntsville Fire Station 1", "Harwinton Senior Center").
        Not in capitals-only copy, not as the surname of a person ("Andrew Jackson"), and not for a name the
        document also gives a person as a surname ("John Kelly" ... "Kelly was not in the room").
        """
        out: list[tuple[int, int, str]] = []
        if upper:
            return out
        edge, cont, starts, ends = toks.edge, toks.cont, toks.starts, toks.ends
        keys = {name_key(text[starts[s] : ends[e - 1]]) for s, e, _how in found}
        keys = {k for k in keys if len(k) >= W["min_key_length"] and k not in self.not_places and self.gaz.has_key(k)}
        if not keys:
            return out
        person_inside = {i for ent in toks.ents if ent.label_ == "PERSON" for i in range(ent.start + 1, ent.end)}
        # a name the document also gives a person as a surname ("John Kelly" ... "Kelly was not in the room") has
        # a person sense here: its other occurrences are not taken for the place
        keys -= {name_key(ent[-1].text) for ent in toks.ents if ent.label_ == "PERSON" and len(ent) > 1}
        if not keys:
            return out
        max_ngram = W["max_ngram"]
        n = len(doc)
        after = 0  # the end of the last hit: the scan goes on from there
        for i in toks.edges:
            if i < after or taken[i] or i in person_inside:
                continue
            hit = None
            for j in range(_longest(i, min(n, i + max_ngram), taken, cont), i, -1):
                if not edge[j - 1]:
                    continue
                if name_key(text[starts[i] : ends[j - 1]]) in keys:
                    hit = (i, j)
                    break
            if hit is None or _names_disease(doc, hit[1]):
                continue
            out.append((hit[0], hit[1], "discourse"))
            for k in range(hit[0], hit[1]):
                taken[k] = True
            after = hit[1]
        return out

    def _dateline(self, doc: Doc, text: str, taken: list[bool], upper: bool) -> list[tuple[int, int, str]]:
        """A dateline place at the start of the text or of a line ("SAN ANTONIO --", "Muscat:")."""
        out: list[tuple[int, int, str]] = []
        head_chars = W["dateline_head_chars_upper"] if upper else W["dateline_head_chars"]
        heads = list(DATELINE_HEAD.finditer(text[:head_chars]))
        if not upper:
            heads += list(DATELINE_INLINE.finditer(text[: W["dateline_max_offset"]]))
        for mt in heads:
            span = doc.char_span(mt.start(1), mt.end(1), alignment_mode="expand")
            if span is None or any(taken[span.start : span.end]):
                continue
            words = mt.group(1)
            if name_key(words) in self.stop or (upper and len(name_key(words)) <= W["upper_short_key_length"]):
                continue
            if self.gaz.contains(words):
                out.append((span.start, span.end, "dateline"))
                for k in range(span.start, span.end):
                    taken[k] = True
        return out

    def _demonyms(self, doc: Doc, toks: _Tokens, text: str, taken: list[bool], upper: bool) -> list[PlaceMention]:
        out = []
        skip_to = 0
        alpha, cap, lower, span = toks.alpha, toks.cap, toks.lower, toks.span
        person = (
            {i for ent in toks.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)} if not upper else ()
        )
        n = len(doc)
        for i in [k for k, is_alpha in enumerate(alpha) if is_alpha and (upper or cap[k])]:
            if i < skip_to or taken[i] or i in person:
                continue
            word = span(i, i + 1)
            end = i + 1
            places: tuple = ()
            if i + 1 < n and alpha[i + 1] and not taken[i + 1] and (upper or cap[i + 1]):
                places = self.gaz.demonym_places(f"{word} {span(i + 1, i + 2)}")  # "South Sudanese", "North Korean"
                end = i + 2 if places else end
            if not places:
                if i > 0 and lower[i - 1] in DEMONYM_REGION_WORDS:
                    continue  # "Central American", "North American": not the country
                places = self.gaz.demonym_places(word)
                if not places and lower[i].endswith("s") and len(word) >= W["plural_demonym_min_length"]:
                    places = self.gaz.demonym_places(word[:-1])  # "Russians", "Canadians"
            if not places or _names_disease(doc, end):
                continue  # "Japanese encephalitis", "Spanish flu": a disease's name
            tok, last = doc[i], doc[end - 1]
            m = PlaceMention(
                text=text[tok.idx : last.idx + len(last.text)],
                start=tok.idx,
                end=last.idx + len(last.text),
                how="demonym",
                tokens=(tok.i, end),
                modifies=last.head.lower_ if last.dep_ in ("amod", "compound", "nmod") else None,
            )
            m.candidates = list(places)
            m.role = "demonym"
            out.append(m)
            skip_to = end
        return out

    # ------------------------------------------------------------------ roles
    def _role(self, doc: Doc, s: int, e: int, text: str, inline: frozenset[int]) -> str:
        """location / metonymy / origin for a toponym at tokens [s, e); ``inline``: where the names of the all-capitals
        datelines after a headline (:data:`DATELINE_INLINE`) start."""
        heads = token_heads(doc)[0]
        # the first token whose head lies outside the name (read from the head array), else the last
        head = doc[next((k for k in range(s, e) if heads[k] < s or heads[k] >= e), e - 1)]
        # "The United States of America, USA, has deployed": an appositive plays the part of the name it renames
        while head.dep_ == "appos" and head.head.i < s:
            head = head.head
        # dateline: the report's origin ("BEIRUT (AP) -", "BAGHDAD, Sept 8 (Reuters) -")
        near_start = doc[s].idx < W["dateline_max_offset"]
        if near_start and doc[s].idx in inline:
            return "origin"
        if near_start and in_dateline_head(text, doc[s].idx):
            return "origin"  # the whole dateline head: "MOGADISHU, Somalia (AP) —" names where the report was filed
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
        # a nominal modifier of a non-place noun ("US military", "Syria conflict") is adjectival, also as the second
        # of coordinated modifiers ("British and U.S. warplanes")
        mod = head
        while mod.dep_ == "conj" and mod.head.i < mod.i:
            mod = mod.head
        if (
            mod.dep_ in MODIFIER_DEPS
            and mod.head.i >= e
            and mod.head.pos_ in ("NOUN", "PROPN")
            and mod.head.lower_ not in PLACE_CUE_NOUNS
            and not _is_cap(mod.head, text)
        ):
            return "demonym"
        # "Washington said", "Moscow denied", "Turkey has shelled"; not a name that renames the place noun before it
        # ("fighting in Libya's capital Tripoli killed 55", parsed with "Tripoli" as the subject of "killed")
        if (
            not (s > 0 and doc[s - 1].lower_ in PLACE_CUE_NOUNS)
            and head.dep_ in ("nsubj", "csubj")
            and head.head.pos_ in ("VERB", "AUX")
            and head.head.lemma_ not in NON_ACTING_VERBS
        ):
            return "metonymy"
        # "X nationals", "X's citizens": where victims come from, not where the event happened
        if nxt is not None and nxt.lower_ in NATIONALITY_NOUNS:
            return "demonym"
        prep = head.head
        if head.dep_ == "pobj":
            gov = prep.head
            # "the ambassador to France", "the foreign minister of Iran": the office's country
            if prep.lower_ in ("to", "of") and gov.lower_ in OFFICE_NOUNS:
                return "metonymy"
            # "citizens of Poland", "a national of Nepal": the victims' nationality
            if prep.lower_ == "of" and gov.lower_ in NATIONALITY_NOUNS:
                return "demonym"
            # "condemned the attack in Paris", "told a news conference in Geneva": where someone reacted
            if (
                prep.lower_ in ("in", "at")
                and prep.i > gov.i
                and (gov.lemma_.lower() in REACTION_WORDS or gov.lower_ in REACTION_WORDS)
            ):
                return "origin"
        # "a US official said in Washington", "told reporters in Geneva"
        if head.dep_ == "pobj" and prep.lower_ == "in" and prep.head.lemma_ in SPEECH_VERBS and prep.i > prep.head.i:
            return "origin"
        if _people_from(doc, head):
            return "demonym"
        # "a phone briefing from Baghdad", "speaking from Geneva"
        if head.dep_ == "pobj" and head.head.lower_ == "from":
            gov = head.head.head
            window = {t.lower_ for t in doc[max(0, s - W["speaking_window_tokens"]) : s]}
            if gov.lower_ in COMMUNICATION_WORDS or gov.lemma_ in COMMUNICATION_WORDS or window & SPEAKING_NOUNS:
                return "origin"
        return "location"

    def __call__(self, article: Article) -> Article:
        article.mentions.places = self.find(article)
        return article


@stages.register("wirecoder.place_mentions.v1")
def make_place_mentions(config: dict, *, use_entities: bool = True, min_population: int = 20000) -> PlaceMentions:
    """Factory for :class:`PlaceMentions`; its keyword arguments are the stage's settings.

    use_entities (bool): take spaCy GPE/LOC/FAC entities.
    min_population (int): least population of a gazetteer-only match without a cue.
    """
    return PlaceMentions(config, use_entities=use_entities, min_population=min_population)
