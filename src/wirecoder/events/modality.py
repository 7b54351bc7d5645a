"""Modality of an event mention: asserted, negated, hypothetical or future.

Cues come from ``data/lexicons/modality.en.tsv``. The trigger's own clause is
checked for auxiliaries and negation (``not``, ``would``, ``will``, ``if``), a
nominal trigger for a negating determiner (``no attack``), and the words that
govern the clause for negating or irrealis verbs and nouns (``denied that``,
``plans to``, ``a proposal that would``). The nearest cue wins.

Claims, denials and fears (issue #11): a reporting verb or a claim noun
(``said``, ``reports that``) stops ordinary cues, but a denial above it still
reaches the trigger (``denies police reports he attacked`` -> negated); a
claim that a second source contradicts in the same sentence (``residents said
..., but a member said there was no attack``) is disputed -> hypothetical;
negated evidentials (``reports do not indicate it was caused by fire``,
``could not confirm that``) leave the event unconfirmed -> hypothetical unless a
question word presupposes it (``not clear how the depot blew up``); fears,
threats, warnings and preparations (``fears of violence``, ``bracing for an
attack``, ``a possible attack``, ``threatened protests``) -> hypothetical; a
trigger in a clause about anyone at all (``anyone who attacks us``, ``a bounty
for each rebel killed``) -> hypothetical.

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
REPORTING = lookups.words("lexicons/speech.en.toml", "verbs.neutral")
#: A "not" before these words negates nothing ("but not before", "not only").
NEG_EXEMPT = lookups.words(LEXICON, "modality.neg_exempt_next")
#: Nouns naming a claim ("reports that ..."): only a denial passes through them.
CLAIM_NOUNS = lookups.words(LEXICON, "modality.claim_nouns")
#: Conjunctions that set a second source against a claim.
CONTRAST = lookups.words(LEXICON, "modality.contrast_words")
#: Question words: a complement they open presupposes its event.
WH = lookups.words(LEXICON, "modality.wh_words")
#: Weights of the modality search (``data/weights/events.toml``).
W = lookups.weights("events")["modality"]


@functools.lru_cache(maxsize=1)
def cues() -> dict[tuple[str, str], str]:
    """(cue, scope) -> modality, from ``data/lexicons/modality.en.tsv``."""
    return {
        (r["cue"].strip().lower(), r["scope"].strip()): r["modality"].strip()
        for r in lookups.table("lexicons/modality.en.tsv")
    }


def _exempt_neg(tok: Token) -> bool:
    """True for a "not" that negates nothing: "but not before protesters retaliated", "not only"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in NEG_EXEMPT


def _aux_modality(tok: Token) -> str | None:
    table = cues()
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass") and any(
            g.dep_ in ("det", "neg") and g.lower_ in ("no", "not", "none") for g in child.children
        ):
            return "negated"  # "no one was arrested", "not a single activist has been arrested"
        if child.dep_ == "neg" and _exempt_neg(child):
            continue
        if child.dep_ == "amod":
            m = table.get((child.lower_, "mod")) or table.get((child.lemma_.lower(), "mod"))
            if m:
                return m  # "a possible attack", "threatened street protests", "future attacks"
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


def _negated(tok: Token) -> bool:
    """The word itself is negated: "do not indicate", "could not be determined", "no evidence"."""
    for c in tok.children:
        if c.dep_ == "neg" and not _exempt_neg(c):
            return True
        if c.dep_ == "det" and c.lower_ in ("no", "none"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "attr") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return True  # "no one saw", "there was no attack"
    return False


def _unconfirmed(clause: Token, head: Token) -> bool:
    """``clause`` is the complement of a negated evidential ``head`` and no question word presupposes it."""
    if cues().get((head.lemma_.lower(), "evid")) is None or not _negated(head):
        return False
    first = min(clause.subtree, key=lambda t: t.i)
    return first.lower_ not in WH and not any(
        c.lower_ in WH for c in clause.children if c.dep_ in ("advmod", "mark", "nsubj", "nsubjpass", "dobj")
    )


def _generic_head(head: Token) -> bool:
    """A relative or participle clause about anyone at all: "anyone who attacks us", "each rebel killed"."""
    table = cues()
    if table.get((head.lower_, "generic")):
        return True
    return any(c.dep_ == "det" and table.get((c.lower_, "generic")) for c in head.children)


def _subject(verb: Token) -> str:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c.lower_
    return ""


def _contradicted(reporter: Token) -> bool:
    """A claim set against another source's denial: "residents said X, but a member said there was no attack"."""
    table = cues()
    conjs = [c for c in reporter.children if c.dep_ == "conj"]
    if not conjs or not any(
        c.lower_ in CONTRAST for t in (reporter, *conjs) for c in t.children if c.dep_ in ("cc", "advmod", "mark")
    ):
        return False
    mine = _subject(reporter)
    for other in conjs:
        theirs = _subject(other)
        if not theirs or theirs == mine:
            continue  # the same source going on: "police said X, but said no one was hurt"
        lemma = other.lemma_.lower()
        if table.get((lemma, "gov")) == "negated":
            return True  # "..., but the army denied it"
        if lemma in REPORTING and any(c.dep_ in ("ccomp", "parataxis") and _negated(c) for c in other.children):
            return True  # "..., but a member said there was no attack"
    return False


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
    reporter: Token | None = None  # the reporting verb or claim noun the walk passed, if any
    while steps < W["max_steps"]:
        steps += 1
        if reporter is None:
            m = _aux_modality(tok)
            if m:
                return m
            if _going_to(tok):
                return "future"
            if tok.dep_ in ("advcl", "acl") and (tok.pos_ == "VERB" or tok.tag_.startswith("VB")) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
            ) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                return "hypothetical"  # a purpose: "operations to capture the traffickers"
        elif tok.lemma_.lower() in CLAIM_NOUNS and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return "negated"  # "no reports of clashes"
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ in ("relcl", "acl") and _generic_head(head):
            return "hypothetical"  # "anyone that attacks us", "a bounty for each rebel killed"
        if (tok.dep_ in CLAUSAL or (tok is reporter and tok.dep_ == "dobj")) and _unconfirmed(tok, head):
            return "hypothetical"  # "reports do not indicate it was caused by enemy fire"
        verbal = tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
        if reporter is None and tok.dep_ == "conj" and verbal and (any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "neg") for c in tok.children
        ) or tok.tag_ in ("VBD", "VBZ")):
            # a coordinated clause with its own auxiliary: "was not party to X and had blocked Y"; or a finite verb,
            # which no "to" governs: "fired rubber bullets to disperse the crowds and arrested 15 people"
            break
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            noun = head.head
            m = table.get((noun.lemma_.lower(), "noun"))
            if m and reporter is None and head.lower_ in ("of", "for", "against"):
                return m  # "fears of violence", "the risk of war", "on alert for an attack"
            if head.lower_ == "of" and table.get((noun.lemma_.lower(), "evid")) and _negated(noun):
                return "hypothetical"  # "no sign of fighting", "no evidence of torture"
            if noun.lemma_.lower() in CLAIM_NOUNS and head.lower_ == "of":
                reporter = noun  # "reports of an attack": only a denial above passes
                tok = noun
                continue
            break  # "not party to the deal": the negation is about the party, not the deal
        if tok.dep_ in CLAUSAL or tok.dep_ in INNER or tok.dep_ in ("pobj", "dobj"):
            lemma = head.lemma_.lower()
            if reporter is not None:
                if table.get((lemma, "gov")) == "negated" and (tok.dep_ in CLAUSAL or tok.dep_ in (
                        "dobj", "pobj", "prep")):
                    return "negated"  # "denies police reports he attacked", "dismissed claims that"
                if tok.dep_ in CLAUSAL or head.pos_ in ("VERB", "AUX"):
                    break
                tok = head
                continue
            if (lemma in REPORTING and tok.dep_ in ("ccomp", "parataxis")) or (
                    lemma in CLAIM_NOUNS and tok.dep_ in ("acl", "relcl", "ccomp")):
                reporter = head  # a claim: ordinary cues above it speak of the claim, not the event
                if lemma in REPORTING and _contradicted(head):
                    return "hypothetical"
                tok = head
                continue
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
