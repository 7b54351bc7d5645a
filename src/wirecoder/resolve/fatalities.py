"""Event fatalities: deaths only, counted once, attached to the right event.

The stage ``wirecoder.resolve_fatalities.v1``:

1. finds **death statements**: quantity mentions of people (or with no counted
   noun: "killing 12", "the toll rose to 85") whose nearest effect word is a
   death word ("killed", "dead", "died", "death toll", "bodies", "picked off"...)
   rather than an injury ("wounded") or another state ("aboard", "arrested"),
   by the dependency tree first, by word distance in the sentence second
   (``data/lexicons/casualties.en.tsv``); plus explicit zeros ("no one was
   killed", "no casualties");
2. attaches each statement to the asserted event whose trigger shares its
   sentence (the nearest trigger), else to the nearest asserted violent event
   within a few sentences;
3. combines an event's statements: counts in one sentence for different victim
   groups ("five soldiers and three civilians were killed") are **summed**;
   statements in different sentences are **repeats** of one toll (headline and
   body) and are never summed: ``best`` is the lowest specific count (ACLED's
   most conservative estimate; vague words such as "dozens" only count when no
   number is given), ``low`` the lowest and ``high`` the highest bound seen.

Cumulative, statistical and multi-incident tolls ("12,000 killed so far", "the war has killed half a
million", "killed in a wave of attacks") are never an event's toll (:func:`is_cumulative_statement`, public
for the event status stage); an event that is itself such a running total gets None.

Asserted events with no death statement get 0/0/0 (ACLED codes 0 when no
fatalities are reported) with ``text`` None; non-asserted events get None.

Which event types can have deaths is the ``fatalities`` flag of
``data/taxonomy/acled_event_types.tsv``; word lists and patterns are in
``data/lexicons/fatalities.en.toml``, search limits in ``data/weights/resolve_fatalities.toml``.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .. import lookups
from ..analysis.spans import present_perfect, token_at, token_words
from ..doc import Article, Event, Fatalities, Quantity
from ..events import taxonomy
from ..events.merge import apart_at
from ..pipeline import Stage
from ..registry import stages
from ..timex.lexicon import casualty_words, unit_classes

LEXICON = "lexicons/fatalities.en.toml"


def _words(key: str) -> frozenset:
    return lookups.words(LEXICON, key)


def _pattern(key: str) -> re.Pattern:
    return re.compile(lookups.value(LEXICON, key), re.I)


#: Verbs whose complement states what happened to their object ("left 12 people dead"); alone they say "other".
_RESULTATIVE_VERBS = _words("resultative_verbs")
#: Nouns of a resultative "to ..." phrase that make the object's count a toll ("beat two men to death").
_DEATH_RESULTS = _words("death_results")
#: Explicit zero tolls ("no one was killed"), and the word starts a sentence needs for one to count.
_ZERO = _pattern("zero_pattern")
_ZERO_CONTEXT = lookups.word_list(LEXICON, "zero_context")
#: Quantity units that count people (None: no counted noun, "killing 12").
_PEOPLE_UNITS = frozenset({"people", None})
#: Subjects of a linking verb that make its count a death toll: "the death toll rose to 85".
_TOLL_SUBJECTS = _words("toll_subjects")
#: Governors that make a killing intended or alleged ("plans to kill"), or done ("managed to kill").
_IRREALIS_HEADS = _words("irrealis_heads")
_REALIS_HEADS = _words("realis_heads")
#: Modal auxiliaries that make a death word not reported as done.
_MODAL_BLOCK = _words("modal_block")
#: Verbs that link a count to the effect word without meaning anything themselves.
_LINK_VERBS = _words("link_verbs")
_DESCRIPTIVE = _words("descriptive_participles")
#: Future durations, and the text after or before a count that makes it part of another toll.
_FUTURE_SPAN = _pattern("future_span_pattern")
_SUBSET_AFTER = _pattern("subset_after_pattern")
_SUBSET_BEFORE = _pattern("subset_before_pattern")
#: Words marking a running or historical total rather than one event's toll.
_CUMULATIVE = lookups.word_list(LEXICON, "cumulative_phrases")
#: Cumulative phrases of a toll's clause, comparison words that cancel them, period, campaign, incident
#: and multi-incident nouns (see :func:`is_cumulative_statement`).
_CUMULATIVE_CLAUSE = _pattern("cumulative_clause_pattern")
_COMPARISON_WORDS = _words("comparison_words")
_PERIOD_NOUNS = _words("period_nouns")
_CAMPAIGN_NOUNS = _words("campaign_nouns")
_PERFECT_CAMPAIGN_NOUNS = _words("perfect_campaign_nouns")
_INCIDENT_NOUNS = _words("incident_nouns")
_MULTI_INCIDENT_NOUNS = _words("multi_incident_nouns")
_MULTI_INCIDENT_MODIFIERS = _words("multi_incident_modifiers")
_INCIDENT_COUNT_NOUNS = _words("incident_count_nouns")
_PARENT_NOUNS = _words("parent_nouns")
#: A killing noun after these prepositions, or the agent of these verbs, is a cause, not a toll (:func:`_cause`).
_CAUSE_PREPS = _words("cause_prepositions")
_CAUSE_VERBS = _words("cause_verbs")
#: Injury words that make "killed or wounded" a count of casualties, not deaths.
_EITHER_INJURY = _words("either_injury_words")
#: Dependency labels that end the clause of a toll (relative, reported and parallel clauses).
_CLAUSE_STOPS = frozenset({"relcl", "acl", "ccomp", "parataxis"})
#: Death verbs and nouns whose single named or singular patient counts as one death.
_KILL_VERBS = _words("kill_verbs")
_KILL_NOUNS = _words("kill_nouns")
#: Kill verbs that state a death only with one of the particles ("shot dead", "gunned down").
_PARTICLE_KILL_VERBS = _words("particle_kill_verbs")
_KILL_PARTICLES = _words("kill_particles")
#: Relative pronouns standing for the victim before them, pronouns that count as one victim, entity
#: labels of names that are no victims, and people nouns that state no death without a number.
_RELATIVE_PRONOUNS = _words("relative_pronouns")
_PRONOUNS_ONE = _words("pronouns_one")
_NOT_PERSON_ENTITIES = _words("not_person_entities")
#: Determiners that make a singular nationality noun one person ("a Palestinian", "an Afghan").
_ONE_DETERMINERS = _words("one_determiners")
_NOT_VICTIM_NOUNS = _words("not_victim_nouns")
#: Counted nouns that say nothing of who died (see :func:`same_victims`); "" is a count with no noun.
_GENERIC_VICTIMS = _words("generic_victim_nouns") | {""}
#: Words that make a count add to the others of its sentence ("two more", "three other soldiers").
_ADDITIVE_WORDS = _words("additive_words")
#: Search limits and thresholds (``data/weights/resolve_fatalities.toml``).
W = lookups.weights("resolve_fatalities")
#: Default of the ``max_sentence_distance`` setting: how many sentences away a death statement may be
#: from its event when no trigger shares its sentence.
MAX_SENTENCE_DISTANCE = 3


def _exclusive_bound(q: Quantity) -> bool:
    """Whether a count is an exclusive lower bound to code by its stated number ("more than 100" -> 100, as
    ACLED codes it; ``stated_exclusive_bound``): the quantities stage reads it as 101."""
    return bool(W["stated_exclusive_bound"] and q.exclusive and q.kind == "low" and q.best)


@dataclass
class DeathStatement:
    """One statement that some people died."""

    low: int | None
    best: int | None
    high: int | None
    start: int
    end: int
    sent: int
    vague: bool
    head: str | None
    quantity: Quantity | None = None
    implicit: bool = False  # counted from named or singular victims, no number written
    cumulative: bool = False  # a running or statistical total ("12,000 killed so far"): never an event's toll
    clause: tuple[tuple[int, int], ...] = ()  # character spans of the clause stating it (count up to its verb)
    separate: bool = False  # its sentence tells another incident before it: only an event of that sentence takes it
    group: int | None = None  # the first of the coordinated counted nouns it is one of ("five soldiers and three
    #   civilians": both are one group's parts, summed)
    additive: bool = False  # said to be more than the others ("two more", "three other soldiers"): always added
    verb: int | None = None  # the verb it is told with, and the first of the verbs coordinated with it
    verbs: int | None = None  # ("four were hacked to death and two were shot dead": two groups, summed)


def _effect_words() -> tuple[dict[str, str], list[tuple[str, str]]]:
    words = casualty_words()
    single = {w: e for w, e in words.items() if " " not in w}
    multi = [(w, e) for w, e in words.items() if " " in w]
    return single, multi


def _counted_noun(doc, num, head: str | None):
    """The token of the counted noun ("12 people" -> "people"); the number itself when there is none."""
    if num.dep_ == "nummod":
        return num.head
    if head:
        for t in doc[num.i + 1 : min(len(doc), num.i + W["head_search_tokens"])]:
            if t.text == head:
                return t
    return num


def _governor_effect(head_tok, eff) -> tuple[str | None, bool]:
    """The effect named by the governors of the counted noun ("85 fighters ... had been picked off",
    "killing 12", "the death toll rose to 85"), and whether a content verb ended the search."""
    tok = head_tok
    for _ in range(W["governor_steps"]):
        if tok.head.i == tok.i:
            break
        prev, tok = tok, tok.head
        if prev.dep_ == "relcl":
            # out of a relative clause: what the counted noun's own modifier says of them comes first ("a father,
            # whose daughters were among 200 schoolgirls abducted, died")
            own = _modifier_effect(head_tok, eff)
            if own:
                return own, False
        e = eff(tok)
        if not e and _to_death(tok, head_tok):
            e = "death"  # "beat two men to death": the resultative phrase after the object
        if e == "other" and tok.lemma_.lower() in _RESULTATIVE_VERBS:
            e = _resultative_effect(tok, head_tok, eff) or e  # "left one soldier dead"
        if e:
            return e, False
        if prev.lower_ == "of" and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj":
            return None, True  # the size of a place or group in a circumstance: "on a base of about 60"
        if tok.lower_ in _DESCRIPTIVE and prev.i == head_tok.i:
            return None, False  # "four people aged 23 to 28 were killed": a description, read past by distance
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:  # "the death toll rose to 85"
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != head_tok.i and child.lower_ in _TOLL_SUBJECTS:
                    return "death", False
            # a content verb without effect meaning ends the search ("people were involved in the murder")
            if tok.lemma_.lower() not in _LINK_VERBS:
                return None, True
    return None, False


def _to_death(verb, head_tok) -> bool:
    """Whether a verb has a resultative "to death" after its counted object ("beat two men to death", "hacked 12
    villagers to death"), which the lexicon's "beat to death" cannot match with the object between."""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "prep" and c.lower_ == "to" and c.i > head_tok.i
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _DEATH_RESULTS for o in c.children)
        for c in verb.children
    )


def _resultative_effect(verb, head_tok, eff) -> str | None:
    """The effect a resultative verb's complement states of its object: "left one soldier and 14 traffickers dead",
    "leaving 12 people wounded" (a complement of the verb, or an adjective after the counted noun or after the first
    noun of its coordination), or None."""
    nouns = [head_tok, *([head_tok.head] if head_tok.dep_ == "conj" else [])]
    words = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") and c.i > head_tok.i]
    words += [c for n in nouns for c in n.children if c.dep_ == "amod" and c.i > n.i]
    for w in words:
        e = eff(w)
        if e:
            return e
    return None


def _modifier_effect(head_tok, eff) -> str | None:
    """The effect named by a modifier after the counted noun: "people killed", "85 dead", "guards who were killed"."""
    for child in head_tok.children:
        if child.dep_ in ("amod", "acl", "relcl", "appos") and child.i > head_tok.i:
            e = eff(child)
            if e:
                return e
    return None


def _nearby_effect(doc, head_tok, num, eff) -> str | None:
    """The effect of a word right after the count, where the parse gives none (fragments, headlines: "12 killed");
    a describing participle's phrase right after the counted noun is passed over ("four people aged 23 to 28 were
    killed")."""
    start = head_tok.i + 1
    if start < len(doc) and doc[start].lower_ in _DESCRIPTIVE:
        start = doc[start].right_edge.i + 1
    for t in doc[start : min(len(doc), start + W["effect_window_tokens"] - 1, num.sent.end)]:
        e = eff(t)
        if e:
            return e
    return None


def effect_of(article: Article, q: Quantity) -> str | None:
    """What happened to the counted people: "death", "injury", "other" or None.

    article (Article): the article (its ``doc`` gives the parse).
    q (Quantity): a quantity mention.
    RETURNS (str | None): the effect of the nearest effect word, by syntax then by distance.
    """
    doc = article.doc
    single, multi = _effect_words()
    if doc is None or not len(doc):
        return None
    core = q.core or (q.start, q.end)
    num = token_at(doc, core[0] if q.kind == "vague" else core[1] - 1)
    if num is None:
        return None
    head_tok = _counted_noun(doc, num, q.head)
    if q.head and q.head.lower() in single:
        return single[q.head.lower()]  # the counted noun itself says it: "bodies", "dead", "casualties"

    def eff(tok) -> str | None:
        e = _effect(doc, tok, single, multi)
        if e == "death" and not realis(tok):
            return "irrealis"  # "sworn to kill 10 judges", "suspected of killing"
        if e == "death" and _or_injured(tok):
            return "casualty"  # "killed or wounded": casualties, not deaths
        return e

    # 1. syntax: the governors of the counted noun, then its modifiers; 2. distance
    e, blocked = _governor_effect(head_tok, eff)
    if e:
        return e
    e = _modifier_effect(head_tok, eff)
    if e or blocked:
        return e
    return _nearby_effect(doc, head_tok, num, eff)


def _or_injured(tok) -> bool:
    """Whether a death word is coordinated by "or" with an injury word ("killed or wounded", "injured or dead")."""
    def injury(t) -> bool:
        return t.lower_ in _EITHER_INJURY or t.lemma_.lower() in _EITHER_INJURY

    def with_or(t) -> bool:
        return any(c.dep_ == "cc" and c.lower_ == "or" for c in t.children)

    if with_or(tok) and any(c.dep_ == "conj" and injury(c) for c in tok.children):
        return True
    return tok.dep_ == "conj" and injury(tok.head) and with_or(tok.head)


def realis(tok) -> bool:
    """False when a death word is negated, modal, infinitival or under an intent verb ("plans to kill")."""
    children = list(tok.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in _MODAL_BLOCK for c in children):
        return False
    head = tok
    for _ in range(W["realis_steps"]):
        if head.head.i == head.i:
            break
        head = head.head
        lem = head.lemma_.lower()
        if lem in _REALIS_HEADS:
            return True
        if lem in _IRREALIS_HEADS:
            return False
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("prep", "pcomp"):
            break
    return not (tok.tag_ == "VB" and tok.pos_ == "VERB")


def _effect(doc, tok, single: dict[str, str], multi: list[tuple[str, str]]) -> str | None:
    """The effect class of one token (or of the two-word phrase it starts), or None."""
    w = tok.lower_
    lem = tok.lemma_.lower()
    if tok.i + 1 < len(doc):
        rest = " ".join(t.lower_ for t in doc[tok.i + 1 : tok.i + 3])  # phrases of up to three words
        said = (f"{lem} {rest} ", f"{w} {rest} ")
        for phrase, e in multi:
            if said[0].startswith(phrase + " ") or said[1].startswith(phrase + " "):
                return e
    if w in single:
        return single[w]
    if lem in single and tok.pos_ in ("VERB", "ADJ", "NOUN", "AUX"):
        return single[lem]
    return None


def _duration_days(value: str | None) -> float:
    """Days of a TIMEX3 duration value ("PT2H" 0, "P2D" 2, "P9Y" 3285); unknown lengths count as long."""
    m = re.fullmatch(r"P(\d+(?:\.\d+)?)([DWMY])", value or "")
    if value and value.startswith("PT"):
        return 0.0
    if not m:
        return float("inf")
    return float(m.group(1)) * {"D": 1, "W": 7, "M": 30, "Y": 365}[m.group(2)]


def _span_days(t) -> int:
    try:
        return (date.fromisoformat(t.end_date) - date.fromisoformat(t.start_date)).days
    except (TypeError, ValueError):
        return 0


def _found_dead_patients(tok) -> list | None:
    """The subject of "X was found dead", "X is dead"; None when the verb is negated or modal."""
    vchildren = list(tok.head.children)
    if any(c.dep_ == "neg" for c in vchildren) or any(c.lower_ in _MODAL_BLOCK for c in vchildren):
        return None
    return [c for c in vchildren if c.dep_ in ("nsubj", "nsubjpass")]


def _kill_noun_patients(tok) -> list:
    """The victims of a death noun: "the murder of Msgr Romero", "Romero's death", "the murders of X, Y and Z"."""
    patients = [c for c in tok.children if c.dep_ == "poss"] if tok.tag_ == "NN" else []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            patients += [g for g in c.children if g.dep_ == "pobj"]
    return patients


def _undergoers(verb) -> list:
    """Who a verb's action is done to: the subject of a passive ("X was killed", "X was stabbed to death"), else
    the direct object ("gunmen murdered X", "mobs beat X to death")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]


def _kill_verb_patients(tok) -> list | None:
    """The patients of a realis kill verb ("gunmen murdered X", "X was killed", "X died", "the mayor, killed
    in ..."); None when the verb states no death ("shot at", "plans to murder")."""
    lem = tok.lemma_.lower()
    children = list(tok.children)
    if lem in _PARTICLE_KILL_VERBS and not any(c.lower_ in _KILL_PARTICLES for c in children):
        return None
    if not realis(tok):
        return None
    patients = [c for c in children if c.dep_ == "nsubj"] if lem == "die" else _undergoers(tok)
    if not patients and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):  # "the mayor, killed in"
        patients = [tok.head]
    return patients


def _may_state_death(lower: str, lemma: str) -> bool:
    """Whether a word (lower case, lower-cased lemma) can state a death at all: :func:`_death_patients` is None
    for every other word, which is thus skipped without building its spaCy token."""
    return lower in ("dead", "death") or lemma in _KILL_NOUNS or lemma in _KILL_VERBS


def _death_patients(tok) -> list | None:
    """The victims a token states the death of, None when it states none."""
    if tok.lower_ == "dead" and tok.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "advcl") \
            and tok.head.pos_ in ("VERB", "AUX"):
        return _found_dead_patients(tok)
    if tok.lower_ == "death" and tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.pos_ == "VERB":
        verb = tok.head.head  # "was stabbed to death", "beat him to death": the verb's patient died
        return None if verb.tag_ == "VB" or not realis(verb) else _undergoers(verb)
    lem = tok.lemma_.lower()
    if lem in _KILL_NOUNS and tok.pos_ == "NOUN" and tok.tag_ in ("NN", "NNS") and realis(tok):
        return _kill_noun_patients(tok)
    if lem not in _KILL_VERBS or tok.pos_ != "VERB" or tok.tag_ == "VB":
        return None  # "plans to murder him" (infinitive) states no death
    return _kill_verb_patients(tok)


def _victim_count(pat, people: frozenset[str], titled: bool, names: tuple[tuple[int, int], ...] = ()) -> int:
    """How many people a victim phrase names without a number (0 when it is not countable so):
    pronouns, names and person nouns, with their conjuncts ("Jose Perez and his driver"). ``names`` are the
    spans of the person names the actor stage found on upper-case copy, whose truecased words the tagger often
    takes for common nouns ("the assassination of msgr oscar arnulfo romero": "romero" NN, an ORG entity): a
    word inside one counts one person, once per name."""
    count = 0
    seen: set[tuple[int, int]] = set()
    for p in [pat, *pat.conjuncts]:
        if any(c.dep_ == "nummod" for c in p.children) or p.like_num:
            return 0
        name = next((n for n in names if n[0] <= p.idx < n[1]), None)
        if p.lower_ in _PRONOUNS_ONE:
            count += 1
        elif name is not None:
            count += name not in seen
            seen.add(name)
        elif p.ent_type_ == "NORP" and p.tag_ in ("NNP", "NN") and any(
                c.dep_ == "det" and c.lower_ in _ONE_DETERMINERS for c in p.children):
            count += 1  # "shot dead a 17-year-old Palestinian": one person of that nationality
        elif p.tag_ == "NNP" or p.ent_type_ == "PERSON":
            if p.ent_type_ in _NOT_PERSON_ENTITIES:
                return 0
            count += 1
        elif p.tag_ == "NN" and (p.lemma_.lower() in people or (titled and any(
                c.dep_ == "compound" and c.lemma_.lower() in people for c in p.children))):
            # a person noun, or a name after a title in upper-case copy ("MSGR ROMERO")
            count += 1
        else:
            return 0
    return count


def implicit_deaths(article: Article, titled: bool = True) -> list[tuple[int, int, int, str]]:
    """Deaths stated without a number: "the mayor was killed", "gunmen murdered Jose Perez and his driver".

    article (Article): the article (its ``doc`` gives the parse).
    titled (bool): in upper-case copy, count a name after a person noun used as a title ("MSGR ROMERO") and a
        victim word inside a person name the actor stage found ("THE MURDER OF HECTOR OQUELI COLINDRES").
    RETURNS (list[tuple[int, int, int, str]]): (count, start, end, victim key) for each such statement;
        the key (the victims' last words, lower case) lets repeats be counted once.
    """
    out = []
    people = _people_nouns()
    doc = article.doc
    names = _person_names(article) if titled else ()
    for i, (lemma, lower) in enumerate(token_words(doc)):
        if not _may_state_death(lower, lemma):
            continue
        tok = doc[i]
        if W["causes_are_no_tolls"] and _cause(tok):
            continue
        patients = _death_patients(tok)
        if not patients or len({p.dep_ for p in patients}) != 1:
            continue
        # one verb has one subject: two in one role are a parse that lost an apposition or a place ("the
        # 56-year-old man - father of five Liu Shaoyo - was shot dead", "in Buenaventura, the major port ...,
        # judge Sofia de Roldan was shot to death"), one victim told twice or a victim beside a non-person; the
        # largest count of them is the toll
        best_pat, count = None, 0
        for pat in patients:
            if pat.lower_ in _RELATIVE_PRONOUNS and pat.head.dep_ == "relcl":
                pat = pat.head.head  # "priests X and Y, who were killed": the antecedent
            n = _victim_count(pat, people, titled, names)
            if n > count:
                best_pat, count = pat, n
        pat = best_pat
        if count:
            s, e = pat.left_edge.idx, tok.idx + len(tok.text)
            if s > tok.idx:
                s, e = tok.idx, pat.right_edge.idx + len(pat.right_edge.text)
            key = " ".join(p.lower_ for p in [pat, *pat.conjuncts])
            out.append((count, s, e, key))
    return out


def _person_names(article: Article) -> tuple[tuple[int, int], ...]:
    """The character spans of person names in upper-case copy (found by the actor stage on the original
    capitals, where the truecased copy the parser reads has lost them); none for ordinary copy."""
    if not article.upper_case:
        return ()
    return tuple((m.start, m.end) for m in article.mentions.actors if m.kind == "person")


def _cause(tok) -> bool:
    """Whether a killing noun is told as the cause or grievance of another event, not as its toll: "clashes over
    the police killing of a Chinese man", "prompted by the death of a local teenager" (``cause_prepositions``,
    ``cause_verbs``)."""
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in _CAUSE_PREPS:
        return True
    return prep.lower_ == "by" and prep.dep_ == "agent" and prep.head.lemma_.lower() in _CAUSE_VERBS


def _people_nouns() -> frozenset[str]:
    return frozenset(k for k, v in unit_classes().items() if v == "people" and k not in _NOT_VICTIM_NOUNS)


def _clause(tok) -> list:
    """The clause stating a count: the token and its governors up to the first relative, reported or root
    clause ("at least 12,000 people" -> "killed" in "said the group had killed at least 12,000 people")."""
    out = [tok]
    for _ in range(W["clause_steps"]):
        if tok.dep_ in _CLAUSE_STOPS or tok.head.i == tok.i:
            break
        tok = tok.head
        out.append(tok)
    # the participle after a count or its noun: "At least 23 killed in ...", "people killed in ..."
    out += [c for t in out[:2] for c in t.children
            if c.dep_ in ("acl", "relcl", "amod") and c.i > t.i and c.pos_ in ("VERB", "ADJ") and c not in out]
    return out


def _attached(tok, clause_ids: set[int]) -> bool:
    """Whether a word modifies the clause: its governors reach the clause through prepositions and nouns,
    not through another verb ("killing 5, while the conflict has killed 10,000 so far": not the 5's)."""
    for _ in range(W["clause_steps"]):
        if tok.i in clause_ids:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i not in clause_ids and tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("prep", "pcomp", "agent"):
            return False
    return False


def _compared(doc, tok) -> bool:
    """Whether a phrase dates a comparison ("the deadliest attack since 2015"), not a toll."""
    before = doc[max(tok.sent.start, tok.i - W["comparison_tokens"]) : tok.i]
    return any((t.lower_ in _COMPARISON_WORDS or t.tag_ == "JJS") and t.lower_ != "least" for t in before)


def _campaign_cause(clause: list) -> bool:
    """Whether a prolonged campaign causes the deaths: the subject or agent of a verb of the clause ("the war
    has killed", "his drug war, which has killed"), or its "in"/"during" object in the present perfect."""
    for v in clause:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        causes = [c for c in v.children if c.dep_ == "nsubj"]
        causes += [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if v.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE_PRONOUNS for c in v.children):
            causes.append(v.head)  # "his drug war, which has killed thousands"
        if present_perfect(v):
            causes += [g for c in v.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                       for g in c.children if g.dep_ == "pobj"]
        if any(c.lemma_.lower() in _CAMPAIGN_NOUNS for c in causes):
            return True
        if present_perfect(v) and any(c.lemma_.lower() in _PERFECT_CAMPAIGN_NOUNS for c in causes):
            return True  # "the fighting has claimed 150,000 lives"
    return False


def _multi_incident(t) -> bool:
    """Whether a noun names several incidents: "a wave of attacks", "separate attacks", "dozens of attacks"."""
    if t.lemma_.lower() in _MULTI_INCIDENT_NOUNS:
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.tag_ == "NNS" for g in c.children) for c in t.children)
    if t.tag_ != "NNS" or t.lemma_.lower() not in _INCIDENT_NOUNS:
        return False
    counted = t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _INCIDENT_COUNT_NOUNS
    return counted or any(c.dep_ == "amod" and c.lower_ in _MULTI_INCIDENT_MODIFIERS for c in t.children)


def _clause_cumulative(doc, clause: list, q: Quantity | None) -> bool:
    """The cumulative tests on one clause (see :func:`is_cumulative_statement`)."""
    sent = clause[0].sent
    ids = {t.i for t in clause}
    perfect = any(present_perfect(t) for t in clause if t.pos_ in ("VERB", "AUX"))
    for m in _CUMULATIVE_CLAUSE.finditer(sent.text):
        tok = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if tok is not None and not _compared(doc, tok[0]) and _attached(tok[-1], ids):
            return True
    attached = [t for t in sent if t.i not in ids and _attached(t, ids)]
    if perfect and any(t.lower_ in _PERIOD_NOUNS for t in attached):
        return True  # "it has been a brutal week, with more than 70 killed"
    antecedents = [t.head for t in clause if t.dep_ == "relcl"]  # "two separate attacks that killed 130"
    if _campaign_cause(clause) or any(_multi_incident(t) for t in [*clause, *attached, *antecedents]):
        return True
    if q is not None and q.kind == "vague" and (q.best or 0) >= W["vague_cumulative_min"] and perfect:
        # "hundreds have been killed" with no incident to anchor it
        return not any(t.lemma_.lower() in _INCIDENT_NOUNS for t in attached)
    return False


def is_cumulative_statement(article: Article, start: int, end: int) -> bool:
    """Whether the text at ``[start, end)`` states a cumulative or aggregate toll, not one incident's.

    The span is a death count ("at least 12,000 people") or an event trigger ("killed"); it is cumulative
    when the clause that states it (the count up to its verb, not past a relative or reported clause):

    * carries a running-total or period phrase: "so far", "to date", "a total of", "since ...", "this year",
      "in recent weeks", "over the past three years", "according to an AP count" -- unless it dates a
      comparison ("the deadliest attack since 2015");
    * is in the present perfect with a period noun ("it has been a brutal week, with 70 killed");
    * has a prolonged campaign as its cause ("the war has killed half a million", "his drug war, which has
      killed thousands", "have been killed in insurgency-related violence"), or fighting in the present perfect
      ("the fighting has claimed 150,000 lives");
    * sums several incidents ("killed in a wave of attacks", "23 killed in separate attacks", "dozens of
      attacks in which at least 10 civilians were killed");
    * is in the present perfect with a large vague count and no incident noun ("hundreds have been killed");

    or, for a count, a duration lies next to it or a date range longer than about two months or a
    running-total word ("nationwide", "war that has") is in its sentence (``data/lexicons/fatalities.en.toml``).
    For a trigger, the death counts of its sentence whose clause holds the trigger are tested too.

    article (Article): the article (its ``doc`` gives the parse; its mentions the counts and times).
    start (int): first character of the span.
    end (int): end character of the span.
    RETURNS (bool): True for a cumulative or statistical toll (an aggregate, never an event's fatalities).
    """
    doc = article.doc
    if doc is None or not len(doc) or end <= start:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sent = span[0].sent
    quantities = [q for q in article.mentions.quantities if sent.start_char <= q.start < sent.end_char]
    own = [q for q in quantities if q.start < end and start < q.end]
    if own:
        return any(_count_cumulative(article, q) for q in own)
    anchor = span.root
    if _clause_cumulative(doc, _clause(anchor), None):
        return True
    for q in quantities:
        tok = _count_token(article, q)
        if tok is not None and anchor.i in {t.i for t in _clause(tok)} and _count_cumulative(article, q):
            return True
    return False


def _count_token(article: Article, q: Quantity):
    core = q.core or (q.start, q.end)
    return token_at(article.doc, core[0] if q.kind == "vague" else core[1] - 1)


def set_apart(text: str, sent_start: int, at: int) -> bool:
    """Whether the words of a sentence before ``at`` tell another incident than the ones told before ("In a separate
    incident, ...", "Elsewhere, ..."; ``separate_incident_pattern``)."""
    return apart_at(text, sent_start, at) is not None


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _coordination(doc, num, head: str | None) -> tuple[int, bool, int | None, int | None]:
    """How a count stands among the others of its sentence: the group of its noun (the first of its coordinated
    nouns: "five soldiers and three civilians" are one group), whether it is said to add to others ("two more",
    "three other soldiers", ``additive_words``), the verb it is told with and the first of the verbs coordinated
    with that one ("four were hacked to death and two were shot dead")."""
    noun = _counted_noun(doc, num, head)
    words = [c.lower_ for c in (*noun.children, *num.children)]
    if num.i + 1 < len(doc):
        words.append(doc[num.i + 1].lower_)
    group, additive = _first_conjunct(noun).i, any(w in _ADDITIVE_WORDS for w in words)
    verb = noun
    for _ in range(W["governor_steps"]):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return group, additive, None, None
    return group, additive, verb.i, _first_conjunct(verb).i


def _killed_count(tok) -> bool:
    """Whether a count is what a kill verb acts on ("soldiers killed two of the attackers", "two of the attackers
    were killed"): a part of a group, but itself the toll, unlike the subject of "one of the persons killed was a
    child"."""
    if tok is None or tok.dep_ not in ("dobj", "obj", "nsubjpass") or tok.head.lemma_.lower() not in _KILL_VERBS:
        return False
    # "three of the dead were killed in Chittagong": the group is the toll itself, so the count is part of it
    group = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return not any(casualty_words().get(o.lower_) == "death" or o.lemma_.lower() in _TOLL_SUBJECTS for o in group)


def _of_counted(tok, earlier: list) -> bool:
    """Whether a killed count's "of" group is a pronoun standing for dead already counted in its sentence: "killed
    at least seven civilians, beheading four of them" (the four are among the seven), unlike "clashed with the
    insurgents, killing five of them", whose pronoun stands for a group no count has told. ``earlier``: the
    death statements before the count in its sentence."""
    group = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return any(o.pos_ == "PRON" for o in group) and any(d.end <= tok.idx for d in earlier)


def _children_count(tok) -> bool:
    """ "A mother of three was shot dead": the number counts a parent's children, not the dead."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in _PARENT_NOUNS


def _count_cumulative(article: Article, q: Quantity) -> bool:
    """Whether a count is a cumulative toll: its clause (see :func:`is_cumulative_statement`), a duration
    next to it, a long date range or a running-total word in its sentence."""
    tok = _count_token(article, q)
    if tok is None:
        return False
    return _sentence_cumulative(article, tok.sent, q.end) or _clause_cumulative(article.doc, _clause(tok), q)


def _sentence_cumulative(article: Article, sent, end: int) -> bool:
    """A duration next to a toll ending at ``end``, a long date range or a running-total word in its sentence."""
    near = W["duration_chars"]
    for t in article.mentions.times:
        if not sent.start_char <= t.start < sent.end_char:
            continue
        if t.type == "DURATION" and not _FUTURE_SPAN.search(t.text) and -near <= t.start - end <= near \
                and _duration_days(t.value) >= W["cumulative_duration_days"]:
            return True  # "a war that has left 70,000 dead in 9 years"; not "a 2-hour clash"
        if t.type == "DATE" and _span_days(t) > W["long_range_days"]:
            first = article.doc.char_span(t.start, t.end, alignment_mode="expand")
            if first is None or not _compared(article.doc, first[0]):
                return True  # "thousands were killed during the military regimes of the 1970s"
    low = sent.text.lower()
    return any(w in low for w in _CUMULATIVE)


class ResolveFatalities(Stage):
    """Attach death counts (low/best/high) to events.

    config (dict | None): the pipeline configuration.
    max_sentence_distance (int): how many sentences away a death statement may be from its event when no
        trigger shares its sentence.
    repeats (str): "lowest" or "highest" toll among repeats in different sentences (see :func:`combine`).
    titled (bool): in upper-case copy, count a name after a person noun used as a title ("MSGR ROMERO") and a
        victim word inside a person name the actor stage found.
    """

    requires = ("article.doc", "article.text", "article.upper_case", "events", "mentions.actors", "mentions.quantities",
                "mentions.times")
    # the places of the sentences of two tolls of one count tell two events apart (see _once)
    optional = ("mentions.places", "places.resolved")
    assigns = ("event.fatalities",)

    def __init__(self, config: dict | None = None, max_sentence_distance: int = MAX_SENTENCE_DISTANCE,
                 repeats: Literal["lowest", "highest"] = "lowest", titled: bool = True) -> None:
        self.max_sentence_distance = max_sentence_distance
        self.repeats = repeats
        self.titled = titled

    def statements(self, article: Article) -> list[DeathStatement]:
        """All death statements in the article, in text order."""
        doc = article.doc
        if doc is None or not len(doc):
            return []
        starts = [s.start_char for s in doc.sents]

        def sent_of(c: int) -> int:
            return max(0, bisect.bisect_right(starts, c) - 1)

        out = []
        for q in article.mentions.quantities:
            if q.unit not in _PEOPLE_UNITS and not (q.head and casualty_words().get(q.head.lower()) == "death"):
                continue
            if q.best is None:
                continue
            if effect_of(article, q) != "death":
                continue
            before = article.text[max(0, q.start - W["subset_before_chars"]) : q.start]
            tok = _count_token(article, q)
            part = _SUBSET_AFTER.match(article.text, q.end) and (
                not _killed_count(tok) or _of_counted(tok, [d for d in out if d.sent == sent_of(q.start)])
            )
            if part or _SUBSET_BEFORE.search(before):
                continue  # "one of the persons killed", "including 10 children": part of a toll counted elsewhere
            if tok is not None and _children_count(tok):
                continue
            clause = tuple((t.idx, t.idx + len(t.text)) for t in _clause(tok)) if tok is not None else ()
            low, best = (q.best - 1, q.best - 1) if _exclusive_bound(q) else (q.low, q.best)
            group, additive, verb, verbs = _coordination(doc, tok, q.head) if tok is not None else (None, False,
                                                                                                   None, None)
            out.append(DeathStatement(low, best, q.high, q.start, q.end, sent_of(q.start),
                                      q.kind == "vague", q.head, q, cumulative=_count_cumulative(article, q),
                                      clause=clause, group=group, additive=additive, verb=verb, verbs=verbs))
        for count, s, e, key in implicit_deaths(article, self.titled):
            si = sent_of(s)
            if any(d.sent == si and d.start <= e and s <= d.end for d in out):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            clause = tuple((t.idx, t.idx + len(t.text)) for t in _clause(span.root)) if span is not None else ()
            cum = (span is not None and _sentence_cumulative(article, span.sent, e)) \
                or is_cumulative_statement(article, s, e)
            out.append(DeathStatement(count, count, count, s, e, si, False, key, None, implicit=True,
                                      cumulative=cum, clause=clause))
        for m in _ZERO.finditer(article.text):
            s = sent_of(m.start())
            sent_text = article.text[starts[s] : starts[s + 1] if s + 1 < len(starts) else len(article.text)]
            low = sent_text.lower()
            if any(w in low for w in _ZERO_CONTEXT):
                out.append(DeathStatement(0, 0, 0, m.start(), m.end(), s, False, None))
        out.sort(key=lambda d: d.start)
        for d in out:
            d.separate = set_apart(article.text, starts[d.sent], d.start)
        return out

    def find(self, article: Article) -> list[Fatalities | None]:
        """One Fatalities (or None) per event, in event order (pure)."""
        doc = article.doc
        statements = self.statements(article)
        starts = [s.start_char for s in doc.sents] if doc is not None and len(doc) else [0]

        def sent_of(c: int) -> int:
            return max(0, bisect.bisect_right(starts, c) - 1)

        def trig_sents(ev: Event) -> list[tuple[int, int]]:
            spans = [ev.trigger] if ev.trigger is not None else []
            spans += [sp for sp in ev.triggers if sp is not ev.trigger]
            if not spans:
                spans = ev.evidence[:1]
            return [(sent_of(sp.start), sp.start) for sp in spans]

        candidates = [(i, ev) for i, ev in enumerate(article.events)
                      if ev.modality == "asserted" and taxonomy.type_has(ev.event_type, "fatalities")]
        # a cumulative toll is no event's; an event all of whose triggers are in such clauses (the event
        # mention *is* the running total: "the group had killed 12,000 people so far") gets None
        cumulative = [st for st in statements if st.cumulative]
        totals = {i for i, ev in candidates if _is_total(ev, cumulative)}
        places: dict[int, set[int]] = {}
        for m in article.mentions.places:
            if m.role == "location" and m.resolved is not None and not m.resolved.is_country:
                places.setdefault(sent_of(m.start), set()).add(m.resolved.id)
        statements = _once([st for st in statements if not st.cumulative], places)
        by_event: dict[int, list[DeathStatement]] = {}
        for st in statements:
            best = None
            for i, ev in candidates:
                for s, c in trig_sents(ev):
                    sd = abs(s - st.sent)
                    if sd > self.max_sentence_distance or (sd and (i in totals or st.separate)):
                        continue
                    # same sentence first, then violent events, then nearest sentence, then nearest char
                    key = (sd != 0, sd, abs(c - st.start))
                    if best is None or key < best[0]:
                        best = (key, i)
            if best is not None:
                by_event.setdefault(best[1], []).append(st)
        out: list[Fatalities | None] = []
        for i, ev in enumerate(article.events):
            if ev.modality != "asserted":
                out.append(None)
            elif i in by_event:
                out.append(combine(by_event[i], article.text, self.repeats))
            elif i in totals:
                out.append(None)
            else:
                out.append(Fatalities(0, 0, 0, None))
        return out

    def __call__(self, article: Article) -> Article:
        for ev, f in zip(article.events, self.find(article), strict=True):
            ev.fatalities = f
        return article


def _is_total(ev: Event, cumulative: list[DeathStatement]) -> bool:
    """Whether every trigger of the event lies in the clause of a cumulative toll (or on its count)."""
    spans = [sp for sp in (ev.trigger, *ev.triggers) if sp is not None]
    return bool(spans) and bool(cumulative) and all(
        any(a <= sp.start < b for st in cumulative for a, b in (*st.clause, (st.start, st.end))) for sp in spans)


def _once(statements: list[DeathStatement], places: dict[int, set[int]] | None = None) -> list[DeathStatement]:
    """Drop repeats of one statement in other sentences: the same named victims, or the same
    count of the same noun ("killed 20 civilians" in headline and body), so that events the
    event stage did not merge cannot count the same dead twice. Two sentences that each name places below the
    country, none shared (``places``: sentence index -> place ids), tell two events: "two people died ... in
    Mykolaiv" and "two people died ... in the Dnipropetrovsk region" are four dead."""
    places = places or {}
    seen: dict[tuple, list[int]] = {}
    out = []
    for st in statements:
        key = (st.implicit, st.best, (st.head or "").lower())
        here = places.get(st.sent, set())
        if st.best and key in seen and any(not here or not places.get(k) or here & places[k] for k in seen[key]):
            continue
        seen.setdefault(key, []).append(st.sent)
        out.append(st)
    return out


def combine(statements: list[DeathStatement], text: str, repeats: str = "lowest") -> Fatalities:
    """One toll from an event's death statements (sum within a sentence, repeats across sentences).

    statements (list[DeathStatement]): the event's statements.
    text (str): the article text (for the evidence).
    repeats (str): "lowest" (ACLED's most conservative figure) or "highest" (the latest, largest toll)
        among statements of one toll in different sentences.
    RETURNS (Fatalities): low/best/high and the evidence text.
    """
    per_sent: dict[int, list[DeathStatement]] = {}
    for st in statements:
        per_sent.setdefault(st.sent, []).append(st)
    tolls = []
    for sts in per_sent.values():
        if any(not st.implicit for st in sts) and any(st.implicit for st in sts):
            sts = [st for st in sts if not st.implicit]  # a number in the sentence covers the named victims
        tolls.append(_sentence_toll(sts) if W["sentence_alternatives"] else _summed(sts))
    # numbers beat named victims, which beat vague words, which beat "no casualties"
    numeric = [t for t in tolls if not t[3] and t[1] > 0 and not all(st.implicit for st in t[4])]
    implicit = [t for t in tolls if all(st.implicit for st in t[4])]
    vague = [t for t in tolls if t[3] and t[1] > 0]
    tier, specific = next((k, ts) for k, ts in enumerate((numeric, implicit, vague, tolls)) if ts)
    chosen = (max if repeats == "highest" else min)(specific, key=lambda t: t[1])
    best = chosen[1]
    low = min(min(t[0] for t in specific), best)
    high = max((t[2] if t[2] is not None else t[1]) for t in specific)
    evidence = " ... ".join(_sentence_text(text, st.start) for st in chosen[4][:1])
    victims = tuple(sorted({(st.head or "").lower() for st in chosen[4]}))
    return Fatalities(low=low, best=best, high=max(high, best), text=evidence, tier=tier, victims=victims)


def _summed(sts: list[DeathStatement]) -> tuple:
    """(low, best, high, vague, statements) of statements added up (the same count of the same noun once)."""
    seen = set()
    low = best = high = 0
    vague = True
    kept = []
    for st in sts:
        key = (st.best, (st.head or "").lower())
        if key in seen:
            continue
        seen.add(key)
        kept.append(st)
        low += st.low if st.low is not None else st.best
        best += st.best
        high = None if high is None or st.high is None else high + st.high
        vague = vague and st.vague
    return low, best, high, vague, kept


def _sentence_toll(sts: list[DeathStatement]) -> tuple:
    """One sentence's toll: coordinated groups ("killing five soldiers and three civilians": 8), the groups of
    different named kinds ("two soldiers were killed and three civilians died": 5) and counts said to be more
    ("two more") are added up; other counts of the same victims (the same noun, "people" or none) are other
    figures for the same dead, not more dead: the sentence's first figure is taken (of one named noun told twice,
    the lower): "killed at least 25 people and possibly as many as 40" (25), "police said 20 died, while medics said
    25 were killed" (20), "the toll rose to 30 from 12" and "the deadliest attack since 40 people were killed" (not
    42, 65).
    RETURNS: (low, best, high, vague, statements), as :func:`_summed`."""
    if any(st.best for st in sts):
        sts = [st for st in sts if st.best]  # "no one else was hurt" beside a count is no lower figure
    units: dict[object, list[DeathStatement]] = {}
    for st in sts:
        units.setdefault(st.group if st.group is not None and not st.implicit else id(st), []).append(st)
    # the groups of coordinated verbs are one list of the dead, added up ("four were hacked to death and two were
    # shot dead")
    by_verbs: dict[int, list] = {}
    for key, unit in list(units.items()):
        if unit[0].verbs is not None:
            by_verbs.setdefault(unit[0].verbs, []).append(key)
    for keys in by_verbs.values():
        if len({units[k][0].verb for k in keys}) > 1:
            units[keys[0]] = [st for k in keys for st in units.pop(k)]
    added, specific, alternatives = [], {}, []
    for unit in units.values():
        t = _summed(unit)
        nouns = frozenset((st.head or "").lower() for st in unit)
        if any(st.additive for st in unit):
            added.append(t)
        elif nouns & _GENERIC_VICTIMS:
            alternatives.append(t)
        elif nouns not in specific or t[1] < specific[nouns][1]:
            specific[nouns] = t  # the same named victims told twice: the lower figure
    if specific:
        alternatives.append(_join(list(specific.values())))
    if not alternatives:
        return _join(added)
    return _join([min(alternatives, key=lambda t: min(st.start for st in t[4])), *added])


def _join(parts: list[tuple]) -> tuple:
    """Parts of one sentence's toll added up."""
    low = sum(t[0] for t in parts)
    best = sum(t[1] for t in parts)
    high = None if any(t[2] is None for t in parts) else sum(t[2] for t in parts)
    return low, best, high, all(t[3] for t in parts), [st for t in parts for st in t[4]]


def same_victims(a: Fatalities, b: Fatalities) -> bool:
    """Whether two tolls may count the same dead: unless both name who died and the nouns differ ("43 soldiers"
    and "10 attackers" are the two sides of one clash, not two counts of one group), a count of "people" or of no
    noun ("killing 12") may be any group's (``generic_victim_nouns``)."""
    va, vb = set(a.victims), set(b.victims)
    return not va or not vb or bool((va | vb) & _GENERIC_VICTIMS) or bool(va & vb)


def _sentence_text(text: str, char: int, limit: int = W["evidence_chars"]) -> str:
    """The sentence (by punctuation) around ``char``, at most ``limit`` characters."""
    left = max(text.rfind(". ", 0, char), text.rfind("\n", 0, char))
    right_candidates = [i for i in (text.find(". ", char), text.find("\n", char)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    sent = text[left + 1 : right].strip()
    if len(sent) > limit:
        rel = char - (left + 1)
        a = max(0, rel - limit // 2)
        sent = sent[a : a + limit].strip()
    return sent


@stages.register("wirecoder.resolve_fatalities.v1")
def make_resolve_fatalities(config: dict | None = None, *, max_sentence_distance: int = MAX_SENTENCE_DISTANCE,
                            repeats: Literal["lowest", "highest"] = "lowest", titled: bool = True) -> ResolveFatalities:
    """Factory for :class:`ResolveFatalities` (its settings are this signature's keywords)."""
    return ResolveFatalities(config, max_sentence_distance=max_sentence_distance, repeats=repeats, titled=titled)
