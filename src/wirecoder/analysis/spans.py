"""Small helpers shared by stages for moving between character offsets and spaCy tokens.

Every stage stores evidence as character offsets into ``article.text``; these
helpers find the tokens and sentences behind an offset in ``article.doc``.
"""

from __future__ import annotations

import bisect

import numpy
from spacy.tokens import Doc, Span, Token


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char`` (or the next token after it)."""
    starts = doc.user_data.get("_wc_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.to_array("IDX").tolist() if len(doc) else []
        doc.user_data["_wc_token_starts"] = starts
    if not starts:
        return None
    i = bisect.bisect_right(starts, char) - 1
    i = max(i, 0)
    tok = doc[i]
    if char >= tok.idx + len(tok.text) and i + 1 < len(doc):
        tok = doc[i + 1]
    return tok


def doc_text(doc: Doc) -> str:
    """``doc.text``, rebuilt from the token array (``doc.text`` builds a Python ``Token`` for every token)."""
    if not len(doc):
        return ""
    strings = doc.vocab.strings
    orths, spaces = doc.to_array(["ORTH", "SPACY"]).T.tolist()
    return "".join([strings[o] + " " if sp else strings[o] for o, sp in zip(orths, spaces, strict=True)])


def sentence_at(doc: Doc, char: int) -> Span | None:
    """The sentence that contains character ``char``."""
    tok = token_at(doc, char)
    return tok.sent if tok is not None else None


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span covering [start, end), expanded to token boundaries."""
    return doc.char_span(start, end, alignment_mode="expand")


#: (lemma, lower-case form) of a token as spaCy stores them (hashes) -> (lower-cased lemma, lower-case form);
#: shared by all documents, emptied when it reaches :data:`_WORDS_MAX` entries.
_WORDS: dict[tuple[int, int], tuple[str, str]] = {}
_WORDS_MAX = 200_000


def token_words(doc: Doc) -> list[tuple[str, str]]:
    """``(token.lemma_.lower(), token.lower_)`` of every token of a document, read from spaCy's arrays without
    building its ``Token`` objects, and kept in the document's ``user_data``."""
    words = doc.user_data.get("_wc_words")
    if words is not None and len(words) == len(doc):
        return words
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    strings = doc.vocab.strings
    words = []
    if len(doc):
        lemmas, lowers = doc.to_array(["LEMMA", "LOWER"]).T.tolist()
        for key in zip(lemmas, lowers, strict=True):
            word = _WORDS.get(key)
            if word is None:
                word = _WORDS[key] = (strings[key[0]].lower(), strings[key[1]])
            words.append(word)
    doc.user_data["_wc_words"] = words
    return words


def token_heads(doc: Doc) -> tuple[list[int], list[bool]]:
    """Each token's head (``Token.head.i``) and whether it has one (``Token.has_head()``: a dependency label),
    kept in the document's ``user_data``."""
    heads = doc.user_data.get("_wc_heads")
    if heads is None or len(heads[0]) != len(doc):
        arr = doc.to_array(["HEAD", "DEP"]) if len(doc) else numpy.zeros((0, 2), dtype="uint64")
        heads = (arr[:, 0].astype("int64") + numpy.arange(len(doc))).tolist(), (arr[:, 1] != 0).tolist()
        doc.user_data["_wc_heads"] = heads
    return heads


def subtree_chars(tok: Token) -> tuple[int, int]:
    """Character offsets (start, end) of a token's phrase: its subtree, from its left edge to its right edge."""
    right = tok.right_edge
    return tok.left_edge.idx, right.idx + len(right.text)


def tree_depth(tok: Token, limit: int = 60) -> int:
    """Head steps from a token up to the root of its sentence (at most ``limit``); 0 for the root and for a
    token without a dependency label (an unparsed document). Read from the document's arrays.
    """
    head, has_head = token_heads(tok.doc)
    i, depth = tok.i, 0
    while depth < limit and has_head[i]:
        if head[i] == i:
            return depth  # the root of the sentence is its own head
        i = head[i]
        depth += 1
    return depth


def clause_verb(tok: Token, limit: int) -> Token | None:
    """The verb heading the clause a token sits in, at most ``limit`` head steps up (None for verbless fragments):
    the first verb or auxiliary on the way up that is not itself an auxiliary of another verb."""
    for _ in range(limit):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def present_perfect(verb: Token) -> bool:
    """Whether a verb is in the present perfect: a "has" / "have" auxiliary ("have been killed", "has killed",
    "'ve fled"; not the past perfect "had")."""
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)
