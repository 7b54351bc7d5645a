"""Small helpers shared by stages for moving between character offsets and spaCy tokens.

Every stage stores evidence as character offsets into ``article.text``; these
helpers find the tokens and sentences behind an offset in ``article.doc``.
"""

from __future__ import annotations

import bisect

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


def sentence_at(doc: Doc, char: int) -> Span | None:
    """The sentence that contains character ``char``."""
    tok = token_at(doc, char)
    return tok.sent if tok is not None else None


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span covering [start, end), expanded to token boundaries."""
    return doc.char_span(start, end, alignment_mode="expand")


def tree_depth(tok: Token, limit: int = 60) -> int:
    """How many head steps separate a token from its sentence root (at most ``limit``)."""
    depth = 0
    while tok.head is not tok and depth < limit:
        tok = tok.head
        depth += 1
    return depth
