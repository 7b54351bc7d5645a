"""Event trigger lexicon: load ``data/lexicons/triggers.en.tsv`` and find its patterns in a sentence.

A pattern is a sequence of lower-case lemmas (or word forms) matched on
consecutive tokens; ``_`` in a pattern allows a gap of up to four tokens
("seize _ control" matches "seized full control"). Matching is on the lower-cased
lemma *or* word form of each token, so upper-case wire copy (parsed from a
truecased copy) and irregular forms both match.

Each pattern points at a class: an ACLED sub-event type, a pseudo-class that
``taxonomy.resolve`` settles from context (``@violence``, ``@protest``,
``@capture``, ``@bomb``), or a context cue (``+intervention``, ``+civilian``...).

DOCS: docs/events.md
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .. import lookups
from ..analysis.spans import token_words

#: The built-in trigger lexicon (a data file).
TRIGGERS_FILE = "lexicons/triggers.en.tsv"
#: Most tokens a "_" in a pattern may skip (the lexicon's file format).
GAP = 4
NOUN_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "X"})
VERB_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class Entry:
    """One lexicon line."""

    pattern: tuple[str, ...]
    cls: str
    weight: float
    kind: str  # trigger | cue
    pos: str  # V | N | *


@dataclass
class Match:
    """A lexicon entry found in a document: tokens [start, end) of ``doc``."""

    entry: Entry
    start: int
    end: int
    head: int  # index of the token that carries the match (last token of the pattern)

    @property
    def cls(self) -> str:
        return self.entry.cls

    @property
    def weight(self) -> float:
        return self.entry.weight

    @property
    def is_trigger(self) -> bool:
        return self.entry.kind == "trigger"


class Lexicon:
    """Trigger and cue patterns indexed by their first token.

    paths (list[Path] | None): user lexicons in the format of ``data/lexicons/triggers.en.tsv`` (header row
        included), read after the built-in one; None for the built-in one alone.
    """

    def __init__(self, paths: list[Path] | None = None) -> None:
        self.entries: dict[tuple, Entry] = {}
        self._load(lookups.table(TRIGGERS_FILE))
        for path in paths or ():
            self._load(lookups.read_table(path))
        self.index: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            self.index.setdefault(entry.pattern[0], []).append(entry)
        for items in self.index.values():
            items.sort(key=lambda e: -len(e.pattern))
        self.trigger_first = frozenset(e.pattern[0] for e in self.entries.values() if e.kind == "trigger")

    def _load(self, rows) -> None:
        """Add lexicon rows (a later row with the same pattern, class and pos replaces an earlier one)."""
        for row in rows:
            if not row.get("pattern") or not row.get("kind"):
                continue
            pattern = tuple(row["pattern"].lower().split())
            pos = (row.get("pos") or "").strip() or "*"
            entry = Entry(pattern, row["class"].strip(), float(row["weight"]), row["kind"].strip(), pos)
            self.entries[(pattern, entry.cls, pos)] = entry

    def screen(self, sent: SpacySpan) -> bool:
        """Cheap test: can any token of the sentence start a trigger pattern?"""
        first = self.trigger_first
        return any(f in first for forms in token_forms(sent.doc)[sent.start : sent.end] for f in forms)

    def find(self, sent: SpacySpan) -> list[Match]:
        """All pattern matches in a sentence (longest pattern first at each start token)."""
        doc = sent.doc
        forms = token_forms(doc)
        out: list[Match] = []
        end_limit = sent.end
        for i in range(sent.start, end_limit):
            cands = []
            seen_forms: set[str] = set()
            for form in forms[i]:
                if form not in seen_forms:
                    seen_forms.add(form)
                    cands += self.index.get(form, [])
            if not cands:
                continue
            seen: set[tuple] = set()
            for entry in cands:
                key = (entry.pattern, entry.cls, entry.pos)
                if key in seen:
                    continue
                seen.add(key)
                end = self._match_at(forms, i, entry.pattern, end_limit)
                if end is None:
                    continue
                if not self._pos_ok(doc[end - 1], entry.pos):
                    continue
                out.append(Match(entry, i, end, end - 1))
        return out

    @staticmethod
    def _match_at(forms: list[tuple[str, ...]], i: int, pattern: tuple[str, ...], limit: int) -> int | None:
        """The end of a match of ``pattern`` at token ``i`` (tokens before ``limit``), None for none."""
        j = i
        k = 0
        while k < len(pattern):
            part = pattern[k]
            if part == "_":
                # gap: find the next pattern token within GAP tokens
                nxt = pattern[k + 1]
                for g in range(0, GAP + 1):
                    if j + g < limit and nxt in forms[j + g]:
                        j = j + g
                        break
                else:
                    return None
                k += 1
                continue
            if j >= limit or part not in forms[j]:
                return None
            j += 1
            k += 1
        return j

    @staticmethod
    def _pos_ok(tok: Token, pos: str) -> bool:
        if pos == "*":
            return True
        if pos == "V":
            participle = tok.pos_ == "ADJ" and tok.lower_.endswith("ed")  # "torched" tagged as an adjective
            return tok.pos_ in VERB_POS or tok.tag_.startswith("VB") or participle
        return tok.pos_ in NOUN_POS or not (tok.pos_ in VERB_POS or tok.tag_.startswith("VB"))


@functools.lru_cache(maxsize=65536)
def _forms(lemma: str, lower: str) -> tuple[str, ...]:
    """The strings a token can match on: its lower-cased lemma, its word form, and crude stems of the word
    form (the lemmatiser misses some: "torched" tagged as an adjective, "raped" -> "rap")."""
    out = [lemma, lower]
    if len(lower) > 5 and lower.endswith("ed"):
        out += [lower[:-2], lower[:-1]]
    elif len(lower) > 6 and lower.endswith("ing"):
        out += [lower[:-3], lower[:-3] + "e"]
    return tuple(out)


def token_forms(doc: Doc) -> list[tuple[str, ...]]:
    """The strings each token of a document can match on (see :func:`_forms`), kept in its ``user_data``."""
    forms = doc.user_data.get("_wc_trigger_forms")
    if forms is None or len(forms) != len(doc):
        forms = [_forms(lemma, lower) for lemma, lower in token_words(doc)]
        doc.user_data["_wc_trigger_forms"] = forms
    return forms


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
#: Inflection endings stripped when screening raw text (first that fits).
_SUFFIXES = lookups.word_list("lexicons/events.en.toml", "triggers.inflection_suffixes")
#: Irregular forms of trigger words (the screen sees word forms, not lemmas) -> the lemma.
_IRREGULAR = lookups.word_map("lexicons/events.en.toml", "triggers.irregular_forms")


def screen_text(text: str, lexicon: Lexicon | None = None) -> bool:
    """Cheap test on raw text (no parse): could this text hold an event trigger?

    Looks each word (and the word without a common inflection suffix) up in the
    first words of the trigger patterns. Meant for callers that want to skip the
    dependency parse of sentences that cannot hold an event; errs on the side of
    True (a few false alarms, no misses on regular inflections).

    text (str): a sentence or document.
    lexicon (Lexicon | None): defaults to the built-in lexicon.
    RETURNS (bool): False only when no word can start a trigger pattern.
    """
    lex = lexicon or load_lexicon()
    return any(True for _ in _first_words(text, lex.trigger_first))


def _first_words(text: str, first: frozenset) -> Iterator[str]:
    """The first words of trigger patterns that the words of ``text`` can be (raw text, crude inflections)."""
    for word in _WORD.findall(text):
        found = _first_word(word.lower(), first)
        if found:
            yield found


def _first_word(w: str, first: frozenset) -> str | None:
    if w in first:
        return w
    if _IRREGULAR.get(w, "") in first:
        return _IRREGULAR[w]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[: -len(suf)]
            doubled = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else ""  # "shelled"
            for cand in (stem, stem + "e", doubled):
                if cand and cand in first:
                    return cand
    return None


def trigger_classes(text: str, lexicon: Lexicon | None = None) -> set[str]:
    """The classes (sub-types and pseudo-classes) of the trigger patterns whose first word a word of ``text`` can be:
    what a headline may announce ("Thai market bombing injures 39" -> @bomb, Remote explosive ..., @violence ...).
    Like :func:`screen_text`, it errs on the side of more classes."""
    lex = lexicon or load_lexicon()
    return {e.cls for w in _first_words(text, lex.trigger_first) for e in lex.index.get(w, ()) if e.kind == "trigger"}


@functools.lru_cache(maxsize=8)
def load_lexicon(paths: tuple[str, ...] = ()) -> Lexicon:
    """The default lexicon (plus user files), cached per process."""
    return Lexicon([Path(p) for p in paths])
