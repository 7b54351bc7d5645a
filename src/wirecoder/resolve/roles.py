"""Actor roles at article level: claims of responsibility, and ACLED's actor conventions.

Runs after ``dedup_events`` (one event per real event, places known) and before ``finalize_events``.
Per article it

* drops **places taken for actors** ("Tanta", "Ningbo"): a place is where an event happened, not who acted
  (first, so that an event whose "actor" was only its town can take a claimant), and the second role of an
  actor named on **both sides** of one event (:func:`drop_self_opposed`);
* gives a **claim of responsibility** to the event it claims: "The Taliban claimed responsibility for the
  attack" names the Taliban as actor1 of the nearest violent event at or before the claim whose actor1 the
  text left unnamed; "an attack claimed by IS" names IS for that attack. "No group claimed responsibility
  for either attack" names nobody: those events keep (or get) an unidentified actor1, never a group the
  text only mentions nearby. A claim of a class of events ("most of the attacks") is not a claim of this one;
  "X is (held) responsible for the attack" is read the same way;
* carries the **perpetrator across events**: the one named armed group the article shows acting is the actor1
  of its unattributed violence in the same region (:func:`_discourse_perpetrator`);
* puts unnamed collective actors ("Civilians (X)", "Protesters (X)", "Unidentified Armed Group (X)") in the
  **event's country** unless the text gave their nationality ("villagers" in a Nigerian village are
  Civilians (Nigeria) even in a story datelined Paris; "Chinese tourists" stay Chinese); an event located
  nowhere takes the article's country (:func:`article_country`);
* applies **ACLED's conventions per sub-type** (``data/taxonomy/actor_conventions.tsv``): the crowd of a
  protest is "Protesters (X)" and of a riot "Rioters (X)" (a union or party that organised it becomes an
  associated actor), the state side of a demonstration is the other role, a private person who is the
  victim of violence is coded "Civilians (X)" (the name stays as written), and an actor the text does
  not name takes the sub-type's default ("Unidentified Armed Group (X)" for an unclaimed bombing);
* sets the sub-types the codebook tells apart by **who actor1 is** (``[[by_side]]`` of
  ``data/taxonomy/codebook.toml``): territory a state force takes is Government regains territory, territory a
  rebel group or militia takes, whatever the verb ("retook", "liberated"), Non-state actor overtakes territory.

DOCS: docs/actors.md
"""

from __future__ import annotations

import functools
import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .. import lookups
from ..analysis.spans import subtree_chars, token_words
from ..doc import ActorMention, Article, Event, EventActor
from ..events import taxonomy
from ..events.merge import absorb
from ..kb.actors import ActorKB, fold_key, load_kb
from ..pipeline import Stage
from ..registry import stages
from .actors import mention_stage_files
from .fatalities import set_apart

LEXICON = "lexicons/actors.en.toml"
CLAIM_VERBS = lookups.words(LEXICON, "claims.verbs")
RESPONSIBILITY = lookups.words(LEXICON, "claims.responsibility_nouns")
EVENT_NOUNS = lookups.words(LEXICON, "claims.event_nouns")
GENERIC_QUANTIFIERS = lookups.words(LEXICON, "claims.generic_quantifiers")
PAIR_DETERMINERS = lookups.words(LEXICON, "claims.pair_determiners")
HABITUAL = lookups.words(LEXICON, "claims.habitual_adverbs")
DEFINITE = lookups.words(LEXICON, "claims.definite_determiners")
REFERRING = lookups.words(LEXICON, "claims.referring_nouns")
#: Event types where a country named as a party is its military forces ("Russia launched missiles").
STATE_FORCE_TYPES = lookups.words(LEXICON, "state_force_event_types")
#: Titles that make a person a state's soldier ("Colonel X" of no known state: the army of the event's country).
MILITARY_TITLES = lookups.words(LEXICON, "military_titles")
RESPONSIBLE = lookups.words(LEXICON, "claims.responsible_adjectives")
ATTRIBUTE = lookups.words(LEXICON, "claims.attribute_verbs")
ATTRIBUTE_PREPS = lookups.words(LEXICON, "claims.attribute_preps")
MEMBERSHIP_VERBS = lookups.words(LEXICON, "claims.membership_verbs")
MEMBERSHIP_PREPS = lookups.words(LEXICON, "claims.membership_preps")
UNREAL = lookups.words(LEXICON, "claims.unreal_markers")
#: ACLED's conventions per sub-event type (``data/taxonomy/actor_conventions.tsv``).
CONVENTIONS = {row["sub_event_type"]: row for row in lookups.table("taxonomy/actor_conventions.tsv")}
#: Event types whose perpetrator a claim of responsibility names.
CLAIMABLE_TYPES = frozenset(
    row["event_type"] for row in lookups.table("taxonomy/acled_event_types.tsv") if row.get("claimable") == "1"
)
#: Votes of a place mention for the article's country (shared with ``resolve_actors``' focus country).
PLACE_VOTES = lookups.weights("resolve_actors")
STATE = 1
#: A person of no known group acting is coded under the unnamed-actor1 convention (weights/resolve_actors.toml).
W_PERSON_ACTOR1 = bool(PLACE_VOTES.get("person_actor1_convention", False))
W_COUNTRY_LEVEL = bool(PLACE_VOTES.get("discourse_country_level", False))
#: Inter codes of rioters, protesters and civilians: they neither claim attacks nor make arrests.
CROWD_INTERS = frozenset({5, 6, 7})
#: Inter codes of the armed sides: state forces, rebels, political and identity militias, external forces.
ARMED_INTERS = frozenset({1, 2, 3, 4, 8})


@dataclass
class Claim:
    """A claim of responsibility found in the text."""

    sent_index: int
    claimant: ActorMention | None  # None: "no group claimed"
    pair: bool = False  # "either attack": the claim is about two events
    target: Token | None = None  # the claimed event noun, when the claim names one ("an attack claimed by X")
    named_only: bool = False  # only the events the target names ("accused X of the crimes"), none told before


class Conventions:
    """Canonical names, inter codes and countries of ACLED's collective actors, from the knowledge base."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.countries = kb.country_keys
        self.patterns = {n.target: (n.inter, n.category) for n in kb.nouns.values() if "{country}" in n.target}
        prefixes = sorted({kb.collective_name(p, None) for p in self.patterns}, key=len, reverse=True)
        self.placeholder = re.compile(
            r"^(?P<prefix>" + "|".join(map(re.escape, prefixes)) + r") \((?P<country>[^)]*)\)$"
        )

    def render(self, pattern: str, country: str | None, name: str = "") -> EventActor | None:
        """The actor a convention pattern stands for in ``country``; ``name`` keeps the text's wording
        (empty: the text names no actor, the convention does)."""
        if not pattern:
            return None
        if pattern.startswith("state:"):
            entry = self.kb.state_entry(country, pattern.split(":", 1)[1])
            if entry is None:
                return None
            return EventActor(
                name=name, canonical=entry.canonical, category=entry.category, inter=entry.inter, country=entry.country
            )
        inter, category = self.patterns[pattern]
        known = country is not None and country in self.kb.country_names
        return EventActor(
            name=name,
            canonical=self.kb.collective_name(pattern, country),
            category=category,
            inter=inter,
            country=country if known and inter != 8 else None,
        )

    def prefix(self, actor: EventActor | None) -> str | None:
        """The collective name of a placeholder actor ("Civilians" of "Civilians (Nigeria)"), else None."""
        if actor is None or not actor.canonical:
            return None
        m = self.placeholder.match(actor.canonical)
        return m.group("prefix") if m else None


def article_country(article: Article) -> str | None:
    """The country the article is about when its events have none: the article's focus, else the country
    its resolved places point to most (the first, often the dateline, counting more), else the one its
    named actors belong to most ("the VHP", "BJP workers" in a story whose towns the gazetteer missed)."""
    votes: Counter[str] = Counter()
    for i, p in enumerate(article.mentions.places):
        if p.country_code:
            votes[p.country_code] += PLACE_VOTES["focus_first_place"] if i == 0 else PLACE_VOTES["focus_place"]
    if article.focus_country:
        return article.focus_country
    if not votes:
        votes.update(m.country for m in article.mentions.actors if m.country and m.kind in ("group", "state", "person"))
    return votes.most_common(1)[0][0] if votes else None


def _event_country(ev: Event, article: Article, fallback: str | None) -> str | None:
    loc = ev.location
    return (loc.country_code if loc is not None else None) or fallback


def _country_from_text(actor: EventActor) -> bool:
    """Whether the text itself gave the actor its country ("Afghan villagers", "Nigerian troops")."""
    m = actor.mention
    return m is not None and (m.kind != "generic" or m.resolved)


def _unnamed(actor: EventActor | None, conv: Conventions) -> bool:
    """No actor, a placeholder ("Unidentified Armed Group (X)") or a bare group noun ("gunmen")."""
    if actor is None or not actor.canonical:
        return True
    if conv.prefix(actor) is not None:
        return True
    return actor.mention is not None and actor.mention.kind == "generic" and not actor.mention.linked


def _linked_noun(actor: EventActor | None) -> bool:
    """A group noun ("Islamist militants") the mention stage linked to the article's dominant named group."""
    return actor is not None and actor.mention is not None and actor.mention.kind == "generic" and actor.mention.linked


# --------------------------------------------------------------------------- claims


def _subject(verb: Token) -> Token | None:
    up = verb
    for _ in range(3):
        for c in up.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if up.dep_ not in ("conj", "xcomp", "ccomp") or up.head.i == up.i:
            return None
        up = up.head
    return None


def _can_claim(m: ActorMention) -> bool:
    """A named group or state force, or a group noun standing for the article's dominant named armed group
    ("the rebels" in a story about the FMLN): civilians, protesters and rioters do not claim attacks."""
    named = m.kind in ("group", "state") or (m.kind == "generic" and m.linked)  # "the rebels" = the FMLN
    return bool(m.canonical) and named and m.inter not in CROWD_INTERS


def _claimant(tok: Token | None, mentions: list[ActorMention]) -> tuple[bool, ActorMention | None]:
    """(found, mention) for the claiming phrase headed by ``tok``: (True, None) for "no group"."""
    if tok is None:
        return False, None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True, None
    start, end = subtree_chars(tok)
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    named = [m for m in inside if _can_claim(m)]
    if not named:
        return False, None
    return True, min(named, key=lambda m: abs(m.start - tok.idx))


def _generic_object(obj: Token) -> bool:
    """A class of events ("most of the attacks", "attacks on Shiites"), not one event."""
    words = {c.lower_ for c in obj.subtree if c.i < obj.i} | {obj.lower_}
    if words & GENERIC_QUANTIFIERS or obj.head.lower_ == "of" and obj.head.head.lower_ in GENERIC_QUANTIFIERS:
        return True
    has_det = any(c.dep_ in ("det", "poss", "nummod") for c in obj.children)
    return obj.tag_ in ("NNS", "NNPS") and not has_det


def _habitual(verb: Token) -> bool:
    """A claim told as a habit ("attacks are usually claimed by ISIL") is about no event in particular."""
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in verb.children)


def _claim_at(tok: Token, mentions: list[ActorMention], sent_index: int) -> Claim | None:
    """The claim a verb "claim"/"take"/... makes, if it is one."""
    if tok.lemma_.lower() not in CLAIM_VERBS or tok.pos_ not in ("VERB", "AUX"):
        return None
    neg = any(c.dep_ == "neg" for c in tok.children)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:  # "an attack claimed by IS", "the bombing was claimed by IS"
        target = (
            tok.head if tok.dep_ in ("acl", "relcl") else next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        )
        if target is None or target.lemma_.lower() not in EVENT_NOUNS or _generic_object(target) or _habitual(tok):
            return None
        found, who = _claimant(next((c for c in agent.children if c.dep_ == "pobj"), None), mentions)
        return Claim(sent_index, who, target=target) if found and not neg else None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or tok.lemma_.lower() != "claim" or obj.lemma_.lower() not in EVENT_NOUNS:
        return None  # "X claimed responsibility" is read from the noun (:func:`_responsibility_claim`)
    if _generic_object(obj) or _habitual(tok):
        return None
    found, who = _claimant(_subject(tok), mentions)
    if not found:
        return None
    pair = any(c.lower_ in PAIR_DETERMINERS for c in obj.children)
    return Claim(sent_index, None if neg else who, pair=pair, target=obj)


def _responsibility_claim(tok: Token, sent: SpacySpan, mentions: list[ActorMention], sent_index: int) -> Claim | None:
    """ "X claimed responsibility for the attack", "No group has claimed responsibility", read from the
    noun and the words around it (the parse of such sentences is often broken by appositions:
    "ISIL - also known as ISIS - claimed responsibility")."""
    if tok.lemma_.lower() not in RESPONSIBILITY:
        return None
    verb = next(
        (t for t in reversed(sent.doc[max(sent.start, tok.i - 3) : tok.i]) if t.lemma_.lower() in CLAIM_VERBS), None
    )
    if verb is None or _habitual(verb):
        return None
    after = sent.doc[tok.i + 1] if tok.i + 1 < sent.end else None
    claimed = None
    if after is not None and after.lower_ == "for":
        claimed = next((c for c in after.children if c.dep_ == "pobj"), None) or next(
            (t for t in sent.doc[after.i + 1 : sent.end] if t.pos_ in ("NOUN", "PROPN")), None
        )
    if claimed is not None and _generic_object(claimed):
        return None
    pair = claimed is not None and any(c.lower_ in PAIR_DETERMINERS for c in claimed.children)
    target = claimed if claimed is not None and claimed.lemma_.lower() in EVENT_NOUNS else None
    before = sent.doc[sent.start : verb.i]
    lead = [t.lower_ for t in sent.doc[max(sent.start, verb.i - 4) : verb.i + 1]]
    named = [m for m in mentions if before.start_char <= m.start and m.end <= verb.idx and _can_claim(m)]
    if "no" in lead or any(t.dep_ == "neg" for t in verb.children) or "not" in lead or "n't" in lead:
        if named and "no" not in lead:
            return None  # "The ELN did not claim responsibility": that group has not claimed, nobody else is ruled out
        return Claim(sent_index, None, pair=pair, target=target)
    if not named:
        return None
    # the verb's subject claims, not a name in a phrase describing it ("JNIM, al Qaeda's affiliate in the Sahel,
    # claimed responsibility"); a parse broken by the apposition leaves the name nearest the verb
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    own = [m for m in named if subject is not None and m.start <= subject.idx < m.end]
    return Claim(sent_index, (own or named)[-1], pair=pair, target=target)


# --------------------------------------------------------------------------- statements of responsibility


def _stems(lemma: str, word: str) -> set[str]:
    """The lower-cased ``lemma`` of a token, its lower-case form ``word`` and the stems its inflection gives
    ("staged" -> "stage"): the lemmatiser misses some forms in the lower-cased copy of upper-case wires."""
    out = {lemma, word}
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.add(word[: -len(suffix)] + repl)
    return out


def _denied(*toks: Token | None) -> bool:
    """A statement the text negates, denies or makes unreal: "X was not responsible", "denied that X carried
    out ...", "the US will be responsible", "if X carried out the attack"."""
    for tok in toks:
        if tok is None:
            continue
        if any(c.dep_ == "neg" or (c.dep_ in ("aux", "mark") and c.lower_ in UNREAL) for c in tok.children):
            return True
        if any(a.lemma_.lower() == "deny" for a in tok.ancestors):
            return True
    return False


def _prep_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            return next((p for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
    return None


def _antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("this incident, for which X is held responsible")."""
    if tok.tag_ not in ("WDT", "WP") and tok.lower_ not in ("which", "that"):
        return tok
    for anc in tok.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    # the parser hung the clause elsewhere: the noun right before "(for) which"
    for prev in reversed(tok.doc[tok.sent.start : tok.i]):
        if prev.pos_ in ("NOUN", "PROPN"):
            return prev
        if prev.pos_ not in ("ADP", "PUNCT", "SPACE"):
            break
    return tok


def _statement(sent_index: int, who: Token | None, what: Token | None, mentions: list[ActorMention]) -> Claim | None:
    """A statement that the actor named in ``who`` did the event named by ``what`` (None: the event told
    last). Nothing when ``who`` names no group or state force, or ``what`` is a class of events."""
    if what is not None:
        what = _antecedent(what)
        if what.pos_ == "PRON" or (what.pos_ in ("NOUN", "PROPN") and _generic_object(what)):
            return None  # "responsible for that", "for most of the attacks"
        if what.pos_ in ("NOUN", "PROPN") and what.lemma_.lower() not in EVENT_NOUNS | REFERRING:
            return None  # "responsible for the situation", "responsible for the links to ..."
    if what is not None and who is not None and who not in what.subtree:
        # the victim named in the event phrase is not who did it ("responsible for the murder of the minister")
        lo, hi = subtree_chars(what)
        mentions = [m for m in mentions if m.end <= lo or m.start >= hi]
    found, claimant = _claimant(who, mentions)
    if not found or claimant is None:
        return None
    pair = what is not None and any(c.lower_ in PAIR_DETERMINERS for c in what.children)
    target = what if what is not None and (what.lemma_.lower() in EVENT_NOUNS or definite(what)) else None
    if what is not None and target is None and what.pos_ in ("VERB", "AUX"):
        target = what  # "responsible for murdering five": the gerund is the event
    plural = what is not None and what.tag_ in ("NNS", "NNPS") and not pair
    return Claim(sent_index, claimant, pair=pair, target=target, named_only=plural)


def _responsible_holder(adj: Token) -> Token | None:
    """Who is said to be responsible: "X is responsible", "X is (held) responsible", "held X responsible",
    "those responsible ... are X", "the group responsible for ..."."""
    own = next((c for c in adj.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None:
        return own
    head = adj.head
    if adj.dep_ in ("acomp", "attr"):
        return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if adj.dep_ in ("oprd", "xcomp", "ccomp", "advcl"):
        return next((c for c in head.children if c.dep_ in ("nsubjpass", "dobj")), None)
    if adj.dep_ in ("amod", "acl"):
        if head.dep_ == "nsubj" and head.head.lemma_.lower() == "be":
            return next((c for c in head.head.children if c.dep_ == "attr"), None)  # "those responsible are X"
        return head
    return None


def statement_at(tok: Token, mentions: list[ActorMention], sent_index: int) -> Claim | None:
    """A statement of responsibility made with ``tok``, if it makes one: "X is (held) responsible for the
    attack", "those responsible for the murder are X", "blamed the bombing on X", "the attack was attributed
    to X". Negated, denied and unreal statements make none."""
    if tok.lemma_.lower() in RESPONSIBLE and tok.pos_ == "ADJ":
        if tok.sent.text.rstrip().endswith("?"):
            return None  # "do you believe that group is responsible?"
        what = _prep_object(tok, frozenset({"for"})) or _prep_object(tok.head, frozenset({"for"}))
        if _denied(tok, tok.head):
            return None
        return _statement(sent_index, _responsible_holder(tok), what, mentions)
    if tok.pos_ not in ("VERB", "AUX") or _denied(tok) or _habitual(tok):
        return None
    if tok.lemma_.lower() in MEMBERSHIP_VERBS:
        return _membership(tok, mentions, sent_index)
    if _stems(tok.lemma_.lower(), tok.lower_) & ATTRIBUTE:  # "blamed the attack on X", "attributed to X"
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        # the parse often hangs the preposition on the event noun: "blamed [the attack on the Taliban]"
        who = _prep_object(tok, ATTRIBUTE_PREPS) or (_prep_object(objects[0], ATTRIBUTE_PREPS) if objects else None)
        if objects and who is not None:
            return _statement(sent_index, who, objects[0], mentions)
    return None


def _membership(verb: Token, mentions: list[ActorMention], sent_index: int) -> Claim | None:
    """ "The attackers belonged to the Viv Ansanm gang coalition": a definite noun for perpetrators (a generic armed
    group mention: "the attackers", "the gunmen") said to belong to a group names the perpetrators of the event
    told before."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not definite(subj):
        return None
    perpetrators = any(m.start <= subj.idx < m.end and m.kind == "generic" and m.inter in (2, 3) for m in mentions)
    who = _prep_object(verb, MEMBERSHIP_PREPS)
    return _statement(sent_index, who, None, mentions) if perpetrators and who is not None else None


@functools.lru_cache(maxsize=65536)
def _may_claim(lemma: str, word: str) -> bool:
    """Whether a token whose lower-cased lemma is ``lemma`` and lower-case form ``word`` passes the first test
    of :func:`_claim_at`, :func:`_responsibility_claim` or :func:`statement_at` (each of which finds nothing
    at any other token)."""
    return lemma in CLAIM_LEMMAS or lemma in MEMBERSHIP_VERBS or not _stems(lemma, word).isdisjoint(ATTRIBUTE)


#: Lemmas at which :func:`_claim_at`, :func:`_responsibility_claim` or :func:`statement_at` may find a claim.
CLAIM_LEMMAS = CLAIM_VERBS | RESPONSIBILITY | RESPONSIBLE


def find_claims(article: Article) -> list[Claim]:
    """Every claim or statement of responsibility in the article, in text order."""
    out: list[Claim] = []
    if article.doc is None:
        return out
    doc = article.doc
    words = token_words(doc)
    sents: list[SpacySpan] = list(doc.sents)
    for i, sent in enumerate(sents):
        for k in range(sent.start, sent.end):
            if not _may_claim(*words[k]):
                continue
            tok = doc[k]
            claim = (
                _claim_at(tok, article.mentions.actors, i)
                or _responsibility_claim(tok, sent, article.mentions.actors, i)
                or statement_at(tok, article.mentions.actors, i)
            )
            if claim is not None:
                out.append(claim)
    return out


def _sentences(ev: Event, starts: list[int]) -> list[int]:
    """Indices of the sentences that mention the event (its triggers'), in order."""
    spans = [t for t in [ev.trigger, *ev.triggers] if t is not None]
    found = {bisect_right(starts, t.start) - 1 for t in spans}
    if ev.sent_index is not None:
        found.add(ev.sent_index)
    return sorted(found)


def definite(tok: Token) -> bool:
    """A definite phrase points back to an event told before: "the attack", "Friday's bombing", "either attack"."""
    return any((c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss" for c in tok.children)


def _targets(claim: Claim, article: Article, conv: Conventions, starts: list[int]) -> list[Event]:
    """The events a claim is about.

    The claimed phrase names an event ("an attack claimed by IS on the embassy"): that event, or none when
    the events stage coded none there. The phrase points back ("claimed responsibility for the attack"),
    or there is none: the claimable event (two for "either attack") mentioned nearest at or before the
    claim; a re-mention that the claimed phrase made into an event of its own ("the attack" beside the
    bombing told before) is folded into the event it points back to.
    """
    claimable = [ev for ev in article.events if ev.event_type in CLAIMABLE_TYPES]
    pool = [ev for ev in claimable if ev.actor1 is None or ev.actor1.inter != STATE]
    here: list[Event] = []
    if claim.target is not None:
        at = claim.target.idx
        # the claimed phrase names this event: the claim decides over what the parse made its actor1
        here = [ev for ev in claimable if any(t.start <= at < t.end for t in [*ev.triggers, ev.trigger] if t)]
        if claim.named_only or not definite(claim.target):
            return here
    if claim.claimant is not None:  # a claim also outranks a group noun only linked to the article's main group
        pool = [ev for ev in pool if _unnamed(ev.actor1, conv) or _linked_noun(ev.actor1)]
    told_before = [ev for ev in pool if all(ev is not h for h in here)]  # identity: events compare by value
    last = {id(ev): max((i for i in _sentences(ev, starts) if i <= claim.sent_index), default=-1) for ev in told_before}
    before = sorted((ev for ev in told_before if last[id(ev)] >= 0), key=lambda ev: -last[id(ev)])
    chosen = before[: 2 if claim.pair else 1]
    for ev in here:
        only_in_claim = set(_sentences(ev, starts)) == {claim.sent_index}
        if chosen and only_in_claim and (ev.fatalities is None or not ev.fatalities.best):
            absorb(chosen[0], ev)  # "the attack" in the claim is the bombing told before
            article.events = [e for e in article.events if e is not ev]
        else:
            chosen.append(ev)
    return chosen


def apply_claims(article: Article, conv: Conventions) -> None:
    """Give each claim's claimant (or nobody) to the events it is about."""
    starts = [sent.start_char for sent in article.doc.sents] if article.doc is not None else []
    unclaimed: list[Event] = []
    for claim in find_claims(article):
        for ev in _targets(claim, article, conv, starts):
            if claim.claimant is None:
                unclaimed.append(ev)
                if not _unnamed(ev.actor1, conv):
                    ev.actor1 = None  # "no group claimed": the group named nearby is not the perpetrator
                continue
            if ev.actor2 is not None and ev.actor2.canonical == claim.claimant.canonical:
                ev.actor2 = None  # the parse took the claimant for the target ("the bombing on X, claimed by X")
            ev.actor1 = EventActor.of(claim.claimant)
    _discourse_perpetrator(article, conv, unclaimed)


def _region(ev: Event) -> tuple[str | None, str | None]:
    """The country and first-level division where an event happened."""
    loc = ev.location
    return (loc.country_code, loc.admin1) if loc is not None else (None, None)


def _in_regions(
    region: tuple[str | None, str | None], regions: set[tuple[str | None, str | None]], told_after: bool
) -> bool:
    """Whether an event's region is one where the group acted: the same country and first-level division, or, for
    an event told after the group is named, the same country where the group's act is located no finer than it."""
    if region in regions:
        return True
    country = region[0]
    return W_COUNTRY_LEVEL and told_after and country is not None and (country, None) in regions


def _discourse_perpetrator(article: Article, conv: Conventions, unclaimed: list[Event]) -> None:
    """Coreference of the perpetrator across an article's events: when the article shows exactly one named
    armed group (not a state force) acting, as the actor1 of an asserted violent event, that group is the
    actor1 of its other violent events in the same region (country and first-level division) whose actor1
    the text left unnamed and whose sub-type ACLED would give an "Unidentified Armed Group" (``discourse`` in
    ``data/taxonomy/actor_conventions.tsv``): "Boko Haram fighters attacked Alagarno ... Gunmen also abducted
    30 women from Shawa" names Boko Haram for the abduction. Where the group's act is located no finer than the
    country, an event told after the group is named anywhere in that country counts as its region
    (``discourse_country_level`` in ``data/weights/resolve_actors.toml``). An event no one claimed, one in another
    region (an unclaimed bombing in Kano), one whose target is that group, and two groups acting in the article
    leave the actor unnamed. The same group is the unnamed armed side a state force fights in its region
    ("security forces killed five attackers after a siege", after al-Shabaab's claimed attack): actor2."""
    acting: dict[str, ActorMention] = {}
    regions: set[tuple[str | None, str | None]] = set()
    for ev in article.events:
        a = ev.actor1
        named = a is not None and a.mention is not None and not _unnamed(a, conv) and _can_claim(a.mention)
        if named and a.inter != STATE and ev.event_type in CLAIMABLE_TYPES and ev.modality == "asserted":
            acting.setdefault(a.canonical, a.mention)
            regions.add(_region(ev))
    if len(acting) != 1:
        return
    (who,) = acting.values()
    unclaimed_ids = {id(u) for u in unclaimed}
    for ev in article.events:
        if (
            (CONVENTIONS.get(ev.sub_event_type) or {}).get("discourse")
            and (ev.actor2 is None or ev.actor2.canonical != who.canonical)
            and _unnamed(ev.actor1, conv)
            and (ev.actor1 is None or ev.actor1.inter != STATE)
            and _in_regions(_region(ev), regions, who.start < min((sp.start for sp in ev.evidence), default=-1))
            and id(ev) not in unclaimed_ids
            and not _set_apart(ev, article)
        ):
            ev.actor1 = EventActor.of(who)
        elif (
            ev.event_type == "Battles"
            and ev.actor1 is not None
            and ev.actor1.inter == STATE
            and ev.actor2 is not None
            and _unnamed(ev.actor2, conv)
            and ev.actor2.inter not in CROWD_INTERS
            and _region(ev) in regions
        ):
            # "security forces killed five attackers after a siege": the attackers are the group shown acting
            ev.actor2 = EventActor.of(who)


# --------------------------------------------------------------------------- conventions


def _set_apart(ev: Event, article: Article) -> bool:
    """Whether the writer tells the event as another incident ("In a separate attack on Tuesday, a roadside bomb hit a
    police van"): the words before its trigger in its sentence set it apart from the group's deeds told before (the
    tolls' test, :func:`~wirecoder.resolve.fatalities.set_apart`)."""
    if ev.trigger is None or article.doc is None or not len(article.doc):
        return False
    tok = article.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if tok is None or not len(tok):
        return False
    return set_apart(article.text, tok.sent.start_char, ev.trigger.start)


def _place_names(article: Article) -> frozenset[str]:
    return frozenset(fold_key(p.text) for p in article.mentions.places)


def _recountry(actor: EventActor | None, country: str | None, conv: Conventions) -> None:
    """Put an unnamed actor whose country the text did not give in the event's country: a placeholder
    ("Civilians (X)") or a state force named by a bare noun ("troops", "junta forces", "police")."""
    if actor is None or country is None or _country_from_text(actor) or actor.country == country:
        return
    prefix = conv.prefix(actor)
    m = actor.mention
    if prefix is not None:
        coded = conv.render(f"{prefix} ({{country}})", country)
    elif m is not None and m.kind == "generic" and m.entry_id and m.entry_id.startswith("state:"):
        coded = conv.render("state:" + m.entry_id.rsplit(":", 1)[1], country)
    else:
        return
    if coded is not None:
        actor.canonical, actor.country = coded.canonical, coded.country


def _as_crowd(
    actor: EventActor | None, pattern: str, country: str | None, conv: Conventions, associated: list[EventActor]
) -> EventActor | None:
    """The crowd side of a demonstration under ACLED's collective name."""
    if actor is not None and conv.prefix(actor) == conv.kb.collective_name(pattern, None):
        return actor
    named_group = (
        actor is not None
        and actor.canonical
        and conv.prefix(actor) is None
        and actor.mention is not None
        and actor.mention.kind in ("group", "state")
        and actor.inter not in (STATE, 7)
    )
    if named_group:
        associated.append(actor)  # a union or party that organised the protest
    coded = conv.render(pattern, country, name="" if actor is None or named_group else actor.name)
    if coded is not None and actor is not None and not named_group:
        coded.mention = actor.mention
    return coded


def _apply_crowd(ev: Event, row: dict[str, str], country: str | None, conv: Conventions) -> None:
    crowd_role = row["crowd"]
    other_role = "actor2" if crowd_role == "actor1" else "actor1"
    # where the other side is the force that intervenes, a person named beside the demonstration is what it is
    # against ("marched ... chanting slogans against President William Ruto, and police fired tear gas"), no side
    forced = row[other_role].startswith("state:")
    sides = [
        a
        for a in (getattr(ev, crowd_role), getattr(ev, other_role))
        if a is not None and not (forced and a.mention is not None and a.mention.kind == "person")
    ]
    state = [a for a in sides if a.inter == STATE]
    rest = [a for a in sides if a.inter != STATE]
    # the state side is never the crowd: police that "fired tear gas at protesters" stay police
    crowd = _as_crowd(rest[0] if rest else None, row[crowd_role], country, conv, ev.associated_actors)
    other = state[0] if state else (rest[1] if len(rest) > 1 else None)
    if other is None or (row[other_role].startswith("state:") and other.inter != STATE):
        other = conv.render(row[other_role], country)  # the side that intervenes is the state
    if other_role == "actor2" and not row["actor2_kept"]:
        other = None
    setattr(ev, crowd_role, crowd)
    setattr(ev, other_role, other)


def _place_as_actor(actor: EventActor | None, places: frozenset[str], conv: Conventions) -> bool:
    """An actor that is only a place name: no mention of its own, or a "person" the tagger made of a town
    ("Lashkar Gah") with no knowledge-base entry, title or affiliation. Country names may act."""
    if actor is None or fold_key(actor.name) not in places - conv.countries:
        return False
    m = actor.mention
    if m is not None and m.how == "unknown" and not m.entry_id and not m.resolved:
        return True  # an ORG the tagger made of a town the place stage found ("shelled El Fasher")
    return m is None or (m.kind == "person" and not m.entry_id and not m.role and not m.affiliation)


def drop_places_as_actors(ev: Event, conv: Conventions, places: frozenset[str]) -> None:
    """A place taken for an actor is no actor ("Nairobi" is none; "Russia" may be). Done before claims are
    given, so an event whose "actor" was only its town can take the claimant."""
    for role in ("actor1", "actor2"):
        if _place_as_actor(getattr(ev, role), places, conv):
            setattr(ev, role, None)
    ev.associated_actors = [a for a in ev.associated_actors if not _place_as_actor(a, places, conv)]
    ev.associated_actors_2 = [a for a in ev.associated_actors_2 if not _place_as_actor(a, places, conv)]


def drop_self_opposed(ev: Event, conv: Conventions) -> None:
    """An actor is not both sides of one event. Where actor1 and actor2 name the same actor, an armed side (state
    forces, a rebel group, a militia: inter 1-4 or 8) is the one acting, and the other role is dropped ("Taliban
    fighters ambushed ... the Taliban"); anyone else (civilians, a person) is the one it happened to, and actor1
    is dropped ("the murder of the Jesuit priests" giving the Jesuits both roles). The dropped role is left to
    the claims and conventions."""
    a1, a2 = ev.actor1, ev.actor2
    if a1 is None or a2 is None or not a1.canonical or conv.prefix(a1) is not None:
        return
    if a1.canonical != a2.canonical and (a1.mention is None or a1.mention is not a2.mention):
        return
    if a1.inter in ARMED_INTERS:
        ev.actor2 = None
    else:
        ev.actor1 = None


def _country_as_forces(ev: Event, conv: Conventions) -> None:
    """A country named as a party to armed violence stands for its armed forces: "Russia launched 120 missiles"
    is Military Forces of Russia, as ACLED codes it; "the Russian government said" stays Government of Russia."""
    if ev.event_type not in STATE_FORCE_TYPES:
        return
    for role in ("actor1", "actor2"):
        actor = getattr(ev, role)
        if actor is None or not actor.country or fold_key(actor.name) not in conv.countries:
            continue
        gov = conv.kb.state_entry(actor.country, "gov")
        if gov is None or actor.canonical != gov.canonical:
            continue
        forces = conv.render("state:mil", actor.country, name=actor.name)
        if forces is not None:
            forces.mention = actor.mention
            setattr(ev, role, forces)


def apply_conventions(ev: Event, article: Article, conv: Conventions, fallback: str | None = None) -> None:
    """ACLED's conventions for one event (see the module docstring); ``fallback``: the country of an event
    located in none (:func:`article_country`)."""
    _country_as_forces(ev, conv)
    if ev.actor1 is not None and ev.sub_event_type:
        sub = taxonomy.side_subtype(ev.sub_event_type, ev.actor1.inter)
        if sub != ev.sub_event_type:
            ev.event_type, ev.sub_event_type, ev.plover = taxonomy.event_type(sub), sub, taxonomy.plover(sub)
    country = _event_country(ev, article, fallback)
    for actor in (ev.actor1, ev.actor2, *ev.associated_actors):
        _recountry(actor, country, conv)
    row = CONVENTIONS.get(ev.sub_event_type)
    if row is None:
        return
    if row["crowd"]:
        _apply_crowd(ev, row, country, conv)
        return
    a2 = ev.actor2
    if (
        row["actor2"]
        and a2 is not None
        and a2.mention is not None
        and a2.mention.kind == "person"
        and (not a2.mention.affiliation)
    ):
        coded = conv.render(row["actor2"], country, name=a2.name)  # a private person harmed: Civilians (X)
        if coded is not None:
            coded.mention = a2.mention
            ev.actor2 = coded
    a1 = ev.actor1
    if (
        W_PERSON_ACTOR1
        and row["actor1"]
        and not row["actor1"].startswith("state:")
        and a1 is not None
        and a1.mention is not None
        and a1.mention.kind == "person"
        and not a1.mention.affiliation
    ):
        military = (a1.mention.role or "").lower() in MILITARY_TITLES
        # a person with no group: Unidentified Armed Group; a colonel or general of no known state: that country's army
        coded = conv.render("state:mil" if military else row["actor1"], country, name=a1.name)
        if coded is not None:
            coded.mention = a1.mention
            ev.actor1 = coded
    if row["actor1"].startswith("state:") and ev.actor1 is not None and ev.actor1.inter in CROWD_INTERS:
        if ev.actor2 is None:
            ev.actor2 = ev.actor1  # "people were arrested": the people are the arrested side
        ev.actor1 = None
    if ev.actor1 is None:
        ev.actor1 = conv.render(row["actor1"], country)
    if ev.actor2 is None:
        ev.actor2 = conv.render(row["actor2"], country)


class ActorRoles(Stage):
    """Claims of responsibility and ACLED's actor conventions (see module docstring).

    config (dict): the pipeline configuration.
    claims (bool): give claims of responsibility to the events they claim.
    conventions (bool): apply ``data/taxonomy/actor_conventions.tsv``.
    """

    requires = (
        "article.doc",
        "article.text",
        "mentions.actors",
        "mentions.places",
        "places.resolved",
        "events",
        "event.actors",
        "event.location",
    )
    optional = ("article.focus_country",)  # read only for an event located in no country
    assigns = ("events", "event.actors")  # sets actor1/actor2/associated actors, edits their names

    def __init__(self, config: dict, claims: bool = True, conventions: bool = True) -> None:
        files = mention_stage_files(config)
        self.conv = Conventions(
            load_kb([p for p in files.split(os.pathsep) if p] if isinstance(files, str) else list(files or []))
        )
        self.claims = claims
        self.conventions = conventions

    def __call__(self, article: Article) -> Article:
        if self.conventions:
            places = _place_names(article)
            for ev in article.events:
                drop_places_as_actors(ev, self.conv, places)
                drop_self_opposed(ev, self.conv)
        if self.claims:
            apply_claims(article, self.conv)
        if self.conventions:
            fallback = article_country(article)
            for ev in article.events:
                apply_conventions(ev, article, self.conv, fallback)
        return article


@stages.register("wirecoder.actor_roles.v1")
def make_actor_roles(config: dict, *, claims: bool = True, conventions: bool = True) -> ActorRoles:
    """Factory of the actor-roles stage.

    claims (bool): give claims of responsibility to the events they claim (default true).
    conventions (bool): apply ACLED's actor conventions per sub-type (default true).
    """
    return ActorRoles(config, claims=claims, conventions=conventions)
