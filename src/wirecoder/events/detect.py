"""The events stage: detect, classify and argument every event an article reports.

For each sentence the trigger lexicon is tried first (a set lookup per token);
only sentences with a trigger are looked at further. Triggers are grouped by
the clause they sit in (so "were killed in an airstrike" is one mention and
"troops shelled the town and protesters marched" two), each group is classified
into an ACLED sub-event type from the weights of its triggers and the
sentence's context cues, and given modality, actors and attribution. The
codebook's precedence rules then settle types across nearby mentions (property
destroyed in an attack is that attack; a march dispersed in the next sentence is
a protest with intervention: :func:`apply_precedence`), and mentions of the same
real-world event are merged (``merge.py``).

Registered as ``wirecoder.events.v1``. Settings: ``extra_lexicons`` (list of TSV
paths in the format of ``data/lexicons/triggers.en.tsv``, header row included),
``min_score`` (least summed trigger weight for a mention, default 1.0), ``method`` (who picks the
sub-event type: ``"rules"``, or the learned classifier of ``learned.py`` over a sentence embedding alone,
``"encoder"``, or over the embedding and the rules' features, ``"both"``). Word lists
are in ``data/lexicons/events.en.toml``, thresholds in ``data/weights/events.toml``,
facts about ACLED types in ``data/taxonomy/``.

DOCS: docs/events.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .. import lookups
from ..doc import Article, Event, EventActor, Span
from ..errors import ConfigError, Errors
from ..pipeline import Stage
from ..registry import stages
from . import learned, taxonomy
from .arguments import (
    PERSON_NOUNS,
    coordinated_actors,
    find_actors,
    harm_victim,
    harmed_by,
    is_harm_verb,
    member_patients,
    support_participle,
)
from .attribution import REPORTING, find_attribution
from .merge import apart_at, compatible, merge_events, told_apart
from .modality import modality_of
from .triggers import Entry, Lexicon, Match, load_lexicon

LEXICON = "lexicons/events.en.toml"


def _words(key: str) -> frozenset:
    return lookups.words(LEXICON, f"detect.{key}")


#: Dependency labels that open a new clause when walking up from a trigger.
CLAUSE_DEPS = _words("clause_deps")
#: Verbs and nouns for which a weapon is a thing handled, not used: "police seized rifles".
DISRUPT = _words("disrupt_words")
#: Nouns a weapon word may modify and still be used: "missile attack", "rocket fire".
USE_HEADS = _words("use_heads")
#: Heads that keep a weapon trigger that modifies a noun ("rocket shell"; not "a missile base").
WEAPON_HEADS = USE_HEADS | _words("weapon_nouns")
#: Verbs a handled weapon's path goes through ("the cache included grenades").
PASS_THROUGH = _words("pass_through")
#: Dependency labels along which a weapon word's handling verb is looked for.
WEAPON_PATH_DEPS = _words("weapon_path_deps")
#: Target head nouns (and plural forms) that make the victim civilian, or armed.
CIVILIAN_HEADS = _words("civilian_heads")
CIVILIAN_PLURALS = _words("civilian_plurals")
ARMED_HEADS = _words("armed_heads")
#: Words in an ACLED actor category that make the victim civilian, or armed.
CIVILIAN_CATEGORY_WORDS = _words("civilian_category_words")
ARMED_CATEGORY_WORDS = _words("armed_category_words")
#: Starts of ACLED actor categories that make the agent a state force.
STATE_CATEGORIES = lookups.word_list(LEXICON, "detect.state_category_prefixes")
#: Arrest verbs that also mean something else ("apprehend trouble"): they need a person as object.
PERSON_OBJECT_NEEDED = _words("person_object_needed")
#: Disrupted-weapons triggers that need a weapon as their object ("intercepted a missile").
OBJECT_DEPENDENT = _words("object_dependent")
#: Territory-transfer verbs that need a place as their object when they have one ("handed over the town").
PLACE_OBJECT_NEEDED = _words("place_object_needed")
#: Objects that make "foiled/thwarted" a disrupted weapons use.
ATTACK_OBJECTS = _words("attack_objects")
#: Determiners and modifiers that make a plural event noun generic: "such attacks", "their attacks".
GENERIC_DETS = _words("generic_dets")
#: Endings of plural nouns that name participants ("protesters", "gunmen"), not kinds of event.
PARTICIPANT_SUFFIXES = tuple(lookups.word_list(LEXICON, "detect.participant_suffixes"))
#: Objects of "captured"/"seized" that make it an arrest, not territory.
PERSON_OBJECTS = _words("person_objects")
#: Count nouns that stand for people as an object: "detained thousands of protesters".
CROWD_COUNT_WORDS = _words("crowd_count_words")
#: Head nouns that a trigger may modify and still evoke an event ("shooting incident").
MOD_OK_HEADS = _words("mod_ok_heads")
#: Things deployed that are not troops: "police deployed tear gas".
NOT_DEPLOYED = _words("not_deployed")
#: Trigger words that can name a verbal attack, and the modifiers and objects that make it one.
VERBAL_ATTACK_TRIGGERS = _words("verbal_attack_triggers")
VERBAL_PROTEST_TRIGGERS = _words("verbal_protest_triggers")
PROTEST_CLAIMS = _words("protest_claims")
TRANSITIVE_PROTEST_VERBS = _words("transitive_protest_verbs")
VERBAL_MODS = _words("verbal_mods")
#: Nouns that are a labour strike or a military one, and what shows the military sense.
ATTACK_SENSE_NOUNS = _words("attack_sense_nouns")
ATTACK_SENSE_TARGET_PREPS = _words("attack_sense_target_preps")
ATTACK_SENSE_CASUALTY_PREPS = _words("attack_sense_casualty_preps")
ATTACK_SENSE_CASUALTY_VERBS = _words("attack_sense_casualty_verbs")
ATTACK_SENSE_DEFINITE = _words("attack_sense_definite")
ATTACK_SENSE_ANAPHOR_VERBS = _words("attack_sense_anaphor_verbs")
PLATFORM_PRESENCE_VERBS = _words("platform_presence_verbs")
#: Sub-types whose mention makes a later definite "the strikes" refer back to a military strike.
MILITARY_STRIKE_TYPES = _words("attack_sense_strike_types")
ABSTRACT_TARGETS = _words("abstract_targets")
#: "Seized" / "took over" objects that are not territory: "took over the reins".
NON_TERRITORY = _words("non_territory")
#: Nouns that name a place or territory as the object of a capture.
PLACE_NOUNS = _words("place_nouns")
#: Words that make an offence a charge, not an event: "booked for murder".
CHARGE_WORDS = _words("charge_words")
#: Prepositions after "advanced"/"entered" that lead to the place taken.
MOVE_PREPS = _words("move_preps")
#: Words that open what a protest is about, and the cue classes a grievance does not lend to the protest.
GRIEVANCE_WORDS = _words("grievance_words")
GRIEVANCE_CUES = _words("grievance_cue_classes")
#: Trigger words that are also month names: not a trigger next to a number ("29 March").
MONTHISH = _words("monthish")
#: Words in an agent's name that make it a state force.
STATE_WORDS = _words("state_words")
#: ACLED inter codes of state forces, and the codes that settle whether an agent is one.
STATE_INTERS = _words("state_inters")
KNOWN_INTERS = _words("known_inters")
#: Agents whose attack is mob violence: "attacked by crowds".
CROWD_AGENTS = _words("crowd_agents")
#: Change verbs that tell a routine measure when passive with no agent ("troops were deployed").
ROUTINE_PASSIVE = _words("routine_passive_changes")
CHANGE = "Change to group/activity"
MOB_VIOLENCE = "Mob violence"
#: Weights and thresholds of the stage (``data/weights/events.toml``).
W = lookups.weights("events")["detect"]


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    steps = 0
    while steps < W["clause_head_steps"]:
        steps += 1
        if tok.dep_ in CLAUSE_DEPS or tok.head.i == tok.i:
            return tok
        if tok.dep_ == "conj" and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return tok
        tok = tok.head
    return tok


def _is_state_name(name: str, sent: SpacySpan) -> bool:
    """True when a fallback actor name is tagged as a country (GPE) in the sentence."""
    return any(ent.label_ == "GPE" and (ent.text in name or name in ent.text) for ent in sent.ents)


def weapon_handled(tok: Token) -> bool:
    """True when a weapon word is the thing seized, found or defused rather than used."""
    cur = tok
    for _ in range(W["weapon_use_steps"]):
        head = cur.head
        if head.i == cur.i:
            return False
        lemma = head.lemma_.lower()
        if lemma in USE_HEADS:
            return False  # "a grenade attack", "carried out with grenades" via the attack noun
        if cur.dep_ in WEAPON_PATH_DEPS:
            if lemma in DISRUPT and cur.dep_ != "nsubj":
                return True
            if head.pos_ in ("VERB", "AUX") and lemma not in PASS_THROUGH and cur.dep_ not in ("relcl", "acl"):
                return False
            cur = head
            continue
        return False
    return False


def victim_kind(actor2) -> str | None:
    """"civilian" or "armed" from the target's category or head noun, None when unknown."""
    if actor2 is None:
        return None
    if actor2.category:
        cat = actor2.category.lower()
        if any(w in cat for w in CIVILIAN_CATEGORY_WORDS):
            return "civilian"
        if any(w in cat for w in ARMED_CATEGORY_WORDS):
            return "armed"
    words = actor2.name.lower().replace("-", " ").split()
    if not words:
        return None
    last = words[-1].rstrip("s")
    for w in (last, words[-1]):
        if w in ARMED_HEADS or w.rstrip("e") in ARMED_HEADS:
            return "armed"
        if w in CIVILIAN_HEADS or w in CIVILIAN_PLURALS:
            return "civilian"
    return None


def _modifier_only(doc, m: Match, trig_tokens: set[int]) -> bool:
    """True for a trigger that only modifies a noun: "riot police", "arrest warrant", "fighting vehicles"."""
    top = _top_token(doc, m)
    if top.dep_ not in ("compound", "amod", "nmod"):
        return m.entry.pattern[0] in ("deploy", "dispatch") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in NOT_DEPLOYED for c in top.children
        )
    head = top.head
    if head.i <= top.i or head.pos_ not in ("NOUN", "PROPN") or m.start <= head.i < m.end:
        return False
    return head.i not in trig_tokens and head.lemma_.lower() not in MOD_OK_HEADS


def _arguable(article: Article) -> list:
    """The actor mentions that can be an event's actor: not a dateline or a place someone spoke from ("CAIRO (AP)
    -- Hundreds of thousands thronged the streets": the place mentions stage gives such names the role
    ``origin``), which a capital's name as its government would otherwise make an actor."""
    origins = [(m.start, m.end) for m in article.mentions.places if m.role == "origin"]
    if not origins:
        return article.mentions.actors
    return [a for a in article.mentions.actors if not any(s <= a.start < e for s, e in origins)]


def _harmed(doc, members: list[Match], arguable: list) -> EventActor | None:
    """The people a clause too weak to be an event of its own says were hurt: "two more people were seriously
    wounded", "ten other people were also injured" (every trigger word of the clause a verb of harm,
    :func:`~wirecoder.events.arguments.is_harm_verb`); None otherwise."""
    tops = [_top_token(doc, m) for m in members]
    if not tops or not all(map(is_harm_verb, tops)):
        return None
    return harmed_by(tops[0], arguable)


def _associated_victims(
    doc, actor2: EventActor | None, anchor: Token, members: list[Match], arguable: list
) -> list[EventActor]:
    """The associated actors of the target side: those coordinated with actor2 and, where ``member_patients`` is
    on, the victims of the mention's other patient nouns ("... and to the murder of X, his wife, and two others"),
    each name once and never actor2's."""
    out = coordinated_actors(doc, actor2, arguable)
    if W["member_patients"]:
        named = {a.name for a in out} | ({actor2.name} if actor2 is not None else set())
        for victim in member_patients(doc, [_top_token(doc, m) for m in members], anchor, arguable):
            if victim.name not in named:
                named.add(victim.name)
                out.append(victim)
    return out


def _add_victim(mentions: list[Event], sent_index: int, victim: EventActor) -> None:
    """Give the people hurt in a clause of their own to the violent event told just before, in the same sentence
    or the one before ("A bomb exploded in a bus ... Ten other people were also injured"), as an associated actor
    of its target side (ACLED's assoc_actor_2). Not its actor2: an actor2 decides which mentions merge, and these
    people are told after the event, not in its clause."""
    for ev in reversed(mentions):
        if ev.sent_index is None or ev.sent_index < sent_index - 1:
            return
        if taxonomy.family(ev.sub_event_type) != "violence" or ev.modality != "asserted":
            continue
        if victim.name not in {a.name for a in (ev.actor2, *ev.associated_actors_2) if a is not None}:
            ev.associated_actors_2.append(victim)
        return


def _non_specific(doc, m: Match, sent: SpacySpan) -> bool:
    """True for a plural event noun that names a kind of event, not one event: "such attacks",
    "their ambushes", "terrorist attacks on the pipeline" in a sentence with no date or number."""
    top = _top_token(doc, m)
    if top.tag_ != "NNS" or m.end - m.start > 1:
        return False
    if taxonomy.has(m.cls, "weapon") and top.dep_ in ("dobj", "nsubjpass") and top.head.pos_ == "VERB":
        return False  # "fired rockets at a base", "rockets were fired": weapons used, not a kind of event
    lemma = top.lemma_.lower()
    if lemma.endswith(PARTICIPANT_SUFFIXES):
        return False  # participants ("protesters", "gunmen") are people, not kinds of event
    mods = [c for c in top.children if c.dep_ in ("det", "amod", "poss", "compound", "nummod", "predet")]
    if any(c.dep_ == "nummod" or c.like_num for c in mods):
        return False
    generic_mod = any(c.lower_ in GENERIC_DETS or c.lemma_.lower() in GENERIC_DETS for c in mods)
    bare = not any(c.dep_ in ("det", "poss") for c in mods)
    anchored = any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or t.like_num for t in sent)
    role = top.dep_ if top.dep_ != "conj" else top.head.dep_
    return generic_mod or (bare and not anchored and role in ("pobj", "dobj"))


def _placeish(tok: Token, places: list[tuple[int, int]]) -> bool:
    """True when a noun names a place or territory: a place mention, a place noun or a location entity."""
    if any(s <= tok.idx < e for s, e in places):
        return True
    return tok.lemma_.lower() in PLACE_NOUNS or tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.pos_ == "PROPN"


def _personish(tok: Token, names: list[tuple[int, int]]) -> bool:
    """True when a noun stands for people: an actor mention, a person noun or a name."""
    if any(s <= tok.idx < e for s, e in names):
        return True
    if tok.like_num or tok.lemma_.lower() in CROWD_COUNT_WORDS:
        return True  # "detained thousands of protesters", "detained 304 serving officers"
    lemma = tok.lemma_.lower()
    return lemma in PERSON_NOUNS or lemma in PERSON_OBJECTS or tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in (
        "PERSON", "NORP", "ORG")


def _verbal_attack(doc, m: Match) -> bool:
    """True for "attacked the budget", "a blistering attack on the government": words, not violence."""
    if m.entry.pattern[0] not in VERBAL_ATTACK_TRIGGERS:
        return False
    top = _top_token(doc, m)
    if any(c.lemma_.lower() in VERBAL_MODS or c.lower_ in VERBAL_MODS for c in top.children
           if c.dep_ in ("amod", "advmod")):
        return True
    objs = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
    for c in top.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against"):
            objs += [p for p in c.children if p.dep_ == "pobj"]
    return bool(objs) and all(o.lemma_.lower() in ABSTRACT_TARGETS for o in objs)


def _verbal_protest(doc, m: Match) -> bool:
    """True for "protested to officials that ...", "protesting his innocence": a complaint or a claim, not a
    demonstration (the verb takes a clause, or a claim as its object); and for "marched the worshippers into a
    forest": people moved by others (``transitive_protest_verbs`` with a direct object that names people)."""
    if len(m.entry.pattern) == 1 and m.entry.pattern[0] in TRANSITIVE_PROTEST_VERBS:
        top = _top_token(doc, m)
        return top.pos_ == "VERB" and any(c.dep_ == "dobj" and _personish(c, []) for c in top.children)
    if len(m.entry.pattern) != 1 or m.entry.pattern[0] not in VERBAL_PROTEST_TRIGGERS:
        return False
    top = _top_token(doc, m)
    if top.pos_ != "VERB":
        return False
    return any(c.dep_ == "ccomp" or (c.dep_ == "dobj" and c.lemma_.lower() in PROTEST_CLAIMS) for c in top.children)


def _attack_sense(doc, m: Match, strike_told: bool = False) -> Match:
    """A protest noun that names a military strike ("killed in a strike on a rail depot", "Russian strikes kill
    seven in Kharkiv") as a generic violence word; any other match as it is.

    strike_told (bool): an earlier sentence told of an air, drone or missile strike; a definite "the strikes" as
        the subject of a verb of aiming then refers back to it ("Israeli air strikes hit ... The strikes targeted
        positions near Kisweh").
    """
    if m.cls != "@protest" or len(m.entry.pattern) != 1 or m.entry.pattern[0] not in ATTACK_SENSE_NOUNS:
        return m
    top = _top_token(doc, m)
    if top.pos_ != "NOUN":
        return m
    target = any(
        c.dep_ == "prep" and c.lower_ in ATTACK_SENSE_TARGET_PREPS
        and any(o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") for o in c.children)
        for c in top.children
    )
    prep = top.head
    casualty = (
        top.dep_ == "pobj" and prep.lower_ in ATTACK_SENSE_CASUALTY_PREPS
        and prep.head.lemma_.lower() in ATTACK_SENSE_CASUALTY_VERBS
    ) or (top.dep_ == "nsubj" and prep.lemma_.lower() in ATTACK_SENSE_CASUALTY_VERBS)  # "Russian strikes kill seven"
    anaphor = (
        strike_told and top.dep_ == "nsubj" and prep.lemma_.lower() in ATTACK_SENSE_ANAPHOR_VERBS
        and any(c.dep_ == "det" and c.lower_ in ATTACK_SENSE_DEFINITE for c in top.children)
    )
    return _retyped(m, "@violence", W["attack_sense_weight"]) if target or casualty or anaphor else m


def _idle_platform(doc, m: Match) -> bool:
    """An aircraft or drone noun (a one-word air-strike trigger) that is the subject of a verb of presence
    (:data:`PLATFORM_PRESENCE_VERBS`): "Military drones hovered over the area" tells no strike."""
    if m.cls != "Air/drone strike" or len(m.entry.pattern) != 1:
        return False
    top = _top_token(doc, m)
    return top.pos_ == "NOUN" and top.dep_ == "nsubj" and top.head.lemma_.lower() in PLATFORM_PRESENCE_VERBS


def _charge(doc, m: Match) -> bool:
    """True for an offence named as a charge: "booked for murder", "accused of the assassination"."""
    top = _top_token(doc, m)
    head = top.head
    if top.dep_ in ("pobj", "pcomp") and head.dep_ == "prep" and head.lower_ in ("for", "of", "with"):
        gov = head.head
        if gov.dep_ in ("dobj", "nsubjpass") and gov.pos_ in ("NOUN", "PROPN", "PRON"):
            gov = gov.head  # "convicted two men of the murder": the prepositional phrase hangs on the object
        return gov.lemma_.lower() in CHARGE_WORDS or gov.lower_ in CHARGE_WORDS
    return False


def _maximal(matches: list[Match]) -> list[Match]:
    """Drop triggers inside a longer match ("shell" in "tear gas shell", "strike" in "air strike")."""
    spans = [(m.start, m.end) for m in matches]
    out = []
    for m in matches:
        if m.is_trigger and any(s <= m.start and m.end <= e and (e - s) > (m.end - m.start) for s, e in spans):
            continue
        out.append(m)
    return out


def _top_token(doc, m: Match) -> Token:
    """The token of a (multi-word) match highest in the parse tree."""
    toks = [doc[i] for i in range(m.start, m.end)]
    inside = set(range(m.start, m.end))
    for t in toks:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return doc[m.head]


def _joint_forces(doc, actor1: EventActor | None, arguable: list) -> tuple[EventActor | None, list[EventActor]]:
    """Forces named by coordinated modifiers of one noun: "U.S. and British warplanes struck" is the first
    conjunct's force acting with the second's (ACLED: actor1 and its associated actor). The parse's actor1 is the
    mention holding the noun ("British warplanes"); the conjunct before it names the first force."""
    m = actor1.mention if actor1 is not None else None
    if actor1 is None or m is None or m.kind not in ("state", "group"):
        return actor1, []
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return actor1, []
    first = [
        a
        for c in span[0].conjuncts
        if c.i < span.start
        for a in arguable
        if a.kind == m.kind and a.start <= c.idx < a.end and a.end <= m.start and a.canonical != m.canonical
    ]
    if not first:
        return actor1, []
    return EventActor.of(first[0]), [actor1]


class DetectEvents(Stage):
    """Find event mentions sentence by sentence, classify them, and merge them into events.

    config (dict): the pipeline configuration.
    extra_lexicons (list[str]): more trigger files to load after the built-in one.
    min_score (float): least summed trigger weight that makes a mention.
    merge_across_sentences (bool): merge mentions of different sentences by type and actors alone here
        (off: the article-level stage dedup_events merges them once places and dates are known).
    method (str): who picks the sub-event type: "rules", "encoder" or "both" (see ``learned.py``).
    RAISES ConfigError (E007): for another method.
    """

    requires = ("article.doc", "article.text", "mentions.actors", "mentions.places", "mentions.quotes")
    assigns = ("events", "event.actors", "event.attribution")

    def __init__(
        self,
        config: dict,
        extra_lexicons: list[str] | None = None,
        min_score: float = 1.0,
        merge_across_sentences: bool = True,
        method: str = "rules",
    ) -> None:
        if method not in learned.METHODS:
            want = "one of " + ", ".join(f'"{m}"' for m in learned.METHODS)
            raise ConfigError(Errors.E007.format(key="method", stage="events", want=want, value=repr(method)))
        self.lexicon: Lexicon = load_lexicon(tuple(extra_lexicons or ()))
        self.min_score = float(min_score)
        self.merge_across_sentences = merge_across_sentences
        #: Re-types mentions after the rules (None: the rules' type stands); loads nothing until used.
        self.typer = None if method == "rules" else learned.LearnedTyper(method)

    # ------------------------------------------------------------------ finding
    def find_mentions(self, article: Article, pending: list[learned.Pending] | None = None) -> list[Event]:
        """All event mentions of an article, unmerged, in text order.

        pending (list | None): where a learned method collects the mentions it re-types (the caller then
            calls ``self.typer.retype``); None: they are re-typed here.
        """
        doc = article.doc
        if doc is None or len(doc) == 0:
            return []
        mentions: list[Event] = []
        own = pending is None and self.typer is not None
        if own:
            pending = []
        # names of organisations and people: "National Liberation Front" holds no event
        names = sorted((m.start, m.end) for m in article.mentions.actors if m.kind != "generic")
        arguable = _arguable(article)
        strike_told = False
        protest_end = -1  # where the last sentence telling of a demonstration ends
        for sent_index, sent in enumerate(doc.sents):
            if len(sent) > W["max_sentence_tokens"] or not self.lexicon.screen(sent):
                continue
            matches = self.lexicon.find(sent)
            matches = _maximal(matches)
            trig = [_attack_sense(doc, m, strike_told) for m in matches
                    if m.is_trigger and self._trigger_ok(doc, m, names)]
            strike_told = strike_told or any(m.cls in MILITARY_STRIKE_TYPES for m in trig)
            # a crowd told before in the paragraph is the one riot-control force meets ("demonstrators clogged a
            # stretch of the highway. Troops fired tear gas in Caracas neighborhoods")
            crowd_before = protest_end >= 0 and "\n" not in article.text[protest_end : sent.start_char]
            if any(m.cls == "@protest" for m in trig):
                protest_end = sent.end_char
            trig_tokens = {i for m in trig for i in range(m.start, m.end)}
            trig = [m for m in trig if not _modifier_only(doc, m, trig_tokens) and not _non_specific(doc, m, sent)
                    and not _verbal_attack(doc, m) and not _verbal_protest(doc, m) and not _charge(doc, m)
                    and not _idle_platform(doc, m)]
            if not trig:
                continue
            trig = self._handled_weapons(doc, trig, matches, article.mentions.actors, article.mentions.places)
            cues = [m for m in matches if not m.is_trigger]
            groups: dict[int, list[Match]] = {}
            for m in trig:
                groups.setdefault(clause_head(_top_token(doc, m)).i, []).append(m)
            parts = [p for members in groups.values() for p in _purpose_split(doc, members)]
            for members in parts:
                ev = self._mention(article, sent, members, cues, sent_index, pending, arguable, crowd_before)
                if ev is not None:
                    mentions.append(ev)
                elif W["harmed_remention"]:
                    harmed = _harmed(doc, members, arguable)
                    if harmed is not None:
                        _add_victim(mentions, sent_index, harmed)
        if own and pending:
            self.typer.retype(pending)
        return mentions

    @staticmethod
    def _trigger_ok(doc, m: Match, names: list[tuple[int, int]]) -> bool:
        """False for a trigger inside a name or a date ("29 March", "Liberation Front")."""
        first, last = doc[m.start], doc[m.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        capital = first.text[:1].isupper() or first.text.isupper()
        for ns, ne in names:
            if ns > start:
                break
            if ns <= start and end <= ne and capital:
                return False  # a capitalised word inside a name; "peaceful demonstrators" keeps its trigger
        if first.ent_type_ == "DATE" or last.ent_type_ == "DATE":
            return False
        if m.end - m.start == 1:
            for j in (m.start - 1, m.start + 1):
                if 0 <= j < len(doc) and doc[j].like_num and first.lower_ in MONTHISH:
                    return False
        return True

    def _handled_weapons(self, doc, trig: list[Match], matches: list[Match], article_actors=(),
                         article_places=()) -> list[Match]:
        """Settle triggers by their objects: weapons that are seized/found/defused become Disrupted weapons
        use, captured people Arrests; triggers whose object does not fit them are dropped."""
        weapons = {m.head for m in matches if m.cls == "+weapon"}
        names = [(a.start, a.end) for a in article_actors]
        places = [(p.start, p.end) for p in article_places]
        out = []
        for m in trig:
            if not _object_fits(doc, m, weapons, names, places) or _support(doc, m):
                continue
            if m.cls == "@capture":
                settled = _settle_capture(doc, m, weapons, places)
                if settled is not m:
                    if settled is not None:
                        out.append(settled)
                    continue
            if taxonomy.has(m.cls, "weapon"):
                settled = _settle_weapon(doc, m, weapons)
                if settled is None:
                    continue
                m = settled
            out.append(m)
        return out

    def _mention(self, article: Article, sent: SpacySpan, members: list[Match], cues: list[Match],
                 sent_index: int, pending: list[learned.Pending] | None, arguable: list,
                 crowd_before: bool = False) -> Event | None:
        """One event mention from the triggers of one clause (None when too weak or unclassifiable); with
        ``pending``, the mention, its sentence and the rules' features are added to it for the learned typer.
        ``arguable``: the actor mentions that can fill its roles (:func:`_arguable`); ``crowd_before``: an earlier
        sentence of the paragraph told of a demonstration (the crowd riot-control force meets)."""
        doc = sent.doc
        strength = sum(m.weight for m in members)
        if strength < self.min_score:
            return None
        scores: dict[str, float] = {}
        families = {_family(m) for m in members}
        for m in members:
            scores[m.cls] = scores.get(m.cls, 0.0) + m.weight
        # weak words ("announced") do not carry the arguments when a real trigger is there
        strong = [m for m in members if m.weight >= W["strong_trigger_weight"]] or members
        # the first strong trigger in the text carries the arguments (the shallowest in the parse instead:
        # realnews tune P -0.9, template recall -0.4, check actor1 -4.3)
        anchor = min((_top_token(doc, m) for m in strong), key=lambda t: t.i)
        trigger_idx = {i for m in members for i in range(m.start, m.end)}
        actor1, actor2 = find_actors(anchor, arguable, trigger_idx)
        if actor1 is None:
            # the trigger word names its own agent ("Russian warplanes carried out air strikes"): that force acts
            actor1 = next(
                (EventActor.of(a) for a in arguable if a.start <= anchor.idx < a.end and a.kind == "state"),
                None,
            )
        actor1, joint = _joint_forces(doc, actor1, arguable)
        if actor2 is None:
            actor2 = harm_victim(clause_head(anchor), arguable)
        _add_cues(doc, scores, cues, families, _agent_span(doc, anchor, actor1), anchor)
        _protest_roles(doc, members, scores)
        if crowd_before and scores.get("@force") and W["force_crowd_discourse"]:
            scores["+crowd"] = scores.get("+crowd", 0.0) + W["force_crowd_discourse"]
        state, victim = _state_agent(actor1, sent), victim_kind(actor2)
        sub, score, generic = taxonomy.resolve(scores, state, victim)
        if sub is None:
            return None
        if W["crowd_agents"] and taxonomy.has(sub, "fallback_violence") and _crowd(actor1):
            sub, generic = MOB_VIOLENCE, False  # "attacked by crowds": a crowd's violence is mob violence
        main = _main_trigger(members, sub)
        trigger_tok = _top_token(doc, main)
        if sub == CHANGE and W["routine_passive"] and _routine_passive(trigger_tok):
            return None
        t_start = doc[main.start].idx
        t_end = doc[main.end - 1].idx + len(doc[main.end - 1].text)
        head = clause_head(trigger_tok)
        event = Event(
            event_type=taxonomy.event_type(sub),
            sub_event_type=sub,
            plover=taxonomy.plover(sub),
            modality=modality_of(trigger_tok),
            actor1=actor1,
            actor2=actor2,
            associated_actors=joint,
            associated_actors_2=_associated_victims(doc, actor2, anchor, members, arguable),
            attribution=find_attribution(article, trigger_tok),
            evidence=[article.span(sent.start_char, sent.end_char)],
            trigger=Span(t_start, t_end, article.text[t_start:t_end]),
            triggers=[article.span(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                      for m in members],
            sent_starts=[sent.start_char],
            score=round(score, 3),
            generic=generic,
            mentions=1,
            main=head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT") or (
                head.dep_ == "ccomp" and head.head.lemma_.lower() in REPORTING),
            sent_index=sent_index,
        )
        event.apart_at = apart_at(article.text, sent.start_char, max(t.end for t in event.triggers))
        if pending is not None:
            pending.append(learned.Pending(event, sent.text, learned.rule_features(sub, scores, state, victim)))
        return event

    # ------------------------------------------------------------------ stage
    def __call__(self, article: Article) -> Article:
        mentions = apply_precedence(self.find_mentions(article))
        article.events = merge_events(mentions, self.merge_across_sentences)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """A batch of articles: with a learned method, the sentences of the whole batch are encoded together."""
        if self.typer is None:
            yield from (self(article) for article in articles)
            return
        articles = list(articles)
        pending: list[learned.Pending] = []
        found = [self.find_mentions(article, pending) for article in articles]
        self.typer.retype(pending)
        for article, mentions in zip(articles, found, strict=True):
            article.events = merge_events(apply_precedence(mentions), self.merge_across_sentences)
            yield article


#: Sentences apart that each scope of a codebook precedence rule reaches across mentions.
_SCOPE_REACH = {"sentence": 0, "passage": 1}


def apply_precedence(mentions: list[Event]) -> list[Event]:
    """Apply the codebook's precedence rules (``[[outranks]]`` of ``codebook.toml``) across mentions: a mention
    of a sub-type that gives way takes the type of the nearest (then strongest) mention that outranks it
    within the rule's scope, with the same modality and actors not in conflict -- "attacked three villages,
    killing 30 ... setting the villages on fire" is one Attack, not property destruction; "the marchers were
    dispersed" makes the march of the sentence before a Protest with intervention. The mentions stay apart;
    the merging stages join them as usual. Rules apply in file order, so one rule may feed the next.
    """
    for rule in taxonomy.outranks():
        reach = _SCOPE_REACH.get(rule.scope)
        if reach is None:
            continue
        for ev in mentions:
            if ev.sub_event_type != rule.loser:
                continue
            near = [o for o in mentions if o is not ev and o.sub_event_type in rule.winners
                    and o.modality == ev.modality and abs(o.sent_index - ev.sent_index) <= reach
                    and compatible(o.actor1, ev.actor1) and not told_apart(o, ev) and not told_apart(ev, o)]
            if near:
                best = min(near, key=lambda o: (abs(o.sent_index - ev.sent_index), -o.score))
                ev.event_type, ev.sub_event_type, ev.plover = best.event_type, best.sub_event_type, best.plover
    return mentions


def _support(doc, m: Match) -> bool:
    """Whether a trigger names the support an agent had: the object of "by" after a participle of support that
    modifies a noun ("Somali troops backed by U.S. air strikes killed 30 fighters"). The event is what the supported
    agent did; the support is no event of this clause."""
    top = _top_token(doc, m)
    prep = top.head
    if top.dep_ != "pobj" or prep.lower_ != "by" or prep.dep_ not in ("agent", "prep"):
        return False
    return support_participle(prep.head)


def _objects(top: Token) -> list[Token]:
    """The direct objects (or passive subjects) of a trigger's top token."""
    return [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]


def _retyped(m: Match, cls: str, weight: float) -> Match:
    """The same trigger match, pointing at another class with another weight."""
    return Match(Entry(m.entry.pattern, cls, weight, "trigger", "*"), m.start, m.end, m.head)


def _object_fits(
    doc, m: Match, weapons: set[int], names: list[tuple[int, int]], places: list[tuple[int, int]] = ()
) -> bool:
    """False for a trigger whose object shows it means something else: "intercepted by gunmen",
    "thwarted a plan" (no weapon), "apprehending trouble" (fearing, not arresting)."""
    if m.cls == taxonomy.DISRUPTED_WEAPONS and m.entry.pattern in OBJECT_DEPENDENT:
        obj = _objects(_top_token(doc, m))
        if obj and not any(o.i in weapons or o.lemma_.lower() in ATTACK_OBJECTS for o in obj):
            return False
    if m.entry.pattern in PERSON_OBJECT_NEEDED:
        obj = _objects(_top_token(doc, m))
        if obj and not any(_personish(o, names) for o in obj):
            return False
    if m.entry.pattern in PLACE_OBJECT_NEEDED and m.cls == taxonomy.NONVIOLENT_TRANSFER:
        obj = _objects(_top_token(doc, m))
        if obj and not any(_placeish(o, places) for o in obj) and all(_personish(o, names) for o in obj):
            return False  # "the commander was handed over to a neutral party": a person, no territory
    return True


def _settle_capture(doc, m: Match, weapons: set[int], places: list[tuple[int, int]]) -> Match | None:
    """A capture trigger settled by what was taken: weapons (Disrupted weapons use), people (Arrests),
    a place (``m`` itself, territory); None when nothing that can be taken was ("seized power")."""
    top = _top_token(doc, m)
    obj = _objects(top)
    obj += [c for o in obj for c in o.conjuncts]
    if obj and any(o.i in weapons for o in obj):
        # "trucks, revolvers and shotguns were seized"
        return _retyped(m, taxonomy.DISRUPTED_WEAPONS, W["disrupted_capture_weight"])
    if not obj and m.entry.pattern in (("advance",), ("enter",)):
        obj = [p for c in top.children if c.dep_ == "prep" and c.lower_ in MOVE_PREPS
               for p in c.children if p.dep_ == "pobj"]
        if not obj:
            return None  # "prices advanced": no place, no territory
    if obj and all(o.lemma_.lower() in NON_TERRITORY for o in obj):
        return None  # "took over the reins", "seized power" is not territory
    if obj and not any(_placeish(o, places) for o in obj) and not any(
            o.lemma_.lower() in PERSON_OBJECTS for o in obj):
        return None  # "drugs were seized", "families occupied in this business"
    if obj and all(o.lemma_.lower() in PERSON_OBJECTS for o in obj):
        return _retyped(m, taxonomy.ARRESTS, W["arrest_capture_weight"])
    return m


def _settle_weapon(doc, m: Match, weapons: set[int]) -> Match | None:
    """A weapon-named trigger settled by its use: None for a weapon naming a thing ("a missile base"),
    Disrupted weapons use for a weapon seized, found or defused, else ``m`` itself."""
    top = _top_token(doc, m)
    if top.dep_ in ("compound", "amod", "nmod") and top.head.lemma_.lower() not in WEAPON_HEADS and \
            top.head.i > top.i and top.head.pos_ in ("NOUN", "PROPN"):
        return None  # "a missile base", "rocket factory": the weapon names a thing, not an attack
    if (m.head in weapons or top.i in weapons) and weapon_handled(top):
        return _retyped(m, taxonomy.DISRUPTED_WEAPONS, max(m.weight, W["disrupted_weapon_weight"]))
    return m


def _agent_span(doc, anchor: Token, actor1) -> tuple[int, int]:
    """Token span of the agent's own words (its cues do not describe the victims: "militants opened fire
    on residents"); (-1, -1) when there is no agent."""
    subj = [c for c in anchor.children if c.dep_ == "nsubj"]
    if subj:
        return subj[0].left_edge.i, subj[0].right_edge.i + 1
    if actor1 is not None and actor1.mention is not None:
        span = doc.char_span(actor1.mention.start, actor1.mention.end, alignment_mode="expand")
        if span is not None:
            return span.start, span.end
    return -1, -1


def _purpose_verb(tok: Token) -> bool:
    """Whether a trigger verb heads an infinitive ("to capture") that its clause does not assert: a purpose or an
    attempt ("attacked the town in a bid to capture it", "launched a raid to free the hostages")."""
    return (tok.pos_ == "VERB" or tok.tag_ == "VB") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    ) and modality_of(tok) != "asserted"


def _purpose_split(doc, members: list[Match]) -> list[list[Match]]:
    """A clause's triggers, with those that head an unasserted infinitive apart when others are asserted: "rebels
    attacked the town in a bid to capture it" is an asserted attack and a hoped-for capture, not one capture that
    did not happen (a nominal trigger stays: "fired to disperse protesters" is still about the protesters)."""
    if not W["purpose_split"] or len(members) < 2:
        return [members]
    aims = [m for m in members if _purpose_verb(_top_token(doc, m))]
    done = [m for m in members if m not in aims]
    if not aims or not done or all(modality_of(_top_token(doc, m)) != "asserted" for m in done):
        return [members]
    return [done, aims]


def _grievance(tok: Token, anchor: Token) -> bool:
    """True when a cue word sits in what a protest is about, below a grievance verb that is not above the
    mention's anchor: "violence" in "marched to denounce violence by infiltrators"."""
    cur = tok
    for _ in range(W["clause_head_steps"]):
        if cur.i == anchor.i or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in GRIEVANCE_WORDS or cur.lower_ in GRIEVANCE_WORDS:
            return not any(t.i == anchor.i for t in cur.subtree)
    return False


def _add_cues(doc, scores: dict[str, float], cues: list[Match], families: set[str],
              agent_span: tuple[int, int], anchor: Token | None = None) -> None:
    """Add the sentence's context cues to a mention's class scores (a protest's grievance lends none)."""
    intervention_heads = {c.head for c in cues if c.cls == "+intervention"}
    protest = "protest" in families
    for m in cues:
        if m.cls in ("+armed", "+civilian") and agent_span[0] <= m.start < agent_span[1]:
            continue
        if protest and anchor is not None and m.cls in GRIEVANCE_CUES and _grievance(doc[m.head], anchor):
            continue
        if m.cls == "+violent" and (
            doc[m.head].head.i in intervention_heads or any(c.i in intervention_heads for c in doc[m.head].children)
        ):
            # "violently dispersed", "a violent crackdown": the force is the state's, not the crowd's
            scores["+lethal"] = scores.get("+lethal", 0.0) + m.weight
            continue
        # a cue for a concrete sub-type only counts beside a trigger of the same family
        # ("heavy weapons" colours a shelling, not a new base)
        if m.cls.startswith("+") or taxonomy.family(m.cls) in families:
            scores[m.cls] = scores.get(m.cls, 0.0) + m.weight


def _family(m: Match) -> str | None:
    """The merge family of a match's class, pseudo-classes included ("@protest" -> "protest")."""
    return taxonomy.pseudo_family(m.cls) or taxonomy.family(m.cls)


def _protest_roles(doc, members: list[Match], scores: dict[str, float]) -> None:
    """Protesters as the target or the agent of a violence word of their clause: "police attacked demonstrators",
    "gunmen opened fire on protesters" intervene in the protest (``+intervention``; with deaths, excessive force);
    "protesters attacked the police" make it a violent demonstration (``+violent``)."""
    violent = {i for m in members if _family(m) == "violence" for i in range(m.start, m.end)}
    if not violent:
        return
    for m in members:
        if _family(m) != "protest":
            continue
        tok = _top_token(doc, m)
        gov = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head  # "fired on protesters"
        if gov.i not in violent or gov.i == tok.i:
            continue
        if tok.dep_ in ("dobj", "nsubjpass", "pobj"):
            scores["+intervention"] = scores.get("+intervention", 0.0) + W["protest_target_cue"]
        elif tok.dep_ == "nsubj":
            scores["+violent"] = scores.get("+violent", 0.0) + W["protest_agent_cue"]
        return


def _crowd(actor1) -> bool:
    """Whether the agent is a crowd (``crowd_agents``): "crowds", "an angry mob"."""
    if actor1 is None or not actor1.name:
        return False
    head = actor1.name.lower().split()[-1]
    return head in CROWD_AGENTS or head.rstrip("s") in CROWD_AGENTS


def _state_agent(actor1, sent: SpacySpan) -> bool | None:
    """True when the agent is a state force, False when it is a non-state group, None when unknown."""
    if actor1 is None:
        return None
    category = actor1.category or ""
    if actor1.inter in KNOWN_INTERS or category.startswith(STATE_CATEGORIES):
        return actor1.inter in STATE_INTERS or category.startswith(STATE_CATEGORIES)
    mention = actor1.mention
    if any(w in actor1.name.lower().split() for w in STATE_WORDS) or (mention is not None and mention.kind == "state"):
        return True
    if mention is not None and mention.canonical and actor1.country:
        return mention.kind == "state"
    if mention is None and _is_state_name(actor1.name, sent):
        return True
    return None


def _routine_passive(tok: Token) -> bool:
    """Whether a change to group/activity is told by a deployment verb in the passive with no agent: "army troops
    were deployed in some of Cairo's suburbs" is a routine security measure, not a notable change (ACLED codebook);
    "the army deployed battalions" and "forces were deployed by the government" name who changed what."""
    if tok.lemma_.lower() not in ROUTINE_PASSIVE or tok.tag_ != "VBN":
        return False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or tok.dep_ in ("acl", "relcl")
    return passive and not any(c.dep_ == "agent" for c in tok.children)


def _main_trigger(members: list[Match], sub: str) -> Match:
    """The trigger that best stands for the chosen type: the heaviest of that type or a pseudo-class."""
    for m in sorted(members, key=lambda m: -m.weight):
        if m.cls == sub or m.cls.startswith("@"):
            return m
    return members[0]


@stages.register("wirecoder.events.v1")
def make_events(
    config: dict,
    *,
    extra_lexicons: list[str] | None = None,
    min_score: float = 1.0,
    merge_across_sentences: bool = False,
    method: str = "rules",
) -> DetectEvents:
    """Factory for the events stage (see :class:`DetectEvents` for settings)."""
    return DetectEvents(
        config,
        extra_lexicons=extra_lexicons,
        min_score=min_score,
        merge_across_sentences=merge_across_sentences,
        method=method,
    )
