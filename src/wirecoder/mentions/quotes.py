"""Quote mentions: direct speech and its speaker as written.

Direct speech is text between straight (``"``) or curly (``\u201c...\u201d``)
double quotes, at least a few words long (single quoted words are scare
quotes, not speech). A quote opened in a paragraph and not closed there runs
to the paragraph's end (the news convention for multi-paragraph quotes).

The speaker is taken from the reporting clause next to the quote: after it
(``"...," Dillon told reporters``, ``"...," said the minister``), before it
(``Dillon said: "..."``), or from a bracketed name in wire transcripts
(``[RODRIGUEZ] "..."``); a quote paragraph without one continues the previous
quote's speaker. The speaker is stored as written ("he", "Dillon");
:mod:`wirecoder.resolve.actors` replaces it with the full named person.

DOCS: docs/actors.md
"""

from __future__ import annotations

import re

from .. import lookups
from ..doc import Article, Quote
from ..pipeline import Stage
from ..registry import stages

_LEX = "lexicons/quotes.en.toml"
#: Verbs of a reporting clause, as one regex alternation.
SPEECH_VERBS = "|".join(lookups.word_list(_LEX, "speech_verbs"))
_SPEAKER = r"(?P<sp>(?:[A-Za-z\u00c0-\u017f.'\u2019-]+\s+){0,6}?[A-Za-z\u00c0-\u017f.'\u2019-]+)"
#: "...," Dillon told reporters / "...," the minister said
_AFTER_SUBJ = re.compile(r"^\s*[,.]?\s*" + _SPEAKER + r"\s+(?:" + SPEECH_VERBS + r")\b", re.I)
#: "...," said the minister
_AFTER_VERB = re.compile(
    r"^\s*[,.]?\s*(?:" + SPEECH_VERBS + r")\s+" + _SPEAKER + r"\s*(?:[,.;]|$|\s(?:in|on|at|to|of|who|from)\b)", re.I
)
#: Dillon said: "..."
_BEFORE_TAIL = r"(?:" + SPEECH_VERBS + r")(?:\s+(?:that|reporters|journalists))?\s*[:,]?\s*$"
_BEFORE = re.compile(_SPEAKER + r"\s+" + _BEFORE_TAIL, re.I)
#: What every match of ``_BEFORE`` ends with, a reporting verb after a space: a search for it alone is cheap,
#: while ``_BEFORE`` tries its speaker words at every position of the text.
_BEFORE_END = re.compile(r"\s" + _BEFORE_TAIL, re.I)
#: [RODRIGUEZ] "..."
_BRACKET = re.compile(r"\[(?P<sp>[A-Za-z .'-]{2,40})\]\s*$")
_QUOTE_OPEN = "\"\u201c\u201e"
_QUOTE_CLOSE = "\"\u201d\u201f"
#: A speaker phrase starting with one of these words is not a speaker.
_NOT_SPEAKER = re.compile(r"^(?:" + "|".join(lookups.word_list(_LEX, "not_speaker_first_words")) + r")$", re.I)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in re.finditer(r"\n\s*\n|\n(?=[ \t])", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


#: What ends a quote opened by a straight or low mark, and by a curly one (where a second opening mark does).
_CLOSE = re.compile("[" + _QUOTE_CLOSE + "]")
_CLOSE_CURLY = re.compile("[" + _QUOTE_CLOSE + "\u201c]")
_OPEN = re.compile("[" + _QUOTE_OPEN + "]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inner text, without the marks) of direct speech."""
    spans = []
    for p_start, p_end in _paragraphs(text):
        opened = _OPEN.search(text, p_start, p_end)
        while opened is not None:
            i = opened.start()
            closed = (_CLOSE_CURLY if text[i] == "\u201c" else _CLOSE).search(text, i + 1, p_end)
            j = closed.start() if closed is not None else p_end
            inner_start, inner_end = i + 1, j
            inner = text[inner_start:inner_end].strip()
            if len(inner.split()) >= 4:
                lead = len(text[inner_start:inner_end]) - len(text[inner_start:inner_end].lstrip())
                spans.append((inner_start + lead, inner_start + lead + len(inner)))
            opened = _OPEN.search(text, j + 1, p_end) if j + 1 < p_end else None
    return spans


#: Words cut from the end of a speaker phrase ("the minister also").
_TRAILING = lookups.words(_LEX, "trailing_words")
#: Function words a speaker phrase may start with; other function words (``_STOP``) make it debris.
_LEADING_OK = lookups.words(_LEX, "leading_ok")
_STOP = lookups.words(_LEX, "stop_words")
#: Words that make a "speaker" phrase a clause when they are not its first word.
_CLAUSE_WORDS = lookups.words(_LEX, "clause_words")
#: One-word "speakers" that name a text, not a person ("the statement said").
_NOT_SPEAKER_WORDS = lookups.words(_LEX, "not_speaker_words")


def _clean_speaker(sp: str | None) -> str | None:
    """The speaker phrase without sentence debris and trailing adverbs; None when it is not a speaker."""
    if not sp:
        return None
    sp = re.split(r"[.!?;:]\s+", sp)[-1]  # only the words of the reporting clause's own sentence
    sp = " ".join(sp.split()).strip(" ,.:;")
    words = sp.split()
    while words and words[-1].lower().strip(",") in _TRAILING:
        words = words[:-1]
    if not words or len(words) > 7:
        return None
    first = words[0].lower()
    if _NOT_SPEAKER.match(first) or (first in _STOP and first not in _LEADING_OK):
        return None
    if len(words) == 1 and first in _NOT_SPEAKER_WORDS:
        return None
    if any(w.lower() in _CLAUSE_WORDS for w in words[1:]):
        return None  # a clause ("all the workers to stay home"), not a speaker
    if first in ("he", "she", "they", "we", "i"):
        return words[0] if len(words) == 1 else None
    return " ".join(words)


def find_quotes(text: str) -> list[Quote]:
    """Direct-speech quotes with their speakers as written.

    text (str): the article text.
    RETURNS (list[Quote]): quotes in text order; ``speaker`` None where no reporting clause is found.
    """
    quotes: list[Quote] = []
    prev_end_para: int | None = None
    prev_speaker: str | None = None
    paras = _paragraphs(text)

    def para_of(pos: int) -> int:
        for k, (s, e) in enumerate(paras):
            if s <= pos < e or pos == e:
                return k
        return -1

    for start, end in _quote_spans(text):
        close = end
        while close < len(text) and text[close] in " \t":
            close += 1
        after = text[close + 1 if close < len(text) and text[close] in _QUOTE_CLOSE else close:][:160]
        after = after.split("\n\n")[0]
        before = text[max(0, start - 140):start - 1]
        before = before.split("\n\n")[-1]
        speaker = None
        how = None
        m = _AFTER_VERB.match(after)
        if m:
            speaker, how = _clean_speaker(m.group("sp")), "after"
        if speaker is None:
            m = _AFTER_SUBJ.match(after)
            if m:
                speaker, how = _clean_speaker(m.group("sp")), "after"
        if speaker is None:
            m = _BRACKET.search(before) or (_BEFORE.search(before) if _BEFORE_END.search(before) else None)
            if m:
                speaker, how = _clean_speaker(m.group("sp")), "before"
        k = para_of(start)
        if speaker is None and prev_end_para is not None and k - prev_end_para in (0, 1):
            speaker, how = prev_speaker, "continued"
        quotes.append(Quote(text=text[start:end], start=start, end=end, speaker=speaker, how=how))
        if speaker is not None:
            prev_speaker = speaker
        prev_end_para = para_of(end)
    return quotes


class QuoteMentions(Stage):
    """Find direct speech and its speaker (as written)."""

    requires = ("article.text",)
    assigns = ("mentions.quotes",)

    def __init__(self, config: dict) -> None:
        pass

    def __call__(self, article: Article) -> Article:
        article.mentions.quotes = find_quotes(article.text or "")
        return article


@stages.register("wirecoder.quote_mentions.v1")
def make_quote_mentions(config: dict) -> QuoteMentions:
    """Factory of the quote stage (no settings)."""
    return QuoteMentions(config)
