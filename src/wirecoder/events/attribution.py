"""Attribution: who claims an event ("a US military official said", "according to SOHR").

The trigger's sentence is searched for a reporting verb that governs the
trigger's clause (or is the sentence root beside it); its subject, without
appositions, is the source as written. ``according to X`` gives X. A trigger
inside a direct quote takes the quote's speaker. Speakers are normalised
("he" -> "Ryan Dillon") later by the actors resolution stage.

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .. import lookups
from ..doc import Article, Attribution

#: Verbs that attribute a claim to their subject ("a military official said", "SOHR reported").
REPORTING = lookups.words("lexicons/events.en.toml", "attribution.reporting_verbs")
#: Search limits and text lengths (``data/weights/events.toml``).
W = lookups.weights("events")["attribution"]


def _source_text(subj: Token) -> str:
    skip: set[int] = set()
    for c in subj.children:
        if c.dep_ in ("appos", "relcl", "acl", "punct") or (c.dep_ == "prep" and c.i > subj.i and c.lower_ != "of"):
            skip.update(t.i for t in c.subtree)
    toks = [t for t in subj.subtree if t.i not in skip]
    while toks and toks[-1].is_punct:
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    if not toks:
        return subj.text
    return subj.doc[toks[0].i : toks[-1].i + 1].text


def _according_to(sent: SpacySpan) -> Token | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
            to = sent.doc[tok.i + 1]
            for c in to.children:
                if c.dep_ == "pobj":
                    return c
            if tok.i + 2 < sent.end:
                return sent.doc[tok.i + 2]
    return None


def find_attribution(article: Article, trigger: Token) -> Attribution | None:
    """The claimed source of the event mention at ``trigger`` (None when unattributed).

    article (Article): the article (its quotes are consulted).
    trigger (Token): the event mention's main trigger.
    RETURNS (Attribution | None): source as written and the attributing text.
    """
    for q in article.mentions.quotes:
        if q.start <= trigger.idx < q.end and q.speaker:
            return Attribution(source=q.speaker, text=article.text[q.start : q.end][: W["quote_chars"]])
    sent = trigger.sent
    # nearest reporting verb above the trigger
    tok = trigger
    for _ in range(W["reporting_verb_steps"]):
        if tok.head is tok:
            break
        if tok.dep_ in ("ccomp", "parataxis", "xcomp", "advcl") and tok.head.lemma_.lower() in REPORTING:
            return _from_verb(tok.head)
        tok = tok.head
    root = sent.root
    if root.lemma_.lower() in REPORTING and root is not trigger:
        attr = _from_verb(root)
        if attr is not None:
            return attr
    acc = _according_to(sent)
    if acc is not None:
        return Attribution(source=_source_text(acc), text=sent.text.strip()[: W["sentence_chars"]])
    return None


def _from_verb(verb: Token) -> Attribution | None:
    subj = None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            subj = c
            break
    if subj is None:
        return None
    return Attribution(source=_source_text(subj), text=verb.sent.text.strip()[: W["sentence_chars"]])
