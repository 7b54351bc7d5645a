"""Event arguments: actor1 (agent) and actor2 (target or victim) from the dependency parse.

Starting from the trigger, the agent is looked for as the active subject, the
passive ``by``-agent, or the modifiers of an instrument noun ("killed in a
coalition airstrike", "the army's shelling"); the target as the object, the
passive subject, or ``on``/``against`` phrases. A role's token subtree is then
matched to ``article.mentions.actors`` (named, knowledge-base actors first,
nearest first); where no mention covers it, a group noun ("civilians",
"protesters") becomes an actor without a canonical name.

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Token

from .. import lookups
from ..analysis.spans import subtree_chars, tree_depth
from ..doc import ActorMention, EventActor
from ..mentions.places import DATELINE_REACH, in_dateline_head

LEXICON = "lexicons/events.en.toml"
#: Dependency labels of a verb's agent.
AGENT_DEPS = ("nsubj", "csubj")
#: Prepositions that lead to the target: "an attack on the base".
TARGET_PREPS = lookups.words(LEXICON, "arguments.target_preps")
#: Prepositions that lead to both sides: "clashes between troops and rebels".
BETWEEN = lookups.words(LEXICON, "arguments.between_preps")
#: Participles whose "by" phrase names a role's support, not the role ("troops backed by air strikes").
SUPPORT_PARTICIPLES = lookups.words(LEXICON, "detect.support_participles")
#: Place nouns ("border", "town", "region"): a country named in their phrase locates them, it is no actor.
GEO_HEADS = lookups.words("lexicons/places.en.toml", "location.geo_nouns")
#: Prepositions after a nominal trigger that lead to the agent: "shelling by the army".
AGENT_PREPS = lookups.words(LEXICON, "arguments.agent_preps")
#: Prepositions that lead to an instrument phrase naming the agent: "killed in a coalition airstrike".
INSTRUMENT_PREPS = lookups.words(LEXICON, "arguments.instrument_preps")
#: Quantity words whose "of" phrase holds the actor: "dozens of militants".
QUANT_HEADS = lookups.words(LEXICON, "arguments.quant_heads")
#: Words that never stand for an actor on their own (pronouns, sources, places).
NOT_ACTORS = lookups.words(LEXICON, "arguments.not_actors")
#: Event nouns whose possessor is the victim when no "of" phrase names one ("Romero's murder").
PATIENT_NOUNS = lookups.words(LEXICON, "arguments.patient_nouns")
#: Prepositions whose object is the one a patient noun happened to: "the murder of the minister".
PATIENT_PREPS = lookups.words(LEXICON, "arguments.patient_preps")
#: Patient nouns whose "of" object is not taken as the victim (arrests named as demanded or warranted).
PATIENT_OF_EXCLUDED = lookups.words(LEXICON, "arguments.patient_of_excluded")
#: Named-entity labels of an "of" object that is a place, not a victim: "the capture of Kabul".
PLACE_ENTITIES = lookups.words(LEXICON, "arguments.place_entity_types")
#: Pronouns that may stand for the subject of the reporting verb above them ("X claims it attacked").
GROUP_PRONOUNS = lookups.words(LEXICON, "arguments.group_pronouns")
#: Named-entity labels that are never an actor.
NOT_ACTOR_ENTITIES = lookups.words(LEXICON, "arguments.not_actor_entity_types")
#: Nouns (lemmas) that stand for people or groups of people.
PERSON_NOUNS = lookups.words(LEXICON, "arguments.person_nouns")
#: Group nouns that name the agent as a modifier of a nominal trigger: "police firing".
ACTOR_NOUNS = lookups.words(LEXICON, "arguments.actor_nouns")
#: Verbs whose subject is the agent of an event noun they govern ("troops launched an offensive").
EVENT_VERBS = lookups.words(LEXICON, "arguments.event_verbs")
#: Verbs whose subject is the victim: "two brothers died in police firing".
VICTIM_SUBJECT = lookups.words(LEXICON, "arguments.victim_subject")
#: Verbs whose coordinated subject names both sides ("the army and the militia clashed").
RECIPROCAL_VERBS = lookups.words(LEXICON, "arguments.reciprocal_verbs")
#: Verbs that carry a nominal trigger's arguments: "carried out a raid", "staged a rally".
LIGHT_VERBS = lookups.words(LEXICON, "arguments.light_verbs")
#: Inter codes of the actors a relative pronoun is read as ("the army, which murdered ..."): the armed sides.
RELATIVE_INTERS = frozenset(lookups.word_list(LEXICON, "arguments.relative_antecedent_inters"))
#: Verbs of harm whose patient is a victim of the event (see :func:`harm_victim`).
HARM_VERBS = lookups.words(LEXICON, "arguments.harm_verbs")
#: Quantity pronouns that head a partitive phrase ("some of his bodyguards"), see :func:`_partitive_heads`.
PARTITIVE_HEADS = lookups.words(LEXICON, "arguments.partitive_heads")
#: Search limits and mention ranks (``data/weights/events.toml``).
#: Verbs of saying: what a trigger is the (misparsed) subject of such a verb is told to, not hit ("A drone strike
#: killed 20 people ..., residents told Reuters" parsed with "strike" as the subject of "told").
REPORTING = lookups.words("lexicons/speech.en.toml", "verbs.neutral", "verbs.stance")
NO_SUBJECT_PREPS = lookups.words(LEXICON, "arguments.no_subject_preps")
W = lookups.weights("events")["arguments"]
RANK = W["rank"]


def _mentions_in(
    tok: Token, mentions: list[ActorMention], exclude: tuple[int, int] | None = None
) -> list[ActorMention]:
    start, end = subtree_chars(tok)
    h0, h1 = tok.idx, tok.idx + len(tok.text)
    out = [m for m in mentions if (m.start >= start and m.end <= end) or (m.start <= h0 and h1 <= m.end)]
    if exclude:
        out = [m for m in out if m.end <= exclude[0] or m.start >= exclude[1]]
    return out


def _mention_rank(covers: bool, named: bool, generic: bool, dist: int) -> int:
    """The rank of an actor mention for a role (lower is better).

    covers (bool): the mention names the role's head word.
    named (bool): the mention has a canonical name and is not a bare group noun.
    generic (bool): the mention is a bare group noun ("militants").
    dist (int): how many parse levels below the role's head word the mention sits.
    """
    if covers and not generic:
        return RANK["head_mention"]
    if named and dist <= W["near_named_depth"]:
        return RANK["near_named"]  # "militants of the Islamic State": the name close by beats the group noun
    if covers:
        return RANK["head_generic"]
    return RANK["far_named"] if named else RANK["other"]


def _rank(tok: Token, cands: list[ActorMention]) -> ActorMention | None:
    """The best actor mention for the role headed by ``tok``: by rank, then parse distance, then text order."""
    if not cands:
        return None
    doc = tok.doc
    base = tree_depth(tok, limit=W["depth_limit"])
    # "dozens of supporters": the quantity's "of" noun is who the role's people are
    head = _partitive_heads(tok)[0]
    head_start, head_end = head.idx, head.idx + len(head.text)

    def key(m: ActorMention):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        dist = (tree_depth(span.root, limit=W["depth_limit"]) - base) if span is not None else W["unaligned_depth"]
        covers = m.start <= head_start and head_end <= m.end
        named = m.canonical is not None and m.kind != "generic"
        return (_mention_rank(covers, named, m.kind == "generic", dist), dist, m.start)

    return sorted(cands, key=key)[0]


def _fallback(tok: Token) -> EventActor | None:
    """A group noun or named phrase when no actor mention covers the role."""
    if tok.lower_ in QUANT_HEADS or tok.pos_ == "NUM":
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for p in child.children:
                    if p.dep_ == "pobj":
                        return _fallback(p)
        return None
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in NOT_ACTORS:
        return None
    if tok.ent_type_ in NOT_ACTOR_ENTITIES:
        return None
    lemma = tok.lemma_.lower()
    if not (
        lemma in PERSON_NOUNS
        or lemma.rstrip("s") in PERSON_NOUNS
        or (tok.pos_ == "PROPN" and tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))
    ):
        return None  # not recognisably a person or group: "the road", "power", "casualties"
    parts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "NOUN", "ADJ")]
    start = min([tok.i] + [p.left_edge.i for p in parts])  # "a 17-year-old Palestinian": the whole modifier
    text = tok.doc[start : tok.i + 1].text
    return EventActor(name=text)


def _reporter(pron: Token, mentions: list[ActorMention]) -> ActorMention | None:
    """The actor a group pronoun stands for when its clause is what that actor says, claims or denies:
    "the FMLN claims it seized the estate" (it = the FMLN), "the army said its troops killed five" (its =
    the army's). The reporting verb is the head of the pronoun's clause (``ccomp``), reached through
    coordinated verbs; its subject must be an actor mention (not "officials", not another pronoun)."""
    if pron.lower_ not in GROUP_PRONOUNS:
        return None
    verb = pron.head if pron.dep_ != "poss" else pron.head.head
    for _ in range(W["subject_climb_steps"]):
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ != "ccomp" or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        subj = _child(verb.head, "nsubj")
        if subj is not None and _in_dateline(subj):
            subj = _past_dateline(subj)  # "KHARTOUM, Dec 2 (Reuters) - Sudan's army said its forces ...": two subjects
        if subj is None or subj.pos_ == "PRON":
            return None
        best = _rank(subj, _mentions_in(subj, mentions))
        # "it", "they" stand for a group, never for one person: in '"They threw explosives at the station," police
        # director William Salamanca said', "they" are the attackers the speaker tells of
        return best if best is None or best.kind != "person" else None
    return None


def actor_from(
    tok: Token | None, mentions: list[ActorMention], exclude: tuple[int, int] | None = None
) -> EventActor | None:
    """The actor a role token stands for: an actor mention in its subtree, else the group a pronoun stands
    for in a report of its own deeds (:func:`_reporter`), else a group noun. A relative pronoun stands for
    the armed group its clause modifies (:func:`_relative_antecedent`)."""
    if tok is not None:
        tok = _relative_antecedent(tok, mentions)
    if tok is not None and _in_dateline(tok):
        tok = _past_dateline(tok)
    if tok is None:
        return None  # "CAIRO (AP) — Hundreds of thousands marched": the parse's subject is where the report was filed
    if exclude is None:
        exclude = _support_phrase(tok)
    best = _rank(tok, _mentions_in(tok, mentions, exclude))
    if best is not None and _far_place(tok, best):
        best = None
    if best is None or best.kind == "generic":
        # "it attacked", "its fighters killed": the group the pronoun stands for beats a bare group noun
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        pron = tok if tok.pos_ == "PRON" else owner
        reporter = None
        if pron is not None and W["resolve_pronouns"]:
            reporter = _reporter(pron, mentions)
        # a state force named by its noun ("The army said its forces had repelled ...") is as definite as a name
        if reporter is not None and (reporter.kind != "generic" or (reporter.inter == 1 and reporter.canonical)):
            return EventActor.of(reporter)
    if best is not None:
        return EventActor.of(best)
    return _fallback(tok)


def support_participle(tok: Token) -> bool:
    """Whether a word is a participle of support modifying a noun ("troops backed by ...", "fighters supported by
    ..."; ``detect.support_participles``): its "by" phrase names the support, neither the event nor its agent."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.lemma_.lower() in SUPPORT_PARTICIPLES


def _support_phrase(tok: Token) -> tuple[int, int] | None:
    """The characters of a participle phrase naming the support a role had ("Kurdish-led fighters supported by
    coalition air strikes"): the supporter is not the role."""
    for c in tok.children:
        if support_participle(c) and any(g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ == "by")
                                         for g in c.children):
            return subtree_chars(c)
    return None


def _far_place(tok: Token, m: ActorMention) -> bool:
    """Whether an actor mention is a place name deep inside the role's phrase ("captured the town of Laukkai on
    Myanmar's border with China"): a country named there locates the role's head, it does not act or suffer."""
    span = tok.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.root.ent_type_ not in PLACE_ENTITIES or m.start <= tok.idx < m.end:
        return False
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in GEO_HEADS:
        return True  # "on the border with Venezuela", "in a village near Syria": the place locates the noun
    depth = tree_depth(span.root, limit=W["depth_limit"]) - tree_depth(tok, limit=W["depth_limit"])
    return depth > W["near_named_depth"]


def _relative_antecedent(tok: Token, mentions: list[ActorMention]) -> Token:
    """The noun a relative pronoun stands for when that noun names an armed actor: "the Salvadoran army, which
    murdered their colleagues" (which = the army), "the terrorists who attacked the police station" (who =
    the terrorists). A relative pronoun is the subject or object of a relative clause (``relcl``) and refers
    to the noun that clause modifies; only an antecedent an armed actor's mention covers (inter
    ``arguments.relative_antecedent_inters``) is taken, as "which"/"that" more often stand for the event
    itself ("bombings that killed 44 people") and "who" for the people it happened to. The clause must tell
    a past deed (a past or perfect verb): a present one characterises the group ("the police who kidnap,
    torture and murder", "a regime which is bombing the population") and tells no event of its own."""
    if tok.tag_ not in ("WP", "WDT") or tok.head.dep_ != "relcl" or tok.head.tag_ not in ("VBD", "VBN"):
        return tok
    noun = tok.head.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return tok
    h0, h1 = noun.idx, noun.idx + len(noun.text)
    armed = any(m.start <= h0 and h1 <= m.end and m.inter in RELATIVE_INTERS for m in mentions)
    return noun if armed else tok


def _in_dateline(tok: Token) -> bool:
    """Whether a token lies in the story's dateline head ("CAIRO (AP) —"), read before the sentence it opens."""
    return tok.idx < DATELINE_REACH and in_dateline_head(tok.doc[: tok.sent.end].text, tok.idx)


def _past_dateline(tok: Token) -> Token | None:
    """The sentence's own role word when the parse took the dateline for it: the phrase it set in apposition to
    the dateline's place ("KABUL (Reuters) - Members of the Taliban attacked": "Members" hangs on KABUL as an
    apposition), or a second subject of the same verb ("KABUL -- Members of the Taliban attacked": two subjects);
    None when the sentence names no other (the dateline itself is no actor)."""
    for c in tok.children:
        if c.dep_ == "appos" and not _in_dateline(c):
            return c
    if tok.dep_ in ("nsubj", "nsubjpass"):
        for c in tok.head.children:
            if c.dep_ == tok.dep_ and c.i != tok.i and not _in_dateline(c):
                return c
    return None


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _prep_obj(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            p = _child(c, "pobj")
            if p is not None:
                return p
    return None


def _modifier_actor(noun: Token, mentions: list[ActorMention], trigger_chars: tuple[int, int]) -> EventActor | None:
    """Agent named inside a nominal trigger: "a US-led coalition airstrike", "the army's shelling"."""
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and c.i < noun.i]
    by = _prep_obj(noun, AGENT_PREPS)
    if mods:
        left = min(m.left_edge.idx for m in mods)
        inside = [
            m
            for m in mentions
            if m.start >= left and m.end <= noun.idx and not (m.start < trigger_chars[1] and trigger_chars[0] < m.end)
        ]
        if inside:
            best = max(inside, key=lambda m: (m.end, m.canonical is not None))
            return EventActor.of(best)
    for m in mods:
        a = actor_from(m, mentions, exclude=trigger_chars)
        if a is not None and (a.mention is not None or m.dep_ == "poss" or m.pos_ == "PROPN" or m.ent_type_):
            return a
    for m in mods:
        if m.dep_ == "compound" and m.pos_ == "NOUN" and m.lemma_.lower() in ACTOR_NOUNS:
            a = actor_from(m, mentions, exclude=trigger_chars)
            if a is not None:
                return a
    if by is not None:
        return actor_from(by, mentions)
    return None


def _instrument_agent(verb: Token, mentions: list[ActorMention], t_chars: tuple[int, int]) -> EventActor | None:
    """The agent named in an instrument phrase: "killed in a coalition airstrike", "died in police firing"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in INSTRUMENT_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    a = _modifier_actor(p, mentions, t_chars)
                    if (
                        a is None
                        and any(k.dep_ in ("acl", "relcl") for k in p.children)
                        and (p.lemma_.lower() in ACTOR_NOUNS)
                    ):
                        a = actor_from(p, mentions)  # "in police firing" parsed as police + acl firing
                elif p.dep_ == "pcomp":  # "in police firing" parsed as a verb
                    a = actor_from(_child(p, "nsubj", "compound"), mentions) or _modifier_actor(p, mentions, t_chars)
                else:
                    continue
                if a is not None:
                    return a
    return None


def _is_nominal(trigger: Token) -> bool:
    """True for a trigger that is not a verb ("the airstrike", "clashes")."""
    return trigger.pos_ in ("NOUN", "PROPN") or not (trigger.pos_ == "VERB" or trigger.tag_.startswith("VB"))


def _pair_roles(
    trigger: Token, mentions: list[ActorMention], a1: EventActor | None, a2: EventActor | None
) -> tuple[EventActor | None, EventActor | None]:
    """Both sides named by "between"/"with": "clashes between troops and rebels" (roles not yet filled)."""
    pair = _prep_obj(trigger, BETWEEN)
    if pair is None:
        for c in trigger.children:
            if c.dep_ in ("acl", "relcl"):
                pair = _prep_obj(c, BETWEEN)
                if pair is not None:
                    break
    if pair is None:
        return a1, a2
    first = actor_from(pair, mentions)
    conj = _child(pair, "conj")
    if a1 is None:
        a1 = first
    if conj is not None and a2 is None:
        a2 = actor_from(conj, mentions)
    elif a2 is None and first is not None and a1 is not first:
        a2 = first
    return a1, a2


def _nominal_roles(
    trigger: Token, mentions: list[ActorMention], t_chars: tuple[int, int]
) -> tuple[EventActor | None, EventActor | None]:
    """The roles a nominal trigger names itself: its modifiers and its "on"/"against" and "between" phrases."""
    a1 = _modifier_actor(trigger, mentions, t_chars)
    tgt = _prep_obj(trigger, TARGET_PREPS)
    a2 = actor_from(tgt, mentions) if tgt is not None else None
    if a2 is None:
        a1, a2 = _patient_of(trigger, mentions, a1)
    owner = _child(trigger, "poss")
    if (
        owner is not None
        and W["patient_possessors"]
        and trigger.lemma_.lower() in PATIENT_NOUNS
        and _prep_obj(trigger, frozenset({"of"})) is None
    ):
        # "Romero's murder": the possessor is the one it happened to
        start, end = subtree_chars(owner)
        if a1 is not None and (
            (a1.mention is not None and start <= a1.mention.start and a1.mention.end <= end)
            or (a1.mention is None and a1.name == owner.doc[owner.left_edge.i : owner.i + 1].text)
        ):
            a1 = None
        if a2 is None:
            a2 = actor_from(owner, mentions)
    return _pair_roles(trigger, mentions, a1, a2)


def _patient_of(
    trigger: Token, mentions: list[ActorMention], a1: EventActor | None
) -> tuple[EventActor | None, EventActor | None]:
    """The victim of a patient noun named in its ``of`` phrase: "the murder of Presidency Minister Antonio
    Rodriguez Porth", "the kidnapping of two engineers". A patient noun (``arguments.patient_nouns``) denotes
    what happened to someone, so its ``of`` object is the one it happened to (the objective genitive), never the
    agent; the agent comes from a possessor or a ``by`` phrase ("the army's killing of civilians", "the murder
    of the priests by soldiers"), and a ``by`` agent inside the phrase is never taken for the victim. A place
    in the phrase ("the capture of Kabul") is no victim, and arrests (``patient_of_excluded``) name no arrestee
    here: reports name them as demanded or warranted ("demands include the arrest of X") more often than as
    done."""
    lemma = trigger.lemma_.lower()
    if not W["patient_of_phrase"] or lemma not in PATIENT_NOUNS or lemma in PATIENT_OF_EXCLUDED:
        return a1, None
    obj = _prep_obj(trigger, PATIENT_PREPS)
    if obj is None or obj.ent_type_ in PLACE_ENTITIES:
        return a1, None
    agent = next((t for t in obj.subtree if t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by")), None)
    # "the assassination of the six Jesuit priests perpetrated ... by the Salvadoran Army": no victim
    a2 = actor_from(obj, mentions, exclude=subtree_chars(agent) if agent is not None else None)
    if a2 is not None and a1 is not None and a1.mention is not None and a1.mention is a2.mention:
        a1 = None  # one mention is not both sides: the one it happened to is no agent
    return a1, a2


def _carrying_verb(trigger: Token, trigger_idx: frozenset[int] | set[int]) -> Token | None:
    """The verb whose prepositional phrase holds a nominal trigger and that carries its arguments:
    "killed in an airstrike", "carried out in a raid"; not "reacted to the attack"."""
    head = trigger.head
    if (
        trigger.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.head.pos_ in ("VERB", "AUX")
        and (head.head.i in trigger_idx or head.head.lemma_.lower() in LIGHT_VERBS | EVENT_VERBS)
    ):
        return head.head
    return None


def _governing_verb_roles(
    trigger: Token,
    mentions: list[ActorMention],
    trigger_idx: frozenset[int] | set[int],
    a1: EventActor | None,
    a2: EventActor | None,
) -> tuple[EventActor | None, EventActor | None]:
    """Roles from the verb a nominal trigger is the object or subject of: "troops launched an offensive",
    "the attack hit a convoy"; not "condemned the attack"."""
    head = trigger.head
    if trigger.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS and a1 is None:
        a1 = actor_from(_child(head, *AGENT_DEPS), mentions)
    if trigger.dep_ in ("nsubj", "nsubjpass") and a2 is None and head.lemma_.lower() not in REPORTING:
        obj = _child(head, "dobj") or _prep_obj(head, TARGET_PREPS)
        a2 = actor_from(obj, mentions) if obj is not None else None
    if trigger.dep_ == "dobj" and a1 is None and (head.i in trigger_idx or head.lemma_.lower() in EVENT_VERBS):
        a1 = actor_from(_child(head, *AGENT_DEPS), mentions)
    return a1, a2


def _subject(verb: Token) -> Token | None:
    """A verb's subject, or that of the verb it is coordinated with or depends on
    ("troops entered the town and killed five", "blocked it by bombing the road")."""
    subj = _child(verb, *AGENT_DEPS)
    up = verb
    for _ in range(W["subject_climb_steps"]):
        if subj is not None or up.head.i == up.i or up.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "prep"):
            break
        if up.dep_ == "pcomp" and up.head.lower_ in NO_SUBJECT_PREPS:
            break
        up = up.head
        subj = _child(up, *AGENT_DEPS)
        report = _child(up, "ccomp") if up.lemma_.lower() in REPORTING else None
        if report is not None:
            # "Gunmen ... abducted 25 students, police said, killing a staff member": a participle hung on the
            # verb of saying tells more of what was reported; its subject is the reported clause's
            subj = _child(report, *AGENT_DEPS)
    return subj


def _passive_victim(verb: Token) -> Token | None:
    """The patient of a passive verb: its passive subject, the noun it modifies ("civilians killed in the
    raid"), or the subject of the verb it is coordinated with (also when the parser misattaches them)."""
    victim = _child(verb, "nsubjpass")
    if victim is None and verb.dep_ in ("acl", "relcl"):
        victim = verb.head
    up = verb
    for _ in range(W["victim_climb_steps"]):
        if victim is not None or up.dep_ != "conj" or up.head.i == up.i:
            break
        up = up.head
        victim = _child(up, "nsubjpass", "nsubj")
    if victim is None:
        # A reduced relative read as an adverbial clause: "[militants linked to the convoy] were killed"
        # parsed with "linked" as a clause of "killed" holding the subject.
        for c in verb.children:
            if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i < verb.i:
                victim = _child(c, "nsubj", "nsubjpass")
                if victim is not None:
                    break
    return victim


def _verbal_roles(
    verb: Token, mentions: list[ActorMention], t_chars: tuple[int, int], a1: EventActor | None, a2: EventActor | None
) -> tuple[EventActor | None, EventActor | None]:
    """Fill the roles still empty from a verbal trigger (or the verb a nominal trigger hangs from)."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        if a2 is None:
            a2 = actor_from(_passive_victim(verb), mentions)
        agent = _child(verb, "agent")
        if agent is not None and a1 is None:
            a1 = actor_from(_child(agent, "pobj"), mentions)
        if a1 is None:
            a1 = _instrument_agent(verb, mentions, t_chars)
    elif verb.lemma_.lower() in VICTIM_SUBJECT:
        # "two brothers died in police firing": the subject is the victim
        if a2 is None:
            a2 = actor_from(_subject(verb), mentions)
        if a1 is None:
            a1 = _instrument_agent(verb, mentions, t_chars)
    else:
        subject = _subject(verb)
        if a1 is None:
            a1 = actor_from(subject, mentions)
        if a2 is None and subject is not None and verb.lemma_.lower() in RECIPROCAL_VERBS:
            other = _child(subject, "conj")
            a2 = actor_from(other, mentions) if other is not None else None
        if a2 is None:
            obj = _child(verb, "dobj")
            a2 = actor_from(obj if obj is not None else _prep_obj(verb, TARGET_PREPS), mentions)
    return a1, a2


def find_actors(
    trigger: Token, mentions: list[ActorMention], trigger_idx: frozenset[int] | set[int] = frozenset()
) -> tuple[EventActor | None, EventActor | None]:
    """actor1 and actor2 for the event mention whose main trigger is ``trigger``.

    A verbal trigger's roles come from its subject, object and passive agent; a nominal trigger's
    from its own modifiers and phrases first, then from the verb that carries it.

    trigger (Token): the trigger's head token.
    mentions (list[ActorMention]): the article's actor mentions.
    trigger_idx (set[int]): token indices of the mention's other triggers (a verb among them may carry
        the arguments of a nominal trigger: "killed in an airstrike").
    RETURNS (tuple): (actor1, actor2), either may be None.
    """
    trigger = _carrier(trigger, trigger_idx)
    a1, a2 = _roles(trigger, mentions, trigger_idx)
    if a1 is None:
        a1, a2 = _trigger_agent(trigger, mentions, trigger_idx, a2)
    return a1, a2


def is_harm_verb(tok: Token) -> bool:
    """Whether a token is a verb of harm (``arguments.harm_verbs``: "wounded", "injuring", "killed")."""
    return tok.lemma_.lower() in HARM_VERBS and (tok.pos_ == "VERB" or tok.tag_.startswith("VB"))


def harmed_by(verb: Token, mentions: list[ActorMention]) -> EventActor | None:
    """The people a verb of harm says were hurt: its object ("wounding two women") or passive subject ("two more
    people were seriously wounded"); None for any other word."""
    if not is_harm_verb(verb):
        return None
    patient = _child(verb, "dobj", "nsubjpass")
    return actor_from(patient, mentions) if patient is not None else None


def harm_victim(head: Token, mentions: list[ActorMention]) -> EventActor | None:
    """The victim a verb of harm tied to the event's clause names, for an event whose main trigger names none:
    the object of a participle clause ("gunmen attacked a checkpoint, wounding two women and a child"; "...,
    damaging a residence and wounding a woman") or the passive subject of the clause the event's "when" clause
    hangs on ("eight Soviet citizens were injured when a bomb exploded") (:func:`harmed_by`). Those hurt by an
    attack are its target, ACLED's actor2. ``head``: the verb heading the event trigger's clause."""
    verbs = [c for c in head.children if c.dep_ in ("advcl", "xcomp", "conj")]
    verbs += [c for v in list(verbs) for c in v.conjuncts]
    if head.dep_ == "advcl":
        verbs.append(head.head)
    for verb in verbs:
        victim = harmed_by(verb, mentions)
        if victim is not None:
            return victim
    return None


def member_patients(doc, tops: list[Token], anchor: Token, mentions: list[ActorMention]) -> list[EventActor]:
    """The victims named in the ``of`` phrases of the mention's other patient nouns: "connected to the car bomb
    attack on El Espectador ... and to the murder of Dr Teofilo Forero Castro, his wife, and two other people"
    is one event mention whose arguments come from its first trigger; the people the later "murder" happened
    to are on the target side too (ACLED's assoc_actor_2), with their conjuncts."""
    out: list[EventActor] = []
    for tok in tops:
        if tok.i == anchor.i or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        _, victim = _patient_of(tok, mentions, None)
        if victim is not None:
            out += [victim, *coordinated_actors(doc, victim, mentions)]
    return out


def coordinated_actors(doc, actor: EventActor | None, mentions: list[ActorMention]) -> list[EventActor]:
    """The actors coordinated with ``actor`` in the parse, each the best mention of its conjunct: "killed a
    judge and his two bodyguards", "kidnapped the mayor, a councillor and two engineers" give the others
    beside the one that fills the role (ACLED's associated actors of that side)."""
    if actor is None or actor.mention is None or not W["coordinated_actors"]:
        return []
    span = doc.char_span(actor.mention.start, actor.mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    head = span.root
    out: list[EventActor] = []
    seen = {(actor.mention.start, actor.mention.end)}
    for conj in _coordinated(head):
        if span.start <= conj.i < span.end:
            continue  # a conjunct inside the mention itself ("Hamas and Islamic Jihad" as one name)
        left, right = conj.left_edge.idx, conj.idx + len(conj.text)  # the conjunct's phrase up to its head
        best = _rank(conj, [m for m in mentions if m.start <= conj.idx < m.end or (left <= m.start and m.end <= right)])
        if best is None or (best.start, best.end) in seen:
            continue
        if actor.mention.kind in ("group", "state") and best.canonical == actor.mention.canonical:
            continue  # "Hezbollah, the Iran-backed group": the same organisation named again
        seen.add((best.start, best.end))
        out.append(EventActor.of(best))
    return out


def _coordinated(head: Token) -> list[Token]:
    """The heads of the phrases beside an actor's: its conjuncts ("a judge and his two bodyguards") and, where
    ``appositive_actors`` is on, its appositions, which describe the same people otherwise ("Dolores Hinostroza,
    the mayor of Mulqui district"; "a nun, Diana Mack Ortiz"), with their conjuncts."""
    found = list(head.conjuncts)
    if W["appositive_actors"]:
        for app in [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else []):
            found += [app, *app.conjuncts]
    if W["partitive_conjuncts"]:
        found = [p for t in found for p in _partitive_heads(t)]
    return [t for t in found if t.i != head.i]


def _partitive_heads(tok: Token) -> list[Token]:
    """The people a partitive conjunct names: in "four other priests and one of their employees and her child"
    the number "one" heads the conjunct in the parse, while the noun of its "of" phrase ("employees", with that
    noun's own conjunct "child") says who was harmed; the conjunct's phrase ends at its head, so that noun was never
    looked at. A quantity word (a number, ``quant_heads``, ``partitive_heads``) with an "of" phrase gives that
    noun and its conjuncts; any other token is returned as is."""
    if not (tok.lower_ in QUANT_HEADS or tok.pos_ == "NUM" or tok.lower_ in PARTITIVE_HEADS):
        return [tok]
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = _child(of, "pobj") if of is not None else None
    return [pobj, *pobj.conjuncts] if pobj is not None else [tok]


def _carrier(trigger: Token, trigger_idx: frozenset[int] | set[int]) -> Token:
    """The word that carries a trigger's arguments: the verb of a particle the trigger was anchored at ("blew
    up" at "up"), the event noun a trigger word modifies ("a dynamite attack on the mayor's house")."""
    if trigger.dep_ in ("prt", "amod", "compound") and trigger.head.i != trigger.i and trigger.head.i in trigger_idx:
        return trigger.head
    return trigger


def _roles(
    trigger: Token, mentions: list[ActorMention], trigger_idx: frozenset[int] | set[int]
) -> tuple[EventActor | None, EventActor | None]:
    """actor1 and actor2 from the trigger's own parse (see :func:`find_actors`)."""
    t_chars = (trigger.idx, trigger.idx + len(trigger.text))
    if not _is_nominal(trigger):
        return _verbal_roles(trigger, mentions, t_chars, None, None)
    a1, a2 = _nominal_roles(trigger, mentions, t_chars)
    verb = _carrying_verb(trigger, trigger_idx)
    if verb is not None:
        return _verbal_roles(verb, mentions, t_chars, a1, a2)
    if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX"):
        return _governing_verb_roles(trigger, mentions, trigger_idx, a1, a2)
    return a1, a2


def _trigger_agent(
    trigger: Token, mentions: list[ActorMention], trigger_idx: frozenset[int] | set[int], a2: EventActor | None
) -> tuple[EventActor | None, EventActor | None]:
    """The ``by`` agent of another trigger word of the same event mention that is a passive participle (or the
    complement of one): "to evacuate the 20 persons being held hostage by the FMLN" (the agent of "held", which
    the object phrase of "evacuate" holds, is actor1, not actor2)."""
    doc = trigger.doc
    for i in sorted(trigger_idx):
        tok = doc[i]
        if tok.i == trigger.i or not (tok.tag_ == "VBN" or (tok.head.tag_ == "VBN" and tok.head.i in trigger_idx)):
            continue
        by = next((c for c in tok.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")), None)
        a1 = actor_from(_child(by, "pobj"), mentions) if by is not None else None
        if a1 is None:
            continue
        if a2 is not None and a1.mention is not None and a2.mention is a1.mention:
            part = tok if tok.tag_ == "VBN" else tok.head
            a2 = actor_from(part.head, mentions, exclude=subtree_chars(by)) if part.dep_ in ("acl", "relcl") else None
        return a1, a2
    return None, a2
