"""Actor mentions: knowledge-base names, group nouns, named organisations and people.

Finds every stretch of text that names or denotes an actor and stores it in
``article.mentions.actors`` with the knowledge-base facts attached:

1. **Knowledge-base aliases** (:mod:`wirecoder.kb.actors`), matched on folded
   text. Acronyms that are English words ("IS", "US") must be written in
   capitals in mixed-case text and need a group context in upper-case wires
   ("IS FIGHTERS", "IS-held"); bare country and capital names ("Syria",
   "Damascus") count only as agents (subject, ``by``-agent, possessor, object).
2. **Group nouns** ("gunmen", "security forces", "protesters") from
   ``data/kb/group_nouns.csv``: a demonym or a KB name before them gives the
   actor ("Syrian gunboats" -> Military Forces of Syria, "IS fighters" ->
   Islamic State); otherwise the mention is generic with the article's focus
   country (the country most named by state aliases and demonyms), which
   :mod:`wirecoder.resolve.actors` revisits with the place mentions.
3. **Named entities** the KB does not know: ORG -> an unresolved group with a
   best-guess type; NORP used as a noun ("the Palestinians") -> an identity
   group; PERSON (and title + name in upper-case wires) -> a person, with the
   affiliation and role of an appositive ("Colonel Ryan Dillon, a US military
   spokesman") and surname-only repeats linked to the full name.

DOCS: docs/actors.md
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections import Counter
from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS

from .. import lookups
from ..analysis.spans import char_span, token_at, token_words
from ..doc import ActorMention, Article
from ..kb.actors import CATEGORIES, ActorEntry, ActorKB, Alias, GroupNoun, KBMatch, fold, fold_key, load_kb
from ..pipeline import Stage
from ..registry import stages
from .places import in_dateline_head

_LEX = "lexicons/actors.en.toml"
#: Dependency labels of a name used as an agent or participant (not a location).
AGENT_DEPS = lookups.words(_LEX, "agent_deps")
#: Prepositions whose object may be an actor ("talks with Russia", "attacked by Syria").
AGENT_PREPS = lookups.words(_LEX, "agent_preps")
#: Words after an English-word acronym that make it a name in upper-case text.
ACRONYM_CONTEXT = lookups.words(_LEX, "acronym_context")
#: Acronyms that read as ordinary words in capitals ("FAR", "WHO"), besides spaCy's stop words.
WORD_ACRONYMS = lookups.words(_LEX, "word_acronyms")
#: Titles before a person's name (folded), also used to find people in upper-case wires.
TITLES = lookups.words(_LEX, "titles")
#: Role nouns in an appositive ("a US military spokesman").
ROLE_NOUNS = lookups.words(_LEX, "role_nouns")
#: Words before a bare country name that make it a place ("in Syria", "eastern Syria").
PLACE_PREPS = lookups.words(_LEX, "place_preps")
#: Nouns that make a neighbouring name a place, not an actor ("Iraq's far west", "the Syrian desert").
PLACE_CONTEXT_NOUNS = lookups.words(_LEX, "place_context_nouns")
#: Prepositions before a one-word "person" that make it a place ("in Hmaymah").
PLACE_AFTER_PREPS = lookups.words(_LEX, "place_after_preps")
#: Words not taken into a generic group mention as modifiers ("several gunmen").
NOT_MODIFIERS = lookups.words(_LEX, "not_modifiers")
#: Settlement and district nouns ("town", "village", "district"): "the town of X", "X village".
PLACE_OF_NOUNS = lookups.words(_LEX, "place_of_nouns")
#: Nouns for the people of an organisation ("members", "fighters") and the prepositions naming it.
MEMBERSHIP_NOUNS = lookups.words(_LEX, "membership_nouns")
MEMBERSHIP_PREPS = lookups.words(_LEX, "membership_preps")
#: "the town of X": the name after it is a place, not an organisation.
PLACE_OF = re.compile(r"\b(" + "|".join(map(re.escape, lookups.word_list(_LEX, "place_of_nouns"))) + r") of\s*$")


def _org_hint(hint: dict) -> tuple[re.Pattern, int]:
    """One ``org_hints`` entry of the lexicon as (whole-word pattern, ACLED inter code)."""
    return re.compile(r"\b(" + "|".join(map(re.escape, hint["words"])) + r")\b", re.I), hint["inter"]


#: Weapon and strike nouns that make a demonym before them the state's forces ("Israeli airstrikes"), and the
#: words between that say the weapon is no state's ("Palestinian rocket fire").
STATE_WEAPON_NOUNS = lookups.words(_LEX, "state_weapon_nouns")
NON_STATE_WEAPON_WORDS = lookups.words(_LEX, "non_state_weapon_words")
#: (pattern, ACLED inter code) for organisation names the KB does not know; the first match wins.
ORG_HINTS = tuple(_org_hint(hint) for hint in lookups.word_list(_LEX, "org_hints"))
#: ACLED inter code -> PLOVER sector of an organisation the KB does not know.
SECTOR_OF_INTER = {int(k): v for k, v in lookups.word_map(_LEX, "unknown_org_sectors").items()}
#: Weights of the focus-country votes and of generic-noun linking (``data/weights/actor_mentions.toml``).
WEIGHTS = lookups.weights("actor_mentions")


# --------------------------------------------------------------------------- helpers


#: Group nouns that corefer with the article's dominant named armed group.
LINKABLE_NOUNS = lookups.words(_LEX, "linkable_nouns")
#: Words that may stand inside a title before a name ("Vice Foreign Minister").
OFFICE_WORDS = lookups.words(_LEX, "office_words")
#: Title words of a government role and of a military one (they give the person's state affiliation).
GOV_TITLES = lookups.words(_LEX, "gov_titles")
MILITARY_TITLES = lookups.words(_LEX, "military_titles")
#: Words that never belong to a person's name after a title or given name.
NOT_NAMES = lookups.words(_LEX, "not_names")
#: Lower-case particles inside personal names ("bin", "al").
NAME_PARTICLES = lookups.words(_LEX, "name_particles")
#: Words before a given name that make it part of a place or street name ("San Salvador").
NAME_BLOCKERS = lookups.words(_LEX, "name_blockers")


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(w for line in lookups.lines("kb/given_names.txt") for w in line.split())


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return (
        1 < len(letters) <= 6 and letters.isalnum() and letters.upper() == letters and any(c.isalpha() for c in letters)
    )


def _one_edit(a: str, b: str) -> bool:
    """True when two words of six letters or more, with the same first letter, differ by one inserted, deleted or
    replaced letter (a place spelt two ways in one article: "Alagarno", "Algarno")."""
    if min(len(a), len(b)) < 6 or a[0] != b[0]:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) == 1


def _next_word(ftext_after: str) -> str:
    m = re.match(r"\s*([a-z]+)", ftext_after)
    return m.group(1) if m else ""


def _agent_role(doc, start: int, end: int) -> bool:
    """True when the span at [start, end) is used as an agent or participant, not as a place."""
    if doc is None:
        return False
    span = char_span(doc, start, end)
    if span is None or len(span) == 0:
        return False
    tok = span.root
    for _ in range(4):
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ == "compound" and tok.head.dep_ in AGENT_DEPS and tok.head.lower_ in ("government", "officials"):
            return True
        break
    if tok.dep_ == "poss":
        # "Turkey's efforts" is an actor, "Bamako's Radisson Hotel" and "Iraq's far west" are places
        return tok.head.lower_ not in PLACE_CONTEXT_NOUNS and tok.head.ent_type_ not in ("GPE", "LOC", "FAC")
    if tok.dep_ in AGENT_DEPS:
        # "the Syrian town of X" -> place; an apposition of a place, or of a place noun ("Mali's capital Bamako"),
        # is a place
        placed = tok.head.ent_type_ in ("GPE", "LOC", "FAC") or tok.head.lower_ in PLACE_CONTEXT_NOUNS
        return not (tok.dep_ == "appos" and placed)
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in AGENT_PREPS)


_CAPITAL = re.compile(r"[A-Z]")
#: A word before a name, for :meth:`_Builder.country_before` ("Taiwan's", "U.S.", "Abu-Dhabi").
_WORD = re.compile(r"[A-Za-z\u00c0-\u017f][\w.'\u2019-]*")
#: What ends a clause before a name, for :func:`_clause_tail`.
_CLAUSE_MARKS = ',.;()"\u201c\u201d'


def _clause_tail(before: str) -> int | None:
    """Where the characters after the last clause mark of ``before`` (at most 90 characters) start, when there are
    two or more of them: what ``([^,.;()"“”]{2,90})$`` finds, without trying it at every character."""
    first = max(before.rfind(c) for c in _CLAUSE_MARKS) + 1
    return first if len(before) - first >= 2 else None


def _lower_case(text: str) -> bool:
    """A text written in lower case ("mumbai: an emergency meeting of the vhp ..."), where a name is not
    capitalised: fewer capitals than ``lower_case_capitals`` per character of the text."""
    return len(_CAPITAL.findall(text)) < WEIGHTS["lower_case_capitals"] * len(text)


def _alias_ok(alias: Alias, m: KBMatch, text: str, ftext: str, fpos_end: int, upper: bool) -> bool:
    """Case and context checks for one alias on one match."""
    written = m.text
    if alias.case_sensitive:
        if upper:
            # an English word in capitals ("IS", "US") is a name only before a group word or "-led"
            return _next_word(ftext[fpos_end:]) in ACRONYM_CONTEXT and written.upper() == alias.text.upper()
        return written == alias.text
    if _is_acronym(alias.text):
        key = alias.text.lower().replace(".", "")
        if upper:
            if key in STOP_WORDS or key in WORD_ACRONYMS:
                return _next_word(ftext[fpos_end:]) in ACRONYM_CONTEXT
            return True
        return written.replace(".", "").upper() == written.replace(".", "") and written[:1].isupper()
    # a capitalised name must be capitalised in mixed-case text ("Amnesty" is not "amnesty")
    return upper or not alias.text[:1].isupper() or written[:1].isupper()


@functools.lru_cache(maxsize=4096)  # surnames recur, and are too many for the re module's own cache of patterns
def _word_then_boundary(word: str, ignore_case: bool) -> re.Pattern:
    """The pattern ``word\\b``."""
    return re.compile(re.escape(word) + r"\b", flags=re.I if ignore_case else 0)


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern."""
    return ch.isalnum() or ch == "_"


def _whole_word_hits(word: str, text: str, ignore_case: bool) -> Iterator[re.Match]:
    """The matches of ``\\bword\\b`` in ``text``, as ``finditer`` gives them. Searched for as ``word\\b`` with the
    boundary before each hit tested apart: the engine scans fast for a pattern that opens with a literal, and a
    pattern that opens with ``\\b`` has none (a name in a whole article: 0.3 ms against 0.01 ms)."""
    pattern = _word_then_boundary(word, ignore_case)
    pos = 0
    while (hit := pattern.search(text, pos)) is not None:
        start = hit.start()
        if (start > 0 and _is_word_char(text[start - 1])) != _is_word_char(text[start]):
            yield hit
            pos = hit.end()
        else:
            pos = start + 1


@functools.lru_cache(maxsize=65536)  # the same words come before names in article after article
def _country_of(kb: ActorKB, word: str) -> str | None:
    """The country a word or two names as a demonym ("Syrian", "US-backed") or as a state's name ("Syria's")."""
    key = fold_key(re.sub(r"['\u2019]s$", "", word))
    key = re.sub(r" (led|backed|based|allied|supported)$", "", key)
    cc = kb.demonyms.get(key)
    if cc is None:
        for e in kb.lookup(key):
            if e.kind == "state" and e.id.endswith(":gov") and e.country:
                return e.country
    return cc


#: ORTH (a token's text, as spaCy's hash) -> whether the text is a title (:data:`TITLES`, folded, a final period
#: dropped); shared by all documents, emptied at 200,000 entries.
_TITLE_ORTHS: dict[int, bool] = {}


def _title_tokens(doc) -> list[int]:
    """The tokens whose text is a title before a name ("Colonel", "Gen."), read from the token array."""
    if len(_TITLE_ORTHS) >= 200_000:
        _TITLE_ORTHS.clear()
    out = []
    for i, orth in enumerate(doc.to_array("ORTH").tolist() if len(doc) else []):
        title = _TITLE_ORTHS.get(orth)
        if title is None:
            title = _TITLE_ORTHS[orth] = fold_key(doc.vocab.strings[orth].rstrip(".")) in TITLES
        if title:
            out.append(i)
    return out


@functools.lru_cache(maxsize=8)
def _plural_demonyms(kb: ActorKB) -> dict[str, str]:
    """Lower-case plurals of demonyms ("salvadorans", "iraqis", five letters or more) -> country: a word ``low``
    with ``low[:-1]`` a demonym, or ending in "es" with ``low[:-2]`` one, the first taking precedence."""
    out = {}
    for d in kb.demonyms:
        for low in (d + "s", d + "es"):
            if len(low) >= 5:
                cc = kb.demonyms.get(low[:-1]) or (kb.demonyms.get(low[:-2]) if low.endswith("es") else None)
                if cc is not None:
                    out[low] = cc
    return out


def _demonym_tokens(doc, demonyms: dict[str, str]) -> list[int]:
    """The tokens whose folded text (:func:`fold_key`) may be a demonym: those whose lower-case form is one, and
    those whose lower-case form is not plain ASCII (where folding also drops accents). A word whose lower-case
    form is ASCII folds to that form."""
    return [i for i, (_, low) in enumerate(token_words(doc)) if low in demonyms or not low.isascii()]


class _Builder:
    """Collects the mentions of one article (find first, then the stage assigns them)."""

    def __init__(self, article: Article, kb: ActorKB) -> None:
        self.article = article
        self.kb = kb
        self.text = article.text or ""
        self.doc = article.doc
        #: the document's entities (``doc.ents`` builds them anew at every access)
        self.ents = article.doc.ents if article.doc is not None else ()
        self.upper = article.upper_case
        #: case tells nothing about names: an upper-case wire, or a text written all in lower case
        self.caseless = self.upper or _lower_case(self.text)
        self.folded = fold(self.text)
        self.ftext, self.offsets = self.folded
        self.mentions: list[ActorMention] = []
        self.mask = bytearray(len(self.text))  # 1 where a mention already covers the character
        self.focus: str | None = None
        self.people: list[ActorMention] = []
        self._titles: dict[int, tuple[int, list[str]]] = {}  # title_words by the start of the name
        self._settlements: frozenset[str] | None = None  # see settlement_names

    # ------------------------------------------------------------------ utilities

    def folded_index(self, orig: int) -> int:
        """Index into the folded text of the first folded char at or after original offset ``orig`` (within four
        characters, else the end of the folded text). The offsets rise strictly: each original character gives
        at most one folded one."""
        i = bisect.bisect_left(self.offsets, orig)
        return i if i < len(self.offsets) and self.offsets[i] < orig + 4 else len(self.ftext)

    def free(self, start: int, end: int) -> bool:
        return start < end and self.mask.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def add(self, m: ActorMention) -> ActorMention:
        self.mentions.append(m)
        self.take(m.start, m.end)
        return m

    def entry_mention(self, start: int, end: int, entry: ActorEntry, resolved: bool = True) -> ActorMention:
        return ActorMention(
            text=self.text[start:end],
            start=start,
            end=end,
            canonical=entry.canonical,
            category=entry.category,
            country=entry.country,
            inter=entry.inter,
            kind="state" if entry.kind == "state" else entry.kind,
            entry_id=entry.id,
            resolved=resolved,
            sector=entry.sector,
        )

    def pick(self, entries: list[ActorEntry]) -> ActorEntry:
        """One entry for an ambiguous alias: the focus country's, else the first (biggest) one."""
        for e in entries:
            if self.focus and e.country == self.focus:
                return e
        return entries[0]

    # ------------------------------------------------------------------ steps

    def kb_candidates(self, found: list[KBMatch]) -> list[tuple[KBMatch, list[Alias]]]:
        """The knowledge-base matches ``found`` (``ActorKB.find``) whose aliases pass the case and role checks."""
        out = []
        for m in found:
            fend = self.folded_index(m.end - 1) + 1
            ok = [a for a in m.aliases if _alias_ok(a, m, self.text, self.ftext, fend, self.caseless)]
            ok = [a for a in ok if not a.agent_only or _agent_role(self.doc, m.start, m.end)]
            if ok:
                out.append((m, ok))
        return out

    def pronoun_in_capitals(self, end: int) -> bool:
        """Whether the word that ends at ``end`` is, in an upper-case wire, an English word such as "US" ("TELLS US",
        "FOR US") rather than a name: a stop word not followed by a group word (as :func:`_alias_ok` reads acronyms)."""
        if not self.upper:
            return False
        word = re.search(r"[A-Za-z]+$", self.text[max(0, end - 8) : end])
        if word is None or word.group().lower() not in STOP_WORDS:
            return False
        return _next_word(self.ftext[self.folded_index(end) :]) not in ACRONYM_CONTEXT

    def estimate_focus(self, cands: list[tuple[KBMatch, list[Alias]]], found: list[KBMatch]) -> str | None:
        """The country the article is about: where things happen counts more than who speaks.

        Votes (``data/weights/actor_mentions.toml``): a bare country name after a place preposition
        ("in Syria") or a demonym before a place noun ("the Syrian desert") count most; other bare
        names less; state-force aliases and other demonyms least; a bonus for the first lines
        (headline, dateline). ``found``: every knowledge-base match; ``cands``: those that pass
        :meth:`kb_candidates`.
        """
        votes: Counter[str] = Counter()
        spans = sorted((m.start, m.end) for m, _ in cands)
        starts = [s for s, _ in spans]
        prefix_end: list[int] = []
        for _, e in spans:
            prefix_end.append(max(e, prefix_end[-1]) if prefix_end else e)
        end_at: dict[int, int] = {}
        for s, e in spans:
            end_at[s] = max(e, end_at.get(s, 0))

        def inside_longer(m: KBMatch) -> bool:
            i = bisect.bisect_left(starts, m.start)  # candidates starting strictly before m
            if i and prefix_end[i - 1] >= m.end:
                return True
            return end_at.get(m.start, 0) > m.end

        for _m, aliases in cands:
            entry = self.kb.get(aliases[0].entry_id)
            if entry and entry.kind == "state" and entry.country and not aliases[0].agent_only:
                votes[entry.country] += WEIGHTS["focus_state_alias"]
        for raw in found:  # bare names in any role count for the focus
            if inside_longer(raw) or not (self.upper or raw.text[:1].isupper()) or self.pronoun_in_capitals(raw.end):
                continue
            for a in raw.aliases:
                e = self.kb.get(a.entry_id)
                if a.agent_only and e and e.country:
                    prev = self.text[max(0, raw.start - 25) : raw.start].lower().split()
                    as_place = bool(prev) and prev[-1] in PLACE_PREPS
                    w = WEIGHTS["focus_bare_name_as_place"] if as_place else WEIGHTS["focus_bare_name"]
                    early = raw.start < WEIGHTS["focus_early_chars"]
                    votes[e.country] += w + (WEIGHTS["focus_early_bonus"] if early else 0)
                    break
        if self.doc is not None:
            for i in _demonym_tokens(self.doc, self.kb.demonyms):
                tok = self.doc[i]
                capital = self.upper or tok.text[:1].isupper()
                if tok.is_alpha and capital and not self.pronoun_in_capitals(tok.idx + len(tok)):
                    cc = self.kb.demonyms.get(fold_key(tok.text))
                    if cc:
                        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(self.doc) else ""
                        before_place = nxt in PLACE_CONTEXT_NOUNS
                        votes[cc] += WEIGHTS["focus_demonym_before_place"] if before_place else WEIGHTS["focus_demonym"]
        if not votes:
            return None
        cc, score = votes.most_common(1)[0]
        return cc if score >= WEIGHTS["focus_min_votes"] else None

    def add_kb(self, cands: list[tuple[KBMatch, list[Alias]]]) -> None:
        # longest first, then leftmost
        for m, aliases in sorted(cands, key=lambda c: (c[0].start, -(c[0].end - c[0].start))):
            if not self.free(m.start, m.end):
                continue
            entries = [self.kb.entries[a.entry_id] for a in aliases if a.entry_id in self.kb.entries]
            if not entries:
                continue
            entry = self.pick(entries)
            self.add(self.entry_mention(m.start, m.end, entry))

    def extend_with_nouns(self, nouns: list[tuple[int, int, GroupNoun]]) -> list[tuple[int, int, GroupNoun]]:
        """ "IS fighters", "FMLN guerrillas": a group noun right after a named actor joins that mention."""
        rest = []
        by_end = {m.end: m for m in self.mentions}
        for start, end, noun in nouns:
            prev = None
            for k in range(start, max(-1, start - 3), -1):
                if k in by_end:
                    prev = by_end[k]
                    break
            gap = self.text[prev.end : start] if prev is not None else "x"
            if prev is not None and gap.strip() in ("", "-") and prev.kind != "person" and self.free(start, end):
                if noun.target.startswith("state:") and prev.kind != "state":
                    rest.append((start, end, noun))
                    continue
                prev.end = end
                prev.text = self.text[prev.start : end]
                self.take(start, end)
                continue
            rest.append((start, end, noun))
        return rest

    def noun_head_ok(self, start: int, end: int) -> bool:
        """The noun phrase's head, not a modifier ("police station", "military spokesman")."""
        if self.doc is None:
            return True
        tok = token_at(self.doc, end - 1)
        if tok is None:
            return True
        if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") and tok.head.i > tok.i:
            return False
        return not (tok.pos_ == "ADJ" and tok.dep_ not in ("nsubj", "dobj", "pobj", "conj", "appos"))

    def country_before(self, start: int) -> tuple[str | None, int]:
        """A demonym or country name before ``start``, skipping office words ("Taiwan's Vice Foreign").

        RETURNS (tuple): (alpha-2, start of the country word) or (None, start).
        """
        base = max(0, start - 60)
        before = self.text[base:start]
        words = [(base + m.start(), m.group(0)) for m in _WORD.finditer(before)]
        if not words or self.text[words[-1][0] + len(words[-1][1]) : start].strip():
            return None, start
        i = len(words) - 1
        skipped = 0
        while i >= 0 and skipped <= 3:
            pos, w = words[i]
            two = f"{words[i - 1][1]} {w}" if i > 0 else None
            for cand, cpos in ((two, words[i - 1][0] if i > 0 else pos), (w, pos)):
                if not cand:
                    continue
                cc = _country_of(self.kb, cand)
                if cc and (self.upper or cand[:1].isupper()):
                    return cc, cpos
            if fold_key(w) in OFFICE_WORDS or fold_key(w) in TITLES:
                skipped += 1
                i -= 1
                continue
            break
        return None, start

    def add_nouns(self, nouns: list[tuple[int, int, GroupNoun]]) -> None:
        for start, end, noun in sorted(nouns, key=lambda n: (-(n[1] - n[0]), n[0])):
            if not self.free(start, end) or not self.noun_head_ok(start, end):
                continue
            cc, new_start = self.country_before(start)
            if cc and not self.free(new_start, start):
                cc, new_start = None, start
            if new_start == start:
                new_start = self.left_modifiers(start)
                if noun.inter >= 5 and new_start < start:
                    # "rebel leader", "army officers": an armed modifier decides the type
                    for w in fold_key(self.text[new_start:start]).split():
                        armed = self.kb.nouns.get(w) or self.kb.nouns.get(w + "s")
                        if armed is not None and armed.inter <= 4:
                            noun = armed
                            break
            country = cc or self.focus
            resolved = cc is not None
            if noun.target.startswith("state:"):
                entry = self.kb.state_entry(country, noun.target.split(":", 1)[1])
                if entry is not None:
                    m = self.entry_mention(new_start, end, entry, resolved=resolved)
                    m.kind = "state" if resolved else "generic"
                    self.add(m)
                    continue
                canonical = None
            else:
                canonical = self.kb.collective_name(noun.target, country)
            self.add(
                ActorMention(
                    text=self.text[new_start:end],
                    start=new_start,
                    end=end,
                    canonical=canonical,
                    category=noun.category,
                    country=country if noun.inter != 8 else None,
                    inter=noun.inter,
                    kind="generic",
                    resolved=resolved,
                    sector=noun.sector,
                    noun=noun.phrase,
                )
            )

    def left_modifiers(self, start: int) -> int:
        """Extend a generic noun over its adjectives: "unidentified gunmen", "heavily armed men"."""
        if self.doc is None:
            return start
        tok = token_at(self.doc, start)
        if tok is None:
            return start
        new = start
        i = tok.i - 1
        while i >= 0:
            t = self.doc[i]
            if (
                t.dep_ in ("amod", "advmod", "compound")
                and t.head.i >= tok.i
                and t.pos_ in ("ADJ", "ADV", "VERB", "PROPN")
                and t.lower_ not in NOT_MODIFIERS
                and t.is_alpha
            ):
                if not self.free(t.idx, t.idx + len(t.text)):
                    break
                new = t.idx
                i -= 1
                continue
            break
        return new

    def add_ner(self) -> None:
        if self.doc is None:
            return
        surnames = {fold_key(p.canonical.split()[-1]): p for p in self.people if len(p.canonical.split()) >= 2}
        for ent in self.ents:
            start, end = ent.start_char, ent.end_char
            text = self.text[start:end]
            if ent.label_ in ("ORG", "GPE", "NORP", "PERSON") and fold_key(text) in surnames and self.free(start, end):
                full = surnames[fold_key(text)]
                m = ActorMention(
                    text=text,
                    start=start,
                    end=end,
                    canonical=full.canonical,
                    kind="person",
                    name=text,
                    antecedent=(full.start, full.end),
                )
                if full.affiliation:
                    self.copy_affiliation(m, full)
                self.add(m)
                continue
            before = self.text[max(0, start - 20) : start].lower()
            if "of" in before and PLACE_OF.search(before):
                continue
            if ent.label_ == "ORG":
                if text.lower().startswith("the "):
                    start += 4
                    text = text[4:]
                if not self.free(start, end) or len(text) < 2 or not any(c.isalpha() for c in text):
                    continue
                if in_dateline_head(self.text, start):
                    continue  # the agency filing the report ("CAIRO (AP) —"), not a party to its events
                org = self.unknown_org(start, end, text)
                if org.inter is None and (self.upper or not _agent_role(self.doc, start, end)):
                    # NER also tags places and junk as ORG: a name with no organisation word counts
                    # only where it acts (and never on the truecased copy of an upper-case wire)
                    continue
                self.add(org)
            elif ent.label_ == "NORP":
                if not self.free(start, end):
                    continue
                root = ent.root
                if root.dep_ in ("amod", "compound") or root.tag_ not in ("NNPS", "NNS", "NNP"):
                    continue
                if not text.endswith("s"):
                    continue
                cc = self.kb.demonyms.get(fold_key(text)[:-1]) or self.kb.demonyms.get(fold_key(text))
                self.add(
                    ActorMention(
                        text=text,
                        start=start,
                        end=end,
                        canonical=text,
                        category=CATEGORIES[7],
                        country=cc,
                        inter=7,
                        kind="group",
                        resolved=False,
                        sector="CVL",
                        how="norp",
                    )
                )

    def unknown_org(self, start: int, end: int, text: str) -> ActorMention:
        near = self.kb.fuzzy(text)
        if near is not None:
            m = self.entry_mention(start, end, near)
            m.how = "fuzzy"
            return m
        inter = None
        for pattern, code in ORG_HINTS:
            if pattern.search(text):
                inter = code
                break
        cc, _ = self.country_before(start)
        if cc is None:
            m = re.match(r"(\w+)", text)
            cc = self.kb.demonyms.get(fold_key(m.group(1))) if m else None
        return ActorMention(
            text=text,
            start=start,
            end=end,
            canonical=text,
            category=CATEGORIES.get(inter) if inter else None,
            country=cc if inter != 8 else None,
            inter=inter,
            kind="group",
            resolved=False,
            sector=SECTOR_OF_INTER.get(inter) if inter else None,
            how="unknown",
        )

    # ------------------------------------------------------------------ people

    def add_people(self) -> None:
        if self.doc is None:
            return
        spans: list[tuple[int, int]] = []
        for ent in self.ents:
            if ent.label_ == "PERSON":
                s, e = ent.start_char, ent.end_char
                if self.upper and (len(ent) < 2 or any(t.is_stop or not t.is_alpha for t in ent)):
                    continue  # NER on truecased wire copy: only multi-word names
                if not self.upper and not all(
                    w[:1].isupper()
                    for w in self.text[s:e].split()
                    if w[:1].isalpha() and w.lower() not in NAME_PARTICLES
                ):
                    continue  # "carry debris" is not a name
                # "Colonel Ryan Dillon": keep the title out of the name but inside the mention
                spans.append((s, e))
        if self.upper or not spans:
            spans += self.title_names()
        if self.upper:
            spans += self.given_name_people()
        people: list[ActorMention] = self.people
        for s, e in sorted(set(spans)):
            if not self.free(s, e) or self.place_like(s, e) or self.starts_group_noun(s, e):
                continue
            name = self.text[s:e].strip()
            name = re.sub(r"^(?:the\s+)", "", name, flags=re.I)
            words = name.split()
            while words and (
                fold_key(words[0].rstrip(".")) in TITLES
                or fold_key(words[0]) in ROLE_NOUNS
                or fold_key(words[0]) in OFFICE_WORDS
            ):
                words = words[1:]
            if not words or len(name) < 3:
                continue
            name = re.sub(r"['\u2019][sS]$", "", " ".join(words))
            state = self.state_mention_before(s)
            title_start, titles = self.title_words(s) if state is None else (s, [])
            if state is not None:  # "Portuguese President Mario Soares": one person, affiliated
                self.mentions.remove(state)
                self.mask[state.start : state.end] = bytes(state.end - state.start)
                title_start = state.start
                titles = fold_key(state.text).split()
            m = ActorMention(
                text=self.text[title_start:e],
                start=title_start,
                end=e,
                canonical=name,
                kind="person",
                resolved=False,
                name=name,
            )
            if not self.free(m.start, m.end):
                m.start, m.text = s, self.text[s:e]
            if state is not None:
                self.copy_affiliation(m, state)
            self.affiliate(m)
            self.title_affiliation(m, title_start, titles)
            people.append(m)
            self.add(m)
        # surname-only repeats take the full name ("Dillon" -> "Ryan Dillon"), also where NER missed them
        full = [p for p in people if len(p.canonical.split()) >= 2]
        for f in list(full):
            surname = f.canonical.split()[-1]
            if len(surname) < 3:
                continue
            for hit in _whole_word_hits(surname, self.text, self.upper):
                if self.free(hit.start(), hit.end()):
                    m = ActorMention(
                        text=hit.group(0),
                        start=hit.start(),
                        end=hit.end(),
                        canonical=surname,
                        kind="person",
                        name=surname,
                    )
                    people.append(m)
                    self.add(m)
        split: dict[str, list[str]] = {}  # a name -> its folded words (a name changes as it takes a fuller one)
        for p in people:
            words = split.get(p.canonical) or split.setdefault(p.canonical, fold_key(p.canonical).split())
            later: list[ActorMention] = []  # full names that contain the words after the first name
            first: list[ActorMention] = []  # full names that start with them ("Bilal" -> "Bilal Mohammed")
            for f in full:
                parts = split.get(f.canonical) or split.setdefault(f.canonical, fold_key(f.canonical).split())
                n = len(words)
                if len(parts) <= n or f is p:
                    continue
                if any(parts[i : i + n] == words for i in range(1, len(parts) - n + 1)):
                    later.append(f)
                elif parts[:n] == words:
                    first.append(f)
            names = {f.canonical for f in first}
            cands = later or (first if len(names) == 1 else [])
            if cands:
                best = max(cands, key=lambda f: len(f.canonical))
                p.canonical = best.canonical
                p.antecedent = (best.start, best.end)
                if p.affiliation is None and best.affiliation:
                    self.copy_affiliation(p, best)

    def starts_group_noun(self, start: int, end: int) -> bool:
        """A capitalised word the tagger took for a person that begins a group noun with the next word ("Gang
        members armed with assault rifles stormed ..." at the start of a sentence): the group noun, no person."""
        nxt = token_at(self.doc, end + 1) if self.doc is not None else None
        if nxt is None or nxt.idx < end or " " in self.text[start:end].strip():
            return False
        return fold_key(f"{self.text[start:end]} {nxt.text}") in self.kb.nouns

    def state_mention_before(self, start: int) -> ActorMention | None:
        """A state KB mention ("Portuguese President") ending right before ``start``."""
        for m in self.mentions:
            if (
                m.kind == "state"
                and m.end <= start
                and not self.text[m.end : start].strip()
                and start - m.end <= 2
                and fold_key(m.text).split()[-1] in (TITLES | ROLE_NOUNS | {"government", "regime"})
            ):
                return m
        return None

    def place_like(self, start: int, end: int) -> bool:
        """A one-word "person" that is really a place ("the Palmyra region", "in Hmaymah")."""
        if " " in self.text[start:end].strip() or self.title_before(start) != start:
            return False
        after = self.text[end : end + 20].lower().split()
        before = self.text[max(0, start - 20) : start].lower().split()
        if after and after[0].strip(".,") in PLACE_CONTEXT_NOUNS:
            return True
        if before and before[-1] in PLACE_AFTER_PREPS:
            return True
        word = fold_key(self.text[start:end])
        if word in self.kb.country_keys:
            return True  # "The Mali junta said": the tagger's person is a country's name
        return any(word == w or _one_edit(word, w) for w in self.settlement_names())

    def settlement_names(self) -> frozenset[str]:
        """One-word names (folded) the article writes as a settlement or district somewhere ("Alagarno village",
        "the town of Shawa"): the same name, or a spelling one letter away ("Algarno"), is that place elsewhere
        in the article too, not a person ("the Algarno attack")."""
        if self._settlements is None:
            names = set()
            if self.doc is not None and not self.caseless:
                for tok in self.doc[:-1]:
                    prev, nxt = (tok.nbor(-1) if tok.i else None), tok.nbor(1)
                    if not (tok.is_alpha and tok.text[:1].isupper() and len(tok) >= 3) or (
                        prev is not None and prev.is_alpha and prev.text[:1].isupper()
                    ):
                        continue  # one capitalised word, not the end of a longer name
                    town_of = (
                        prev is not None and prev.lower_ == "of" and prev.i and prev.nbor(-1).lower_ in PLACE_OF_NOUNS
                    )
                    if town_of or (nxt.is_lower and nxt.lemma_.lower() in PLACE_OF_NOUNS):
                        names.add(fold_key(tok.text))
            self._settlements = frozenset(names)
        return self._settlements

    def title_before(self, start: int) -> int:
        """Start of the title words right before a name ("Vice Foreign Minister", "Colonel")."""
        return self.title_words(start)[0]

    def title_words(self, start: int) -> tuple[int, list[str]]:
        """(start of the title, folded title words) before ``start``; (start, []) when there is none (worked out
        once per name: a name is tested as a place, then given its title)."""
        found = self._titles.get(start)
        if found is None:
            found = self._titles[start] = self._title_words(start)
        return found

    def _title_words(self, start: int) -> tuple[int, list[str]]:
        """:meth:`title_words`, not kept."""
        base = max(0, start - 60)
        before = self.text[base:start]
        tail = re.search(r"((?:[A-Za-z.'\u2019-]+[ \t\n]+){1,5})$", before)
        if not tail:
            return start, []
        words = [(base + tail.start(1) + w.start(), w.group(0)) for w in re.finditer(r"\S+", tail.group(1))]
        keep = 0
        seen_title = False
        for _, w in reversed(words):
            key = fold_key(w.rstrip("."))
            if key in TITLES or key in ROLE_NOUNS:
                seen_title = True
                keep += 1
            elif seen_title and key in OFFICE_WORDS:
                keep += 1
            else:
                break
        if not keep or not seen_title:
            return start, []
        return words[-keep][0], [fold_key(w.rstrip(".")) for _, w in words[-keep:]]

    def title_affiliation(self, p: ActorMention, title_start: int, titles: list[str]) -> None:
        """Affiliation from the title and the country before it ("Serbian President", "Niger's ambassador")."""
        if not titles:
            return
        role = next((t for t in reversed(titles) if t in ROLE_NOUNS or t in TITLES), titles[-1])
        if p.role is None:
            p.role = role
        if p.affiliation:
            return
        cc, _ = self.country_before(title_start)
        if not (set(titles) & (GOV_TITLES | MILITARY_TITLES)):
            if cc and p.country is None:  # "Palestinian leader Yasser Arafat": a country, no state role
                p.country = cc
            return
        resolved = cc is not None
        cc = cc or self.focus
        entry = self.kb.state_entry(cc, "mil" if set(titles) & MILITARY_TITLES else "gov")
        if entry is None:
            return
        p.affiliation = entry.canonical
        p.category, p.inter, p.country, p.sector = entry.category, entry.inter, entry.country, entry.sector
        p.affiliation_entry = entry.id
        p.affiliation_resolved = resolved

    def title_names(self) -> list[tuple[int, int]]:
        """Title + up to three name words ("COLONEL RENE RODRIGUEZ HURTADO") where NER cannot see names."""
        out = []
        doc = self.doc
        for i in _title_tokens(doc):
            tok = doc[i]
            if tok.i + 1 >= len(doc):
                continue
            j = tok.i + 1
            if doc[j].text == ".":
                j += 1
            names = []
            while j < len(doc) and len(names) < 4:
                t = doc[j]
                if not self._name_word(t) or t.pos_ in ("AUX", "ADP", "DET", "PRON", "NUM"):
                    break
                if not self.upper and not t.text[:1].isupper():
                    break
                names.append(t)
                j += 1
            if names:
                out.append((names[0].idx, names[-1].idx + len(names[-1].text)))
        return out

    def _name_word(self, t) -> bool:
        low = t.lower_
        return (
            t.is_alpha
            and len(low) > 1
            and low not in STOP_WORDS
            and fold_key(low) not in TITLES
            and low not in ROLE_NOUNS
            and low not in self.kb.nouns
            and low not in self.kb.demonyms
            and low not in NOT_NAMES
        )

    def given_name_people(self) -> list[tuple[int, int]]:
        """Given name + one to three name words ("HECTOR OQUELI COLINDRES") in upper-case wire copy."""
        out = []
        doc = self.doc
        names = _given_names()
        lower = [low for _, low in token_words(doc)]
        for i in [k for k, low in enumerate(lower) if low in names]:  # given names (read from the token array)
            if i > 0 and lower[i - 1] in NAME_BLOCKERS:
                continue
            if i > 0 and lower[i - 1] in names and doc[i - 1].is_alpha:
                continue  # inside a name already found
            tok = doc[i]
            j = tok.i + 1
            words = []
            while j < len(doc) and len(words) < 3 and self._name_word(doc[j]):
                words.append(doc[j])
                j += 1
            if words and words[-1].lower_ not in PLACE_CONTEXT_NOUNS:
                out.append((tok.idx, words[-1].idx + len(words[-1].text)))
        return out

    def copy_affiliation(self, p: ActorMention, org: ActorMention) -> None:
        """Affiliation facts from an organisation mention (or from another mention of the same person)."""
        p.affiliation = org.affiliation if org.kind == "person" else org.canonical
        p.category = org.category
        p.inter = org.inter
        p.country = org.country
        p.sector = org.sector
        p.affiliation_entry = org.affiliation_entry if org.kind == "person" else org.entry_id

    def affiliate(self, p: ActorMention) -> None:
        """Affiliation and role from an appositive or a pre-modifier of the name."""
        text = self.text
        after = text[p.end : p.end + 120]
        m = re.match(r",\s+(?:a|an|the)?\s*([^,.;()\"\u201c\u201d]{2,90})", after)
        window: tuple[int, int] | None = None
        if m:
            window = (p.end + m.start(1), p.end + m.end(1))
        else:
            before = text[max(0, p.start - 90) : p.start]
            first = _clause_tail(before)
            if first is not None:
                window = (p.start - len(before) + first, p.start)
        if window is None:
            return
        role = None
        seg = fold_key(text[window[0] : window[1]])
        for w in seg.split():
            if w in ROLE_NOUNS:
                role = w
        if role is None:
            return
        p.role = role
        orgs = [o for o in self.mentions if o.kind != "person" and o.start >= window[0] and o.end <= window[1]]
        for o in orgs:
            if o.canonical:
                self.copy_affiliation(p, o)
                return
        # "a US military spokesman": the demonym/name right before the role noun
        cands = self.kb.find(text[window[0] : window[1]])
        for c in sorted(cands, key=lambda c: -(c.end - c.start)):
            for a in c.aliases:
                e = self.kb.get(a.entry_id)
                if e and not a.agent_only:
                    p.affiliation = e.canonical
                    p.category, p.inter, p.country, p.sector = e.category, e.inter, e.country, e.sector
                    return

    def add_demonym_plurals(self) -> None:
        """ "the Salvadorans", "two Americans": a plural demonym used as a noun is a group of that country's people."""
        if self.doc is None:
            return
        plurals = _plural_demonyms(self.kb)
        for i, (_, low) in enumerate(token_words(self.doc)):
            cc = plurals.get(low)
            if cc is None:
                continue
            tok = self.doc[i]
            if not tok.is_alpha or tok.dep_ in ("amod", "compound") or not (self.upper or tok.text[:1].isupper()):
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            if not self.free(start, end):
                continue
            self.add(
                ActorMention(
                    text=self.text[start:end],
                    start=start,
                    end=end,
                    canonical=f"Civilians ({self.kb.country_names.get(cc, cc)})",
                    category=CATEGORIES[7],
                    country=cc,
                    inter=7,
                    kind="generic",
                    resolved=True,
                    sector="CVL",
                    how="demonym",
                )
            )

    def add_demonym_weapons(self) -> None:
        """ "Israeli airstrikes", "a Russian drone attack", "killed by Israeli fire": a demonym modifying a weapon or
        strike noun (``state_weapon_nouns``) is that country's armed forces; the mention is the demonym alone, so
        the strike noun stays free as an event trigger."""
        if self.doc is None:
            return
        for i in _demonym_tokens(self.doc, self.kb.demonyms):
            tok = self.doc[i]
            cc = self.kb.demonyms.get(fold_key(tok.text))
            if cc is None or tok.dep_ not in ("amod", "compound", "nmod") or not (self.upper or tok.text[:1].isupper()):
                continue
            head = tok.head
            if head.i <= tok.i:
                continue
            lemma = head.lemma_.lower()
            between = tok.doc[tok.i + 1 : head.i]
            # "Palestinian rocket fire", "Iraqi militia drones": the word between says it is no state's weapon
            if any(t.lemma_.lower() in NON_STATE_WEAPON_WORDS or t.lower_ in NON_STATE_WEAPON_WORDS for t in between):
                continue
            nouns = {lemma, head.lower_}
            nouns |= {f"{t.lower_} {lemma}" for t in between}
            if not nouns & STATE_WEAPON_NOUNS:
                continue
            outer = head.head
            if (
                head.dep_ == "compound"
                and outer.i > head.i
                and not ({outer.lemma_.lower(), f"{head.lemma_.lower()} {outer.lemma_.lower()}"} & STATE_WEAPON_NOUNS)
            ):
                continue  # "Ukrainian drone makers": the weapon word names what the phrase is about
            entry = self.kb.state_entry(cc, "mil")
            start, end = tok.idx, tok.idx + len(tok.text)
            if entry is None or not self.free(start, end):
                continue
            self.add(self.entry_mention(start, end, entry))

    def link_generic_groups(self) -> None:
        """ "the rebels", "guerrillas", "militants" -> the article's dominant named armed group, if clear.

        Only nouns that denote an organised armed side (not "gunmen", "kidnappers": those stay
        unidentified), and only when one named non-state armed group dominates the article.
        """
        counts: Counter[str] = Counter()
        for m in self.mentions:
            entry = self.kb.get(m.entry_id)
            if (
                entry is not None
                and entry.kind == "group"
                and entry.inter in (2, 3)
                and m.resolved
                and entry.sector in ("REB", "INS", "UAF")
                and (entry.country in (None, self.focus) or self.focus is None)
            ):
                counts[entry.id] += 1
        if not counts:
            return
        ranked = counts.most_common(2)
        top, n = ranked[0]
        if len(ranked) > 1 and ranked[1][1] * WEIGHTS["dominant_group_ratio"] > n:
            return
        entry = self.kb.entries[top]
        for m in self.mentions:
            if m.kind != "generic" or m.noun not in LINKABLE_NOUNS:
                continue
            m.canonical, m.category, m.inter, m.country = entry.canonical, entry.category, entry.inter, entry.country
            m.entry_id, m.sector, m.resolved = entry.id, entry.sector, True
            m.linked = True

    def adopt_memberships(self) -> None:
        """A generic people noun with the organisation it belongs to in an "of" or "from" phrase is that
        organisation: "four members of a pro-government militia", "fighters from the Fano militia". The
        organisation is the first armed, state or named actor mention in the phrase (a civilian noun such as
        "members of the family" names no organisation)."""
        if self.doc is None:
            return
        for m in self.mentions:
            if m.kind != "generic" or m.inter in (1, 2):
                continue
            head = token_at(self.doc, m.end - 1)
            if head is None or head.lower_ not in MEMBERSHIP_NOUNS:
                continue
            org = self._member_of(head)
            if org is not None:
                # the mention names the members with their organisation: "Members of the Taliban"
                m.end = org.end
                m.text = self.text[m.start:m.end]
                m.canonical, m.category, m.inter, m.country = org.canonical, org.category, org.inter, org.country
                m.entry_id, m.sector, m.resolved, m.linked = org.entry_id, org.sector, org.resolved, org.linked
                m.kind, m.noun = org.kind, org.noun

    def _member_of(self, head) -> ActorMention | None:
        """The first organisation mention in ``head``'s "of"/"from" phrase, or None. The phrase may hang on the
        first conjunct in the parse ("Ethiopia's military and fighters from the Fano militia")."""
        preps = [c for c in head.children if c.dep_ == "prep"]
        if head.i + 1 < len(head.doc) and head.nbor().dep_ == "prep" and head.nbor().head.i != head.i:
            preps.append(head.nbor())
        for prep in preps:
            if prep.lower_ not in MEMBERSHIP_PREPS:
                continue
            lo, hi = prep.idx, prep.right_edge.idx + len(prep.right_edge.text)
            inside = sorted((o for o in self.mentions if lo <= o.start and o.end <= hi), key=lambda o: o.start)
            for o in inside:
                if o.inter is not None and o.inter <= 4 and o.canonical and o.kind != "person":
                    return o
        return None

    def run(self) -> list[ActorMention]:
        if not self.text.strip():
            return []
        found = self.kb.find(self.text, self.folded)
        cands = self.kb_candidates(found)
        self.focus = self.estimate_focus(cands, found)
        self.add_kb(cands)
        self.add_people()
        nouns = self.extend_with_nouns(self.kb.find_nouns(self.text, self.folded))
        self.add_nouns(nouns)
        self.add_demonym_weapons()
        self.add_ner()
        self.add_demonym_plurals()
        self.link_generic_groups()
        self.adopt_memberships()
        self.article.focus_country = self.focus
        return sorted(self.mentions, key=lambda m: (m.start, m.end))


def find_actor_mentions(article: Article, kb: ActorKB | None = None) -> list[ActorMention]:
    """All actor mentions of an article, sorted by offset.

    article (Article): an analysed article (``article.doc`` may be None: dictionary matches only).
    kb (ActorKB | None): the knowledge base (default: the built-in one plus ``WIRECODER_ACTORS`` files).
    RETURNS (list[ActorMention]): the mentions.
    """
    return _Builder(article, kb or load_kb()).run()


class ActorMentions(Stage):
    """Find actor mentions (knowledge base, group nouns, NER, people).

    config (dict): the pipeline configuration.
    extra_files (list[str]): user actor files adding or overriding KB entries (CLI ``--actors``).
    """

    requires = ("article.text", "article.doc", "article.upper_case")
    assigns = ("mentions.actors", "article.focus_country")

    def __init__(self, config: dict, extra_files: list[str] | str | None = None) -> None:
        if isinstance(extra_files, str):  # one path, or several joined with os.pathsep
            extra_files = [p for p in extra_files.split(os.pathsep) if p]
        self.kb = load_kb(list(extra_files or []))

    def __call__(self, article: Article) -> Article:
        article.mentions.actors = find_actor_mentions(article, self.kb)
        return article


@stages.register("wirecoder.actor_mentions.v1")
def make_actor_mentions(config: dict, *, extra_files: list[str] | str | None = None) -> ActorMentions:
    """Factory of the actor-mention stage.

    extra_files (list[str] | str | None): user actor files (a list, or one string of paths joined
        with ``os.pathsep``) adding or overriding KB entries.
    """
    return ActorMentions(config, extra_files=extra_files)
