"""Attribution: who claims an event ("a US military official said", "according to SOHR").

The trigger's sentence is searched for a reporting verb that governs the
trigger's clause (or is the sentence root beside it); its subject, without
appositions, is the source as written. ``according to X`` gives X. A trigger
inside a direct quote takes the quote's speaker. Speakers are normalised
("he" -> "Ryan Dillon") later by the actors resolution stage.

A source is a noun phrase that names someone (issue #11): a passive
reporting verb gives its agent ("was claimed by IS"), or nobody ("was said
to", "was told"); a subject that contains the event itself ("the first
bombing ... killed 25, the ministry said") or is negated ("No group
claimed responsibility") is skipped; a personal pronoun takes the nearest
named person before it (``resolve_reference`` of resolve/actors.py) unless
that "person" is a place; other pronouns ("It said", "they") and clause-long
subjects name nobody: the attribution keeps its text and an empty source.

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .. import lookups
from ..doc import Article, Attribution
from ..resolve.actors import PRONOUNS, resolve_reference

LEXICON = "lexicons/events.en.toml"
#: Verbs that attribute a claim to their subject ("a military official said", "SOHR reported").
REPORTING = lookups.words("lexicons/speech.en.toml", "verbs.neutral", "verbs.stance")
#: Pronouns and pro-forms that name no source by themselves ("It said", "they said").
EMPTY = lookups.words(LEXICON, "attribution.empty_sources")
#: Determiners that make a subject nobody ("No group claimed responsibility").
NEGATING = lookups.words(LEXICON, "attribution.negating_determiners")
#: Dependents kept when a long subject is cut to its head phrase ("a senior police officer").
HEAD_MODIFIERS = lookups.words(LEXICON, "attribution.head_modifier_deps")
#: What opens the closing attribution of a sentence ("..., the ministry said"; "...” the ministry said").
TAIL_OPENERS = frozenset(lookups.word_list(LEXICON, "attribution.tail_openers"))
#: Search limits and text lengths (``data/weights/events.toml``).
W = lookups.weights("events")["attribution"]


def _source_text(subj: Token) -> str:
    text = _phrase(subj)
    if len(text.split()) > W["max_source_words"]:
        # a clause or a lead sentence, not a noun phrase: keep the head and the modifiers just before it
        doc, first = subj.doc, subj.i
        while first > subj.left_edge.i and doc[first - 1].dep_ in HEAD_MODIFIERS and (
                first - 1 < doc[first - 1].head.i <= subj.i):
            first -= 1
        text = doc[first : subj.i + 1].text
    return text


def _phrase(subj: Token) -> str:
    skip: set[int] = set()
    for c in subj.children:
        if c.dep_ in ("appos", "relcl", "acl", "punct") or (c.dep_ == "prep" and c.i > subj.i and c.lower_ != "of"):
            skip.update(t.i for t in c.subtree)
    toks = [t for t in subj.subtree if t.i not in skip]
    # an editorial marker of wire and monitoring copy is no part of the name ("[TEXT] Colombia's ELN")
    opened = [k for k, t in enumerate(toks) if t.text == "["]
    closed = [k for k, t in enumerate(toks) if t.text == "]"]
    if closed and (not opened or opened[0] > closed[-1]):
        toks = toks[closed[-1] + 1 :]
    elif opened and (not closed or closed[-1] < opened[-1]):
        toks = toks[: opened[-1]]
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
    attr = _find(article, trigger)
    if attr is not None and attr.source:
        attr.source = _named(article, attr.source, _where(article, attr, trigger))
    return attr


def _where(article: Article, attr: Attribution, trigger: Token) -> int:
    """Where the source is written: a quote's start, else the source word in the trigger's sentence."""
    for q in article.mentions.quotes:
        if q.start <= trigger.idx < q.end:
            return q.start
    sent = trigger.sent
    for tok in sent:
        if tok.text == attr.source:
            return tok.idx
    return trigger.idx


def _named(article: Article, source: str, pos: int) -> str | None:
    """``source`` as a name or a role noun phrase, or None when it names nobody."""
    source = source.strip().strip("-\u2013\u2014,;:").strip()
    key = source.lower()
    if not source or key in EMPTY or len(source.split()) > W["max_source_words"]:
        return None
    if key in PRONOUNS:
        ref = resolve_reference(article, source, pos)
        places = {p.text.casefold() for p in article.mentions.places}
        if ref is None or (ref.canonical or ref.text).casefold() in places or any(
                p.start < ref.end and ref.start < p.end for p in article.mentions.places):
            return None  # no named person before it, or the "person" is a place ("Shawa")
        return (ref.canonical or ref.text).strip().strip("-\u2013\u2014,;:").strip() or None
    return source


def _find(article: Article, trigger: Token) -> Attribution | None:
    for q in article.mentions.quotes:
        if q.start <= trigger.idx < q.end and q.speaker:
            return Attribution(source=q.speaker, text=article.text[q.start : q.end][: W["quote_chars"]])
    sent = trigger.sent
    # nearest reporting verb above the trigger
    tok = trigger
    for _ in range(W["reporting_verb_steps"]):
        if tok.head.i == tok.i:
            break
        if tok.dep_ in ("ccomp", "parataxis", "xcomp", "advcl") and tok.head.lemma_.lower() in REPORTING:
            attr = _from_verb(article, tok.head, trigger)
            if attr is not None:
                return attr
            break
        tok = tok.head
    root = sent.root
    if root.lemma_.lower() in REPORTING and root.i != trigger.i:
        attr = _from_verb(article, root, trigger)
        if attr is not None:
            return attr
    acc = _according_to(sent)
    if acc is not None:
        return Attribution(source=_source_text(acc), text=sent.text.strip()[: W["sentence_chars"]])
    return None


def _names_actor(article: Article, tok: Token) -> bool:
    """An actor mention covers ``tok`` ("demonstrators said" names the demonstrators)."""
    return any(m.start <= tok.idx < m.end for m in article.mentions.actors)


def _tail_source(verb: Token, trigger: Token) -> str | None:
    """The source of wire copy's closing attribution, "..., the Syrian Observatory for Human Rights said": the words
    between the last comma and the reporting verb, when they are a noun phrase of at most ``max_source_words``
    words (no verb but inside a capitalised name: "the Committee to Protect Journalists"). The parse often cuts
    such a name ("Doctors" of "Doctors Without Borders"), hangs it on the clause before as an apposition, or gives
    the verb two subjects ("the medical charity" and "Doctors"); None when there is no such stretch."""
    doc = verb.doc
    start = verb.i
    while start > verb.sent.start and doc[start - 1].text not in TAIL_OPENERS:
        start -= 1
    words = doc[start : verb.i]
    if start == verb.sent.start or not 0 < len(words) <= W["max_source_words"]:
        return None
    if any(t.i == trigger.i for t in words) or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None
    if any(t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper() for t in words):
        return None  # a clause ("gunmen killed five people and police said"), not a name
    if words[0].dep_ == "cc" or words[0].pos_ in ("CCONJ", "SCONJ", "ADP", "ADV"):
        return None
    return words.text


def _from_verb(article: Article, verb: Token, trigger: Token) -> Attribution | None:
    text = verb.sent.text.strip()[: W["sentence_chars"]]
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        # passive: the source is the agent ("was claimed by IS"); "was said to", "was told" name nobody
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            for obj in agent.children:
                if obj.dep_ == "pobj":
                    return Attribution(source=_source_text(obj), text=text)
        return None
    tail = _tail_source(verb, trigger)
    if tail is not None:
        return Attribution(source=tail, text=text)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        # two subjects (a misparse): the one holding the event is not its source ("The first bombing ...
        # killed 25, the ministry said"; "Eight soldiers killed in Syria, army says")
        subjects = [c for c in subjects if all(t.i != trigger.i for t in c.subtree)] or subjects
    subjects = [c for c in subjects if c.i != trigger.i or _names_actor(article, c)]
    if not subjects:
        return None  # the event noun itself is the subject: "the bombing killed 25, ... said" misparsed
    subj = min(subjects, key=lambda c: abs(c.i - verb.i))
    if subj.lower_ in ("nobody", "none") or any(c.dep_ == "det" and c.lower_ in NEGATING for c in subj.children):
        return Attribution(source=None, text=text)  # "No group claimed responsibility": a claim by nobody
    return Attribution(source=_source_text(subj), text=text)
