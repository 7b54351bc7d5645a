"""Modality of an event mention: asserted, negated, hypothetical or future.

Cues come from ``data/lexicons/modality.en.tsv``. The trigger's own clause is
checked for auxiliaries and negation (``not``, ``would``, ``will``, ``if``), a
nominal trigger for a negating determiner (``no attack``), and the words that
govern the clause for negating or irrealis verbs and nouns (``denied that``,
``plans to``, ``a proposal that would``). The nearest cue wins.

DOCS: docs/events.md
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from .. import lookups

LEXICON = "lexicons/events.en.toml"
#: Dependency labels that keep us inside the trigger's clause when walking up.
INNER = lookups.words(LEXICON, "modality.inner_deps")
#: Clause links through which a governing word's modality reaches the trigger.
CLAUSAL = lookups.words(LEXICON, "modality.clausal_deps")
#: Reporting verbs: modality does not pass through them ("officials said it would" aside).
REPORTING = lookups.words(LEXICON, "modality.reporting_verbs")
#: Weights of the modality search (``data/weights/events.toml``).
W = lookups.weights("events")["modality"]


@functools.lru_cache(maxsize=1)
def cues() -> dict[tuple[str, str], str]:
    """(cue, scope) -> modality, from ``data/lexicons/modality.en.tsv``."""
    return {
        (r["cue"].strip().lower(), r["scope"].strip()): r["modality"].strip()
        for r in lookups.table("lexicons/modality.en.tsv")
    }


def _aux_modality(tok: Token) -> str | None:
    table = cues()
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass") and any(
            g.dep_ in ("det", "neg") and g.lower_ in ("no", "not", "none") for g in child.children
        ):
            return "negated"  # "no one was arrested", "not a single activist has been arrested"
        if child.dep_ in ("neg", "aux", "auxpass", "mark", "advmod", "preconj"):
            for form in (child.lower_, child.lemma_.lower()):
                m = table.get((form, "aux"))
                if m:
                    if form in ("if", "whether", "unless") and child.dep_ != "mark":
                        continue
                    return m
        if child.dep_ == "det":
            m = table.get((child.lower_, "det"))
            if m:
                return m
    return None


def _going_to(tok: Token) -> bool:
    head = tok.head
    return tok.dep_ == "xcomp" and head.lemma_ == "go" and any(c.lower_ in ("is", "are", "am", "'s", "'re")
                                                                  for c in head.children if c.dep_ == "aux")


def modality_of(trigger: Token) -> str:
    """The modality of the event mention whose main trigger is ``trigger``.

    trigger (Token): the trigger's head token.
    RETURNS (str): "asserted", "negated", "hypothetical" or "future".
    """
    table = cues()
    sent = trigger.sent
    if sent.text.rstrip().endswith("?"):
        return "hypothetical"  # a question reports nothing: "Have the helicopters been downed?"
    tok = trigger
    steps = 0
    while steps < W["max_steps"]:
        steps += 1
        m = _aux_modality(tok)
        if m:
            return m
        if _going_to(tok):
            return "future"
        if tok.dep_ in ("advcl", "acl") and (tok.pos_ == "VERB" or tok.tag_.startswith("VB")) and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
        ) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return "hypothetical"  # a purpose: "operations to capture the traffickers"
        head = tok.head
        if head is tok:
            break
        if tok.dep_ == "conj" and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "neg") for c in tok.children
        ):
            break  # a coordinated clause with its own auxiliary: "was not party to X and had blocked Y"
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            break  # "not party to the deal": the negation is about the party, not the deal
        if tok.dep_ in CLAUSAL or tok.dep_ in INNER or tok.dep_ in ("pobj", "dobj"):
            lemma = head.lemma_.lower()
            if lemma in REPORTING and tok.dep_ in ("ccomp", "parataxis"):
                break
            m = table.get((lemma, "gov"))
            if m and lemma in ("have", "ready", "willing", "able") and (tok.dep_ != "xcomp" or head.tag_ == "VBD"):
                m = None  # only "have to arrest", "ready to attack"; "police had to fire" happened
            if m and tok.dep_ == "advcl":
                m = None  # "vowed an inquiry after seven were murdered": an adjunct, not the vow's content
            if m and (tok.dep_ in CLAUSAL or tok.dep_ in ("dobj", "pobj", "prep")):
                # "denied that X attacked", "plan to attack", "proposal that would"; but the
                # governor must itself be asserted-looking for the cue to mean something
                return m
            if tok.dep_ in CLAUSAL and tok.dep_ not in ("xcomp",):
                # a new finite clause: its own auxiliaries were checked; stop unless it is a relative
                # clause of a modal noun, handled above
                break
            tok = head
            continue
        break
    return "asserted"
